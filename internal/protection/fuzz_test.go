package protection

import (
	"strings"
	"testing"
	"unicode/utf8"

	"sigap/internal/apperr"
)

func FuzzCheckCode(f *testing.F) {
	for _, s := range []string{"", "KS-01", " 3 ", "a,b", "a;b", "a\tb", strings.Repeat("x", MaxCode+1), "\xff", "\x00", "é"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		code, err := CheckCode(s)
		if err != nil {
			if apperr.CodeOf(err) != apperr.Invalid || code != "" {
				t.Fatalf("%q: %q %v", s, code, err)
			}
			return
		}
		if code != strings.TrimSpace(s) || utf8.RuneCountInString(code) > MaxCode || !utf8.ValidString(code) || strings.ContainsAny(code, ",;\n\r\t\x00") {
			t.Fatalf("%q accepted as %q", s, code)
		}
		if again, err := CheckCode(code); err != nil || again != code {
			t.Fatalf("%q: not stable", s)
		}
	})
}
