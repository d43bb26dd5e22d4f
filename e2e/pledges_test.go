package e2e

import (
	"strconv"
	"strings"
	"testing"

	"sigap/internal/identity"
	"sigap/internal/nip"
	"sigap/internal/pledge"
	"sigap/internal/roster"
	"sigap/internal/store"
	"sigap/internal/testserver"
)

// TestPledges: the prevention officer issues the example text and asks
// everyone to sign it; the employee reads and signs it in their own
// account; the campaign's coverage moves from none to all, and the
// signature verifies. A changed text is issued as version 2: the old
// signature verifies as version 1's only, does not count for a campaign of
// version 2, and the employee is told to sign the new version.
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
	officer.wantText("#verify-result", msg(t, "id", "pledges.verify.ok", "N", 1))
	if officer.count("#verify-latest") != 0 {
		t.Fatal("a signature of the newest version is said not to cover it")
	}
	signature := officer.path()

	// A changed text is issued as version 2. The old signature still
	// verifies against version 1's text, says it does not cover version 2,
	// in both languages, and does not count for a campaign of version 2.
	officer.open("/pledges")
	officer.fill("#title", "Pakta Integritas (perubahan)")
	officer.fill("#body", pledge.DefaultText+"\n8. tidak menerima hadiah dalam bentuk apa pun terkait jabatan.")
	officer.wantStatus("issue v2", officer.click(`form[action="/pledges/versions"] button.primary`), 200)
	officer.wantText(".flash", msg(t, "id", "flash.pledge_version_added"))
	hash2 := officer.text(".facts code")
	if len(hash2) != 64 || hash2 == hash {
		t.Fatalf("version 2 hash: %q", hash2)
	}
	officer.open(signature)
	officer.wantText("#verify-result", msg(t, "id", "pledges.verify.ok", "N", 1))
	if officer.count("#verify-result.ok") != 1 {
		t.Fatal("the old signature no longer verifies against version 1")
	}
	officer.wantText("#verify-latest", msg(t, "id", "pledges.verify.not_latest", "N", 1, "Latest", 2))
	officer.click(`button[name="lang"][value="en"]`)
	officer.wantText("#verify-result", msg(t, "en", "pledges.verify.ok", "N", 1))
	officer.wantText("#verify-latest", msg(t, "en", "pledges.verify.not_latest", "N", 1, "Latest", 2))
	officer.click(`button[name="lang"][value="id"]`)

	officer.open("/pledges")
	officer.fill("#name", "Pakta Integritas versi 2")
	if got := officer.selectedText("#version"); !strings.HasPrefix(got, "2 ") {
		t.Fatalf("the campaign form does not offer version 2 first: %q", got)
	}
	officer.set("#due", "2027-01-31")
	officer.wantStatus("campaign v2", officer.click(`form[action="/pledges/campaigns"] button.primary`), 200)
	campaign2 := officer.path()
	if !strings.Contains(officer.text("#coverage-total"), "0 dari 1") || !strings.Contains(officer.text("#not-signed"), "Siti Pegawai") {
		t.Fatalf("version 1's signature counts for version 2: %q", officer.text("#coverage-total"))
	}

	// The employee is told to sign the new version, and does.
	emp.open("/my/pledges")
	id2 := strings.TrimPrefix(campaign2, "/pledges/campaigns/")
	emp.wantText("#own-earlier-"+id2, msg(t, "id", "own_pledges.earlier", "N", 1, "M", 2))
	if !strings.Contains(emp.text(".pledge-text"), "8. tidak menerima hadiah") {
		t.Fatal("the new text is not shown")
	}
	if got := emp.value(`form[action="/my/pledges/` + id2 + `/sign"] input[name="sha256"]`); got != hash2 {
		t.Fatalf("the form carries %q, not version 2's hash", got)
	}
	emp.check(`form[action="/my/pledges/` + id2 + `/sign"] input[name="agree"]`)
	emp.wantStatus("sign v2", emp.click(`form[action="/my/pledges/`+id2+`/sign"] button.primary`), 200)
	emp.wantText(".flash", msg(t, "id", "flash.pledge_signed"))
	if emp.count("#own-earlier-"+id2) != 0 {
		t.Fatal("still told to sign after signing version 2")
	}
	officer.open(campaign2)
	if !strings.Contains(officer.text("#coverage-total"), "1 dari 1") {
		t.Fatalf("coverage of version 2 after signing it: %q", officer.text("#coverage-total"))
	}
	officer.open(signature)
	if officer.count("#verify-latest") != 1 {
		t.Fatal("the version 1 signature is taken for version 2 once version 2 is signed")
	}
}
