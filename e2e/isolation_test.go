package e2e

import (
	"fmt"
	"testing"

	"sigap/internal/testserver"
)

// TestTenantIsolation checks in the browser that an admin of Kota Serang
// cannot reach an office of Kabupaten Serang, and that an examiner cannot
// reach the account pages.
func TestTenantIsolation(t *testing.T) {
	t.Parallel()
	env := start(t)
	b := newBrowser(t, env)
	kabInspektorat := env.Units["kab/Inspektorat"]
	if kabInspektorat.ID == 0 {
		t.Fatal("the test server has no kab/Inspektorat")
	}

	b.signIn("admin.kota", testserver.Password)
	b.wantText("h1", "Selamat datang, Uji admin.kota")
	b.wantText("header .tenant", "Pemerintah Kota Serang")

	// Kota's own list shows only Kota's office.
	b.open("/admin/units")
	if rows := b.rows(); len(rows) != 1 || b.hasRow("Dinas Kesehatan") {
		t.Fatalf("Kota Serang's units: %q", rows)
	}

	for _, p := range []string{"/admin/units/%d/edit", "/admin/units/%d/archive", "/admin/units/new?parent=%d"} {
		path := fmt.Sprintf(p, kabInspektorat.ID)
		status := b.open(path)
		if path == fmt.Sprintf("/admin/units/new?parent=%d", kabInspektorat.ID) {
			// The form itself may show, but it must not offer the other
			// tenant's office as the parent.
			if status == 200 {
				if n := b.count(fmt.Sprintf(`#parent_id option[value="%d"]`, kabInspektorat.ID)); n != 0 {
					t.Fatalf("%s offers Kabupaten Serang's Inspektorat as a parent", path)
				}
			}
			continue
		}
		b.wantStatus(path, status, 404)
		b.wantText("h1", "Halaman tidak ditemukan")
		b.want("title", b.title(), msg(t, "id", "error.title")+" · sigap")
		if n := b.count("#name, form.form"); n != 0 {
			t.Fatalf("%s shows a form for another tenant's office", path)
		}
	}

	// An examiner of Kabupaten Serang may not manage accounts.
	b.signOut()
	b.signIn("examiner.kab", testserver.Password)
	b.wantText("h1", "Selamat datang, Uji examiner.kab")
	if n := b.count(`nav.nav a[href="/admin/users"]`); n != 0 {
		t.Fatal("the examiner's menu links to the account pages")
	}
	b.wantStatus("examiner opens /admin/users", b.open("/admin/users"), 403)
	b.wantText("h1", "Akses ditolak")
	b.wantText(".card p", msg(t, "id", "error.forbidden"))
	b.wantStatus("examiner opens /admin/users/new", b.open("/admin/users/new"), 403)
	b.wantText("h1", "Akses ditolak")
	// The examiner sees the office tree, without the buttons to change it.
	b.wantStatus("examiner opens /admin/units", b.open("/admin/units"), 200)
	if n := b.count(`a[href="/admin/units/new"], a[href$="/edit"], a[href$="/archive"]`); n != 0 {
		t.Fatalf("the examiner is offered %d links to change units", n)
	}
	b.wantStatus("examiner opens /admin/units/new", b.open("/admin/units/new"), 403)
}
