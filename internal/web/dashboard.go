package web

import (
	"fmt"
	"mime"
	"net/http"
	"net/url"

	"sigap/internal/access"
	"sigap/internal/app"
	"sigap/internal/chart"
	"sigap/internal/export"
	"sigap/internal/guidance"
)

// The staff statistics dashboard: counts of reports and discipline cases,
// charts with their tables beside them, and the export of the tables.

type dashboardData struct {
	app.DashboardView
	Presets []string
	Charts  map[string]chart.Chart // by table id, and "month_category"
	QS      string                 // the filter as given, for the export links
	// DistrictCharts are the small multiples of reports per month, one
	// per district with reports (for those who see reports exactly).
	DistrictCharts []chart.Chart
	// Quarters are the quarters the quarterly report may be made for.
	Quarters []guidance.Period
	p        *Page
}

func dashboardQuery(r *http.Request) app.DashboardQuery {
	q := r.URL.Query()
	return app.DashboardQuery{Preset: q.Get("preset"), From: q.Get("from"), To: q.Get("to"), Office: q.Get("office"),
		District: q.Get("district"), Category: q.Get("category")}
}

func (q dashboardValues) encode() string {
	v := url.Values{}
	for k, x := range map[string]string{"preset": q.Preset, "from": q.From, "to": q.To, "office": q.Office, "district": q.District, "category": q.Category} {
		if x != "" {
			v.Set(k, x)
		}
	}
	return v.Encode()
}

type dashboardValues app.DashboardQuery

// Label is a row's name in the page's language.
func (d *dashboardData) Label(r app.StatRow) string {
	if r.LabelKey != "" {
		return d.p.L(r.LabelKey)
	}
	return d.p.Pick(r.NameID, r.NameEN)
}

// Count is how a count reads: the number, "<3" for a small one, a dash for
// one hidden to protect another.
func (d *dashboardData) Count(c app.Cell) string {
	switch {
	case c.Shown():
		return d.p.Num(c.N)
	case c.Small():
		return fmt.Sprintf("<%d", d.Least)
	}
	return "–"
}

func (s *Server) dashboard(w http.ResponseWriter, r *http.Request) {
	s.dashboardPage(w, r, nil)
}

// dashboardPage shows the dashboard for the request's filter; exportErr,
// when given, is the export's complaint, shown beside its field.
func (s *Server) dashboardPage(w http.ResponseWriter, r *http.Request, exportErr error) {
	if !s.can(w, r, access.ViewStatistics) {
		return
	}
	v, err := s.app.Dashboard(r.Context(), stateOf(r).user, dashboardQuery(r))
	if err == nil {
		err = exportErr
	}
	if err != nil { // the form again, without numbers
		v.Reports, v.Cases, v.Durations, v.Rates, v.MonthGrid = nil, nil, nil, nil, nil
	}
	d := &dashboardData{DashboardView: v, Presets: app.DashboardPresets, QS: dashboardValues(v.Query).encode(), Quarters: s.app.QuarterChoices()}
	p := s.page(w, r, "stats.title", d)
	d.p = p
	d.Charts = dashboardCharts(p, d)
	if g := d.DistrictGrid; g != nil {
		series := d.gridSeries(g)
		d.DistrictCharts = chart.Multiples(chart.Options{ID: "chart-district-month", Empty: p.L("stats.chart.empty"),
			Hidden: func(n int) string { return p.T("stats.chart.hidden", "N", n) }}, g.Rows, series)
	}
	if err != nil {
		s.formError(w, r, "dashboard", p, err)
		return
	}
	s.render(w, r, http.StatusOK, "dashboard", p)
}

// gridSeries are a 2-D breakdown's columns as chart series over its rows.
func (d *dashboardData) gridSeries(g *app.Grid) []chart.Series {
	var series []chart.Series
	for j, c := range g.Cols {
		s := chart.Series{Name: d.Label(c)}
		for i := range g.Rows {
			s.Values = append(s.Values, chart.Value{N: float64(g.Cells[i][j])})
		}
		series = append(series, s)
	}
	return series
}

func chartValue(c app.Cell) chart.Value { return chart.Value{N: float64(c.N), Hidden: !c.Shown()} }

