package store

import (
	"context"
	"slices"
	"strings"

	"sigap/internal/apperr"
	"sigap/internal/db"
	"sigap/internal/roster"
)

// employeeSelect reads an employee with the names of its unit and superior.
const employeeSelect = `SELECT e.id, e.tenant_id, e.nip, e.name, e.status, e.rank, e.position, e.position_kind,
	e.functional_level, e.echelon, e.unit_id, u.name, COALESCE(e.superior_id, 0), e.state, e.created_at, e.updated_at,
	COALESCE(s.nip, ''), COALESCE(s.name, '')
	FROM employees e JOIN units u ON u.id = e.unit_id LEFT JOIN employees s ON s.id = e.superior_id`

func scanEmployee(row interface{ Scan(...any) error }) (roster.Employee, error) {
	var e roster.Employee
	var status, kind, state string
	err := row.Scan(&e.ID, &e.TenantID, &e.NIP, &e.Name, &status, &e.Rank, &e.Position, &kind, &e.Level, &e.Echelon,
		&e.UnitID, &e.UnitName, &e.SuperiorID, &state, &e.CreatedAt, &e.UpdatedAt, &e.SuperiorNIP, &e.SuperiorName)
	e.Status, e.Kind, e.State = roster.Status(status), roster.PositionKind(kind), roster.State(state)
	return e, err
}

func (s *Store) queryEmployees(ctx context.Context, q string, args ...any) ([]roster.Employee, error) {
	rows, err := s.db.R.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, apperr.Wrap(err, "employees")
	}
	defer rows.Close()
	var out []roster.Employee
	for rows.Next() {
		e, err := scanEmployee(rows)
		if err != nil {
			return nil, apperr.Wrap(err, "scan employee")
		}
		out = append(out, e)
	}
	return out, apperr.Wrap(rows.Err(), "employees")
}

// Employee returns one employee of the tenant; another tenant's is not found.
func (s *Store) Employee(ctx context.Context, tenantID, id int64) (roster.Employee, error) {
	e, err := scanEmployee(s.db.QueryRowHot(ctx, employeeSelect+` WHERE e.tenant_id = $1 AND e.id = $2`, tenantID, id))
	return e, notFound(err, "employee.not_found", "employee")
}

// EmployeeByNIP returns the tenant's employee with this NIP.
func (s *Store) EmployeeByNIP(ctx context.Context, tenantID int64, nip string) (roster.Employee, error) {
	e, err := scanEmployee(s.db.QueryRowHot(ctx, employeeSelect+` WHERE e.tenant_id = $1 AND e.nip = $2`, tenantID, nip))
	return e, notFound(err, "employee.not_found", "employee")
}

// EmployeeQuery filters a search of the roster.
type EmployeeQuery struct {
	// Text is part of a name (titles and degrees are ignored) or the
	// first digits of a NIP.
	Text     string
	UnitID   int64
	Inactive bool // include retired, dismissed and departed employees
	Offset   int
	Limit    int
}

// nameTop sorts after every character a name holds, for prefix ranges.
const nameTop = "\U0010FFFF"

