package nip

import (
	"testing"
	"time"

	"sigap/internal/apperr"
	"sigap/internal/calendar"
	"sigap/internal/i18n"
)

func TestParseValid(t *testing.T) {
	for in, want := range map[string]NIP{
		"199001012015031002":     {Birth: calendar.NewDate(1990, 1, 1), AppointedYear: 2015, AppointedMonth: time.March, Sex: Male, Seq: 2},
		"19851231 201001 2 015":  {Birth: calendar.NewDate(1985, 12, 31), AppointedYear: 2010, AppointedMonth: time.January, Sex: Female, Seq: 15},
		" 19960229.202207.2.001": {Birth: calendar.NewDate(1996, 2, 29), AppointedYear: 2022, AppointedMonth: time.July, Sex: Female, Seq: 1},
	} {
		got, err := Parse(in)
		if err != nil || got != want {
			t.Errorf("%q: %+v %v", in, got, err)
		}
	}
	n, _ := Parse("19900101 201503 1 002")
	if n.String() != "199001012015031002" || n.Formatted() != "19900101 201503 1 002" {
		t.Errorf("%s / %s", n, n.Formatted())
	}
}

func TestParseNamesThePart(t *testing.T) {
	for in, key := range map[string]string{
		"19900101201503100":   "nip.length",
		"1990010120150310021": "nip.length",
		"19900101201503100A":  "nip.digits",
		"199002302015031002":  "nip.birth", // 30 February
		"199013012015031002":  "nip.birth", // month 13
		"189901012015031002":  "nip.birth", // before 1900
		"199001012015131002":  "nip.appointment",
		"199001012015001002":  "nip.appointment",
		"199006011990051002":  "nip.appointment_before_birth",
		"199006011990061002":  "nip.appointment_before_birth", // the same month
		"199001012015033002":  "nip.sex",
		"199001012015031000":  "nip.sequence",
	} {
		_, err := Parse(in)
		ae := apperr.As(err)
		if err == nil || ae.Code != apperr.Invalid || ae.Key != key || ae.Field != "nip" {
			t.Errorf("%q: %v, want %s", in, err, key)
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"199001012015031002", "19900101 201503 1 002", "", "1990-01-01", "99999999999999999999"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := Parse(s)
		if err != nil {
			if !apperr.Is(err, apperr.Invalid) {
				t.Fatalf("%q: error without a code: %v", s, err)
			}
			return
		}
		again, err := Parse(n.String())
		if err != nil || again != n || len(n.String()) != Len || Normalize(s) != n.String() {
			t.Fatalf("%q: round trip %q → %+v %v", s, n.String(), again, err)
		}
	})
}

// Every message key the parser can return has a text in both languages.
func TestMessagesExist(t *testing.T) {
	cat, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{"nip.length", "nip.digits", "nip.birth", "nip.appointment", "nip.appointment_before_birth", "nip.sex", "nip.sequence"} {
		for _, lang := range i18n.Languages {
			if !cat.Keys(lang)[key] {
				t.Errorf("%s: %s missing", lang, key)
			}
		}
	}
	_, err = Parse("199001012015033002")
	if got := cat.T("id", apperr.As(err).Key, apperr.As(err).Args); got != "Angka ke-15 NIP (3) harus 1 (laki-laki) atau 2 (perempuan)." {
		t.Errorf("message %q", got)
	}
}
