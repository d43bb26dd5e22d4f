package server_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"sigap/internal/calendar"
	"sigap/internal/identity"
	"sigap/internal/protection"
	"sigap/internal/store"
	"sigap/internal/testserver"
)

func openProtectionCase(t *testing.T, env *testserver.Env, a store.Actor, tenantID int64, reported time.Time) store.ProtectionCase {
	t.Helper()
	c, err := env.Store.OpenProtectionCase(t.Context(), a, tenantID, store.ProtectionInput{
		Via: protection.ViaWalkIn,
		Incident: protection.Incident{OccurredOn: calendar.DateOf(reported, protection.WIB), ReportedAt: reported, VillageCode: "36.04.05.2001",
			Place: protection.Workplace, Forms: []protection.Form{protection.Sexual}},
		Victims: []protection.Victim{{Name: "Korban Uji", Sex: protection.Female, Age: 30}},
	})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

var shortMonthsID = []string{"", "Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"}

func wibText(t time.Time) string {
	t = t.In(time.FixedZone("WIB", 7*3600))
	return fmt.Sprintf("%02d %s %d %02d:%02d WIB", t.Day(), shortMonthsID[t.Month()], t.Year(), t.Hour(), t.Minute())
}

func wibInput(t time.Time) string {
	return t.In(time.FixedZone("WIB", 7*3600)).Format("2006-01-02T15:04")
}

// The clocks page and the case worker's desk: each clock with its
// article, due time in WIB and time left; the moments recorded through
// the forms, a bad one refused beside its field; only the case's workers
// and the lead see the page; the desk lists one's own cases, clocks and
// services, the lead's the office's totals too; the watch's notification
// leads to the clocks page.
func TestProtectionClocksPages(t *testing.T) {
	eachEngine(t, func(t *testing.T, env *testserver.Env) {
		ctx := t.Context()
		worker := env.AddUser(t, "pendamping.kab", env.Kab.ID, identity.Protection)
		env.AddUser(t, "pendamping.lain", env.Kab.ID, identity.Protection)
		env.AddUser(t, "kepala.ppa", env.Kab.ID, identity.ProtectionLead)
		reported := env.Now().Add(-61 * time.Hour).Truncate(time.Minute)
		c := openProtectionCase(t, env, store.Actor{UserID: worker.ID, TenantID: env.Kab.ID}, env.Kab.ID, reported)
		page := "/protection/" + c.PublicID + "/clocks"

		w := env.Client(t)
		w.SignIn("pendamping.kab")
		res := w.Get(page)
		if res.Status != http.StatusOK {
			t.Fatalf("clocks page: %d", res.Status)
		}
		row := res.Doc.Find("#clock-police_report")
		if due := strings.TrimSpace(row.Find(".due").Text()); due != wibText(reported.Add(72*time.Hour)) {
			t.Errorf("due %q, want %q", due, wibText(reported.Add(72*time.Hour)))
		}
		if st := strings.TrimSpace(row.Find(".state").Text()); !strings.HasPrefix(st, "Sisa 10 jam") || !strings.Contains(row.Text(), "Pasal 41") && !strings.Contains(row.Text(), "Ps 41(3)") {
			t.Errorf("state %q", row.Text())
		}
		if st := res.Text("#clock-temp_protection .state"); !strings.Contains(st, "laporan ke kepolisian") {
			t.Errorf("temporary protection before the police report: %q", st)
		}

		// Nobody else: a worker not on the case, a discipline examiner.
		other := env.Client(t)
		other.SignIn("pendamping.lain")
		if res := other.Get(page); res.Status != http.StatusNotFound {
			t.Errorf("another worker: %d", res.Status)
		}
		if res := other.Post(page, url.Values{"step": {"police_report"}, "at": {wibInput(env.Now())}}); res.Status != http.StatusNotFound {
			t.Errorf("another worker recorded: %d", res.Status)
		}
		ex := env.Client(t)
		ex.SignIn("examiner.kab")
		if res := ex.Get(page); res.Status != http.StatusForbidden {
			t.Errorf("an examiner: %d", res.Status)
		}

		// A time that has not come is refused beside its field.
		res = w.Post(page, url.Values{"step": {"police_report"}, "at": {wibInput(env.Now().Add(2 * time.Hour))}})
		if res.Status != http.StatusUnprocessableEntity || !strings.Contains(res.Text("#step-police_report .field-error"), "belum terjadi") ||
			res.Text("#step-lpsk_request .field-error") != "" {
			t.Fatalf("a future time: %d %q", res.Status, res.Text(".field-error"))
		}
		if res := w.Post(page, url.Values{"step": {"police_report"}, "at": {"kemarin"}}); res.Status != http.StatusUnprocessableEntity {
			t.Errorf("an unreadable time: %d", res.Status)
		}
		police := env.Now().Add(-time.Hour).Truncate(time.Minute)
		res = w.Post(page, url.Values{"step": {"police_report"}, "at": {wibInput(police)}})
		if res.Status != http.StatusSeeOther || res.Location != page {
			t.Fatalf("police report: %d %s", res.Status, res.Text(".field-error"))
		}
		res = w.Get(page)
		if st := res.Text("#clock-police_report .state"); !strings.Contains(st, "Dipenuhi "+wibText(police)) || strings.Contains(st, "melewati") {
			t.Errorf("met in time: %q", st)
		}
		if due := res.Text("#clock-temp_protection .due"); due != wibText(police.Add(24*time.Hour)) {
			t.Errorf("temporary protection due %q", due)
		}
		// Temporary protection of 15 days is refused; the law allows 14.
		from := env.Now().Add(-30 * time.Minute)
		res = w.Post(page, url.Values{"step": {"temp_protection"}, "at": {wibInput(from)}, "until": {wibInput(from.Add(15 * 24 * time.Hour))}})
		if res.Status != http.StatusUnprocessableEntity || !strings.Contains(res.Text("#step-temp_protection .field-error"), "14 hari") {
			t.Errorf("15 days: %d %q", res.Status, res.Text(".field-error"))
		}

		// The desk: my case and its running clock; the other worker's is
		// empty; the lead sees the office.
		desk := w.Get("/protection/dashboard")
		if desk.Status != http.StatusOK || !strings.Contains(desk.Text(".my-cases"), c.Number) || !strings.Contains(desk.Text(".my-clocks"), "Pelindungan sementara") ||
			desk.Doc.Find(".office").Length() != 0 {
			t.Errorf("worker's desk: %d %q", desk.Status, desk.Text(".my-clocks"))
		}
		if !strings.Contains(desk.Text(".my-services"), "Belum ada layanan") {
			t.Errorf("services: %q", desk.Text(".my-services"))
		}
		if d := other.Get("/protection/dashboard"); !strings.Contains(d.Text(".my-cases"), "belum ditugaskan") || !strings.Contains(d.Text(".my-clocks"), "Tidak ada tenggat") {
			t.Errorf("empty desk: %q", d.Text("main"))
		}
		if d := ex.Get("/protection/dashboard"); d.Status != http.StatusForbidden {
			t.Errorf("an examiner's desk: %d", d.Status)
		}
		l := env.Client(t)
		l.SignIn("kepala.ppa")
		if d := l.Get("/protection/dashboard"); d.Text("#office-open") != "1" || d.Text("#office-waiting") != "1" || d.Text("#office-late") != "0" {
			t.Errorf("office totals %q %q %q", d.Text("#office-open"), d.Text("#office-waiting"), d.Text("#office-late"))
		}
		if res := l.Get(page); res.Status != http.StatusOK {
			t.Errorf("the lead: %d", res.Status)
		}

		// Late: the watch tells the worker and the lead; the notification
		// leads to the clocks page and says nothing of the case.
		env.Advance(24 * time.Hour)
		r, err := env.Server.App.WatchProtectionClocks(ctx)
		if err != nil || r.Escalated != 1 {
			t.Fatalf("watch %+v %v", r, err)
		}
		if r, _ := env.Server.App.WatchProtectionClocks(ctx); r != (store.ClockWatchResult{}) {
			t.Errorf("second pass %+v", r)
		}
		l = env.Client(t) // a day later: the session has expired
		l.SignIn("kepala.ppa")
		n := l.Get("/notifications")
		if href := n.Doc.Find(`a[href="` + page + `"]`); href.Length() != 1 || !strings.Contains(href.Text(), "terlewat") {
			t.Errorf("lead's notification: %q", n.Text("main"))
		}
		if strings.Contains(n.Text("main"), "Korban Uji") {
			t.Error("the notification carries case content")
		}
		if d := l.Get("/protection/dashboard"); d.Text("#office-late") != "1" {
			t.Errorf("late total %q", d.Text("#office-late"))
		}
	})
}
