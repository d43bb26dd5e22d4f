package store

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"slices"
	"strings"
	"time"

	"sigap/internal/apperr"
	"sigap/internal/calendar"
	"sigap/internal/db"
	"sigap/internal/discipline"
)

// DisciplineCase is a discipline case as its list and page show it.
type DisciplineCase struct {
	ID           int64
	Version      int64 // moves on with every change (see ExpectVersion)
	PublicID     string
	Number       string
	TenantID     int64
	EmployeeID   int64
	EmployeeName string
	EmployeeNIP  string
	Status       string
	OpenedAt     time.Time
	Reports      []string // public IDs of the reports it came from
	ChargeCount  int
}

// Charge is one violation a case alleges, as stored.
type Charge struct {
	ID int64
	discipline.Charge
	CreatedAt time.Time
}

// nextCaseNumber takes the next number of the tenant's sequence for the
// year, in tx, written in the tenant's format ("KD/2026/0001" by default).
// The number is stored with the case: a later change of format leaves it.
func (s *Store) nextCaseNumber(ctx context.Context, tx *sql.Tx, tenantID int64, at time.Time) (string, error) {
	wib := at.Add(7 * time.Hour) // Western Indonesian Time
	year := wib.Year()
	var last int
	if err := tx.QueryRowContext(ctx, `INSERT INTO case_numbers (tenant_id, year, last) VALUES ($1, $2, 1)
		ON CONFLICT (tenant_id, year) DO UPDATE SET last = case_numbers.last + 1 RETURNING last`, tenantID, year).Scan(&last); err != nil {
		return "", apperr.Wrap(err, "case number")
	}
	f, err := s.caseNumberFormat(ctx, tx, tenantID)
	if err != nil {
		return "", err
	}
	return f.Format(year, wib.Month(), last), nil
}

const caseCols = `c.id, c.public_id, c.number, c.tenant_id, COALESCE(c.employee_id, 0), COALESCE(e.name, ''), COALESCE(e.nip, ''),
	c.status, c.opened_at, (SELECT COUNT(*) FROM discipline_charges g WHERE g.case_id = c.id), c.version`

const caseFrom = ` FROM discipline_cases c LEFT JOIN employees e ON e.id = c.employee_id`

func scanCase(row interface{ Scan(...any) error }) (DisciplineCase, error) {
	var c DisciplineCase
	err := row.Scan(&c.ID, &c.PublicID, &c.Number, &c.TenantID, &c.EmployeeID, &c.EmployeeName, &c.EmployeeNIP, &c.Status, &c.OpenedAt, &c.ChargeCount, &c.Version)
	return c, err
}

// CaseQuery chooses a page of a tenant's cases: opened from From to To
// (days in Jakarta; zero for no bound), newest first; and, as the
// dashboard counts them (CaseStats), of a Level (LevelNone for none
// determined), with a decided Sanction (Any for any), with an objection's
// or appeal's Outcome ("pending", or Any), charged with a violation Code.
// "" chooses every case.
type CaseQuery struct {
	From, To                       calendar.Date
	Level, Sanction, Outcome, Code string
	Offset, Limit                  int
}

// The values of CaseQuery's counted dimensions that are not a value of
// the dimension itself.
const (
	Any       = "*"
	LevelNone = "none"
)

// counted tells whether q chooses by a dimension only the dashboard's
// counting works out.
func (q CaseQuery) counted() bool {
	return q.Level != "" || q.Sanction != "" || q.Outcome != "" || q.Code != ""
}

// countedCases are the IDs of the cases q chooses, newest first, chosen
// by the dashboard's own counting so that a list reached from a figure
// holds exactly the cases counted in it.
func (s *Store) countedCases(ctx context.Context, tenantID int64, q CaseQuery) ([]int64, error) {
	f := StatsFilter{From: q.From, To: q.To}
	if f.From.IsZero() {
		f.From = calendar.NewDate(1900, 1, 1)
	}
	if f.To.IsZero() {
		f.To = calendar.NewDate(9999, 12, 31)
	}
	order, facts, err := s.caseFacts(ctx, tenantID, f, officeTree{})
	if err != nil {
		return nil, err
	}
	catalogue := discipline.DefaultCatalogue()
	var out []int64
	for _, id := range order {
		d := facts[id].dims(catalogue)
		level := d.level
		if level == "" {
			level = LevelNone
		}
		switch {
		case q.Level != "" && q.Level != level,
			q.Sanction != "" && (!d.decided || (q.Sanction != Any && q.Sanction != d.sanction)),
			q.Outcome != "" && (d.outcome == "" || (q.Outcome != Any && q.Outcome != d.outcome)),
			q.Code != "" && !slices.Contains(d.codes, q.Code):
			continue
		}
		out = append(out, id)
	}
	slices.SortFunc(out, func(a, b int64) int { return cmp.Compare(b, a) })
	return out, nil
}

