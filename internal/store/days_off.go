package store

import (
	"context"
	"database/sql"
	"strconv"
	"strings"

	"sigap/internal/apperr"
	"sigap/internal/calendar"
	"sigap/internal/db"
)

// ImportHolidays inserts or updates national holidays and cuti bersama in
// one transaction.
func (s *Store) ImportHolidays(ctx context.Context, a Actor, days []calendar.DayOff) (int, error) {
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		const batch = 200
		for start := 0; start < len(days); start += batch {
			chunk := days[start:min(start+batch, len(days))]
			args := make([]any, 0, len(chunk)*3)
			for _, d := range chunk {
				args = append(args, d.Date, d.Name, string(d.Kind))
			}
			q := `INSERT INTO national_days_off (day, name, kind) VALUES ` + s.db.Rows(len(chunk), 3) + `
			      ON CONFLICT (day, name) DO UPDATE SET kind = excluded.kind`
			if _, err := tx.ExecContext(ctx, q, args...); err != nil {
				return err
			}
		}
		// Every government's due dates count on the national days. (SQLite
		// needs the WHERE to read ON CONFLICT as an upsert after a SELECT.)
		if _, err := tx.ExecContext(ctx, `INSERT INTO case_due_recounts (tenant_id, requested_at) SELECT id, $1 FROM tenants WHERE true
			ON CONFLICT (tenant_id) DO UPDATE SET requested_at = excluded.requested_at`, s.Now()); err != nil {
			return err
		}
		return s.audit(ctx, tx, 0, a, "holidays.import", "national_days_off", strconv.Itoa(len(days)))
	})
	if err != nil {
		return 0, apperr.Wrap(err, "import holidays")
	}
	s.mu.Lock()
	s.national, s.nationalCal = nil, nil
	s.mu.Unlock()
	return len(days), nil
}

// NationalDaysOff returns every national holiday and cuti bersama, by date.
// The list is small and changes only on import, so it is cached.
func (s *Store) NationalDaysOff(ctx context.Context) ([]calendar.DayOff, error) {
	s.mu.Lock()
	cached := s.national
	s.mu.Unlock()
	if cached != nil {
		return cached, nil
	}
	days, err := s.queryDaysOff(ctx, `SELECT day, name, kind FROM national_days_off ORDER BY day, name`)
	if err != nil {
		return nil, err
	}
	if days == nil {
		days = []calendar.DayOff{}
	}
	s.mu.Lock()
	s.national = days
	s.mu.Unlock()
	return days, nil
}

// nationalCalendar is the calendar of national days off alone, cached
// with them.
func (s *Store) nationalCalendar(ctx context.Context) (*calendar.Calendar, error) {
	s.mu.Lock()
	c := s.nationalCal
	s.mu.Unlock()
	if c != nil {
		return c, nil
	}
	days, err := s.NationalDaysOff(ctx)
	if err != nil {
		return nil, err
	}
	c = calendar.New(days)
	s.mu.Lock()
	s.nationalCal = c
	s.mu.Unlock()
	return c, nil
}

// TenantDaysOff returns a tenant's local days off, by date.
func (s *Store) TenantDaysOff(ctx context.Context, tenantID int64) ([]calendar.DayOff, error) {
	return s.queryDaysOff(ctx, `SELECT day, name, 'local' FROM tenant_days_off WHERE tenant_id = $1 ORDER BY day`, tenantID)
}

func (s *Store) queryDaysOff(ctx context.Context, q string, args ...any) ([]calendar.DayOff, error) {
	rows, err := s.db.R.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, apperr.Wrap(err, "days off")
	}
	defer rows.Close()
	var out []calendar.DayOff
	for rows.Next() {
		var d calendar.DayOff
		var kind string
		if err := rows.Scan(&d.Date, &d.Name, &kind); err != nil {
			return nil, err
		}
		d.Kind = calendar.Kind(kind)
		out = append(out, d)
	}
	return out, rows.Err()
}

// Calendar returns the working-day calendar of a tenant: national days off
// plus its own.
func (s *Store) Calendar(ctx context.Context, tenantID int64) (*calendar.Calendar, error) {
	nc, err := s.nationalCalendar(ctx)
	if err != nil {
		return nil, err
	}
	local, err := s.TenantDaysOff(ctx, tenantID)
	if err != nil {
		return nil, err
	}
	return nc.With(local), nil
}

// AddTenantDayOff records a local day off (for example a regional
// anniversary decreed by the Bupati).
func (s *Store) AddTenantDayOff(ctx context.Context, a Actor, tenantID int64, day calendar.Date, name string) error {
	name = strings.Join(strings.Fields(name), " ")
	if day.IsZero() {
		return apperr.InvalidField("day", "calendar.day.invalid", nil)
	}
	if name == "" || len(name) > 200 {
		return apperr.InvalidField("name", "calendar.name.invalid", nil)
	}
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO tenant_days_off (tenant_id, day, name, created_at) VALUES ($1, $2, $3, $4)`,
			tenantID, day, name, s.Now()); err != nil {
			return err
		}
		if err := s.requestRecount(ctx, tx, tenantID); err != nil {
			return err
		}
		return s.audit(ctx, tx, tenantID, a, "day_off.add", "tenant_day_off", day.String())
	})
	if db.IsUniqueViolation(err) {
		return apperr.InvalidField("day", "calendar.day.exists", nil)
	}
	return apperr.Wrap(err, "add day off")
}

// RemoveTenantDayOff deletes a local day off.
func (s *Store) RemoveTenantDayOff(ctx context.Context, a Actor, tenantID int64, day calendar.Date) error {
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM tenant_days_off WHERE tenant_id = $1 AND day = $2`, tenantID, day)
		if err != nil {
			return apperr.Wrap(err, "remove day off")
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return apperr.New(apperr.NotFound, "calendar.day.not_found")
		}
		if err := s.requestRecount(ctx, tx, tenantID); err != nil {
			return err
		}
		return s.audit(ctx, tx, tenantID, a, "day_off.remove", "tenant_day_off", day.String())
	})
}
