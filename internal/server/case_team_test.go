package server_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"sigap/internal/identity"
	"sigap/internal/roster"
	"sigap/internal/store"
	"sigap/internal/testserver"
)

// teamRoster is a small Dinas: the head, a Kepala Bidang, the accused
// clerk below him, an auditor of the Inspektorat, a personnel analyst, and
// two more staff who will be a reporter and a relation.
func teamRoster(t *testing.T, env *testserver.Env) map[string]int64 {
	t.Helper()
	importRoster(t, env, []roster.Row{
		{Line: 2, NIP: mustNIP(t, "197001011995031001"), Name: "Kepala Dinas Uji", Status: roster.PNS, Position: "Kepala Dinas", Kind: roster.JPTPratama, Unit: "Dinas Kesehatan", State: roster.Active},
		{Line: 3, NIP: mustNIP(t, "197505052000031002"), Name: "Kabid Uji", Status: roster.PNS, Position: "Kepala Bidang", Kind: roster.Administrator, Unit: "Dinas Kesehatan", SuperiorNIP: "197001011995031001", State: roster.Active},
		{Line: 4, NIP: mustNIP(t, "198504042010031004"), Name: "Staf Uji", Status: roster.PNS, Position: "Pengadministrasi Umum", Kind: roster.Pelaksana, Unit: "Dinas Kesehatan", SuperiorNIP: "197505052000031002", State: roster.Active},
		{Line: 5, NIP: mustNIP(t, "198001012005011003"), Name: "Auditor Uji", Status: roster.PNS, Position: "Auditor Ahli Muda", Kind: roster.Fungsional, Level: "ahli_muda", Unit: "Inspektorat", State: roster.Active},
		{Line: 6, NIP: mustNIP(t, "198202022006042005"), Name: "Analis Kepegawaian Uji", Status: roster.PNS, Position: "Analis SDM Aparatur", Kind: roster.Pelaksana, Unit: "Inspektorat", State: roster.Active},
		{Line: 7, NIP: mustNIP(t, "199001012015031006"), Name: "Pelapor Uji", Status: roster.PNS, Position: "Pengadministrasi Umum", Kind: roster.Pelaksana, Unit: "Dinas Kesehatan", SuperiorNIP: "197505052000031002", State: roster.Active},
		{Line: 8, NIP: mustNIP(t, "198803032012032007"), Name: "Kerabat Uji", Status: roster.PNS, Position: "Pengadministrasi Umum", Kind: roster.Pelaksana, Unit: "Inspektorat", State: roster.Active},
	})
	ids := map[string]int64{}
	for name, n := range map[string]string{"kepala": "197001011995031001", "kabid": "197505052000031002", "staf": "198504042010031004",
		"auditor": "198001012005011003", "analis": "198202022006042005", "pelapor": "199001012015031006", "kerabat": "198803032012032007"} {
		e, err := env.Store.EmployeeByNIP(t.Context(), env.Kab.ID, n)
		if err != nil {
			t.Fatal(err)
		}
		ids[name] = e.ID
	}
	return ids
}

func id(n int64) string { return strconv.FormatInt(n, 10) }

