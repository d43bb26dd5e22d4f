package server_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"sigap/internal/identity"
	"sigap/internal/letters/letterstest"
	"sigap/internal/report"
	"sigap/internal/roster"
	"sigap/internal/store"
	"sigap/internal/testserver"
)

// The desk opens a discipline case from a report; the examiner finds it
// by its number, records the alleged violations and reads the level they
// call for, with the article, and who may impose it.
func TestCaseCharges(t *testing.T) {
	eachEngine(t, func(t *testing.T, env *testserver.Env) {
		importRoster(t, env, []roster.Row{
			{Line: 2, NIP: mustNIP(t, "197001011995031001"), Name: "Inspektur Uji", Status: roster.PNS, Position: "Inspektur", Kind: roster.JPTPratama, Unit: "Inspektorat", State: roster.Active},
			{Line: 3, NIP: mustNIP(t, "198504042010031004"), Name: "Staf Uji", Status: roster.PNS, Position: "Pengadministrasi Umum", Kind: roster.Pelaksana, Unit: "Inspektorat", SuperiorNIP: "197001011995031001", State: roster.Active},
		})
		staff, _ := env.Store.EmployeeByNIP(t.Context(), env.Kab.ID, "198504042010031004")
		form := env.Client(t).Get("/lapor/kab-serang")
		if res := env.Client(t).Post("/lapor/kab-serang", goodReport(t, form)); res.Status != http.StatusOK {
			t.Fatal(res.Status)
		}
		reports, _, _ := env.Store.Reports(t.Context(), env.Kab.ID, store.ReportQuery{})
		r := reports[0]
		if err := env.Store.LinkReportEmployee(t.Context(), store.System, env.Kab.ID, r.PublicID, staff.ID); err != nil {
			t.Fatal(err)
		}
		o, err := env.Store.AddOutcome(t.Context(), store.System, env.Kab.ID, r.PublicID, report.Outcome{Kind: report.OpenDisciplineCase})
		if err != nil {
			t.Fatal(err)
		}

		c := env.Client(t)
		c.SignIn("examiner.kab")
		list := c.Get("/cases")
		if list.Status != http.StatusOK || !strings.Contains(list.Body, "KD/2026/0001") && !strings.Contains(list.Body, "KD/2027/0001") || !strings.Contains(list.Body, "Staf Uji") {
			t.Fatalf("case list: %d", list.Status)
		}
		page := "/cases/" + o.CasePublicID
		// The level of K3f depends on where the harm falls: asked for.
		if res := c.Post(page+"/charges", url.Values{"code": {"K3f"}}); res.Status != http.StatusUnprocessableEntity || res.Doc.Find(`select[name="impact"][aria-invalid="true"]`).Length() != 1 {
			t.Fatalf("K3f without impact: %d", res.Status)
		}
		if res := c.Post(page+"/charges", url.Values{"code": {"K3f"}, "impact": {"agency"}}); res.Status != http.StatusSeeOther {
			t.Fatalf("add K3f: %d %s", res.Status, res.Text(".alert"))
		}
		got := c.Get(page)
		if !strings.Contains(got.Body, "PP 94/2021 Ps 10(1)") || !strings.Contains(got.Body, "Sedang") {
			t.Fatalf("K3f on the agency is not shown as sedang under Ps 10(1)")
		}
		// 14 days absent: S2 (Ps 10(2)f.2), heavier than K3f's sedang choice.
		if res := c.Post(page+"/charges", url.Values{"code": {"K4f"}, "days_absent": {"14"}}); res.Status != http.StatusSeeOther {
			t.Fatalf("add K4f: %d", res.Status)
		}
		got = c.Get(page)
		heaviest := got.Text("section.card p strong") + got.Doc.Find("section.card p").FilterFunction(func(_ int, s *goquery.Selection) bool {
			return strings.Contains(s.Text(), "Pasal 35")
		}).Text()
		if !strings.Contains(heaviest, "(S2)") || !strings.Contains(heaviest, "Ps 10(2)f.2") {
			t.Errorf("heaviest: %q", heaviest)
		}
		// Who may impose a sedang sanction on the clerk.
		if got.Doc.Find(`section.card table`).Last().Find("tbody tr").Length() != 3 {
			t.Errorf("authority rows for sedang: %d", got.Doc.Find(`section.card table`).Last().Find("tbody tr").Length())
		}
		// Remove one.
		action := got.Doc.Find(`form[action$="/remove"]`).First().AttrOr("action", "")
		if res := c.Post(action, nil); res.Status != http.StatusSeeOther {
			t.Fatalf("remove: %d", res.Status)
		}
		if n := c.Get(page).Doc.Find(`form[action$="/remove"]`).Length(); n != 1 {
			t.Errorf("%d charges after removing one", n)
		}
		// The desk sees the case but does not state charges; another
		// government does not see it at all.
		env.AddUser(t, "meja.kab", env.Kab.ID, identity.Intake)
		desk := env.Client(t)
		desk.SignIn("meja.kab")
		if res := desk.Get(page); res.Status != http.StatusOK || res.Doc.Find(`form[action$="/charges"]`).Length() != 0 {
			t.Errorf("desk: %d", res.Status)
		}
		if res := desk.Post(page+"/charges", url.Values{"code": {"K4i"}}); res.Status != http.StatusForbidden {
			t.Errorf("desk adding a charge: %d", res.Status)
		}
		env.AddUser(t, "pemeriksa.kota", env.Kota.ID, identity.Examiner)
		other := env.Client(t)
		other.SignIn("pemeriksa.kota")
		if res := other.Get(page); res.Status != http.StatusNotFound {
			t.Errorf("another government: %d", res.Status)
		}
	})
}

