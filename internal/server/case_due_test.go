package server_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"sigap/internal/calendar"
	"sigap/internal/identity"
	"sigap/internal/roster"
	"sigap/internal/store"
	"sigap/internal/testserver"
)

// The deadline watch: a superior told of a violation who does not summon
// in time is flagged and escalated to BKPSDM and to the superior (Ps 28);
// a handler is reminded before a due date; a delivered decision takes
// effect on its day; each alert is sent once; the due lists are the
// tenant's and the handler's own.
func TestCaseDeadlineWatch(t *testing.T) {
	eachEngine(t, func(t *testing.T, env *testserver.Env) {
		ctx := t.Context()
		importRoster(t, env, []roster.Row{
			{Line: 2, NIP: mustNIP(t, "197001011995031001"), Name: "Kepala Dinas Uji", Status: roster.PNS, Position: "Inspektur",
				Kind: roster.JPTPratama, Unit: "Inspektorat", State: roster.Active},
			{Line: 3, NIP: mustNIP(t, "198501012010011002"), Name: "Pelaksana Uji", Status: roster.PNS, Position: "Pengadministrasi",
				Kind: roster.Pelaksana, Unit: "Inspektorat", State: roster.Active, SuperiorNIP: "197001011995031001"},
			{Line: 4, NIP: mustNIP(t, "198601012011011003"), Name: "Pelaksana Kedua", Status: roster.PNS, Position: "Pengadministrasi",
				Kind: roster.Pelaksana, Unit: "Inspektorat", State: roster.Active, SuperiorNIP: "197001011995031001"},
		})
		head, err := env.Store.EmployeeByNIP(ctx, env.Kab.ID, "197001011995031001")
		if err != nil {
			t.Fatal(err)
		}
		atasan := env.AddUser(t, "atasan.kab", env.Kab.ID, identity.Employee)
		if err := env.Store.LinkUserEmployee(ctx, store.System, env.Kab.ID, atasan.ID, head.ID); err != nil {
			t.Fatal(err)
		}
		pemutus := env.AddUser(t, "pemutus.kab", env.Kab.ID, identity.Decider)
		ex := env.Client(t)
		ex.SignIn("examiner.kab")
		examiner := env.Users["examiner.kab"]

		open := func(q string) string {
			t.Helper()
			id := ex.Get("/cases/new?q="+url.QueryEscape(q)).Doc.Find(`form[action="/cases/new"] input[name="employee_id"]`).AttrOr("value", "")
			res := ex.Post("/cases/new", url.Values{"employee_id": {id}})
			if res.Status != http.StatusSeeOther {
				t.Fatalf("open %s: %d", q, res.Status)
			}
			return res.Location
		}
		late := open("Pelaksana Uji")
		soon := open("Pelaksana Kedua")
		if got := ex.Get(late).Text("dl.facts dd"); !strings.Contains(got, examiner.DisplayName) {
			t.Errorf("the examiner who opened the case does not handle it: %q", got)
		}

		cal, err := env.Store.Calendar(ctx, env.Kab.ID)
		if err != nil {
			t.Fatal(err)
		}
		today := calendar.DateOf(env.Now(), time.FixedZone("WIB", 7*3600))
		// A date in the future is refused, and changes nothing.
		if res := ex.Post(late+"/informed", url.Values{"informed": {today.AddDays(3).String()}}); res.Status != http.StatusUnprocessableEntity ||
			!strings.Contains(res.Text(".field-error"), "hari ini") {
			t.Errorf("a future day: %d %q", res.Status, res.Text(".field-error"))
		}
		if got := ex.Get("/cases/due"); got.Doc.Find("tbody tr").Length() != 0 {
			t.Errorf("a case whose superior was not told is due")
		}
		// Told 8 working days ago: the 7-day window passed yesterday.
		if res := ex.Post(late+"/informed", url.Values{"informed": {cal.AddWorkingDays(today, -8).String()}}); res.Status != http.StatusSeeOther {
			t.Fatalf("informed: %d %s", res.Status, res.Text(".field-error"))
		}
		// Told 6 working days ago: due tomorrow, inside the reminder window.
		if res := ex.Post(soon+"/informed", url.Values{"informed": {cal.AddWorkingDays(today, -6).String()}}); res.Status != http.StatusSeeOther {
			t.Fatalf("informed: %d", res.Status)
		}
		page := ex.Get(late)
		if !strings.Contains(page.Text("p.warn"), "Pasal 28") {
			t.Errorf("the late summons is not flagged: %q", page.Text("p.warn"))
		}
		due := ex.Get("/cases/due?mine=1")
		rows := due.Doc.Find("tbody tr")
		if rows.Length() != 2 || !strings.Contains(rows.First().Text(), "Panggilan pertama") || !strings.Contains(rows.First().Text(), "terlambat") ||
			strings.Contains(rows.Last().Text(), "terlambat") || !strings.Contains(due.Text("p.summary"), "2 kasus") || !strings.Contains(due.Text("p.summary"), "1 di antaranya") {
			t.Errorf("the handler's due list: %q / %q", rows.Text(), due.Text("p.summary"))
		}

		r, err := env.Server.App.WatchDeadlines(ctx)
		if err != nil || r.Escalated != 1 || r.Reminded != 1 {
			t.Fatalf("watch: %+v %v", r, err)
		}
		kinds := func(u identity.User) []string {
			ns, _, err := env.Store.Notifications(ctx, u.ID, 50)
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, n := range ns {
				out = append(out, n.Kind)
			}
			return out
		}
		if got := kinds(atasan); len(got) != 2 || !contains(got, "case.inaction") || !contains(got, "case.due_soon") {
			t.Errorf("the superior who must summon was told %q", got)
		}
		if got := kinds(pemutus); len(got) != 1 || got[0] != "case.inaction" {
			t.Errorf("the decider was told %q", got)
		}
		if got := kinds(examiner); len(got) != 2 {
			t.Errorf("the handler was told %q", got)
		}
		// Each alert once.
		if r, err := env.Server.App.WatchDeadlines(ctx); err != nil || r != (store.WatchResult{}) {
			t.Errorf("second pass: %+v %v", r, err)
		}
		if got := ex.Get("/cases/due").Text("tbody tr:first-child"); !strings.Contains(got, "dieskalasi") {
			t.Errorf("escalation not shown: %q", got)
		}
		// The superior reads the notification's link.
		if ns, _, _ := env.Store.Notifications(ctx, pemutus.ID, 1); len(ns) != 1 || ns[0].ObjectType != "discipline_case" {
			t.Errorf("notification object %+v", ns)
		}

		// The summons is taken: nothing more for the superior; the
		// examination is due on its date, and the due list follows.
		step := func(c *testserver.Client, page string, v url.Values) {
			t.Helper()
			if res := c.Post(page+"/steps", v); res.Status != http.StatusSeeOther {
				t.Fatalf("%v: %d %s %s", v, res.Status, res.Text(".alert"), res.Text(".field-error"))
			}
		}
		step(ex, late, url.Values{"kind": {"summon"}, "day1": {"2026-07-01"}, "day2": {"2026-07-08"}})
		if res := ex.Post(late+"/informed", url.Values{"informed": {today.String()}}); res.Status != http.StatusConflict {
			t.Errorf("informed after a summons: %d", res.Status)
		}
		if got := ex.Get("/cases/due").Text("tbody tr:first-child"); !strings.Contains(got, "Pemeriksaan") || strings.Contains(got, "dieskalasi") {
			t.Errorf("after the summons: %q", got)
		}
		// Through to a delivered decision whose day of effect passed: the
		// watch gives it effect and closes the case.
		dec := env.Client(t)
		dec.SignIn("pemutus.kab")
		if res := ex.Post(late+"/charges", url.Values{"code": {"K4f"}, "days_absent": {"14"}}); res.Status != http.StatusSeeOther {
			t.Fatal(res.Status)
		}
		step(ex, late, url.Values{"kind": {"examine"}, "day1": {"2026-07-08"}})
		step(dec, late, url.Values{"kind": {"decide"}, "sanction": {"S2"}, "day1": {"2026-07-10"}})
		step(ex, late, url.Values{"kind": {"deliver"}, "day1": {"2026-07-13"}, "day2": {"2026-07-13"}})
		r, err = env.Server.App.WatchDeadlines(ctx)
		if err != nil || r.Settled != 1 {
			t.Fatalf("settle: %+v %v", r, err)
		}
		c, _ := env.Store.DisciplineCaseByID(ctx, env.Kab.ID, strings.TrimPrefix(late, "/cases/"))
		if c.Status != "closed" {
			t.Errorf("status %s", c.Status)
		}
		var n int
		env.Store.DB().R.QueryRow(`SELECT COUNT(*) FROM audit_events WHERE action = 'case.effective' AND object_id = $1`, c.PublicID).Scan(&n)
		if n != 1 {
			t.Errorf("%d audited effects", n)
		}
		if rows := ex.Get("/cases/due").Doc.Find("tbody tr"); rows.Length() != 1 {
			t.Errorf("a closed case is still due: %q", rows.Text())
		}
		// An objection filed months late is recorded as not admissible; the
		// decision stands, the case stays closed and takes effect once.
		step(ex, late, url.Values{"kind": {"object"}, "day1": {"2026-11-02"}})
		if c, _ := env.Store.DisciplineCaseByID(ctx, env.Kab.ID, c.PublicID); c.Status != "closed" {
			t.Errorf("a late objection reopened the case: %s", c.Status)
		}
		if _, err := env.Server.App.WatchDeadlines(ctx); err != nil {
			t.Fatal(err)
		}
		env.Store.DB().R.QueryRow(`SELECT COUNT(*) FROM audit_events WHERE action = 'case.effective' AND object_id = $1`, c.PublicID).Scan(&n)
		if n != 1 {
			t.Errorf("%d audited effects after the late objection", n)
		}

		// Handing a case to someone who is not an examiner is refused; the
		// deciders do not share cases out; another examiner's list is theirs.
		if res := dec.Post(soon+"/handler", url.Values{"handler": {""}}); res.Status != http.StatusForbidden {
			t.Errorf("the decider shares out: %d", res.Status)
		}
		if res := ex.Post(soon+"/handler", url.Values{"handler": {strconv.FormatInt(pemutus.ID, 10)}}); res.Status != http.StatusUnprocessableEntity {
			t.Errorf("a decider as handler: %d", res.Status)
		}
		other := env.AddUser(t, "pemeriksa2.kab", env.Kab.ID, identity.Examiner)
		if res := ex.Post(soon+"/handler", url.Values{"handler": {strconv.FormatInt(other.ID, 10)}}); res.Status != http.StatusSeeOther {
			t.Errorf("hand out: %d", res.Status)
		}
		if rows := ex.Get("/cases/due?mine=1").Doc.Find("tbody tr"); rows.Length() != 0 {
			t.Errorf("the first examiner still lists %q", rows.Text())
		}
		ex2 := env.Client(t)
		ex2.SignIn("pemeriksa2.kab")
		if rows := ex2.Get("/cases/due?mine=1").Doc.Find("tbody tr"); rows.Length() != 1 {
			t.Errorf("the new handler lists %d", rows.Length())
		}
		// The government sets its own window for the superior: bad numbers
		// are refused and change nothing; a new window moves the open
		// cases' due dates at once.
		admin := env.Client(t)
		admin.SignIn("admin.kab")
		informed := cal.AddWorkingDays(today, -6)
		soonDue := func() calendar.Date {
			t.Helper()
			items, _, err := env.Store.DueCases(ctx, env.Kab.ID, today, store.DueFilter{HandlerID: other.ID})
			if err != nil || len(items) != 1 {
				t.Fatalf("%d due, %v", len(items), err)
			}
			return items[0].Due.By
		}
		for _, bad := range []string{"0", "31", "tujuh", ""} {
			if res := admin.Post("/admin/procedure", settingsWith("inaction_days", bad)); res.Status != http.StatusUnprocessableEntity ||
				!strings.Contains(res.Text(".field-error"), "antara 1 dan 30") {
				t.Errorf("inaction_days %q: %d %q", bad, res.Status, res.Text(".field-error"))
			}
		}
		if res := admin.Post("/admin/procedure", settingsWith("remind_days", "11")); res.Status != http.StatusUnprocessableEntity {
			t.Errorf("remind_days 11: %d", res.Status)
		}
		if got := soonDue(); got != cal.AddWorkingDays(informed, 7) {
			t.Errorf("a refused setting moved the due date to %s", got)
		}
		if res := admin.Post("/admin/procedure", settingsWith("inaction_days", "20")); res.Status != http.StatusSeeOther {
			t.Fatalf("inaction_days 20: %d %s", res.Status, res.Text(".field-error"))
		}
		if got := soonDue(); got != cal.AddWorkingDays(informed, 20) {
			t.Errorf("after the new window the due date is %s, want %s", got, cal.AddWorkingDays(informed, 20))
		}
		if got := ex2.Get(soon).Body; !strings.Contains(got, "dalam 20 hari kerja") {
			t.Error("the case page does not say the new window")
		}
		// A save whose recount was cut short: the watch finishes it.
		if _, err := env.Store.DB().W.Exec(`UPDATE procedure_settings SET inaction_days = 5 WHERE tenant_id = $1`, env.Kab.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := env.Store.DB().W.Exec(`INSERT INTO case_due_recounts (tenant_id, requested_at) VALUES ($1, $2)`, env.Kab.ID, env.Now().UTC()); err != nil {
			t.Fatal(err)
		}
		if _, err := env.Server.App.WatchDeadlines(ctx); err != nil {
			t.Fatal(err)
		}
		if got := soonDue(); got != cal.AddWorkingDays(informed, 5) {
			t.Errorf("the watch did not recount: %s", got)
		}

		// Another government's examiner sees none of it.
		env.AddUser(t, "pemeriksa.kota", env.Kota.ID, identity.Examiner)
		kota := env.Client(t)
		kota.SignIn("pemeriksa.kota")
		if rows := kota.Get("/cases/due").Doc.Find("tbody tr"); rows.Length() != 0 {
			t.Errorf("another government lists %d", rows.Length())
		}
		if res := kota.Post(soon+"/informed", url.Values{"informed": {today.String()}}); res.Status != http.StatusNotFound {
			t.Errorf("another government records: %d", res.Status)
		}
	})
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// The government's calendar changes under its cases: the stored due dates
// follow at once, and an objection judged in time when it was filed stays
// in time, so the case still reads and its record stands.
func TestCaseCalendarChange(t *testing.T) {
	eachEngine(t, func(t *testing.T, env *testserver.Env) {
		ctx := t.Context()
		importRoster(t, env, []roster.Row{{Line: 2, NIP: mustNIP(t, "198504042010031004"), Name: "Staf Uji", Status: roster.PNS,
			Position: "Pengadministrasi Umum", Kind: roster.Pelaksana, Unit: "Inspektorat", State: roster.Active}})
		staff, _ := env.Store.EmployeeByNIP(ctx, env.Kab.ID, "198504042010031004")
		env.AddUser(t, "pemutus.kab", env.Kab.ID, identity.Decider)
		ex, dec, admin := env.Client(t), env.Client(t), env.Client(t)
		ex.SignIn("examiner.kab")
		dec.SignIn("pemutus.kab")
		admin.SignIn("admin.kab")
		page := ex.Post("/cases/new", url.Values{"employee_id": {strconv.FormatInt(staff.ID, 10)}}).Location
		pid := strings.TrimPrefix(page, "/cases/")
		post := func(c *testserver.Client, path string, want int, v url.Values) {
			t.Helper()
			if res := c.Post(path, v); res.Status != want {
				t.Fatalf("%s %v: %d, want %d (%s %s)", path, v, res.Status, want, res.Text(".alert"), res.Text(".field-error"))
			}
		}
		stored := func() (string, calendar.Date) {
			t.Helper()
			var what string
			var by calendar.Date
			if err := env.Store.DB().R.QueryRow(`SELECT due_what, due_by FROM discipline_cases WHERE public_id = $1`, pid).Scan(&what, &by); err != nil {
				t.Fatal(err)
			}
			return what, by
		}
		post(ex, page+"/charges", http.StatusSeeOther, url.Values{"code": {"K4f"}, "days_absent": {"14"}})
		post(ex, page+"/steps", http.StatusSeeOther, url.Values{"kind": {"summon"}, "day1": {"2026-10-01"}, "day2": {"2026-10-08"}})
		post(ex, page+"/steps", http.StatusSeeOther, url.Values{"kind": {"examine"}, "day1": {"2026-10-08"}})
		post(dec, page+"/steps", http.StatusSeeOther, url.Values{"kind": {"decide"}, "sanction": {"S2"}, "day1": {"2026-10-30"}})
		// Delivery within 14 working days of Friday 30 October: Thursday
		// 19 November; a regional day off on the 10th moves it to Friday.
		if what, by := stored(); what != "case.due.delivery" || by.String() != "2026-11-19" {
			t.Fatalf("stored %s %s", what, by)
		}
		post(admin, "/admin/calendar", http.StatusSeeOther, url.Values{"day": {"2026-11-10"}, "name": {"Hari jadi daerah"}})
		if what, by := stored(); what != "case.due.delivery" || by.String() != "2026-11-20" {
			t.Errorf("after the day off the case is due %s %s", what, by)
		}
		// Received Monday 2 November: an objection within 14 working days,
		// the day off counted, may come until Monday 23 November.
		post(ex, page+"/steps", http.StatusSeeOther, url.Values{"kind": {"deliver"}, "day1": {"2026-11-02"}, "day2": {"2026-11-02"}})
		post(ex, page+"/steps", http.StatusSeeOther, url.Values{"kind": {"object"}, "day1": {"2026-11-23"}})
		post(dec, page+"/steps", http.StatusSeeOther, url.Values{"kind": {"resolve"}, "outcome": {"uphold"}, "day1": {"2026-11-24"}})
		post(admin, "/admin/calendar/2026-11-10/remove", http.StatusSeeOther, url.Values{})
		got := ex.Get(page)
		if got.Status != http.StatusOK || !strings.Contains(got.Text("ol.steps"), "dalam tenggang waktu") {
			t.Errorf("after the day off went: %d %q", got.Status, got.Text("ol.steps"))
		}
		if c, _ := env.Store.DisciplineCaseByID(ctx, env.Kab.ID, pid); c.Status != "closed" {
			t.Errorf("the upheld case is %s", c.Status)
		}
		if _, err := env.Server.App.WatchDeadlines(ctx); err != nil {
			t.Errorf("watch: %v", err)
		}
	})
}