// The examiner records the parties and relations of a case; those who see
// cases read them, the free-text name included; the accused's own view
// and another government do not.
func TestCaseParties(t *testing.T) {
	eachEngine(t, func(t *testing.T, env *testserver.Env) {
		ids := teamRoster(t, env)
		ex := env.Client(t)
		ex.SignIn("examiner.kab")
		page := ex.Post("/cases/new", url.Values{"employee_id": {id(ids["staf"])}}).Location
		post := func(path string, want int, v url.Values) *testserver.Response {
			t.Helper()
			res := ex.Post(page+path, v)
			if res.Status != want {
				t.Fatalf("%s %v: %d, want %d (%s %s)", path, v, res.Status, want, res.Text(".alert"), res.Text(".field-error"))
			}
			return res
		}
		// Picked from the roster as the desk links the accused.
		found := ex.Get(page + "?who=pelapor")
		if found.Doc.Find(`form.party-add input[name="employee_id"][value="`+id(ids["pelapor"])+`"]`).Length() != 1 {
			t.Fatal("the roster search does not offer the employee")
		}
		post("/parties", http.StatusSeeOther, url.Values{"role": {"reporter"}, "employee_id": {id(ids["pelapor"])}})
		post("/parties", http.StatusSeeOther, url.Values{"role": {"victim"}, "name": {"Sari Korbanita"}})
		post("/parties", http.StatusSeeOther, url.Values{"role": {"involved"}, "employee_id": {id(ids["kabid"])}})
		// Bad input is refused and changes nothing.
		if res := post("/parties", http.StatusUnprocessableEntity, url.Values{"role": {"witness"}}); !strings.Contains(res.Text(".field-error"), "tuliskan nama") {
			t.Errorf("no name: %q", res.Text(".field-error"))
		}
		post("/parties", http.StatusUnprocessableEntity, url.Values{"role": {"judge"}, "name": {"X"}})
		post("/parties", http.StatusUnprocessableEntity, url.Values{"role": {"witness"}, "name": {strings.Repeat("a", 201)}})
		post("/parties", http.StatusUnprocessableEntity, url.Values{"role": {"witness"}, "employee_id": {id(ids["staf"])}})
		got := ex.Get(page)
		parties := got.Doc.Find("table.parties tbody tr")
		if parties.Length() != 3 || !strings.Contains(parties.Eq(1).Text(), "Sari Korbanita") || !strings.Contains(parties.Eq(0).Text(), "Pelapor Uji") {
			t.Fatalf("parties: %q", parties.Text())
		}
		// Relations: to the accused, and another relation with its reason.
		post("/relations", http.StatusSeeOther, url.Values{"employee_id": {id(ids["kerabat"])}, "kind": {"spouse"}, "target": {"accused"}})
		res := post("/relations", http.StatusUnprocessableEntity, url.Values{"employee_id": {id(ids["auditor"])}, "kind": {"other"}, "target": {"accused"}})
		if !strings.Contains(res.Text(".field-error"), "alasan") {
			t.Errorf("another relation without a reason: %q", res.Text(".field-error"))
		}
		post("/relations", http.StatusUnprocessableEntity, url.Values{"employee_id": {id(ids["auditor"])}, "kind": {"friend"}, "target": {"accused"}})
		post("/relations", http.StatusUnprocessableEntity, url.Values{"employee_id": {id(ids["auditor"])}, "kind": {"blood"}})
		got = ex.Get(page)
		rel := got.Doc.Find("table.relations tbody tr")
		if rel.Length() != 1 || !strings.Contains(rel.Text(), "Kerabat Uji") || !strings.Contains(rel.Text(), "Suami/istri") || !strings.Contains(rel.Text(), "Terlapor") {
			t.Fatalf("relations: %q", rel.Text())
		}
		if !strings.Contains(got.Text("#people details"), "derajat ketiga") {
			t.Error("the kinds of relation are not explained")
		}
		var audited int
		env.Store.DB().R.QueryRow(`SELECT COUNT(*) FROM audit_events WHERE action IN ('case.party.add', 'case.relation.add') AND object_id = $1`,
			page[strings.LastIndex(page, "/")+1:]).Scan(&audited)
		if audited != 4 {
			t.Errorf("%d audited additions", audited)
		}

		// The desk sees the people but changes nothing.
		env.AddUser(t, "meja.kab", env.Kab.ID, identity.Intake)
		desk := env.Client(t)
		desk.SignIn("meja.kab")
		if res := desk.Get(page); !strings.Contains(res.Text("table.parties"), "Sari Korbanita") || res.Doc.Find(`form[action$="/parties"]`).Length() != 0 {
			t.Error("the desk's view of the parties")
		}
		if res := desk.Post(page+"/parties", url.Values{"role": {"witness"}, "name": {"X"}}); res.Status != http.StatusForbidden {
			t.Errorf("the desk adding a party: %d", res.Status)
		}
		// The accused's own view names nobody.
		env.AddUser(t, "staf.uji", env.Kab.ID, identity.Employee)
		if err := env.Store.LinkUserEmployee(t.Context(), store.System, env.Kab.ID, env.Users["staf.uji"].ID, ids["staf"]); err != nil {
			t.Fatal(err)
		}
		me := env.Client(t)
		me.SignIn("staf.uji")
		if own := me.Get("/my/cases"); strings.Contains(own.Body, "Sari Korbanita") || strings.Contains(own.Body, "Pelapor Uji") {
			t.Error("the accused reads the parties")
		}
		if res := me.Get(page); res.Status != http.StatusForbidden {
			t.Errorf("the accused opening the case page: %d", res.Status)
		}
		// Another government neither reads nor writes.
		env.AddUser(t, "pemeriksa.kota", env.Kota.ID, identity.Examiner)
		other := env.Client(t)
		other.SignIn("pemeriksa.kota")
		if res := other.Get(page); res.Status != http.StatusNotFound {
			t.Errorf("another government reading: %d", res.Status)
		}
		for _, path := range []string{"/parties", "/relations", "/parties/remove"} {
			if res := other.Post(page+path, url.Values{"role": {"witness"}, "name": {"X"}}); res.Status != http.StatusNotFound {
				t.Errorf("another government posting %s: %d", path, res.Status)
			}
		}
		// Removing the victim removes nothing else.
		victim := got.Doc.Find(`form[action$="/parties/remove"] input[name="party"]`).Eq(1).AttrOr("value", "")
		post("/parties/remove", http.StatusSeeOther, url.Values{"party": {victim}})
		if n := ex.Get(page).Doc.Find("table.parties tbody tr").Length(); n != 2 {
			t.Errorf("%d parties after one was removed", n)
		}
	})
}

