package calendar

import (
	"testing"
	"time"
)

// FuzzParseDate checks that ParseDate never panics, accepts exactly what
// time.Parse accepts for the DateOnly layout (within years 1–9999), and that
// accepted dates round-trip through String, Value/Scan and Text.
func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2025-03-27", "2024-02-29", "2025-02-29", "0001-01-01", "9999-12-31", "", "2025-1-1", "0000-00-00", "2025-01-01T00:00:00Z"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDate(s)
		ref, refErr := time.Parse(time.DateOnly, s)
		// time.Parse is lenient in ways ParseDate deliberately is not
		// (it accepts year 0000); compare only where both are strict.
		refOK := refErr == nil && ref.Year() >= 1 && ref.Format(time.DateOnly) == s
		if (err == nil) != refOK {
			t.Fatalf("ParseDate(%q) err=%v, but time.Parse ok=%v", s, err, refOK)
		}
		if err != nil {
			return
		}
		if d.IsZero() || d.String() != s {
			t.Fatalf("ParseDate(%q).String() = %q", s, d)
		}
		var back Date
		if err := back.Scan(s); err != nil || back != d {
			t.Fatalf("Scan(%q) = %s, %v", s, back, err)
		}
		text, _ := d.MarshalText()
		if err := back.UnmarshalText(text); err != nil || back != d {
			t.Fatalf("text round trip of %s gave %s, %v", d, back, err)
		}
	})
}
