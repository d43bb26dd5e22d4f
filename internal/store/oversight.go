package store

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"
	"time"

	"sigap/internal/apperr"
	"sigap/internal/calendar"
	"sigap/internal/org"
	"sigap/internal/pledge"
)

// OversightScope is the region an oversight account watches: a province
// code, or "" for every government; ok is false when none is set.
func (s *Store) OversightScope(ctx context.Context, userID int64) (region string, ok bool, err error) {
	err = s.db.R.QueryRowContext(ctx, `SELECT region_code FROM oversight_scopes WHERE user_id = $1`, userID).Scan(&region)
	if errors.Is(err, sql.ErrNoRows) {
		return "", false, nil
	}
	return region, err == nil, apperr.Wrap(err, "oversight scope")
}

// SetOversightScope records the region an oversight account watches,
// checked by the caller, on the installation's audit chain.
func (s *Store) SetOversightScope(ctx context.Context, a Actor, userID int64, region string) error {
	return apperr.Wrap(s.db.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO oversight_scopes (user_id, region_code, updated_by, updated_at) VALUES ($1, $2, $3, $4)
			ON CONFLICT (user_id) DO UPDATE SET region_code = excluded.region_code, updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
			userID, region, nullID(a.UserID), s.Now()); err != nil {
			return err
		}
		return s.audit(ctx, tx, 0, a, "user.oversight_scope", "user", strconv.FormatInt(userID, 10))
	}), "set oversight scope")
}

// TenantFigures are one government's numbers of a year, as an oversight
// body may see them: counts only, computed inside the government's data.
type TenantFigures struct {
	Tenant org.Tenant
	// Reports received in the year (duplicates once); discipline Cases
	// opened; Substantiated cases, decided with a sanction in the year and
	// not revoked since; protection Victims and ProtectionCases by the
	// incident's month.
	Reports, Cases, Substantiated, Victims, ProtectionCases int
	// Offices is the active top-level offices, OfficesHeld those that held
	// a guidance session in the year (attendance recorded).
	Offices, OfficesHeld int
	// Staff is the active employees, Signed those with a current signature
	// of the newest pledge version.
	Staff, Signed int
	// Least is the government's own threshold for published counts; 0
	// when it has chosen none.
	Least int
	// ByCategory is the year's reports by category (duplicates once),
	// counted from the government's report facts: the counts behind its
	// public figures.
	ByCategory map[string]int
}

// inScope is the condition that tenant t is watched from region scope.
func inScope(args *[]any, scope string) string {
	if scope == "" {
		return "1 = 1"
	}
	*args = append(*args, scope, scope+".%")
	n := len(*args)
	return "(t.code = $" + strconv.Itoa(n-1) + " OR t.code LIKE $" + strconv.Itoa(n) + ")"
}

