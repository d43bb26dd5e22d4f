package discipline

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"sigap/internal/apperr"
	"sigap/internal/calendar"
)

func TestParseQA(t *testing.T) {
	got, err := ParseQA("T: Apakah Saudara sehat?\r\nJ: Ya, sehat.\n\nT: Mengapa tidak masuk\nkerja selama dua minggu?\nJ: Orang tua sakit.\nSaya merawatnya.\nq: Ada bukti?\n")
	if err != nil {
		t.Fatal(err)
	}
	want := []QA{{Q: "Apakah Saudara sehat?", A: "Ya, sehat."}, {Q: "Mengapa tidak masuk\nkerja selama dua minggu?", A: "Orang tua sakit.\nSaya merawatnya."},
		{Q: "Ada bukti?"}}
	if !reflect.DeepEqual(want, got) {
		t.Fatalf("%q", got)
	}
	again, err := ParseQA(FormatQA(got))
	if err != nil || !reflect.DeepEqual(got, again) {
		t.Errorf("format and parse again: %v %q", err, again)
	}
	if qas, err := ParseQA("  \n\n"); err != nil || len(qas) != 0 {
		t.Errorf("blank: %v %v", qas, err)
	}
	for text, key := range map[string]string{
		"Saudara hadir?\nJ: ya":                  "case.bap.qa.no_marker",
		"J: ya":                                  "case.bap.qa.answer_first",
		"T: hadir?\nJ: ya\nJ: x":                 "case.bap.qa.answer_first",
		"T:\nJ: ya":                              "case.bap.qa.empty_question",
		"T: " + strings.Repeat("a", maxQAText+1): "case.bap.qa.too_long",
		strings.Repeat("T: a\n", MaxQAs+1):       "case.bap.qa.too_many",
	} {
		_, err := ParseQA(text)
		if ae := apperr.As(err); err == nil || ae.Key != key || ae.Field != "qa" {
			t.Errorf("%.30q: %v, want %s", text, err, key)
		}
	}
}

func FuzzParseQA(f *testing.F) {
	for _, s := range []string{"T: a\nJ: b", "J: x", "T:\n", "t: é\r\nj: ü\nlanjut", "x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		qas, err := ParseQA(s)
		if err != nil {
			if apperr.CodeOf(err) != apperr.Invalid {
				t.Fatalf("%q: %v", s, err)
			}
			return
		}
		// What was read writes back to the same questions and answers,
		// as far as spaces at line ends go.
		again, err := ParseQA(FormatQA(qas))
		if err != nil {
			t.Fatalf("formatted %q does not parse: %v", FormatQA(qas), err)
		}
		if len(again) != len(qas) {
			t.Fatalf("%d questions became %d", len(qas), len(again))
		}
	})
}

func TestCheckExam(t *testing.T) {
	ok := Exam{Mode: "in_person", Place: "Ruang rapat", Examiners: []string{"Inspektur Uji"}, Signature: "refused"}
	if err := CheckExam(ok); err != nil {
		t.Fatal(err)
	}
	for field, e := range map[string]Exam{
		"mode":      {Mode: "phone", Place: "x", Examiners: []string{"a"}, Signature: "signed"},
		"place":     {Mode: "virtual", Place: " ", Examiners: []string{"a"}, Signature: "signed"},
		"examiners": {Mode: "virtual", Place: "x", Signature: "signed"},
		"signature": {Mode: "virtual", Place: "x", Examiners: []string{"a"}, Signature: "maybe"},
	} {
		if err := CheckExam(e); apperr.As(err).Field != field {
			t.Errorf("%s: %v", field, err)
		}
	}
	if got := Lines(" a \n\n b\r\n"); !slices.Equal([]string{"a", "b"}, got) {
		t.Errorf("lines %q", got)
	}
}

func TestCheckStatement(t *testing.T) {
	day := calendar.NewDate(2026, 7, 8)
	if err := CheckStatement(Statement{Name: "Saksi", Role: "victim", On: day, Text: "Keterangan."}); err != nil {
		t.Fatal(err)
	}
	for field, s := range map[string]Statement{
		"name":          {Role: "victim", On: day, Text: "x"},
		"role":          {Name: "a", Role: "neighbour", On: day, Text: "x"},
		"statement_day": {Name: "a", Role: "other", Text: "x"},
		"text":          {Name: "a", Role: "other", On: day, Text: "  "},
	} {
		if err := CheckStatement(s); apperr.As(err).Field != field {
			t.Errorf("%s: %v", field, err)
		}
	}
}

// Ps 31: a release only when berat is likely, from the first summons
// until the decision.
func TestRelease(t *testing.T) {
	p := DefaultProcedure
	cal := holidays(t)
	letter, exam := calendar.NewDate(2026, 7, 1), calendar.NewDate(2026, 7, 8)
	c := &Case{Stage: StageOpen}
	if err := p.Release(c, Berat, exam); apperr.As(err).Key != "case.release.not_now" {
		t.Errorf("before any summons: %v", err)
	}
	if err := p.Summon(c, cal, letter, exam); err != nil {
		t.Fatal(err)
	}
	if err := p.Release(c, Sedang, exam); apperr.As(err).Key != "case.release.not_berat" {
		t.Errorf("sedang: %v", err)
	}
	if err := p.Release(c, Berat, letter.AddDays(-1)); apperr.As(err).Field != "release_day" {
		t.Errorf("before the summons: %v", err)
	}
	if err := p.Release(c, Berat, letter); err != nil {
		t.Errorf("summoned: %v", err)
	}
	if err := p.Examine(c, exam); err != nil {
		t.Fatal(err)
	}
	if err := p.Release(c, Berat, exam); err != nil {
		t.Errorf("examined: %v", err)
	}
	if err := p.Decide(c, exam, "B1", Sanctions, Sanctions); err != nil {
		t.Fatal(err)
	}
	if err := p.Release(c, Berat, exam); apperr.As(err).Key != "case.release.not_now" {
		t.Errorf("after the decision: %v", err)
	}
}
