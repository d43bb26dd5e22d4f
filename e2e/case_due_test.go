package e2e

import (
	"strings"
	"testing"
	"time"

	"sigap/internal/calendar"
	"sigap/internal/roster"
	"sigap/internal/store"
	"sigap/internal/testserver"
)

// An examiner opens a case of their own finding, records the day the
// accused's superior was told, sees the superior's summons flagged as late
// (Ps 28) on the case and on their own due list, and the watch's
// escalation reaches their notifications.
func TestCaseDeadlines(t *testing.T) {
	t.Parallel()
	env := start(t)
	if _, problems, err := env.Store.ImportEmployees(t.Context(), store.System, env.Kab.ID, []roster.Row{
		{Line: 2, NIP: nipOf(t, "197001011995031001"), Name: "Inspektur Uji", Status: roster.PNS, Position: "Inspektur", Kind: roster.JPTPratama, Unit: "Inspektorat", State: roster.Active},
		{Line: 3, NIP: nipOf(t, "198504042010031004"), Name: "Staf Uji", Status: roster.PNS, Position: "Pengadministrasi Umum", Kind: roster.Pelaksana,
			Unit: "Inspektorat", SuperiorNIP: "197001011995031001", State: roster.Active},
	}, store.ImportOptions{}); err != nil || len(problems) > 0 {
		t.Fatal(err, problems)
	}
	cal, err := env.Store.Calendar(t.Context(), env.Kab.ID)
	if err != nil {
		t.Fatal(err)
	}
	today := calendar.DateOf(env.Now(), time.FixedZone("WIB", 7*3600))

	ex := newBrowser(t, env)
	ex.signIn("examiner.kab", testserver.Password)
	ex.open("/cases/new?q=staf")
	ex.click(`form[method="post"][action="/cases/new"] button`)
	ex.wantText(".flash", msg(t, "id", "flash.case_opened"))
	ex.set("#informed", cal.AddWorkingDays(today, -9).String())
	ex.click(`form[action$="/informed"] button`)
	ex.wantText(".flash", msg(t, "id", "flash.informed_set"))
	if got := ex.text("p.warn"); !strings.Contains(got, "Pasal 28") {
		t.Errorf("the late summons is not flagged: %q", got)
	}
	ex.shot("case-inaction")

	ex.open("/cases/due")
	ex.click(`nav.tabs a[href="/cases/due?mine=1"]`)
	row := ex.row("Staf Uji")
	if !strings.Contains(row, msg(t, "id", "case.due.first_summons")) || !strings.Contains(row, msg(t, "id", "reports.late")) {
		t.Errorf("the handler's due row: %q", row)
	}
	if r, err := env.Server.App.WatchDeadlines(t.Context()); err != nil || r.Escalated != 1 {
		t.Fatalf("watch: %+v %v", r, err)
	}
	ex.open("/cases/due?mine=1")
	if row := ex.row("Staf Uji"); !strings.Contains(row, msg(t, "id", "cases.escalated")) {
		t.Errorf("escalation not shown: %q", row)
	}
	ex.shot("cases-due")
	ex.open("/notifications")
	if got := ex.text(".notifications"); !strings.Contains(got, msg(t, "id", "notifications.kind.case.inaction")) {
		t.Errorf("notifications: %q", got)
	}
	ex.click(`.notifications a[href^="/cases/"]`)
	if !strings.Contains(ex.text("h1"), "KD/") {
		t.Errorf("the notification led to %q", ex.text("h1"))
	}
}
