package e2e

import (
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"sigap/internal/testserver"
)

// TestCalendar reads the national days off of 2026, adds and removes a
// local day off, and counts deadlines with the working-day calculator.
//
// The expected figures come from internal/refdata/data/holidays-id.csv,
// worked out by hand: 2026 has 261 weekdays, 21 of the 25 national entries
// fall on a weekday, so 240 working days. From Tuesday 17 March 2026,
// 18–20 and 23–24 March are Nyepi, Idulfitri and cuti bersama and 21–22 a
// weekend, so the 3rd working day is Friday 27 March.
func TestCalendar(t *testing.T) {
	t.Parallel()
	env := start(t)
	b := newBrowser(t, env)

	b.signIn("admin.kab", testserver.Password)
	b.click(`nav.nav a[href="/admin/calendar"]`)
	// The current year in the server's zone, which may be a day ahead of
	// or behind this machine's.
	now := time.Now()
	if h := b.text("h1"); h != fmt.Sprintf("Kalender kerja %d", now.Add(-14*time.Hour).Year()) && h != fmt.Sprintf("Kalender kerja %d", now.Add(14*time.Hour).Year()) {
		t.Fatalf("the calendar opens on %q, want this year", h)
	}

	b.open("/admin/calendar?year=2026")
	b.wantText("h1", "Kalender kerja 2026")
	if n := b.count(".alert"); n != 0 {
		t.Fatalf("2026 is loaded, yet the page warns: %q", b.texts(".alert"))
	}
	workingDays := func() int {
		t.Helper()
		n, err := strconv.Atoi(b.text("main p strong"))
		if err != nil {
			t.Fatalf("working days: %v", err)
		}
		return n
	}
	if n := workingDays(); n != 240 {
		t.Fatalf("working days in 2026: got %d, want 240", n)
	}
	if n := len(b.rows()); n != 25 {
		t.Fatalf("want the 25 national entries of 2026, got %d: %q", n, b.rows())
	}
	b.want("Nyepi", b.row("19 Maret 2026"), "Kamis, 19 Maret 2026 Hari Suci Nyepi (Tahun Baru Saka 1948) Libur nasional")
	b.want("cuti bersama before Nyepi", b.row("18 Maret 2026"), "Rabu, 18 Maret 2026 Hari Suci Nyepi (Tahun Baru Saka 1948) Cuti bersama")
	b.want("Idulfitri", b.row("21 Maret 2026"), "Sabtu, 21 Maret 2026 Idul Fitri 1447 Hijriah Libur nasional")
	b.want("New Year", b.row("1 Januari 2026"), "Kamis, 1 Januari 2026 Tahun Baru 2026 Masehi Libur nasional")
	b.want("Christmas", b.row("25 Desember 2026"), "Jumat, 25 Desember 2026 Kelahiran Yesus Kristus Libur nasional")
	if n, m := b.count(".badge.kind-libur"), b.count(".badge.kind-cuti_bersama"); n != 17 || m != 8 {
		t.Fatalf("badges: %d national holidays and %d cuti bersama, want 17 and 8", n, m)
	}
	if n := b.count(`a[href$="/remove"]`); n != 0 {
		t.Fatalf("national days off offer %d remove links", n)
	}

	// A local day off.
	b.set("#day", "2026-03-02")
	b.fill("#name", "HUT Kabupaten Serang")
	b.click(`form[method="post"][action="/admin/calendar"] button`)
	b.wantPath("/admin/calendar")
	b.want("year", b.url().Query().Get("year"), "2026")
	b.wantText(".flash", "Hari libur lokal ditambahkan.")
	b.want("local row", b.row("HUT Kabupaten Serang"), "Senin, 2 Maret 2026 HUT Kabupaten Serang Libur lokal Hapus")
	b.wantText(".badge.kind-local", "Libur lokal")
	if n := workingDays(); n != 239 {
		t.Fatalf("working days in 2026 with a local day off on a Monday: got %d, want 239", n)
	}

	// The same day twice is refused.
	b.set("#day", "2026-03-02")
	b.fill("#name", "HUT lagi")
	status := b.click(`form[method="post"][action="/admin/calendar"] button`)
	if status < 400 || status > 499 {
		t.Fatalf("a second local day off on the same date answered HTTP %d", status)
	}
	b.wantText(".field-error", msg(t, "id", "calendar.day.exists"))

	// The deadline calculator.
	calc := func(from string, days int) string {
		t.Helper()
		b.open("/admin/calendar?year=2026")
		b.set("#from", from)
		b.set("#days", strconv.Itoa(days))
		b.click(`form[method="get"] button`)
		b.want("calculator query", b.url().Query().Get("from"), from)
		return b.text(".result")
	}
	b.want("3 working days from 17 March 2026", calc("2026-03-17", 3), "3 hari kerja kemudian: Jumat, 27 Maret 2026")
	b.shot("calendar")
	// Friday 27 February + 1 skips the weekend and the local day off.
	b.want("1 working day from 27 February 2026", calc("2026-02-27", 1), "1 hari kerja kemudian: Selasa, 3 Maret 2026")

	// Remove the local day off through its confirmation page.
	b.open("/admin/calendar?year=2026")
	b.click(b.inRow("HUT Kabupaten Serang", "Hapus"))
	b.wantPath("/admin/calendar/2026-03-02/remove")
	b.wantText("h1", "Hapus hari libur lokal")
	if p := b.text(".card p"); !strings.Contains(p, "HUT Kabupaten Serang pada 2 Maret 2026") {
		t.Fatalf("the confirmation does not name the day: %q", p)
	}
	b.click(`button.danger`)
	b.wantPath("/admin/calendar")
	b.wantText(".flash", "Hari libur lokal dihapus.")
	if b.hasRow("HUT Kabupaten Serang") {
		t.Fatalf("the removed day off is still listed")
	}
	if n := workingDays(); n != 240 {
		t.Fatalf("working days after removing the local day off: got %d, want 240", n)
	}
	b.want("1 working day from 27 February 2026 again", calc("2026-02-27", 1), "1 hari kerja kemudian: Senin, 2 Maret 2026")
}
