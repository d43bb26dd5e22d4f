package server_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"sigap/internal/discipline"
	"sigap/internal/identity"
	"sigap/internal/roster"
	"sigap/internal/store"
	"sigap/internal/testserver"
)

// stakeCase imports the Inspektorat's head, a clerk below him (the
// accused), a colleague and the team's people, opens a case on the clerk,
// and signs in the examiner and a decider. ids names the roster
// employees: boss, staf, rekan, and the seats.
func stakeCase(t *testing.T, env *testserver.Env) (page string, ex, dec *testserver.Client, ids map[string]int64) {
	t.Helper()
	importRoster(t, env, withTeam(t, []roster.Row{
		{Line: 2, NIP: mustNIP(t, "197001011995031001"), Name: "Inspektur Uji", Status: roster.PNS, Position: "Inspektur", Kind: roster.JPTPratama, Unit: "Inspektorat", State: roster.Active},
		{Line: 3, NIP: mustNIP(t, "198504042010031004"), Name: "Staf Uji", Status: roster.PNS, Position: "Pengadministrasi Umum", Kind: roster.Pelaksana, Unit: "Inspektorat", SuperiorNIP: "197001011995031001", State: roster.Active},
		{Line: 4, NIP: mustNIP(t, "199001012015031006"), Name: "Rekan Uji", Status: roster.PNS, Position: "Pengadministrasi Umum", Kind: roster.Pelaksana, Unit: "Inspektorat", SuperiorNIP: "197001011995031001", State: roster.Active},
	}))
	ids = map[string]int64{}
	nips := map[string]string{"boss": "197001011995031001", "staf": "198504042010031004", "rekan": "199001012015031006"}
	for seat, n := range teamNIPs {
		nips[string(seat)] = n
	}
	for name, n := range nips {
		e, err := env.Store.EmployeeByNIP(t.Context(), env.Kab.ID, n)
		if err != nil {
			t.Fatal(err)
		}
		ids[name] = e.ID
	}
	env.AddUser(t, "pemutus.kab", env.Kab.ID, identity.Decider)
	ex, dec = env.Client(t), env.Client(t)
	ex.SignIn("examiner.kab")
	dec.SignIn("pemutus.kab")
	page = ex.Post("/cases/new", url.Values{"employee_id": {id(ids["staf"])}}).Location
	if !strings.HasPrefix(page, "/cases/") {
		t.Fatalf("no case: %q", page)
	}
	return page, ex, dec, ids
}

func mustPost(t *testing.T, c *testserver.Client, path string, want int, v url.Values) *testserver.Response {
	t.Helper()
	res := c.Post(path, v)
	if res.Status != want {
		t.Fatalf("%s %v: %d, want %d (%s %s)", path, v, res.Status, want, res.Text(".alert"), res.Text(".field-error"))
	}
	return res
}

// linkAccount ties a user's account to a roster employee, as the admin's
// form does.
func linkAccount(t *testing.T, env *testserver.Env, username string, employeeID int64) {
	t.Helper()
	if err := env.Store.LinkUserEmployee(t.Context(), store.System, env.Kab.ID, env.Users[username].ID, employeeID); err != nil {
		t.Fatal(err)
	}
}

