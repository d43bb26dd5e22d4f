package store

import (
	"errors"
	"time"

	"sigap/internal/db"
)

// parseDBTime reads a time as either engine writes it as text: SQLite
// "2026-12-04 15:52:23.982115+00:00", PostgreSQL "2026-12-04
// 15:52:23.982115+00" (or "+07" in another session zone). Reading a
// column as text and parsing it here costs a fraction of what the SQLite
// driver spends on a DATETIME column (it tries time.String's layout first
// and fails on every value): it matters where a statistics page reads
// tens of thousands of rows.
func parseDBTime(s string) (time.Time, error) {
	bad := errors.New("not a database time: " + s)
	if len(s) < 19 || s[4] != '-' || s[7] != '-' || (s[10] != ' ' && s[10] != 'T') || s[13] != ':' || s[16] != ':' {
		return time.Time{}, bad
	}
	num := func(from, to int) (int, bool) {
		n := 0
		for i := from; i < to; i++ {
			c := s[i]
			if c < '0' || c > '9' {
				return 0, false
			}
			n = n*10 + int(c-'0')
		}
		return n, true
	}
	y, ok1 := num(0, 4)
	mo, ok2 := num(5, 7)
	d, ok3 := num(8, 10)
	h, ok4 := num(11, 13)
	mi, ok5 := num(14, 16)
	sec, ok6 := num(17, 19)
	if !(ok1 && ok2 && ok3 && ok4 && ok5 && ok6) {
		return time.Time{}, bad
	}
	i, nsec := 19, 0
	if i < len(s) && s[i] == '.' {
		i++
		digits := 0
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			if digits < 9 {
				nsec = nsec*10 + int(s[i]-'0')
				digits++
			}
			i++
		}
		for ; digits < 9; digits++ {
			nsec *= 10
		}
	}
	offset := 0
	switch {
	case i == len(s), s[i:] == "Z":
	case s[i] == '+' || s[i] == '-':
		rest := s[i+1:]
		oh, ok := 0, false
		om := 0
		switch {
		case len(rest) == 2:
			oh, ok = num(i+1, i+3)
		case len(rest) == 5 && rest[2] == ':':
			var okm bool
			oh, ok = num(i+1, i+3)
			om, okm = num(i+4, i+6)
			ok = ok && okm
		}
		if !ok {
			return time.Time{}, bad
		}
		offset = oh*3600 + om*60
		if s[i] == '-' {
			offset = -offset
		}
	default:
		return time.Time{}, bad
	}
	t := time.Date(y, time.Month(mo), d, h, mi, sec, nsec, time.UTC).Add(-time.Duration(offset) * time.Second)
	return t, nil
}

// dbTime scans a time read either way: a time.Time (PostgreSQL, or a
// DATETIME column of SQLite) or its text (a column read with || ”), or
// NULL.
type dbTime struct {
	Time  time.Time
	Valid bool
}

// Scan implements sql.Scanner.
func (t *dbTime) Scan(v any) error {
	var err error
	switch x := v.(type) {
	case nil:
		t.Time, t.Valid = time.Time{}, false
		return nil
	case time.Time:
		t.Time = x
	case string:
		t.Time, err = parseDBTime(x)
	case []byte:
		t.Time, err = parseDBTime(string(x))
	default:
		return errors.New("not a database time")
	}
	t.Valid = err == nil
	return err
}

// timeColumn is how a statistics query reads a time column: as text on
// SQLite, whose driver is slow to turn DATETIME values into times, as is
// on PostgreSQL, whose driver reads them fast.
func (s *Store) timeColumn(col string) string {
	if s.db.Engine == db.SQLite {
		return col + " || ''"
	}
	return col
}
