package store

import (
	"context"
	"database/sql"
	"slices"

	"sigap/internal/apperr"
	"sigap/internal/calendar"
	"sigap/internal/discipline"
	"sigap/internal/retention"
)

// PurgeCandidate is one record of the purge preview: when its period ends
// and what, if anything, keeps it.
type PurgeCandidate struct {
	ObjectType string // report, discipline_case, protection_case
	PublicID   string
	Number     string // the case number, for cases
	Kind       retention.Kind
	Ended      calendar.Date // the end of its legal life
	retention.Verdict
	id int64 // the row, for the purge
}

// RetentionPreview lists the tenant's records whose purge date falls
// within days days of today (or has passed), held or not, earliest first:
// what an admin reviews to set a hold before it is too late. Records still
// running are not listed; they have no date yet.
func (s *Store) RetentionPreview(ctx context.Context, tenantID int64, today calendar.Date, days int, cal *calendar.Calendar) ([]PurgeCandidate, error) {
	all, err := s.retentionVerdicts(ctx, tenantID, today, cal)
	if err != nil {
		return nil, err
	}
	out := slices.DeleteFunc(all, func(c PurgeCandidate) bool { return !c.Within(today, days) })
	slices.SortStableFunc(out, func(a, b PurgeCandidate) int {
		if c := a.PurgeOn.DaysUntil(b.PurgeOn); c != 0 {
			return -c
		}
		return compareStrings(a.PublicID, b.PublicID)
	})
	return out, nil
}

