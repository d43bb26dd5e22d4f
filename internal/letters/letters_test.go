package letters

import (
	"bytes"
	"strings"
	"testing"

	"sigap/internal/calendar"
	"sigap/internal/letters/letterstest"
)

func d(s string) calendar.Date {
	x, err := calendar.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return x
}

func TestSummons(t *testing.T) {
	pdf, err := SummonsPDF(Summons{Government: "Pemerintah Kabupaten Serang", Number: "KD/2026/0001/PGL-2", Round: 2, Date: d("2026-07-09"),
		To:   Person{Name: "Staf Uji", NIP: "198504042010031004", Position: "Pengadministrasi Umum", Unit: "Inspektorat"},
		Exam: d("2026-07-15"), Place: "Ruang rapat Inspektorat",
		Charges: []string{"K4f — masuk kerja dan menaati ketentuan jam kerja (PP 94/2021 Ps 4 huruf f)"},
		Signer:  Person{Name: "Inspektur Uji", NIP: "197001011995031001", Position: "Inspektur"}})
	if err != nil {
		t.Fatal(err)
	}
	text := letterstest.Text(t, pdf)
	for _, want := range []string{"RAHASIA", "PEMERINTAH KABUPATEN SERANG", "SURAT PANGGILAN II", "Nomor: KD/2026/0001/PGL-2", "Staf Uji",
		"198504042010031004", "Rabu, 15 Juli 2026", "Ruang rapat Inspektorat", "K4f — masuk kerja", "Pasal 26 ayat 4", "Serang, 9 Juli 2026", "Inspektur Uji"} {
		if !strings.Contains(text, want) {
			t.Errorf("the summons lacks %q:\n%s", want, text)
		}
	}
	again, _ := SummonsPDF(Summons{Government: "Pemerintah Kabupaten Serang", Number: "KD/2026/0001/PGL-2", Round: 2, Date: d("2026-07-09"),
		To: Person{Name: "Staf Uji", NIP: "198504042010031004", Position: "Pengadministrasi Umum", Unit: "Inspektorat"}, Exam: d("2026-07-15"), Place: "Ruang rapat Inspektorat",
		Charges: []string{"K4f — masuk kerja dan menaati ketentuan jam kerja (PP 94/2021 Ps 4 huruf f)"},
		Signer:  Person{Name: "Inspektur Uji", NIP: "197001011995031001", Position: "Inspektur"}})
	if !bytes.Equal(pdf, again) {
		t.Error("the same letter rendered different bytes")
	}
}

func TestDecision(t *testing.T) {
	pdf, err := DecisionPDF(Decision{Government: "Pemerintah Kota Serang", Number: "KD/2026/0007/HD", Date: d("2026-08-03"),
		To:       Person{Name: "Staf Uji", NIP: "198504042010031004", Position: "Pengadministrasi Umum", Unit: "Inspektorat"},
		Charges:  []string{"K3f — integritas dan keteladanan (PP 94/2021 Ps 3 huruf f), dampak pada instansi"},
		Sanction: "S2 — pemotongan tunjangan kinerja 25% selama 9 bulan (PP 94/2021 Ps 8(3)b)",
		Signer:   Person{Name: "Wali Kota Uji"}, SignerRole: "Wali Kota Serang"})
	if err != nil {
		t.Fatal(err)
	}
	text := letterstest.Text(t, pdf)
	for _, want := range []string{"RAHASIA", "KEPUTUSAN WALI KOTA SERANG", "PENJATUHAN HUKUMAN DISIPLIN", "S2 — pemotongan tunjangan kinerja 25%",
		"hari kerja ke-15", "Pasal 38", "Serang, 3 Agustus 2026", "Wali Kota Uji"} {
		if !strings.Contains(text, want) {
			t.Errorf("the decision lacks %q:\n%s", want, text)
		}
	}
}
