package store

import (
	"context"
	"database/sql"
	"sort"
	"strconv"
	"time"

	"sigap/internal/apperr"
	"sigap/internal/calendar"
	"sigap/internal/discipline"
	"sigap/internal/org"
)

// The staff statistics dashboard (/stats): counts of reports and
// discipline cases, and how long the steps took in working days. The
// store counts exactly; what a viewer may see of the counts is decided in
// app.

// StatsFilter chooses the reports and cases counted: those made (opened)
// from From to To (both days included, WIB), about someone who was in
// Office (a top-level office, its sub-offices included) at the time, in
// District, of Category. Zero values choose everything. A case is in a
// district or category through the reports it was opened from.
type StatsFilter struct {
	From, To calendar.Date
	Office   int64
	District string
	Category string
}

// Unplaced is the office key of reports and cases whose person's office
// is not known (no employee named, or an archived office).
const Unplaced = ""

// ReportStats are the counts of the reports the filter chooses.
// Duplicates merged into another report are not counted.
type ReportStats struct {
	Total      int
	ByCategory map[string]int
	ByMonth    map[string]int // "2026-03"
	ByDistrict map[string]int // region code; "" when none given
	ByOffice   map[string]int // top-level office id; Unplaced
	ByStatus   map[string]int
	ByChannel  map[string]int
	ByMode     map[string]int
	// MonthCategory counts by month and category together, MonthDistrict
	// by month and district.
	MonthCategory map[[2]string]int
	MonthDistrict map[[2]string]int
	// FirstResponse and Closing are the working days from the report to
	// the desk's first answer to the reporter, and to its closing, of the
	// reports that have one.
	FirstResponse, Closing []int
	// AnonAnswered anonymous reports had an answer from the desk; of
	// them, AnonReturned had the reporter write again after it.
	AnonAnswered, AnonReturned int
}

// CaseStats are the counts of the discipline cases the filter chooses.
type CaseStats struct {
	Total int
	// ByCode counts cases by each violation they allege (a case with two
	// charges counts under both); ByLevel by the level of the heaviest
	// charge ("" when no charge or none determined).
	ByCode, ByLevel map[string]int
	// BySanction counts the sanctions decided; ByOutcome the remedy
	// decisions on objections ("pending" while one waits).
	BySanction, ByOutcome map[string]int
	// ToSummons and ToDecision are working days from the case's opening
	// to its first summons letter and to its decision.
	ToSummons, ToDecision []int
	// Ended cases were decided or dismissed; Substantiated were decided
	// with a sanction that no remedy revoked or annulled.
	Ended, Substantiated int
	// Overdue counts the open cases (opened at any time) whose next step
	// was due before today, by the step due.
	Overdue      map[string]int
	OverdueTotal int
}

// officeTree resolves a unit to its top-level office (OPD).
type officeTree struct {
	parent   map[int64]int64 // 0 for a top-level office
	archived map[int64]bool
}

func newOfficeTree(units []org.Unit) officeTree {
	t := officeTree{parent: make(map[int64]int64, len(units)), archived: make(map[int64]bool, len(units))}
	for _, u := range units {
		t.parent[u.ID] = u.ParentID
		t.archived[u.ID] = u.Archived
	}
	return t
}

func (s *Store) officeTree(ctx context.Context, tenantID int64) (officeTree, error) {
	units, err := s.Units(ctx, tenantID, true)
	return newOfficeTree(units), err
}

// top is the top-level office unit belongs to (unit itself when it is
// one, or unknown). A loop in the tree (refused on writes) stops at
// depth 32.
func (t officeTree) top(unit int64) int64 {
	for range 32 {
		p := t.parent[unit]
		if p == 0 {
			break
		}
		unit = p
	}
	return unit
}

// office is the key of the active top-level office unit belongs to;
// Unplaced for none, an unknown unit or an archived office.
func (t officeTree) office(unit sql.NullInt64) string {
	if !unit.Valid {
		return Unplaced
	}
	if _, ok := t.parent[unit.Int64]; !ok {
		return Unplaced
	}
	top := t.top(unit.Int64)
	if t.archived[top] {
		return Unplaced
	}
	return strconv.FormatInt(top, 10)
}

