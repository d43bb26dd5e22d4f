package e2e

import (
	"sigap/internal/identity"
	"strings"
	"testing"

	"sigap/internal/testserver"
)

// TestAdminUsers creates an examiner account, checks the refusals of a
// taken username and a short password, finds the account by search,
// disables it, and checks that its owner is thrown out and cannot sign in
// again.
func TestAdminUsers(t *testing.T) {
	t.Parallel()
	env := start(t)
	b := newBrowser(t, env)
	const (
		username = "pemeriksa.satu"
		name     = "Pemeriksa Satu"
		password = "kuda-lumping-merah-99"
	)

	b.signIn("admin.kab", testserver.Password)
	b.click(`nav.nav a[href="/admin/users"]`)
	b.wantPath("/admin/users")
	b.wantText("h1", "Akun")
	page, err := env.Store.Users(t.Context(), env.Kab.ID, "", 100, 0)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(b.rows()); n != page.Total || n < 3 {
		t.Fatalf("want the %d accounts of Kabupaten Serang, got %q", page.Total, b.rows())
	}
	if b.hasRow("admin.kota") || b.hasRow("operator") {
		t.Fatalf("accounts of another tenant or the installation are listed: %q", b.rows())
	}

	// newAccount fills the account form and returns the HTTP status.
	newAccount := func(username, name, password string) int {
		t.Helper()
		b.open("/admin/users/new")
		b.wantText("h1", "Tambah akun")
		b.fill("#username", username)
		b.fill("#display_name", name)
		b.check(`input[name="roles"][value="examiner"]`)
		b.fill("#password", password)
		return b.click(`form.form button.primary`)
	}

	b.wantStatus("create account", newAccount(username, name, password), 200)
	if !strings.HasPrefix(b.url().Path, "/admin/users/") {
		t.Fatalf("after creating an account: on %s", b.where())
	}
	userPage := b.url().Path
	b.wantText(".flash", "Akun dibuat.")
	b.wantText("h1", "Ubah akun: "+username)
	b.want("display name", b.value("#display_name"), name)
	if n := b.count(`input[name="roles"][value="examiner"]:checked`); n != 1 {
		t.Fatal("the examiner role is not ticked on the new account")
	}
	if n := b.count(`input[name="roles"]:checked`); n != 1 {
		t.Fatalf("want exactly one role ticked, got %d", n)
	}

	// A taken username.
	status := newAccount(username, "Pemeriksa Dua", password)
	if status < 400 || status > 499 {
		t.Fatalf("a taken username answered HTTP %d, want a 4xx", status)
	}
	b.wantPath("/admin/users/new")
	b.wantText(".field-error", msg(t, "id", "user.username.taken"))
	b.want("username marked invalid", b.attr("#username", "aria-invalid"), "true")
	b.want("password not sent back", b.value("#password"), "")

	// A short password.
	status = newAccount("pemeriksa.dua", "Pemeriksa Dua", "pendek")
	if status < 400 || status > 499 {
		t.Fatalf("a short password answered HTTP %d, want a 4xx", status)
	}
	short := msg(t, "id", "user.password.short", "Min", 12)
	if !strings.Contains(short, "12") {
		t.Fatalf("the catalogue text of user.password.short lost its number: %q", short)
	}
	b.wantText(".field-error", short)
	b.want("password marked invalid", b.attr("#password", "aria-invalid"), "true")
	b.want("username kept", b.value("#username"), "pemeriksa.dua")
	if n := b.count(`input[name="roles"][value="examiner"]:checked`); n != 1 {
		t.Fatal("the ticked role was lost after the refused form")
	}

	// Search.
	b.open("/admin/users")
	b.fill("#q", "pemeriksa")
	b.click(`form.search button`)
	b.want("query", b.url().Query().Get("q"), "pemeriksa")
	b.want("search box keeps the query", b.value("#q"), "pemeriksa")
	if rows := b.rows(); len(rows) != 1 {
		t.Fatalf("search for pemeriksa: want one row, got %q", rows)
	}
	b.want("found row", b.row(username), username+" "+name+" Pemeriksa aktif")
	b.fill("#q", "tidak-ada-yang-cocok")
	b.click(`form.search button`)
	b.wantText(".empty", "Tidak ada akun yang cocok dengan pencarian.")

	// The new examiner signs in on another computer and, because the role
	// reads case content, must set up two-step verification first.
	other := b.incognito()
	other.signIn(username, password)
	other.wantPath("/account/2fa")
	other.wantText("h1", "Verifikasi dua langkah")
	if src := other.attr("img.qr", "src"); !strings.HasPrefix(src, "data:image/png;base64,") {
		t.Fatalf("no QR code on the set-up page: %.40q", src)
	}
	other.shot("twofactor-setup")
	secret := other.text(".secret-text")
	other.fill("#code", identity.TOTPCode(secret, env.Now()))
	other.click(`form[action="/account/2fa/confirm"] button`)
	other.wantText("h1", "Kode pemulihan")
	if n := other.count("#recovery-codes li"); n != identity.RecoveryCodeCount {
		t.Fatalf("%d recovery codes shown", n)
	}
	other.click(`a.button.primary`)
	other.wantPath("/")
	other.wantText("h1", "Selamat datang, "+name)

	// Disable the account through the confirmation page.
	b.open(userPage)
	b.click(`a.button.danger`)
	b.wantText("h1", "Nonaktifkan akun")
	if p := b.text(".card p"); !strings.Contains(p, name+" ("+username+")") {
		t.Fatalf("the confirmation does not name the account: %q", p)
	}
	b.click(`button.danger`)
	b.want("back on the account", b.url().Path, userPage)
	b.wantText(".flash", "Akun dinonaktifkan.")
	b.wantText(".card .alert", "Akun ini nonaktif dan tidak dapat masuk.")
	b.open("/admin/users")
	b.want("disabled row", b.row(username), username+" "+name+" Pemeriksa nonaktif")
	b.wantText("tr.archived .badge", "nonaktif")
	b.shot("users")

	// The examiner's session ended at once, and signing in fails.
	other.open("/")
	other.wantPath("/login")
	other.signIn(username, password)
	other.wantPath("/login")
	other.wantText(".alert", msg(t, "id", "signin.failed"))
}
