package server_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"sigap/internal/identity"
	"sigap/internal/roster"
	"sigap/internal/store"
	"sigap/internal/testserver"
)

// The prevention officer sets the cadence and topics, plans a session for
// the Inspektorat, opens a check-in code; an employee checks in with it, a
// sign-in sheet with a bad line records nothing and a good one records
// the rest; the coverage shows the office as held and the employee page
// the attendance; a cancelled session no longer counts.
func TestGuidanceSessions(t *testing.T) {
	eachEngine(t, func(t *testing.T, env *testserver.Env) {
		ctx := t.Context()
		const nip1, nip2 = "197001011995031001", "198502022010012002"
		importRoster(t, env, []roster.Row{
			{Line: 2, NIP: mustNIP(t, nip1), Name: "Pegawai Satu", Status: roster.PNS, Position: "Inspektur", Kind: roster.JPTPratama, Unit: "Inspektorat", State: roster.Active},
			{Line: 3, NIP: mustNIP(t, nip2), Name: "Pegawai Dua", Status: roster.PNS, Position: "Auditor", Kind: roster.Fungsional, Level: "ahli_muda",
				Unit: "Inspektorat", SuperiorNIP: nip1, State: roster.Active}})
		e1, _ := env.Store.EmployeeByNIP(ctx, env.Kab.ID, nip1)
		e2, _ := env.Store.EmployeeByNIP(ctx, env.Kab.ID, nip2)
		if err := env.Store.LinkUserEmployee(ctx, store.System, env.Kab.ID, env.Users["employee.kab"].ID, e1.ID); err != nil {
			t.Fatal(err)
		}
		env.AddUser(t, "pembina.kab", env.Kab.ID, identity.Prevention)
		pb := env.Client(t)
		pb.SignIn("pembina.kab")

		// Settings: a bad cadence is refused beside its field.
		if res := pb.Post("/admin/guidance", url.Values{"cadence": {"weekly"}, "topics": {"Etika"}}); res.Status != http.StatusUnprocessableEntity ||
			res.Doc.Find(`#cadence[aria-invalid="true"]`).Length() != 1 {
			t.Fatalf("bad cadence: %d", res.Status)
		}
		if res := pb.Post("/admin/guidance", url.Values{"cadence": {"quarterly"}, "topics": {"Etika\nGratifikasi\nNetralitas"}}); res.Status != http.StatusSeeOther {
			t.Fatalf("settings: %d", res.Status)
		}
		if n := auditCount(t, env, "guidance.settings"); n != 1 {
			t.Errorf("%d settings audit events", n)
		}

		// Planning: an incomplete form is refused and records nothing.
		wib := env.Now().In(time.FixedZone("WIB", 7*3600))
		unit := strconv.FormatInt(env.Units["kab/Inspektorat"].ID, 10)
		plan := url.Values{"unit": {unit}, "date": {wib.Format("2006-01-02")}, "time": {wib.Add(-5 * time.Minute).Format("15:04")},
			"topics": {"Etika", "Gratifikasi"}, "place": {"Aula Inspektorat"}, "facilitator": {"Inspektur Pembantu"}, "audience": {"all"}}
		bad := url.Values{"unit": {unit}, "date": {"2026-02-30"}, "time": {"25:00"}, "topics": {"Astrologi"}, "link": {"ftp://x"}, "audience": {"all"}}
		res := pb.Post("/guidance/new", bad)
		if res.Status != http.StatusUnprocessableEntity {
			t.Fatalf("bad plan: %d", res.Status)
		}
		for _, f := range []string{"date", "time", "topics", "link", "facilitator"} {
			if res.Doc.Find(`#`+f+`[aria-invalid="true"]`).Length() != 1 {
				t.Errorf("no error beside %s", f)
			}
		}
		res = pb.Post("/guidance/new", plan)
		if res.Status != http.StatusSeeOther || !strings.HasPrefix(res.Location, "/guidance/") {
			t.Fatalf("plan: %d %s", res.Status, res.Location)
		}
		id := strings.TrimPrefix(res.Location, "/guidance/")
		page := pb.Get("/guidance/" + id)
		if page.Status != http.StatusOK || page.Doc.Find(`select[name^="status."]`).Length() != 2 {
			t.Fatalf("session page: %d", page.Status)
		}
		if list := pb.Get("/guidance"); !strings.Contains(list.Body, "Inspektorat") {
			t.Error("the period's list lacks the session")
		}

		// The code, shown at the session; the employee checks in.
		code := pb.Post("/guidance/"+id+"/code", nil).Text("#checkin-code")
		if !regexp.MustCompile(`^\d{6}$`).MatchString(code) {
			t.Fatalf("code %q", code)
		}
		emp := env.Client(t)
		emp.SignIn("employee.kab")
		if res := emp.Get("/my/check-in"); res.Status != http.StatusOK {
			t.Fatalf("check-in page %d", res.Status)
		}
		if res := emp.Post("/my/check-in", url.Values{"code": {"12a"}}); res.Status != http.StatusUnprocessableEntity || res.Text("#code-error") == "" {
			t.Fatalf("malformed code: %d", res.Status)
		}
		if res := emp.Post("/my/check-in", url.Values{"code": {code}}); res.Status != http.StatusOK || res.Text("#checkin-done") == "" {
			t.Fatalf("check-in: %d %s", res.Status, res.Text(".alert"))
		}
		other := env.Client(t)
		other.SignIn("examiner.kab") // no employee linked
		if res := other.Post("/my/check-in", url.Values{"code": {code}}); res.Status != http.StatusConflict {
			t.Errorf("an account without an employee checks in: %d", res.Status)
		}

		// A sheet with a bad line records nothing.
		sheet := "NIP;Status\n" + nip2 + ";izin\n123;hadir\n"
		res = pb.Upload("/guidance/"+id+"/import", "sheet", "hadir.csv", []byte(sheet), nil)
		if res.Status != http.StatusUnprocessableEntity || !strings.Contains(res.Doc.Find("ul.problems").Text(), "3") {
			t.Fatalf("bad sheet: %d %q", res.Status, res.Doc.Find("ul.problems").Text())
		}
		if hist, _ := env.Store.EmployeeGuidanceAttendance(ctx, env.Kab.ID, e2.ID, 10); len(hist) != 0 {
			t.Fatal("a bad sheet recorded", hist)
		}
		res = pb.Upload("/guidance/"+id+"/import", "sheet", "hadir.csv", []byte("NIP;Status\n"+nip2+";izin\n"), nil)
		if res.Status != http.StatusSeeOther {
			t.Fatalf("sheet: %d %s", res.Status, res.Text(".alert"))
		}
		if hist, _ := env.Store.EmployeeGuidanceAttendance(ctx, env.Kab.ID, e2.ID, 10); len(hist) != 1 || hist[0].Status != "excused" {
			t.Fatal("sheet not recorded", hist)
		}

		// Ticks on the page change a status.
		if res := pb.Post("/guidance/"+id+"/attendance", url.Values{"status." + strconv.FormatInt(e2.ID, 10): {"late"}}); res.Status != http.StatusSeeOther {
			t.Fatalf("ticks: %d", res.Status)
		}
		if res := pb.Post("/guidance/"+id+"/attendance", url.Values{"status.999999": {"present"}}); res.Status != http.StatusUnprocessableEntity {
			t.Errorf("someone outside the audience ticked: %d", res.Status)
		}

		// Coverage: the Inspektorat held its session, 2 of 2 staff.
		cov := pb.Get("/guidance/coverage")
		row := cov.Doc.Find("table.coverage tbody tr").FilterFunction(func(_ int, s *goquery.Selection) bool { return strings.Contains(s.Text(), "Inspektorat") })
		if cov.Status != http.StatusOK || row.Find("td.cell-held").Length() != 1 || !strings.Contains(row.Text(), "100%") {
			t.Fatalf("coverage: %d %q", cov.Status, row.Text())
		}
		admin := env.Client(t)
		admin.SignIn("admin.kab")
		if res := admin.Get("/guidance/coverage"); res.Status != http.StatusOK {
			t.Errorf("the admin reads the coverage: %d", res.Status)
		}
		if res := admin.Get("/employees/" + strconv.FormatInt(e1.ID, 10)); res.Doc.Find("#guidance tbody tr").Length() != 1 {
			t.Errorf("the employee page lacks the attendance")
		}

		// The session is held (today, attendance recorded): cancelling it
		// is refused, on the confirmation page and by the form, and
		// changes nothing.
		if res := pb.Get("/guidance/" + id + "/cancel"); res.Status != http.StatusOK || res.Doc.Find("button.danger").Length() != 0 || res.Text("#held-cancel") == "" {
			t.Fatalf("held cancel confirmation: %d", res.Status)
		}
		if res := pb.Post("/guidance/"+id+"/cancel", nil); res.Status != http.StatusConflict {
			t.Fatalf("cancelling a held session: %d", res.Status)
		}
		if cov := pb.Get("/guidance/coverage"); cov.Doc.Find("td.cell-held").Length() != 1 {
			t.Error("a refused cancellation changed the coverage")
		}

		// A session not yet held: cancelling asks first; then its code no
		// longer works.
		tomorrow := url.Values{}
		for k, v := range plan {
			tomorrow[k] = v
		}
		tomorrow.Set("date", wib.AddDate(0, 0, 1).Format("2006-01-02"))
		res = pb.Post("/guidance/new", tomorrow)
		if res.Status != http.StatusSeeOther {
			t.Fatalf("plan tomorrow: %d", res.Status)
		}
		id2 := strings.TrimPrefix(res.Location, "/guidance/")
		code2 := pb.Post("/guidance/"+id2+"/code", nil).Text("#checkin-code")
		if res := pb.Get("/guidance/" + id2 + "/cancel"); res.Status != http.StatusOK || res.Doc.Find("button.danger").Length() != 1 {
			t.Fatalf("cancel confirmation: %d", res.Status)
		}
		if res := pb.Post("/guidance/"+id2+"/cancel", nil); res.Status != http.StatusSeeOther {
			t.Fatalf("cancel: %d", res.Status)
		}
		if res := emp.Post("/my/check-in", url.Values{"code": {code2}}); res.Status != http.StatusUnprocessableEntity {
			t.Errorf("the code of a cancelled session still works: %d", res.Status)
		}
		for action, want := range map[string]int{"guidance.session.plan": 2, "guidance.code.open": 2, "guidance.checkin": 1,
			"guidance.attendance": 2, "guidance.session.cancel": 1} {
			if n := auditCount(t, env, action); n != want {
				t.Errorf("%s: %d audit events, want %d", action, n, want)
			}
		}
	})
}
