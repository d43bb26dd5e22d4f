package calendar

import (
	"testing"
	"time"
)

func TestAddMonths(t *testing.T) {
	for _, c := range []struct {
		from string
		n    int
		want string
	}{
		{"2025-01-15", 1, "2025-02-15"},
		{"2025-01-31", 1, "2025-02-28"},
		{"2024-01-31", 1, "2024-02-29"},
		{"2025-12-31", 1, "2026-01-31"},
		{"2025-11-30", 3, "2026-02-28"},
		{"2025-03-31", -1, "2025-02-28"},
		{"2025-01-10", -13, "2023-12-10"},
		{"2025-05-20", 60, "2030-05-20"},
		{"2025-05-20", 0, "2025-05-20"},
	} {
		d, err := ParseDate(c.from)
		if err != nil {
			t.Fatal(err)
		}
		if got := d.AddMonths(c.n).String(); got != c.want {
			t.Errorf("%s + %d months = %s, want %s", c.from, c.n, got, c.want)
		}
	}
	if !(Date{}).AddMonths(5).IsZero() {
		t.Error("the zero date plus months is not zero")
	}
}

// TestAddMonthsAgreesWithTime checks every day of eight years against the
// standard library, which normalises overflow instead of clamping: where it
// does not overflow the two must agree, and where it does, ours is the last
// day of the target month.
func TestAddMonthsAgreesWithTime(t *testing.T) {
	start := NewDate(2020, time.January, 1)
	for i := 0; i < 8*366; i++ {
		d := start.AddDays(i)
		for _, n := range []int{1, 2, 6, 11, 12, 25, -1, -14} {
			got := d.AddMonths(n)
			tt := time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, time.UTC).AddDate(0, n, 0)
			want := DateOf(tt, time.UTC)
			if tt.Day() != d.Day() { // overflowed into the next month
				want = DateOf(tt.AddDate(0, 0, -tt.Day()), time.UTC)
			}
			if got != want {
				t.Fatalf("%s + %d months = %s, want %s", d, n, got, want)
			}
		}
	}
}
