package web

import (
	"fmt"
	"mime"
	"net/http"
	"sort"

	"sigap/internal/access"
	"sigap/internal/app"
	"sigap/internal/guidance"
	"sigap/internal/quarterly"
)

// statsQuarterly sends the quarterly report to the head of region as a
// PDF; a bad quarter shows the dashboard with the complaint.
func (s *Server) statsQuarterly(w http.ResponseWriter, r *http.Request) {
	if !s.can(w, r, access.ViewStatistics) {
		return
	}
	qd, err := s.app.Quarterly(r.Context(), stateOf(r).user, r.URL.Query().Get("quarter"))
	if err != nil {
		s.dashboardPage(w, r, err)
		return
	}
	d := &dashboardData{DashboardView: qd.Stats}
	p := s.page(w, r, "stats.title", d)
	d.p = p
	pdf, err := quarterly.PDF(quarterlyReport(p, d, qd))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "application/pdf")
	h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": fmt.Sprintf("laporan-triwulanan-%s.pdf", qd.Period.Key())}))
	h.Set("Cache-Control", "no-store")
	w.Write(pdf)
}

// quarterlyReport lays the quarter's figures out in the page's language.
func quarterlyReport(p *Page, d *dashboardData, qd app.QuarterlyData) quarterly.Report {
	qname := p.T("quarterly.quarter.name", "Q", app.QuarterName(qd.Quarter), "Year", qd.Year)
	r := quarterly.Report{
		Government: qd.Government,
		Title:      p.L("quarterly.title"),
		Period:     p.T("quarterly.period", "Quarter", qname, "From", p.Date(qd.Period.Start), "To", p.Date(qd.Period.End)),
		Extracted:  p.T("quarterly.extracted", "When", p.When(qd.Extracted)) + " " + p.KeepUntil(),
		Note:       p.T("stats.note.hidden", "Least", qd.Stats.Least),
		Footer:     p.T("quarterly.footer", "Government", qd.Government, "Quarter", qname),
	}
	table := func(t app.StatTable) quarterly.Table {
		qt := quarterly.Table{Title: p.L("stats.table." + t.ID), Head: [2]string{p.L("stats.col.item"), p.L("stats.col.count")},
			TotalLabel: p.L("stats.total"), Empty: p.L("stats.chart.empty")}
		top := 0
		for _, row := range t.Rows {
			if row.Cell.Shown() {
				top = max(top, row.Cell.N)
			}
		}
		for _, row := range t.Rows {
			if row.Cell.Shown() && row.Cell.N == 0 {
				continue // the report lists what happened, not every empty category
			}
			bar := -1.0
			if row.Cell.Shown() && top > 0 {
				bar = float64(row.Cell.N) / float64(top)
			}
			qt.Rows = append(qt.Rows, quarterly.Row{Label: d.Label(row), Value: d.Count(row.Cell), Bar: bar})
		}
		if !t.NoTotal {
			qt.Total = d.Count(t.Total)
		}
		return qt
	}
	pick := func(tables []app.StatTable, ids ...string) []quarterly.Table {
		var out []quarterly.Table
		for _, id := range ids {
			for _, t := range tables {
				if t.ID == id {
					out = append(out, table(t))
				}
			}
		}
		return out
	}
	var lines []string
	for _, du := range qd.Stats.Durations {
		if du.HasFigure {
			lines = append(lines, p.T("quarterly.duration", "What", p.L("stats.duration."+du.ID), "Median", p.Dec(du.Median), "P90", p.Dec(du.P90), "N", d.Count(du.N)))
		}
	}
	for _, rt := range qd.Stats.Rates {
		if rt.HasRate {
			lines = append(lines, p.T("quarterly.rate", "What", p.L("stats.rate."+rt.ID), "Pct", p.Dec(rt.Pct), "Num", d.Count(rt.Num), "Den", d.Count(rt.Den)))
		}
	}
	r.Sections = append(r.Sections,
		quarterly.Section{Title: p.L("quarterly.section.reports"), Tables: pick(qd.Stats.Reports, "category", "district", "status", "channel")},
		quarterly.Section{Title: p.L("quarterly.section.cases"), Lines: lines, Tables: pick(qd.Stats.Cases, "level", "sanction", "outcome")})

	// Guidance: which offices held a session in the quarter.
	held, total := 0, 0
	var missing []quarterly.Row
	for _, row := range qd.Guidance.Rows {
		total++
		c := row.Cells[0]
		if c.State == guidance.Held {
			held++
			continue
		}
		missing = append(missing, quarterly.Row{Label: row.UnitName, Value: p.L("guidance.cell." + string(c.State)), Bar: -1})
	}
	sort.SliceStable(missing, func(i, j int) bool { return missing[i].Label < missing[j].Label })
	t := qd.Overview
	staff, signed := 0, 0
	for _, o := range t.Offices {
		staff, signed = staff+o.Staff, signed+o.Signed
	}
	prevention := []string{p.T("quarterly.guidance.held", "Held", held, "Total", total)}
	if t.PledgeVersion.ID != 0 && staff > 0 {
		prevention = append(prevention, p.T("quarterly.pledge", "Signed", signed, "Staff", staff, "Pct", signed*100/staff, "Version", t.PledgeVersion.Number))
	}
	r.Sections = append(r.Sections, quarterly.Section{Title: p.L("quarterly.section.prevention"), Lines: prevention,
		Tables: []quarterly.Table{{Title: p.L("quarterly.guidance.missing"), Head: [2]string{p.L("overview.col.office"), p.L("quarterly.guidance.state")},
			Rows: missing, Empty: p.L("quarterly.guidance.none_missing")}}})

	if ps := qd.Protection; ps != nil {
		sec := quarterly.Section{Title: p.L("quarterly.section.protection"),
			Lines: []string{p.T("protection.stats.total", "Victims", p.Hidden(ps.Least, ps.Total.Victims), "Cases", p.Hidden(ps.Least, ps.Total.Cases))}}
		if ps.TooFew {
			sec.Lines = append(sec.Lines, p.T("protection.stats.too_few", "Least", ps.Least))
		} else {
			forms := quarterly.Table{Title: p.L("protection.stats.by_form"), Head: [2]string{p.L("protection.stats.form"), p.L("protection.stats.victims")}, Empty: p.L("stats.chart.empty")}
			for _, f := range ps.Forms {
				if f.Victims != 0 {
					forms.Rows = append(forms.Rows, quarterly.Row{Label: p.L("protection.form." + string(f.Form)), Value: p.Hidden(ps.Least, f.Victims), Bar: -1})
				}
			}
			sec.Tables = append(sec.Tables, forms)
		}
		r.Sections = append(r.Sections, sec)
	}
	return r
}
