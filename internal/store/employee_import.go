package store

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strconv"
	"time"

	"sigap/internal/apperr"
	"sigap/internal/db"
	"sigap/internal/roster"
)

// ImportOptions tune an employee import.
type ImportOptions struct {
	// ValidOnly imports the rows without problems and skips the others.
	// Without it, any problem means nothing is written.
	ValidOnly bool
	// Skipped are the problems found while reading the file; their rows
	// are not among the rows passed in.
	Skipped []roster.Problem
	// Progress, when set, is told how many of total rows are written.
	Progress func(done, total int)
}

// employeeBatch rows go in one statement: 400 rows × 15 columns stay far
// below both engines' parameter limits while keeping round trips few.
const employeeBatch = 400

// ImportEmployees makes the tenant's roster what rows say, in one
// transaction: new NIPs are added, changed people updated (with a position
// history row when their position changed), and people no longer in the
// file marked as having left. Rows are checked against the database first
// (unit names, superiors, NIPs held by other governments); problems are
// returned together with opt.Skipped, and then nothing is written unless
// opt.ValidOnly asks for the good rows.
func (s *Store) ImportEmployees(ctx context.Context, a Actor, tenantID int64, rows []roster.Row, opt ImportOptions) (roster.Import, []roster.Problem, error) {
	res := roster.Import{TenantID: tenantID, ActorID: a.UserID}
	problems := slices.Clone(opt.Skipped)
	skipped := map[string]bool{}
	unidentified := false
	for _, p := range opt.Skipped {
		if p.NIP != "" {
			skipped[p.NIP] = true
		} else if p.Line > 1 {
			unidentified = true
		}
	}
	var plan importPlan
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		// Imports of one tenant queue here: rows new to the tenant are
		// written with a plain INSERT, which two imports at once would
		// both try.
		var locked int64
		if err := tx.QueryRowContext(ctx, `SELECT id FROM tenants WHERE id = $1`+s.db.ForUpdate(), tenantID).Scan(&locked); err != nil {
			return notFound(err, "tenant.not_found", "lock tenant")
		}
		var err error
		plan, err = s.planImport(ctx, tx, tenantID, rows, skipped, opt.ValidOnly)
		if err != nil {
			return err
		}
		problems = append(problems, plan.problems...)
		if len(problems) > 0 && !opt.ValidOnly {
			return errNothingWritten
		}
		if len(plan.rows) == 0 {
			return apperr.New(apperr.Invalid, "roster.import.empty")
		}
		res.Skipped = countLines(problems)
		res.LeftUnknown = unidentified
		return s.writeImport(ctx, tx, a, &res, plan, problems, opt.Progress)
	})
	sortProblems(problems)
	if err == errNothingWritten {
		return res, problems, nil
	}
	if err != nil {
		return res, problems, err
	}
	return res, problems, nil
}

// errNothingWritten rolls back an import that found problems.
var errNothingWritten = apperr.New(apperr.Invalid, "roster.import.problems")

func countLines(ps []roster.Problem) int {
	lines := map[int]bool{}
	for _, p := range ps {
		if p.Line > 1 {
			lines[p.Line] = true
		}
	}
	return len(lines)
}

func sortProblems(ps []roster.Problem) {
	slices.SortStableFunc(ps, func(a, b roster.Problem) int { return a.Line - b.Line })
}

// current is an employee as stored, for comparison with a row.
type current struct {
	roster.Employee
}

// importPlan is what an import will write, worked out before any write.
type importPlan struct {
	rows     []roster.Row // superiors first
	units    []int64      // unit of each row
	existing map[string]*current
	problems []roster.Problem
}

