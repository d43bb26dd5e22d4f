package media

import (
	"os"
	"strings"
	"testing"
)

func extract(t *testing.T, text string, opt Options) Result {
	t.Helper()
	r, err := testIndex(t).Extract(text, opt)
	if err != nil {
		t.Fatal(err)
	}
	checkSpans(t, r)
	return r
}

// Bad input: empty, too large, not Indonesian, HTML.
func TestBadInput(t *testing.T) {
	for _, text := range []string{"", "   \n\t ", "Baca Juga: Oknum ASN Pemkab Serang Lakukan Pelecehan"} {
		r := extract(t, text, Options{})
		if !r.Nothing || r.Government != nil || r.Category != nil {
			t.Errorf("%q: %+v", text, r)
		}
	}
	if _, err := testIndex(t).Extract(strings.Repeat("a", MaxInput+1), Options{}); err != ErrTooLarge {
		t.Errorf("over the limit: %v", err)
	}
	en := extract(t, "The head of the civil service agency in Serang said the official accused of sexual harassment was suspended on Monday. The case is under investigation.", Options{})
	if !en.Nothing || !contains(en.Notes, NoteNotIndonesian) || en.Category != nil {
		t.Errorf("English: %+v", en)
	}
	h := extract(t, `<div><h1>Oknum PNS Pemkot Serang Diduga Bolos</h1><script>alert("Kabupaten Lebak")</script><p>Seorang oknum PNS di Kota Serang tidak masuk kerja &quot;tanpa keterangan&quot; selama sebulan, kata Kepala BKPSDM Kota Serang, Rahmat.</p></div>`, Options{})
	if !contains(h.Notes, NoteHTML) || strings.Contains(h.Text, "<") || strings.Contains(h.Text, "alert") || !strings.Contains(h.Text, `"tanpa keterangan"`) {
		t.Errorf("HTML: %q", h.Text)
	}
	if h.Government == nil || h.Government.Code != "36.73" || h.Category == nil || h.Category.Code != Absence {
		t.Errorf("HTML fields: %+v %+v", h.Government, h.Category)
	}
}

// Kota and Kabupaten of the same name are told apart, and the one the
// article is about wins over one merely mentioned.
func TestKotaOrKabupaten(t *testing.T) {
	for text, want := range map[string]string{
		"Pemkot Serang memeriksa seorang ASN yang diduga bolos. ASN itu tinggal di Kabupaten Serang, kata pejabat Pemkot Serang.": "36.73",
		"Pemerintah Kabupaten Serang memeriksa seorang ASN yang diduga bolos kerja di kantor kecamatan.":                          "36.04",
		"BKPSDM Kabupaten Tangerang dan Inspektorat Kabupaten Tangerang memeriksa ASN yang bertugas di Kota Tangerang itu.":       "36.03",
		"Pemkot Tangsel menjatuhkan sanksi kepada ASN yang tidak netral dalam pilkada di kota itu.":                               "36.74",
		"Kota Tangerang Selatan dan Pemerintah Kota Tangerang Selatan menegaskan ASN yang bolos akan dihukum.":                    "36.74",
	} {
		r := extract(t, text, Options{Tenants: []string{"36.04", "36.73"}})
		if r.Government == nil || r.Government.Code != want {
			t.Errorf("%q: %+v, want %s", text, r.Government, want)
		}
	}
	r := extract(t, "Pemkab Serang memeriksa seorang ASN yang diduga bolos kerja di kantor kecamatan.", Options{Tenants: []string{"36.04"}})
	if r.Government.Tenant != "36.04" {
		t.Errorf("tenant not matched: %+v", r.Government)
	}
}

