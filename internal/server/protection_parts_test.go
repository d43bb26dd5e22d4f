package server_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"sigap/internal/calendar"
	"sigap/internal/identity"
	"sigap/internal/protection"
	"sigap/internal/store"
	"sigap/internal/testserver"
)

// protectionCaseOf opens a case whose first worker is the given account.
func protectionCaseOf(t *testing.T, env *testserver.Env, u identity.User) store.ProtectionCase {
	t.Helper()
	c, err := env.Store.OpenProtectionCase(t.Context(), store.Actor{UserID: u.ID, TenantID: u.TenantID}, u.TenantID, protectionInput(env.Now(), ""))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// Only the case's workers and the lead reach its parts: an unassigned
// worker and another government's lead get "not found", and so does
// everyone else's guess of an ID.
func TestProtectionPartsNeedToKnow(t *testing.T) {
	eachEngine(t, func(t *testing.T, env *testserver.Env) {
		w1 := env.AddUser(t, "pendamping.satu", env.Kab.ID, identity.Protection)
		env.AddUser(t, "pendamping.dua", env.Kab.ID, identity.Protection)
		env.AddUser(t, "koordinator.kota", env.Kota.ID, identity.ProtectionLead)
		c := protectionCaseOf(t, env, w1)
		base := "/protection/" + c.PublicID
		for _, who := range []string{"pendamping.dua", "koordinator.kota"} {
			cl := env.Client(t)
			cl.SignIn(who)
			for _, p := range []string{"/services", "/consents", "/referrals"} {
				if res := cl.Get(base + p); res.Status != http.StatusNotFound {
					t.Errorf("%s GET %s: %d", who, p, res.Status)
				}
			}
			for p, v := range map[string]url.Values{
				"/services":  {"kind": {"pengaduan"}, "given_on": {calendar.DateOf(env.Now(), protection.WIB).String()}, "provider": {"UPTD"}},
				"/consents":  {"recipient": {"polisi"}, "scopes": {"summary"}, "given_by": {"victim"}, "given_on": {calendar.DateOf(env.Now(), protection.WIB).String()}},
				"/referrals": {"recipient": {"polisi"}, "organisation": {"Polres"}, "referred_on": {calendar.DateOf(env.Now(), protection.WIB).String()}},
			} {
				if res := cl.Post(base+p, v); res.Status != http.StatusNotFound {
					t.Errorf("%s POST %s: %d", who, p, res.Status)
				}
			}
		}
		var n int
		env.Store.DB().R.QueryRow(`SELECT (SELECT COUNT(*) FROM protection_services) + (SELECT COUNT(*) FROM protection_consents) + (SELECT COUNT(*) FROM protection_referrals)`).Scan(&n)
		if n != 0 {
			t.Fatalf("%d rows written by people without access", n)
		}
	})
}

// A worker records services on the page (every problem beside its field,
// nothing written), reads the notes (audited), removes one after
// confirming; the lead who is not assigned sees that there are notes, not
// what they say.
func TestProtectionServicesPage(t *testing.T) {
	eachEngine(t, func(t *testing.T, env *testserver.Env) {
		w1 := env.AddUser(t, "pendamping.satu", env.Kab.ID, identity.Protection)
		env.AddUser(t, "koordinator.kab", env.Kab.ID, identity.ProtectionLead)
		c := protectionCaseOf(t, env, w1)
		base := "/protection/" + c.PublicID + "/services"
		cl := env.Client(t)
		cl.SignIn("pendamping.satu")
		page := cl.Get(base)
		if page.Status != http.StatusOK || page.Doc.Find("p.empty").Length() != 1 || page.Doc.Find(`a[href="/protection/`+c.PublicID+`"]`).Length() == 0 {
			t.Fatalf("empty services page: %d", page.Status)
		}
		today := calendar.DateOf(env.Now(), protection.WIB)
		bad := cl.Post(base, url.Values{"kind": {"pijat"}, "given_on": {today.AddDays(1).String()}, "provider": {"  "}, "notes": {strings.Repeat("x", 5001)},
			"victim": {"bukan-korban"}})
		if bad.Status != http.StatusUnprocessableEntity {
			t.Fatalf("bad service: %d", bad.Status)
		}
		for _, f := range []string{"kind", "given_on", "provider", "notes", "victim"} {
			if bad.Doc.Find(`[name="`+f+`"][aria-invalid="true"]`).Length() != 1 {
				t.Errorf("no error beside %s", f)
			}
		}
		if res := cl.Post(base, url.Values{"kind": {"pengaduan"}, "given_on": {today.AddDays(-30).String()}, "provider": {"UPTD"}}); res.Status != http.StatusUnprocessableEntity ||
			!strings.Contains(res.Text(`#given_on + .field-error`), "sebelum tanggal kejadian") {
			t.Fatalf("service before the incident: %d %q", res.Status, res.Text(".field-error"))
		}
		if res := cl.Post(base, url.Values{"kind": {"kesehatan_psikologis"}, "given_on": {today.String()}, "provider": {"Psikolog UPTD"},
			"notes": {"ZZKONSELINGZZ"}}); res.Status != http.StatusSeeOther {
			t.Fatalf("add service: %d %s", res.Status, res.Text(".alert"))
		}
		page = cl.Get(base)
		if !strings.Contains(page.Text("#services"), "ZZKONSELINGZZ") || !strings.Contains(page.Text("#services"), "Pendampingan psikologis") {
			t.Fatalf("the worker does not see the notes")
		}
		if n := auditCount(t, env, "protection.services.read"); n != 1 {
			t.Errorf("%d readings audited", n)
		}

		lead := env.Client(t)
		lead.SignIn("koordinator.kab")
		lp := lead.Get(base)
		if lp.Status != http.StatusOK || strings.Contains(lp.Body, "ZZKONSELINGZZ") || !strings.Contains(lp.Text("#services"), "Tersegel") {
			t.Fatalf("lead's view: %d", lp.Status)
		}

		href, _ := page.Doc.Find(`#services a[href$="/remove"]`).Attr("href")
		confirm := cl.Get(href)
		if confirm.Status != http.StatusOK || confirm.Doc.Find(`form[action="`+href+`"] button.danger`).Length() != 1 {
			t.Fatalf("confirmation: %d", confirm.Status)
		}
		if res := cl.Post(href, nil); res.Status != http.StatusSeeOther {
			t.Fatalf("remove: %d", res.Status)
		}
		if res := cl.Get(href); res.Status != http.StatusNotFound {
			t.Fatalf("removed service still confirmable: %d", res.Status)
		}
		if cl.Get(base).Doc.Find("p.empty").Length() != 1 {
			t.Fatal("no empty state after the removal")
		}
		if strings.Contains(env.Logs.String(), "ZZKONSELINGZZ") {
			t.Fatal("the notes reached the log")
		}
	})
}

// Consents on their page: the scopes explained, every problem at once,
// recorded, withdrawn after confirming.
func TestProtectionConsentsPage(t *testing.T) {
	eachEngine(t, func(t *testing.T, env *testserver.Env) {
		w1 := env.AddUser(t, "pendamping.satu", env.Kab.ID, identity.Protection)
		c := protectionCaseOf(t, env, w1)
		base := "/protection/" + c.PublicID + "/consents"
		cl := env.Client(t)
		cl.SignIn("pendamping.satu")
		page := cl.Get(base)
		if page.Status != http.StatusOK || page.Doc.Find("p.empty").Length() != 1 || !strings.Contains(page.Text("#scopes-explained"), "catatan konseling tidak pernah dibagikan") {
			t.Fatalf("consents page: %d", page.Status)
		}
		today := calendar.DateOf(env.Now(), protection.WIB).String()
		bad := cl.Post(base, url.Values{"recipient": {"wartawan"}, "scopes": {"semua"}, "given_on": {"kemarin"}})
		if bad.Status != http.StatusUnprocessableEntity {
			t.Fatalf("bad consent: %d", bad.Status)
		}
		for _, f := range []string{"recipient", "given_on"} {
			if bad.Doc.Find(`[name="`+f+`"][aria-invalid="true"]`).Length() != 1 {
				t.Errorf("no error beside %s", f)
			}
		}
		if bad.Doc.Find(`fieldset[aria-invalid="true"]`).Length() != 2 {
			t.Errorf("scopes and given_by not marked")
		}
		if res := cl.Post(base, url.Values{"recipient": {"polisi"}, "scopes": {"summary", "identity"}, "given_by": {"victim"}, "given_on": {today}}); res.Status != http.StatusSeeOther {
			t.Fatalf("record: %d %s", res.Status, res.Text(".alert"))
		}
		page = cl.Get(base)
		row := page.Text("#consents tbody tr")
		if !strings.Contains(row, "Kepolisian") || !strings.Contains(row, "Identitas korban") || !strings.Contains(row, "Berlaku") || !strings.Contains(row, "Uji pendamping.satu") {
			t.Fatalf("consent row: %q", row)
		}
		href, _ := page.Doc.Find(`#consents a[href$="/withdraw"]`).Attr("href")
		if confirm := cl.Get(href); confirm.Status != http.StatusOK || confirm.Doc.Find(`form[action="`+href+`"]`).Length() != 1 {
			t.Fatalf("confirmation: %d", confirm.Status)
		}
		if res := cl.Post(href, nil); res.Status != http.StatusSeeOther {
			t.Fatalf("withdraw: %d", res.Status)
		}
		if res := cl.Get(href); res.Status != http.StatusNotFound {
			t.Fatalf("withdrawn consent confirmable again: %d", res.Status)
		}
		if row := cl.Get(base).Text("#consents tbody tr"); !strings.Contains(row, "Ditarik") {
			t.Fatalf("withdrawn row: %q", row)
		}
	})
}

// Referrals on their page: refused without consent with a message naming
// it, nothing written; a worker cannot override, the lead can with a
// reason of 20 characters (audited on its own); the partner's answer.
func TestProtectionReferralsPage(t *testing.T) {
	eachEngine(t, func(t *testing.T, env *testserver.Env) {
		w1 := env.AddUser(t, "pendamping.satu", env.Kab.ID, identity.Protection)
		env.AddUser(t, "koordinator.kab", env.Kab.ID, identity.ProtectionLead)
		c := protectionCaseOf(t, env, w1)
		base := "/protection/" + c.PublicID + "/referrals"
		cl := env.Client(t)
		cl.SignIn("pendamping.satu")
		page := cl.Get(base)
		if page.Status != http.StatusOK || page.Doc.Find("p.empty").Length() != 1 || page.Doc.Find("#override_reason").Length() != 0 {
			t.Fatalf("worker's referrals page: %d", page.Status)
		}
		today := calendar.DateOf(env.Now(), protection.WIB).String()
		// Post adds the client's form token to the values it is given:
		// each post gets its own.
		police := func(reason string) url.Values {
			v := url.Values{"recipient": {"polisi"}, "organisation": {"Polres Serang"}, "referred_on": {today}, "note": {"ZZCATATANZZ"}}
			if reason != "" {
				v.Set("override_reason", reason)
			}
			return v
		}
		res := cl.Post(base, police(""))
		if res.Status != http.StatusConflict || !strings.Contains(res.Text(".alert"), "belum ada persetujuan korban (atau wali) yang berlaku untuk berbagi dengan kepolisian") {
			t.Fatalf("without consent: %d %q", res.Status, res.Text(".alert"))
		}
		if res := cl.Post(base, police("korban dalam bahaya, harus segera dirujuk")); res.Status != http.StatusForbidden {
			t.Fatalf("a worker's override: %d", res.Status)
		}
		bad := cl.Post(base, url.Values{"recipient": {"dukun"}, "organisation": {""}, "referred_on": {"2026-13-01"}, "referred_time": {"25:00"}})
		if bad.Status != http.StatusUnprocessableEntity {
			t.Fatalf("bad referral: %d", bad.Status)
		}
		for _, f := range []string{"recipient", "organisation", "referred_on"} {
			if bad.Doc.Find(`[name="`+f+`"][aria-invalid="true"]`).Length() != 1 {
				t.Errorf("no error beside %s", f)
			}
		}
		var n int
		env.Store.DB().R.QueryRow(`SELECT COUNT(*) FROM protection_referrals`).Scan(&n)
		if n != 0 || auditCount(t, env, "protection.referral.add") != 0 {
			t.Fatalf("refused referrals wrote %d rows", n)
		}

		lead := env.Client(t)
		lead.SignIn("koordinator.kab")
		if lead.Get(base).Doc.Find("#override_reason").Length() != 1 {
			t.Fatal("the lead has no override field")
		}
		if res := lead.Post(base, police("bahaya")); res.Status != http.StatusUnprocessableEntity || res.Doc.Find(`#override_reason[aria-invalid="true"]`).Length() != 1 {
			t.Fatalf("short reason: %d %q", res.Status, res.Text(".alert"))
		}
		if res := lead.Post(base, police("ZZALASANZZ korban dalam bahaya, harus segera dirujuk")); res.Status != http.StatusSeeOther {
			t.Fatalf("lead's override: %d %s", res.Status, res.Text(".alert"))
		}
		if auditCount(t, env, "protection.referral.override") != 1 || auditCount(t, env, "protection.referral.add") != 1 {
			t.Fatal("override not audited")
		}
		// The lead, not assigned, sees that there are a note and a reason
		// (even their own), not what they say; nothing is opened, nothing
		// audited as read.
		lp := lead.Get(base)
		if lp.Status != http.StatusOK || strings.Contains(lp.Body, "ZZCATATANZZ") || strings.Contains(lp.Body, "ZZALASANZZ") ||
			lp.Doc.Find("#referrals .sealed").Length() != 2 || lp.Doc.Find("p.sealed").Length() != 1 {
			t.Fatalf("the lead's referrals page opens the notes: %d", lp.Status)
		}
		if n := auditCount(t, env, "protection.referrals.read"); n != 0 {
			t.Fatalf("%d referral reads audited for someone not on the case", n)
		}
		page = cl.Get(base)
		row := page.Text("#referrals tbody tr")
		if !strings.Contains(row, "Polres Serang") || !strings.Contains(row, "Tanpa persetujuan") || !strings.Contains(row, "Uji koordinator.kab") ||
			!strings.Contains(row, "ZZCATATANZZ") || !strings.Contains(row, "ZZALASANZZ") || page.Doc.Find(".sealed").Length() != 0 {
			t.Fatalf("referral row: %q", row)
		}
		if n := auditCount(t, env, "protection.referrals.read"); n != 1 {
			t.Fatalf("%d referral reads audited, want the worker's 1", n)
		}
		first, err := env.Store.PoliceReferredAt(t.Context(), c.ID)
		if err != nil || first.IsZero() || env.Now().Sub(first) > time.Minute {
			t.Fatalf("police referred at %v %v", first, err)
		}

		action, _ := page.Doc.Find(`#referrals form`).Attr("action")
		if res := cl.Post(action, url.Values{"status": {"sent"}}); res.Status != http.StatusUnprocessableEntity {
			t.Fatalf("back to sent: %d", res.Status)
		}
		if res := cl.Post(action, url.Values{"status": {"accepted"}}); res.Status != http.StatusSeeOther {
			t.Fatalf("accepted: %d", res.Status)
		}
		if row := cl.Get(base).Text("#referrals tbody tr"); !strings.Contains(row, "Diterima") {
			t.Fatalf("answered row: %q", row)
		}
		if res := cl.Post(strings.Replace(action, "/referrals/", "/referrals/x", 1), url.Values{"status": {"done"}}); res.Status != http.StatusNotFound && res.Status != http.StatusUnprocessableEntity {
			t.Fatalf("unknown referral: %d", res.Status)
		}

		// With the victim's consent the worker refers; once it is
		// withdrawn, no new referral.
		if res := cl.Post("/protection/"+c.PublicID+"/consents", url.Values{"recipient": {"kesehatan"}, "scopes": {"summary"}, "given_by": {"victim"}, "given_on": {today}}); res.Status != http.StatusSeeOther {
			t.Fatalf("consent: %d %s", res.Status, res.Text(".alert"))
		}
		health := func() url.Values {
			return url.Values{"recipient": {"kesehatan"}, "organisation": {"Puskesmas Ciruas"}, "referred_on": {today}}
		}
		if res := cl.Post(base, health()); res.Status != http.StatusSeeOther {
			t.Fatalf("with consent: %d %s", res.Status, res.Text(".alert"))
		}
		consents, _ := env.Store.Consents(t.Context(), c.ID)
		if res := cl.Post("/protection/"+c.PublicID+"/consents/"+consents[0].PublicID+"/withdraw", nil); res.Status != http.StatusSeeOther {
			t.Fatalf("withdraw: %d", res.Status)
		}
		if res := cl.Post(base, health()); res.Status != http.StatusConflict {
			t.Fatalf("after withdrawal: %d", res.Status)
		}
		if regexp.MustCompile(`ZZ[A-Z]{3,}ZZ`).MatchString(env.Logs.String()) {
			t.Fatal("a sealed text reached the log")
		}
	})
}
