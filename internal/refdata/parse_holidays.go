package refdata

import (
	"io"
	"time"

	"sigap/internal/calendar"
)

// holidaysHeader is the exact header of HolidaysFile.
const holidaysHeader = "date,name,kind"

// ParseHolidays reads national days off in the format of HolidaysFile
// (date,name,kind) and returns them in file order.
//
// kind must be libur or cuti_bersama: local days off belong to one tenant
// and are entered per tenant, never in the national file.
//
// Dates must be unique. A decree could in principle list two occasions on
// one date, but the real file has no repeated date (one row per closed day),
// so a repeat is far more likely a mistyped date, and it would otherwise go
// unnoticed because the Calendar merges same-date entries. Should a real
// double occasion ever appear, join the names in one row. A cuti_bersama on
// a Saturday or Sunday is rejected too: cuti bersama is by definition taken
// from working days, so such a row is also a mistyped date.
//
// On any problem it returns nil and a ParseErrors. Names are trimmed.
func ParseHolidays(r io.Reader) ([]calendar.DayOff, error) {
	p := &problems{file: HolidaysFile}
	t, ok := openTable(r, p, holidaysHeader)
	if !ok {
		return nil, p.err()
	}
	var out []calendar.DayOff
	lines := make(map[calendar.Date]int)
	for {
		rec, line, ok := t.next()
		if !ok {
			break
		}
		before := p.count()
		d, err := calendar.ParseDate(rec[0])
		if err != nil {
			p.add(line, "date", "%s is not a valid date (expected YYYY-MM-DD)", quote(rec[0]))
		}
		name, problem := checkText(rec[1], maxName, true)
		if problem != "" {
			p.add(line, "name", "%s", problem)
		}
		kind := calendar.Kind(rec[2])
		switch {
		case kind == calendar.KindLocal:
			p.add(line, "kind", "%s is not allowed in the national file (local days off are entered per tenant)", quote(rec[2]))
		case !kind.Valid():
			p.add(line, "kind", "%s is not a valid kind (expected libur or cuti_bersama)", quote(rec[2]))
		case err == nil && kind == calendar.KindCutiBersama && isWeekend(d):
			p.add(line, "date", "cuti_bersama on %s, a %s (cuti bersama only falls on working days)", d, d.Weekday())
		}
		if err != nil {
			continue
		}
		if first, dup := lines[d]; dup {
			p.add(line, "date", "duplicate date %s (first on line %d)", d, first)
			continue
		}
		lines[d] = line
		if p.count() == before {
			out = append(out, calendar.DayOff{Date: d, Name: name, Kind: kind})
		}
	}
	if err := p.err(); err != nil {
		return nil, err
	}
	return out, nil
}

// isWeekend reports whether d is a Saturday or Sunday.
func isWeekend(d calendar.Date) bool {
	wd := d.Weekday()
	return wd == time.Saturday || wd == time.Sunday
}
