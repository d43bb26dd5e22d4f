package app

import (
	"context"
	"fmt"
	"math"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"sigap/internal/access"
	"sigap/internal/apperr"
	"sigap/internal/calendar"
	"sigap/internal/discipline"
	"sigap/internal/disclosure"
	"sigap/internal/identity"
	"sigap/internal/org"
	"sigap/internal/refdata"
	"sigap/internal/report"
	"sigap/internal/store"
)

// The staff statistics dashboard (/stats). A viewer who may see the list
// behind a figure (the desk, HandleReports, for reports; ViewCases for
// cases) sees it exactly, linked to that list where the list can be
// filtered the same way. Anyone else (analysts) sees the counts with the
// small ones hidden at the government's threshold, complemented against
// every total shown, and no median of a group smaller than it.

// DashboardQuery is the filter as typed. A preset, when chosen, sets the
// period; From and To (YYYY-MM-DD) set it otherwise. Empty: the year to
// date.
type DashboardQuery struct {
	Preset, From, To, Office, District, Category string
}

// The presets of the period.
const (
	PresetLastTwoMonths = "last_two_months" // last month and this one so far
	PresetThisQuarter   = "this_quarter"
	PresetYearToDate    = "year_to_date"
	PresetCustom        = "custom"
)

// DashboardPresets lists the presets in the form's order.
var DashboardPresets = []string{PresetLastTwoMonths, PresetThisQuarter, PresetYearToDate, PresetCustom}

// PresetPeriod is the period a preset means on today.
func PresetPeriod(preset string, today calendar.Date) (from, to calendar.Date, ok bool) {
	y, m := today.Year(), today.Month()
	switch preset {
	case PresetLastTwoMonths:
		return calendar.NewDate(y, m-1, 1), today, true
	case PresetThisQuarter:
		return calendar.NewDate(y, (m-1)/3*3+1, 1), today, true
	case PresetYearToDate:
		return calendar.NewDate(y, 1, 1), today, true
	}
	return from, to, false
}

// Cell is one count as the viewer sees it, and the list behind it.
type Cell struct {
	N    int // 0 when hidden: the count stays out of the view
	Mark disclosure.Mark
	Href string // the list of exactly these, for those entitled to it
}

// Shown reports whether the count itself is shown.
func (c Cell) Shown() bool { return c.Mark == disclosure.Shown }

// Small reports whether the count is hidden as too small.
func (c Cell) Small() bool { return c.Mark == disclosure.Small }

// StatRow is one line of a table: a label (a message key, or a name in
// both languages) and its count.
type StatRow struct {
	Key            string
	LabelKey       string
	NameID, NameEN string
	Cell           Cell
}

// StatTable is one table of counts with its total.
type StatTable struct {
	ID      string // stats.table.<ID> names it; the sheet and the CSV too
	Section string // "reports" or "cases"
	Rows    []StatRow
	Total   Cell
	NoTotal bool // the rows overlap (a case under each code it alleges): no total
	// Withheld: its counts could not be hidden safely beside its total,
	// which other tables show anyway, so none of its rows is shown.
	Withheld bool
}

// Duration is how long a step took in working days: the median and the
// 90th percentile of N cases.
type Duration struct {
	ID        string // stats.duration.<ID>
	Section   string
	N         Cell
	Median    float64
	P90       float64
	HasFigure bool // false: no cases, or too few to show to this viewer
}

// Rate is a share: Num of Den.
type Rate struct {
	ID       string // stats.rate.<ID>
	Section  string
	Num, Den Cell
	Pct      float64
	HasRate  bool // false: nothing to divide, or it would give a small count away
}

// Grid is a 2-D breakdown (months × categories), for entitled viewers only.
type Grid struct {
	Rows    []string // month keys
	Cols    []StatRow
	Cells   [][]int
	RowHref []string
}

// DashboardView is the dashboard for one filter.
type DashboardView struct {
	Query        DashboardQuery
	Filter       store.StatsFilter
	Today        calendar.Date
	Offices      []org.Unit
	Districts    []refdata.Region
	Categories   []report.Category
	ExactReports bool
	ExactCases   bool
	// FreeFilters: the viewer sees every count exactly and may choose any
	// dates, office, district and category. Others choose a preset period
	// only: two finely filtered views of hidden counts could be
	// subtracted to give one back.
	FreeFilters bool
	Least       int
	Reports     []StatTable
	Cases       []StatTable
	Durations   []Duration
	Rates       []Rate
	MonthGrid   *Grid // nil unless the viewer sees reports exactly
	// DistrictGrid is months × the districts with reports, for the small
	// multiples per district; nil unless the viewer sees reports exactly.
	DistrictGrid *Grid
	Months       []string
	Extracted    time.Time
	OfficeName   string
	DistrictName string
	Catalogue    []report.CatalogueEntry
}

