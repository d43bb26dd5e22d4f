package letters

import (
	"fmt"

	"bytes"
	"sigap/internal/apperr"
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
	if strings.Contains(text, "simpan hingga") {
		t.Error("a letter without a retention date says one")
	}
	for _, want := range []string{"RAHASIA", "KEPUTUSAN WALI KOTA SERANG", "PENJATUHAN HUKUMAN DISIPLIN", "S2 — pemotongan tunjangan kinerja 25%",
		"hari kerja ke-15", "Pasal 38", "Serang, 3 Agustus 2026", "Wali Kota Uji"} {
		if !strings.Contains(text, want) {
			t.Errorf("the decision lacks %q:\n%s", want, text)
		}
	}
}

// A government's own wording replaces a block, with its placeholders
// filled; a wording with an unknown placeholder is refused with its name.
func TestOwnTexts(t *testing.T) {
	b, ok := Lookup("decision.effect")
	if !ok {
		t.Fatal("no decision.effect block")
	}
	if err := b.Check("Berlaku pada {hari_berlaku} untuk {nama_lengkap}."); err == nil || !strings.Contains(fmt.Sprint(apperrArgs(err)), "{nama_lengkap}") {
		t.Errorf("unknown placeholder: %v", err)
	}
	for _, bad := range []string{"", "  ", "Berlaku {hari_berlaku", "Berlaku } ini", "{{nama}}"} {
		if b.Check(bad) == nil {
			t.Errorf("%q accepted", bad)
		}
	}
	pdf, err := DecisionPDF(Decision{Government: "Pemerintah Kabupaten Serang", Number: "800/7/HD", Date: d("2026-08-03"),
		To: Person{Name: "Staf Uji", NIP: "198504042010031004"}, Sanction: "R2 — teguran tertulis", Signer: Person{Name: "Bupati Uji"}, SignerRole: "Bupati Serang",
		EffectDay: "hari ke-15", Remedy: "keberatan kepada Bupati Serang", RemedyWithin: "14 hari kerja",
		Texts: Texts{"decision.effect": "Keputusan Nomor {nomor} atas nama {nama} berlaku pada {hari_berlaku} sejak diterima."}})
	if err != nil {
		t.Fatal(err)
	}
	text := letterstest.Text(t, pdf)
	for _, want := range []string{"Keputusan Nomor 800/7/HD atas nama Staf Uji berlaku pada hari ke-15 sejak diterima.",
		"dapat mengajukan keberatan kepada Bupati Serang secara tertulis paling lambat 14 hari kerja"} {
		if !strings.Contains(text, want) {
			t.Errorf("the decision lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "hari kerja ke-15") {
		t.Error("the default effect paragraph is still printed")
	}
	for _, b := range Blocks() {
		if b.Check(b.Default) != nil || b.Letter == "" {
			t.Errorf("block %s", b.Key)
		}
	}
}

func apperrArgs(err error) map[string]any { return apperr.As(err).Args }

// The office's copy says how long to keep it, on every page, from the
// letter's own date: a reprint is the same document.
func TestLetterKeepUntil(t *testing.T) {
	s := Summons{Government: "Pemerintah Kabupaten Serang", Number: "KD/2026/0001/PGL-1", Round: 1, Date: d("2026-07-09"),
		To: Person{Name: "Staf Uji"}, Exam: d("2026-07-15"), Place: "Aula", Signer: Person{Name: "Inspektur Uji"},
		Charges: []string{"K4f"}, KeepUntil: d("2027-07-09")}
	pdf, err := SummonsPDF(s)
	if err != nil {
		t.Fatal(err)
	}
	if text := letterstest.Text(t, pdf); !strings.Contains(text, "Salinan arsip: simpan hingga 9 Juli 2027") {
		t.Errorf("no retention line:\n%s", text)
	}
	again, _ := SummonsPDF(s)
	if !bytes.Equal(pdf, again) {
		t.Error("the same letter rendered different bytes")
	}
}
