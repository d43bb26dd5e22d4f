package server_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"sigap/internal/identity"
	"sigap/internal/protection"
	"sigap/internal/report"
	"sigap/internal/roster"
	"sigap/internal/store"
	"sigap/internal/testserver"
)

// walkIn is a whole walk-in case as the form sends it.
func walkIn() url.Values {
	return url.Values{"via": {"walk_in"}, "occurred_on": {"2026-02-27"}, "occurred_time": {"14:30"}, "reported_on": {"2026-03-01"},
		"reported_time": {"09:15"}, "village": {"36.04.05.2001"}, "place": {"tempat_kerja"}, "forms": {"seksual", "psikis"},
		"victim_name": {"ZZKORBANZZ"}, "victim_sex": {"P"}, "victim_birth_date": {"1996-07-05"}, "victim_nik": {"3604054507960001"},
		"victim_contact": {"ZZKONTAKZZ"}, "victim_address": {"ZZALAMATZZ"}, "victim_village": {"36.04.05.2002"},
		"perpetrator_relation": {"atasan"}, "perpetrator_sex": {"L"}, "perpetrator_age": {"48"},
		"chronology": {"ZZKRONOLOGIZZ"}, "summary": {"ZZRINGKASANZZ"}}
}

// A case worker records a walk-in case; every bad input is refused with
// its reason beside its field and nothing is written; the case is theirs
// alone (another worker, another government and other roles learn
// nothing of it); the lead sees it and assigns; close and reopen.
func TestProtectionCasePages(t *testing.T) {
	eachEngine(t, func(t *testing.T, env *testserver.Env) {
		env.AddUser(t, "pendamping.kab", env.Kab.ID, identity.Protection)
		other := env.AddUser(t, "pendamping2.kab", env.Kab.ID, identity.Protection)
		env.AddUser(t, "kepala.kab", env.Kab.ID, identity.ProtectionLead)
		env.AddUser(t, "pendamping.kota", env.Kota.ID, identity.Protection)
		c := env.Client(t)
		c.SignIn("pendamping.kab")
		if res := c.Get("/protection"); res.Status != http.StatusOK || res.Doc.Find("p.empty").Length() != 1 {
			t.Fatalf("empty list: %d", res.Status)
		}

		// Bad input of every kind, each beside its field; nothing written.
		bad := []struct {
			field string
			set   map[string]string
		}{
			{"occurred_on", map[string]string{"occurred_on": "2026-03-05"}},             // after its report
			{"occurred_on", map[string]string{"occurred_on": "2026-02-30"}},             // no such day
			{"reported_on", map[string]string{"reported_on": "2099-01-01"}},             // in the future
			{"village", map[string]string{"village": "36.73.01.1001"}},                  // Kota Serang's village
			{"village", map[string]string{"village": "36.04.05"}},                       // a district, not a village
			{"forms", map[string]string{"forms": ""}},                                   // none
			{"forms", map[string]string{"forms": "pukulan"}},                            // unknown
			{"victim_age", map[string]string{"victim_age": "40"}},                       // contradicts the birth date (29 then)
			{"victim_birth_date", map[string]string{"victim_birth_date": "2026-03-01"}}, // born after the incident
			{"victim_nik", map[string]string{"victim_nik": "3604051507960001"}},         // a man's NIK for a woman
			{"victim_nik", map[string]string{"victim_nik": "12345"}},
			{"victim_sex", map[string]string{"victim_sex": "X"}},
			{"victim_name", map[string]string{"victim_name": " "}},
			{"perpetrator_relation", map[string]string{"perpetrator_relation": "musuh"}},
			{"perpetrator_nip", map[string]string{"perpetrator_nip": "199001012015031099"}},
			{"chronology", map[string]string{"chronology": "a\x00b"}},
			{"via", map[string]string{"via": "report"}},
		}
		for _, b := range bad {
			v := walkIn()
			for k, x := range b.set {
				v.Set(k, x)
			}
			res := c.Post("/protection/new", v)
			if res.Status != http.StatusUnprocessableEntity || res.Doc.Find(`[name="`+b.field+`"][aria-invalid="true"], fieldset[aria-invalid="true"] [name="`+b.field+`"]`).Length() == 0 {
				t.Errorf("%v: %d, no error on %s (%s)", b.set, res.Status, b.field, res.Text(".field-error"))
			}
			if res.Doc.Find(`input[name="victim_name"]`).AttrOr("value", "") != v.Get("victim_name") {
				t.Errorf("%v: what was typed is lost", b.set)
			}
		}
		if n := count(t, env, `SELECT COUNT(*) FROM protection_cases`); n != 0 {
			t.Fatalf("refused forms wrote %d cases", n)
		}

		res := c.Post("/protection/new", walkIn())
		if res.Status != http.StatusSeeOther || !strings.HasPrefix(res.Location, "/protection/") {
			t.Fatalf("open: %d %s", res.Status, res.Text(".field-error"))
		}
		page := res.Location
		if home := c.Get("/").Doc.Find(".stats").Text(); !strings.Contains(strings.Join(strings.Fields(home), " "), "1 kasus terbuka yang saya tangani") {
			t.Errorf("the worker's home does not count the case: %q", home)
		}
		got := c.Get(page)
		body := got.Body
		for _, want := range []string{"PPA/2026/0001", "Kramatwatu", "Seksual", "Psikis", "ZZKRONOLOGIZZ", "ZZRINGKASANZZ", "25-44", "Atasan"} {
			if !strings.Contains(body, want) {
				t.Errorf("case page lacks %q", want)
			}
		}
		// The victim's identity is sealed on the page.
		for _, secret := range []string{"ZZKORBANZZ", "ZZKONTAKZZ", "ZZALAMATZZ", "3604054507960001"} {
			if strings.Contains(body, secret) {
				t.Errorf("the case page shows the sealed %q", secret)
			}
		}
		ident := got.Doc.Find(`#victims a[href^="/identities/"]`).AttrOr("href", "")
		if ident == "" {
			t.Fatal("no link to the victim's sealed identity")
		}
		if idp := c.Get(ident); strings.Contains(idp.Body, "ZZKORBANZZ") || strings.Contains(idp.Body, "ZZALAMATZZ") {
			t.Error("the identity opened without an approved request")
		}

		// Moving the incident before the victim's birth is refused; nothing changes.
		move := walkIn()
		move.Set("occurred_on", "1990-01-01")
		if res := c.Post(page+"/incident", move); res.Status != http.StatusUnprocessableEntity || res.Doc.Find(`[name="occurred_on"][aria-invalid="true"]`).Length() == 0 {
			t.Errorf("incident before the victim's birth: %d", res.Status)
		}
		if !strings.Contains(c.Get(page).Body, "25-44") {
			t.Error("a refused incident changed the victim's age group")
		}

		// Need-to-know: another worker, another government, other roles.
		c2 := env.Client(t)
		c2.SignIn("pendamping2.kab")
		if st := c2.Get(page).Status; st != http.StatusNotFound {
			t.Errorf("an unassigned worker opened the case: %d", st)
		}
		if strings.Contains(c2.Get("/protection").Body, "PPA/2026/0001") {
			t.Error("an unassigned worker lists the case")
		}
		ck := env.Client(t)
		ck.SignIn("pendamping.kota")
		if st := ck.Get(page).Status; st != http.StatusNotFound {
			t.Errorf("another government's worker opened the case: %d", st)
		}
		ex := env.Client(t)
		ex.SignIn("examiner.kab")
		if st := ex.Get(page).Status; st != http.StatusForbidden {
			t.Errorf("an examiner opened the protection case: %d", st)
		}

		// The lead sees all and assigns the second worker.
		lead := env.Client(t)
		lead.SignIn("kepala.kab")
		if !strings.Contains(lead.Get("/protection").Body, "PPA/2026/0001") {
			t.Error("the lead does not list the case")
		}
		if res := lead.Post(page+"/workers", url.Values{"worker": {itoa(other.ID)}}); res.Status != http.StatusSeeOther {
			t.Fatalf("assign: %d", res.Status)
		}
		if st := c2.Get(page).Status; st != http.StatusOK {
			t.Errorf("the assigned worker cannot open the case: %d", st)
		}
		if res := c.Post(page+"/workers", url.Values{"worker": {itoa(other.ID)}, "remove": {"1"}}); res.Status != http.StatusForbidden {
			t.Errorf("a worker changed the workers: %d", res.Status)
		}

		// A second victim: a child by age; a bad one is refused.
		if res := c.Post(page+"/victims", url.Values{"victim_name": {"Anak"}, "victim_sex": {"P"}, "victim_age": {"130"}}); res.Status != http.StatusUnprocessableEntity {
			t.Errorf("age 130: %d", res.Status)
		}
		if res := c.Post(page+"/victims", url.Values{"victim_name": {"Anak"}, "victim_sex": {"P"}, "victim_age": {"12"}}); res.Status != http.StatusSeeOther {
			t.Fatalf("add victim: %d %s", res.Status, res.Text(".field-error"))
		}
		if !strings.Contains(c.Get(page).Body, "6-12") {
			t.Error("the child's age group is not shown")
		}

		// Close: an outcome is required; closed, nothing changes; reopen.
		if res := c.Post(page+"/close", url.Values{"outcome": {"mediated"}}); res.Status != http.StatusUnprocessableEntity {
			t.Errorf("mediation is no outcome of a TPKS case: %d", res.Status)
		}
		if res := c.Post(page+"/close", url.Values{"outcome": {"services_done"}}); res.Status != http.StatusUnprocessableEntity || res.Doc.Find(`#follow_up[aria-invalid="true"]`).Length() != 1 {
			t.Errorf("closing without a follow-up day: %d", res.Status)
		}
		if res := c.Post(page+"/close", url.Values{"outcome": {"services_done"}, "follow_up": {env.Now().AddDate(0, 0, 3).Format("2006-01-02")}}); res.Status != http.StatusSeeOther {
			t.Fatalf("close: %d %s", res.Status, res.Text(".field-error"))
		}
		if got := c.Get("/protection/dashboard").Text(".my-follow-ups"); !strings.Contains(got, "PPA/2026/0001") {
			t.Errorf("the follow-up three days ahead is not on the worker's desk: %q", got)
		}
		if res := c.Post(page+"/texts", url.Values{"chronology": {"baru"}}); res.Status != http.StatusConflict {
			t.Errorf("a closed case changed: %d", res.Status)
		}
		if res := c.Post(page+"/reopen", nil); res.Status != http.StatusSeeOther {
			t.Fatalf("reopen: %d", res.Status)
		}
		if res := c.Post(page+"/texts", url.Values{"chronology": {"ZZBARUZZ"}, "summary": {"ZZRINGKASANZZ"}}); res.Status != http.StatusSeeOther {
			t.Errorf("texts after reopening: %d", res.Status)
		}
		// Reopening keeps the history: the closing is still on the page.
		history := strings.ToLower(c.Get(page).Text("#history"))
		for _, want := range []string{"menutup kasus perlindungan", "membuka kembali kasus perlindungan", "membuka kasus perlindungan", "uji pendamping.kab"} {
			if !strings.Contains(history, want) {
				t.Errorf("history lacks %q: %q", want, history)
			}
		}
		for _, action := range []string{"protection.open", "protection.close", "protection.reopen", "protection.worker.add", "protection.victim.add", "protection.texts"} {
			if n := count(t, env, `SELECT COUNT(*) FROM audit_events WHERE action = '`+action+`'`); n != 1 {
				t.Errorf("%s: %d audit events", action, n)
			}
		}
		if strings.Contains(env.Logs.String(), "ZZKORBANZZ") || strings.Contains(env.Logs.String(), "ZZKRONOLOGIZZ") {
			t.Error("sensitive content in the logs")
		}
	})
}