// Everyone with a stake is kept from acting on the case, and told why in
// their language: the accused, a reporter, a victim, and those related to
// them; they still read it, with a notice.
func TestCaseConflictOfInterest(t *testing.T) {
	eachEngine(t, func(t *testing.T, env *testserver.Env) {
		ids := teamRoster(t, env)
		ex := env.Client(t)
		ex.SignIn("examiner.kab")
		page := ex.Post("/cases/new", url.Values{"employee_id": {id(ids["staf"])}}).Location
		ex.Post(page+"/charges", url.Values{"code": {"K4f"}, "days_absent": {"14"}})
		ex.Post(page+"/parties", url.Values{"role": {"reporter"}, "employee_id": {id(ids["pelapor"])}})
		ex.Post(page+"/parties", url.Values{"role": {"victim"}, "employee_id": {id(ids["auditor"])}})
		ex.Post(page+"/relations", url.Values{"employee_id": {id(ids["kerabat"])}, "kind": {"spouse"}, "target": {"accused"}})
		found := ex.Get(page + "?who=analis")
		reporter := found.Doc.Find(`form.relation-add select[name="target"] option`).Eq(1).AttrOr("value", "")
		if res := ex.Post(page+"/relations", url.Values{"employee_id": {id(ids["analis"])}, "kind": {"blood"}, "target": {reporter}}); res.Status != http.StatusSeeOther {
			t.Fatalf("relation to the reporter: %d %s", res.Status, res.Text(".field-error"))
		}

		link := func(username, employee string, roles ...identity.Role) *testserver.Client {
			env.AddUser(t, username, env.Kab.ID, roles...)
			if err := env.Store.LinkUserEmployee(t.Context(), store.System, env.Kab.ID, env.Users[username].ID, ids[employee]); err != nil {
				t.Fatal(err)
			}
			c := env.Client(t)
			c.SignIn(username)
			return c
		}
		for _, tc := range []struct {
			who, employee string
			role          identity.Role
			path          string
			form          url.Values
			reason        string
		}{
			{"the accused", "staf", identity.Examiner, "/charges", url.Values{"code": {"K4i"}}, "tentang Anda sendiri"},
			{"a reporter", "pelapor", identity.Examiner, "/steps", url.Values{"kind": {"summon"}, "day1": {"2026-07-01"}, "day2": {"2026-07-08"}}, "sebagai pelapor"},
			{"a victim", "auditor", identity.Examiner, "/parties", url.Values{"role": {"witness"}, "name": {"Saksi"}}, "sebagai korban"},
			{"the accused's spouse", "kerabat", identity.Decider, "/team", url.Values{"seat": {"oversight"}, "employee_id": {id(ids["analis"])}}, "hubungan dengan terlapor (jenis: Suami/istri)"},
			{"a blood relation of a reporter", "analis", identity.Examiner, "/relations", url.Values{"employee_id": {id(ids["kepala"])}, "kind": {"blood"}, "target": {"accused"}}, "hubungan dengan pelapor (jenis: Keluarga sedarah"},
		} {
			t.Run(tc.who, func(t *testing.T) {
				c := link("konflik."+tc.employee, tc.employee, tc.role)
				res := c.Post(page+tc.path, tc.form)
				if res.Status != http.StatusForbidden || !strings.Contains(res.Body, tc.reason) {
					t.Errorf("%s acting: %d, %q", tc.who, res.Status, res.Text("main"))
				}
				view := c.Get(page)
				if tc.who == "the accused" { // reads the case only under "Kasus saya"
					if view.Status != http.StatusForbidden || strings.Contains(view.Body, "Staf") && strings.Contains(view.Body, "Pelapor Uji") {
						t.Errorf("the accused reading the staff's page: %d", view.Status)
					}
					return
				}
				if view.Status != http.StatusOK || !strings.Contains(view.Text(".alert.conflict"), tc.reason) ||
					view.Doc.Find(`form[method="post"][action^="/cases/"]`).Length() != 0 {
					t.Errorf("%s reading: %d, notice %q, %d action forms", tc.who, view.Status, view.Text(".alert.conflict"),
						view.Doc.Find(`form[method="post"][action^="/cases/"]`).Length())
				}
			})
		}
		// In English, the relation is named in English.
		c := env.Client(t)
		c.SignIn("konflik.kerabat")
		c.Get(page)
		c.Post("/lang", url.Values{"lang": {"en"}, "back": {page}})
		if res := c.Post(page+"/team", url.Values{"seat": {"oversight"}, "employee_id": {id(ids["analis"])}}); !strings.Contains(res.Body, "related to the accused (Spouse)") {
			t.Errorf("English refusal: %q", res.Text("main"))
		}
		// Nobody of them changed anything; what they read is on record.
		var n, reads int
		env.Store.DB().R.QueryRow(`SELECT COUNT(*) FROM audit_events WHERE action LIKE 'case.%' AND action <> 'case.parties.read'
			AND actor_id IN (SELECT user_id FROM user_employees)`).Scan(&n)
		if n != 0 {
			t.Errorf("%d changes by people in conflict", n)
		}
		env.Store.DB().R.QueryRow(`SELECT COUNT(*) FROM audit_events WHERE action = 'case.parties.read' AND actor_id IN (SELECT user_id FROM user_employees)`).Scan(&reads)
		if reads == 0 {
			t.Error("the readings of the parties by people in conflict are not audited")
		}
		// Someone unrelated acts.
		if res := ex.Post(page+"/steps", url.Values{"kind": {"summon"}, "day1": {"2026-07-01"}, "day2": {"2026-07-08"}}); res.Status != http.StatusSeeOther {
			t.Errorf("an examiner without a stake: %d", res.Status)
		}
	})
}

