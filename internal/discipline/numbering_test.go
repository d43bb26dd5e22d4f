package discipline

import (
	"testing"
	"time"

	"sigap/internal/apperr"
)

func TestNumberFormat(t *testing.T) {
	for _, tc := range []struct{ format, want string }{
		{DefaultNumberFormat, "KD/2026/0007"},
		{"800/{seq:03}/BKPSDM/{roman_month}/{year}", "800/007/BKPSDM/III/2026"},
		{"800.1.6/{seq}/{month}/{year}", "800.1.6/7/03/2026"},
		{" {year}-{seq:1} ", "2026-7"},
	} {
		f, err := ParseNumberFormat(tc.format)
		if err != nil {
			t.Fatalf("%q: %v", tc.format, err)
		}
		if got := f.Format(2026, time.March, 7); got != tc.want {
			t.Errorf("%q: %q, want %q", tc.format, got, tc.want)
		}
	}
	f, _ := ParseNumberFormat("KD/{year}/{seq:02}")
	if got := f.Format(2026, time.December, 1234); got != "KD/2026/1234" {
		t.Errorf("a sequence wider than its padding: %q", got)
	}
	for format, key := range map[string]string{
		"":                       "case.number.empty",
		"KD/{year}/{seq}/{nama}": "case.number.unknown_token",
		"KD/{year/{seq}":         "case.number.unclosed",
		"KD/{year}/{seq":         "case.number.unclosed",
		"KD}/{year}/{seq}":       "case.number.unopened",
		"KD/{year}":              "case.number.no_seq",
		"800/{seq:04}":           "case.number.no_year",
		"KD/{year}/{seq:0}":      "case.number.seq_width",
		"KD/{year}/{seq:x}":      "case.number.seq_width",
		"KD {year}/{seq}":        "case.number.bad_char",
		"KD/{year}/{seq}/" + string(make([]byte, 60)): "case.number.too_long",
	} {
		_, err := ParseNumberFormat(format)
		if e := apperr.As(err); err == nil || e.Key != key || e.Field != "number_format" {
			t.Errorf("%q: %v, want %s", format, err, key)
		}
	}
	_, err := ParseNumberFormat("KD/{year}/{seq}/{nama}")
	if apperr.As(err).Args["Token"] != "{nama}" {
		t.Errorf("the unknown token is not named: %v", apperr.As(err).Args)
	}
}
