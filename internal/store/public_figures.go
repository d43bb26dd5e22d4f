package store

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"time"

	"sigap/internal/apperr"
	"sigap/internal/calendar"
	"sigap/internal/discipline"
)

// What became of a report, as the public figures count it: each report
// of the year is in exactly one of these, so that they make a table with
// the year's total. A report that led to several discipline cases counts
// by the heaviest sanction still standing among them.
const (
	FateOpen   = "open"   // no discipline case; still being handled
	FateClosed = "closed" // no discipline case; closed (rejected, referred, protection only…)
	FateCase   = "case"   // a discipline case, not (or not yet) decided with a sanction that stands
	FateRingan = "ringan" // substantiated: a minor sanction
	FateSedang = "sedang" // substantiated: a moderate sanction
	FateBerat  = "berat"  // substantiated: a severe sanction
	noFate     = ""       // no discipline case came of the report
)

// quartersYear is the number of quarters in a year.
const quartersYear = 4

// Fates lists the fates in the order the page shows them.
var Fates = []string{FateOpen, FateClosed, FateCase, FateRingan, FateSedang, FateBerat}

// PublicFigures are a government's raw counts for one calendar year (in
// WIB) of the public figures page, before any is hidden. Reports are
// those made in the year, duplicates counted once (the report they were
// merged into); what became of them is as of now.
type PublicFigures struct {
	Year       int
	Reports    int
	ByCategory map[string]int // by category code
	ByQuarter  [quartersYear]int
	ByDistrict map[string]int // by district (kecamatan) code; "" for none stated
	ByFate     map[string]int // by the Fate constants
	// Offices is the number of active top-level offices now; OfficesHeld
	// how many of them held guidance (a session with someone present or
	// late) in each quarter of the year.
	Offices     int
	OfficesHeld [quartersYear]int
	// Staff is the active employees now; Signed those of them with a
	// current signature (from the renewal cutoff) of the newest pledge
	// version. HasPledge is false when the government has no pledge.
	Staff, Signed int
	HasPledge     bool
}

// ReportYears returns the first calendar year (WIB) a report (not a
// duplicate) of the tenant was made in; 0 when there is none.
func (s *Store) ReportYears(ctx context.Context, tenantID int64) (int, error) {
	var first time.Time
	err := s.db.Stats.QueryRowContext(ctx, `SELECT created_at FROM reports WHERE tenant_id = $1 AND duplicate_of IS NULL
		ORDER BY created_at LIMIT 1`, tenantID).Scan(&first)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, apperr.Wrap(err, "report years")
	}
	return first.In(wib).Year(), nil
}

