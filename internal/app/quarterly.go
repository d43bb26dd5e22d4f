package app

import (
	"context"
	"slices"
	"strings"
	"time"

	"sigap/internal/access"
	"sigap/internal/apperr"
	"sigap/internal/guidance"
	"sigap/internal/identity"
	"sigap/internal/pledge"
	"sigap/internal/store"
)

// QuarterlyData is what the quarterly report to the head of region says:
// the quarter's statistics, hidden as for someone not entitled to the
// cases whoever asks (the document leaves sigap), the guidance held in
// each office in the quarter, the pledge coverage and, for those who may
// see them, the protection counts.
type QuarterlyData struct {
	Government string
	Year       int
	Quarter    int
	Period     guidance.Period
	Stats      DashboardView
	Guidance   store.Coverage
	Overview   store.PreventionOverview // the pledge coverage: today's staff and signatures
	Protection *ProtectionStats         // nil when the caller may not see protection counts
	Extracted  time.Time
}

// QuarterChoices are the quarters the report may be asked for: those
// begun, of the last ten years, the newest first.
func (a *App) QuarterChoices() []guidance.Period {
	var out []guidance.Period
	p := guidance.PeriodOf(guidance.Quarterly, a.today())
	for range 40 {
		out = append(out, p)
		p = p.Prev()
	}
	return out
}

// Quarterly returns the report for a quarter given as "2026-Q4", and
// records that it was made.
func (a *App) Quarterly(ctx context.Context, u identity.User, quarter string) (QuarterlyData, error) {
	var d QuarterlyData
	if err := access.Check(u, access.ViewStatistics); err != nil {
		return d, err
	}
	choices := a.QuarterChoices()
	i := slices.IndexFunc(choices, func(p guidance.Period) bool { return p.Key() == strings.TrimSpace(quarter) })
	if i < 0 {
		return d, apperr.InvalidField("quarter", "quarterly.error.quarter", nil)
	}
	d.Period = choices[i]
	d.Year = d.Period.Start.Year()
	d.Quarter = (int(d.Period.Start.Month())-1)/3 + 1
	to := d.Period.End
	today := a.today()
	if today.Before(to) {
		to = today
	}
	var err error
	if d.Stats, err = a.dashboard(ctx, u, DashboardQuery{Preset: PresetCustom, From: d.Period.Start.String(), To: to.String()}, false); err != nil {
		return d, err
	}
	t, err := a.Store.Tenant(ctx, u.TenantID)
	if err != nil {
		return d, err
	}
	d.Government = t.Name
	if d.Guidance, err = a.Store.GuidanceCoverage(ctx, u.TenantID, []guidance.Period{d.Period}, today); err != nil {
		return d, err
	}
	renew, err := a.Store.PledgeRenewMonths(ctx, u.TenantID)
	if err != nil {
		return d, err
	}
	if d.Overview, err = a.Store.PreventionOverview(ctx, u.TenantID, []guidance.Period{d.Period}, today, pledge.Cutoff(a.Store.Now(), renew)); err != nil {
		return d, err
	}
	if access.Can(u, access.ViewProtectionStats) {
		ps, err := a.protectionStats(ctx, u, StatsQuery{From: d.Period.Start.String(), To: to.String()}, false)
		if err != nil {
			return d, err
		}
		if !ps.Coarse { // a case worker's exact counts: hidden for the document
			ps.Coarse, ps.Least = true, d.Stats.Least
			ps.hideSmall(ps.Least)
		}
		d.Protection = &ps
	}
	d.Extracted = a.Store.Now()
	return d, a.Store.AuditQuarterly(ctx, actor(u), u.TenantID, d.Period.Key())
}

// QuarterName is "Triwulan IV 2026"-style numbering's Roman numeral.
func QuarterName(q int) string {
	return [...]string{"", "I", "II", "III", "IV"}[min(max(q, 0), 4)]
}