// A case through its procedure on the pages: summons, examination,
// decision by the decider within what the charges call for, delivery, an
// objection and a remedy that lightens; every step refused when its
// stage or its role does not allow it, and audited when taken.
func TestCaseProcedure(t *testing.T) {
	eachEngine(t, func(t *testing.T, env *testserver.Env) {
		form := env.Client(t).Get("/lapor/kab-serang")
		env.Client(t).Post("/lapor/kab-serang", goodReport(t, form))
		reports, _, _ := env.Store.Reports(t.Context(), env.Kab.ID, store.ReportQuery{})
		o, err := env.Store.AddOutcome(t.Context(), store.System, env.Kab.ID, reports[0].PublicID, report.Outcome{Kind: report.OpenDisciplineCase})
		if err != nil {
			t.Fatal(err)
		}
		page := "/cases/" + o.CasePublicID
		ex := env.Client(t)
		ex.SignIn("examiner.kab")
		env.AddUser(t, "pemutus.kab", env.Kab.ID, identity.Decider)
		dec := env.Client(t)
		dec.SignIn("pemutus.kab")
		step := func(c *testserver.Client, want int, v url.Values) *testserver.Response {
			t.Helper()
			res := c.Post(page+"/steps", v)
			if res.Status != want {
				t.Fatalf("%v: %d, want %d (%s %s)", v, res.Status, want, res.Text(".alert"), res.Text(".field-error"))
			}
			return res
		}
		if res := ex.Post(page+"/charges", url.Values{"code": {"K4f"}, "days_absent": {"14"}}); res.Status != http.StatusSeeOther {
			t.Fatal(res.Status)
		}
		// Deciding before any examination is refused, with the article.
		step(dec, http.StatusConflict, url.Values{"kind": {"decide"}, "sanction": {"S2"}, "day1": {"2026-07-10"}})
		// Ps 26(2): the examination 8 working days after the letter is refused.
		res := step(ex, http.StatusUnprocessableEntity, url.Values{"kind": {"summon"}, "day1": {"2026-07-01"}, "day2": {"2026-07-13"}})
		if !strings.Contains(res.Body, "7 hari kerja") {
			t.Errorf("the limit is not explained: %s", res.Text(".field-error"))
		}
		// What a summons does not read is not kept.
		step(ex, http.StatusSeeOther, url.Values{"kind": {"summon"}, "day1": {"2026-07-01"}, "day2": {"2026-07-08"}, "sanction": {"B3"}, "outcome": {"zz\x00"}})
		if got := ex.Get(page).Text("ol.steps"); strings.Contains(got, "B3") || strings.Contains(got, "zz") {
			t.Errorf("a summons kept fields it does not read: %q", got)
		}
		step(ex, http.StatusSeeOther, url.Values{"kind": {"examine"}, "day1": {"2026-07-08"}})
		// What was examined is what is decided: no charge comes or goes now.
		if res := ex.Post(page+"/charges", url.Values{"code": {"L5a"}}); res.Status != http.StatusConflict || !strings.Contains(res.Text(".alert"), "kasus baru") {
			t.Errorf("a charge after the examination: %d %q", res.Status, res.Text(".alert"))
		}
		// The examiner does not decide; the decider only what the charges call for.
		step(ex, http.StatusForbidden, url.Values{"kind": {"decide"}, "sanction": {"S2"}, "day1": {"2026-07-10"}})
		step(dec, http.StatusUnprocessableEntity, url.Values{"kind": {"decide"}, "sanction": {"B3"}, "day1": {"2026-07-10"}})
		step(dec, http.StatusSeeOther, url.Values{"kind": {"decide"}, "sanction": {"S2"}, "day1": {"2026-07-10"}})
		step(ex, http.StatusSeeOther, url.Values{"kind": {"deliver"}, "day1": {"2026-07-13"}, "day2": {"2026-07-13"}})
		step(ex, http.StatusSeeOther, url.Values{"kind": {"object"}, "day1": {"2026-07-20"}})
		step(dec, http.StatusSeeOther, url.Values{"kind": {"resolve"}, "outcome": {"lighten"}, "sanction": {"S1"}, "day1": {"2026-08-03"}})
		got := dec.Get(page)
		if !strings.Contains(got.Text("section.card p strong"), "") || got.Doc.Find("ol.steps li").Length() != 6 ||
			!strings.Contains(got.Body, "Hukuman berlaku") || !strings.Contains(got.Body, "S1") {
			t.Errorf("after the remedy: %d steps", got.Doc.Find("ol.steps li").Length())
		}
		c, _ := env.Store.DisciplineCaseByID(t.Context(), env.Kab.ID, o.CasePublicID)
		if c.Status != "closed" {
			t.Errorf("status %s", c.Status)
		}
		var steps int
		env.Store.DB().R.QueryRow(`SELECT COUNT(*) FROM audit_events WHERE action LIKE 'case.step.%' AND object_id = $1`, o.CasePublicID).Scan(&steps)
		if steps != 6 {
			t.Errorf("%d audited steps", steps)
		}
	})
}

