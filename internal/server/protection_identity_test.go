package server_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"sigap/internal/identity"
	"sigap/internal/protection"
	"sigap/internal/roster"
	"sigap/internal/store"
	"sigap/internal/testserver"
	"sigap/internal/vault"
)

// A protection case victim's sealed identity is need-to-know: only those
// who may work on the victim's case (its worker, the lead) see that it is
// there and may ask to open it. A worker of another case, an examiner and
// the case's accused get NotFound for the page and the request, and an
// approval stored for them anyway opens nothing. The custodian is told
// the identity is a protection victim's; a report's identity stays as it
// was.
func TestProtectionVictimIdentityNeedToKnow(t *testing.T) {
	eachEngine(t, func(t *testing.T, env *testserver.Env) {
		ctx := t.Context()
		f := newStatsFixture(t, env)
		page := "/identities/" + f.identityA
		reason := func() url.Values { return url.Values{"reason": {"Korban perlu dirujuk ke rumah aman."}} } // Post adds its form token

		// The accused: a lead whose account is linked to a perpetrator of case A.
		importRoster(t, env, []roster.Row{{Line: 2, NIP: mustNIP(t, "197001011995031001"), Name: "Kepala Bidang Uji", Status: roster.PNS,
			Position: "Kepala Bidang", Kind: roster.Administrator, Unit: "Inspektorat", State: roster.Active}})
		boss, _ := env.Store.EmployeeByNIP(ctx, env.Kab.ID, "197001011995031001")
		if err := env.Store.AddPerpetrator(ctx, store.System, env.Kab.ID, f.caseA, protection.Perpetrator{Name: "Kepala Bidang Uji", EmployeeID: boss.ID,
			Sex: protection.Male, Age: -1, Relation: "atasan"}); err != nil {
			t.Fatal(err)
		}
		accused := env.AddUser(t, "kabid.kab", env.Kab.ID, identity.ProtectionLead)
		if err := env.Store.LinkUserEmployee(ctx, store.System, env.Kab.ID, accused.ID, boss.ID); err != nil {
			t.Fatal(err)
		}

		for _, username := range []string{"pendamping.dua", "examiner.kab", "kabid.kab"} {
			c := env.Client(t)
			c.SignIn(username)
			if res := c.Get(page); res.Status != http.StatusNotFound {
				t.Errorf("%s opens the victim's identity page: %d", username, res.Status)
			}
			if res := c.Post(page+"/request", reason()); res.Status != http.StatusNotFound {
				t.Errorf("%s asks to unseal the victim: %d", username, res.Status)
			}
		}
		if reqs, _ := env.Store.UnsealRequests(ctx, env.Kab.ID, 10); len(reqs) != 0 {
			t.Fatalf("refused requests were recorded: %d", len(reqs))
		}

		// An approval stored directly for an examiner or the accused opens nothing.
		custodian := env.Users["custodian.kab"]
		for _, u := range []identity.User{env.Users["examiner.kab"], accused} {
			req, err := env.Store.RequestUnseal(ctx, store.Actor{UserID: u.ID, TenantID: env.Kab.ID}, env.Kab.ID, f.identityA, vault.NewSecret("permintaan langsung"))
			if err != nil {
				t.Fatal(err)
			}
			if err := env.Store.DecideUnseal(ctx, store.Actor{UserID: custodian.ID, TenantID: env.Kab.ID}, env.Kab.ID, req.PublicID, true, vault.Secret{}, time.Hour); err != nil {
				t.Fatal(err)
			}
			c := env.Client(t)
			c.SignIn(u.Username)
			if res := c.Get(page); res.Status != http.StatusNotFound || strings.Contains(res.Body, "ZZKORBANAZZ") {
				t.Errorf("%s with a stored approval: %d", u.Username, res.Status)
			}
		}

		// The case's worker and the lead see it sealed and may ask.
		lead := env.Client(t)
		lead.SignIn("ketua.ppa")
		if res := lead.Get(page); res.Status != http.StatusOK || strings.Contains(res.Body, "ZZKORBANAZZ") {
			t.Errorf("the lead's page: %d", res.Status)
		}
		w1 := env.Client(t)
		w1.SignIn("pendamping.satu")
		if res := w1.Get(page); res.Status != http.StatusOK {
			t.Errorf("the case worker's page: %d", res.Status)
		}
		if res := w1.Post(page+"/request", reason()); res.Status != http.StatusSeeOther {
			t.Fatalf("the case worker's request: %d %s", res.Status, res.Text(".field-error"))
		}
		mine, _ := env.Store.UserUnsealRequests(ctx, env.Kab.ID, f.worker1.ID, f.identityA)
		if len(mine) != 1 {
			t.Fatalf("%d requests of the worker", len(mine))
		}

		// The custodian is told whose identity it is; a report's is unchanged.
		cu := env.Client(t)
		cu.SignIn("custodian.kab")
		if res := cu.Get("/custodian/requests/" + mine[0].PublicID); res.Status != http.StatusOK || res.Text("#subject") == "" ||
			!strings.Contains(res.Text("#subject"), "kasus perlindungan") {
			t.Errorf("the custodian is not told it is a protection victim: %d %q", res.Status, res.Text("#subject"))
		}
		other := sealIdentity(t, env)
		ex := env.Client(t)
		ex.SignIn("examiner.kab")
		if res := ex.Get("/identities/" + other.PublicID); res.Status != http.StatusOK {
			t.Errorf("a report's identity: %d", res.Status)
		}
		if res := ex.Post("/identities/"+other.PublicID+"/request", reason()); res.Status != http.StatusSeeOther {
			t.Fatalf("a report's identity request: %d", res.Status)
		}
		theirs, _ := env.Store.UserUnsealRequests(ctx, env.Kab.ID, env.Users["examiner.kab"].ID, other.PublicID)
		if len(theirs) != 1 {
			t.Fatalf("%d requests of the examiner", len(theirs))
		}
		if res := cu.Get("/custodian/requests/" + theirs[0].PublicID); res.Status != http.StatusOK || res.Doc.Find("#subject").Length() != 0 {
			t.Errorf("a report's identity shown as a protection victim's: %d", res.Status)
		}
	})
}
