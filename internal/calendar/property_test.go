package calendar_test

import (
	"math/rand/v2"
	"sync"
	"testing"
	"time"

	"sigap/internal/calendar"
)

// randomDay returns a random day in 2023–2027 as both representations.
func randomDay(rng *rand.Rand) (calendar.Date, time.Time) {
	t := time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, rng.IntN(5*365+1))
	return calendar.NewDate(t.Year(), t.Month(), t.Day()), t
}

// TestPropertiesAgainstReference runs thousands of random (date, n) pairs
// through the real-data calendar and checks them against the naive
// reference and against each other.
func TestPropertiesAgainstReference(t *testing.T) {
	c := national(t)
	off := csvDaysOff(t)
	rng := rand.New(rand.NewPCG(2025, 2026))
	for range 5000 {
		a, at := randomDay(rng)
		n := rng.IntN(301)

		got := c.AddWorkingDays(a, n)
		if want := naiveAdd(at, n, off).Format(time.DateOnly); got.String() != want {
			t.Fatalf("AddWorkingDays(%s, %d) = %s, reference %s", a, n, got, want)
		}
		if back := c.AddWorkingDays(a, -n); back.String() != naiveAdd(at, -n, off).Format(time.DateOnly) {
			t.Fatalf("AddWorkingDays(%s, -%d) = %s, reference differs", a, n, back)
		}
		if n > 0 && !c.IsWorkingDay(got) {
			t.Fatalf("AddWorkingDays(%s, %d) = %s is not a working day", a, n, got)
		}
		if n > 0 && !got.After(a) {
			t.Fatalf("AddWorkingDays(%s, %d) = %s is not after from", a, n, got)
		}
		if between := c.WorkingDaysBetween(a, got); between != n {
			t.Fatalf("WorkingDaysBetween(%s, %s) = %d, want %d", a, got, between, n)
		}
		// Going back n from the result lands on a itself when a is a
		// working day, else on the last working day before a.
		back := c.AddWorkingDays(got, -n)
		want := a
		if n > 0 && !c.IsWorkingDay(a) {
			want = c.AddWorkingDays(a, -1)
		}
		if back != want {
			t.Fatalf("AddWorkingDays(AddWorkingDays(%s, %d), -%d) = %s, want %s", a, n, n, back, want)
		}

		b, _ := randomDay(rng)
		ab, ba := c.WorkingDaysBetween(a, b), c.WorkingDaysBetween(b, a)
		if ab != -ba {
			t.Fatalf("Between(%s,%s)=%d but Between(%s,%s)=%d", a, b, ab, b, a, ba)
		}
		if c.IsWorkingDay(a) != naiveWorking(at, off) {
			t.Fatalf("IsWorkingDay(%s) = %v, reference disagrees", a, c.IsWorkingDay(a))
		}
		if next := c.NextWorkingDay(a); !c.IsWorkingDay(next) || next.Before(a) || c.WorkingDaysBetween(a, next) > 1 {
			t.Fatalf("NextWorkingDay(%s) = %s", a, next)
		}
	}
}

// TestBetweenAdditive checks Between(a,c) == Between(a,b) + Between(b,c)
// for arbitrary order, which with antisymmetry pins the half-open counting.
func TestBetweenAdditive(t *testing.T) {
	c := national(t)
	rng := rand.New(rand.NewPCG(7, 8))
	for range 3000 {
		a, _ := randomDay(rng)
		b, _ := randomDay(rng)
		x, _ := randomDay(rng)
		if got, want := c.WorkingDaysBetween(a, x), c.WorkingDaysBetween(a, b)+c.WorkingDaysBetween(b, x); got != want {
			t.Fatalf("Between(%s,%s)=%d, via %s %d", a, x, got, b, want)
		}
	}
}