// The bridge: a report of harassment by a civil servant opens both cases,
// linked. The examiner sees nothing of the protection case until the
// victim consents to a summary, then the summary alone; the worker sees
// the discipline case move.
func TestProtectionBridge(t *testing.T) {
	eachEngine(t, func(t *testing.T, env *testserver.Env) {
		importRoster(t, env, []roster.Row{
			{Line: 2, NIP: mustNIP(t, "197001011995031001"), Name: "Kepala Bidang Uji", Status: roster.PNS, Position: "Kepala Bidang", Kind: roster.Administrator, Unit: "Inspektorat", State: roster.Active},
		})
		boss, _ := env.Store.EmployeeByNIP(t.Context(), env.Kab.ID, "197001011995031001")
		form := env.Client(t).Get("/lapor/kab-serang")
		if res := env.Client(t).Post("/lapor/kab-serang", goodReport(t, form)); res.Status != http.StatusOK {
			t.Fatal(res.Status)
		}
		reports, _, _ := env.Store.Reports(t.Context(), env.Kab.ID, store.ReportQuery{})
		r := reports[0]
		if err := env.Store.LinkReportEmployee(t.Context(), store.System, env.Kab.ID, r.PublicID, boss.ID); err != nil {
			t.Fatal(err)
		}
		dc, err := env.Store.AddOutcome(t.Context(), store.System, env.Kab.ID, r.PublicID, report.Outcome{Kind: report.OpenDisciplineCase})
		if err != nil {
			t.Fatal(err)
		}
		// The accused holds the lead's role and an account linked to the
		// roster: the case about them stays out of their sight.
		accused := env.AddUser(t, "kabid.kab", env.Kab.ID, identity.ProtectionLead)
		if err := env.Store.LinkUserEmployee(t.Context(), store.System, env.Kab.ID, accused.ID, boss.ID); err != nil {
			t.Fatal(err)
		}
		lead := env.AddUser(t, "kepala.kab", env.Kab.ID, identity.ProtectionLead)
		po, err := env.Store.AddOutcome(t.Context(), store.System, env.Kab.ID, r.PublicID, report.Outcome{Kind: report.OpenProtectionCase})
		if err != nil {
			t.Fatal(err)
		}
		worker := env.AddUser(t, "pendamping.kab", env.Kab.ID, identity.Protection)
		if err := env.Store.AssignWorker(t.Context(), store.System, env.Kab.ID, po.CasePublicID, worker.ID); err != nil {
			t.Fatal(err)
		}
		pw := env.Client(t)
		pw.SignIn("pendamping.kab")
		ppage := "/protection/" + po.CasePublicID
		if res := pw.Post(ppage+"/texts", url.Values{"chronology": {"ZZKRONOLOGIZZ"}, "summary": {"ZZRINGKASANZZ"}}); res.Status != http.StatusSeeOther {
			t.Fatal(res.Status)
		}
		got := pw.Get(ppage)
		if !strings.Contains(got.Body, "Kepala Bidang Uji") || !strings.Contains(got.Body, dcNumber(t, env, dc.CasePublicID)) {
			t.Fatalf("the protection side does not see the linked discipline case")
		}

		// Told of the new case: the lead, not the accused lead.
		if n := count(t, env, `SELECT COUNT(*) FROM notifications WHERE kind = 'protection.new' AND user_id = `+itoa(lead.ID)); n != 1 {
			t.Errorf("the lead got %d notifications of the new case", n)
		}
		if n := count(t, env, `SELECT COUNT(*) FROM notifications WHERE user_id = `+itoa(accused.ID)); n != 0 {
			t.Errorf("the accused was told of the case about them: %d", n)
		}
		// The accused cannot be assigned to it, nor offered.
		lc := env.Client(t)
		lc.SignIn("kepala.kab")
		if res := lc.Post(ppage+"/workers", url.Values{"worker": {itoa(accused.ID)}}); res.Status != http.StatusUnprocessableEntity {
			t.Errorf("the accused was assigned to the case about them: %d", res.Status)
		}
		if lc.Get(ppage).Doc.Find(`#worker option[value="`+itoa(accused.ID)+`"]`).Length() != 0 {
			t.Error("the accused is offered as the case's worker")
		}
		ac := env.Client(t)
		ac.SignIn("kabid.kab")
		if st := ac.Get(ppage).Status; st != http.StatusNotFound {
			t.Errorf("the accused opened the protection case about them: %d", st)
		}
		if st := ac.Get(ppage + "/consents").Status; st != http.StatusNotFound {
			t.Errorf("the accused opened the consents of the case about them: %d", st)
		}
		if strings.Contains(ac.Get("/protection").Body, "PPA/2026/0001") {
			t.Error("the accused lists the protection case about them")
		}
		day := env.Now().In(protection.WIB).Format("2006-01-02")
		if res := pw.Post(ppage+"/incident", url.Values{"occurred_on": {day}, "reported_on": {day}, "village": {"36.04.05.2001"},
			"place": {"tempat_kerja"}, "forms": {"seksual"}}); res.Status != http.StatusSeeOther {
			t.Fatalf("incident: %d %s", res.Status, res.Text(".field-error"))
		}
		if res := pw.Post(ppage+"/victims", url.Values{"victim_name": {"Korban"}, "victim_sex": {"P"}, "victim_age": {"27"}}); res.Status != http.StatusSeeOther {
			t.Fatalf("victim: %d %s", res.Status, res.Text(".field-error"))
		}
		if res := ac.Get("/protection/export?format=csv"); res.Status != http.StatusOK || strings.Contains(res.Body, "PPA/") {
			t.Errorf("the accused exports the protection case about them: %d", res.Status)
		}
		if res := pw.Get("/protection/export?format=csv"); res.Status != http.StatusOK || !strings.Contains(res.Body, "PPA/2026/0001") {
			t.Errorf("the worker's export lacks the case: %d", res.Status)
		}

		ex := env.Client(t)
		ex.SignIn("examiner.kab")
		dpage := "/cases/" + dc.CasePublicID
		page := ex.Get(dpage)
		if !strings.Contains(page.Body, "PPA/2026/0001") || strings.Contains(page.Body, "ZZRINGKASANZZ") || strings.Contains(page.Body, "ZZKRONOLOGIZZ") {
			t.Fatal("the discipline side sees the protection case wrongly before consent")
		}
		// A summary only, given by the victim.
		if _, err := env.Store.RecordConsent(t.Context(), store.Actor{UserID: worker.ID, TenantID: env.Kab.ID}, env.Kab.ID, po.CasePublicID,
			protection.Consent{Recipient: protection.Personnel, Scopes: []protection.Scope{protection.ScopeSummary}, GivenBy: protection.ByVictim, GivenOn: env.Now()}); err != nil {
			t.Fatal(err)
		}
		page = ex.Get(dpage)
		if !strings.Contains(page.Body, "ZZRINGKASANZZ") || strings.Contains(page.Body, "ZZKRONOLOGIZZ") {
			t.Fatal("the discipline side does not see exactly the consented summary")
		}
		if n := count(t, env, `SELECT COUNT(*) FROM audit_events WHERE action = 'protection.bridge.read'`); n != 1 {
			t.Errorf("bridge reads audited: %d", n)
		}
		// A walk-in case naming the same civil servant is not linked to
		// the discipline case by itself: only the lead links, and a wrong
		// number and someone else's case get the same answer.
		walk := walkIn()
		walk.Set("perpetrator_nip", "197001011995031001")
		res := pw.Post("/protection/new", walk)
		if res.Status != http.StatusSeeOther {
			t.Fatalf("walk-in: %d %s", res.Status, res.Text(".field-error"))
		}
		other := pw.Get(res.Location)
		if strings.Contains(other.Text("#perpetrators"), dcNumber(t, env, dc.CasePublicID)) || other.Doc.Find(`form[action$="/link"]`).Length() != 0 {
			t.Error("a walk-in case shows, or offers to link, the discipline case about its perpetrator")
		}
		perp := other.Doc.Find(`#perpetrators a[href$="/remove"]`).AttrOr("href", "")
		linkPath := strings.TrimSuffix(perp, "/remove") + "/link"
		if res := pw.Post(linkPath, url.Values{"discipline_case": {dcNumber(t, env, dc.CasePublicID)}}); res.Status != http.StatusForbidden {
			t.Errorf("a worker linked a discipline case: %d", res.Status)
		}
		lc2 := env.Client(t)
		lc2.SignIn("kepala.kab")
		unknown := lc2.Post(linkPath, url.Values{"discipline_case": {"KD/2099/9999"}})
		if unknown.Status != http.StatusUnprocessableEntity || unknown.Text(".field-error") == "" {
			t.Errorf("unknown number: %d", unknown.Status)
		}
		if res := lc2.Post(linkPath, url.Values{"discipline_case": {dcNumber(t, env, dc.CasePublicID)}}); res.Status != http.StatusSeeOther {
			t.Errorf("the lead's link: %d %s", res.Status, res.Text(".field-error"))
		}

		// The moment the victim reported is the report's own.
		before, _ := env.Store.ProtectionCaseByID(t.Context(), env.Kab.ID, po.CasePublicID)
		if res := pw.Post(ppage+"/incident", url.Values{"occurred_on": {day}, "reported_on": {day}, "reported_time": {"00:01"}, "village": {"36.04.05.2001"},
			"place": {"tempat_kerja"}, "forms": {"seksual"}}); res.Status != http.StatusSeeOther {
			t.Fatalf("incident again: %d %s", res.Status, res.Text(".field-error"))
		}
		if after, _ := env.Store.ProtectionCaseByID(t.Context(), env.Kab.ID, po.CasePublicID); !after.ReportedAt.Equal(before.ReportedAt) {
			t.Errorf("the report's time moved from %v to %v", before.ReportedAt, after.ReportedAt)
		}

		// The discipline case moves; the protection side sees it.
		env.Advance(time.Minute)
		if res := ex.Post(dpage+"/steps", url.Values{"kind": {"summon"}, "day1": {env.Now().Format("2006-01-02")}, "day2": {env.Now().AddDate(0, 0, 5).Format("2006-01-02")}}); res.Status != http.StatusSeeOther {
			t.Fatalf("summon: %d %s", res.Status, res.Text(".alert"))
		}
		if got := pw.Get(ppage); !strings.Contains(got.Text("#perpetrators"), "Terlapor dipanggil") {
			t.Errorf("the protection side does not see the summons: %q", got.Text("#perpetrators"))
		}

		// Closed, the victim still withdraws the consent; the examiner
		// reads nothing more.
		if res := pw.Post(ppage+"/close", url.Values{"outcome": {"victim_withdrew"}, "follow_up": {env.Now().AddDate(0, 1, 0).Format("2006-01-02")}}); res.Status != http.StatusSeeOther {
			t.Fatalf("close: %d %s", res.Status, res.Text(".field-error"))
		}
		consents, _ := env.Store.Consents(t.Context(), before.ID)
		if res := pw.Post(ppage+"/consents/"+consents[0].PublicID+"/withdraw", nil); res.Status != http.StatusSeeOther {
			t.Fatalf("withdraw on a closed case: %d", res.Status)
		}
		if strings.Contains(ex.Get(dpage).Body, "ZZRINGKASANZZ") {
			t.Error("the examiner still reads the summary after the consent was withdrawn")
		}
	})
}

func dcNumber(t *testing.T, env *testserver.Env, publicID string) string {
	c, err := env.Store.DisciplineCaseByID(t.Context(), env.Kab.ID, publicID)
	if err != nil {
		t.Fatal(err)
	}
	return c.Number
}

func count(t *testing.T, env *testserver.Env, query string) int {
	t.Helper()
	var n int
	if err := env.Store.DB().R.QueryRow(query).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
