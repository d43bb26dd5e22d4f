package letters

import (
	"testing"

	"sigap/internal/calendar"
)

// BenchmarkSummonsPDF renders a summons of four charges; the target is a
// letter in under 100 ms.
func BenchmarkSummonsPDF(b *testing.B) {
	s := Summons{Government: "Pemerintah Kabupaten Serang", Number: "KD/2026/0001/PGL-I", Round: 1, Date: d("2026-07-01"),
		To:   Person{Name: "Drs. H. Ahmad Fauzi, M.M.", NIP: "198504042010031004", Position: "Kepala Seksi Kurikulum", Unit: "Dinas Pendidikan dan Kebudayaan"},
		Exam: d("2026-07-08"), Place: "Ruang rapat Inspektorat", Signer: Person{Name: "Inspektur Uji", NIP: "197001011995031001", Position: "Inspektur"},
		Charges: []string{"K3f — menunjukkan integritas dan keteladanan (PP 94/2021 Ps 3 huruf f), dampak pada instansi",
			"K4f — masuk kerja dan menaati ketentuan jam kerja (PP 94/2021 Ps 4 huruf f), 14 hari kerja tidak masuk",
			"L5i — bertindak sewenang-wenang terhadap bawahan (PP 94/2021 Ps 5 huruf i), dampak pada unit kerja",
			"K3d — menaati ketentuan peraturan perundang-undangan (PP 94/2021 Ps 3 huruf d), dampak pada instansi"}}
	for b.Loop() {
		if _, err := SummonsPDF(s); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkHelloPDF is the ceiling: a one-line PDF with the same library.
func BenchmarkHelloPDF(b *testing.B) {
	for b.Loop() {
		p := newPage("Pemerintah Kabupaten Serang", calendar.Date{})
		if _, err := p.bytes(); err != nil {
			b.Fatal(err)
		}
	}
}
