package web

import (
	"fmt"
	"math"
	"mime"
	"net/http"

	"sigap/internal/app"
	"sigap/internal/export"
	"sigap/internal/store"
)

// overviewData is the page of offices beside their cases.
type overviewData struct {
	app.PreventionOverviewView
	Charts []scatter
}

// scatter is a small server-drawn chart: each office a dot, its share of
// staff reached by guidance across, a rate per 1,000 staff up. Offices
// whose count is hidden are not drawn (a dot would place the count).
type scatter struct {
	Title, YLabel string
	Dots          []dot
	YTicks        []tick
	XTicks        []tick
	Left          int // offices not drawn: no staff, or the count hidden
}

type dot struct {
	X, Y  float64
	Label string
}

type tick struct {
	At    float64
	Label string
}

// The chart's drawing area inside its 320×220 view box.
const (
	chartLeft, chartRight = 44.0, 312.0
	chartTop, chartBottom = 12.0, 184.0
)

func (s *Server) preventionOverview(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	v, err := s.app.PreventionOverview(r.Context(), stateOf(r).user, q.Get("sort"), q.Get("dir") == "desc")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := s.page(w, r, "overview.title", nil)
	d := overviewData{PreventionOverviewView: v}
	d.Charts = []scatter{
		newScatter(p, v.Rows, "overview.chart.reports", func(r app.OverviewRow) app.Figure { return r.Reports }),
		newScatter(p, v.Rows, "overview.chart.cases", func(r app.OverviewRow) app.Figure { return r.Cases }),
	}
	p.Data = &d
	s.render(w, r, http.StatusOK, "prevention_overview", p)
}

func newScatter(p *Page, rows []app.OverviewRow, title string, fig func(app.OverviewRow) app.Figure) scatter {
	c := scatter{Title: p.L(title), YLabel: p.L("overview.chart.per_thousand")}
	top := 0.0
	for _, r := range rows {
		if f := fig(r); f.Shown() && f.HasRate && r.ReachedPct >= 0 {
			top = math.Max(top, f.PerThousand)
		}
	}
	top, steps := niceScale(top)
	for _, r := range rows {
		f := fig(r)
		if !f.Shown() || !f.HasRate || r.ReachedPct < 0 {
			c.Left++
			continue
		}
		c.Dots = append(c.Dots, dot{
			X:     chartLeft + float64(r.ReachedPct)/100*(chartRight-chartLeft),
			Y:     chartBottom - f.PerThousand/top*(chartBottom-chartTop),
			Label: p.T("overview.chart.dot", "Office", r.Name, "Share", r.ReachedPct, "Rate", p.Dec(f.PerThousand)),
		})
	}
	for i := 0; i <= 4; i++ {
		c.XTicks = append(c.XTicks, tick{At: chartLeft + float64(i)/4*(chartRight-chartLeft), Label: fmt.Sprintf("%d%%", i*25)})
	}
	for i := 0; i <= steps; i++ {
		c.YTicks = append(c.YTicks, tick{At: chartBottom - float64(i)/float64(steps)*(chartBottom-chartTop), Label: p.Dec(top * float64(i) / float64(steps))})
	}
	return c
}

// niceScale rounds a chart's top up to 1, 2 or 5 times a power of ten (at
// least 1) and cuts it into steps that read as round numbers: 0.2, 0.5, 1…
func niceScale(v float64) (top float64, steps int) {
	if v <= 1 {
		return 1, 5
	}
	pow := math.Pow(10, math.Floor(math.Log10(v)))
	for _, m := range []float64{1, 2, 5} {
		if v <= m*pow {
			if m == 2 {
				return m * pow, 4
			}
			return m * pow, 5
		}
	}
	return 10 * pow, 5
}

func (s *Server) preventionOverviewExport(w http.ResponseWriter, r *http.Request) {
	u := stateOf(r).user
	v, cov, err := s.app.PreventionOverviewExport(r.Context(), u)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := s.page(w, r, "overview.title", nil)
	h := w.Header()
	h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": "pencegahan-dan-kasus.xlsx"}))
	h.Set("Cache-Control", "no-store")
	h.Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	if err := export.WriteWorkbook(w, overviewTable(p, v), guidanceCoverageTable(p, cov)); err != nil {
		s.log.Error("overview export", "err", err) // the response has begun: nothing else to tell
	}
}