// SearchEmployees returns a page of the tenant's employees matching q and
// how many match in all. Digits search NIPs by prefix; words search names,
// those that start with the words first, then those that contain them.
// Both use the (tenant, nip) and (tenant, search_name) indexes for the
// prefix part; the contains part reads one tenant's rows only.
func (s *Store) SearchEmployees(ctx context.Context, tenantID int64, q EmployeeQuery) ([]roster.Employee, int, error) {
	var args db.Args
	where := ` WHERE e.tenant_id = ` + args.Add(tenantID)
	order := ` ORDER BY e.search_name, e.id`
	text := strings.TrimSpace(q.Text)
	prefix := ""
	if digits := strings.NewReplacer(" ", "", ".", "", "-", "").Replace(text); digits != "" && isDigits(digits) {
		where += ` AND e.nip >= ` + args.Add(digits) + ` AND e.nip < ` + args.Add(digits+":")
		order = ` ORDER BY e.nip`
	} else if name := roster.SearchName(text); name != "" {
		where += ` AND e.search_name LIKE ` + args.Add("%"+name+"%") // SearchName leaves no % or _
		prefix = name
	}
	if q.UnitID != 0 {
		where += ` AND e.unit_id = ` + args.Add(q.UnitID)
	}
	if !q.Inactive {
		where += ` AND e.state = 'active'`
	}
	var total int
	if err := s.db.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM employees e`+where, args...).Scan(&total); err != nil {
		return nil, 0, apperr.Wrap(err, "count employees")
	}
	if q.Limit <= 0 || q.Limit > 200 {
		q.Limit = 50
	}
	pageArgs := slices.Clone(args)
	if prefix != "" {
		// Bound here, not above: PostgreSQL refuses parameters the count does not use.
		order = ` ORDER BY CASE WHEN e.search_name >= ` + pageArgs.Add(prefix) + ` AND e.search_name < ` + pageArgs.Add(prefix+nameTop) +
			` THEN 0 ELSE 1 END, e.search_name, e.id`
	}
	args = pageArgs
	page := where + order + ` LIMIT ` + args.Add(q.Limit) + ` OFFSET ` + args.Add(max(q.Offset, 0))
	out, err := s.queryEmployees(ctx, employeeSelect+page, args...)
	return out, total, err
}

// SearchEmployeesByNamePrefix returns up to limit active employees whose
// name (without titles) starts with prefix: the index-only lookup behind
// quick pickers, such as naming the accused in a report.
func (s *Store) SearchEmployeesByNamePrefix(ctx context.Context, tenantID int64, prefix string, limit int) ([]roster.Employee, error) {
	name := roster.SearchName(prefix)
	if name == "" {
		return nil, nil
	}
	return s.queryEmployees(ctx, employeeSelect+` WHERE e.tenant_id = $1 AND e.search_name >= $2 AND e.search_name < $3
		AND e.state = 'active' ORDER BY e.search_name LIMIT $4`, tenantID, name, name+nameTop, limit)
}

func isDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// SuperiorChain returns the employee's superiors, the direct superior
// first, up to the top of the roster (whose superior is the head of the
// region). The roster import refuses cycles; the depth bound guards
// against one made some other way. The unary plus on the tenant condition
// keeps SQLite, which has no statistics, from scanning the tenant's
// employees and probing the chain for each: the chain must drive.
func (s *Store) SuperiorChain(ctx context.Context, tenantID, id int64) ([]roster.Employee, error) {
	return s.queryEmployees(ctx, `WITH RECURSIVE chain (id, depth) AS (
			SELECT superior_id, 1 FROM employees WHERE tenant_id = $1 AND id = $2 AND superior_id IS NOT NULL
			UNION ALL
			SELECT x.superior_id, c.depth + 1 FROM employees x JOIN chain c ON x.id = c.id
			WHERE x.superior_id IS NOT NULL AND c.depth < 64
		) `+employeeSelect+` JOIN chain c ON c.id = e.id WHERE +e.tenant_id = $1 ORDER BY c.depth`, tenantID, id)
}

// Subordinates returns a page of the employees exactly levels below the
// given one along superior links (1: those who report to them directly),
// active ones only, and how many there are.
func (s *Store) Subordinates(ctx context.Context, tenantID, id int64, levels, offset, limit int) ([]roster.Employee, int, error) {
	if levels < 1 || levels > 64 {
		return nil, 0, apperr.InvalidField("levels", "employee.levels.invalid", nil)
	}
	tree := `WITH RECURSIVE below (id, depth) AS (
			SELECT id, 1 FROM employees WHERE tenant_id = $1 AND superior_id = $2
			UNION ALL
			SELECT x.id, b.depth + 1 FROM employees x JOIN below b ON x.superior_id = b.id WHERE b.depth < $3
		) `
	var total int
	if err := s.db.R.QueryRowContext(ctx, tree+`SELECT COUNT(*) FROM below b JOIN employees e ON e.id = b.id
		WHERE b.depth = $3 AND e.state = 'active'`, tenantID, id, levels).Scan(&total); err != nil {
		return nil, 0, apperr.Wrap(err, "count subordinates")
	}
	if limit <= 0 || limit > 200 {
		limit = 50
	}
	out, err := s.queryEmployees(ctx, tree+employeeSelect+` JOIN below b ON b.id = e.id
		WHERE b.depth = $3 AND e.state = 'active' ORDER BY e.search_name, e.id LIMIT $4 OFFSET $5`, tenantID, id, levels, limit, max(offset, 0))
	return out, total, err
}

// EmployeePositions returns an employee's position history, newest first.
func (s *Store) EmployeePositions(ctx context.Context, tenantID, id int64) ([]roster.PositionRecord, error) {
	rows, err := s.db.R.QueryContext(ctx, `SELECT p.id, COALESCE(p.import_id, 0), p.status, p.rank, p.position, p.position_kind,
		p.functional_level, p.echelon, p.unit_id, u.name, COALESCE(p.superior_id, 0), COALESCE(s.name, ''), p.state, p.recorded_at
		FROM employee_positions p JOIN employees e ON e.id = p.employee_id JOIN units u ON u.id = p.unit_id
		LEFT JOIN employees s ON s.id = p.superior_id
		WHERE e.tenant_id = $1 AND p.employee_id = $2 ORDER BY p.id DESC`, tenantID, id)
	if err != nil {
		return nil, apperr.Wrap(err, "positions")
	}
	defer rows.Close()
	var out []roster.PositionRecord
	for rows.Next() {
		var r roster.PositionRecord
		var status, kind, state string
		if err := rows.Scan(&r.ID, &r.ImportID, &status, &r.Rank, &r.Position, &kind, &r.Level, &r.Echelon, &r.UnitID, &r.UnitName,
			&r.SuperiorID, &r.SuperiorName, &state, &r.RecordedAt); err != nil {
			return nil, apperr.Wrap(err, "scan position")
		}
		r.Status, r.Kind, r.State = roster.Status(status), roster.PositionKind(kind), roster.State(state)
		out = append(out, r)
	}
	return out, apperr.Wrap(rows.Err(), "positions")
}

// EmployeeImports returns the tenant's latest roster imports, newest first.
func (s *Store) EmployeeImports(ctx context.Context, tenantID int64, limit int) ([]roster.Import, error) {
	rows, err := s.db.R.QueryContext(ctx, `SELECT id, tenant_id, COALESCE(actor_id, 0), rows_read, added, changed, unchanged, left_roster, skipped, created_at
		FROM employee_imports WHERE tenant_id = $1 ORDER BY id DESC LIMIT $2`, tenantID, limit)
	if err != nil {
		return nil, apperr.Wrap(err, "imports")
	}
	defer rows.Close()
	var out []roster.Import
	for rows.Next() {
		var i roster.Import
		if err := rows.Scan(&i.ID, &i.TenantID, &i.ActorID, &i.Read, &i.Added, &i.Changed, &i.Unchanged, &i.Left, &i.Skipped, &i.CreatedAt); err != nil {
			return nil, apperr.Wrap(err, "scan import")
		}
		out = append(out, i)
	}
	return out, apperr.Wrap(rows.Err(), "imports")
}

// EmployeeCount returns how many active employees the tenant has.
func (s *Store) EmployeeCount(ctx context.Context, tenantID int64) (int, error) {
	var n int
	err := s.db.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM employees WHERE tenant_id = $1 AND state = 'active'`, tenantID).Scan(&n)
	return n, apperr.Wrap(err, "count employees")
}
