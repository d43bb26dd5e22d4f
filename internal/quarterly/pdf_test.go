package quarterly

import (
	"bytes"
	"regexp"
	"strings"
	"testing"

	"sigap/internal/letters/letterstest"
)

func sample(rows int) Report {
	var long []Row
	for i := range rows {
		long = append(long, Row{Label: "Kecamatan Uji " + strings.Repeat("x", i%3), Value: "5", Bar: 0.5})
	}
	return Report{
		Government: "Pemerintah Kabupaten Serang", Title: "Laporan Triwulanan kepada Bupati", Period: "Triwulan IV 2026 (1 Oktober – 31 Desember 2026)",
		Extracted: "Diunduh 4 Desember 2026 16.00 WIB", Note: "Jumlah di bawah 3 ditampilkan sebagai <3.", Footer: "sigap · Laporan triwulanan",
		Sections: []Section{
			{Title: "Laporan", Lines: []string{"Laporan yang diterima dalam triwulan ini."}, Tables: []Table{
				{Title: "Menurut kategori", Head: [2]string{"Kategori", "Jumlah"}, TotalLabel: "Jumlah", Total: "12", Rows: []Row{
					{Label: "Kekerasan seksual, termasuk pelecehan seksual di tempat kerja oleh atasan maupun rekan", Value: "<3", Bar: -1},
					{Label: "Gratifikasi", Value: "–", Bar: -1},
					{Label: "Tidak masuk kerja", Value: "9", Bar: 1}}},
				{Title: "Menurut kecamatan", Head: [2]string{"Kecamatan", "Jumlah"}, Empty: "Tidak ada laporan."},
			}},
			{Title: "Pencegahan", Tables: []Table{{Title: "Per kecamatan", Head: [2]string{"Kecamatan", "Jumlah"}, Rows: long}}},
		},
	}
}

// The report reads back with its title, period, marks, an empty table's
// sentence, a long label cut to its column, and page numbers of the
// whole; the same report renders the same bytes.
func TestPDF(t *testing.T) {
	pdf, err := PDF(sample(120))
	if err != nil {
		t.Fatal(err)
	}
	text := letterstest.Text(t, pdf)
	for _, want := range []string{"PEMERINTAH KABUPATEN SERANG", "Laporan Triwulanan kepada Bupati", "Triwulan IV 2026", "<3", "–", "Tidak ada laporan.",
		"Tidak masuk kerja", "Kekerasan seksual, termasuk pelecehan"} {
		if !strings.Contains(strings.ToUpper(text), strings.ToUpper(want)) {
			t.Errorf("the report lacks %q", want)
		}
	}
	pages := regexp.MustCompile(`(\d+) ?/ ?(\d+)`).FindAllStringSubmatch(text, -1)
	if len(pages) < 3 || pages[0][1] != "1" || pages[len(pages)-1][1] != pages[len(pages)-1][2] || pages[0][2] != pages[len(pages)-1][2] {
		t.Errorf("page numbers %q", pages)
	}
	if strings.Contains(text, "maupun rekan") {
		t.Error("a long label runs over its column")
	}
	again, _ := PDF(sample(120))
	if !bytes.Equal(pdf, again) {
		t.Error("the same report rendered different bytes")
	}
}