// The decider forms the team: the superior the roster names, the next one
// up when the direct superior is involved (Ps 29(6)); nobody in conflict;
// a berat case is not examined before its team is formed (Ps 29(2)).
func TestCaseTeam(t *testing.T) {
	eachEngine(t, func(t *testing.T, env *testserver.Env) {
		ids := teamRoster(t, env)
		ex := env.Client(t)
		ex.SignIn("examiner.kab")
		env.AddUser(t, "pemutus.kab", env.Kab.ID, identity.Decider)
		dec := env.Client(t)
		dec.SignIn("pemutus.kab")
		page := ex.Post("/cases/new", url.Values{"employee_id": {id(ids["staf"])}}).Location
		// K4i is always berat (Ps 11(2)).
		if res := ex.Post(page+"/charges", url.Values{"code": {"K4i"}}); res.Status != http.StatusSeeOther {
			t.Fatal(res.Status)
		}
		ex.Post(page+"/parties", url.Values{"role": {"reporter"}, "employee_id": {id(ids["pelapor"])}})
		got := dec.Get(page)
		if !strings.Contains(got.Text("#team"), "wajib dibentuk") || !strings.Contains(got.Text("#team p.seated"), "Kabid Uji") {
			t.Fatalf("team card: %q", got.Text("#team"))
		}
		if res := ex.Post(page+"/steps", url.Values{"kind": {"summon"}, "day1": {"2026-07-01"}, "day2": {"2026-07-08"}}); res.Status != http.StatusSeeOther {
			t.Fatal(res.Status)
		}
		// Ps 29(2): no examination without a formed team.
		res := ex.Post(page+"/steps", url.Values{"kind": {"examine"}, "day1": {"2026-07-08"}})
		if res.Status != http.StatusConflict || !strings.Contains(res.Text(".alert"), "Pasal 29 ayat 2") {
			t.Fatalf("examining a berat case without a team: %d %q", res.Status, res.Text(".alert"))
		}
		// Nor through the examination form with its BAP.
		res = ex.Post(page+"/bap", url.Values{"day1": {"2026-07-08"}})
		if res.Status != http.StatusConflict || !strings.Contains(res.Text(".alert"), "Pasal 29 ayat 2") {
			t.Fatalf("examining with a BAP a berat case without a team: %d %q", res.Status, res.Text(".alert"))
		}
		// Ps 29(6): the Kepala Bidang is involved; the head of the Dinas sits.
		ex.Post(page+"/parties", url.Values{"role": {"involved"}, "employee_id": {id(ids["kabid"])}})
		got = dec.Get(page)
		if seated := got.Text("#team p.seated"); !strings.Contains(seated, "Kepala Dinas Uji") || !strings.Contains(seated, "Kabid Uji") || !strings.Contains(seated, "ayat 6") {
			t.Errorf("the replacement is not proposed: %q", seated)
		}
		appoint := func(c *testserver.Client, want int, employee, seat string) *testserver.Response {
			t.Helper()
			res := c.Post(page+"/team", url.Values{"employee_id": {id(ids[employee])}, "seat": {seat}})
			if res.Status != want {
				t.Fatalf("%s as %s: %d, want %d (%s %s)", employee, seat, res.Status, want, res.Text(".alert"), res.Text(".field-error"))
			}
			return res
		}
		if res := appoint(dec, http.StatusUnprocessableEntity, "kabid", "superior"); !strings.Contains(res.Text(".field-error"), "ayat 6") {
			t.Errorf("the involved superior: %q", res.Text(".field-error"))
		}
		if got.Doc.Find(`form.superior-add input[name="employee_id"][value="`+id(ids["kepala"])+`"]`).Length() != 1 {
			t.Error("the proposed superior cannot be appointed with one click")
		}
		appoint(dec, http.StatusSeeOther, "kepala", "superior")
		// A member in conflict is refused, with the reason.
		if res := appoint(dec, http.StatusUnprocessableEntity, "pelapor", "oversight"); !strings.Contains(res.Text(".field-error"), "sebagai pelapor") {
			t.Errorf("the reporter on the team: %q", res.Text(".field-error"))
		}
		appoint(dec, http.StatusUnprocessableEntity, "staf", "personnel")
		// The examiner does not form the team; another government cannot.
		if res := ex.Post(page+"/team", url.Values{"employee_id": {id(ids["auditor"])}, "seat": {"oversight"}}); res.Status != http.StatusForbidden {
			t.Errorf("the examiner forming the team: %d", res.Status)
		}
		env.AddUser(t, "pemutus.kota", env.Kota.ID, identity.Decider)
		other := env.Client(t)
		other.SignIn("pemutus.kota")
		if res := other.Post(page+"/team", url.Values{"employee_id": {id(ids["auditor"])}, "seat": {"oversight"}}); res.Status != http.StatusNotFound {
			t.Errorf("another government forming the team: %d", res.Status)
		}
		appoint(dec, http.StatusSeeOther, "auditor", "oversight")
		appoint(dec, http.StatusUnprocessableEntity, "kerabat", "oversight") // the seat is taken
		// Still two seats of three: still refused.
		if res := ex.Post(page+"/steps", url.Values{"kind": {"examine"}, "day1": {"2026-07-08"}}); res.Status != http.StatusConflict {
			t.Fatalf("examining with two of three seats: %d", res.Status)
		}
		appoint(dec, http.StatusSeeOther, "analis", "personnel")
		appoint(dec, http.StatusSeeOther, "kerabat", "other")
		got = dec.Get(page)
		if got.Doc.Find("table.team tbody tr").Length() != 4 || !strings.Contains(got.Text("#team"), "tim lengkap") {
			t.Errorf("team: %q", got.Text("#team"))
		}
		if res := ex.Post(page+"/steps", url.Values{"kind": {"examine"}, "day1": {"2026-07-08"}}); res.Status != http.StatusSeeOther {
			t.Fatalf("examining with a formed team: %d %s", res.Status, res.Text(".alert"))
		}
		// The team examined: it no longer changes.
		member := dec.Get(page).Doc.Find(`form[action$="/team/remove"] input[name="member"]`).Length()
		if member != 0 {
			t.Error("the team can still be changed after the examination")
		}
		if res := dec.Post(page+"/team/remove", url.Values{"member": {"1"}}); res.Status != http.StatusConflict {
			t.Errorf("removing a member after the examination: %d", res.Status)
		}
		var audited int
		env.Store.DB().R.QueryRow(`SELECT COUNT(*) FROM audit_events WHERE action = 'case.team.add' AND object_id = $1`,
			page[strings.LastIndex(page, "/")+1:]).Scan(&audited)
		if audited != 4 {
			t.Errorf("%d audited appointments", audited)
		}
	})
}

// A sedang case may be examined without a team (Ps 29(1)).
func TestCaseTeamOptionalForSedang(t *testing.T) {
	eachEngine(t, func(t *testing.T, env *testserver.Env) {
		ids := teamRoster(t, env)
		ex := env.Client(t)
		ex.SignIn("examiner.kab")
		page := ex.Post("/cases/new", url.Values{"employee_id": {id(ids["staf"])}}).Location
		ex.Post(page+"/charges", url.Values{"code": {"K4f"}, "days_absent": {"14"}})
		if got := ex.Get(page); !strings.Contains(got.Text("#team"), "dapat dibentuk") {
			t.Errorf("team card: %q", got.Text("#team"))
		}
		ex.Post(page+"/steps", url.Values{"kind": {"summon"}, "day1": {"2026-07-01"}, "day2": {"2026-07-08"}})
		if res := ex.Post(page+"/steps", url.Values{"kind": {"examine"}, "day1": {"2026-07-08"}}); res.Status != http.StatusSeeOther {
			t.Errorf("examining a sedang case without a team: %d %s", res.Status, res.Text(".alert"))
		}
	})
}
