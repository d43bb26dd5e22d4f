package api

import (
	"net/http"

	"sigap/internal/app"
	"sigap/internal/disclosure"
	"sigap/internal/identity"
)

// countView is one count of a statistics answer: its value, or why it
// is hidden. A hidden count has no value at all, not even a rounded one.
type countView struct {
	N      *int   `json:"n"`                // null when hidden
	Hidden string `json:"hidden,omitempty"` // "small": between 1 and below-1; "protected": hidden so a small one cannot be worked out from a total
	Below  int    `json:"below,omitempty"`  // for "small"
}

// viewMarked is a count n as shown under mark m.
func viewMarked(n int, m disclosure.Mark, least int) countView {
	switch m {
	case disclosure.Small:
		return countView{Hidden: "small", Below: least}
	case disclosure.Protected:
		return countView{Hidden: "protected"}
	}
	return countView{N: &n}
}

// viewCount turns a count of the protection statistics (with the
// app.HiddenCount and app.ProtectedCount marks) into its view.
func viewCount(n, least int) countView {
	switch n {
	case app.HiddenCount:
		return viewMarked(0, disclosure.Small, least)
	case app.ProtectedCount:
		return viewMarked(0, disclosure.Protected, least)
	}
	return viewMarked(n, disclosure.Shown, least)
}

// viewFigure turns a count of the overview or the rollup into its view.
func viewFigure(f app.Figure, least int) countView { return viewMarked(f.N, f.Mark, least) }

// viewCell turns a dashboard cell into its view.
func viewCell(c app.Cell, least int) countView { return viewMarked(c.N, c.Mark, least) }

type victimsCases struct {
	Victims countView `json:"victims"`
	Cases   countView `json:"cases"`
}

type protectionStatsView struct {
	From       string       `json:"from"`
	To         string       `json:"to"`
	Suppressed bool         `json:"suppressed"` // small counts are hidden: the caller does not work on the cases
	TooFew     bool         `json:"too_few"`    // the totals are below the threshold: no breakdown
	Total      victimsCases `json:"total"`
	Districts  []struct {
		Code string `json:"code"`
		Name string `json:"name"`
		victimsCases
	} `json:"districts"`
	Forms []struct {
		Form string `json:"form"`
		victimsCases
	} `json:"forms"`
	AgeSex []struct {
		Group  string    `json:"age_group"` // "" when unknown
		Female countView `json:"female"`
		Male   countView `json:"male"`
		Total  countView `json:"total"`
	} `json:"age_sex"`
	Months []struct {
		Year  int `json:"year"`
		Month int `json:"month"`
		victimsCases
	} `json:"months"`
	Services []struct {
		Kind  string    `json:"kind"`
		Count countView `json:"count"`
	} `json:"services"` // null when a filter other than the period is chosen, or withheld
	ServicesTotal *int            `json:"services_total"`
	Withheld      map[string]bool `json:"withheld,omitempty"` // breakdowns left out: district, form, age, month, service
}

// protectionStats answers with the counts of the protection statistics
// page, with its filters and its suppression.
func (a *API) protectionStats(w http.ResponseWriter, r *http.Request, u identity.User) {
	q := r.URL.Query()
	v, err := a.app.ProtectionStats(r.Context(), u, app.StatsQuery{Year: q.Get("year"), From: q.Get("from"), To: q.Get("to"),
		District: q.Get("district"), Form: q.Get("form"), Sex: q.Get("sex"), Age: q.Get("age")})
	if err != nil {
		a.fail(w, r, u, err)
		return
	}
	vc := func(victims, cases int) victimsCases {
		return victimsCases{Victims: viewCount(victims, v.Least), Cases: viewCount(cases, v.Least)}
	}
	out := protectionStatsView{From: v.Filter.From.String(), To: v.Filter.To.String(), Suppressed: v.Coarse, TooFew: v.TooFew,
		Total: vc(v.Total.Victims, v.Total.Cases)}
	for _, d := range v.Districts {
		out.Districts = append(out.Districts, struct {
			Code string `json:"code"`
			Name string `json:"name"`
			victimsCases
		}{d.Code, d.Name, vc(d.Victims, d.Cases)})
	}
	for _, f := range v.Forms {
		out.Forms = append(out.Forms, struct {
			Form string `json:"form"`
			victimsCases
		}{string(f.Form), vc(f.Victims, f.Cases)})
	}
	for _, g := range v.AgeSex {
		out.AgeSex = append(out.AgeSex, struct {
			Group  string    `json:"age_group"`
			Female countView `json:"female"`
			Male   countView `json:"male"`
			Total  countView `json:"total"`
		}{string(g.Group), viewCount(g.Female, v.Least), viewCount(g.Male, v.Least), viewCount(g.Total, v.Least)})
	}
	for _, m := range v.Months {
		out.Months = append(out.Months, struct {
			Year  int `json:"year"`
			Month int `json:"month"`
			victimsCases
		}{m.Year, m.Month, vc(m.Victims, m.Cases)})
	}
	for _, sv := range v.Services {
		out.Services = append(out.Services, struct {
			Kind  string    `json:"kind"`
			Count countView `json:"count"`
		}{string(sv.Kind), viewCount(sv.Count, v.Least)})
	}
	if v.Services != nil {
		out.ServicesTotal = &v.ServicesTotal
	}
	out.Withheld = v.Withheld
	writeJSON(w, http.StatusOK, out)
}

