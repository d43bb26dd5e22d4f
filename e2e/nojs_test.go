package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"sigap/internal/testserver"
)

// TestWithoutJavaScript runs a browser whose pages may not run scripts and
// checks that signing in, adding a unit, switching the language and
// creating an API token all work.
func TestWithoutJavaScript(t *testing.T) {
	t.Parallel()
	env := start(t)
	b := newBrowser(t, env, chromedp.Flag("blink-settings", "scriptEnabled=false"))

	b.signIn("admin.kab", testserver.Password)
	b.wantPath("/")
	b.wantText("h1", "Selamat datang, Uji admin.kab")

	b.click(`nav.nav a[href="/admin/units"]`)
	b.click(`a.button[href="/admin/units/new"]`)
	b.fill("#name", "Dinas Komunikasi dan Informatika")
	b.fill("#abbreviation", "Diskominfo")
	b.set("#kind", "dinas")
	b.click(`form.form button.primary`)
	b.wantPath("/admin/units")
	b.wantText(".flash", "Unit ditambahkan.")
	b.want("new row", b.row("Diskominfo"), "Dinas Komunikasi dan Informatika Diskominfo Dinas Ubah Tambah sub-unit Arsipkan")

	b.click(`button[name="lang"][value="en"]`)
	b.wantPath("/admin/units")
	b.wantText("h1", "Units")
	b.want("row in English", b.row("Diskominfo"), "Dinas Komunikasi dan Informatika Diskominfo Office (dinas) Edit Add sub-unit Archive")

	// Scripts really are off: app.js would add a copy button beside a new
	// token (TestAccountTokens checks that it does when scripts run).
	b.open("/account")
	b.fill("#token-name", "tanpa skrip")
	b.click(`form[action="/account/tokens"] button`)
	if tok := b.text("#new-token"); !strings.HasPrefix(tok, "sgp_") {
		t.Fatalf("new token %q", tok)
	}
	if n := b.count(".secret button"); n != 0 {
		t.Fatal("app.js ran: page scripts are not disabled in this browser")
	}
}