// Someone recorded as involved in the violation (a superior who ordered
// it) has a stake in the case: they neither decide nor examine it, nor do
// those related to them, and are told why in their language. A witness
// only tells what they saw and still acts: the direct superior who saw an
// absence is its natural witness and its examiner (Ps 27).
func TestCaseInvolvedHasStake(t *testing.T) {
	eachEngine(t, func(t *testing.T, env *testserver.Env) {
		page, ex, dec, ids := stakeCase(t, env)
		linkAccount(t, env, "pemutus.kab", ids["boss"])
		mustPost(t, ex, page+"/charges", http.StatusSeeOther, url.Values{"code": {"K4f"}, "days_absent": {"14"}})
		mustPost(t, ex, page+"/parties", http.StatusSeeOther, url.Values{"role": {"involved"}, "employee_id": {id(ids["boss"])}})
		mustPost(t, ex, page+"/steps", http.StatusSeeOther, url.Values{"kind": {"summon"}, "day1": {"2026-07-01"}, "day2": {"2026-07-08"}})
		mustPost(t, ex, page+"/steps", http.StatusSeeOther, url.Values{"kind": {"examine"}, "day1": {"2026-07-08"}})

		decide := url.Values{"kind": {"decide"}, "sanction": {"S2"}, "day1": {"2026-07-10"}}
		res := dec.Post(page+"/steps", decide)
		if res.Status != http.StatusForbidden || !strings.Contains(res.Text("main"), "ikut terlibat dalam pelanggaran") {
			t.Fatalf("the involved superior decides: %d %q", res.Status, res.Text("main"))
		}
		view := dec.Get(page)
		if !strings.Contains(view.Text(".alert.conflict"), "ikut terlibat") || view.Doc.Find(`form[method="post"][action^="/cases/"]`).Length() != 0 {
			t.Errorf("the involved superior's view: notice %q, %d action forms", view.Text(".alert.conflict"),
				view.Doc.Find(`form[method="post"][action^="/cases/"]`).Length())
		}
		dec.Post("/lang", url.Values{"lang": {"en"}, "back": {page}})
		if res := dec.Post(page+"/steps", decide); res.Status != http.StatusForbidden || !strings.Contains(res.Text("main"), "involved in the violation") {
			t.Errorf("English refusal: %d %q", res.Status, res.Text("main"))
		}

		// Someone related to the involved party is kept out as well.
		involved := ex.Get(page+"?who=Rekan").Doc.Find(`form.relation-add select[name="target"] option`).Eq(1).AttrOr("value", "")
		mustPost(t, ex, page+"/relations", http.StatusSeeOther, url.Values{"employee_id": {id(ids["rekan"])}, "kind": {"blood"}, "target": {involved}})
		env.AddUser(t, "kerabat.kab", env.Kab.ID, identity.Examiner)
		linkAccount(t, env, "kerabat.kab", ids["rekan"])
		kin := env.Client(t)
		kin.SignIn("kerabat.kab")
		res = kin.Post(page+"/parties", url.Values{"role": {"witness"}, "name": {"Saksi Lain"}})
		if res.Status != http.StatusForbidden || !strings.Contains(res.Text("main"), "hubungan dengan pihak yang ikut terlibat dalam pelanggaran (jenis: Keluarga sedarah") {
			t.Errorf("a relation of the involved party acts: %d %q", res.Status, res.Text("main"))
		}

		// A witness with an examiner's account still acts on the case.
		witness := ids[string(discipline.SeatPersonnel)]
		mustPost(t, ex, page+"/parties", http.StatusSeeOther, url.Values{"role": {"witness"}, "employee_id": {id(witness)}})
		env.AddUser(t, "saksi.kab", env.Kab.ID, identity.Examiner)
		linkAccount(t, env, "saksi.kab", witness)
		w := env.Client(t)
		w.SignIn("saksi.kab")
		mustPost(t, w, page+"/parties", http.StatusSeeOther, url.Values{"role": {"witness"}, "name": {"Saksi Lain"}})
	})
}