// planImport reads what the import must compare against, and finds the
// problems only the database can tell.
func (s *Store) planImport(ctx context.Context, tx *sql.Tx, tenantID int64, rows []roster.Row, skipped map[string]bool, validOnly bool) (importPlan, error) {
	p := importPlan{existing: map[string]*current{}}
	units, err := s.queryUnits(ctx, tx, `SELECT `+unitCols+` FROM units WHERE tenant_id = $1`, tenantID)
	if err != nil {
		return p, err
	}
	match := roster.NewUnitMatcher(units)
	if err := s.loadRoster(ctx, tx, tenantID, p.existing); err != nil {
		return p, err
	}
	elsewhere, err := s.nipsElsewhere(ctx, tx, tenantID, rows, p.existing)
	if err != nil {
		return p, err
	}
	unitOf := make(map[string]int64, len(rows))
	var good []roster.Row // only when the good rows go in without the bad
	if validOnly {
		good = make([]roster.Row, 0, len(rows))
	}
	for _, r := range rows {
		n := r.NIP.String()
		id, key := match.Match(r.Unit)
		switch {
		case key != "":
			p.problems = append(p.problems, roster.Problem{Line: r.Line, Column: "Unit Kerja", Key: key, NIP: n, Args: map[string]any{"Value": r.Unit}})
		case elsewhere[n]:
			p.problems = append(p.problems, roster.Problem{Line: r.Line, Column: "NIP", Key: "roster.nip.other_tenant", NIP: n})
		default:
			unitOf[n] = id
			if validOnly {
				good = append(good, r)
			}
			continue
		}
		skipped[n] = true
	}
	if !validOnly {
		good = rows
	}
	ordered, linkProblems := roster.LinkSuperiors(good, skipped, validOnly)
	p.problems = append(p.problems, linkProblems...)
	if len(p.problems) > 0 && !validOnly {
		return p, nil
	}
	p.rows = ordered
	p.units = make([]int64, len(ordered))
	for i, r := range ordered {
		p.units[i] = unitOf[r.NIP.String()]
	}
	return p, nil
}

// loadRoster reads the tenant's whole roster, which an import compares
// row by row.
func (s *Store) loadRoster(ctx context.Context, tx *sql.Tx, tenantID int64, into map[string]*current) error {
	rs, err := tx.QueryContext(ctx, `SELECT id, nip, name, status, rank, position, position_kind, functional_level,
		echelon, unit_id, COALESCE(superior_id, 0), state FROM employees WHERE tenant_id = $1`, tenantID)
	if err != nil {
		return apperr.Wrap(err, "load roster")
	}
	defer rs.Close()
	for rs.Next() {
		c := &current{}
		var status, kind, state string
		if err := rs.Scan(&c.ID, &c.NIP, &c.Name, &status, &c.Rank, &c.Position, &kind, &c.Level,
			&c.Echelon, &c.UnitID, &c.SuperiorID, &state); err != nil {
			return err
		}
		c.Status, c.Kind, c.State = roster.Status(status), roster.PositionKind(kind), roster.State(state)
		into[c.NIP] = c
	}
	return rs.Err()
}

