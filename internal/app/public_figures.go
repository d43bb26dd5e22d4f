package app

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"sigap/internal/apperr"
	"sigap/internal/calendar"
	"sigap/internal/disclosure"
	"sigap/internal/org"
	"sigap/internal/pledge"
	"sigap/internal/report"
	"sigap/internal/store"
)

// FiguresTTL is how long the public figures of a government's year are
// served as computed; a change of the threshold, on any instance, makes
// every instance count them again at its next request.
const FiguresTTL = 5 * time.Minute

// PublicCount is one row of a table of the public figures: what it
// counts, and the count as it may be shown, with its share of the year's
// reports when shown.
type PublicCount struct {
	Key            string // category or district code, quarter 1 to 4, or fate
	NameID, NameEN string // for categories and districts
	Figure
	Pct float64 // share of the table's total, in percent, when shown
}

// PublicTable is a table of counts that add up to the year's reports:
// every report is in exactly one row.
type PublicTable struct {
	Rows []PublicCount
	// Withheld: the rows cannot be shown without giving a small count
	// away, even with every non-zero one hidden; only the total is shown.
	Withheld bool
}

// Max is the largest count shown, for scaling a chart; 0 when none is.
func (t PublicTable) Max() int {
	m := 0
	for _, r := range t.Rows {
		if r.Shown() {
			m = max(m, r.N)
		}
	}
	return m
}

// QuarterCoverage is the prevention of one quarter: how many of the
// government's offices held guidance in it.
type QuarterCoverage struct {
	Quarter int // 1 to 4
	Begun   bool
	Held    int
	Pct     int // of the offices; -1 when there are none
}

// PublicFiguresView is the public figures page of one government and year.
type PublicFiguresView struct {
	Tenant org.Tenant
	Year   int
	Years  []int // the years with figures, newest first
	Least  int   // counts from 1 to Least-1 are hidden
	// Total is the year's reports: shown, or Small when below Least, in
	// which case no table is broken down.
	Total                                   Figure
	ByCategory, ByQuarter, ByDistrict, Fate PublicTable
	// LedToCase and Substantiated are sums of rows of Fate (a discipline
	// case; a sanction that stands), shown only when every row summed
	// is: a sum of a hidden row with shown ones would give it back.
	LedToCase, Substantiated Figure
	// Prevention, which names no one: offices by quarter, staff now.
	Offices       int
	Coverage      []QuarterCoverage
	Staff, Signed int
	SignedPct     int // -1 without staff
	HasPledge     bool
	AsOf          calendar.Date // the day the figures were counted
	Gen           uint64        // differs each time the figures are counted
}

// figuresKey names a government's figures of a year in the cache.
type figuresKey struct {
	tenant int64
	year   int
}

var figuresGen atomic.Uint64

// PublicYears returns the years a government's public figures page
// offers, newest first: from the year of its first report to this year.
func (a *App) PublicYears(ctx context.Context, tenantID int64) ([]int, error) {
	return a.figureYears.get(tenantID, a.Store.Now(), func() ([]int, error) {
		first, err := a.Store.ReportYears(ctx, tenantID)
		if err != nil {
			return nil, err
		}
		this := a.today().Year()
		if first == 0 || first > this {
			first = this
		}
		var ys []int
		for y := this; y >= first; y-- {
			ys = append(ys, y)
		}
		return ys, nil
	})
}

// PublicFigures returns the public figures of a government for the year
// named by yearText ("" for this year), from the cache when counted less
// than FiguresTTL ago. No sign-in: everything in it is fit for anyone.
func (a *App) PublicFigures(ctx context.Context, t org.Tenant, yearText string) (PublicFiguresView, error) {
	years, err := a.PublicYears(ctx, t.ID)
	if err != nil {
		return PublicFiguresView{}, err
	}
	year := years[0]
	if yearText = strings.TrimSpace(yearText); yearText != "" {
		y, err := strconv.Atoi(yearText)
		if err != nil || len(yearText) != 4 {
			return PublicFiguresView{}, apperr.New(apperr.Invalid, "figures.error.year")
		}
		if y < years[len(years)-1] || y > years[0] {
			return PublicFiguresView{}, &apperr.Error{Code: apperr.NotFound, Key: "figures.error.no_year", Args: map[string]any{"Year": y}}
		}
		year = y
	}
	// The threshold is read on every request (one primary-key read): it is
	// what decides which small counts are hidden, and a government that
	// raises it on one instance must not see the others publish by the old
	// one until their copies expire.
	least, err := a.StatsMin(ctx, t.ID)
	if err != nil {
		return PublicFiguresView{}, err
	}
	return a.figures.getFresh(figuresKey{t.ID, year}, a.Store.Now(), func(v PublicFiguresView) bool { return v.Least == least }, func() (PublicFiguresView, error) {
		return a.countFigures(ctx, t, year, years)
	})
}

// dropFigures forgets every cached figure of a government.
func (a *App) dropFigures(tenantID int64) {
	a.figures.dropWhere(func(k figuresKey) bool { return k.tenant == tenantID })
	a.figureYears.drop(tenantID)
}

