package calendar_test

import (
	"encoding/csv"
	"testing"
	"time"

	"sigap/internal/calendar"
	"sigap/internal/refdata"
)

// national builds the calendar from the embedded national file through the
// real parser, as the application does.
func national(t testing.TB) *calendar.Calendar {
	t.Helper()
	days, err := refdata.ParseHolidays(refdata.NationalHolidays())
	if err != nil {
		t.Fatalf("ParseHolidays: %v", err)
	}
	return calendar.New(days)
}

// csvDaysOff reads the embedded holiday CSV with nothing but encoding/csv
// and time.Parse, independently of refdata's parser and of calendar.Date,
// so the reference computations below share no code with what they check.
func csvDaysOff(t testing.TB) map[string]bool {
	t.Helper()
	rows, err := csv.NewReader(refdata.NationalHolidays()).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	off := make(map[string]bool, len(rows))
	for _, r := range rows[1:] { // skip the header
		if _, err := time.Parse(time.DateOnly, r[0]); err != nil {
			t.Fatalf("bad date in CSV: %v", err)
		}
		off[r[0]] = true
	}
	return off
}

func mustDate(t testing.TB, s string) calendar.Date {
	t.Helper()
	d, err := calendar.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// TestAddWorkingDaysHandChecked uses dates worked out by hand from the SKB
// tables in holidays-id.csv.
func TestAddWorkingDaysHandChecked(t *testing.T) {
	c := national(t)
	tests := []struct {
		from string
		n    int
		want string
		why  string
	}{
		{"2025-03-27", 3, "2025-04-10", "Fri 28 Mar cuti, 29–30 weekend, 31 Mar–1 Apr Idulfitri, 2–4 Apr cuti, 5–6 weekend, 7 Apr cuti; 8, 9, 10 Apr"},
		{"2025-03-27", 1, "2025-04-08", "the whole Lebaran block is skipped"},
		{"2025-03-20", 14, "2025-04-21", "21, 24–27 Mar (5), 8–11 Apr (9), 14–17 Apr (13), Fri 18 Apr Wafat Yesus Kristus, Mon 21 Apr (14)"},
		{"2026-03-17", 1, "2026-03-25", "18 Mar cuti, 19 Nyepi, 20 cuti, 21–22 weekend+Idulfitri, 23–24 cuti"},
		{"2026-03-13", 5, "2026-03-27", "16, 17 Mar, then 25, 26, 27 Mar"},
		{"2025-12-24", 1, "2025-12-29", "25 Dec libur, 26 cuti, weekend"},
		{"2025-12-31", 1, "2026-01-02", "crosses the year: 1 Jan 2026 libur"},
		{"2025-08-15", 1, "2025-08-19", "weekend, then 18 Aug 2025 cuti (added by the 2025 amendment)"},
		{"2025-01-24", 1, "2025-01-30", "27 Jan Isra Mikraj, 28 cuti, 29 Imlek"},
		{"2025-06-05", 2, "2025-06-11", "6 Jun Idul Adha, weekend, 9 Jun cuti; 10, 11 Jun"},
		{"2026-12-23", 1, "2026-12-28", "24 Dec cuti, 25 Dec libur, weekend"},
		{"2025-03-28", 0, "2025-03-28", "n = 0 returns from even on a day off"},
		{"2025-03-29", 1, "2025-04-08", "from a Saturday libur; from is never counted"},
		{"2025-04-08", -1, "2025-03-27", "backwards over the Lebaran block"},
		{"2026-01-02", -1, "2025-12-31", "backwards over New Year"},
		{"2025-04-10", -3, "2025-03-27", "inverse of the first case"},
	}
	for _, tt := range tests {
		got := c.AddWorkingDays(mustDate(t, tt.from), tt.n)
		if got.String() != tt.want {
			t.Errorf("%s + %d HK = %s, want %s (%s)", tt.from, tt.n, got, tt.want, tt.why)
		}
	}
}

func TestWorkingDaysBetweenHandChecked(t *testing.T) {
	c := national(t)
	tests := []struct {
		from, to string
		want     int
	}{
		{"2025-03-27", "2025-04-10", 3},
		{"2025-04-10", "2025-03-27", -3},
		{"2025-03-27", "2025-04-07", 0},  // nothing but days off in between
		{"2025-01-01", "2025-01-31", 19}, // 22 weekdays after 1 Jan, minus 27–29 Jan
		{"2025-03-27", "2025-03-27", 0},
		{"2025-12-31", "2026-01-02", 1},
	}
	for _, tt := range tests {
		if got := c.WorkingDaysBetween(mustDate(t, tt.from), mustDate(t, tt.to)); got != tt.want {
			t.Errorf("WorkingDaysBetween(%s, %s) = %d, want %d", tt.from, tt.to, got, tt.want)
		}
	}
}

func TestNextWorkingDay(t *testing.T) {
	c := national(t)
	for from, want := range map[string]string{
		"2025-03-27": "2025-03-27", // already a working day
		"2025-03-28": "2025-04-08",
		"2025-03-29": "2025-04-08",
		"2026-03-21": "2026-03-25",
		"2025-08-16": "2025-08-19",
	} {
		if got := c.NextWorkingDay(mustDate(t, from)); got.String() != want {
			t.Errorf("NextWorkingDay(%s) = %s, want %s", from, got, want)
		}
	}
}

// TestWorkingDaysInYear computes the yearly figures from first principles
// (weekdays minus the CSV rows that fall on weekdays) and also pins the
// figures worked out by hand from the CSV:
//
//	2025: 1 Jan is a Wednesday, 365 days = 52 weeks + 1 → 261 weekdays.
//	      28 rows; 4 fall on a weekend (29 Mar Sat, 20 Apr Sun, 1 Jun Sun,
//	      17 Aug Sun) → 24 weekday closures → 237 working days.
//	2026: 1 Jan is a Thursday → 261 weekdays. 25 rows; 4 on a weekend
//	      (21 Mar Sat, 22 Mar Sun, 5 Apr Sun, 31 May Sun) → 21 → 240.
func TestWorkingDaysInYear(t *testing.T) {
	c := national(t)
	off := csvDaysOff(t)
	handChecked := map[int]int{2025: 237, 2026: 240}
	for year := 2023; year <= 2026; year++ {
		weekdays, closed := 0, 0
		for day := time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC); day.Year() == year; day = day.AddDate(0, 0, 1) {
			if day.Weekday() == time.Saturday || day.Weekday() == time.Sunday {
				continue
			}
			weekdays++
			if off[day.Format(time.DateOnly)] {
				closed++
			}
		}
		want := weekdays - closed
		if got := c.WorkingDaysInYear(year); got != want {
			t.Errorf("WorkingDaysInYear(%d) = %d, want %d (%d weekdays - %d)", year, got, want, weekdays, closed)
		}
		if hc, ok := handChecked[year]; ok && want != hc {
			t.Errorf("%d: first-principles count %d differs from the hand-checked %d", year, want, hc)
		}
		if !c.Covers(year) {
			t.Errorf("Covers(%d) = false", year)
		}
	}
	if c.Covers(2022) || c.Covers(2027) {
		t.Error("the national file covers 2023–2026 only")
	}
}

