package app

import (
	"cmp"
	"context"
	"slices"
	"strings"

	"sigap/internal/access"
	"sigap/internal/disclosure"
	"sigap/internal/guidance"
	"sigap/internal/identity"
	"sigap/internal/pledge"
	"sigap/internal/store"
)

// Figure is a count of reports or cases about an office's people, as it
// may be shown to someone not entitled to the cases behind it.
type Figure struct {
	N    int
	Mark disclosure.Mark
	// PerThousand is N per 1,000 of the office's staff, when N is shown
	// and the office has staff: it would give a hidden N back.
	PerThousand float64
	HasRate     bool
}

// Shown reports whether the count itself is shown.
func (f Figure) Shown() bool { return f.Mark == disclosure.Shown }

// Small reports whether the count is hidden as too small.
func (f Figure) Small() bool { return f.Mark == disclosure.Small }

// OverviewRow is one office of the overview.
type OverviewRow struct {
	store.OfficeOutcome
	ReachedPct, SignedPct int // of the staff; -1 without staff
	Reports, Cases        Figure
}

// PreventionOverviewView is the table of offices beside their cases.
type PreventionOverviewView struct {
	Periods       []guidance.Period
	Rows          []OverviewRow
	Unplaced      OverviewRow // reports and cases of no known office
	Total         OverviewRow
	Least         int // counts below it are hidden
	PledgeVersion store.PledgeVersion
	Sort          string // a key of OverviewSorts
	Desc          bool
}

// OverviewSorts are the columns the overview sorts by.
var OverviewSorts = []string{"name", "staff", "guidance", "pledge", "reports", "cases"}

// overviewPeriods is how many periods of the cadence make the year the
// overview looks back over: the last four quarters by default.
func overviewPeriods(c guidance.Cadence) int {
	switch c {
	case guidance.Monthly:
		return 12
	case guidance.HalfYearly:
		return 2
	}
	return 4
}

// PreventionOverview returns every top-level office beside its cases
// over the last year of guidance periods, sorted by sortKey ("guidance"
// first by default: the offices that did least prevention come first).
// The counts of reports and cases are suppressed for everyone: this page
// is for those not entitled to the cases.
func (a *App) PreventionOverview(ctx context.Context, u identity.User, sortKey string, desc bool) (PreventionOverviewView, error) {
	v := PreventionOverviewView{Sort: sortKey, Desc: desc, Least: disclosure.DefaultMin}
	err := access.Check(u, access.ViewPreventionOutcomes)
	if err != nil {
		return v, err
	}
	if !slices.Contains(OverviewSorts, v.Sort) {
		v.Sort, v.Desc = "guidance", false
	}
	if v.Least, err = a.StatsMin(ctx, u.TenantID); err != nil {
		return v, err
	}
	st, err := a.Store.GuidanceSettings(ctx, u.TenantID)
	if err != nil {
		return v, err
	}
	renew, err := a.Store.PledgeRenewMonths(ctx, u.TenantID)
	if err != nil {
		return v, err
	}
	today := a.today()
	o, err := a.Store.PreventionOverview(ctx, u.TenantID, guidance.Last(st.Cadence, today, overviewPeriods(st.Cadence)), today,
		pledge.Cutoff(a.Store.Now(), renew))
	if err != nil {
		return v, err
	}
	v.Periods, v.PledgeVersion = o.Periods, o.PledgeVersion
	v.Rows = make([]OverviewRow, len(o.Offices))
	for i, of := range o.Offices {
		v.Rows[i] = OverviewRow{OfficeOutcome: of}
	}
	v.Unplaced = OverviewRow{OfficeOutcome: o.Unplaced}
	v.Total.Name = ""
	for _, r := range append(v.Rows, v.Unplaced) {
		t := &v.Total
		t.Staff += r.Staff
		t.Reached += r.Reached
		t.Signed += r.Signed
		t.Reports.N += r.OfficeOutcome.Reports
		t.Cases.N += r.OfficeOutcome.Substantiated
	}
	v.figures()
	v.sort()
	return v, nil
}

