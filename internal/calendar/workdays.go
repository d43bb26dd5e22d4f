package calendar

import "slices"

// IsWorkingDay reports whether d is a hari kerja: Monday to Friday and not a
// day off of any kind. The zero Date is not a working day.
func (c *Calendar) IsWorkingDay(d Date) bool {
	return !d.IsZero() && isWeekday(d.n) && !c.isClosed(d.n)
}

// NextWorkingDay returns d itself if it is a working day, otherwise the
// first working day after it (used e.g. when a deadline or a filing date
// falls on a day off). The zero Date stays zero.
func (c *Calendar) NextWorkingDay(d Date) Date {
	if d.IsZero() || c.IsWorkingDay(d) {
		return d
	}
	return c.AddWorkingDays(d, 1)
}

// AddWorkingDays returns the nth working day after from when n > 0, with
// from itself not counted (the legal convention: the next working day is
// day 1), so from need not be a working day. n == 0 returns from unchanged.
// When n < 0 it returns the |n|th working day before from. The zero Date
// stays zero; results saturate at the ends of the Date range.
//
// It is called on every case page, so it walks a bitmap without allocating,
// and past the last (or before the first) known day off it finishes with
// plain weekday arithmetic, which also keeps huge n cheap.
func (c *Calendar) AddWorkingDays(from Date, n int) Date {
	if from.IsZero() || n == 0 {
		return from
	}
	day := from.n
	if n > 0 {
		for n > 0 {
			if c.noneAfter(day) {
				return fromN(addWeekdays(int64(day), clampInput(int64(n))))
			}
			day++
			if isWeekday(day) && !c.isClosed(day) {
				n--
			}
		}
		return Date{n: day}
	}
	for n < 0 {
		if c.noneBefore(day) {
			return fromN(subWeekdays(int64(day), -clampInput(int64(n))))
		}
		day--
		if isWeekday(day) && !c.isClosed(day) {
			n++
		}
	}
	return Date{n: day}
}

// WorkingDaysBetween returns the number of working days in (from, to], the
// same half-open convention as AddWorkingDays, so that
// WorkingDaysBetween(a, AddWorkingDays(a, n)) == n. When to is before from
// it returns minus the count in (to, from]; it is 0 when they are equal or
// either is zero.
func (c *Calendar) WorkingDaysBetween(from, to Date) int {
	if from.IsZero() || to.IsZero() || from == to {
		return 0
	}
	if to.Before(from) {
		return -c.WorkingDaysBetween(to, from)
	}
	return weekdaysUpTo(to.n) - weekdaysUpTo(from.n) - c.weekdaysOffUpTo(to.n) + c.weekdaysOffUpTo(from.n)
}

// WorkingDaysInYear returns the number of working days from 1 January to
// 31 December of year.
func (c *Calendar) WorkingDaysInYear(year int) int {
	// Count (1 Jan, 31 Dec] and add 1 Jan itself, rather than starting from
	// 31 Dec of the previous year, which does not exist for year 1.
	jan1 := NewDate(year, 1, 1)
	n := c.WorkingDaysBetween(jan1, NewDate(year, 12, 31))
	if c.IsWorkingDay(jan1) {
		n++
	}
	return n
}

// noneAfter reports whether no day off lies after internal day n, so only
// weekends matter from there on.
func (c *Calendar) noneAfter(n int32) bool {
	return c == nil || len(c.closed) == 0 || n >= c.last
}

// noneBefore reports whether no day off lies before internal day n.
func (c *Calendar) noneBefore(n int32) bool {
	return c == nil || len(c.closed) == 0 || n <= c.first
}

// isClosed reports whether internal day n has a day-off entry.
func (c *Calendar) isClosed(n int32) bool {
	if c == nil || n < c.first || n > c.last || len(c.closed) == 0 {
		return false
	}
	i := n - c.first
	return c.closed[i/64]&(1<<(i%64)) != 0
}

// weekdaysOffUpTo counts closed Monday–Friday days in [1, n].
func (c *Calendar) weekdaysOffUpTo(n int32) int {
	if c == nil {
		return 0
	}
	i, found := slices.BinarySearch(c.weekdayOff, n)
	if found {
		i++
	}
	return i
}

// isWeekday reports whether internal day n is Monday–Friday. Day 1
// (0001-01-01) is a Monday, so (n-1) mod 7 is 0 for Monday … 6 for Sunday.
func isWeekday(n int32) bool { return (n-1)%7 < 5 }

// weekdaysUpTo counts Monday–Friday days in [1, n] for n >= 0: five per full
// week, plus the weekdays of the partial week (which starts on a Monday).
func weekdaysUpTo(n int32) int {
	return int(n/7)*5 + min(int(n%7), 5)
}

// addWeekdays returns the nth Monday–Friday after internal day n (n > 0),
// ignoring holidays.
func addWeekdays(day, n int64) int64 {
	w := (day - 1) % 7 // 0 = Monday
	if w >= 5 {        // from a weekend, count as if from the Friday before
		day -= w - 4
		w = 4
	}
	t := w + n
	return day - w + t/5*7 + t%5
}

// subWeekdays returns the nth Monday–Friday before internal day n (n > 0),
// ignoring holidays; it mirrors addWeekdays.
func subWeekdays(day, n int64) int64 {
	w := (day - 1) % 7
	if w >= 5 { // from a weekend, count as if from the Monday after
		day += 7 - w
		w = 0
	}
	m := 4 - w // days to the end of the working week
	t := m + n
	return day + m - t/5*7 - t%5
}