// officeAt is the unit someone was in at a time: the newest history row
// recorded by then, else the unit they are in now.
func officeAt(who, when string) string {
	return `COALESCE((SELECT p.unit_id FROM employee_positions p WHERE p.employee_id = ` + who + ` AND p.recorded_at <= ` + when + `
		ORDER BY p.recorded_at DESC, p.id DESC LIMIT 1), e.unit_id)`
}

// window turns the filter's days into the times they cover.
func (f StatsFilter) window() (from, until time.Time) {
	return f.From.Time(wib), f.To.AddDays(1).Time(wib)
}

func (f StatsFilter) officeKey() string {
	if f.Office == 0 {
		return ""
	}
	return strconv.FormatInt(f.Office, 10)
}

func monthKey(d calendar.Date) string {
	return strconv.Itoa(d.Year()) + "-" + twoDigits(int(d.Month()))
}

func twoDigits(n int) string {
	if n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}

// reportStatsRaw counts the tenant's reports the filter chooses from the
// reports themselves; cal counts the working days. ReportStats gives the
// same from report_facts; this is the reference the tests hold it to.
func (s *Store) reportStatsRaw(ctx context.Context, tenantID int64, f StatsFilter, cal *calendar.Calendar) (ReportStats, error) {
	v := ReportStats{ByCategory: map[string]int{}, ByMonth: map[string]int{}, ByDistrict: map[string]int{}, ByOffice: map[string]int{},
		ByStatus: map[string]int{}, ByChannel: map[string]int{}, ByMode: map[string]int{}, MonthCategory: map[[2]string]int{},
		MonthDistrict: map[[2]string]int{}}
	tree, err := s.officeTree(ctx, tenantID)
	if err != nil {
		return v, err
	}
	from, until := f.window()
	args := []any{tenantID, from, until}
	more, args := f.reportWhere(args)
	where := ` WHERE r.tenant_id = $1 AND r.duplicate_of IS NULL AND r.created_at >= $2 AND r.created_at < $3` + more
	// Each report's office is where its person was at the time, from
	// their history, looked up in Go after the rows (a lookup per row in
	// SQL cost more than the rest of the count). Without an office chosen,
	// every other breakdown is counted as the rows come and only the
	// office waits; with one, the reports about someone wait for it.
	type reportRow struct {
		cat, channel, status, mode, district string
		created                              time.Time
		followed, closed                     sql.NullTime
		employee                             sql.NullInt64
		returned                             int
	}
	type placed struct {
		employee int64
		created  time.Time
	}
	want := f.officeKey()
	count := func(x *reportRow) {
		day := calendar.DateOf(x.created, wib)
		month := monthKey(day)
		v.Total++
		v.ByCategory[x.cat]++
		v.ByMonth[month]++
		v.ByDistrict[x.district]++
		v.ByStatus[x.status]++
		v.ByChannel[x.channel]++
		v.ByMode[x.mode]++
		v.MonthCategory[[2]string{month, x.cat}]++
		v.MonthDistrict[[2]string{month, x.district}]++
		if x.followed.Valid {
			v.FirstResponse = append(v.FirstResponse, max(0, cal.WorkingDaysBetween(day, calendar.DateOf(x.followed.Time, wib))))
			if x.mode == "anonymous" {
				v.AnonAnswered++
				v.AnonReturned += x.returned
			}
		}
		if x.closed.Valid {
			v.Closing = append(v.Closing, max(0, cal.WorkingDaysBetween(day, calendar.DateOf(x.closed.Time, wib))))
		}
	}
	var people []placed     // no office chosen: whose office is still to count
	var waiting []reportRow // an office chosen: the reports about someone
	// On SQLite the times come as text, parsed by parseDBTime: a
	// fraction of what its driver spends on each DATETIME value.
	err = s.eachRow(ctx, `SELECT r.category, r.channel, r.status, r.mode, r.district_code, `+s.timeColumn("r.created_at")+`, `+
		s.timeColumn("r.followed_up_at")+`, `+s.timeColumn("r.closed_at")+`, r.employee_id,
		CASE WHEN r.mode = 'anonymous' AND r.followed_up_at IS NOT NULL AND EXISTS (SELECT 1 FROM report_messages m
			WHERE m.report_id = r.id AND m.author = 'reporter' AND m.created_at > r.followed_up_at) THEN 1 ELSE 0 END
		FROM reports r`+where, args, func(rows *sql.Rows) error {
		var x reportRow
		var created, followed, closed dbTime
		if err := rows.Scan(&x.cat, &x.channel, &x.status, &x.mode, &x.district, &created, &followed, &closed, &x.employee, &x.returned); err != nil {
			return err
		}
		if want != "" && !x.employee.Valid {
			return nil // no office, so not the one chosen
		}
		x.created = created.Time
		x.followed = sql.NullTime{Time: followed.Time, Valid: followed.Valid}
		x.closed = sql.NullTime{Time: closed.Time, Valid: closed.Valid}
		switch {
		case want != "":
			waiting = append(waiting, x)
		case x.employee.Valid:
			count(&x)
			people = append(people, placed{x.employee.Int64, x.created})
		default:
			count(&x)
			v.ByOffice[Unplaced]++
		}
		return nil
	})
	if err != nil {
		return v, apperr.Wrap(err, "report stats")
	}
	history, err := s.unitHistory(ctx, `SELECT r.employee_id FROM reports r`+where+` AND r.employee_id IS NOT NULL`, args)
	if err != nil {
		return v, err
	}
	for _, p := range people {
		v.ByOffice[tree.office(history.at(p.employee, p.created))]++
	}
	for i := range waiting {
		x := &waiting[i]
		if of := tree.office(history.at(x.employee.Int64, x.created)); of == want {
			count(x)
			v.ByOffice[of]++
		}
	}
	return v, nil
}

