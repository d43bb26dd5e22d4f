package calendar

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"
	"time"
)

// TestNewDateMatchesTime cross-checks the integer civil-date arithmetic
// against the time package, including time.Date-style normalisation.
func TestNewDateMatchesTime(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for range 20000 {
		y := 1 + rng.IntN(9998)
		m := time.Month(rng.IntN(40) - 13)
		d := rng.IntN(800) - 400
		want := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
		if want.Year() < 1 || want.Year() > 9999 {
			continue
		}
		got := NewDate(y, m, d)
		if got.Year() != want.Year() || got.Month() != want.Month() || got.Day() != want.Day() {
			t.Fatalf("NewDate(%d, %d, %d) = %s, want %s", y, m, d, got, want.Format(time.DateOnly))
		}
		if got.Weekday() != want.Weekday() {
			t.Fatalf("%s.Weekday() = %v, want %v", got, got.Weekday(), want.Weekday())
		}
		if got.String() != want.Format(time.DateOnly) {
			t.Fatalf("String() = %q, want %q", got.String(), want.Format(time.DateOnly))
		}
	}
}

func TestNewDateNormalises(t *testing.T) {
	tests := []struct {
		y    int
		m    time.Month
		d    int
		want string
	}{
		{2025, 2, 29, "2025-03-01"},
		{2024, 2, 29, "2024-02-29"},
		{2025, 1, 0, "2024-12-31"},
		{2025, 13, 1, "2026-01-01"},
		{2025, 0, 1, "2024-12-01"},
		{2025, -11, 1, "2024-01-01"},
		{2025, 12, 32, "2026-01-01"},
		{1900, 2, 29, "1900-03-01"}, // not a leap year
		{2000, 2, 29, "2000-02-29"}, // leap year
	}
	for _, tt := range tests {
		if got := NewDate(tt.y, tt.m, tt.d).String(); got != tt.want {
			t.Errorf("NewDate(%d, %d, %d) = %s, want %s", tt.y, tt.m, tt.d, got, tt.want)
		}
	}
}

// TestDateSaturates checks that out-of-range inputs clamp to the ends of the
// range instead of wrapping, and never produce the zero Date.
func TestDateSaturates(t *testing.T) {
	lo, hi := "0001-01-01", "9999-12-31"
	tests := []struct {
		name string
		d    Date
		want string
	}{
		{"year 0", NewDate(0, 6, 1), lo},
		{"year -5", NewDate(-5, 1, 1), lo},
		{"year 10000", NewDate(10000, 1, 1), hi},
		{"huge year", NewDate(math.MaxInt, 1, 1), hi},
		{"tiny year", NewDate(math.MinInt, 1, 1), lo},
		{"huge day", NewDate(2025, 1, math.MaxInt), hi},
		{"tiny day", NewDate(2025, 1, math.MinInt), lo},
		{"huge month", NewDate(2025, math.MaxInt, 1), hi},
		{"tiny month", NewDate(2025, math.MinInt, 1), lo},
		{"day before min", NewDate(1, 1, 0), lo},
		{"AddDays past max", NewDate(9999, 12, 31).AddDays(1), hi},
		{"AddDays before min", NewDate(1, 1, 1).AddDays(-1), lo},
		{"AddDays MaxInt", NewDate(2025, 1, 1).AddDays(math.MaxInt), hi},
		{"AddDays MinInt", NewDate(2025, 1, 1).AddDays(math.MinInt), lo},
	}
	for _, tt := range tests {
		if tt.d.IsZero() || tt.d.String() != tt.want {
			t.Errorf("%s: got %q (zero=%v), want %s", tt.name, tt.d, tt.d.IsZero(), tt.want)
		}
	}
}

func TestZeroDate(t *testing.T) {
	var z Date
	if !z.IsZero() || z.String() != "" {
		t.Fatalf("zero Date: IsZero=%v String=%q", z.IsZero(), z)
	}
	if z.Year() != 0 || z.Month() != 0 || z.Day() != 0 {
		t.Errorf("zero Date Y/M/D = %d/%d/%d, want 0/0/0", z.Year(), z.Month(), z.Day())
	}
	if !z.Time(time.UTC).IsZero() {
		t.Errorf("zero Date Time() = %v, want zero time", z.Time(time.UTC))
	}
	if !z.AddDays(5).IsZero() {
		t.Errorf("zero.AddDays(5) = %s, want zero", z.AddDays(5))
	}
	if NewDate(1, 1, 1).IsZero() || NewDate(1970, 1, 1).IsZero() {
		t.Error("0001-01-01 and 1970-01-01 must not be the zero Date")
	}
	if !z.Before(NewDate(1, 1, 1)) {
		t.Error("zero Date should sort before every date")
	}
}