// figures fills the shares, suppresses the small counts of reports and
// cases (the offices and the unplaced row against the total) and gives
// the rates of those shown.
func (v *PreventionOverviewView) figures() {
	all := make([]*OverviewRow, 0, len(v.Rows)+1)
	for i := range v.Rows {
		all = append(all, &v.Rows[i])
	}
	all = append(all, &v.Unplaced)
	reports := make([]int, len(all))
	cases := make([]int, len(all))
	for i, r := range all {
		reports[i], cases[i] = r.OfficeOutcome.Reports, r.OfficeOutcome.Substantiated
	}
	rc := withholdNotTotal(disclosure.Suppress(reports, v.Least, true))
	cc := withholdNotTotal(disclosure.Suppress(cases, v.Least, true))
	for i, r := range all {
		r.Reports = figure(reports[i], rc.Marks[i], r.Staff)
		r.Cases = figure(cases[i], cc.Marks[i], r.Staff)
		r.ReachedPct, r.SignedPct = percent(r.Reached, r.Staff), percent(r.Signed, r.Staff)
	}
	t := &v.Total
	t.ReachedPct, t.SignedPct = percent(t.Reached, t.Staff), percent(t.Signed, t.Staff)
	t.Reports = figure(t.Reports.N, hiddenTotal(rc.TotalHidden), t.Staff)
	t.Cases = figure(t.Cases.N, hiddenTotal(cc.TotalHidden), t.Staff)
}

// withholdNotTotal turns a column that could only be protected by hiding
// its total into one whose every row is hidden (zeros too) with the total
// shown: the total of a year is on the public page anyway, and would give
// the hidden rows back.
func withholdNotTotal(c disclosure.Column) disclosure.Column {
	if !c.TotalHidden {
		return c
	}
	for i := range c.Marks {
		c.Marks[i] = disclosure.Protected
	}
	c.TotalHidden = false
	return c
}

func hiddenTotal(hidden bool) disclosure.Mark {
	if hidden {
		return disclosure.Protected
	}
	return disclosure.Shown
}

func figure(n int, m disclosure.Mark, staff int) Figure {
	f := Figure{Mark: m}
	if m != disclosure.Shown {
		return f // the count stays out of the view altogether
	}
	f.N = n
	if staff > 0 {
		f.PerThousand, f.HasRate = float64(n)*1000/float64(staff), true
	}
	return f
}

func percent(n, of int) int {
	if of == 0 {
		return -1
	}
	return min(n*100/of, 100)
}

// sort orders the rows by v.Sort. A hidden count has no place among the
// shown ones (its place would tell its size): the rows whose count is
// hidden come after the others, by name, whichever the direction.
func (v *PreventionOverviewView) sort() {
	rate := func(f Figure) (float64, bool) { return f.PerThousand, f.Shown() && f.HasRate }
	key := func(r OverviewRow) (float64, bool) {
		switch v.Sort {
		case "staff":
			return float64(r.Staff), true
		case "guidance":
			return float64(r.PeriodsHeld)*1000 + float64(r.ReachedPct), true
		case "pledge":
			return float64(r.SignedPct), true
		case "reports":
			return rate(r.Reports)
		case "cases":
			return rate(r.Cases)
		}
		return 0, true
	}
	byName := func(a, b OverviewRow) int { return cmp.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name)) }
	slices.SortStableFunc(v.Rows, func(a, b OverviewRow) int {
		ka, oka := key(a)
		kb, okb := key(b)
		switch {
		case oka != okb:
			if oka {
				return -1
			}
			return 1
		case !oka || v.Sort == "name":
			if v.Sort == "name" && v.Desc {
				return byName(b, a)
			}
			return byName(a, b)
		}
		c := cmp.Compare(ka, kb)
		if v.Desc {
			c = -c
		}
		if c == 0 {
			return byName(a, b)
		}
		return c
	})
}

// PreventionOverviewExport returns the overview by name and the guidance
// coverage of every office over the same periods, for the quarterly
// report to the head of region, and records the export.
func (a *App) PreventionOverviewExport(ctx context.Context, u identity.User) (PreventionOverviewView, store.Coverage, error) {
	v, err := a.PreventionOverview(ctx, u, "name", false)
	if err != nil {
		return v, store.Coverage{}, err
	}
	cov, err := a.Store.GuidanceCoverage(ctx, u.TenantID, v.Periods, a.today())
	if err != nil {
		return v, cov, err
	}
	return v, cov, a.Store.AuditOverviewExport(ctx, actor(u), u.TenantID)
}