// nipsElsewhere returns the NIPs of rows new to this tenant that another
// tenant still has on its roster.
func (s *Store) nipsElsewhere(ctx context.Context, tx *sql.Tx, tenantID int64, rows []roster.Row, existing map[string]*current) (map[string]bool, error) {
	var fresh []string
	for _, r := range rows {
		if existing[r.NIP.String()] == nil {
			fresh = append(fresh, r.NIP.String())
		}
	}
	out := map[string]bool{}
	for start := 0; start < len(fresh); start += 1000 {
		chunk := fresh[start:min(start+1000, len(fresh))]
		args := make([]any, 0, len(chunk)+1)
		for _, n := range chunk {
			args = append(args, n)
		}
		args = append(args, tenantID)
		rs, err := tx.QueryContext(ctx, `SELECT nip FROM employees WHERE nip IN (`+s.db.Params(1, len(chunk))+`)
			AND tenant_id <> `+s.db.Params(len(chunk)+1, 1)+` AND state <> 'left'`, args...)
		if err != nil {
			return nil, apperr.Wrap(err, "nips elsewhere")
		}
		for rs.Next() {
			var n string
			if err := rs.Scan(&n); err != nil {
				rs.Close()
				return nil, err
			}
			out[n] = true
		}
		rs.Close()
		if err := rs.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// writeImport writes a checked plan and records the import.
func (s *Store) writeImport(ctx context.Context, tx *sql.Tx, a Actor, res *roster.Import, p importPlan, problems []roster.Problem, progress func(int, int)) error {
	now := s.Now()
	res.CreatedAt = now
	if err := tx.QueryRowContext(ctx, `INSERT INTO employee_imports (tenant_id, actor_id, rows_read, added, changed, unchanged, left_roster, skipped, created_at)
		VALUES ($1, $2, 0, 0, 0, 0, 0, 0, $3) RETURNING id`, res.TenantID, nullID(a.UserID), now).Scan(&res.ID); err != nil {
		return apperr.Wrap(err, "insert import")
	}
	ids := make(map[string]int64, len(p.existing)+len(p.rows))
	for n, c := range p.existing {
		ids[n] = c.ID
	}
	var leaving []*current
	if !res.LeftUnknown {
		skipped := map[string]bool{}
		for _, pr := range problems {
			skipped[pr.NIP] = true
		}
		inFile := make(map[string]bool, len(p.rows))
		for _, r := range p.rows {
			inFile[r.NIP.String()] = true
		}
		for n, c := range p.existing {
			if !inFile[n] && c.State != roster.Left && !skipped[n] {
				leaving = append(leaving, c)
			}
		}
	}
	total := len(p.rows) + len(leaving)
	res.Read = len(p.rows)
	w := importWriter{s: s, tx: tx, importID: res.ID, tenantID: res.TenantID, now: now}
	for start := 0; start < len(p.rows); {
		// A batch never holds a row and its superior's first appearance:
		// rows come superiors first, and a batch ends where a superior
		// not yet written is needed.
		end := start
		var added, changed []roster.Employee
		var changedPos []bool
		var stateMoved []int64 // changed employees whose state is another
		for end < len(p.rows) && len(added)+len(changed) < employeeBatch {
			r := p.rows[end]
			supID := int64(0)
			if r.SuperiorNIP != "" {
				var ok bool
				if supID, ok = ids[r.SuperiorNIP]; !ok {
					break // written in the next batch, once the superior has an ID
				}
			}
			e := rowEmployee(r, p.units[end], supID)
			c := p.existing[e.NIP]
			switch {
			case c == nil:
				res.Added++
				added = append(added, e)
			case c.Name != e.Name || !c.SamePosition(e):
				res.Changed++
				e.ID = c.ID
				changed, changedPos = append(changed, e), append(changedPos, !c.SamePosition(e))
				if c.State != e.State {
					stateMoved = append(stateMoved, c.ID)
				}
			default:
				res.Unchanged++
			}
			end++
		}
		if end == start {
			return apperr.Wrap(errors.New("a superior was not written before its subordinate"), "import")
		}
		if err := w.insert(ctx, added, ids); err != nil {
			return err
		}
		if err := w.update(ctx, changed, changedPos, stateMoved); err != nil {
			return err
		}
		start = end
		if progress != nil {
			progress(start, total)
		}
	}
	for start := 0; start < len(leaving); start += employeeBatch {
		chunk := leaving[start:min(start+employeeBatch, len(leaving))]
		if err := w.markLeft(ctx, chunk); err != nil {
			return err
		}
		res.Left += len(chunk)
		if progress != nil {
			progress(len(p.rows)+start+len(chunk), total)
		}
	}
	if _, err := tx.ExecContext(ctx, `UPDATE employee_imports SET rows_read = $2, added = $3, changed = $4, unchanged = $5, left_roster = $6, skipped = $7
		WHERE id = $1`, res.ID, res.Read, res.Added, res.Changed, res.Unchanged, res.Left, res.Skipped); err != nil {
		return apperr.Wrap(err, "update import")
	}
	if err := s.refreshStaffCount(ctx, tx, res.TenantID); err != nil {
		return err
	}
	if err := s.analyzeAfterImport(ctx, tx, res.Added); err != nil {
		return err
	}
	return s.audit(ctx, tx, res.TenantID, a, "employees.import", "employee_import", strconv.FormatInt(res.ID, 10))
}

func rowEmployee(r roster.Row, unitID, superiorID int64) roster.Employee {
	return roster.Employee{NIP: r.NIP.String(), Name: r.Name, Status: r.Status, Rank: r.Rank, Position: r.Position,
		Kind: r.Kind, Level: r.Level, Echelon: r.Echelon, UnitID: unitID, SuperiorID: superiorID, State: r.State}
}

// importWriter writes the batches of one import.
type importWriter struct {
	s        *Store
	tx       *sql.Tx
	importID int64
	tenantID int64
	now      time.Time
}

const employeeInsertCols = `tenant_id, nip, name, search_name, status, rank, position, position_kind, functional_level, echelon, unit_id, superior_id, state, created_at, updated_at`

// insert writes employees new to the tenant, learns their IDs, and gives
// each its first history row.
func (w importWriter) insert(ctx context.Context, batch []roster.Employee, ids map[string]int64) error {
	if len(batch) == 0 {
		return nil
	}
	args := make([]any, 0, len(batch)*15)
	for _, e := range batch {
		args = append(args, w.tenantID, e.NIP, e.Name, roster.SearchName(e.Name), string(e.Status), e.Rank, e.Position, string(e.Kind),
			e.Level, e.Echelon, e.UnitID, nullID(e.SuperiorID), string(e.State), w.now, w.now)
	}
	rs, err := w.tx.QueryContext(ctx, `INSERT INTO employees (`+employeeInsertCols+`) VALUES `+w.s.db.Rows(len(batch), 15)+`
		RETURNING id, nip`, args...)
	if err != nil {
		return apperr.Wrap(err, "insert employees")
	}
	for rs.Next() {
		var id int64
		var n string
		if err := rs.Scan(&id, &n); err != nil {
			rs.Close()
			return err
		}
		ids[n] = id
	}
	rs.Close()
	if err := rs.Err(); err != nil {
		return apperr.Wrap(err, "insert employees")
	}
	for i := range batch {
		batch[i].ID = ids[batch[i].NIP]
	}
	return w.history(ctx, batch)
}

// update rewrites changed employees, and adds a history row for each whose
// position changed (a corrected name alone is not a new position). It is
// the insert with the conflict on (tenant_id, nip) turned into an update:
// one statement per batch on both engines. The pledge counts of those
// whose state changes (stateMoved) move with it.
func (w importWriter) update(ctx context.Context, batch []roster.Employee, changedPos []bool, stateMoved []int64) error {
	if len(batch) == 0 {
		return nil
	}
	args := make([]any, 0, len(batch)*15)
	for _, e := range batch {
		args = append(args, w.tenantID, e.NIP, e.Name, roster.SearchName(e.Name), string(e.Status), e.Rank, e.Position, string(e.Kind),
			e.Level, e.Echelon, e.UnitID, nullID(e.SuperiorID), string(e.State), w.now, w.now)
	}
	// Pledge counts follow the state (nothing else of an employee moves
	// them): taken out here, put back below as it now is.
	if err := w.s.lockEmployees(ctx, w.tx, w.tenantID, stateMoved); err != nil {
		return err
	}
	if err := w.s.movePledgeCounts(ctx, w.tx, w.tenantID, stateMoved, -1); err != nil {
		return err
	}
	q := `INSERT INTO employees (` + employeeInsertCols + `) VALUES ` + w.s.db.Rows(len(batch), 15) + `
		ON CONFLICT (tenant_id, nip) DO UPDATE SET name = excluded.name, search_name = excluded.search_name,
		status = excluded.status, rank = excluded.rank, position = excluded.position, position_kind = excluded.position_kind,
		functional_level = excluded.functional_level, echelon = excluded.echelon, unit_id = excluded.unit_id,
		superior_id = excluded.superior_id, state = excluded.state, updated_at = excluded.updated_at`
	if _, err := w.tx.ExecContext(ctx, q, args...); err != nil {
		return apperr.Wrap(err, "update employees")
	}
	var history []roster.Employee
	for i, e := range batch {
		if changedPos[i] {
			history = append(history, e)
		}
	}
	if err := w.history(ctx, history); err != nil {
		return err
	}
	if err := w.s.movePledgeCounts(ctx, w.tx, w.tenantID, stateMoved, 1); err != nil {
		return err
	}
	// A changed unit moves the reports about them from before their
	// first history row; a new history row may move others.
	ids := make([]int64, len(batch))
	for i, e := range batch {
		ids[i] = e.ID
	}
	return w.s.refreshEmployeeFacts(ctx, w.tx, w.tenantID, ids)
}

// markLeft marks employees as no longer on the roster.
func (w importWriter) markLeft(ctx context.Context, chunk []*current) error {
	args := make([]any, 0, len(chunk)+1)
	args = append(args, w.now)
	history := make([]roster.Employee, 0, len(chunk))
	ids := make([]int64, len(chunk))
	for i, c := range chunk {
		args = append(args, c.ID)
		e := c.Employee
		e.State = roster.Left
		history = append(history, e)
		ids[i] = c.ID
	}
	// Whoever leaves no longer counts among the signers.
	if err := w.s.lockEmployees(ctx, w.tx, w.tenantID, ids); err != nil {
		return err
	}
	if err := w.s.movePledgeCounts(ctx, w.tx, w.tenantID, ids, -1); err != nil {
		return err
	}
	if _, err := w.tx.ExecContext(ctx, `UPDATE employees SET state = 'left', updated_at = `+w.s.db.Params(1, 1)+`
		WHERE id IN (`+w.s.db.Params(2, len(chunk))+`)`, args...); err != nil {
		return apperr.Wrap(err, "mark left")
	}
	if err := w.history(ctx, history); err != nil {
		return err
	}
	return w.s.refreshEmployeeFacts(ctx, w.tx, w.tenantID, ids)
}

const positionCols = `employee_id, import_id, status, rank, position, position_kind, functional_level, echelon, unit_id, superior_id, state, recorded_at`

func (w importWriter) history(ctx context.Context, es []roster.Employee) error {
	if len(es) == 0 {
		return nil
	}
	args := make([]any, 0, len(es)*12)
	for _, e := range es {
		args = append(args, e.ID, w.importID, string(e.Status), e.Rank, e.Position, string(e.Kind), e.Level, e.Echelon,
			e.UnitID, nullID(e.SuperiorID), string(e.State), w.now)
	}
	_, err := w.tx.ExecContext(ctx, `INSERT INTO employee_positions (`+positionCols+`) VALUES `+w.s.db.Rows(len(es), 12), args...)
	return apperr.Wrap(err, "position history")
}

// analyzeAfterImport refreshes PostgreSQL's statistics on employees when an
// import grew the table by a tenth or more, so that the searches after a
// large first import plan with the right sizes. Smaller changes are left to
// autovacuum, which analyzes after the same proportion: running ANALYZE
// for every large tenant of a national roster costs a second each.
func (s *Store) analyzeAfterImport(ctx context.Context, tx *sql.Tx, added int) error {
	if s.db.Engine != db.Postgres || added < 10000 {
		return nil
	}
	var tuples float64
	if err := tx.QueryRowContext(ctx, `SELECT reltuples FROM pg_class WHERE oid = 'employees'::regclass`).Scan(&tuples); err != nil {
		return apperr.Wrap(err, "employees size")
	}
	if float64(added)*10 < tuples {
		return nil
	}
	_, err := tx.ExecContext(ctx, `ANALYZE employees`)
	return apperr.Wrap(err, "analyze employees")
}
