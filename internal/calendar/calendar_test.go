package calendar

import (
	"math"
	"slices"
	"testing"
)

func d(s string) Date {
	v, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return v
}

func TestKindValid(t *testing.T) {
	for _, k := range []Kind{KindHoliday, KindCutiBersama, KindLocal} {
		if !k.Valid() {
			t.Errorf("%q should be valid", k)
		}
	}
	for _, k := range []Kind{"", "Libur", "holiday", "cuti", "lokal"} {
		if k.Valid() {
			t.Errorf("%q should be invalid", k)
		}
	}
}

// TestNewSameDate covers merging: the first national entry is the DayOff,
// all distinct names are kept in input order.
func TestNewSameDate(t *testing.T) {
	day := d("2025-08-18")
	c := New([]DayOff{
		{Date: day, Name: "Hari Jadi", Kind: KindLocal},
		{Date: day, Name: "Proklamasi Kemerdekaan", Kind: KindCutiBersama},
		{Date: day, Name: "Second national", Kind: KindHoliday},
		{Date: day, Name: "Proklamasi Kemerdekaan", Kind: KindHoliday}, // repeated name
		{Date: Date{}, Name: "ignored", Kind: KindHoliday},
	})
	got, ok := c.DayOff(day)
	if !ok || got.Name != "Proklamasi Kemerdekaan" || got.Kind != KindCutiBersama {
		t.Errorf("DayOff = %+v, %v; want the first national entry", got, ok)
	}
	wantNames := []string{"Hari Jadi", "Proklamasi Kemerdekaan", "Second national"}
	if names := c.Names(day); !slices.Equal(names, wantNames) {
		t.Errorf("Names = %q, want %q", names, wantNames)
	}
	if c.IsWorkingDay(day) {
		t.Error("a day off must not be a working day")
	}
	if all := c.DaysOff(2025); len(all) != 1 {
		t.Errorf("DaysOff(2025) = %+v, want one entry per date", all)
	}
	if _, ok := c.DayOff(Date{}); ok {
		t.Error("the zero Date must not become a day off")
	}
	// Names returns a copy.
	c.Names(day)[0] = "mutated"
	if c.Names(day)[0] != "Hari Jadi" {
		t.Error("Names must return a copy")
	}
}

func TestWith(t *testing.T) {
	national := d("2025-12-25")
	local := d("2025-10-15") // a Wednesday
	base := New([]DayOff{{Date: national, Name: "Kelahiran Yesus Kristus", Kind: KindHoliday}})
	ext := base.With([]DayOff{
		{Date: local, Name: "Hari Jadi Kab. Serang", Kind: KindHoliday}, // forced to local
		{Date: national, Name: "Local on a national day"},
	})
	if !base.IsWorkingDay(local) {
		t.Fatal("With must not change the original calendar")
	}
	if ext.IsWorkingDay(local) {
		t.Error("local day off should not be a working day in the new calendar")
	}
	if got, _ := ext.DayOff(local); got.Kind != KindLocal {
		t.Errorf("With should record the entry as local, got %q", got.Kind)
	}
	if got, _ := ext.DayOff(national); got.Kind != KindHoliday || got.Name != "Kelahiran Yesus Kristus" {
		t.Errorf("national entry should stay primary, got %+v", got)
	}
	if n := base.Names(national); len(n) != 1 {
		t.Errorf("original Names changed: %q", n)
	}
	if n := ext.Names(national); len(n) != 2 {
		t.Errorf("new Names = %q, want both", n)
	}
	// A year with only local data is not covered.
	onlyLocal := New(nil).With([]DayOff{{Date: d("2030-01-02"), Name: "x", Kind: KindHoliday}})
	if onlyLocal.Covers(2030) {
		t.Error("local days off must not make a year covered")
	}
}

func TestCoversAndDaysOff(t *testing.T) {
	c := New([]DayOff{
		{Date: d("2026-01-01"), Name: "b", Kind: KindHoliday},
		{Date: d("2025-12-26"), Name: "a", Kind: KindCutiBersama},
		{Date: d("2025-01-01"), Name: "c", Kind: KindHoliday},
		{Date: d("2027-03-03"), Name: "l", Kind: KindLocal},
	})
	for y, want := range map[int]bool{2024: false, 2025: true, 2026: true, 2027: false} {
		if c.Covers(y) != want {
			t.Errorf("Covers(%d) = %v, want %v", y, !want, want)
		}
	}
	got := c.DaysOff(2025)
	if len(got) != 2 || got[0].Date != d("2025-01-01") || got[1].Date != d("2025-12-26") {
		t.Errorf("DaysOff(2025) = %+v", got)
	}
	if got := c.DaysOff(2027); len(got) != 1 || got[0].Kind != KindLocal {
		t.Errorf("DaysOff(2027) = %+v, want the local day", got)
	}
	if got := c.DaysOff(2028); len(got) != 0 {
		t.Errorf("DaysOff(2028) = %+v, want none", got)
	}
}

