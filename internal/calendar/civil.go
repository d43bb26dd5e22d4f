package calendar

// This file converts between day numbers and year/month/day with integer
// arithmetic (Howard Hinnant's "chrono-compatible low-level date
// algorithms"), so Date needs neither time.Time nor a time zone.

// daysFromCivil returns the number of days from 1970-01-01 to y-m-d in the
// proleptic Gregorian calendar. m must be 1..12; d may be any value (it is
// simply added).
func daysFromCivil(y, m, d int64) int64 {
	if m <= 2 {
		y--
	}
	era := floorDiv(y, 400)
	yoe := y - era*400 // [0, 399]
	mp := (m + 9) % 12 // March = 0
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468
}

// civilFromDays is the inverse of daysFromCivil for in-range days.
func civilFromDays(z int64) (y, m, d int) {
	z += 719468
	era := floorDiv(z, 146097)
	doe := z - era*146097                                  // [0, 146096]
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365 // [0, 399]
	doy := doe - (365*yoe + yoe/4 - yoe/100)               // [0, 365]
	mp := (5*doy + 2) / 153                                // [0, 11]
	d = int(doy - (153*mp+2)/5 + 1)
	if mp < 10 {
		m = int(mp + 3)
	} else {
		m = int(mp - 9)
	}
	y = int(yoe + era*400)
	if m <= 2 {
		y++
	}
	return y, m, d
}

// civil returns d's year, month and day, or zeros for the zero Date.
func (d Date) civil() (y, m, day int) {
	if d.IsZero() {
		return 0, 0, 0
	}
	return civilFromDays(int64(d.n) - 1 - unixOffset)
}

// fromDays makes a Date from days since 1970-01-01, saturating at the bounds.
func fromDays(days int64) Date { return fromN(days + unixOffset + 1) }

// fromN makes a Date from an internal day number, saturating at the bounds.
func fromN(n int64) Date {
	switch {
	case n < minN:
		return Date{n: minN}
	case n > maxN:
		return Date{n: maxN}
	}
	return Date{n: int32(n)}
}

// daysIn returns the number of days in month m of year y.
func daysIn(y, m int) int {
	switch m {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// digits parses an all-ASCII-digit string; signs and spaces are rejected,
// unlike strconv.Atoi, because the date format is fixed-width.
func digits(s string) (int, bool) {
	v := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		v = v*10 + int(c-'0')
	}
	return v, true
}

// floorDiv divides rounding towards negative infinity (b > 0).
func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b < 0 {
		q--
	}
	return q
}

// clampInput bounds a caller-supplied count so later int64 arithmetic cannot
// overflow; anything this large saturates the result anyway.
func clampInput(v int64) int64 {
	switch {
	case v > inputLimit:
		return inputLimit
	case v < -inputLimit:
		return -inputLimit
	}
	return v
}
