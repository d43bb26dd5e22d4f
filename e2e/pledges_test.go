package e2e

import (
	"strconv"
	"strings"
	"testing"

	"sigap/internal/identity"
	"sigap/internal/nip"
	"sigap/internal/roster"
	"sigap/internal/store"
	"sigap/internal/testserver"
)

// TestPledges: the prevention officer issues the example text and asks
// everyone to sign it; the employee reads and signs it in their own
// account; the campaign's coverage moves from none to all, and the
// signature verifies.
func TestPledges(t *testing.T) {
	t.Parallel()
	env := start(t)
	ctx := t.Context()
	n, _ := nip.Parse("198001012005011001")
	if _, problems, err := env.Store.ImportEmployees(ctx, store.System, env.Kab.ID, []roster.Row{{Line: 2, NIP: n, Name: "Siti Pegawai",
		Status: roster.PNS, Position: "Analis", Kind: roster.Pelaksana, Unit: "Inspektorat", State: roster.Active}}, store.ImportOptions{}); err != nil || len(problems) > 0 {
		t.Fatal(err, problems)
	}
	e, err := env.Store.EmployeeByNIP(ctx, env.Kab.ID, n.String())
	if err != nil {
		t.Fatal(err)
	}
	if err := env.Store.LinkUserEmployee(ctx, store.System, env.Kab.ID, env.Users["employee.kab"].ID, e.ID); err != nil {
		t.Fatal(err)
	}
	env.AddUser(t, "pencegahan.kab", env.Kab.ID, identity.Prevention)

	officer := newBrowser(t, env)
	officer.signIn("pencegahan.kab", testserver.Password)
	officer.wantStatus("pledges", officer.click(`nav.nav a[href="/pledges"]`), 200)
	officer.wantText("h1", msg(t, "id", "pledges.title"))
	if !strings.Contains(officer.value("#body"), "CONTOH NASKAH") {
		t.Fatal("the example text is not offered")
	}
	officer.wantStatus("issue", officer.click(`form[action="/pledges/versions"] button.primary`), 200)
	officer.wantText(".flash", msg(t, "id", "flash.pledge_version_added"))
	hash := officer.text(".facts code")
	if len(hash) != 64 {
		t.Fatalf("hash shown: %q", hash)
	}
	officer.open("/pledges")
	officer.fill("#name", "Pakta Integritas 2026")
	officer.set("#due", "2026-12-31")
	officer.wantStatus("campaign", officer.click(`form[action="/pledges/campaigns"] button.primary`), 200)
	officer.wantText(".flash", msg(t, "id", "flash.pledge_campaign_added"))
	campaign := officer.path()
	if !strings.Contains(officer.text("#coverage-total"), "0 dari 1") {
		t.Fatalf("coverage before: %q", officer.text("#coverage-total"))
	}
	if !strings.Contains(officer.text("#not-signed"), "Siti Pegawai") {
		t.Fatal("the employee is not listed as not signed")
	}

	emp := officer.incognito()
	emp.signIn("employee.kab", testserver.Password)
	emp.wantStatus("own pledges", emp.click(`nav.nav a[href="/my/pledges"]`), 200)
	if !strings.Contains(emp.text(".pledge-text"), "PAKTA INTEGRITAS") {
		t.Fatal("the text is not shown to the employee")
	}
	emp.check(`input[name="agree"]`)
	emp.wantStatus("sign", emp.click(`form[action^="/my/pledges/"] button.primary`), 200)
	emp.wantText(".flash", msg(t, "id", "flash.pledge_signed"))
	if !strings.Contains(emp.text("table.pledge-signatures"), hash) {
		t.Fatal("the signature is not in the employee's history")
	}

	officer.open(campaign)
	if !strings.Contains(officer.text("#coverage-total"), "1 dari 1") {
		t.Fatalf("coverage after: %q", officer.text("#coverage-total"))
	}
	officer.open("/employees/" + strconv.FormatInt(e.ID, 10))
	officer.wantStatus("verify", officer.click(`#pledges table a`), 200)
	if officer.count("#verify-result.ok") != 1 {
		t.Fatalf("verification: %q", officer.text("#verify-result"))
	}
}