// Ps 35(2): sanctioned before for absence, the same employee absent again
// gets a heavier sanction; the record shows on the employee page.
func TestCaseRepeat(t *testing.T) {
	eachEngine(t, func(t *testing.T, env *testserver.Env) {
		importRoster(t, env, []roster.Row{
			{Line: 2, NIP: mustNIP(t, "197001011995031001"), Name: "Inspektur Uji", Status: roster.PNS, Position: "Inspektur", Kind: roster.JPTPratama, Unit: "Inspektorat", State: roster.Active},
			{Line: 3, NIP: mustNIP(t, "198504042010031004"), Name: "Staf Uji", Status: roster.PNS, Position: "Pengadministrasi Umum", Kind: roster.Pelaksana, Unit: "Inspektorat", SuperiorNIP: "197001011995031001", State: roster.Active},
		})
		staff, _ := env.Store.EmployeeByNIP(t.Context(), env.Kab.ID, "198504042010031004")
		env.AddUser(t, "pemutus.kab", env.Kab.ID, identity.Decider)
		ex, dec := env.Client(t), env.Client(t)
		ex.SignIn("examiner.kab")
		dec.SignIn("pemutus.kab")
		openCase := func() string {
			form := env.Client(t).Get("/lapor/kab-serang")
			env.Client(t).Post("/lapor/kab-serang", goodReport(t, form))
			reports, _, _ := env.Store.Reports(t.Context(), env.Kab.ID, store.ReportQuery{})
			r := reports[len(reports)-1]
			if err := env.Store.LinkReportEmployee(t.Context(), store.System, env.Kab.ID, r.PublicID, staff.ID); err != nil {
				t.Fatal(err)
			}
			o, err := env.Store.AddOutcome(t.Context(), store.System, env.Kab.ID, r.PublicID, report.Outcome{Kind: report.OpenDisciplineCase})
			if err != nil {
				t.Fatal(err)
			}
			page := "/cases/" + o.CasePublicID
			if res := ex.Post(page+"/charges", url.Values{"code": {"K4f"}, "days_absent": {"11"}}); res.Status != http.StatusSeeOther {
				t.Fatal(res.Status)
			}
			return page
		}
		step := func(c *testserver.Client, page string, want int, v url.Values) {
			t.Helper()
			if res := c.Post(page+"/steps", v); res.Status != want {
				t.Fatalf("%v: %d, want %d (%s)", v, res.Status, want, res.Text(".field-error"))
			}
		}
		first := openCase()
		step(ex, first, http.StatusSeeOther, url.Values{"kind": {"summon"}, "day1": {"2026-01-05"}, "day2": {"2026-01-07"}})
		step(ex, first, http.StatusSeeOther, url.Values{"kind": {"examine"}, "day1": {"2026-01-07"}})
		step(dec, first, http.StatusSeeOther, url.Values{"kind": {"decide"}, "sanction": {"S1"}, "day1": {"2026-01-09"}})
		step(ex, first, http.StatusSeeOther, url.Values{"kind": {"deliver"}, "day1": {"2026-01-12"}, "day2": {"2026-01-12"}})

		// The letters of the first case, as the accused will read them.
		for kind, want := range map[string][]string{
			"summons1": {"SURAT PANGGILAN I", "Staf Uji", "Rabu, 7 Januari 2026", "K4f", "Inspektur Uji", "RAHASIA"},
			"decision": {"PENJATUHAN HUKUMAN DISIPLIN", "Staf Uji", "S1 — penundaan kenaikan gaji berkala selama 1 tahun (PP 53/2010 Ps 7(3)a jo. PP 94/2021 Ps 42)", "9 Januari 2026", "RAHASIA"},
		} {
			res := ex.Get(first + "/letters/" + kind)
			if res.Status != http.StatusOK || res.Header.Get("Content-Type") != "application/pdf" {
				t.Fatalf("%s: %d", kind, res.Status)
			}
			text := letterstest.Text(t, []byte(res.Body))
			for _, w := range want {
				if !strings.Contains(text, w) {
					t.Errorf("%s lacks %q: %s", kind, w, text)
				}
			}
		}
		if res := ex.Get(first + "/letters/summons2"); res.Status != http.StatusConflict {
			t.Errorf("a second summons that never was: %d", res.Status)
		}
		emp := ex.Get("/employees/" + strconv.FormatInt(staff.ID, 10))
		if !strings.Contains(emp.Body, "Riwayat hukuman disiplin") || !strings.Contains(emp.Body, "KD/") || !strings.Contains(emp.Text("table tr td strong"), "") {
			t.Fatalf("record not on the employee page")
		}
		second := openCase()
		got := dec.Get(second)
		if !strings.Contains(got.Text(".alert"), "Pasal 35 ayat 2") {
			t.Errorf("repeat not flagged: %q", got.Text(".alert"))
		}
		step(ex, second, http.StatusSeeOther, url.Values{"kind": {"summon"}, "day1": {"2026-07-01"}, "day2": {"2026-07-03"}})
		step(ex, second, http.StatusSeeOther, url.Values{"kind": {"examine"}, "day1": {"2026-07-03"}})
		step(dec, second, http.StatusUnprocessableEntity, url.Values{"kind": {"decide"}, "sanction": {"S1"}, "day1": {"2026-07-06"}})
		step(dec, second, http.StatusSeeOther, url.Values{"kind": {"decide"}, "sanction": {"S2"}, "day1": {"2026-07-06"}})
	})
}