func (a *App) countFigures(ctx context.Context, t org.Tenant, year int, years []int) (PublicFiguresView, error) {
	v := PublicFiguresView{Tenant: t, Year: year, Years: years, AsOf: a.today(), Gen: figuresGen.Add(1)}
	var err error
	if v.Least, err = a.StatsMin(ctx, t.ID); err != nil {
		return v, err
	}
	renew, err := a.Store.PledgeRenewMonths(ctx, t.ID)
	if err != nil {
		return v, err
	}
	f, err := a.Store.PublicFigures(ctx, t.ID, year, pledge.Cutoff(a.Store.Now(), renew))
	if err != nil {
		return v, err
	}
	cats, err := a.categoryNames(ctx, t.ID)
	if err != nil {
		return v, err
	}
	districts, err := a.Store.RegionChildren(ctx, t.RegionCode)
	if err != nil {
		return v, err
	}

	v.ByCategory = categoryTable(cats, f.ByCategory)

	var rows []PublicCount
	for q, n := range f.ByQuarter {
		rows = append(rows, PublicCount{Key: strconv.Itoa(q + 1), Figure: Figure{N: n}})
	}
	v.ByQuarter = PublicTable{Rows: rows}

	// Districts: every one of the government's, then those not stated
	// or not in it.
	rows = nil
	other := f.Reports
	for _, d := range districts {
		n := f.ByDistrict[d.Code]
		other -= n
		rows = append(rows, PublicCount{Key: d.Code, NameID: d.Name, NameEN: d.Name, Figure: Figure{N: n}})
	}
	rows = append(rows, PublicCount{Key: "", Figure: Figure{N: other}})
	v.ByDistrict = PublicTable{Rows: rows}

	rows = nil
	for _, fate := range store.Fates {
		rows = append(rows, PublicCount{Key: fate, Figure: Figure{N: f.ByFate[fate]}})
	}
	v.Fate = PublicTable{Rows: rows}

	v.Total = Figure{N: f.Reports}
	small := f.Reports > 0 && f.Reports < v.Least
	if small {
		v.Total = Figure{Mark: disclosure.Small}
	}
	for _, tb := range []*PublicTable{&v.ByCategory, &v.ByQuarter, &v.ByDistrict, &v.Fate} {
		tb.suppress(f.Reports, v.Least, small)
	}

	v.LedToCase = v.Fate.sum(store.FateCase, store.FateRingan, store.FateSedang, store.FateBerat)
	v.Substantiated = v.Fate.sum(store.FateRingan, store.FateSedang, store.FateBerat)

	// Prevention.
	v.Offices, v.Staff, v.Signed, v.HasPledge = f.Offices, f.Staff, f.Signed, f.HasPledge
	v.SignedPct = percent(f.Signed, f.Staff)
	for q := range f.OfficesHeld {
		c := QuarterCoverage{Quarter: q + 1, Held: f.OfficesHeld[q], Pct: percent(f.OfficesHeld[q], f.Offices)}
		c.Begun = !calendar.NewDate(year, time.Month(3*q+1), 1).After(v.AsOf)
		v.Coverage = append(v.Coverage, c)
	}
	return v, nil
}

// categoryTable is a government's reports by category as its public page
// and the oversight rollup show them: its categories, in its order, then
// one row ("") for any code it no longer has. Not yet hidden.
func categoryTable(cats []report.Category, counts map[string]int) PublicTable {
	var rows []PublicCount
	seen := map[string]bool{}
	for _, c := range cats {
		seen[c.Code] = true
		rows = append(rows, PublicCount{Key: c.Code, NameID: c.NameID, NameEN: c.NameEN, Figure: Figure{N: counts[c.Code]}})
	}
	other := 0
	for code, n := range counts {
		if !seen[code] {
			other += n
		}
	}
	if other > 0 {
		rows = append(rows, PublicCount{Key: "", Figure: Figure{N: other}})
	}
	return PublicTable{Rows: rows}
}

// suppress hides the table's small counts and those that would give them
// back from the year's total. The total is known to the reader from every
// other table, so a table whose counts cannot be protected with it shown
// (disclosure.Suppress would hide the total) is withheld altogether, as
// is every table when the total itself is small.
func (t *PublicTable) suppress(total, least int, small bool) {
	counts := make([]int, len(t.Rows))
	for i, r := range t.Rows {
		counts[i] = r.N
	}
	c := disclosure.Suppress(counts, least, true)
	if small || c.TotalHidden {
		t.Withheld = true
		t.Rows = nil
		return
	}
	for i := range t.Rows {
		r := &t.Rows[i]
		r.Mark = c.Marks[i]
		if r.Mark != disclosure.Shown {
			r.N = 0 // the count stays out of the view altogether
			continue
		}
		if total > 0 {
			r.Pct = float64(r.N) * 100 / float64(total)
		}
	}
}

// sum adds up the rows of the keys, hidden (Protected) when a row is
// hidden or the table withheld.
func (t PublicTable) sum(keys ...string) Figure {
	f := Figure{Mark: disclosure.Protected}
	if t.Withheld {
		return f
	}
	f.Mark = disclosure.Shown
	for _, r := range t.Rows {
		if slices.Contains(keys, r.Key) {
			if !r.Shown() {
				return Figure{Mark: disclosure.Protected}
			}
			f.N += r.N
		}
	}
	return f
}