// OversightFigures returns the figures of year for every government
// watched from scope, by code. Each count is one grouped query over all
// of them; the pledges, whose newest version and renewal period are each
// government's own, one government at a time.
func (s *Store) OversightFigures(ctx context.Context, scope string, year int, today calendar.Date) ([]TenantFigures, error) {
	var tenants []org.Tenant
	all, err := s.Tenants(ctx)
	if err != nil {
		return nil, err
	}
	for _, t := range all {
		if scope == "" || t.Code == scope || strings.HasPrefix(t.Code, scope+".") {
			tenants = append(tenants, t)
		}
	}
	out := make([]TenantFigures, len(tenants))
	at := map[int64]*TenantFigures{}
	for i, t := range tenants {
		out[i] = TenantFigures{Tenant: t, ByCategory: map[string]int{}}
		at[t.ID] = &out[i]
	}
	if len(out) == 0 {
		return out, nil
	}
	first, last := calendar.NewDate(year, time.January, 1), calendar.NewDate(year, time.December, 31)
	from, until := first.Time(wib), last.AddDays(1).Time(wib)
	count := func(q string, args []any, set func(f *TenantFigures, n int)) error {
		return s.eachRow(ctx, q, args, func(r *sql.Rows) error {
			var id int64
			var n int
			if err := r.Scan(&id, &n); err != nil {
				return err
			}
			if f := at[id]; f != nil {
				set(f, n)
			}
			return nil
		})
	}
	grouped := func(q string, extra []any, set func(f *TenantFigures, n int)) error {
		args := append([]any{}, extra...)
		where := inScope(&args, scope)
		return count(strings.Replace(q, "{scope}", where, 1), args, set)
	}
	steps := []struct {
		name, q string
		args    []any
		set     func(f *TenantFigures, n int)
	}{
		{"cases", `SELECT c.tenant_id, COUNT(*) FROM discipline_cases c JOIN tenants t ON t.id = c.tenant_id
			WHERE {scope} AND c.opened_at >= $1 AND c.opened_at < $2 GROUP BY c.tenant_id`,
			[]any{from, until}, func(f *TenantFigures, n int) { f.Cases = n }},
		{"substantiated", `SELECT c.tenant_id, COUNT(*) FROM discipline_cases c JOIN tenants t ON t.id = c.tenant_id
			WHERE {scope} AND c.stage <> 'revoked'
			AND EXISTS (SELECT 1 FROM discipline_steps d WHERE d.case_id = c.id AND d.kind = 'decide' AND d.day1 >= $1 AND d.day1 <= $2)
			GROUP BY c.tenant_id`,
			[]any{first, last}, func(f *TenantFigures, n int) { f.Substantiated = n }},
		{"victims", `SELECT p.tenant_id, SUM(p.victims) FROM protection_counts p JOIN tenants t ON t.id = p.tenant_id
			WHERE {scope} AND p.form = '*' AND p.sex = '*' AND p.age_group = '*' AND p.month >= $1 AND p.month <= $2 GROUP BY p.tenant_id`,
			[]any{year*100 + 1, year*100 + 12}, func(f *TenantFigures, n int) { f.Victims = n }},
		{"protection cases", `SELECT p.tenant_id, SUM(p.cases) FROM protection_counts p JOIN tenants t ON t.id = p.tenant_id
			WHERE {scope} AND p.form = '*' AND p.sex = '*' AND p.age_group = '*' AND p.month >= $1 AND p.month <= $2 GROUP BY p.tenant_id`,
			[]any{year*100 + 1, year*100 + 12}, func(f *TenantFigures, n int) { f.ProtectionCases = n }},
		{"staff", `SELECT c.tenant_id, c.active FROM staff_counts c JOIN tenants t ON t.id = c.tenant_id WHERE {scope}`,
			nil, func(f *TenantFigures, n int) { f.Staff = n }},
		{"thresholds", `SELECT x.tenant_id, x.min_count FROM statistics_settings x JOIN tenants t ON t.id = x.tenant_id WHERE {scope}`,
			nil, func(f *TenantFigures, n int) { f.Least = n }},
	}
	for _, st := range steps {
		if err := grouped(st.q, st.args, st.set); err != nil {
			return nil, apperr.Wrap(err, "oversight "+st.name)
		}
	}
	// Each government's reports by category, grouped inside its own
	// facts; only the counts leave. Their sum is its reports of the year
	// (report_facts holds the reports that are not merged duplicates, by
	// the month in Jakarta).
	args := []any{year*100 + 1, year*100 + 12}
	where := inScope(&args, scope)
	err = s.eachRow(ctx, `SELECT f.tenant_id, f.category, COUNT(*) FROM report_facts f JOIN tenants t ON t.id = f.tenant_id
		WHERE `+where+` AND f.month >= $1 AND f.month <= $2 GROUP BY f.tenant_id, f.category`, args, func(r *sql.Rows) error {
		var id int64
		var category string
		var n int
		if err := r.Scan(&id, &category, &n); err != nil {
			return err
		}
		if f := at[id]; f != nil {
			f.ByCategory[category] = n
			f.Reports += n
		}
		return nil
	})
	if err != nil {
		return nil, apperr.Wrap(err, "oversight categories")
	}
	heldBy := last
	if today.Before(last) {
		heldBy = today
	}
	if err := s.oversightOffices(ctx, scope, first, heldBy, at); err != nil {
		return nil, err
	}
	if err := s.oversightPledges(ctx, scope, at); err != nil {
		return nil, err
	}
	return out, nil
}