// The Inspektorat opens a case of its own finding, without a report, and
// the due list shows what the case waits for, late first.
func TestCaseOpenedDirectlyAndDue(t *testing.T) {
	eachEngine(t, func(t *testing.T, env *testserver.Env) {
		importRoster(t, env, []roster.Row{{Line: 2, NIP: mustNIP(t, "197001011995031001"), Name: "Inspektur Uji", Status: roster.PNS,
			Position: "Inspektur", Kind: roster.JPTPratama, Unit: "Inspektorat", State: roster.Active}})
		ex := env.Client(t)
		ex.SignIn("examiner.kab")
		found := ex.Get("/cases/new?q=inspektur")
		id := found.Doc.Find(`form[action="/cases/new"] input[name="employee_id"]`).AttrOr("value", "")
		if id == "" {
			t.Fatal("nobody found")
		}
		res := ex.Post("/cases/new", url.Values{"employee_id": {id}})
		if res.Status != http.StatusSeeOther || !strings.HasPrefix(res.Location, "/cases/") {
			t.Fatalf("open: %d %s", res.Status, res.Location)
		}
		page := res.Location
		if res := ex.Post("/cases/new", url.Values{"employee_id": {"999999"}}); res.Status != http.StatusUnprocessableEntity {
			t.Errorf("unknown employee: %d", res.Status)
		}
		if got := ex.Get("/cases/due"); got.Doc.Find("tbody tr").Length() != 0 {
			t.Errorf("a case with no summons is due")
		}
		if res := ex.Post(page+"/steps", url.Values{"kind": {"summon"}, "day1": {"2026-07-01"}, "day2": {"2026-07-08"}}); res.Status != http.StatusSeeOther {
			t.Fatalf("summon: %d", res.Status)
		}
		due := ex.Get("/cases/due")
		row := due.Doc.Find("tbody tr").First()
		if due.Doc.Find("tbody tr").Length() != 1 || !strings.Contains(row.Text(), "Pemeriksaan") || !strings.Contains(row.Text(), "8 Juli 2026") ||
			!strings.Contains(row.Text(), "terlambat") {
			t.Errorf("due row %q", row.Text())
		}
		// The desk sees the list; it may not open cases itself.
		env.AddUser(t, "meja.kab", env.Kab.ID, identity.Intake)
		desk := env.Client(t)
		desk.SignIn("meja.kab")
		if desk.Get("/cases/due").Status != http.StatusOK || desk.Post("/cases/new", url.Values{"employee_id": {id}}).Status != http.StatusForbidden {
			t.Error("desk rights on cases")
		}
	})
}

