package e2e

import (
	"testing"

	"sigap/internal/testserver"
)

// TestSignIn walks through signing in and out: the redirect to the sign-in
// page, the one message for a wrong password and an unknown account, the
// greeting, the sign-out flash, and the redirect once the session is gone.
func TestSignIn(t *testing.T) {
	t.Parallel()
	env := start(t)
	b := newBrowser(t, env)
	failed := msg(t, "id", "signin.failed")

	b.wantStatus("open /", b.open("/"), 200)
	b.wantPath("/login")
	b.want("next after sign-in", b.url().Query().Get("next"), "/")
	b.wantText("h1", "Masuk")
	b.want("html lang", b.attr("html", "lang"), "id")
	b.want("title", b.title(), "Masuk · sigap")
	if n := b.count("nav.nav"); n != 0 {
		t.Fatalf("the sign-in page shows the main menu to a visitor (%d nav)", n)
	}

	// Wrong password.
	b.wantStatus("sign in with a wrong password", b.signIn("admin.kab", "salah-sekali-bukan-ini"), 200)
	b.wantPath("/login")
	b.wantText(".alert", failed)
	b.want("username kept", b.value("#username"), "admin.kab")
	b.want("password kept", b.value("#password"), "")
	b.shot("signin")

	// Unknown account: the very same message, so that nobody can probe
	// which usernames exist.
	b.signIn("tidak.ada.orangnya", testserver.Password)
	b.wantPath("/login")
	b.wantText(".alert", failed)

	// The right password, typed key by key, lands on the home page.
	b.open("/login")
	b.typeKeys("#username", "admin.kab")
	b.typeKeys("#password", testserver.Password)
	b.click(`form[action="/login"] button`)
	b.wantPath("/")
	b.wantText("h1", "Selamat datang, Uji admin.kab")
	b.wantText("header .me", "Uji admin.kab")
	b.wantText("header .tenant", "Pemerintah Kabupaten Serang")
	b.want("menu", b.text("nav.nav"), "Beranda Pembinaan Pegawai Unit kerja Akun Kalender kerja Jenis laporan Pengaturan prosedur Kode Simfoni PPA Pengaturan pembinaan Batas statistik Retensi arsip")
	if n := b.count(".alert"); n != 0 {
		t.Fatalf("home page shows %d alerts: %q", n, b.texts(".alert"))
	}
	b.shot("home-admin")

	// Sign out with the header button.
	b.signOut()
	b.wantPath("/login")
	b.wantText(".flash", "Anda telah keluar.")
	b.wantText("h1", "Masuk")

	// The flash is shown once only.
	b.open("/login")
	if n := b.count(".flash"); n != 0 {
		t.Fatalf("the sign-out flash is shown again: %q", b.texts(".flash"))
	}

	// The session is gone: an admin page sends the visitor to sign in,
	// and back to that page afterwards.
	b.open("/admin/units")
	b.wantPath("/login")
	b.want("next", b.url().Query().Get("next"), "/admin/units")
	b.wantText("h1", "Masuk")
	b.signIn("admin.kab", testserver.Password)
	b.wantPath("/admin/units")
	b.wantText("h1", "Unit kerja")
}