// oversightOffices counts each government's active top-level offices and
// those that held a session (or whose sub-office did) between first and
// last.
func (s *Store) oversightOffices(ctx context.Context, scope string, first, last calendar.Date, at map[int64]*TenantFigures) error {
	var args []any
	where := inScope(&args, scope)
	parent := map[int64]int64{}
	tenantOf := map[int64]int64{}
	activeTop := map[int64]bool{} // the offices counted in Offices
	err := s.eachRow(ctx, `SELECT u.id, u.tenant_id, COALESCE(u.parent_id, 0), CASE WHEN u.archived_at IS NULL THEN 1 ELSE 0 END
		FROM units u JOIN tenants t ON t.id = u.tenant_id WHERE `+where, args, func(r *sql.Rows) error {
		var id, tenant, p int64
		var active int
		if err := r.Scan(&id, &tenant, &p, &active); err != nil {
			return err
		}
		parent[id], tenantOf[id], activeTop[id] = p, tenant, p == 0 && active == 1
		if f := at[tenant]; f != nil && activeTop[id] {
			f.Offices++
		}
		return nil
	})
	if err != nil {
		return apperr.Wrap(err, "oversight offices")
	}
	top := officeTree{parent: parent}.top
	held := map[int64]bool{}
	args = []any{false, first, last}
	where = inScope(&args, scope)
	err = s.eachRow(ctx, `SELECT DISTINCT g.unit_id FROM guidance_sessions g JOIN tenants t ON t.id = g.tenant_id
		WHERE `+where+` AND g.cancelled = $1 AND g.held_on >= $2 AND g.held_on <= $3
		AND EXISTS (SELECT 1 FROM guidance_attendance a WHERE a.session_id = g.id AND a.status IN ('present','late'))`, args, func(r *sql.Rows) error {
		var unit int64
		if err := r.Scan(&unit); err != nil {
			return err
		}
		held[top(unit)] = true
		return nil
	})
	if err != nil {
		return apperr.Wrap(err, "oversight guidance")
	}
	for unit := range held {
		if f := at[tenantOf[unit]]; f != nil && activeTop[unit] {
			f.OfficesHeld++
		}
	}
	return nil
}

// oversightPledges counts, for every government watched, its active
// staff with a current signature of its newest pledge version. The
// renewal period is each government's own: one grouped count per
// distinct period, over the newest versions of the governments with it,
// from the counts kept per day (rollup_counts.go).
func (s *Store) oversightPledges(ctx context.Context, scope string, at map[int64]*TenantFigures) error {
	var args []any
	where := inScope(&args, scope)
	byRenew := map[int][]int64{} // renewal months → newest version ids
	err := s.eachRow(ctx, `SELECT v.id, COALESCE(ps.renew_months, 0) FROM pledge_versions v JOIN tenants t ON t.id = v.tenant_id
		LEFT JOIN pledge_settings ps ON ps.tenant_id = v.tenant_id
		WHERE `+where+` AND NOT EXISTS (SELECT 1 FROM pledge_versions n WHERE n.tenant_id = v.tenant_id AND n.number > v.number)`, args, func(r *sql.Rows) error {
		var id int64
		var months int
		if err := r.Scan(&id, &months); err != nil {
			return err
		}
		byRenew[months] = append(byRenew[months], id)
		return nil
	})
	if err != nil {
		return apperr.Wrap(err, "oversight pledge versions")
	}
	// Kept per government and day (rollup_counts.go).
	signed := map[int64]int{}
	for months, ids := range byRenew {
		if err := s.keptSigners(ctx, ids, pledge.Cutoff(s.Now(), months), signed); err != nil {
			return err
		}
	}
	for tenant, n := range signed {
		if f := at[tenant]; f != nil {
			f.Signed = n
		}
	}
	return nil
}

// AuditOversightExport records that an oversight account downloaded the
// rollup of a year.
func (s *Store) AuditOversightExport(ctx context.Context, a Actor, year int) error {
	return apperr.Wrap(s.db.Tx(ctx, func(tx *sql.Tx) error {
		return s.audit(ctx, tx, 0, a, "oversight.export", "year", strconv.Itoa(year))
	}), "audit oversight export")
}