// The accused, their account linked to the roster, reads their own case
// and their letters, and nothing of anyone else's; they cannot take a step
// on their own case whatever their roles.
func TestOwnCases(t *testing.T) {
	eachEngine(t, func(t *testing.T, env *testserver.Env) {
		importRoster(t, env, []roster.Row{
			{Line: 2, NIP: mustNIP(t, "197001011995031001"), Name: "Inspektur Uji", Status: roster.PNS, Position: "Inspektur", Kind: roster.JPTPratama, Unit: "Inspektorat", State: roster.Active},
			{Line: 3, NIP: mustNIP(t, "198504042010031004"), Name: "Staf Uji", Status: roster.PNS, Position: "Pengadministrasi Umum", Kind: roster.Pelaksana, Unit: "Inspektorat", SuperiorNIP: "197001011995031001", State: roster.Active},
		})
		staff, _ := env.Store.EmployeeByNIP(t.Context(), env.Kab.ID, "198504042010031004")
		// The accused happens to be an examiner too.
		env.AddUser(t, "staf.uji", env.Kab.ID, identity.Employee, identity.Examiner)
		admin := env.Client(t)
		admin.SignIn("admin.kab")
		emp := "/employees/" + strconv.FormatInt(staff.ID, 10)
		if res := admin.Post(emp+"/account", url.Values{"username": {"staf.uji"}}); res.Status != http.StatusSeeOther {
			t.Fatalf("link: %d", res.Status)
		}
		if res := admin.Post(emp+"/account", url.Values{"username": {"nobody"}}); res.Status != http.StatusUnprocessableEntity {
			t.Errorf("link to nobody: %d", res.Status)
		}
		ex := env.Client(t)
		ex.SignIn("examiner.kab")
		opened := ex.Post("/cases/new", url.Values{"employee_id": {strconv.FormatInt(staff.ID, 10)}})
		page := opened.Location
		ex.Post(page+"/charges", url.Values{"code": {"K4f"}, "days_absent": {"4"}})
		if res := ex.Post(page+"/steps", url.Values{"kind": {"summon"}, "day1": {"2026-07-01"}, "day2": {"2026-07-08"}}); res.Status != http.StatusSeeOther {
			t.Fatalf("summon: %d", res.Status)
		}
		me := env.Client(t)
		me.SignIn("staf.uji")
		own := me.Get("/my/cases")
		if own.Status != http.StatusOK || !strings.Contains(own.Body, "KD/") || !strings.Contains(own.Body, "8 Juli 2026") {
			t.Fatalf("own cases: %d", own.Status)
		}
		if strings.Contains(own.Body, "/reports/") {
			t.Error("the accused sees a report link")
		}
		caseID := page[strings.LastIndex(page, "/")+1:]
		if res := me.Get("/my/cases/" + caseID + "/letters/summons1"); res.Status != http.StatusOK || res.Header.Get("Content-Type") != "application/pdf" {
			t.Errorf("own summons: %d", res.Status)
		}
		// Nobody else reads it as their own.
		if res := ex.Get("/my/cases/" + caseID + "/letters/summons1"); res.Status != http.StatusNotFound {
			t.Errorf("another account reading it as its own: %d", res.Status)
		}
		// As an examiner, the accused cannot act on their own case.
		if res := me.Post(page+"/steps", url.Values{"kind": {"examine"}, "day1": {"2026-07-08"}}); res.Status != http.StatusForbidden || !strings.Contains(res.Body, "Anda sendiri") {
			t.Errorf("the accused examining themself: %d", res.Status)
		}
		if res := me.Post(page+"/charges", url.Values{"code": {"K4i"}}); res.Status != http.StatusForbidden {
			t.Errorf("the accused charging themself: %d", res.Status)
		}
		// Nor read the staff's view of it, or its letters there, whatever
		// their roles: only "Kasus saya".
		if res := me.Get(page); res.Status != http.StatusForbidden || !strings.Contains(res.Body, "Kasus saya") || strings.Contains(res.Body, "Panggilan pertama") {
			t.Errorf("the accused reading the staff's page: %d", res.Status)
		}
		if res := me.Get(page + "/letters/summons1"); res.Status != http.StatusForbidden {
			t.Errorf("the accused reading a letter on the staff's page: %d", res.Status)
		}
	})
}
