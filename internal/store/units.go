package store

import (
	"context"
	"database/sql"
	"strconv"
	"strings"

	"sigap/internal/apperr"
	"sigap/internal/calendar"
	"sigap/internal/org"
)

const unitCols = `id, tenant_id, COALESCE(parent_id, 0), name, abbreviation, kind, archived_at, updated_at`

func scanUnit(row interface{ Scan(...any) error }) (org.Unit, error) {
	var u org.Unit
	var kind string
	var archived sql.NullTime
	err := row.Scan(&u.ID, &u.TenantID, &u.ParentID, &u.Name, &u.Abbreviation, &kind, &archived, &u.UpdatedAt)
	u.Kind, u.Archived = org.UnitKind(kind), archived.Valid
	return u, err
}

// Units returns a tenant's units, archived ones too when asked.
func (s *Store) Units(ctx context.Context, tenantID int64, withArchived bool) ([]org.Unit, error) {
	q := `SELECT ` + unitCols + ` FROM units WHERE tenant_id = $1`
	if !withArchived {
		q += ` AND archived_at IS NULL`
	}
	return s.queryUnits(ctx, s.db.R, q+` ORDER BY name`, tenantID)
}

func (s *Store) queryUnits(ctx context.Context, q querier, query string, args ...any) ([]org.Unit, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, apperr.Wrap(err, "units")
	}
	defer rows.Close()
	var out []org.Unit
	for rows.Next() {
		u, err := scanUnit(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

// querier is what *sql.DB and *sql.Tx share for reads.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// Unit returns one unit of the tenant; a unit of another tenant is not found.
func (s *Store) Unit(ctx context.Context, tenantID, id int64) (org.Unit, error) {
	u, err := scanUnit(s.db.R.QueryRowContext(ctx, `SELECT `+unitCols+` FROM units WHERE tenant_id = $1 AND id = $2`, tenantID, id))
	return u, notFound(err, "unit.not_found", "unit")
}

// CreateUnit adds a unit under in.ParentID (0: top level).
func (s *Store) CreateUnit(ctx context.Context, a Actor, tenantID int64, in org.UnitInput) (org.Unit, error) {
	in, err := in.Clean()
	if err != nil {
		return org.Unit{}, err
	}
	var u org.Unit
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		if err := s.checkUnitPlace(ctx, tx, tenantID, 0, in); err != nil {
			return err
		}
		now := s.Now()
		var err error
		u, err = scanUnit(tx.QueryRowContext(ctx,
			`INSERT INTO units (tenant_id, parent_id, name, abbreviation, kind, created_at, updated_at)
			 VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING `+unitCols,
			tenantID, nullID(in.ParentID), in.Name, in.Abbreviation, string(in.Kind), now))
		if err != nil {
			return apperr.Wrap(err, "insert unit")
		}
		return s.audit(ctx, tx, tenantID, a, "unit.create", "unit", strconv.FormatInt(u.ID, 10))
	})
	return u, err
}

// UpdateUnit renames, re-kinds or moves a unit.
func (s *Store) UpdateUnit(ctx context.Context, a Actor, tenantID, id int64, in org.UnitInput) (org.Unit, error) {
	in, err := in.Clean()
	if err != nil {
		return org.Unit{}, err
	}
	var u org.Unit
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		if err := s.checkUnitPlace(ctx, tx, tenantID, id, in); err != nil {
			return err
		}
		var err error
		u, err = scanUnit(tx.QueryRowContext(ctx,
			`UPDATE units SET parent_id = $3, name = $4, abbreviation = $5, kind = $6, updated_at = $7
			 WHERE tenant_id = $1 AND id = $2 RETURNING `+unitCols,
			tenantID, id, nullID(in.ParentID), in.Name, in.Abbreviation, string(in.Kind), s.Now()))
		if err != nil {
			return notFound(err, "unit.not_found", "update unit")
		}
		return s.audit(ctx, tx, tenantID, a, "unit.update", "unit", strconv.FormatInt(id, 10))
	})
	return u, err
}

// checkUnitPlace checks, inside the transaction that writes, that the parent
// exists in the tenant and is active, that the move makes no cycle, and that
// no active sibling has the same name.
func (s *Store) checkUnitPlace(ctx context.Context, tx *sql.Tx, tenantID, id int64, in org.UnitInput) error {
	units, err := s.queryUnits(ctx, tx, `SELECT `+unitCols+` FROM units WHERE tenant_id = $1`, tenantID)
	if err != nil {
		return err
	}
	parentOf := make(map[int64]int64, len(units))
	found := id == 0
	parentOK := in.ParentID == 0
	for _, u := range units {
		parentOf[u.ID] = u.ParentID
		if u.ID == id {
			found = true
		}
		if u.ID == in.ParentID && !u.Archived {
			parentOK = true
		}
		if u.ID != id && !u.Archived && u.ParentID == in.ParentID && strings.EqualFold(u.Name, in.Name) {
			return apperr.InvalidField("name", "unit.name.taken", nil)
		}
	}
	if !found {
		return apperr.New(apperr.NotFound, "unit.not_found")
	}
	if !parentOK {
		return apperr.InvalidField("parent_id", "unit.parent.invalid", nil)
	}
	if id != 0 {
		return org.CheckMove(id, in.ParentID, parentOf)
	}
	return nil
}

