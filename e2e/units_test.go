package e2e

import (
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"sigap/internal/testserver"
)

// TestAdminUnits manages the office tree as a tenant admin: a refused empty
// name, a new office, a sub-unit under it, an edit, an archive that must
// fail while the office has active sub-units, and an archive that works.
func TestAdminUnits(t *testing.T) {
	t.Parallel()
	env := start(t)
	b := newBrowser(t, env)
	const (
		parent = "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia"
		sub    = "Bidang Disiplin"
		sub2   = "Bidang Disiplin Pegawai"
	)

	b.signIn("admin.kab", testserver.Password)
	b.click(`nav.nav a[href="/admin/units"]`)
	b.wantPath("/admin/units")
	b.wantText("h1", "Unit kerja")
	b.want("menu item marked current", b.attr(`nav.nav a[href="/admin/units"]`, "aria-current"), "page")
	before := b.rows()
	if len(before) != 2 || !b.hasRow("Inspektorat") || !b.hasRow("Dinas Kesehatan") {
		t.Fatalf("the seeded offices of Kabupaten Serang: got rows %q", before)
	}

	// An empty name is refused beside the field, and nothing is created.
	b.click(`a.button[href="/admin/units/new"]`)
	b.wantPath("/admin/units/new")
	b.wantText("h1", "Tambah unit")
	b.want("default kind", b.value("#kind"), "dinas")
	b.want("default parent", b.value("#parent_id"), "")
	status := b.click(`form.form button.primary`)
	if status < 400 || status > 499 {
		t.Fatalf("an empty unit name answered HTTP %d, want a 4xx", status)
	}
	b.wantPath("/admin/units/new")
	b.wantText(".field-error", msg(t, "id", "unit.name.invalid"))
	b.want("name marked invalid", b.attr("#name", "aria-invalid"), "true")
	if n := b.count(".field-error"); n != 1 {
		t.Fatalf("want one field error, got %q", b.texts(".field-error"))
	}
	b.shot("unit-form-error")
	b.open("/admin/units")
	if got := b.rows(); !slices.Equal(got, before) {
		t.Fatalf("a refused form changed the list: %q, before %q", got, before)
	}

	// A new office.
	b.click(`a.button[href="/admin/units/new"]`)
	b.fill("#name", parent)
	b.fill("#abbreviation", "BKPSDM")
	b.set("#kind", "badan")
	b.click(`form.form button.primary`)
	b.wantPath("/admin/units")
	b.wantText(".flash", "Unit ditambahkan.")
	b.want("new row", b.row(parent), parent+" BKPSDM Badan Ubah Tambah sub-unit Arsipkan")
	if n := len(b.rows()); n != 3 {
		t.Fatalf("want 3 offices, got %q", b.rows())
	}

	// A sub-unit, from the link in the office's row: the form comes with
	// the parent and the kind chosen.
	b.click(b.inRow(parent, "Tambah sub-unit"))
	b.wantText("h1", "Tambah unit")
	b.want("parent chosen", b.selectedText("#parent_id"), parent)
	b.want("kind chosen", b.value("#kind"), "subunit")
	b.fill("#name", sub)
	b.click(`form.form button.primary`)
	b.wantPath("/admin/units")
	b.wantText(".flash", "Unit ditambahkan.")
	b.want("sub-unit row", b.row(sub), "— "+sub+" Sub-unit (bidang, bagian, UPTD) Ubah Tambah sub-unit Arsipkan")
	rows := b.rows()
	i := slices.IndexFunc(rows, func(r string) bool { return strings.HasPrefix(r, parent) })
	if i < 0 || i+1 >= len(rows) || !strings.HasPrefix(rows[i+1], "— "+sub) {
		t.Fatalf("the sub-unit is not listed right under its office: %q", rows)
	}
	b.shot("units")

	// Edit the sub-unit.
	b.click(b.inRow(sub, "Ubah"))
	b.wantText("h1", "Ubah unit")
	b.want("name in the edit form", b.value("#name"), sub)
	b.want("parent in the edit form", b.selectedText("#parent_id"), parent)
	b.fill("#name", sub2)
	b.fill("#abbreviation", "Disiplin")
	b.click(`form.form button.primary`)
	b.wantPath("/admin/units")
	b.wantText(".flash", "Unit disimpan.")
	b.want("edited row", b.row(sub2), "— "+sub2+" Disiplin Sub-unit (bidang, bagian, UPTD) Ubah Tambah sub-unit Arsipkan")

	// Archiving the office fails while it has an active sub-unit.
	b.click(b.inRow(parent, "Arsipkan"))
	b.wantText("h1", "Arsipkan unit")
	if p := b.text(".card p"); !strings.Contains(p, parent) {
		t.Fatalf("the confirmation does not name the office: %q", p)
	}
	status = b.click(`button.danger`)
	b.wantStatus("archive an office with a sub-unit", status, 409)
	b.wantText("h1", msg(t, "id", "error.status.409"))
	b.wantText(".card p", msg(t, "id", "unit.archive.children"))
	b.shot("unit-archive-error")
	b.open("/admin/units")
	if r := b.row(parent); strings.Contains(r, "diarsipkan") {
		t.Fatalf("the office was archived after all: %q", r)
	}

	// Archive the sub-unit through its confirmation page.
	b.click(b.inRow(sub2, "Arsipkan"))
	b.wantText("h1", "Arsipkan unit")
	b.click(`button.danger`)
	b.wantPath("/admin/units")
	b.wantText(".flash", "Unit diarsipkan.")
	if b.hasRow(sub2) {
		t.Fatalf("the archived sub-unit is still listed: %q", b.rows())
	}
	b.click(`a[href="/admin/units?archived=1"]`)
	b.wantText("p.small a", "Sembunyikan unit yang diarsipkan")
	b.want("archived row", b.row(sub2), "— "+sub2+" diarsipkan Disiplin Sub-unit (bidang, bagian, UPTD) Pulihkan")
	if n := b.count("tr.archived"); n != 1 {
		t.Fatalf("want one row marked archived, got %d", n)
	}

	// The same list on a phone.
	run(b, "phone viewport", chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile, chromedp.EmulatePortrait))
	b.open("/admin/units?archived=1")
	b.shot("phone-units")
	if w := eval[int](b, `document.documentElement.scrollWidth`); w > 390 {
		t.Logf("on a 390 px wide phone the units page is %d px wide (scrolls sideways)", w)
	}
}