// What a "Baca Juga" line names is read for no field.
func TestReadMoreIgnored(t *testing.T) {
	text := "ASN Pemkab Serang Diduga Bolos\n\nSeorang ASN di Kabupaten Serang diduga tidak masuk kerja selama sebulan di Kecamatan Ciruas, kata pejabat BKPSDM.\n\n" +
		"Baca Juga: Oknum PNS Kecamatan Kramatwatu Terlibat Pungli Rp 5 Juta dan 18 Kasus Pelecehan Seksual\n\nBaca juga:\nPNS di Kecamatan Anyar Kena OTT\n\nIa menambahkan pemeriksaan masih berjalan."
	r := extract(t, text, Options{Region: "36.04"})
	for _, bad := range []string{"Kramatwatu", "Anyar", "Pungli", "OTT"} {
		if strings.Contains(r.Text, bad) {
			t.Errorf("%q left in the text", bad)
		}
	}
	if len(r.Places) != 1 || r.Places[0].Name != "Ciruas" || r.Category == nil || r.Category.Code != Absence || len(r.Figures) != 0 {
		t.Errorf("places %+v category %+v figures %+v", r.Places, r.Category, r.Figures)
	}
}

// Misspellings of the words that tell a kind of misconduct and a civil
// servant are read as those words.
func TestTypos(t *testing.T) {
	r := extract(t, "Seorang oknum pejebat di Pemkab Lebak diduga melakukan pelecehan seskual terhadap bawahannya, dan ia mengku perbuatannya kepada tim pemeriksa.", Options{})
	if r.Category == nil || r.Category.Code != SexualViolence || r.Category.Spans[0].Text != "pelecehan seskual" {
		t.Errorf("category: %+v", r.Category)
	}
	if r.Accused == nil || r.Accused.Description != "oknum pejebat" || r.CivilServant == nil || !r.CivilServant.Value {
		t.Errorf("accused: %+v %+v", r.Accused, r.CivilServant)
	}
	// A name one letter from a word of saying is not one.
	r = extract(t, "DP3AKB Kabupaten Serang Tangani 18 Kasus Kekerasan terhadap anak di kantor dinas itu dan ini.", Options{})
	if len(r.Quoted) != 0 {
		t.Errorf("quoted from a headline: %+v", r.Quoted)
	}
}

// Figures in digits and words, bounds, thousands and their period.
func TestFigures(t *testing.T) {
	r := extract(t, "Dalam dua bulan terakhir tercatat 18 kasus, 13 diantaranya kasus pelecehan seksual. Tahun lalu ada tiga kasus dan di bawah lima laporan, serta lebih dari 1.200 ASN yang dihukum. Dua puluh tiga pegawai hadir pada 3/3/2025.", Options{})
	want := []string{"18 kasus [dua bulan]", "13 kasus pelecehan seksual [dua bulan]", "3 kasus [tahun lalu]", "<5 laporan [tahun lalu]", ">1200 asn [tahun lalu]", "23 pegawai hadir []"}
	var got []string
	for _, f := range r.Figures {
		period := ""
		if strings.Contains(f.Period, "dua bulan") {
			period = "dua bulan"
		} else if f.Period != "" {
			period = f.Period
		}
		got = append(got, strings.TrimSpace(f.Bound+itoa(f.Value)+" "+f.Counts)+" ["+period+"]")
	}
	if strings.Join(got, "; ") != strings.Join(want, "; ") {
		t.Errorf("figures:\n got %s\nwant %s", strings.Join(got, "; "), strings.Join(want, "; "))
	}
}

