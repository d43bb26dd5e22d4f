package calendar

import (
	"slices"
)

// Calendar answers working-day questions. Immutable after New; safe for
// concurrent use.
//
// A nil *Calendar behaves like a calendar without any days off (only
// weekends are closed), which is convenient for tests and for tenants whose
// data failed to load, but callers should normally warn via Covers.
type Calendar struct {
	// byDate holds the merged entries, keyed by date.
	byDate map[Date]*entry
	// sorted lists the keys of byDate in ascending order, for DaysOff.
	sorted []Date
	// closed is a bitmap of closed days over [first, last], so the hot
	// loop in AddWorkingDays does no hashing and no allocation.
	closed      []uint64
	first, last int32
	// weekdayOff lists, ascending, the internal day numbers of closed days
	// that fall on Monday–Friday; WorkingDaysBetween counts them by binary
	// search instead of walking every day.
	weekdayOff []int32
	// nationalYears lists, ascending, the years with national entries.
	nationalYears []int
}

// New builds a Calendar from days. When several entries share a date the
// first national one (libur or cuti_bersama) becomes the day's DayOff, and
// every distinct name is kept (see Names). Every entry closes its day,
// whatever its Kind, because the data is about closed offices; Kind only
// classifies. Entries with a zero Date are ignored. days is not retained.
func New(days []DayOff) *Calendar {
	b := builder{byDate: make(map[Date]*entry, len(days))}
	for _, d := range days {
		b.add(d)
	}
	return b.build()
}

// With returns a new Calendar with the tenant-local days off added; c is
// unchanged. Every added entry is recorded as KindLocal whatever Kind it
// carries, so tenant data can never pass for national data in Covers, and a
// local day that coincides with a national one keeps the national DayOff
// (its name is still listed by Names).
func (c *Calendar) With(local []DayOff) *Calendar {
	b := builder{byDate: make(map[Date]*entry, c.size()+len(local))}
	if c != nil {
		for _, d := range c.sorted {
			e := c.byDate[d]
			// Copy names: the new calendar may append to them.
			b.byDate[d] = &entry{primary: e.primary, names: slices.Clone(e.names)}
		}
	}
	for _, d := range local {
		d.Kind = KindLocal
		b.add(d)
	}
	return b.build()
}

// size returns the number of closed dates (0 for nil).
func (c *Calendar) size() int {
	if c == nil {
		return 0
	}
	return len(c.byDate)
}

// DayOff returns the day off on d, if any. Weekends without an entry are
// not DayOffs: they are closed by rule, not by decree.
func (c *Calendar) DayOff(d Date) (DayOff, bool) {
	if c == nil {
		return DayOff{}, false
	}
	e, ok := c.byDate[d]
	if !ok {
		return DayOff{}, false
	}
	return e.primary, true
}

// Names returns every distinct name recorded for d, in input order (national
// data first, then local), or nil when d is not a day off. The slice is a
// copy.
func (c *Calendar) Names(d Date) []string {
	if c == nil {
		return nil
	}
	e, ok := c.byDate[d]
	if !ok {
		return nil
	}
	return slices.Clone(e.names)
}

// DaysOff returns the days off in year, national and local, sorted by date,
// one per date (as DayOff reports it). The slice is a fresh copy.
func (c *Calendar) DaysOff(year int) []DayOff {
	if c == nil {
		return nil
	}
	lo, _ := slices.BinarySearchFunc(c.sorted, NewDate(year, 1, 1), cmpDate)
	hi, _ := slices.BinarySearchFunc(c.sorted, NewDate(year+1, 1, 1), cmpDate)
	out := make([]DayOff, 0, hi-lo)
	for _, d := range c.sorted[lo:hi] {
		out = append(out, c.byDate[d].primary)
	}
	return out
}

// Covers reports whether national data (libur or cuti_bersama) exists for
// year. Every year has national holidays, so a year without any means the
// reference data has not been loaded for it yet, and deadlines falling in it
// silently ignore holidays; the UI uses this to warn.
func (c *Calendar) Covers(year int) bool {
	if c == nil {
		return false
	}
	_, ok := slices.BinarySearch(c.nationalYears, year)
	return ok
}

// cmpDate orders Dates for the slices package.
func cmpDate(a, b Date) int { return int(a.n) - int(b.n) }