// TestNilAndEmptyCalendar: without data only weekends are closed.
func TestNilAndEmptyCalendar(t *testing.T) {
	for name, c := range map[string]*Calendar{"nil": nil, "empty": New(nil)} {
		mon := d("2025-01-06")
		if !c.IsWorkingDay(mon) || c.IsWorkingDay(d("2025-01-05")) {
			t.Errorf("%s: weekday/weekend detection wrong", name)
		}
		if got := c.AddWorkingDays(mon, 5); got != d("2025-01-13") {
			t.Errorf("%s: Mon + 5 = %s, want next Monday", name, got)
		}
		if got := c.AddWorkingDays(mon, -1); got != d("2025-01-03") {
			t.Errorf("%s: Mon - 1 = %s, want Friday", name, got)
		}
		if got := c.WorkingDaysInYear(2025); got != 261 {
			t.Errorf("%s: WorkingDaysInYear(2025) = %d, want 261", name, got)
		}
		if c.Covers(2025) || len(c.DaysOff(2025)) != 0 {
			t.Errorf("%s: should have no data", name)
		}
		if c.With([]DayOff{{Date: mon, Name: "x"}}).IsWorkingDay(mon) {
			t.Errorf("%s: With should add the local day", name)
		}
	}
}

// TestWeekdayArithmetic checks the closed-form weekday stepping used past
// the last known day off against a plain loop, from every weekday.
func TestWeekdayArithmetic(t *testing.T) {
	start := d("2031-01-01").n
	for day := start; day < start+14; day++ {
		for n := int64(1); n <= 40; n++ {
			want, left := day, n
			for left > 0 {
				want++
				if isWeekday(want) {
					left--
				}
			}
			if got := addWeekdays(int64(day), n); got != int64(want) {
				t.Errorf("addWeekdays(%s, %d) = %s, want %s", Date{day}, n, Date{int32(got)}, Date{want})
			}
			want, left = day, n
			for left > 0 {
				want--
				if isWeekday(want) {
					left--
				}
			}
			if got := subWeekdays(int64(day), n); got != int64(want) {
				t.Errorf("subWeekdays(%s, %d) = %s, want %s", Date{day}, n, Date{int32(got)}, Date{want})
			}
		}
	}
}

func TestZeroDateArguments(t *testing.T) {
	c := New([]DayOff{{Date: d("2025-01-01"), Name: "x", Kind: KindHoliday}})
	var z Date
	if c.IsWorkingDay(z) || !c.AddWorkingDays(z, 3).IsZero() || !c.NextWorkingDay(z).IsZero() {
		t.Error("zero Date should stay zero and not be a working day")
	}
	if c.WorkingDaysBetween(z, d("2025-02-01")) != 0 || c.WorkingDaysBetween(d("2025-02-01"), z) != 0 {
		t.Error("WorkingDaysBetween with a zero Date should be 0")
	}
}

func TestWorkingDaysInFirstYear(t *testing.T) {
	// 0001-01-01 is a Monday and the year has 365 days: 52 weeks + Monday.
	if got := New(nil).WorkingDaysInYear(1); got != 261 {
		t.Errorf("WorkingDaysInYear(1) = %d, want 261", got)
	}
}

func TestExtremeCounts(t *testing.T) {
	c := New([]DayOff{{Date: d("2025-01-01"), Name: "x", Kind: KindHoliday}})
	if got := c.AddWorkingDays(d("2025-01-02"), 1<<62); got != NewDate(9999, 12, 31) {
		t.Errorf("huge n = %s, want saturation at 9999-12-31", got)
	}
	if got := c.AddWorkingDays(d("2025-01-02"), math.MinInt); got != NewDate(1, 1, 1) {
		t.Errorf("MinInt = %s, want saturation at 0001-01-01", got)
	}
	if got := c.AddWorkingDays(d("2025-01-02"), math.MaxInt); got != NewDate(9999, 12, 31) {
		t.Errorf("MaxInt = %s, want saturation at 9999-12-31", got)
	}
}

// TestSingleWeekdayHoliday pins the edges of the day-off range: stepping
// over the only day off, in both directions, from right next to it.
func TestSingleWeekdayHoliday(t *testing.T) {
	c := New([]DayOff{{Date: d("2025-01-01"), Name: "Tahun Baru", Kind: KindHoliday}}) // a Wednesday
	tests := []struct {
		from string
		n    int
		want string
	}{
		{"2024-12-31", 1, "2025-01-02"},
		{"2024-12-30", 2, "2025-01-02"},
		{"2025-01-01", 1, "2025-01-02"},
		{"2025-01-02", -1, "2024-12-31"},
		{"2025-01-03", -2, "2024-12-31"},
		{"2025-01-01", -1, "2024-12-31"},
		{"2025-01-06", -3, "2024-12-31"},
	}
	for _, tt := range tests {
		if got := c.AddWorkingDays(d(tt.from), tt.n); got != d(tt.want) {
			t.Errorf("%s %+d = %s, want %s", tt.from, tt.n, got, tt.want)
		}
	}
	if got := c.WorkingDaysBetween(d("2024-12-31"), d("2025-01-02")); got != 1 {
		t.Errorf("Between across the holiday = %d, want 1", got)
	}
}
