package letters

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"sigap/internal/letters/letterstest"
)

var staff = Person{Name: "Staf Uji", NIP: "198504042010031004", Position: "Pengadministrasi Umum", Unit: "Inspektorat"}

func wantText(t *testing.T, what string, pdf []byte, want ...string) string {
	t.Helper()
	text := letterstest.Text(t, pdf)
	for _, w := range want {
		if !strings.Contains(text, w) {
			t.Errorf("the %s lacks %q:\n%s", what, w, text)
		}
	}
	return text
}

func TestBAP(t *testing.T) {
	b := BAP{Government: "Pemerintah Kabupaten Serang", Number: "KD/2026/0001/BAP", Date: d("2026-07-08"), Place: "Ruang rapat Inspektorat",
		Examiners: []string{"Inspektur Uji", "Sekretaris Uji"}, Accused: staff,
		Charges: []string{"K4f — masuk kerja dan menaati ketentuan jam kerja (PP 94/2021 Ps 4 huruf f)"},
		QAs:     []QA{{Q: "Mengapa Saudara tidak masuk kerja?", A: "Orang tua saya sakit."}, {Q: "Apakah ada surat keterangan?"}}}
	pdf, err := BAPPDF(b)
	if err != nil {
		t.Fatal(err)
	}
	text := wantText(t, "BAP", pdf, "RAHASIA", "PEMERINTAH KABUPATEN SERANG", "BERITA ACARA PEMERIKSAAN", "Nomor: KD/2026/0001/BAP",
		"Rabu, 8 Juli 2026", "Ruang rapat Inspektorat", "secara tatap muka", "Inspektur Uji", "Sekretaris Uji", "198504042010031004",
		"K4f — masuk kerja", "Pertanyaan 1:", "Mengapa Saudara tidak masuk kerja?", "Orang tua saya sakit.", "Pertanyaan 2:",
		"Apakah ada surat keterangan?", "Pasal 32 ayat 3", "Yang diperiksa,", "Pemeriksa,", "Serang, 8 Juli 2026")
	if strings.Contains(text, "menolak") {
		t.Error("a signed BAP says the accused refused")
	}
	again, _ := BAPPDF(b)
	if !bytes.Equal(pdf, again) {
		t.Error("the same BAP rendered different bytes")
	}
	// A long examination runs over pages, each marked confidential.
	long := b
	for i := range 40 {
		long.QAs = append(long.QAs, QA{Q: fmt.Sprintf("Pertanyaan tambahan nomor %d tentang kehadiran?", i), A: "Jawaban yang cukup panjang untuk mengisi halaman."})
	}
	pdf, err = BAPPDF(long)
	if err != nil {
		t.Fatal(err)
	}
	if text := wantText(t, "long BAP", pdf, "Pertanyaan 42:", "Pemeriksa,"); strings.Count(text, "RAHASIA") < 3 {
		t.Errorf("a BAP of several pages is marked confidential %d times", strings.Count(text, "RAHASIA"))
	}
	b.Refused, b.Virtual = true, true
	pdf, err = BAPPDF(b)
	if err != nil {
		t.Fatal(err)
	}
	wantText(t, "refused BAP", pdf, "secara virtual", "menolak menandatangani berita acara pemeriksaan ini", "tidak menghalangi penggunaan",
		"Staf Uji (menolak menandatangani)")
}

