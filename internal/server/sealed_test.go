package server_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"sigap/internal/db"
	"sigap/internal/store"
	"sigap/internal/testserver"
	"sigap/internal/vault"
)

// sealIdentity stores a victim's identity in Kabupaten Serang.
func sealIdentity(t *testing.T, env *testserver.Env) store.SealedIdentity {
	t.Helper()
	id, err := env.Store.CreateSealedIdentity(t.Context(), store.Actor{TenantID: env.Kab.ID}, env.Kab.ID, store.Victim, "report", "uji-1",
		store.IdentityFields{Name: vault.NewSecret("Rahmawati Lestari"), Contact: vault.NewSecret("0813-5555-7777")})
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func TestUnsealFlow(t *testing.T) {
	env := testserver.Start(t, db.SQLite)
	id := sealIdentity(t, env)
	page := "/identities/" + id.PublicID

	examiner := env.Client(t)
	examiner.SignIn("examiner.kab")
	res := examiner.Get(page)
	if res.Status != http.StatusOK || strings.Contains(res.Body, "Rahmawati") || res.Text(".seal") != "Identitas ini disegel" {
		t.Fatalf("sealed page: %d %q", res.Status, res.Text(".seal"))
	}
	if res := examiner.Post(page+"/request", url.Values{"reason": {"pendek"}}); res.Status != http.StatusUnprocessableEntity {
		t.Errorf("short reason: %d", res.Status)
	}
	reason := "Korban akan dipanggil sebagai saksi dalam pemeriksaan."
	if res := examiner.Post(page+"/request", url.Values{"reason": {reason}}); res.Status != http.StatusSeeOther {
		t.Fatalf("request: %d %s", res.Status, res.Text(".alert"))
	}
	if res := examiner.Post(page+"/request", url.Values{"reason": {reason}}); res.Status != http.StatusConflict {
		t.Errorf("second pending request: %d", res.Status)
	}
	reqs, _ := env.Store.UnsealRequests(t.Context(), env.Kab.ID, 10)
	if len(reqs) != 1 {
		t.Fatalf("%d requests", len(reqs))
	}
	decide := "/custodian/requests/" + reqs[0].PublicID

	// The examiner cannot decide it; the custodian sees the reason.
	if res := examiner.Get("/custodian/requests"); res.Status != http.StatusForbidden {
		t.Errorf("examiner lists requests: %d", res.Status)
	}
	custodian := env.Client(t)
	home := custodian.SignIn("custodian.kab")
	if !strings.Contains(home.Doc.Find(".stats").Text(), "1 permintaan menunggu") {
		t.Errorf("custodian home: %q", home.Doc.Find(".stats").Text())
	}
	res = custodian.Get(decide)
	if !strings.Contains(res.Text(".prose"), "saksi") {
		t.Fatalf("reason not shown: %d", res.Status)
	}
	if res := custodian.Post(decide+"/decide", url.Values{"decision": {"refuse"}}); res.Status != http.StatusUnprocessableEntity {
		t.Errorf("refusal without a note: %d", res.Status)
	}
	if res := custodian.Post(decide+"/decide", url.Values{"decision": {"approve"}, "ttl": {"1000h0m0s"}}); res.Status != http.StatusUnprocessableEntity {
		t.Errorf("unlisted duration: %d", res.Status)
	}
	if res := custodian.Post(decide+"/decide", url.Values{"decision": {"approve"}, "ttl": {"1h0m0s"}}); res.Status != http.StatusSeeOther {
		t.Fatalf("approve: %d %s", res.Status, res.Text(".alert"))
	}
	if res := custodian.Post(decide+"/decide", url.Values{"decision": {"refuse"}, "note": {"x"}}); res.Status != http.StatusConflict {
		t.Errorf("decided twice: %d", res.Status)
	}

	// Now the examiner sees the identity, and each view is audited.
	res = examiner.Get(page)
	if !strings.Contains(res.Body, "Rahmawati Lestari") || !strings.Contains(res.Body, "0813-5555-7777") {
		t.Fatal("approved identity not shown")
	}
	examiner.Get(page)
	reads, _ := env.Store.AuditEvents(t.Context(), store.AuditFilter{Chain: env.Kab.ID, Action: "identity.read", Limit: 10})
	if len(reads) != 2 || reads[0].ActorID != env.Users["examiner.kab"].ID {
		t.Errorf("reads audited: %+v", reads)
	}
	// The custodian sees afterwards each time the identity was opened.
	if n := custodian.Get(decide).Doc.Find("tbody tr").Length(); n != 2 {
		t.Errorf("custodian sees %d reads, want 2", n)
	}
	// Others still see it sealed.
	other := env.Client(t)
	other.SignIn("admin.kota")
	if res := other.Get(page); res.Status != http.StatusForbidden && res.Status != http.StatusNotFound {
		t.Errorf("other tenant: %d", res.Status)
	}
	// When the hour is over, it is sealed again.
	env.Advance(61 * time.Minute)
	examiner.SignIn("examiner.kab")
	if res := examiner.Get(page); strings.Contains(res.Body, "Rahmawati") {
		t.Error("identity still open after the grant ended")
	}
	// Nothing of the identity reached the logs.
	if strings.Contains(env.Logs.String(), "Rahmawati") || strings.Contains(env.Logs.String(), "saksi") {
		t.Error("sensitive text in the logs")
	}
}

func TestCustodianCannotDecideOwnRequest(t *testing.T) {
	env := testserver.Start(t, db.SQLite)
	id := sealIdentity(t, env)
	u := env.Users["custodian.kab"]
	r, err := env.Store.RequestUnseal(t.Context(), store.Actor{UserID: u.ID, TenantID: env.Kab.ID}, env.Kab.ID, id.PublicID, vault.NewSecret("alasan yang cukup panjang"))
	if err != nil {
		t.Fatal(err)
	}
	c := env.Client(t)
	c.SignIn("custodian.kab")
	c.Get("/custodian/requests/" + r.PublicID)
	if res := c.Post("/custodian/requests/"+r.PublicID+"/decide", url.Values{"decision": {"approve"}, "ttl": {"1h0m0s"}}); res.Status != http.StatusForbidden {
		t.Errorf("own request decided: %d", res.Status)
	}
}
