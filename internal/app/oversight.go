package app

import (
	"context"
	"slices"
	"strconv"
	"strings"

	"sigap/internal/access"
	"sigap/internal/apperr"
	"sigap/internal/disclosure"
	"sigap/internal/identity"
	"sigap/internal/refdata"
	"sigap/internal/store"
)

// OversightRow is one government of the rollup.
type OversightRow struct {
	Code, Name, Slug                                        string
	Reports, Cases, Substantiated, Victims, ProtectionCases Figure
	// OfficesHeldPct and SignedPct are the shares of offices that held
	// guidance and of staff with a current pledge signature; -1 when the
	// government has no office or no staff in sigap.
	Offices, OfficesHeld, OfficesHeldPct int
	Staff, Signed, SignedPct             int
	// ByCategory is the government's reports of the year by category,
	// one cell per OversightView.Categories, hidden exactly as on its own
	// public page (with its own threshold, Least, against its total);
	// CategoriesWithheld when its page withholds the breakdown (the total
	// is small, or could not protect a small count) and ByCategory is nil.
	ByCategory         []OversightCell
	CategoriesWithheld bool
	Least              int
}

// OversightCell is one government's count in a column of a breakdown;
// None when the column is not one of its categories.
type OversightCell struct {
	Figure
	None bool
}

// OversightCategory is a column of the breakdown by category: a code one
// of the governments shown has ("" for the codes a government no longer
// has), named as the first of them names it.
type OversightCategory struct {
	Key, NameID, NameEN string
}

// OversightView is the rollup of the governments an oversight account
// watches, side by side, for one year.
type OversightView struct {
	Year      int
	Years     []int
	Scope     string // "" every government, else a province code
	ScopeName string // the province's name
	NoScope   bool   // the account has no region yet: nothing is shown
	Rows      []OversightRow
	Total     OversightRow
	Least     int // the highest threshold of the governments shown
	// Categories are the columns of the breakdown by category.
	Categories []OversightCategory
}

// Oversight returns the rollup for year ("" for this one). The counts of
// every government are hidden as on its own public figures, with the
// strictest threshold among those shown, and against the totals.
func (a *App) Oversight(ctx context.Context, u identity.User, year string) (OversightView, error) {
	var v OversightView
	if err := access.Check(u, access.ViewOversight); err != nil {
		return v, err
	}
	this := a.today().Year()
	for y := this; y > this-10; y-- {
		v.Years = append(v.Years, y)
	}
	v.Year = this
	if year = strings.TrimSpace(year); year != "" {
		y, err := strconv.Atoi(year)
		if err != nil || !slices.Contains(v.Years, y) {
			return v, apperr.InvalidField("year", "oversight.error.year", nil)
		}
		v.Year = y
	}
	scope, ok, err := a.Store.OversightScope(ctx, u.ID)
	if err != nil || !ok {
		v.NoScope = !ok
		return v, err
	}
	v.Scope = scope
	if scope != "" {
		r, err := a.Store.Region(ctx, scope)
		if err != nil {
			return v, err
		}
		v.ScopeName = r.Name
	}
	figures, err := a.Store.OversightFigures(ctx, scope, v.Year, a.today())
	if err != nil {
		return v, err
	}
	v.Least = disclosure.DefaultMin
	for _, f := range figures {
		v.Least = max(v.Least, f.Least)
	}
	v.Rows = make([]OversightRow, len(figures))
	cols := [5][]int{}
	for i, f := range figures {
		v.Rows[i] = OversightRow{Code: f.Tenant.Code, Name: f.Tenant.Name, Slug: f.Tenant.Slug, Offices: f.Offices, OfficesHeld: f.OfficesHeld,
			OfficesHeldPct: percent(f.OfficesHeld, f.Offices), Staff: f.Staff, Signed: f.Signed, SignedPct: percent(f.Signed, f.Staff)}
		for c, n := range []int{f.Reports, f.Cases, f.Substantiated, f.Victims, f.ProtectionCases} {
			cols[c] = append(cols[c], n)
		}
		t := &v.Total
		t.Offices, t.OfficesHeld, t.Staff, t.Signed = t.Offices+f.Offices, t.OfficesHeld+f.OfficesHeld, t.Staff+f.Staff, t.Signed+f.Signed
	}
	v.Total.OfficesHeldPct, v.Total.SignedPct = percent(v.Total.OfficesHeld, v.Total.Offices), percent(v.Total.Signed, v.Total.Staff)
	field := func(r *OversightRow, c int) *Figure {
		return []*Figure{&r.Reports, &r.Cases, &r.Substantiated, &r.Victims, &r.ProtectionCases}[c]
	}
	for c, counts := range cols {
		// A government's own public page shows its totals, so a cell
		// hidden here to protect another is known anyway: whenever a
		// column hides anything, its total is hidden too, or the total
		// less the public figures would give a small one back.
		col := disclosure.Suppress(counts, v.Least, true)
		sum, hidden := 0, col.TotalHidden
		for i, n := range counts {
			*field(&v.Rows[i], c) = figure(n, col.Marks[i], 0)
			sum += n
			hidden = hidden || col.Marks[i] != disclosure.Shown
		}
		*field(&v.Total, c) = figure(sum, hiddenTotal(hidden), 0)
	}
	return v, a.oversightCategories(ctx, &v, figures)
}

