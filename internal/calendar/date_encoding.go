package calendar

import (
	"database/sql/driver"
	"fmt"
	"time"
)

// Value implements driver.Valuer. A Date is sent as the text "2006-01-02",
// which both SQLite (TEXT affinity) and PostgreSQL (DATE input) accept
// without any time-zone conversion; the zero Date is sent as NULL.
func (d Date) Value() (driver.Value, error) {
	if d.IsZero() {
		return nil, nil
	}
	return d.String(), nil
}

// Scan implements sql.Scanner. It accepts:
//   - nil (SQL NULL), giving the zero Date;
//   - string or []byte in the form "2006-01-02", or a timestamp that starts
//     with that form followed by 'T' or ' ' (SQLite drivers store a
//     time.Time as such text; only its date part is kept); "" gives the zero
//     Date, mirroring Value and MarshalText;
//   - time.Time, whose year, month and day are taken as they are, without
//     converting zones: drivers return a DATE column as midnight in some
//     zone (UTC for pgx), and converting that instant to another zone could
//     land on the previous day.
func (d *Date) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*d = Date{}
		return nil
	case string:
		return d.scanText(v)
	case []byte:
		return d.scanText(string(v))
	case time.Time:
		if v.IsZero() {
			*d = Date{}
			return nil
		}
		y, m, day := v.Date()
		*d = NewDate(y, m, day)
		return nil
	}
	return fmt.Errorf("calendar: cannot scan %T into Date", src)
}

// scanText parses the textual forms accepted by Scan.
func (d *Date) scanText(s string) error {
	if len(s) > 10 && (s[10] == 'T' || s[10] == ' ') {
		s = s[:10]
	}
	return d.UnmarshalText([]byte(s))
}

// MarshalText implements encoding.TextMarshaler, so JSON carries a Date as
// "2006-01-02" (and the zero Date as ""), never as an instant.
func (d Date) MarshalText() ([]byte, error) {
	return []byte(d.String()), nil
}

// UnmarshalText implements encoding.TextUnmarshaler with ParseDate's strict
// format; empty text gives the zero Date so that MarshalText round-trips.
func (d *Date) UnmarshalText(text []byte) error {
	if len(text) == 0 {
		*d = Date{}
		return nil
	}
	p, err := ParseDate(string(text))
	if err != nil {
		return err
	}
	*d = p
	return nil
}