// TestDaysOffMatchesCSV: every CSV row is a day off, DaysOff lists exactly
// the rows of the year, sorted.
func TestDaysOffMatchesCSV(t *testing.T) {
	c := national(t)
	off := csvDaysOff(t)
	total := 0
	for year := 2020; year <= 2030; year++ {
		days := c.DaysOff(year)
		total += len(days)
		for i, d := range days {
			if d.Date.Year() != year || !off[d.Date.String()] {
				t.Errorf("DaysOff(%d) has %s, not a CSV row of that year", year, d.Date)
			}
			if i > 0 && !days[i-1].Date.Before(d.Date) {
				t.Errorf("DaysOff(%d) not strictly sorted at %s", year, d.Date)
			}
		}
	}
	if total != len(off) {
		t.Errorf("DaysOff over all years lists %d days, CSV has %d", total, len(off))
	}
	for s := range off {
		if c.IsWorkingDay(mustDate(t, s)) {
			t.Errorf("%s is in the CSV but counts as a working day", s)
		}
	}
}

// naiveAdd is the reference implementation: step one day at a time using
// time.Time and the raw CSV set.
func naiveAdd(from time.Time, n int, off map[string]bool) time.Time {
	step := 1
	if n < 0 {
		step, n = -1, -n
	}
	d := from
	for n > 0 {
		d = d.AddDate(0, 0, step)
		if naiveWorking(d, off) {
			n--
		}
	}
	return d
}

func naiveWorking(d time.Time, off map[string]bool) bool {
	wd := d.Weekday()
	return wd != time.Saturday && wd != time.Sunday && !off[d.Format(time.DateOnly)]
}