// PublicFigures counts a tenant's reports, their fates and its prevention
// coverage for year. Signatures count from pledgeCutoff.
func (s *Store) PublicFigures(ctx context.Context, tenantID int64, year int, pledgeCutoff time.Time) (PublicFigures, error) {
	f := PublicFigures{Year: year, ByCategory: map[string]int{}, ByDistrict: map[string]int{}, ByFate: map[string]int{}}
	// In UTC: SQLite compares the stored text, which is UTC.
	from, until := time.Date(year, 1, 1, 0, 0, 0, 0, wib).UTC(), time.Date(year+1, 1, 1, 0, 0, 0, 0, wib).UTC()

	// The year's reports: kind, quarter, district, and whether closed.
	closed := map[int64]bool{}
	err := s.eachRow(ctx, `SELECT id, category, district_code, created_at, status FROM reports
		WHERE tenant_id = $1 AND duplicate_of IS NULL AND created_at >= $2 AND created_at < $3`,
		[]any{tenantID, from, until}, func(r *sql.Rows) error {
			var id int64
			var category, district, status string
			var at time.Time
			if err := r.Scan(&id, &category, &district, &at, &status); err != nil {
				return err
			}
			f.Reports++
			f.ByCategory[category]++
			f.ByDistrict[district]++
			f.ByQuarter[quarterOf(at.In(wib).Month())]++
			closed[id] = status == "closed"
			return nil
		})
	if err != nil {
		return f, apperr.Wrap(err, "figures reports")
	}

	// The discipline cases they (or a duplicate merged into them) led to,
	// each with the sanction standing: the last one a decision or a
	// remedy set. A revoked case stands for nothing.
	fate := map[int64]string{}
	err = s.eachRow(ctx, `SELECT o.id, c.stage,
		EXISTS (SELECT 1 FROM discipline_steps d WHERE d.case_id = c.id AND d.kind = 'decide' AND d.sanction <> ''),
		COALESCE((SELECT d.sanction FROM discipline_steps d WHERE d.case_id = c.id AND d.kind IN ('decide','resolve') AND d.sanction <> ''
			ORDER BY d.id DESC LIMIT 1), '')
		FROM discipline_case_reports cr JOIN reports r ON r.id = cr.report_id JOIN discipline_cases c ON c.id = cr.case_id
		JOIN reports o ON o.id = COALESCE(r.duplicate_of, r.id)
		WHERE o.tenant_id = $1 AND o.duplicate_of IS NULL AND o.created_at >= $2 AND o.created_at < $3`,
		[]any{tenantID, from, until}, func(r *sql.Rows) error {
			var id int64
			var stage, sanction string
			var decided bool
			if err := r.Scan(&id, &stage, &decided, &sanction); err != nil {
				return err
			}
			this := FateCase
			if l := discipline.Sanction(sanction).Level(); decided && stage != string(discipline.StageRevoked) && l.Valid() {
				this = string(l)
			}
			if heavier(this, fate[id]) {
				fate[id] = this
			}
			return nil
		})
	if err != nil {
		return f, apperr.Wrap(err, "figures cases")
	}
	for id, c := range closed {
		switch {
		case fate[id] != noFate:
			f.ByFate[fate[id]]++
		case c:
			f.ByFate[FateClosed]++
		default:
			f.ByFate[FateOpen]++
		}
	}

	// Prevention: the top-level offices that held guidance each quarter.
	units, err := s.Units(ctx, tenantID, true)
	if err != nil {
		return f, err
	}
	top := newOfficeTree(units).top
	active := map[int64]bool{}
	for _, u := range units {
		if u.ParentID == 0 && !u.Archived {
			active[u.ID] = true
		}
	}
	f.Offices = len(active)
	held := [quartersYear]map[int64]bool{}
	err = s.eachRow(ctx, `SELECT DISTINCT g.unit_id, g.held_on FROM guidance_sessions g
		WHERE g.tenant_id = $1 AND g.cancelled = $2 AND g.held_on >= $3 AND g.held_on <= $4 AND g.unit_id IS NOT NULL
		AND EXISTS (SELECT 1 FROM guidance_attendance a WHERE a.session_id = g.id AND a.status IN ('present','late'))`,
		[]any{tenantID, false, calendar.NewDate(year, 1, 1), calendar.NewDate(year, 12, 31)}, func(r *sql.Rows) error {
			var unit int64
			var on calendar.Date
			if err := r.Scan(&unit, &on); err != nil {
				return err
			}
			if o := top(unit); active[o] {
				q := quarterOf(on.Month())
				if held[q] == nil {
					held[q] = map[int64]bool{}
				}
				held[q][o] = true
			}
			return nil
		})
	if err != nil {
		return f, apperr.Wrap(err, "figures guidance")
	}
	for q := range held {
		f.OfficesHeld[q] = len(held[q])
	}

	// Pledges: today's staff with a current signature of the newest version.
	if err := s.db.Stats.QueryRowContext(ctx, `SELECT COUNT(*) FROM employees WHERE tenant_id = $1 AND state = 'active'`, tenantID).Scan(&f.Staff); err != nil {
		return f, apperr.Wrap(err, "figures staff")
	}
	versions, err := s.PledgeVersions(ctx, tenantID)
	if err != nil || len(versions) == 0 {
		return f, err
	}
	f.HasPledge = true
	err = s.db.Stats.QueryRowContext(ctx, `SELECT COUNT(DISTINCT p.employee_id) FROM pledge_signatures p JOIN employees e ON e.id = p.employee_id
		WHERE p.tenant_id = $1 AND p.version_id = $2 AND p.signed_at >= $3 AND e.state = 'active'`,
		tenantID, versions[0].ID, pledgeCutoff).Scan(&f.Signed)
	return f, apperr.Wrap(err, "figures pledges")
}

// quarterOf is the quarter (0 to 3) a month is in.
func quarterOf(m time.Month) int { return (int(m) - 1) / 3 }

// heavier reports whether fate a outweighs b: any sanction outweighs a
// case without one, which outweighs no case.
func heavier(a, b string) bool {
	rank := func(f string) int {
		return slices.Index([]string{noFate, FateCase, FateRingan, FateSedang, FateBerat}, f)
	}
	return rank(a) > rank(b)
}