// SetUnitArchived archives a unit (hiding it from choices while keeping its
// history) or restores it. A unit with active sub-units cannot be archived,
// and a unit under an archived parent cannot be restored.
func (s *Store) SetUnitArchived(ctx context.Context, a Actor, tenantID, id int64, archived bool) error {
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		var parentArchived sql.NullTime
		var parentID sql.NullInt64
		err := tx.QueryRowContext(ctx, `SELECT u.parent_id, p.archived_at FROM units u LEFT JOIN units p ON p.id = u.parent_id
			WHERE u.tenant_id = $1 AND u.id = $2`, tenantID, id).Scan(&parentID, &parentArchived)
		if err != nil {
			return notFound(err, "unit.not_found", "archive unit")
		}
		var at any
		action := "unit.restore"
		if archived {
			var children int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM units WHERE tenant_id = $1 AND parent_id = $2 AND archived_at IS NULL`,
				tenantID, id).Scan(&children); err != nil {
				return apperr.Wrap(err, "count children")
			}
			if children > 0 {
				return apperr.New(apperr.Conflict, "unit.archive.children")
			}
			at, action = s.Now(), "unit.archive"
		} else if parentArchived.Valid {
			return apperr.New(apperr.Conflict, "unit.restore.parent")
		}
		if _, err := tx.ExecContext(ctx, `UPDATE units SET archived_at = $3, updated_at = $4 WHERE tenant_id = $1 AND id = $2`,
			tenantID, id, at, s.Now()); err != nil {
			return apperr.Wrap(err, "archive unit")
		}
		return s.audit(ctx, tx, tenantID, a, action, "unit", strconv.FormatInt(id, 10))
	})
}

// EnsureUnits creates the top-level units whose names the tenant does not
// have yet, and returns how many it created. Used to seed a tenant's offices
// from the reference list; running it again creates nothing.
func (s *Store) EnsureUnits(ctx context.Context, a Actor, tenantID int64, ins []org.UnitInput) (int, error) {
	existing, err := s.Units(ctx, tenantID, true)
	if err != nil {
		return 0, err
	}
	have := map[string]bool{}
	for _, u := range existing {
		if u.ParentID == 0 {
			have[strings.ToLower(u.Name)] = true
		}
	}
	created := 0
	for _, in := range ins {
		if have[strings.ToLower(strings.TrimSpace(in.Name))] {
			continue
		}
		if _, err := s.CreateUnit(ctx, a, tenantID, in); err != nil {
			return created, err
		}
		have[strings.ToLower(strings.TrimSpace(in.Name))] = true
		created++
	}
	return created, nil
}

// AdminCounts are the figures on a tenant administrator's home page.
type AdminCounts struct {
	Units, Users, LocalDaysOff int
	TodayOff                   bool // today is one of the tenant's local days off
}

// AdminCounts reads the administrator's figures in one statement.
func (s *Store) AdminCounts(ctx context.Context, tenantID int64, today calendar.Date) (AdminCounts, error) {
	var c AdminCounts
	var off int
	err := s.db.QueryRowHot(ctx, `SELECT
		(SELECT COUNT(*) FROM units WHERE tenant_id = $1 AND archived_at IS NULL),
		(SELECT COUNT(*) FROM users WHERE tenant_id = $1),
		(SELECT COUNT(*) FROM tenant_days_off WHERE tenant_id = $1),
		(SELECT COUNT(*) FROM tenant_days_off WHERE tenant_id = $1 AND day = $2)`, tenantID, today).Scan(&c.Units, &c.Users, &c.LocalDaysOff, &off)
	c.TodayOff = off > 0
	return c, apperr.Wrap(err, "admin counts")
}

// IsNationalWorkingDay reports whether day is a working day by the
// national calendar alone (weekends, holidays, cuti bersama).
func (s *Store) IsNationalWorkingDay(ctx context.Context, day calendar.Date) (bool, error) {
	national, err := s.nationalCalendar(ctx)
	if err != nil {
		return false, err
	}
	return national.IsWorkingDay(day), nil
}

// IsWorkingDay reports whether day is a working day of a tenant, without
// loading the tenant's whole calendar.
func (s *Store) IsWorkingDay(ctx context.Context, tenantID int64, day calendar.Date) (bool, error) {
	national, err := s.nationalCalendar(ctx)
	if err != nil {
		return false, err
	}
	if !national.IsWorkingDay(day) {
		return false, nil
	}
	var n int
	err = s.db.QueryRowHot(ctx, `SELECT COUNT(*) FROM tenant_days_off WHERE tenant_id = $1 AND day = $2`, tenantID, day).Scan(&n)
	return n == 0, apperr.Wrap(err, "day off")
}