func TestParseDate(t *testing.T) {
	valid := []string{"2025-01-01", "2024-02-29", "0001-01-01", "9999-12-31", "2000-02-29", "2025-12-31"}
	for _, s := range valid {
		d, err := ParseDate(s)
		if err != nil {
			t.Errorf("ParseDate(%q): %v", s, err)
			continue
		}
		want, _ := time.Parse(time.DateOnly, s)
		if d.Year() != want.Year() || d.Month() != want.Month() || d.Day() != want.Day() || d.String() != s {
			t.Errorf("ParseDate(%q) = %s", s, d)
		}
	}
	invalid := []string{
		"", "2025-1-01", "2025-01-1", "25-01-01", "2025/01/01", "2025-01-01T00:00:00Z",
		"2025-02-29", "1900-02-29", "2025-04-31", "2025-00-10", "2025-13-01", "2025-01-00",
		"2025-01-32", "0000-01-01", "+025-01-01", "2025-+1-01", "2025-01- 1", " 2025-01-01",
		"2025-01-01 ", "２０２５-01-01", "01-01-2025", "2025-01-01\x00",
	}
	for _, s := range invalid {
		d, err := ParseDate(s)
		if err == nil {
			t.Errorf("ParseDate(%q) = %s, want error", s, d)
			continue
		}
		if !strings.Contains(err.Error(), "YYYY-MM-DD") {
			t.Errorf("ParseDate(%q) error %q does not name the expected format", s, err)
		}
		if !d.IsZero() {
			t.Errorf("ParseDate(%q) returned non-zero %s with error", s, d)
		}
	}
}

func TestParseDateErrorTruncatesInput(t *testing.T) {
	_, err := ParseDate(strings.Repeat("x", 10000))
	if err == nil || len(err.Error()) > 200 {
		t.Fatalf("error for a long input should be short, got %d bytes", len(err.Error()))
	}
}

// TestDateOf checks that the day depends on the zone: 20:00 UTC on 31 Dec
// is already 1 January in WIB (UTC+7).
func TestDateOf(t *testing.T) {
	wib := time.FixedZone("WIB", 7*3600)
	instant := time.Date(2025, 12, 31, 20, 0, 0, 0, time.UTC)
	if got := DateOf(instant, time.UTC).String(); got != "2025-12-31" {
		t.Errorf("DateOf UTC = %s, want 2025-12-31", got)
	}
	if got := DateOf(instant, wib).String(); got != "2026-01-01" {
		t.Errorf("DateOf WIB = %s, want 2026-01-01", got)
	}
	d := NewDate(2026, 1, 1)
	if got := d.Time(wib); !got.Equal(time.Date(2026, 1, 1, 0, 0, 0, 0, wib)) || got.Location() != wib {
		t.Errorf("Time(WIB) = %v", got)
	}
	if got := DateOf(d.Time(wib), wib); got != d {
		t.Errorf("DateOf(Time(loc), loc) = %s, want %s", got, d)
	}
}

func TestDateArithmetic(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for range 10000 {
		a := NewDate(1900+rng.IntN(200), time.Month(1+rng.IntN(12)), 1+rng.IntN(28))
		n := rng.IntN(4000) - 2000
		b := a.AddDays(n)
		want := a.Time(time.UTC).AddDate(0, 0, n)
		if b.String() != want.Format(time.DateOnly) {
			t.Fatalf("%s.AddDays(%d) = %s, want %s", a, n, b, want.Format(time.DateOnly))
		}
		if got := a.DaysUntil(b); got != n {
			t.Fatalf("%s.DaysUntil(%s) = %d, want %d", a, b, got, n)
		}
		if a.Before(b) != (n > 0) || a.After(b) != (n < 0) || (a == b) != (n == 0) {
			t.Fatalf("ordering of %s and %s (n=%d) wrong", a, b, n)
		}
	}
}

// TestDateComparable makes sure Date stays usable as a map key and with ==.
func TestDateComparable(t *testing.T) {
	m := map[Date]int{NewDate(2025, 1, 1): 1}
	if m[NewDate(2024, 12, 32)] != 1 {
		t.Error("equal dates built differently should be the same map key")
	}
}