// DisciplineCases returns a page of the tenant's cases q chooses, newest
// first, and how many there are. Purged cases are left out, except from
// a list by a counted dimension: that list holds exactly the cases its
// figure counts, purged ones included (their page says they were
// destroyed).
func (s *Store) DisciplineCases(ctx context.Context, tenantID int64, q CaseQuery) ([]DisciplineCase, int, error) {
	args := db.Args{tenantID}
	where := ` WHERE c.tenant_id = $1`
	if !q.From.IsZero() {
		where += ` AND c.opened_at >= ` + args.Add(q.From.Time(wib))
	}
	if !q.To.IsZero() {
		where += ` AND c.opened_at < ` + args.Add(q.To.AddDays(1).Time(wib))
	}
	limit := q.Limit
	if limit <= 0 || limit > 200 {
		limit = 50
	}
	var total int
	var page string
	if q.counted() {
		// The page of the counted cases, read by their IDs.
		ids, err := s.countedCases(ctx, tenantID, q)
		if err != nil {
			return nil, 0, err
		}
		total = len(ids)
		ids = ids[min(max(q.Offset, 0), len(ids)):]
		ids = ids[:min(limit, len(ids))]
		if len(ids) == 0 {
			return nil, total, nil
		}
		args = db.Args{tenantID}
		ps := make([]string, len(ids))
		for i, id := range ids {
			ps[i] = args.Add(id)
		}
		where = ` WHERE c.tenant_id = $1 AND c.id IN (` + strings.Join(ps, ", ") + `)`
	} else {
		where += ` AND c.purged_at IS NULL`
		if err := s.db.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM discipline_cases c`+where, args...).Scan(&total); err != nil {
			return nil, 0, apperr.Wrap(err, "count cases")
		}
		page = ` LIMIT ` + args.Add(limit) + ` OFFSET ` + args.Add(max(q.Offset, 0))
	}
	rows, err := s.db.R.QueryContext(ctx, `SELECT `+caseCols+caseFrom+where+` ORDER BY c.id DESC`+page, args...)
	if err != nil {
		return nil, 0, apperr.Wrap(err, "cases")
	}
	defer rows.Close()
	var out []DisciplineCase
	for rows.Next() {
		c, err := scanCase(rows)
		if err != nil {
			return nil, 0, apperr.Wrap(err, "scan case")
		}
		out = append(out, c)
	}
	return out, total, apperr.Wrap(rows.Err(), "cases")
}

// DisciplineCaseByID returns one case of the tenant with the reports it
// came from.
func (s *Store) DisciplineCaseByID(ctx context.Context, tenantID int64, publicID string) (DisciplineCase, error) {
	c, err := scanCase(s.db.R.QueryRowContext(ctx, `SELECT `+caseCols+caseFrom+` WHERE c.tenant_id = $1 AND c.public_id = $2 AND c.purged_at IS NULL`, tenantID, publicID))
	if err != nil {
		return c, s.purgedOr(ctx, notFound(err, "case.not_found", "case"), "discipline_case", tenantID, publicID)
	}
	rows, err := s.db.R.QueryContext(ctx, `SELECT r.public_id FROM discipline_case_reports cr JOIN reports r ON r.id = cr.report_id
		WHERE cr.case_id = $1 ORDER BY r.id`, c.ID)
	if err != nil {
		return c, apperr.Wrap(err, "case reports")
	}
	defer rows.Close()
	for rows.Next() {
		var p string
		if err := rows.Scan(&p); err != nil {
			return c, err
		}
		c.Reports = append(c.Reports, p)
	}
	return c, apperr.Wrap(rows.Err(), "case reports")
}

// Charges returns the violations a case alleges, in the order added.
func (s *Store) Charges(ctx context.Context, tenantID, caseID int64) ([]Charge, error) {
	rows, err := s.db.R.QueryContext(ctx, `SELECT id, code, impact, days_absent, days_consecutive, created_at FROM discipline_charges
		WHERE tenant_id = $1 AND case_id = $2 ORDER BY id`, tenantID, caseID)
	if err != nil {
		return nil, apperr.Wrap(err, "charges")
	}
	defer rows.Close()
	var out []Charge
	for rows.Next() {
		var c Charge
		var impact string
		if err := rows.Scan(&c.ID, &c.Code, &impact, &c.DaysAbsent, &c.DaysConsecutive, &c.CreatedAt); err != nil {
			return nil, apperr.Wrap(err, "scan charge")
		}
		c.Impact = discipline.Impact(impact)
		out = append(out, c)
	}
	return out, apperr.Wrap(rows.Err(), "charges")
}

// AddCharge adds a checked charge to an open case of the tenant.
func (s *Store) AddCharge(ctx context.Context, a Actor, tenantID int64, casePublicID string, ch discipline.Charge) error {
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		id, err := s.chargeableCase(ctx, tx, tenantID, casePublicID)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO discipline_charges (tenant_id, case_id, code, impact, days_absent, days_consecutive, created_by, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, tenantID, id, ch.Code, string(ch.Impact), ch.DaysAbsent, ch.DaysConsecutive, nullID(a.UserID), s.Now()); err != nil {
			return apperr.Wrap(err, "add charge")
		}
		return s.audit(ctx, tx, tenantID, a, "case.charge.add", "discipline_case", casePublicID)
	})
}

// chargeableCase locks a case whose charges may still change: open, and
// not yet examined or decided on the evidence. What was examined is what
// the team was formed for (Ps 29) and what the decision names (Ps 33);
// a new violation found later is a new case.
func (s *Store) chargeableCase(ctx context.Context, tx *sql.Tx, tenantID int64, casePublicID string) (int64, error) {
	var id int64
	var status, stage string
	if err := tx.QueryRowContext(ctx, `SELECT id, status, stage FROM discipline_cases WHERE tenant_id = $1 AND public_id = $2`+s.db.ForUpdate(),
		tenantID, casePublicID).Scan(&id, &status, &stage); err != nil {
		return 0, notFound(err, "case.not_found", "case")
	}
	if status != "open" {
		return 0, apperr.New(apperr.Conflict, "case.closed")
	}
	if stage != string(discipline.StageOpen) && stage != string(discipline.StageSummoned) {
		return 0, apperr.New(apperr.Conflict, "case.charge.frozen")
	}
	return id, s.bumpVersion(ctx, tx, VersionCase, id, casePublicID)
}

// RemoveCharge withdraws a charge from an open case.
func (s *Store) RemoveCharge(ctx context.Context, a Actor, tenantID int64, casePublicID string, chargeID int64) error {
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		id, err := s.chargeableCase(ctx, tx, tenantID, casePublicID)
		if err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `DELETE FROM discipline_charges WHERE tenant_id = $1 AND id = $2 AND case_id = $3`, tenantID, chargeID, id)
		if err != nil {
			return apperr.Wrap(err, "remove charge")
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return apperr.New(apperr.NotFound, "case.charge.not_found")
		}
		return s.audit(ctx, tx, tenantID, a, "case.charge.remove", "discipline_case", casePublicID)
	})
}

// EmployeeCases returns the tenant's discipline cases about an employee,
// oldest first.
func (s *Store) EmployeeCases(ctx context.Context, tenantID, employeeID int64) ([]DisciplineCase, error) {
	rows, err := s.db.R.QueryContext(ctx, `SELECT `+caseCols+caseFrom+` WHERE c.tenant_id = $1 AND c.employee_id = $2 ORDER BY c.id`, tenantID, employeeID)
	if err != nil {
		return nil, apperr.Wrap(err, "employee cases")
	}
	defer rows.Close()
	var out []DisciplineCase
	for rows.Next() {
		c, err := scanCase(rows)
		if err != nil {
			return nil, apperr.Wrap(err, "scan case")
		}
		out = append(out, c)
	}
	return out, apperr.Wrap(rows.Err(), "employee cases")
}

// OpenCase opens a discipline case about an employee without a report:
// violations are not complaint-dependent (PP 94/2021 Ps 26(1)); BKPSDM or
// the Inspektorat open cases of their own finding.
func (s *Store) OpenCase(ctx context.Context, a Actor, tenantID, employeeID int64) (DisciplineCase, error) {
	c := DisciplineCase{PublicID: newPublicID(), TenantID: tenantID, EmployeeID: employeeID, Status: "open", OpenedAt: s.Now()}
	rec, err := s.newRecordKey(ctx)
	if err != nil {
		return c, err
	}
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM employees WHERE tenant_id = $1 AND id = $2`, tenantID, employeeID).Scan(&n); err != nil {
			return apperr.Wrap(err, "employee")
		}
		if n == 0 {
			return apperr.InvalidField("employee_id", "employee.not_found", nil)
		}
		var err error
		if c.Number, err = s.nextCaseNumber(ctx, tx, tenantID, c.OpenedAt); err != nil {
			return err
		}
		// The examiner who opens a case of their own finding handles it.
		if err := tx.QueryRowContext(ctx, `INSERT INTO discipline_cases (tenant_id, public_id, number, employee_id, status, opened_by, opened_at, handler_id, record_key)
			VALUES ($1, $2, $3, $4, 'open', $5, $6, (SELECT r.user_id FROM user_roles r WHERE r.user_id = $5 AND r.role = 'examiner'), $7)
			RETURNING id`, tenantID, c.PublicID, c.Number, employeeID, nullID(a.UserID), c.OpenedAt, nullID(int64(rec))).Scan(&c.ID); err != nil {
			return apperr.Wrap(err, "open case")
		}
		return s.audit(ctx, tx, tenantID, a, "case.open", "discipline_case", c.PublicID)
	})
	return c, err
}