func dashboardCharts(p *Page, d *dashboardData) map[string]chart.Chart {
	out := map[string]chart.Chart{}
	o := func(id string) chart.Options {
		return chart.Options{ID: "chart-" + id, Title: p.L("stats.table." + id), Empty: p.L("stats.chart.empty"),
			Hidden: func(n int) string { return p.T("stats.chart.hidden", "N", n) }, Format: func(v float64) string { return p.Dec(v) }}
	}
	for _, t := range d.Tables() {
		if t.Withheld {
			wo := o(t.ID)
			wo.Empty = p.T("stats.withheld", "Least", d.Least)
			out[t.ID] = chart.Bars(wo, nil, nil)
			continue
		}
		var cats []string
		var vals []chart.Value
		for _, r := range t.Rows {
			cats = append(cats, d.Label(r))
			vals = append(vals, chartValue(r.Cell))
		}
		if t.ID == "month" {
			out[t.ID] = chart.Lines(o(t.ID), cats, []chart.Series{{Name: p.L("stats.table.month"), Values: vals}})
		} else {
			out[t.ID] = chart.Bars(o(t.ID), cats, vals)
		}
	}
	if g := d.MonthGrid; g != nil {
		series := d.gridSeries(g)
		out["month_category"] = chart.Stacked(o("month_category"), g.Rows, series)
	}
	return out
}

// dashboardTables are the tables as written to a file: a header, the
// rows as the viewer sees them, the total, and below them the filter and
// the time of extraction.
func dashboardTables(p *Page, d *dashboardData) []export.Table {
	v := d.DashboardView
	cell := func(c app.Cell) any {
		if c.Shown() {
			return c.N
		}
		return d.Count(c)
	}
	office, district, category := p.L("stats.all"), p.L("stats.all"), p.L("stats.all")
	if v.OfficeName != "" {
		office = v.OfficeName
	}
	if v.DistrictName != "" {
		district = v.DistrictName
	}
	for _, c := range v.Categories {
		if c.Code == v.Filter.Category {
			category = p.Pick(c.NameID, c.NameEN)
		}
	}
	notes := [][]any{{},
		{p.L("stats.export.period"), v.Filter.From.String() + " – " + v.Filter.To.String()},
		{p.L("stats.filter.office"), office},
		{p.L("stats.filter.district"), district},
		{p.L("stats.filter.category"), category},
		{p.L("stats.export.extracted"), v.Extracted.In(jakarta()).Format("2006-01-02 15:04") + " WIB"},
		{p.KeepUntil()},
	}
	var out []export.Table
	for _, t := range v.Tables() {
		exact := v.ExactReports
		if t.Section == "cases" {
			exact = v.ExactCases
		}
		et := export.Table{Sheet: p.L("stats.sheet." + t.ID), Header: []string{p.L("stats.col.item"), p.L("stats.col.count")}}
		for _, r := range t.Rows {
			et.Rows = append(et.Rows, []any{d.Label(r), cell(r.Cell)})
		}
		if t.Withheld {
			et.Rows = append(et.Rows, []any{p.T("stats.withheld", "Least", d.Least)})
		}
		if !t.NoTotal {
			et.Rows = append(et.Rows, []any{p.L("stats.total"), cell(t.Total)})
		}
		et.Rows = append(et.Rows, notes...)
		if !exact {
			et.Rows = append(et.Rows, []any{p.T("stats.note.hidden", "Least", v.Least)})
		}
		out = append(out, et)
	}
	return out
}

func (s *Server) dashboardExport(w http.ResponseWriter, r *http.Request) {
	if !s.can(w, r, access.ViewStatistics) {
		return
	}
	format, table := r.URL.Query().Get("format"), r.URL.Query().Get("table")
	v, err := s.app.DashboardExport(r.Context(), stateOf(r).user, dashboardQuery(r), format, table)
	if err != nil {
		s.dashboardPage(w, r, err)
		return
	}
	d := &dashboardData{DashboardView: v}
	p := s.page(w, r, "stats.title", d)
	d.p = p
	tables := dashboardTables(p, d)
	name := fmt.Sprintf("statistik-%s-%s.xlsx", v.Filter.From, v.Filter.To)
	if format == "csv" {
		name = fmt.Sprintf("statistik-%s-%s-%s.csv", table, v.Filter.From, v.Filter.To)
	}
	h := w.Header()
	h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": name}))
	h.Set("Cache-Control", "no-store")
	if format == "csv" {
		h.Set("Content-Type", "text/csv; charset=utf-8")
		for i, t := range v.Tables() {
			if t.ID == table {
				err = export.WriteCSV(w, tables[i])
			}
		}
	} else {
		h.Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
		err = export.WriteWorkbook(w, tables...)
	}
	if err != nil {
		s.log.Error("statistics export", "err", err) // the response has begun: nothing else to tell
	}
}