// hiddenText is how a hidden count reads in a cell: "<3" for a small
// one, a dash for one hidden to protect another.
func hiddenText(least int, f app.Figure) string {
	if f.Small() {
		return fmt.Sprintf("<%d", least)
	}
	return "–"
}

// figureCells are a count and its rate for the workbook: numbers when
// shown, the hidden marks otherwise.
func figureCells(p *Page, least int, f app.Figure) []any {
	if !f.Shown() {
		h := hiddenText(least, f)
		return []any{h, h}
	}
	if !f.HasRate {
		return []any{f.N, ""}
	}
	return []any{f.N, math.Round(f.PerThousand*10) / 10}
}

func pctCell(n int) any {
	if n < 0 {
		return ""
	}
	return n
}

func overviewTable(p *Page, v app.PreventionOverviewView) export.Table {
	t := export.Table{Sheet: p.L("overview.sheet.offices"), Header: []string{
		p.L("overview.col.office"), p.L("overview.col.staff"),
		p.T("overview.col.periods_held", "N", len(v.Periods)), p.L("overview.col.reached"), p.L("overview.col.reached_pct"),
		p.L("overview.col.signed"), p.L("overview.col.signed_pct"),
		p.L("overview.col.reports"), p.L("overview.col.reports_rate"), p.L("overview.col.cases"), p.L("overview.col.cases_rate"),
	}}
	row := func(name string, r app.OverviewRow, withPrevention bool) []any {
		cells := []any{name, r.Staff}
		if withPrevention {
			cells = append(cells, r.PeriodsHeld, r.Reached, pctCell(r.ReachedPct), r.Signed, pctCell(r.SignedPct))
		} else {
			cells = append(cells, "", "", "", "", "")
		}
		cells = append(cells, figureCells(p, v.Least, r.Reports)...)
		return append(cells, figureCells(p, v.Least, r.Cases)...)
	}
	for _, r := range v.Rows {
		t.Rows = append(t.Rows, row(r.Name, r, true))
	}
	t.Rows = append(t.Rows, row(p.L("overview.unplaced"), v.Unplaced, false))
	total := row(p.L("overview.total"), v.Total, true)
	total[2] = ""
	t.Rows = append(t.Rows, total, []any{})
	if len(v.Periods) > 0 {
		t.Rows = append(t.Rows, []any{p.T("overview.note.window", "From", p.Date(v.Periods[0].Start), "To", p.Date(v.Periods[len(v.Periods)-1].End))})
	}
	t.Rows = append(t.Rows, []any{p.T("overview.note.hidden", "Least", v.Least)}, []any{p.KeepUntil()})
	return t
}

func guidanceCoverageTable(p *Page, cov store.Coverage) export.Table {
	t := export.Table{Sheet: p.L("overview.sheet.guidance"), Header: []string{p.L("overview.col.office")}}
	for _, per := range cov.Periods {
		t.Header = append(t.Header, per.Key(), per.Key()+" %")
	}
	for _, r := range cov.Rows {
		cells := []any{r.UnitName}
		for _, c := range r.Cells {
			share := any("")
			if c.Held > 0 {
				share = c.Share()
			}
			cells = append(cells, p.L("guidance.cell."+string(c.State)), share)
		}
		t.Rows = append(t.Rows, cells)
	}
	return t
}

// SortHref is the address that sorts by key: the other direction when
// already sorted by it.
func (d *overviewData) SortHref(key string) string {
	dir := "asc"
	if d.Sort == key && !d.Desc {
		dir = "desc"
	}
	return "/prevention/overview?sort=" + key + "&dir=" + dir
}

// AriaSort tells screen readers how a column sorts the table.
func (d *overviewData) AriaSort(key string) string {
	switch {
	case d.Sort != key:
		return "none"
	case d.Desc:
		return "descending"
	}
	return "ascending"
}

// Hidden is how a hidden count reads on the page.
func (d *overviewData) Hidden(f app.Figure) string { return hiddenText(d.Least, f) }