// OpenCases returns the tenant's open cases, oldest first, up to limit.
func (s *Store) OpenCases(ctx context.Context, tenantID int64, limit int) ([]DisciplineCase, error) {
	rows, err := s.db.R.QueryContext(ctx, `SELECT `+caseCols+caseFrom+` WHERE c.tenant_id = $1 AND c.status = 'open' ORDER BY c.id LIMIT $2`, tenantID, limit)
	if err != nil {
		return nil, apperr.Wrap(err, "open cases")
	}
	defer rows.Close()
	var out []DisciplineCase
	for rows.Next() {
		c, err := scanCase(rows)
		if err != nil {
			return nil, apperr.Wrap(err, "scan case")
		}
		out = append(out, c)
	}
	return out, apperr.Wrap(rows.Err(), "open cases")
}

// RecordLetter writes a letter's generation into the audit trail: who
// printed which letter of which case, and when.
func (s *Store) RecordLetter(ctx context.Context, a Actor, tenantID int64, casePublicID, kind string) error {
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		return s.audit(ctx, tx, tenantID, a, "case.letter."+kind, "discipline_case", casePublicID)
	})
}

// LinkUserEmployee records which roster employee an account belongs to
// (employeeID 0 removes the link). Both must be the tenant's.
func (s *Store) LinkUserEmployee(ctx context.Context, a Actor, tenantID, userID, employeeID int64) error {
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM users WHERE id = $1 AND tenant_id = $2`, userID, tenantID).Scan(&n); err != nil || n == 0 {
			return notFound(sql.ErrNoRows, "user.not_found", "user")
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM user_employees WHERE user_id = $1`, userID); err != nil {
			return apperr.Wrap(err, "unlink")
		}
		if employeeID != 0 {
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM employees WHERE id = $1 AND tenant_id = $2`, employeeID, tenantID).Scan(&n); err != nil || n == 0 {
				return apperr.InvalidField("employee_id", "employee.not_found", nil)
			}
			if _, err := tx.ExecContext(ctx, `DELETE FROM user_employees WHERE tenant_id = $1 AND employee_id = $2`, tenantID, employeeID); err != nil {
				return apperr.Wrap(err, "unlink employee")
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO user_employees (user_id, tenant_id, employee_id) VALUES ($1, $2, $3)`, userID, tenantID, employeeID); err != nil {
				return apperr.Wrap(err, "link")
			}
			// Nobody works on a protection case about themself.
			if _, err := tx.ExecContext(ctx, `DELETE FROM protection_workers WHERE user_id = $1 AND case_id IN
				(SELECT case_id FROM protection_perpetrators WHERE employee_id = $2)`, userID, employeeID); err != nil {
				return apperr.Wrap(err, "unassign accused")
			}
		}
		return s.audit(ctx, tx, tenantID, a, "user.employee", "user", itoa(userID))
	})
}

// UserEmployee returns the roster employee an account belongs to, 0 when
// none.
func (s *Store) UserEmployee(ctx context.Context, userID int64) (int64, error) {
	var id int64
	err := s.db.R.QueryRowContext(ctx, `SELECT employee_id FROM user_employees WHERE user_id = $1`, userID).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	return id, apperr.Wrap(err, "user employee")
}

// EmployeeUser returns the account an employee is linked to, 0 when none.
func (s *Store) EmployeeUser(ctx context.Context, tenantID, employeeID int64) (int64, error) {
	var id int64
	err := s.db.R.QueryRowContext(ctx, `SELECT user_id FROM user_employees WHERE tenant_id = $1 AND employee_id = $2`, tenantID, employeeID).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	return id, apperr.Wrap(err, "employee user")
}

// UserIDByUsername returns the ID of a tenant's account by its username.
func (s *Store) UserIDByUsername(ctx context.Context, tenantID int64, username string) (int64, error) {
	var id int64
	err := s.db.R.QueryRowContext(ctx, `SELECT id FROM users WHERE tenant_id = $1 AND username = $2`, tenantID, lower(username)).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, apperr.InvalidField("username", "user.not_found", nil)
	}
	return id, apperr.Wrap(err, "user by username")
}
