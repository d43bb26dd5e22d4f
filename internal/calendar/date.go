package calendar

import (
	"fmt"
	"time"
)

// Date is a calendar day without a time zone.
//
// Deadlines are legal days, not instants: "14 hari kerja after 27 March" must
// not move when the server, the database or the user sits in a different zone.
// A Date therefore never carries a location; convert explicitly with DateOf
// and Time.
//
// Date is comparable, so == and map keys work. The zero Date means "no date";
// it prints as "" and is stored as SQL NULL. Representable dates run from
// 0001-01-01 to 9999-12-31 (the range that the "2006-01-02" text form and SQL
// DATE columns share); arithmetic saturates at those bounds instead of
// wrapping around.
type Date struct {
	// n is the number of days since 0001-01-01 plus one, so that the zero
	// value is free to mean "no date". 0001-01-01 is a Monday in the proleptic
	// Gregorian calendar, which keeps weekday arithmetic trivial.
	n int32
}

const (
	// minN and maxN are the internal numbers of 0001-01-01 and 9999-12-31.
	minN = 1
	maxN = 3652059
	// unixOffset is the number of days from 0001-01-01 to 1970-01-01.
	unixOffset = 719162
	// inputLimit bounds NewDate's arguments before the arithmetic so that
	// absurd inputs saturate instead of overflowing int64.
	inputLimit = 1 << 40
)

// NewDate returns the Date for year, month and day. Like time.Date, values
// outside their usual ranges are normalised: NewDate(2025, 2, 29) is
// 2025-03-01 and NewDate(2025, 1, 0) is 2024-12-31. Results before
// 0001-01-01 or after 9999-12-31 saturate to those bounds.
func NewDate(year int, month time.Month, day int) Date {
	y := clampInput(int64(year))
	m := clampInput(int64(month)) - 1
	d := clampInput(int64(day))
	// Fold the month into the year with floor division, as time.Date does.
	y += floorDiv(m, 12)
	m = m - floorDiv(m, 12)*12 + 1
	if y < 0 {
		return Date{n: minN}
	}
	if y > 10000 {
		return Date{n: maxN}
	}
	return fromDays(daysFromCivil(y, m, 1) + d - 1)
}

// ParseDate parses the strict ISO form "2006-01-02" (four-digit year from
// 0001, two-digit month and day). Anything else, including a time part or a
// day that does not exist such as 2025-02-29, is an error: dates arrive from
// forms and CSV files, and silently normalising a typo would shift a deadline.
func ParseDate(s string) (Date, error) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return Date{}, parseError(s)
	}
	y, ok1 := digits(s[0:4])
	m, ok2 := digits(s[5:7])
	d, ok3 := digits(s[8:10])
	if !ok1 || !ok2 || !ok3 || y < 1 || m < 1 || m > 12 || d < 1 || d > daysIn(y, m) {
		return Date{}, parseError(s)
	}
	return fromDays(daysFromCivil(int64(y), int64(m), int64(d))), nil
}

// parseError builds ParseDate's error. The input is echoed (shortened) so a
// user or operator can see which value was rejected.
func parseError(s string) error {
	const max = 40
	if len(s) > max {
		s = s[:max] + "…"
	}
	return fmt.Errorf("calendar: invalid date %q: expected format YYYY-MM-DD, e.g. 2006-01-02", s)
}

// DateOf returns the day that t falls on in loc. The same instant can be two
// different days in WIB and UTC, so the location is required; like time.In,
// it panics if loc is nil.
func DateOf(t time.Time, loc *time.Location) Date {
	y, m, d := t.In(loc).Date()
	return NewDate(y, m, d)
}

// String returns the date as "2006-01-02", or "" for the zero Date.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	y, m, day := d.civil()
	var b [10]byte
	b[0] = byte('0' + y/1000)
	b[1] = byte('0' + y/100%10)
	b[2] = byte('0' + y/10%10)
	b[3] = byte('0' + y%10)
	b[4] = '-'
	b[5] = byte('0' + m/10)
	b[6] = byte('0' + m%10)
	b[7] = '-'
	b[8] = byte('0' + day/10)
	b[9] = byte('0' + day%10)
	return string(b[:])
}

// IsZero reports whether d is the zero Date ("no date").
func (d Date) IsZero() bool { return d.n == 0 }

// Time returns midnight at the start of d in loc. The zero Date gives the
// zero time.Time. Like time.Date, it panics if loc is nil.
func (d Date) Time(loc *time.Location) time.Time {
	if d.IsZero() {
		return time.Time{}
	}
	y, m, day := d.civil()
	return time.Date(y, time.Month(m), day, 0, 0, 0, 0, loc)
}

// Year returns d's year (0 for the zero Date).
func (d Date) Year() int {
	y, _, _ := d.civil()
	return y
}

// Month returns d's month (0 for the zero Date).
func (d Date) Month() time.Month {
	_, m, _ := d.civil()
	return time.Month(m)
}

// Day returns d's day of the month (0 for the zero Date).
func (d Date) Day() int {
	_, _, day := d.civil()
	return day
}

// Weekday returns d's day of the week. It is meaningless (time.Sunday) for
// the zero Date.
func (d Date) Weekday() time.Weekday {
	// Internal day 1 is a Monday, so n mod 7 is already time.Weekday's
	// numbering (Sunday = 0).
	return time.Weekday(d.n % 7)
}

// AddDays returns d moved by n calendar days, saturating at 0001-01-01 and
// 9999-12-31. The zero Date stays zero, because "no date" plus a period is
// still no date.
func (d Date) AddDays(n int) Date {
	if d.IsZero() {
		return d
	}
	return fromN(int64(d.n) + clampInput(int64(n)))
}

// Before reports whether d is earlier than o. The zero Date is before every
// other date.
func (d Date) Before(o Date) bool { return d.n < o.n }

// After reports whether d is later than o.
func (d Date) After(o Date) bool { return d.n > o.n }

// DaysUntil returns o minus d in calendar days (negative when o is earlier).
// Either argument being zero makes the result meaningless.
func (d Date) DaysUntil(o Date) int { return int(o.n) - int(d.n) }

// AddMonths returns the same day n months later (earlier for negative n),
// or the last day of that month when it is shorter: 31 January plus one
// month is 28 or 29 February. Retention periods and sanctions are counted
// in months this way. The zero Date stays zero.
func (d Date) AddMonths(n int) Date {
	if d.IsZero() {
		return d
	}
	y, m, day := d.civil()
	total := int64(y)*12 + int64(m-1) + clampInput(int64(n))
	ny, nm := floorDiv(total, 12), total-floorDiv(total, 12)*12+1
	day = min(day, daysIn(int(ny), int(nm)))
	return fromDays(daysFromCivil(ny, nm, int64(day)))
}
