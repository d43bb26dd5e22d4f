package discipline

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"sigap/internal/apperr"
)

func FuzzParseNumberFormat(f *testing.F) {
	for _, s := range []string{"{seq}/INSP/{roman_month}/{year}", "800/{seq:04}/{year}", "{year}", "{seq", "{seq:99}/{year}", "a b/{seq}/{year}", "", strings.Repeat("{seq}", 100)} {
		f.Add(s, 2026, 3, 7)
	}
	f.Fuzz(func(t *testing.T, s string, year, month, seq int) {
		nf, err := ParseNumberFormat(s)
		if err != nil {
			if e := apperr.As(err); e.Code != apperr.Invalid || e.Field != "number_format" {
				t.Fatalf("%q: %v", s, err)
			}
			return
		}
		year, month, seq = 2000+abs(year)%100, 1+abs(month)%12, 1+abs(seq)%100000
		n := nf.Format(year, time.Month(month), seq)
		if n == "" || strings.ContainsAny(n, "{} \t\n") || !strings.Contains(n, strconv.Itoa(year)) {
			t.Fatalf("%q formatted %d/%d/%d as %q", s, year, month, seq, n)
		}
	})
}

func abs(n int) int {
	if n < 0 && -n > 0 {
		return -n
	}
	return max(n, 0)
}