type officeOutcomeView struct {
	UnitID        int64     `json:"unit_id,omitempty"` // absent on the row of no known office
	Name          string    `json:"name,omitempty"`
	Staff         int       `json:"staff"`
	PeriodsHeld   int       `json:"periods_held"`
	Reached       int       `json:"staff_reached"`
	Signed        int       `json:"staff_signed"`
	Reports       countView `json:"reports"`
	Substantiated countView `json:"substantiated_cases"`
}

type preventionOverviewView struct {
	From          string              `json:"from"`
	To            string              `json:"to"`
	Periods       int                 `json:"periods"`
	PledgeVersion int                 `json:"pledge_version,omitempty"`
	Offices       []officeOutcomeView `json:"offices"`
	Unplaced      officeOutcomeView   `json:"unplaced"`
	Total         officeOutcomeView   `json:"total"`
}

// preventionOverview answers with each office beside its cases, as the
// page shows it (small counts hidden for everyone).
func (a *API) preventionOverview(w http.ResponseWriter, r *http.Request, u identity.User) {
	q := r.URL.Query()
	v, err := a.app.PreventionOverview(r.Context(), u, q.Get("sort"), q.Get("dir") == "desc")
	if err != nil {
		a.fail(w, r, u, err)
		return
	}
	row := func(o app.OverviewRow) officeOutcomeView {
		return officeOutcomeView{UnitID: o.UnitID, Name: o.Name, Staff: o.Staff, PeriodsHeld: o.PeriodsHeld, Reached: o.Reached, Signed: o.Signed,
			Reports: viewFigure(o.Reports, v.Least), Substantiated: viewFigure(o.Cases, v.Least)}
	}
	out := preventionOverviewView{Periods: len(v.Periods), PledgeVersion: v.PledgeVersion.Number, Offices: []officeOutcomeView{},
		Unplaced: row(v.Unplaced), Total: row(v.Total)}
	if len(v.Periods) > 0 {
		out.From, out.To = v.Periods[0].Start.String(), v.Periods[len(v.Periods)-1].End.String()
	}
	for _, o := range v.Rows {
		out.Offices = append(out.Offices, row(o))
	}
	writeJSON(w, http.StatusOK, out)
}

type oversightRowView struct {
	Code            string    `json:"code,omitempty"`
	Name            string    `json:"name,omitempty"`
	Reports         countView `json:"reports"`
	Cases           countView `json:"discipline_cases"`
	Substantiated   countView `json:"substantiated_cases"`
	Victims         countView `json:"protection_victims"`
	ProtectionCases countView `json:"protection_cases"`
	Offices         int       `json:"offices"`
	OfficesHeld     int       `json:"offices_with_guidance"`
	Staff           int       `json:"staff"`
	Signed          int       `json:"staff_signed"`
	// ByCategory is a government's breakdown (not the total's).
	ByCategory *oversightCategoriesView `json:"by_category,omitempty"`
}

type oversightCategoriesView struct {
	Least    int                     `json:"least"`
	Withheld bool                    `json:"withheld"`
	Counts   []oversightCategoryView `json:"counts"`
}

type oversightCategoryView struct {
	Code  string    `json:"code"`
	Count countView `json:"count"`
}

type oversightColumnView struct {
	Code   string `json:"code"`
	NameID string `json:"name_id"`
	NameEN string `json:"name_en"`
}