// Table returns the table with an id.
func (v *DashboardView) Table(id string) (StatTable, bool) {
	for _, t := range append(slices.Clone(v.Reports), v.Cases...) {
		if t.ID == id {
			return t, true
		}
	}
	return StatTable{}, false
}

// Tables returns every table, reports first.
func (v *DashboardView) Tables() []StatTable { return append(slices.Clone(v.Reports), v.Cases...) }

// maxDashboardYears bounds the period asked for.
const maxDashboardYears = 10

// dashboardFilter checks q and turns it into the store's filter; every
// problem is reported beside its field.
func (a *App) dashboardFilter(v *DashboardView, q *DashboardQuery) (store.StatsFilter, error) {
	var f store.StatsFilter
	var fields apperr.Fields
	q.From, q.To = strings.TrimSpace(q.From), strings.TrimSpace(q.To)
	if q.Preset == "" {
		q.Preset = PresetYearToDate
		if q.From != "" || q.To != "" {
			q.Preset = PresetCustom
		}
	}
	switch {
	case !slices.Contains(DashboardPresets, q.Preset):
		fields.Add("preset", "error.invalid_choice", nil)
	case q.Preset == PresetCustom:
		var err error
		if f.From, err = calendar.ParseDate(q.From); err != nil {
			fields.Add("from", "stats.error.date", nil)
		}
		if f.To, err = calendar.ParseDate(q.To); err != nil {
			fields.Add("to", "stats.error.date", nil)
		}
		switch {
		case f.From.IsZero() || f.To.IsZero():
		case f.To.Before(f.From):
			fields.Add("to", "stats.error.order", nil)
		case f.From.AddDays(366 * maxDashboardYears).Before(f.To):
			fields.Add("to", "stats.error.span", map[string]any{"Years": maxDashboardYears})
		}
	default:
		f.From, f.To, _ = PresetPeriod(q.Preset, v.Today)
		q.From, q.To = f.From.String(), f.To.String()
	}
	if q.Office != "" {
		id, _ := strconv.ParseInt(q.Office, 10, 64)
		for _, o := range v.Offices {
			if o.ID == id {
				f.Office, v.OfficeName = id, o.Name
			}
		}
		if f.Office == 0 {
			fields.Add("office", "stats.error.office", nil)
		}
	}
	if q.District != "" {
		for _, d := range v.Districts {
			if d.Code == q.District {
				f.District, v.DistrictName = d.Code, d.Name
			}
		}
		if f.District == "" {
			fields.Add("district", "stats.error.district", nil)
		}
	}
	if q.Category != "" {
		for _, c := range v.Catalogue {
			if c.Code == q.Category {
				f.Category = c.Code
			}
		}
		if f.Category == "" {
			fields.Add("category", "stats.error.category", nil)
		}
	}
	return f, fields.Err()
}

// Dashboard returns the dashboard for q. With a bad filter it returns the
// form's choices and the error, so the form can be shown again.
func (a *App) Dashboard(ctx context.Context, u identity.User, q DashboardQuery) (DashboardView, error) {
	return a.dashboard(ctx, u, q, true)
}

// restrictFilters refuses, for a viewer without free filters, a chosen
// period or an office, district or category.
func restrictFilters(q DashboardQuery) error {
	var fields apperr.Fields
	if q.Preset == PresetCustom || q.Preset == "" && (q.From != "" || q.To != "") {
		fields.Add("preset", "stats.error.restricted_period", nil)
	}
	for _, f := range []struct{ name, v string }{{"office", q.Office}, {"district", q.District}, {"category", q.Category}} {
		if strings.TrimSpace(f.v) != "" {
			fields.Add(f.name, "stats.error.restricted", nil)
		}
	}
	return fields.Err()
}