// unitHistory is where some employees were over time: per employee the
// units from their history rows, oldest first, and the unit they are in
// now for a time before their first row.
type unitHistory struct {
	rows map[int64][]unitSince
	now  map[int64]int64
}

type unitSince struct {
	unit  int64
	since time.Time
}

// at is the unit employee was in at t: the newest history row recorded by
// then, else the unit they are in now (officeAt, in Go).
func (h unitHistory) at(employee int64, t time.Time) sql.NullInt64 {
	rows := h.rows[employee]
	i := sort.Search(len(rows), func(i int) bool { return rows[i].since.After(t) })
	if i > 0 {
		return sql.NullInt64{Int64: rows[i-1].unit, Valid: true}
	}
	u, ok := h.now[employee]
	return sql.NullInt64{Int64: u, Valid: ok}
}

// unitHistory reads, in one pass, the history of the employees the query
// people (with its args) names and the unit each is in now.
func (s *Store) unitHistory(ctx context.Context, people string, args []any) (unitHistory, error) {
	h := unitHistory{rows: map[int64][]unitSince{}, now: map[int64]int64{}}
	err := s.eachRow(ctx, `SELECT e.id, e.unit_id, p.unit_id, p.recorded_at FROM employees e
		LEFT JOIN employee_positions p ON p.employee_id = e.id
		WHERE e.id IN (`+people+`) ORDER BY e.id, p.recorded_at, p.id`, args, func(r *sql.Rows) error {
		var id int64
		var now, unit sql.NullInt64
		var at sql.NullTime
		if err := r.Scan(&id, &now, &unit, &at); err != nil {
			return err
		}
		if now.Valid {
			h.now[id] = now.Int64
		}
		if unit.Valid && at.Valid {
			h.rows[id] = append(h.rows[id], unitSince{unit: unit.Int64, since: at.Time})
		}
		return nil
	})
	return h, apperr.Wrap(err, "employees' history")
}

// caseFact is what the counts need of one case.
type caseFact struct {
	opened              calendar.Date
	stage               string
	charges             []discipline.Charge
	summoned, decided   calendar.Date
	sanction            discipline.Sanction
	dismissed, objected bool
	outcome             string
}

// reportWhere is the filter's district and category on reports r, and
// its arguments after args.
func (f StatsFilter) reportWhere(args []any) (string, []any) {
	var where string
	if f.District != "" {
		args = append(args, f.District)
		where += ` AND r.district_code = $` + strconv.Itoa(len(args))
	}
	if f.Category != "" {
		args = append(args, f.Category)
		where += ` AND r.category = $` + strconv.Itoa(len(args))
	}
	return where, args
}

