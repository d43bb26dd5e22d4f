package e2e

import (
	"testing"

	"sigap/internal/testserver"
)

// TestLanguageSwitch checks that the language chosen before signing in is
// kept, that the account remembers it in a browser that never chose it,
// and that switching back works and wins over the old browser's cookie.
func TestLanguageSwitch(t *testing.T) {
	t.Parallel()
	env := start(t)
	b := newBrowser(t, env)

	b.open("/login")
	b.wantText("h1", "Masuk")
	b.want("Indonesian pressed", b.attr(`button[name="lang"][value="id"]`, "aria-pressed"), "true")
	b.click(`button[name="lang"][value="en"]`)
	b.wantPath("/login")
	b.wantText("h1", "Sign in")
	b.want("html lang", b.attr("html", "lang"), "en")
	b.want("English pressed", b.attr(`button[name="lang"][value="en"]`, "aria-pressed"), "true")
	b.wantText(`label[for="username"]`, "Username")

	b.signIn("admin.kab", testserver.Password)
	b.wantPath("/")
	b.wantText("h1", "Welcome, Uji admin.kab")
	b.want("menu", b.text("nav.nav"), "Home Guidance Employees Units Accounts Working calendar Report kinds Procedure settings Simfoni PPA codes Guidance settings Statistics threshold Retention")
	b.wantText(`form[action="/logout"] button`, "Sign out")
	b.shot("home-en")

	b.signOut()
	b.wantText(".flash", "You have signed out.")
	b.wantText("h1", "Sign in")

	// A second computer: a new Chromium with an empty profile. Before
	// signing in it speaks the default language ...
	b2 := newBrowser(t, env)
	b2.open("/login")
	b2.wantText("h1", "Masuk")
	// ... and after signing in the account's language.
	b2.signIn("admin.kab", testserver.Password)
	b2.wantPath("/")
	b2.wantText("h1", "Welcome, Uji admin.kab")
	b2.want("html lang", b2.attr("html", "lang"), "en")

	// Back to Indonesian, on the account.
	b2.click(`button[name="lang"][value="id"]`)
	b2.wantPath("/")
	b2.wantText(`nav.nav a[href="/"]`, "Beranda")
	b2.wantText("h1", "Selamat datang, Uji admin.kab")
	b2.want("html lang", b2.attr("html", "lang"), "id")

	// The first browser still has its English cookie, but once signed in
	// the account's choice wins.
	b.signIn("admin.kab", testserver.Password)
	b.wantText("h1", "Selamat datang, Uji admin.kab")
	b.wantText(`nav.nav a[href="/"]`, "Beranda")
}