// dashboard builds the dashboard; with mayBeExact false every count is
// hidden as for a viewer not entitled to the lists, whoever asks (for a
// document that leaves sigap).
func (a *App) dashboard(ctx context.Context, u identity.User, q DashboardQuery, mayBeExact bool) (DashboardView, error) {
	v := DashboardView{Query: q, Least: disclosure.DefaultMin, Today: a.today(), Extracted: a.Store.Now()}
	if err := access.Check(u, access.ViewStatistics); err != nil {
		return v, err
	}
	v.ExactReports = mayBeExact && access.Can(u, access.HandleReports)
	v.ExactCases = mayBeExact && access.Can(u, access.ViewCases)
	v.FreeFilters = v.ExactReports && v.ExactCases
	var err error
	if v.Least, err = a.StatsMin(ctx, u.TenantID); err != nil {
		return v, err
	}
	units, err := a.Store.Units(ctx, u.TenantID, false)
	if err != nil {
		return v, err
	}
	for _, un := range units {
		if un.ParentID == 0 {
			v.Offices = append(v.Offices, un)
		}
	}
	slices.SortFunc(v.Offices, func(a, b org.Unit) int { return strings.Compare(a.Name, b.Name) })
	t, err := a.Store.Tenant(ctx, u.TenantID)
	if err != nil {
		return v, err
	}
	if v.Districts, err = a.Store.RegionChildren(ctx, t.RegionCode); err != nil {
		return v, err
	}
	if v.Catalogue, err = a.Store.ReportCatalogue(ctx, u.TenantID); err != nil {
		return v, err
	}
	for _, c := range v.Catalogue {
		v.Categories = append(v.Categories, c.Category)
	}
	if mayBeExact && !v.FreeFilters { // (the quarterly report asks for a whole quarter itself)
		if err := restrictFilters(v.Query); err != nil {
			return v, err
		}
	}
	if v.Filter, err = a.dashboardFilter(&v, &v.Query); err != nil {
		return v, err
	}
	cal, err := a.Store.Calendar(ctx, u.TenantID)
	if err != nil {
		return v, err
	}
	rs, err := a.Store.ReportStats(ctx, u.TenantID, v.Filter, cal)
	if err != nil {
		return v, err
	}
	cs, err := a.Store.CaseStats(ctx, u.TenantID, v.Filter, cal, v.Today)
	if err != nil {
		return v, err
	}
	v.build(rs, cs)
	return v, nil
}

// DashboardExport returns the dashboard for q to be written as a file,
// and records the export with its filter (never its numbers).
func (a *App) DashboardExport(ctx context.Context, u identity.User, q DashboardQuery, format, table string) (DashboardView, error) {
	v, err := a.Dashboard(ctx, u, q)
	if err != nil {
		return v, err
	}
	var fields apperr.Fields
	if format != "xlsx" && format != "csv" {
		fields.Add("format", "stats.error.format", nil)
	}
	if format == "csv" {
		if _, ok := v.Table(table); !ok {
			fields.Add("table", "stats.error.table", nil)
		}
	}
	if err := fields.Err(); err != nil {
		return v, err
	}
	f := v.Filter
	desc := fmt.Sprintf("format=%s table=%s from=%s to=%s office=%d district=%s category=%s exact_reports=%t exact_cases=%t",
		format, table, f.From, f.To, f.Office, f.District, f.Category, v.ExactReports, v.ExactCases)
	return v, a.Store.AuditDashboardExport(ctx, actor(u), u.TenantID, desc)
}

