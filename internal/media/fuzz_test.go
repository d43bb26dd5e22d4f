package media

import (
	"os"
	"path/filepath"
	"testing"
	"unicode/utf8"
)

// FuzzExtract: whatever is pasted, the extractor does not panic, and
// every span it gives lies within the cleaned text and holds the words it
// claims.
func FuzzExtract(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.txt")
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(b), "")
	}
	f.Add("", "36.04")
	f.Add("<p>Kota Serang &amp; Kab. Serang</p>", "36.73")
	f.Add("Baca Juga:\nKecamatan Ciruas", "36.04")
	f.Add("Senin (31/2/2025) kemarin 1.000.000 kasus di bawah lima kasus dua puluh tiga ASN", "")
	f.Add("kata Kepala ,, Dr. . ujar\n\n\"\"“”", "36.01")
	x := testIndex(f)
	f.Fuzz(func(t *testing.T, text, region string) {
		r, err := x.Extract(text, Options{Region: region, Tenants: []string{"36.04", "36.73"}})
		if err != nil {
			if len(text) <= MaxInput {
				t.Fatalf("error on %d bytes: %v", len(text), err)
			}
			return
		}
		if !utf8.ValidString(r.Text) {
			t.Fatal("cleaned text is not UTF-8")
		}
		checkSpans(t, r)
		for _, e := range evidences(r) {
			if e.Confidence < MinConfidence || e.Confidence > 1 {
				t.Fatalf("confidence %v outside [%v, 1]", e.Confidence, MinConfidence)
			}
		}
	})
}

func evidences(r Result) []Evidence {
	var out []Evidence
	if r.Government != nil {
		out = append(out, r.Government.Evidence)
	}
	for _, a := range r.Agencies {
		out = append(out, a.Evidence)
	}
	if r.Category != nil {
		out = append(out, r.Category.Evidence)
	}
	if r.Accused != nil {
		out = append(out, r.Accused.Evidence)
	}
	for _, p := range r.Places {
		out = append(out, p.Evidence)
	}
	for _, d := range r.Dates {
		out = append(out, d.Evidence)
	}
	for _, f := range r.Figures {
		out = append(out, f.Evidence)
	}
	for _, p := range r.Quoted {
		out = append(out, p.Evidence)
	}
	return out
}