// oversight answers with the rollup of the governments the caller
// oversees, as the page shows it.
func (a *API) oversight(w http.ResponseWriter, r *http.Request, u identity.User) {
	v, err := a.app.Oversight(r.Context(), u, r.URL.Query().Get("year"))
	if err != nil {
		a.fail(w, r, u, err)
		return
	}
	row := func(o app.OversightRow) oversightRowView {
		return oversightRowView{Code: o.Code, Name: o.Name, Reports: viewFigure(o.Reports, v.Least), Cases: viewFigure(o.Cases, v.Least),
			Substantiated: viewFigure(o.Substantiated, v.Least), Victims: viewFigure(o.Victims, v.Least), ProtectionCases: viewFigure(o.ProtectionCases, v.Least),
			Offices: o.Offices, OfficesHeld: o.OfficesHeld, Staff: o.Staff, Signed: o.Signed}
	}
	out := struct {
		Year        int                   `json:"year"`
		Region      *string               `json:"region"` // null until the operator sets one; "" for every government
		Categories  []oversightColumnView `json:"categories"`
		Governments []oversightRowView    `json:"governments"`
		Total       oversightRowView      `json:"total"`
	}{Year: v.Year, Categories: []oversightColumnView{}, Governments: []oversightRowView{}, Total: row(v.Total)}
	if !v.NoScope {
		out.Region = &v.Scope
	}
	for _, c := range v.Categories {
		out.Categories = append(out.Categories, oversightColumnView{Code: c.Key, NameID: c.NameID, NameEN: c.NameEN})
	}
	for _, o := range v.Rows {
		g := row(o)
		bc := &oversightCategoriesView{Least: o.Least, Withheld: o.CategoriesWithheld, Counts: []oversightCategoryView{}}
		for j, c := range o.ByCategory {
			if !c.None {
				bc.Counts = append(bc.Counts, oversightCategoryView{Code: v.Categories[j].Key, Count: viewFigure(c.Figure, o.Least)})
			}
		}
		g.ByCategory = bc
		out.Governments = append(out.Governments, g)
	}
	writeJSON(w, http.StatusOK, out)
}

type statRowView struct {
	Key   string    `json:"key"`
	Count countView `json:"count"`
}

type statTableView struct {
	ID       string        `json:"id"`
	Rows     []statRowView `json:"rows"`
	Total    *countView    `json:"total,omitempty"`    // absent where rows overlap
	Withheld bool          `json:"withheld,omitempty"` // no row could be shown safely beside the total
}

type durationView struct {
	ID     string    `json:"id"`
	Cases  countView `json:"cases"`
	Median *float64  `json:"median_working_days"` // null: none, or too few to show
	P90    *float64  `json:"p90_working_days"`
}

type rateView struct {
	ID      string    `json:"id"`
	Of      countView `json:"numerator"`
	Out     countView `json:"denominator"`
	Percent *float64  `json:"percent"`
}

// dashboard answers with the staff statistics for the page's filter,
// exact or hidden as the page shows them to the caller.
func (a *API) dashboard(w http.ResponseWriter, r *http.Request, u identity.User) {
	q := r.URL.Query()
	v, err := a.app.Dashboard(r.Context(), u, app.DashboardQuery{Preset: q.Get("preset"), From: q.Get("from"), To: q.Get("to"),
		Office: q.Get("office"), District: q.Get("district"), Category: q.Get("category")})
	if err != nil {
		a.fail(w, r, u, err)
		return
	}
	out := struct {
		From         string          `json:"from"`
		To           string          `json:"to"`
		ExactReports bool            `json:"exact_reports"`
		ExactCases   bool            `json:"exact_cases"`
		Tables       []statTableView `json:"tables"`
		Durations    []durationView  `json:"durations"`
		Rates        []rateView      `json:"rates"`
	}{From: v.Filter.From.String(), To: v.Filter.To.String(), ExactReports: v.ExactReports, ExactCases: v.ExactCases,
		Tables: []statTableView{}, Durations: []durationView{}, Rates: []rateView{}}
	for _, t := range v.Tables() {
		tv := statTableView{ID: t.ID, Rows: []statRowView{}, Withheld: t.Withheld}
		for _, row := range t.Rows {
			tv.Rows = append(tv.Rows, statRowView{Key: row.Key, Count: viewCell(row.Cell, v.Least)})
		}
		if !t.NoTotal {
			total := viewCell(t.Total, v.Least)
			tv.Total = &total
		}
		out.Tables = append(out.Tables, tv)
	}
	for _, d := range v.Durations {
		dv := durationView{ID: d.ID, Cases: viewCell(d.N, v.Least)}
		if d.HasFigure {
			m, p := d.Median, d.P90
			dv.Median, dv.P90 = &m, &p
		}
		out.Durations = append(out.Durations, dv)
	}
	for _, rt := range v.Rates {
		rv := rateView{ID: rt.ID, Of: viewCell(rt.Num, v.Least), Out: viewCell(rt.Den, v.Least)}
		if rt.HasRate {
			p := rt.Pct
			rv.Percent = &p
		}
		out.Rates = append(out.Rates, rv)
	}
	writeJSON(w, http.StatusOK, out)
}