// build turns the counts into what the viewer may see.
func (v *DashboardView) build(rs store.ReportStats, cs store.CaseStats) {
	f := v.Filter
	// The months of the period; a long one lists only those with reports.
	first := calendar.NewDate(f.From.Year(), f.From.Month(), 1)
	n := (f.To.Year()-first.Year())*12 + int(f.To.Month()) - int(first.Month()) + 1
	for i := range n {
		d := calendar.NewDate(first.Year(), first.Month()+time.Month(i), 1)
		k := fmt.Sprintf("%04d-%02d", d.Year(), int(d.Month()))
		if n <= 60 || rs.ByMonth[k] > 0 {
			v.Months = append(v.Months, k)
		}
	}
	names := map[string][2]string{}
	var catKeys []string
	for _, c := range v.Catalogue {
		names[c.Code] = [2]string{c.NameID, c.NameEN}
		if (c.Active || rs.ByCategory[c.Code] > 0) && (f.Category == "" || c.Code == f.Category) {
			catKeys = append(catKeys, c.Code)
		}
	}
	for k := range rs.ByCategory { // a code no longer in the catalogue
		if !slices.Contains(catKeys, k) {
			catKeys = append(catKeys, k)
			names[k] = [2]string{k, k}
		}
	}
	named := func(keys []string, nm func(string) (string, string)) []StatRow {
		out := make([]StatRow, len(keys))
		for i, k := range keys {
			id, en := nm(k)
			out[i] = StatRow{Key: k, NameID: id, NameEN: en}
		}
		return out
	}
	keyed := func(keys []string, prefix string) []StatRow {
		out := make([]StatRow, len(keys))
		for i, k := range keys {
			out[i] = StatRow{Key: k, LabelKey: prefix + k}
		}
		return out
	}
	var districtKeys []string
	for _, d := range v.Districts {
		names["d:"+d.Code] = [2]string{d.Name, d.Name}
		if f.District == "" || d.Code == f.District {
			districtKeys = append(districtKeys, d.Code)
		}
	}
	for k := range rs.ByDistrict {
		if !slices.Contains(districtKeys, k) {
			districtKeys = append(districtKeys, k)
		}
	}
	slices.SortStableFunc(districtKeys, func(a, b string) int { // "none given" last
		if (a == "") != (b == "") {
			if a == "" {
				return 1
			}
			return -1
		}
		return 0
	})
	var officeKeys []string
	for _, o := range v.Offices {
		if f.Office == 0 || o.ID == f.Office {
			officeKeys = append(officeKeys, strconv.FormatInt(o.ID, 10))
			names["o:"+strconv.FormatInt(o.ID, 10)] = [2]string{o.Name, o.Name}
		}
	}
	if f.Office == 0 {
		officeKeys = append(officeKeys, store.Unplaced)
	}
	str := func(xs []report.Status) []string {
		out := make([]string, len(xs))
		for i, x := range xs {
			out[i] = string(x)
		}
		return out
	}
	var channels, modes []string
	for _, c := range report.Channels {
		channels = append(channels, string(c))
	}
	for _, m := range report.Modes {
		modes = append(modes, string(m))
	}

	catRows := named(catKeys, func(k string) (string, string) { return names[k][0], names[k][1] })
	monthRows := make([]StatRow, len(v.Months))
	for i, m := range v.Months {
		monthRows[i] = StatRow{Key: m, NameID: m, NameEN: m}
	}
	districtRows := named(districtKeys, func(k string) (string, string) {
		if n, ok := names["d:"+k]; ok {
			return n[0], n[1]
		}
		return k, k
	})
	for i := range districtRows {
		if districtRows[i].Key == "" {
			districtRows[i].LabelKey = "stats.none_given"
		}
	}
	officeRows := named(officeKeys, func(k string) (string, string) { return names["o:"+k][0], names["o:"+k][1] })
	for i := range officeRows {
		if officeRows[i].Key == store.Unplaced {
			officeRows[i].LabelKey = "stats.unplaced"
		}
	}
	linkable := f.Office == 0 && f.District == "" && v.ExactReports
	reportHref := func(status, category string, from, to calendar.Date) string {
		if !linkable {
			return ""
		}
		q := url.Values{"status": {status}, "from": {from.String()}, "to": {to.String()}, "originals": {"1"}}
		if category == "" {
			category = f.Category
		}
		if category != "" {
			q.Set("category", category)
		}
		return "/reports?" + q.Encode()
	}
	rt := func(id string, rows []StatRow, counts map[string]int, href func(key string) string) StatTable {
		for i := range rows {
			rows[i].Cell.N = counts[rows[i].Key]
			if href != nil {
				rows[i].Cell.Href = href(rows[i].Key)
			}
		}
		t := StatTable{ID: id, Section: "reports", Rows: rows, Total: Cell{N: rs.Total, Href: reportHref("all", "", f.From, f.To)}}
		return t
	}
	v.Reports = []StatTable{
		rt("category", catRows, rs.ByCategory, func(k string) string { return reportHref("all", k, f.From, f.To) }),
		rt("month", monthRows, rs.ByMonth, func(k string) string {
			y, _ := strconv.Atoi(k[:4])
			m, _ := strconv.Atoi(k[5:])
			from, to := calendar.NewDate(y, time.Month(m), 1), calendar.NewDate(y, time.Month(m)+1, 1).AddDays(-1)
			if from.Before(f.From) {
				from = f.From
			}
			if f.To.Before(to) {
				to = f.To
			}
			return reportHref("all", "", from, to)
		}),
		rt("district", districtRows, rs.ByDistrict, nil),
		rt("office", officeRows, rs.ByOffice, nil),
		rt("status", keyed(str(report.Statuses), "report.status."), rs.ByStatus, func(k string) string { return reportHref(k, "", f.From, f.To) }),
		rt("channel", keyed(channels, "report.channel."), rs.ByChannel, nil),
		rt("mode", keyed(modes, "lapor.mode."), rs.ByMode, nil),
	}

	// Cases.
	codes := make([]string, 0, len(cs.ByCode))
	for k := range cs.ByCode {
		codes = append(codes, k)
	}
	slices.Sort(codes)
	catalogue := discipline.DefaultCatalogue()
	codeRows := named(codes, func(k string) (string, string) {
		if vi, ok := catalogue.Violation(k); ok {
			return k + " – " + vi.NameID, k + " – " + vi.NameEN
		}
		return k, k
	})
	levels := []string{string(discipline.Ringan), string(discipline.Sedang), string(discipline.Berat), ""}
	levelRows := keyed(levels, "stats.level.")
	levelRows[3].LabelKey = "stats.level.none"
	var sanctions []string
	for _, s := range discipline.Sanctions {
		sanctions = append(sanctions, string(s))
	}
	sanctionRows := named(sanctions, func(k string) (string, string) {
		return k + " – " + discipline.Sanction(k).NameID(), k + " – " + discipline.Sanction(k).NameEN()
	})
	outcomes := append(slices.Clone(discipline.Remedies), "pending")
	var dueKeys []string
	for k := range cs.Overdue {
		dueKeys = append(dueKeys, k)
	}
	slices.Sort(dueKeys)
	dueRows := keyed(dueKeys, "")
	ct := func(id string, rows []StatRow, counts map[string]int, total int) StatTable {
		for i := range rows {
			rows[i].Cell.N = counts[rows[i].Key]
		}
		return StatTable{ID: id, Section: "cases", Rows: rows, Total: Cell{N: total}}
	}
	sum := func(m map[string]int) int {
		n := 0
		for _, x := range m {
			n += x
		}
		return n
	}
	byCode := ct("code", codeRows, cs.ByCode, 0)
	byCode.NoTotal = true
	v.Cases = []StatTable{
		byCode,
		ct("level", levelRows, cs.ByLevel, cs.Total),
		ct("sanction", sanctionRows, cs.BySanction, sum(cs.BySanction)),
		ct("outcome", keyed(outcomes, "stats.outcome."), cs.ByOutcome, sum(cs.ByOutcome)),
		ct("overdue", dueRows, cs.Overdue, cs.OverdueTotal),
	}
	// The lists behind the case figures, for those who see them exactly
	// (when nothing narrows the cases further): the cases opened in the
	// period of each violation, level, sanction and remedy outcome, as
	// the list chooses them with the same counting (store.CaseQuery), and
	// the government's due list for the steps overdue now.
	if v.ExactCases && f.Office == 0 && f.District == "" && f.Category == "" {
		caseHref := func(dim, key string) string {
			q := url.Values{"from": {f.From.String()}, "to": {f.To.String()}}
			if dim != "" {
				q.Set(dim, key)
			}
			return "/cases?" + q.Encode()
		}
		for i, dim := range []string{"code", "level", "sanction", "outcome"} {
			t := &v.Cases[i]
			for j := range t.Rows {
				key := t.Rows[j].Key
				if dim == "level" && key == "" {
					key = store.LevelNone
				}
				t.Rows[j].Cell.Href = caseHref(dim, key)
			}
			switch dim {
			case "level":
				t.Total.Href = caseHref("", "")
			case "sanction", "outcome":
				t.Total.Href = caseHref(dim, store.Any)
			}
		}
		v.Cases[4].Total.Href = "/cases/due"
	}

	v.Durations = []Duration{
		duration("first_response", "reports", rs.FirstResponse),
		duration("closing", "reports", rs.Closing),
		duration("summons", "cases", cs.ToSummons),
		duration("decision", "cases", cs.ToDecision),
	}
	v.Rates = []Rate{
		{ID: "substantiated", Section: "cases", Num: Cell{N: cs.Substantiated}, Den: Cell{N: cs.Ended}},
		{ID: "reporter_return", Section: "reports", Num: Cell{N: rs.AnonReturned}, Den: Cell{N: rs.AnonAnswered}},
	}
	for i := range v.Rates {
		r := &v.Rates[i]
		if r.Den.N > 0 {
			// One decimal, as the page shows it: the API gives no finer
			// share than the page.
			r.Pct, r.HasRate = math.Round(float64(r.Num.N)*1000/float64(r.Den.N))/10, true
		}
	}

	if v.ExactReports {
		g := &Grid{Rows: v.Months, Cols: catRows}
		for _, m := range v.Months {
			row := make([]int, len(catRows))
			for j, c := range catRows {
				row[j] = rs.MonthCategory[[2]string{m, c.Key}]
			}
			g.Cells = append(g.Cells, row)
		}
		v.MonthGrid = g
		dg := &Grid{Rows: v.Months}
		for _, d := range districtRows {
			if rs.ByDistrict[d.Key] > 0 {
				dg.Cols = append(dg.Cols, d)
			}
		}
		for _, m := range v.Months {
			row := make([]int, len(dg.Cols))
			for j, d := range dg.Cols {
				row[j] = rs.MonthDistrict[[2]string{m, d.Key}]
			}
			dg.Cells = append(dg.Cells, row)
		}
		if len(dg.Cols) > 0 {
			v.DistrictGrid = dg
		}
	} else {
		v.suppress("reports")
	}
	if !v.ExactCases {
		v.suppress("cases")
	}
}

