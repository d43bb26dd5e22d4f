package identity

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"sigap/internal/apperr"
)

// The fields of the account forms: names that go into lookups and onto
// every page.

func FuzzValidateUsername(f *testing.F) {
	for _, s := range []string{"admin.kab", "ab", ".lead", "Admin", "a b", "siti_rahma-2", strings.Repeat("a", 65), "\xff\xfe\xfd"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if err := ValidateUsername(s); err != nil {
			if e := apperr.As(err); e.Code != apperr.Invalid || e.Field != "username" {
				t.Fatalf("%q: %v", s, err)
			}
			return
		}
		if len(s) < 3 || len(s) > 64 || strings.Trim(s, "abcdefghijklmnopqrstuvwxyz0123456789._-") != "" || strings.ContainsAny(s[:1], "._-") {
			t.Fatalf("accepted %q", s)
		}
	})
}

func FuzzCleanDisplayName(f *testing.F) {
	for _, s := range []string{"  Siti   Rahma ", "", "a\x00b", "\u202e", strings.Repeat("é", 121), "\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := CleanDisplayName(s)
		if err != nil {
			if e := apperr.As(err); e.Code != apperr.Invalid || e.Field != "display_name" || n != "" {
				t.Fatalf("%q: %q %v", s, n, err)
			}
			return
		}
		if n == "" || utf8.RuneCountInString(n) > 120 || n != strings.Join(strings.Fields(n), " ") || strings.IndexFunc(n, func(r rune) bool { return !unicode.IsPrint(r) }) >= 0 {
			t.Fatalf("%q cleaned to %q", s, n)
		}
		if again, err := CleanDisplayName(n); err != nil || again != n {
			t.Fatalf("%q: not stable", s)
		}
	})
}

func FuzzCleanEmail(f *testing.F) {
	for _, s := range []string{"", " Siti@Serangkab.go.id ", "Siti <siti@x.id>", "a@b", "@", "a@b@c", "\"a b\"@x.id", strings.Repeat("a", 250) + "@x.id"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		e, err := CleanEmail(s)
		if err != nil {
			if ae := apperr.As(err); ae.Code != apperr.Invalid || ae.Field != "email" || e != "" {
				t.Fatalf("%q: %q %v", s, e, err)
			}
			return
		}
		if e == "" {
			if strings.TrimSpace(s) != "" {
				t.Fatalf("%q cleaned to nothing", s)
			}
			return
		}
		if len(e) > 254 || e != strings.ToLower(e) || strings.Count(e, "@") < 1 || strings.ContainsAny(e, "<>\r\n") {
			t.Fatalf("%q cleaned to %q", s, e)
		}
	})
}