// A member of the Tim Pemeriksa is not later recorded as a party, nor
// declared related to the accused or to a party with a stake, while they
// sit on the team: the examiner is told to take them off it first. A
// relation that bars nobody (to a witness) is recorded.
func TestCaseTeamMemberLaterInConflict(t *testing.T) {
	eachEngine(t, func(t *testing.T, env *testserver.Env) {
		page, ex, _, ids := stakeCase(t, env)
		pid := strings.TrimPrefix(page, "/cases/")
		mustPost(t, ex, page+"/charges", http.StatusSeeOther, url.Values{"code": {"L5a"}})
		formTeam(t, env, pid)
		before := len(ex.Get(page).Doc.Find("table.parties tbody tr").Nodes)

		oversight := ids[string(discipline.SeatOversight)]
		res := mustPost(t, ex, page+"/parties", http.StatusUnprocessableEntity, url.Values{"role": {"reporter"}, "employee_id": {id(oversight)}})
		if !strings.Contains(res.Text("#people .field-error"), "anggota Tim Pemeriksa") {
			t.Errorf("a team member recorded as a reporter: %q", res.Text("#people .field-error"))
		}
		mustPost(t, ex, page+"/parties", http.StatusUnprocessableEntity, url.Values{"role": {"witness"}, "employee_id": {id(oversight)}})
		res = mustPost(t, ex, page+"/relations", http.StatusUnprocessableEntity,
			url.Values{"employee_id": {id(ids[string(discipline.SeatPersonnel)])}, "kind": {"spouse"}, "target": {"accused"}})
		if !strings.Contains(res.Text("#people .field-error"), "anggota Tim Pemeriksa") {
			t.Errorf("a team member declared the accused's spouse: %q", res.Text("#people .field-error"))
		}
		if n := len(ex.Get(page).Doc.Find("table.parties tbody tr, table.relations tbody tr").Nodes); n != before {
			t.Errorf("%d parties and relations after refusals, want %d", n, before)
		}
		// Related to a witness: no stake, so no bar.
		mustPost(t, ex, page+"/parties", http.StatusSeeOther, url.Values{"role": {"witness"}, "employee_id": {id(ids["rekan"])}})
		witness := ex.Get(page+"?who=Sekretaris").Doc.Find(`form.relation-add select[name="target"] option`).Eq(1).AttrOr("value", "")
		mustPost(t, ex, page+"/relations", http.StatusSeeOther,
			url.Values{"employee_id": {id(ids[string(discipline.SeatSuperior)])}, "kind": {"blood"}, "target": {witness}})
		mustPost(t, ex, page+"/steps", http.StatusSeeOther, url.Values{"kind": {"summon"}, "day1": {"2026-07-01"}, "day2": {"2026-07-08"}})
		mustPost(t, ex, page+"/steps", http.StatusSeeOther, url.Values{"kind": {"examine"}, "day1": {"2026-07-08"}})
	})
}

// A team that examines has nobody the conflict rules now bar: a member
// seated before they became a party (or before a rule counted their
// relation) is not counted, and the examination is refused with the
// reason, by either form; once the decider replaces them, it is recorded.
func TestCaseExamRefusedWithBarredMember(t *testing.T) {
	eachEngine(t, func(t *testing.T, env *testserver.Env) {
		page, ex, dec, ids := stakeCase(t, env)
		pid := strings.TrimPrefix(page, "/cases/")
		mustPost(t, ex, page+"/charges", http.StatusSeeOther, url.Values{"code": {"L5a"}})
		// The oversight member is a reporter, seated as the store allowed
		// before the rule (its check is the caller's).
		mustPost(t, ex, page+"/parties", http.StatusSeeOther, url.Values{"role": {"reporter"}, "employee_id": {id(ids[string(discipline.SeatOversight)])}})
		formTeam(t, env, pid)
		mustPost(t, ex, page+"/steps", http.StatusSeeOther, url.Values{"kind": {"summon"}, "day1": {"2026-07-01"}, "day2": {"2026-07-08"}})
		for _, tc := range []struct{ path, field string }{{"/steps", "kind"}, {"/bap", ""}} {
			v := url.Values{"day1": {"2026-07-08"}}
			if tc.field != "" {
				v.Set(tc.field, "examine")
			}
			res := ex.Post(page+tc.path, v)
			if res.Status != http.StatusConflict || !strings.Contains(res.Text(".alert"), "tercatat sebagai pelapor") {
				t.Errorf("%s: examined with a reporter on the team: %d %q", tc.path, res.Status, res.Text(".alert"))
			}
		}
		team, err := env.Store.CaseTeam(t.Context(), env.Kab.ID, mustCaseID(t, env, pid))
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range team {
			if m.Seat == discipline.SeatOversight {
				mustPost(t, dec, page+"/team/remove", http.StatusSeeOther, url.Values{"member": {id(m.ID)}})
			}
		}
		mustPost(t, dec, page+"/team", http.StatusSeeOther, url.Values{"seat": {"oversight"}, "employee_id": {id(ids["boss"])}})
		mustPost(t, ex, page+"/steps", http.StatusSeeOther, url.Values{"kind": {"examine"}, "day1": {"2026-07-08"}})
	})
}