// duration summarises working days: median and 90th percentile (nearest
// rank).
func duration(key, section string, days []int) Duration {
	d := Duration{ID: key, Section: section, N: Cell{N: len(days)}}
	if len(days) == 0 {
		return d
	}
	s := slices.Clone(days)
	slices.Sort(s)
	d.Median = median(s)
	d.P90 = float64(s[int(math.Ceil(0.9*float64(len(s))))-1])
	d.HasFigure = true
	return d
}

// median is the lower middle value (nearest rank): always a whole number
// of days, so that it does not tell whether a hidden count is even.
func median(s []int) float64 { return float64(s[(len(s)-1)/2]) }

// suppress hides the small counts of a section's tables, each against its
// total. The report tables all show the one total of reports, and the
// case tables totals that other figures give too: a table whose counts
// cannot be hidden safely with its total shown is withheld whole (zeros
// included) rather than its total hidden, which the other tables would
// give back. How many cases a duration or a share is made of is not shown
// (the closing time's would be the count of closed reports); the figure
// itself only when the group is not small, and a share only when nothing
// of its section is hidden (with the tables' totals it would solve for a
// hidden count).
func (v *DashboardView) suppress(section string) {
	tables := v.Reports
	if section == "cases" {
		tables = v.Cases
	}
	anyHidden := false
	for i := range tables {
		t := &tables[i]
		counts := make([]int, len(t.Rows))
		for j, r := range t.Rows {
			counts[j] = r.Cell.N
		}
		col := disclosure.Suppress(counts, v.Least, !t.NoTotal)
		if col.TotalHidden {
			t.Rows, t.Withheld, anyHidden = nil, true, true
			continue
		}
		for j := range t.Rows {
			t.Rows[j].Cell = hide(t.Rows[j].Cell, col.Marks[j])
			anyHidden = anyHidden || col.Marks[j] != disclosure.Shown
		}
	}
	small := func(n int) bool { return n > 0 && n < v.Least }
	mark := func(n int) disclosure.Mark {
		if small(n) {
			return disclosure.Small
		}
		return disclosure.Protected
	}
	for i := range v.Durations {
		d := &v.Durations[i]
		if d.Section != section {
			continue
		}
		if d.N.N < v.Least {
			d.HasFigure = false
		}
		if d.N.N > 0 {
			d.N = hide(d.N, mark(d.N.N))
		}
	}
	for i := range v.Rates {
		r := &v.Rates[i]
		if r.Section != section {
			continue
		}
		// A share gives its parts back: it is shown only when neither
		// part nor their difference is small, and nothing else of the
		// section is hidden.
		if anyHidden || small(r.Num.N) || small(r.Den.N) || small(r.Den.N-r.Num.N) {
			r.HasRate = false
		}
		for _, c := range []*Cell{&r.Num, &r.Den} {
			if c.N > 0 {
				*c = hide(*c, mark(c.N))
			}
		}
	}
}

func hide(c Cell, m disclosure.Mark) Cell {
	if m == disclosure.Shown {
		return c
	}
	return Cell{Mark: m}
}