func compareStrings(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// dossier links: which records of a tenant belong together. A report
// belongs to the cases opened from it; cases opened from one report are
// linked to each other through it.
type dossier struct {
	reportCases   map[int64][]recordRef // report id → its cases
	caseReports   map[recordRef][]int64 // case → its reports
	holds         map[recordRef][]retention.Block
	running       map[recordRef]bool // cases whose legal life runs or is blocked by a remedy
	duplicateOf   map[int64]int64
	openReports   map[int64]bool
	openDuplicate map[int64]bool // originals with a duplicate still open
}

type recordRef struct {
	typ string
	id  int64
}

// retentionVerdicts decides every closed record of the tenant.
func (s *Store) retentionVerdicts(ctx context.Context, tenantID int64, today calendar.Date, cal *calendar.Calendar) ([]PurgeCandidate, error) {
	out, _, err := s.retentionDossier(ctx, tenantID, today, cal)
	return out, err
}

// retentionDossier decides every closed record of the tenant not yet
// purged, and returns the links between them the decisions were made on.
func (s *Store) retentionDossier(ctx context.Context, tenantID int64, today calendar.Date, cal *calendar.Calendar) ([]PurgeCandidate, *dossier, error) {
	rules, err := s.RetentionRules(ctx, tenantID)
	if err != nil {
		return nil, nil, err
	}
	d, err := s.loadDossier(ctx, tenantID)
	if err != nil {
		return nil, nil, err
	}
	settings, err := s.procedureSettings(ctx, s.db.R, tenantID)
	if err != nil {
		return nil, nil, err
	}
	p := settings.Procedure().Replay()

	var out []PurgeCandidate
	// Discipline cases first: whether each runs decides the linked records.
	type closedCase struct {
		ref           recordRef
		publicID, num string
		ended         calendar.Date
		block         retention.Block
	}
	var cases []closedCase
	err = s.eachRow(ctx, `SELECT id, public_id, number, status FROM discipline_cases WHERE tenant_id = $1 AND purged_at IS NULL`, []any{tenantID}, func(rows *sql.Rows) error {
		var c closedCase
		var status string
		c.ref.typ = "discipline_case"
		if err := rows.Scan(&c.ref.id, &c.publicID, &c.num, &status); err != nil {
			return err
		}
		if status != "closed" {
			d.running[c.ref] = true
			return nil
		}
		cases = append(cases, c)
		return nil
	})
	if err != nil {
		return nil, nil, apperr.Wrap(err, "retention cases")
	}
	steps, err := s.closedCaseSteps(ctx, tenantID)
	if err != nil {
		return nil, nil, err
	}
	for i := range cases {
		c := &cases[i]
		state := &discipline.Case{Stage: discipline.StageOpen}
		var dismissed calendar.Date
		for _, st := range steps[c.ref.id] {
			if err := applyStep(p, state, cal, st); err != nil {
				return nil, nil, apperr.Wrap(err, "replay case")
			}
			if st.Kind == "dismiss" {
				dismissed = st.Day1
				if dismissed.IsZero() {
					dismissed = calendar.DateOf(st.CreatedAt, wib)
				}
			}
		}
		c.ended, c.block = retention.DisciplineEnd(p, state, cal, dismissed, today)
		if c.block != "" {
			d.running[c.ref] = true
		}
	}
	for _, c := range cases {
		life := retention.Life{Kind: retention.DisciplineCase, Ended: c.ended}
		if c.block != "" {
			life.Blocks = append(life.Blocks, c.block)
		}
		life.Blocks = append(life.Blocks, d.blocksOf(c.ref)...)
		out = append(out, PurgeCandidate{ObjectType: "discipline_case", PublicID: c.publicID, Number: c.num, Kind: retention.DisciplineCase,
			Ended: c.ended, Verdict: retention.Decide(rules, life), id: c.ref.id})
	}

	// Protection cases, ended the day they were closed.
	err = s.eachRow(ctx, `SELECT id, public_id, number, closed_at FROM protection_cases WHERE tenant_id = $1 AND status = 'closed' AND purged_at IS NULL`, []any{tenantID}, func(rows *sql.Rows) error {
		ref := recordRef{typ: "protection_case"}
		var publicID, num string
		var closed sql.NullTime
		if err := rows.Scan(&ref.id, &publicID, &num, &closed); err != nil {
			return err
		}
		life := retention.Life{Kind: retention.ProtectionCase, Blocks: d.blocksOf(ref)}
		if closed.Valid {
			life.Ended = calendar.DateOf(closed.Time, wib)
		}
		out = append(out, PurgeCandidate{ObjectType: "protection_case", PublicID: publicID, Number: num, Kind: retention.ProtectionCase,
			Ended: life.Ended, Verdict: retention.Decide(rules, life), id: ref.id})
		return nil
	})
	if err != nil {
		return nil, nil, apperr.Wrap(err, "retention protection cases")
	}

	// Reports closed with no case: rejected or referred away. A report with
	// a case goes with its cases.
	err = s.eachRow(ctx, `SELECT id, public_id, closed_at FROM reports WHERE tenant_id = $1 AND status = 'closed' AND purged_at IS NULL`, []any{tenantID}, func(rows *sql.Rows) error {
		var id int64
		var publicID string
		var closed sql.NullTime
		if err := rows.Scan(&id, &publicID, &closed); err != nil {
			return err
		}
		if len(d.reportCases[id]) > 0 {
			return nil
		}
		ref := recordRef{typ: "report", id: id}
		life := retention.Life{Kind: retention.RejectedReport, Blocks: d.holds[ref]}
		if closed.Valid {
			life.Ended = calendar.DateOf(closed.Time, wib)
		}
		// A merged duplicate goes with its original, and the original with
		// its duplicates: either still open keeps both.
		if orig, ok := d.duplicateOf[id]; ok && d.openReports[orig] {
			life.Blocks = append(life.Blocks, retention.LinkedOpen)
		}
		if d.openDuplicate[id] {
			life.Blocks = append(life.Blocks, retention.LinkedOpen)
		}
		out = append(out, PurgeCandidate{ObjectType: "report", PublicID: publicID, Kind: retention.RejectedReport,
			Ended: life.Ended, Verdict: retention.Decide(rules, life), id: id})
		return nil
	})
	return out, d, apperr.Wrap(err, "retention reports")
}

// blocksOf gives what keeps a case beyond its own state: holds on it or on
// any of its reports, and any other case of those reports still running.
func (d *dossier) blocksOf(ref recordRef) []retention.Block {
	blocks := slices.Clone(d.holds[ref])
	for _, r := range d.caseReports[ref] {
		blocks = append(blocks, d.holds[recordRef{"report", r}]...)
		for _, other := range d.reportCases[r] {
			if other == ref {
				continue
			}
			if d.running[other] {
				blocks = append(blocks, retention.LinkedOpen)
			}
			blocks = append(blocks, d.holds[other]...)
		}
	}
	return blocks
}

// loadDossier reads the links between the tenant's reports and cases, the
// holds in force and which protection cases are open.
func (s *Store) loadDossier(ctx context.Context, tenantID int64) (*dossier, error) {
	d := &dossier{reportCases: map[int64][]recordRef{}, caseReports: map[recordRef][]int64{}, holds: map[recordRef][]retention.Block{},
		running: map[recordRef]bool{}, duplicateOf: map[int64]int64{}, openReports: map[int64]bool{}, openDuplicate: map[int64]bool{}}
	link := func(report int64, c recordRef) {
		if !slices.Contains(d.reportCases[report], c) {
			d.reportCases[report] = append(d.reportCases[report], c)
			d.caseReports[c] = append(d.caseReports[c], report)
		}
	}
	err := s.eachRow(ctx, `SELECT report_id, case_id FROM discipline_case_reports WHERE case_id IN (SELECT id FROM discipline_cases WHERE tenant_id = $1)`,
		[]any{tenantID}, func(rows *sql.Rows) error {
			var r, c int64
			if err := rows.Scan(&r, &c); err != nil {
				return err
			}
			link(r, recordRef{"discipline_case", c})
			return nil
		})
	if err != nil {
		return nil, apperr.Wrap(err, "retention links")
	}
	err = s.eachRow(ctx, `SELECT id, report_id, status FROM protection_cases WHERE tenant_id = $1`, []any{tenantID}, func(rows *sql.Rows) error {
		var c int64
		var r sql.NullInt64
		var status string
		if err := rows.Scan(&c, &r, &status); err != nil {
			return err
		}
		ref := recordRef{"protection_case", c}
		d.running[ref] = status != "closed"
		if r.Valid {
			link(r.Int64, ref)
		}
		return nil
	})
	if err != nil {
		return nil, apperr.Wrap(err, "retention links")
	}
	err = s.eachRow(ctx, `SELECT object_type, object_id, kind FROM legal_holds WHERE tenant_id = $1 AND released_at IS NULL`, []any{tenantID}, func(rows *sql.Rows) error {
		var ref recordRef
		var kind string
		if err := rows.Scan(&ref.typ, &ref.id, &kind); err != nil {
			return err
		}
		b := retention.Held
		if kind == "court" {
			b = retention.Court
		}
		d.holds[ref] = append(d.holds[ref], b)
		return nil
	})
	if err != nil {
		return nil, apperr.Wrap(err, "retention holds")
	}
	err = s.eachRow(ctx, `SELECT id, duplicate_of, status FROM reports WHERE tenant_id = $1 AND (duplicate_of IS NOT NULL OR status <> 'closed')`, []any{tenantID}, func(rows *sql.Rows) error {
		var id int64
		var orig sql.NullInt64
		var status string
		if err := rows.Scan(&id, &orig, &status); err != nil {
			return err
		}
		if orig.Valid {
			d.duplicateOf[id] = orig.Int64
		}
		d.openReports[id] = status != "closed"
		if orig.Valid && status != "closed" {
			d.openDuplicate[orig.Int64] = true
		}
		return nil
	})
	return d, apperr.Wrap(err, "retention duplicates")
}

// WatchRetention tells the tenant's admins and auditors when records
// newly fall due for destruction within days days: once per record and
// purge date, so a record is announced again only when its date moves
// (a hold released, a period changed). It returns how many records were
// announced.
func (s *Store) WatchRetention(ctx context.Context, tenantID int64, today calendar.Date, days int, cal *calendar.Calendar) (int, error) {
	list, err := s.RetentionPreview(ctx, tenantID, today, days, cal)
	if err != nil {
		return 0, err
	}
	var fresh int
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		fresh = 0
		for _, c := range list {
			if len(c.Blocks) > 0 {
				continue // nothing will go while it is kept
			}
			res, err := tx.ExecContext(ctx, `INSERT INTO retention_reminders (tenant_id, object_type, public_id, purge_on, sent_at) VALUES ($1, $2, $3, $4, $5)
				ON CONFLICT DO NOTHING`, tenantID, c.ObjectType, c.PublicID, c.PurgeOn, s.Now())
			if err != nil {
				return apperr.Wrap(err, "retention reminder")
			}
			if n, _ := res.RowsAffected(); n > 0 {
				fresh++
			}
		}
		if fresh == 0 {
			return nil
		}
		for _, role := range []string{"admin", "auditor"} {
			if err := s.notifyRole(ctx, tx, tenantID, role, "retention.due_soon", "retention", today.String()); err != nil {
				return err
			}
		}
		return nil
	})
	return fresh, err
}

// closedCaseSteps reads the steps of all the tenant's closed discipline
// cases in one query, by case and in order: the preview replays every one
// of them, and a query per case would cost a round trip each.
func (s *Store) closedCaseSteps(ctx context.Context, tenantID int64) (map[int64][]Step, error) {
	out := map[int64][]Step{}
	err := s.eachRow(ctx, `SELECT st.case_id, st.id, st.kind, st.day1, st.day2, st.sanction, st.outcome, st.basis, st.created_at
		FROM discipline_steps st JOIN discipline_cases dc ON dc.id = st.case_id
		WHERE dc.tenant_id = $1 AND dc.status = 'closed' AND dc.purged_at IS NULL ORDER BY st.case_id, st.id`, []any{tenantID}, func(rows *sql.Rows) error {
		var caseID int64
		var st Step
		var sanction string
		if err := rows.Scan(&caseID, &st.ID, &st.Kind, &st.Day1, &st.Day2, &sanction, &st.Outcome, &st.Basis, &st.CreatedAt); err != nil {
			return err
		}
		st.Sanction = discipline.Sanction(sanction)
		out[caseID] = append(out[caseID], st)
		return nil
	})
	return out, apperr.Wrap(err, "retention steps")
}