func mustCaseID(t *testing.T, env *testserver.Env, pid string) int64 {
	t.Helper()
	c, err := env.Store.DisciplineCaseByID(t.Context(), env.Kab.ID, pid)
	if err != nil {
		t.Fatal(err)
	}
	return c.ID
}

// Opening a case's parties and relations (names of reporters, victims and
// witnesses; reasons) is written into the audit trail, once per view of
// the page, like the examination's record; a case with nobody recorded
// opens nothing and writes nothing.
func TestCasePartiesReadAudited(t *testing.T) {
	eachEngine(t, func(t *testing.T, env *testserver.Env) {
		page, ex, _, ids := stakeCase(t, env)
		pid := strings.TrimPrefix(page, "/cases/")
		reads := func(username string) int {
			t.Helper()
			var n int
			if err := env.Store.DB().R.QueryRow(`SELECT COUNT(*) FROM audit_events WHERE action = 'case.parties.read' AND object_type = 'discipline_case'
				AND object_id = $1 AND actor_id = $2`, pid, env.Users[username].ID).Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n
		}
		ex.Get(page)
		if n := reads("examiner.kab"); n != 0 {
			t.Errorf("%d reads audited with nobody recorded", n)
		}
		mustPost(t, ex, page+"/parties", http.StatusSeeOther, url.Values{"role": {"victim"}, "name": {"ZZKORBANZZ"}})
		mustPost(t, ex, page+"/relations", http.StatusSeeOther, url.Values{"employee_id": {id(ids["rekan"])}, "kind": {"other"}, "target": {"accused"}, "reason": {"ZZALASANZZ"}})
		for range 2 {
			if res := ex.Get(page); !strings.Contains(res.Text("table.parties"), "ZZKORBANZZ") {
				t.Fatalf("the page does not show the party: %q", res.Text("table.parties"))
			}
		}
		if n := reads("examiner.kab"); n != 2 {
			t.Errorf("%d reads audited for two views", n)
		}
		env.AddUser(t, "meja.kab", env.Kab.ID, identity.Intake)
		desk := env.Client(t)
		desk.SignIn("meja.kab")
		desk.Get(page)
		if n := reads("meja.kab"); n != 1 {
			t.Errorf("the desk's view: %d reads audited", n)
		}
	})
}

// A bad day on the statement's and the release's forms is reported beside
// the field the form has, not one it lacks.
func TestCaseExamFormDayErrors(t *testing.T) {
	eachEngine(t, func(t *testing.T, env *testserver.Env) {
		page, ex, _, _ := stakeCase(t, env)
		mustPost(t, ex, page+"/charges", http.StatusSeeOther, url.Values{"code": {"L5a"}})
		mustPost(t, ex, page+"/steps", http.StatusSeeOther, url.Values{"kind": {"summon"}, "day1": {"2026-07-01"}, "day2": {"2026-07-08"}})
		for _, tc := range []struct {
			path, input string
			form        url.Values
		}{
			{"/statements", "#st-day", url.Values{"name": {"A"}, "role": {"colleague"}, "statement_day": {"kemarin"}, "text": {"x"}}},
			{"/release", "#rl-day", url.Values{"release_day": {"kemarin"}, "acting": {"Budi"}}},
		} {
			res := ex.Post(page+tc.path, tc.form)
			if res.Status != http.StatusUnprocessableEntity || res.Text(tc.input+" ~ .field-error") == "" || res.Doc.Find(".field-error").Length() != 1 {
				t.Errorf("%s: %d, beside the day %q, %d field errors (%q)", tc.path, res.Status, res.Text(tc.input+" ~ .field-error"),
					res.Doc.Find(".field-error").Length(), res.Text(".field-error"))
			}
		}
	})
}
