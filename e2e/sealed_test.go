package e2e

import (
	"strings"
	"testing"

	"sigap/internal/identity"
	"sigap/internal/store"
	"sigap/internal/testserver"
	"sigap/internal/vault"
)

// TestSealedIdentity walks the custodian model in the browser: an examiner
// sees a victim's identity sealed and asks with a reason, the custodian
// reads the reason and approves, the examiner sees the identity, and the
// auditor finds every step in the audit trail.
func TestSealedIdentity(t *testing.T) {
	t.Parallel()
	env := start(t)
	id, err := env.Store.CreateSealedIdentity(t.Context(), store.Actor{TenantID: env.Kab.ID}, env.Kab.ID, store.Victim, "report", "uji-7",
		store.IdentityFields{Name: vault.NewSecret("Rahmawati Lestari"), Contact: vault.NewSecret("0813-5555-7777")})
	if err != nil {
		t.Fatal(err)
	}
	page := "/identities/" + id.PublicID

	examiner := newBrowser(t, env)
	examiner.signIn("examiner.kab", testserver.Password)
	examiner.open(page)
	examiner.wantText(".seal", "Identitas ini disegel")
	if strings.Contains(examiner.text("main"), "Rahmawati") {
		t.Fatal("the sealed identity is shown")
	}
	examiner.fill("#reason", "Korban akan dipanggil sebagai saksi dalam pemeriksaan.")
	examiner.click(`form[action$="/request"] button`)
	examiner.wantText(".flash", "Permintaan dikirim ke penjaga identitas.")
	examiner.wantText(".status-pending", "menunggu")
	examiner.shot("identity-sealed")

	custodian := examiner.incognito()
	custodian.signIn("custodian.kab", testserver.Password)
	if s := custodian.text(".stats"); !strings.Contains(s, "1 permintaan menunggu") {
		t.Fatalf("custodian home: %q", s)
	}
	custodian.click(`nav.nav a[href="/custodian/requests"]`)
	custodian.click(`td.actions a`)
	custodian.wantText("h1", "Putuskan permintaan")
	if r := custodian.text(".prose"); !strings.Contains(r, "saksi") {
		t.Fatalf("reason not shown: %q", r)
	}
	custodian.shot("unseal-decide")
	custodian.click(`button[value="approve"]`)
	custodian.wantText(".flash", "Permintaan disetujui.")
	custodian.wantText(".status-approved", "disetujui")

	examiner.open(page)
	if body := examiner.text(".fields"); !strings.Contains(body, "Rahmawati Lestari") || !strings.Contains(body, "0813-5555-7777") {
		t.Fatalf("approved identity not shown: %q", body)
	}

	// The auditor sees who opened what, and never the name itself.
	auditor := examiner.incognito()
	env.AddUser(t, "auditor.kab", env.Kab.ID, identity.Auditor)
	auditor.signIn("auditor.kab", testserver.Password)
	auditor.click(`nav.nav a[href="/audit"]`)
	auditor.wantText("h1", "Jejak audit")
	trail := auditor.text("main")
	for _, want := range []string{"Membuka identitas tersegel", "Menyetujui permintaan akses identitas", "Meminta akses ke identitas tersegel", "Uji examiner.kab"} {
		if !strings.Contains(trail, want) {
			t.Errorf("the audit page lacks %q", want)
		}
	}
	if strings.Contains(trail, "Rahmawati") || strings.Contains(trail, "saksi") {
		t.Error("the audit page shows sensitive text")
	}
	auditor.shot("audit")
}