// caseWhere is the filter on discipline_cases c (e joined) and its
// arguments after tenant and window.
func (f StatsFilter) caseWhere(args []any) (string, []any) {
	var where string
	if f.District != "" || f.Category != "" {
		var more string
		more, args = f.reportWhere(args)
		where += ` AND EXISTS (SELECT 1 FROM discipline_case_reports cr JOIN reports r ON r.id = cr.report_id WHERE cr.case_id = c.id` + more + `)`
	}
	return where, args
}

// caseFacts reads what the counts need of the tenant's discipline cases
// the filter chooses (opened in its window), in the order read.
func (s *Store) caseFacts(ctx context.Context, tenantID int64, f StatsFilter, tree officeTree) ([]int64, map[int64]*caseFact, error) {
	from, until := f.window()
	extra, args := f.caseWhere([]any{tenantID, from, until})
	base := ` FROM discipline_cases c LEFT JOIN employees e ON e.id = c.employee_id
		WHERE c.tenant_id = $1 AND c.opened_at >= $2 AND c.opened_at < $3` + extra
	want := f.officeKey()
	facts := map[int64]*caseFact{}
	var order []int64
	err := s.eachRow(ctx, `SELECT c.id, c.opened_at, c.stage, CASE WHEN c.employee_id IS NULL THEN NULL ELSE `+officeAt("c.employee_id", "c.opened_at")+` END`+base,
		args, func(rows *sql.Rows) error {
			var id int64
			var opened time.Time
			var stage string
			var unit sql.NullInt64
			if err := rows.Scan(&id, &opened, &stage, &unit); err != nil {
				return err
			}
			if want != "" && tree.office(unit) != want {
				return nil
			}
			facts[id] = &caseFact{opened: calendar.DateOf(opened, wib), stage: stage}
			order = append(order, id)
			return nil
		})
	if err != nil {
		return nil, nil, apperr.Wrap(err, "case stats")
	}
	if len(facts) > 0 {
		err = s.eachRow(ctx, `SELECT ch.case_id, ch.code, ch.impact, ch.days_absent, ch.days_consecutive FROM discipline_charges ch
			WHERE ch.case_id IN (SELECT c.id`+base+`) ORDER BY ch.id`, args, func(rows *sql.Rows) error {
			var id int64
			var ch discipline.Charge
			if err := rows.Scan(&id, &ch.Code, &ch.Impact, &ch.DaysAbsent, &ch.DaysConsecutive); err != nil {
				return err
			}
			if c := facts[id]; c != nil {
				c.charges = append(c.charges, ch)
			}
			return nil
		})
		if err != nil {
			return nil, nil, apperr.Wrap(err, "case stats charges")
		}
		err = s.eachRow(ctx, `SELECT d.case_id, d.kind, d.day1, d.sanction, d.outcome FROM discipline_steps d
			WHERE d.case_id IN (SELECT c.id`+base+`) ORDER BY d.id`, args, func(rows *sql.Rows) error {
			var id int64
			var kind, sanction, outcome string
			var day1 calendar.Date
			if err := rows.Scan(&id, &kind, &day1, &sanction, &outcome); err != nil {
				return err
			}
			c := facts[id]
			if c == nil {
				return nil
			}
			switch kind {
			case "summon":
				if c.summoned.IsZero() {
					c.summoned = day1
				}
			case "decide":
				if c.decided.IsZero() {
					c.decided, c.sanction = day1, discipline.Sanction(sanction)
				}
			case "dismiss":
				c.dismissed = true
			case "object":
				c.objected = true
			case "resolve":
				c.outcome = outcome
			}
			return nil
		})
		if err != nil {
			return nil, nil, apperr.Wrap(err, "case stats steps")
		}
	}
	return order, facts, nil
}

// caseDims are where one case is counted on the dashboard.
type caseDims struct {
	codes    []string // each violation charged, once
	level    string   // of the heaviest determined charge; "" for none
	decided  bool
	sanction string // decided
	outcome  string // of the objection or appeal; "pending" while it waits; "" for none
}