func TestRelease(t *testing.T) {
	pdf, err := ReleasePDF(Release{Government: "Pemerintah Kabupaten Serang", Number: "KD/2026/0002/PBS", Date: d("2026-07-02"), To: staff,
		Charges: []string{"L5g — pungutan di luar ketentuan (PP 94/2021 Ps 5 huruf g), dampak pada negara dan/atau pemerintah"},
		Acting:  "Kasubag Uji (Kepala Subbagian Umum)", Signer: Person{Name: "Inspektur Uji", NIP: "197001011995031001"}, SignerRole: "Inspektur"})
	if err != nil {
		t.Fatal(err)
	}
	wantText(t, "release", pdf, "RAHASIA", "KEPUTUSAN INSPEKTUR", "Nomor: KD/2026/0002/PBS", "PEMBEBASAN SEMENTARA DARI TUGAS JABATAN",
		"L5g — pungutan", "hukuman disiplin berat", "Pasal 31", "terhitung mulai tanggal 2 Juli 2026 sampai dengan ditetapkannya keputusan hukuman disiplin",
		"menunjuk Kasubag Uji (Kepala Subbagian Umum) sebagai pelaksana harian", "hak-hak kepegawaiannya", "Serang, 2 Juli 2026", "Inspektur Uji")
}

func TestReceipt(t *testing.T) {
	pdf, err := ReceiptPDF(Receipt{Government: "Pemerintah Kota Serang", Number: "KD/2026/0003/TT", Decision: "KD/2026/0003/HD", DecisionRole: "Wali Kota Serang",
		Decided: d("2026-07-10"), Sanction: "S2 — pemotongan tunjangan kinerja 25% selama 9 bulan", Delivered: d("2026-07-13"), Received: d("2026-07-14"),
		Effective: d("2026-08-04"), To: staff})
	if err != nil {
		t.Fatal(err)
	}
	wantText(t, "receipt", pdf, "RAHASIA", "PEMERINTAH KOTA SERANG", "TANDA TERIMA", "Nomor: KD/2026/0003/TT", "Keputusan Wali Kota Serang Nomor KD/2026/0003/HD",
		"tanggal 10 Juli 2026", "S2 — pemotongan tunjangan kinerja 25%", "disampaikan pada tanggal 13 Juli 2026", "diterima pada tanggal 14 Juli 2026",
		"mulai berlaku pada tanggal 4 Agustus 2026", "Yang menyerahkan,", "Yang menerima,", "Serang, 14 Juli 2026", "Staf Uji")
}

func TestObjection(t *testing.T) {
	o := Objection{Government: "Pemerintah Kabupaten Serang", Number: "KD/2026/0004/UA", Date: d("2026-08-03"), To: staff, Decision: "KD/2026/0004/HD",
		Decided: d("2026-07-10"), Objected: d("2026-07-20"), Outcome: "lighten", Original: "S2 — pemotongan tunjangan kinerja 25% selama 9 bulan",
		Sanction: "S1 — pemotongan tunjangan kinerja 25% selama 6 bulan", Signer: Person{Name: "Bupati Uji"}, SignerRole: "Bupati Serang"}
	pdf, err := ObjectionPDF(o)
	if err != nil {
		t.Fatal(err)
	}
	wantText(t, "objection", pdf, "RAHASIA", "KEPUTUSAN BUPATI SERANG", "Nomor: KD/2026/0004/UA", "PENYELESAIAN KEBERATAN ATAS HUKUMAN DISIPLIN",
		"pada tanggal 20 Juli 2026 telah mengajukan keberatan atas Keputusan Nomor KD/2026/0004/HD",
		"memperingan hukuman disiplin berupa S2 — pemotongan tunjangan kinerja 25% selama 9 bulan menjadi S1 — pemotongan tunjangan kinerja 25% selama 6 bulan",
		"Peraturan Pemerintah Nomor 79 Tahun 2021", "Serang, 3 Agustus 2026", "Bupati Uji")
	o.Outcome, o.Sanction = "revoke", ""
	pdf, _ = ObjectionPDF(o)
	text := wantText(t, "revoking objection", pdf, "membatalkan hukuman disiplin berupa S2", "dipulihkan")
	if strings.Contains(text, "menjadi") {
		t.Errorf("a revocation names a new sanction: %s", text)
	}
	if _, err := ObjectionPDF(Objection{Outcome: "annul?"}); err == nil {
		t.Error("an unknown outcome rendered")
	}
}