// Dates: the publication date above the body, the interview date in the
// news convention, "kemarin" against the publication date.
func TestDates(t *testing.T) {
	text := "Judul Berita tentang ASN yang Bolos\n\nSelasa, 4 Maret 2025 10:00 WIB\n\nSERANG - Seorang ASN yang bolos diperiksa kemarin di kantor BKPSDM. Pemeriksaan akan dilanjutkan pada 10/03/2025, kata Kepala BKPSDM Kota Serang, Ahmad, saat ditemui, Selasa (4/3/2025). Ia juga menyebut pemeriksaan serupa pada Jumat (28/2)."
	r := extract(t, text, Options{})
	if r.Published == nil || r.Published.Date != "2025-03-04" {
		t.Fatalf("published: %+v", r.Published)
	}
	var got []string
	for _, d := range r.Dates {
		got = append(got, d.Date+" "+d.Kind)
	}
	want := "2025-03-04 published, 2025-03-03 mentioned, 2025-03-10 mentioned, 2025-02-28 mentioned"
	if strings.Join(got, ", ") != want {
		t.Errorf("dates:\n got %s\nwant %s", strings.Join(got, ", "), want)
	}
	// No publication date: a yearless date and "kemarin" are not guessed.
	r = extract(t, "Seorang ASN yang bolos diperiksa kemarin di kantor BKPSDM pada Jumat (28/2) dan itu sudah.", Options{})
	if r.Published != nil || len(r.Dates) != 0 {
		t.Errorf("guessed dates: %+v %+v", r.Published, r.Dates)
	}
}

// The people quoted, in the usual forms, with their titles; the speaker's
// title is not the accused.
func TestQuoted(t *testing.T) {
	text := `"Kami proses," kata Kepala BKPSDM Kabupaten Serang, Rudi Hartono. Sementara itu, Kepala DP3A Kota Cilegon, Hj. Siti Aminah, mengatakan korban didampingi. "Sudah kami terima," ujar Inspektur Kabupaten Lebak Asep Saepudin. Menurut Rudi, ASN itu dipanggil. Budi Santoso, Kepala Bidang Disiplin BKD Kota Serang, menjelaskan prosesnya.`
	r := extract(t, text, Options{})
	var got []string
	for _, p := range r.Quoted {
		got = append(got, p.Name+"|"+p.Title+"|"+p.Agency)
	}
	want := "Rudi Hartono|Kepala BKPSDM Kabupaten Serang|BKPSDM; Siti Aminah|Kepala DP3A Kota Cilegon|DP3A; Asep Saepudin|Inspektur Kabupaten Lebak|; Budi Santoso|Kepala Bidang Disiplin BKD Kota Serang|BKD"
	if strings.Join(got, "; ") != want {
		t.Errorf("quoted:\n got %s\nwant %s", strings.Join(got, "; "), want)
	}
	if r.Accused != nil && strings.Contains(strings.ToLower(r.Accused.Description), "kepala") {
		t.Errorf("a speaker's title taken for the accused: %+v", r.Accused)
	}
}

// Someone who is not a civil servant is accused: said so.
func TestNotACivilServant(t *testing.T) {
	r := extract(t, "Seorang kepala desa di Kabupaten Serang diduga melakukan pungli. Pelaku bukan aparatur sipil negara, kata Inspektur Kabupaten Serang, Bambang.", Options{})
	if r.CivilServant == nil || r.CivilServant.Value || r.Accused == nil || r.Accused.Description != "kepala desa" {
		t.Errorf("%+v %+v", r.CivilServant, r.Accused)
	}
}

// A low-confidence reading is left empty: two kinds of misconduct told
// about as much give no category.
func TestUnsureLeftEmpty(t *testing.T) {
	r := extract(t, "Pemkab Serang memeriksa dugaan pungli dan dugaan perselingkuhan yang dilaporkan warga ke kantor itu.", Options{})
	if r.Category != nil {
		t.Errorf("a guess: %+v", r.Category)
	}
}

// The golden articles make a good benchmark input; five of them make 5.4 KB.
func benchArticle(b *testing.B) string {
	b.Helper()
	var sb strings.Builder
	for _, f := range []string{"testdata/01-serang-pelecehan.txt", "testdata/20-kota-serang-statistik.txt", "testdata/06-kab-tangerang-kepsek.txt", "testdata/19-cilegon-netralitas.txt", "testdata/03-cilegon-pungli.txt"} {
		t, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		sb.Write(t)
		sb.WriteString("\n")
	}
	return sb.String()
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b []byte
	for ; n > 0; n /= 10 {
		b = append([]byte{byte('0' + n%10)}, b...)
	}
	return string(b)
}