func (c *caseFact) dims(catalogue *discipline.Catalogue) caseDims {
	var d caseDims
	var findings []discipline.Finding
	seen := map[string]bool{}
	for _, ch := range c.charges {
		if !seen[ch.Code] {
			seen[ch.Code] = true
			d.codes = append(d.codes, ch.Code)
		}
		if fd, err := catalogue.Assess(ch); err == nil && !fd.Undetermined {
			findings = append(findings, fd)
		}
	}
	if h, ok := discipline.Heaviest(findings); ok {
		d.level = string(h.Level)
	}
	if !c.decided.IsZero() {
		d.decided, d.sanction = true, string(c.sanction)
	}
	switch {
	case c.outcome != "":
		d.outcome = c.outcome
	case c.objected:
		d.outcome = "pending"
	}
	return d
}

// CaseStats counts the tenant's discipline cases opened in the filter's
// window (and the overdue ones opened at any time), on today.
func (s *Store) CaseStats(ctx context.Context, tenantID int64, f StatsFilter, cal *calendar.Calendar, today calendar.Date) (CaseStats, error) {
	v := CaseStats{ByCode: map[string]int{}, ByLevel: map[string]int{}, BySanction: map[string]int{}, ByOutcome: map[string]int{}, Overdue: map[string]int{}}
	tree, err := s.officeTree(ctx, tenantID)
	if err != nil {
		return v, err
	}
	order, facts, err := s.caseFacts(ctx, tenantID, f, tree)
	if err != nil {
		return v, err
	}
	want := f.officeKey()
	catalogue := discipline.DefaultCatalogue()
	for _, id := range order {
		c := facts[id]
		v.Total++
		d := c.dims(catalogue)
		for _, code := range d.codes {
			v.ByCode[code]++
		}
		v.ByLevel[d.level]++
		if d.decided {
			v.BySanction[d.sanction]++
			v.ToDecision = append(v.ToDecision, max(0, cal.WorkingDaysBetween(c.opened, c.decided)))
		}
		if !c.summoned.IsZero() {
			v.ToSummons = append(v.ToSummons, max(0, cal.WorkingDaysBetween(c.opened, c.summoned)))
		}
		if d.outcome != "" {
			v.ByOutcome[d.outcome]++
		}
		if !c.decided.IsZero() || c.dismissed {
			v.Ended++
			if !c.decided.IsZero() && c.stage != string(discipline.StageRevoked) && c.outcome != "revoke" && c.outcome != "annul" {
				v.Substantiated++
			}
		}
	}

	// Overdue now: open cases of any age, in the filter's office, district
	// and category.
	extra, args := f.caseWhere([]any{tenantID, today})
	err = s.eachRow(ctx, `SELECT c.due_what, CASE WHEN c.employee_id IS NULL THEN NULL ELSE `+officeAt("c.employee_id", "c.opened_at")+` END
		FROM discipline_cases c LEFT JOIN employees e ON e.id = c.employee_id
		WHERE c.tenant_id = $1 AND c.status = 'open' AND c.due_by IS NOT NULL AND c.due_by < $2`+extra, args, func(rows *sql.Rows) error {
		var what string
		var unit sql.NullInt64
		if err := rows.Scan(&what, &unit); err != nil {
			return err
		}
		if want != "" && tree.office(unit) != want {
			return nil
		}
		v.Overdue[what]++
		v.OverdueTotal++
		return nil
	})
	return v, apperr.Wrap(err, "case stats overdue")
}

// AuditDashboardExport records that the dashboard was exported, with its
// filter and format (desc), never its numbers.
func (s *Store) AuditDashboardExport(ctx context.Context, a Actor, tenantID int64, desc string) error {
	return apperr.Wrap(s.db.Tx(ctx, func(tx *sql.Tx) error {
		return s.audit(ctx, tx, tenantID, a, "statistics.export", "statistics_export", desc)
	}), "audit dashboard export")
}

// AuditQuarterly records that the quarterly report of a quarter
// ("2026-Q4") was made.
func (s *Store) AuditQuarterly(ctx context.Context, a Actor, tenantID int64, quarter string) error {
	return apperr.Wrap(s.db.Tx(ctx, func(tx *sql.Tx) error {
		return s.audit(ctx, tx, tenantID, a, "statistics.quarterly", "statistics_export", quarter)
	}), "audit quarterly report")
}