// oversightCategories breaks each government's reports down by category
// side by side. Each government's counts are hidden on their own, as its
// public page hides them (categoryTable, PublicTable.suppress, its own
// threshold): the same data under the same rule shows the same cells, so
// the two together give nothing away that either does not. No total
// across governments is shown: it would need hiding across them.
func (a *App) oversightCategories(ctx context.Context, v *OversightView, figures []store.TenantFigures) error {
	tables := make([]PublicTable, len(figures))
	col := map[string]int{}
	for i, f := range figures {
		cats, err := a.categoryNames(ctx, f.Tenant.ID)
		if err != nil {
			return err
		}
		least := f.Least
		if least == 0 {
			least = disclosure.DefaultMin
		}
		t := categoryTable(cats, f.ByCategory)
		t.suppress(f.Reports, least, f.Reports > 0 && f.Reports < least)
		tables[i] = t
		v.Rows[i].Least, v.Rows[i].CategoriesWithheld = least, t.Withheld
		for _, r := range categoryTable(cats, f.ByCategory).Rows { // the columns, withheld or not
			if _, ok := col[r.Key]; !ok && r.Key != "" {
				col[r.Key] = len(v.Categories)
				v.Categories = append(v.Categories, OversightCategory{Key: r.Key, NameID: r.NameID, NameEN: r.NameEN})
			}
		}
	}
	for _, t := range tables {
		if slices.ContainsFunc(t.Rows, func(r PublicCount) bool { return r.Key == "" }) {
			col[""] = len(v.Categories)
			v.Categories = append(v.Categories, OversightCategory{})
			break
		}
	}
	for i, t := range tables {
		if t.Withheld {
			continue
		}
		cells := make([]OversightCell, len(v.Categories))
		for j := range cells {
			cells[j].None = true
		}
		for _, r := range t.Rows {
			cells[col[r.Key]] = OversightCell{Figure: r.Figure}
		}
		v.Rows[i].ByCategory = cells
	}
	return nil
}

// SetOversightScope sets the region an oversight account watches: a
// province code, or "all" for every government (stored as ""). Only the
// operator does.
func (a *App) SetOversightScope(ctx context.Context, u identity.User, userID int64, region string) error {
	if err := access.Check(u, access.ManageTenants); err != nil {
		return err
	}
	target, err := a.User(ctx, u, userID)
	if err != nil {
		return err
	}
	if !target.Has(identity.Oversight) {
		return apperr.InvalidField("region", "oversight.error.not_oversight", nil)
	}
	switch region = strings.TrimSpace(region); region {
	case "":
		return apperr.InvalidField("region", "oversight.error.region_required", nil)
	case "all":
		region = ""
	default:
		r, err := a.Store.Region(ctx, region)
		if apperr.Is(err, apperr.NotFound) || err == nil && r.Level != refdata.LevelProvince {
			return apperr.InvalidField("region", "oversight.error.region", nil)
		}
		if err != nil {
			return err
		}
	}
	return a.Store.SetOversightScope(ctx, actor(u), userID, region)
}

// OversightScope returns the region an oversight account watches, for
// the operator's account page.
func (a *App) OversightScope(ctx context.Context, u identity.User, userID int64) (string, bool, error) {
	if err := access.Check(u, access.ManageTenants); err != nil {
		return "", false, err
	}
	return a.Store.OversightScope(ctx, userID)
}

// Provinces lists the provinces an oversight account may watch.
func (a *App) Provinces(ctx context.Context, u identity.User) ([]refdata.Region, error) {
	if err := access.Check(u, access.ManageTenants); err != nil {
		return nil, err
	}
	return a.Store.RegionChildren(ctx, "")
}

// AuditOversightExport records that the rollup was downloaded.
func (a *App) AuditOversightExport(ctx context.Context, u identity.User, year int) error {
	return a.Store.AuditOversightExport(ctx, actor(u), year)
}
