package e2e

import (
	"regexp"
	"strconv"
	"testing"
	"time"

	"sigap/internal/report"
	"sigap/internal/store"
)

// TestPublicFigures opens a government's public figures without signing
// in: this year's one report of absence is shown as "<3"; the year before
// is chosen from the selector; the language switch keeps the year; and
// back in this year, in English, the small count is still hidden.
func TestPublicFigures(t *testing.T) {
	t.Parallel()
	env := start(t)
	add := func(category string, n int) {
		for range n {
			c, err := (report.Submission{Category: category, What: "Kejadian uji ZZANGKAZZ.", AccusedName: "Nama ZZTERLAPORZZ", ReporterIsVictim: "no", Mode: "anonymous"}).
				Check(report.DefaultCategories, nil, env.Now())
			if err != nil {
				t.Fatal(err)
			}
			if _, _, err := env.Store.CreateReport(t.Context(), store.System, env.Kab.ID, c); err != nil {
				t.Fatal(err)
			}
		}
	}
	wib := time.FixedZone("WIB", 7*3600)
	this := env.Now().In(wib).Year()
	env.Advance(-400 * 24 * time.Hour)
	last := env.Now().In(wib).Year()
	add("other", 3)
	env.Advance(400 * 24 * time.Hour)
	add("sexual_violence", 4)
	add("absence", 1)

	b := newBrowser(t, env)
	b.wantStatus("figures", b.open("/angka/kab-serang"), 200)
	b.wantText("h1", "Angka")
	b.want("year chosen", b.value("#year"), strconv.Itoa(this))
	b.want("absence", b.row("Tidak masuk kerja"), "Tidak masuk kerja atau meninggalkan tugas <3 <3")
	b.want("sexual violence", b.row("Pelecehan"), "Pelecehan atau kekerasan seksual – –")
	b.shot("figures-id")

	b.set("#year", strconv.Itoa(last))
	b.wantStatus("year before", b.click("#year-form button"), 200)
	b.want("address", b.path(), "/angka/kab-serang?year="+strconv.Itoa(last))
	b.wantText("#figures-total", "Pada tahun "+strconv.Itoa(last)+" diterima 3 pengaduan (laporan ganda dihitung satu kali).")
	b.want("other", b.row("Lainnya"), "Lainnya 3 100,0%")

	b.click(`button[name="lang"][value="en"]`)
	b.want("address", b.path(), "/angka/kab-serang?year="+strconv.Itoa(last))
	b.wantText("h1", "Figures")
	b.want("html lang", b.attr("html", "lang"), "en")
	b.wantText("#figures-total", "In "+strconv.Itoa(last)+", 3 reports were received (a duplicate counted once).")

	b.set("#year", strconv.Itoa(this))
	b.click("#year-form button")
	b.want("absence in English", b.row("Absence from work"), "Absence from work <3 <3")
	if m := regexp.MustCompile(`ZZ[A-Z]{3,}ZZ`).FindString(b.text("html")); m != "" {
		t.Errorf("report text %q on the page", m)
	}
	b.shot("figures-en")
}