// TestNeverWorkingDays: weekends and every CSV day are never working days,
// across the whole range.
func TestNeverWorkingDays(t *testing.T) {
	c := national(t)
	off := csvDaysOff(t)
	for day := time.Date(2022, 1, 1, 0, 0, 0, 0, time.UTC); day.Year() < 2028; day = day.AddDate(0, 0, 1) {
		d := calendar.NewDate(day.Year(), day.Month(), day.Day())
		weekend := day.Weekday() == time.Saturday || day.Weekday() == time.Sunday
		if (weekend || off[d.String()]) && c.IsWorkingDay(d) {
			t.Fatalf("%s (%v) counted as a working day", d, day.Weekday())
		}
		if !weekend && !off[d.String()] && !c.IsWorkingDay(d) {
			t.Fatalf("%s (%v) should be a working day", d, day.Weekday())
		}
	}
}

// TestWithRandomLocal adds random local days and checks they close, the
// original is unchanged, and counts drop by exactly the new weekday
// closures.
func TestWithRandomLocal(t *testing.T) {
	base := national(t)
	rng := rand.New(rand.NewPCG(9, 10))
	for range 200 {
		var local []calendar.DayOff
		newClosures := map[calendar.Date]bool{}
		for range 1 + rng.IntN(10) {
			d, _ := randomDay(rng)
			local = append(local, calendar.DayOff{Date: d, Name: "Hari Jadi", Kind: calendar.KindLocal})
			if base.IsWorkingDay(d) {
				newClosures[d] = true
			}
		}
		before := make([]bool, len(local))
		for i, l := range local {
			before[i] = base.IsWorkingDay(l.Date)
		}
		ext := base.With(local)
		for i, l := range local {
			if ext.IsWorkingDay(l.Date) {
				t.Fatalf("local %s still a working day", l.Date)
			}
			if base.IsWorkingDay(l.Date) != before[i] {
				t.Fatalf("With changed the original calendar at %s", l.Date)
			}
		}
		from, to := calendar.NewDate(2022, 12, 31), calendar.NewDate(2027, 12, 31)
		if got, want := ext.WorkingDaysBetween(from, to), base.WorkingDaysBetween(from, to)-len(newClosures); got != want {
			t.Fatalf("With: %d working days, want %d", got, want)
		}
	}
}

// TestConcurrentUse exercises the "safe for concurrent use" promise under
// the race detector: readers of one calendar, and With deriving new ones.
func TestConcurrentUse(t *testing.T) {
	c := national(t)
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			from := calendar.NewDate(2025, 1, 1+i)
			ext := c.With([]calendar.DayOff{{Date: from.AddDays(3), Name: "x"}})
			for n := range 200 {
				_ = c.AddWorkingDays(from, n)
				_ = ext.WorkingDaysBetween(from, from.AddDays(n))
				_ = c.Names(from.AddDays(n))
				_ = c.DaysOff(2025)
			}
		})
	}
	wg.Wait()
}

// TestAddWorkingDaysAllocs guards the "no allocations" requirement on the
// hot path.
func TestAddWorkingDaysAllocs(t *testing.T) {
	c := national(t)
	from := calendar.NewDate(2025, 3, 20)
	allocs := testing.AllocsPerRun(100, func() {
		_ = c.AddWorkingDays(from, 300)
		_ = c.WorkingDaysBetween(from, calendar.NewDate(2026, 6, 1))
		_ = c.IsWorkingDay(from)
	})
	if allocs != 0 {
		t.Errorf("AddWorkingDays allocates %.1f times per call, want 0", allocs)
	}
}

func BenchmarkAddWorkingDays(b *testing.B) {
	c := national(b)
	from := calendar.NewDate(2025, 3, 20)
	for b.Loop() {
		_ = c.AddWorkingDays(from, 300)
	}
}

func BenchmarkWorkingDaysBetween(b *testing.B) {
	c := national(b)
	from, to := calendar.NewDate(2025, 3, 20), calendar.NewDate(2026, 6, 1)
	for b.Loop() {
		_ = c.WorkingDaysBetween(from, to)
	}
}
