package web

import (
	"mime"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"sigap/internal/access"
	"sigap/internal/app"
	"sigap/internal/calendar"
	"sigap/internal/discipline"
	"sigap/internal/identity"
	"sigap/internal/roster"
	"sigap/internal/store"
)

const casesPerPage = 50

type casesData struct {
	CanOpen bool
	Cases   []store.DisciplineCase
	Total   int
	PageNo  int
	Pages   int
	PrevURL string
	NextURL string
	// From and To are the period of opening a statistics link gave, and
	// ClearPeriod the list without it.
	From, To    calendar.Date
	ClearPeriod string
	// Filters are the dashboard's dimensions a statistics link gave, each
	// with the list without it.
	Filters []caseFilter
}

// caseFilter is one dimension the list is narrowed by, as the page says
// it, and the link that removes it.
type caseFilter struct {
	Name, Value, Remove string
}

// caseListQuery reads the list's filters from the address; a value the
// dashboard does not count by is left out.
func caseListQuery(v url.Values) store.CaseQuery {
	q := store.CaseQuery{}
	q.From, _ = calendar.ParseDate(v.Get("from"))
	q.To, _ = calendar.ParseDate(v.Get("to"))
	switch l := v.Get("level"); l {
	case string(discipline.Ringan), string(discipline.Sedang), string(discipline.Berat), store.LevelNone:
		q.Level = l
	}
	if x := v.Get("sanction"); x == store.Any || slices.Contains(discipline.Sanctions, discipline.Sanction(x)) {
		q.Sanction = x
	}
	if x := v.Get("outcome"); x == store.Any || x == "pending" || slices.Contains(discipline.Remedies, x) {
		q.Outcome = x
	}
	if x := v.Get("code"); len(x) <= 20 && strings.Trim(x, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-") == "" {
		q.Code = x
	}
	return q
}

// caseListValues is the address of q's filters, without the page.
func caseListValues(q store.CaseQuery) url.Values {
	v := url.Values{}
	for k, x := range map[string]string{"level": q.Level, "sanction": q.Sanction, "outcome": q.Outcome, "code": q.Code} {
		if x != "" {
			v.Set(k, x)
		}
	}
	if !q.From.IsZero() {
		v.Set("from", q.From.String())
	}
	if !q.To.IsZero() {
		v.Set("to", q.To.String())
	}
	return v
}

func (s *Server) cases(w http.ResponseWriter, r *http.Request) {
	if !s.can(w, r, access.ViewCases) {
		return
	}
	d := casesData{CanOpen: access.Can(stateOf(r).user, access.ManageCharges)}
	v := r.URL.Query()
	d.PageNo, _ = strconv.Atoi(v.Get("page"))
	d.PageNo = max(d.PageNo, 1)
	// The statistics link here with the period the cases were opened in,
	// and the dimension of the figure.
	q := caseListQuery(v)
	d.From, d.To = q.From, q.To
	q.Offset, q.Limit = (d.PageNo-1)*casesPerPage, casesPerPage
	var err error
	if d.Cases, d.Total, err = s.app.Cases(r.Context(), stateOf(r).user, q); err != nil {
		s.fail(w, r, err)
		return
	}
	d.Pages = max(1, (d.Total+casesPerPage-1)/casesPerPage)
	without := func(keys ...string) string {
		x := caseListValues(q)
		for _, k := range keys {
			x.Del(k)
		}
		if len(x) == 0 {
			return "/cases"
		}
		return "/cases?" + x.Encode()
	}
	d.ClearPeriod = without("from", "to")
	p := s.page(w, r, "cases.title", nil)
	d.Filters = caseFilters(p, q, without)
	link := func(n int) string {
		x := caseListValues(q)
		x.Set("page", strconv.Itoa(n))
		return "/cases?" + x.Encode()
	}
	if d.PageNo > 1 {
		d.PrevURL = link(d.PageNo - 1)
	}
	if d.PageNo < d.Pages {
		d.NextURL = link(d.PageNo + 1)
	}
	p.Data = d
	s.render(w, r, http.StatusOK, "cases", p)
}

// caseFilters says the list's dimensions in the page's language, in the
// dashboard's words.
func caseFilters(p *Page, q store.CaseQuery, without func(...string) string) []caseFilter {
	var out []caseFilter
	if q.Code != "" {
		name := q.Code
		if vi, ok := discipline.DefaultCatalogue().Violation(q.Code); ok {
			name += " – " + p.Pick(vi.NameID, vi.NameEN)
		}
		out = append(out, caseFilter{p.L("cases.filter.code"), name, without("code")})
	}
	if q.Level != "" {
		out = append(out, caseFilter{p.L("cases.filter.level"), p.L("stats.level." + q.Level), without("level")})
	}
	if q.Sanction != "" {
		name := p.L("cases.filter.sanction.any")
		if x := discipline.Sanction(q.Sanction); q.Sanction != store.Any {
			name = q.Sanction + " – " + p.Pick(x.NameID(), x.NameEN())
		}
		out = append(out, caseFilter{p.L("cases.filter.sanction"), name, without("sanction")})
	}
	if q.Outcome != "" {
		name := p.L("cases.filter.outcome.any")
		if q.Outcome != store.Any {
			name = p.L("stats.outcome." + q.Outcome)
		}
		out = append(out, caseFilter{p.L("cases.filter.outcome"), name, without("outcome")})
	}
	return out
}

type caseData struct {
	app.CaseView
	In        app.ChargeInput
	Impacts   []discipline.Impact
	PPK       string
	CanEdit   bool
	CanStep   bool // the examiner's steps
	CanDecide bool // the decider's steps
	// AllSanctions are offered for a remedy that changes the sanction.
	AllSanctions []discipline.Sanction
	Handlers     []identity.User // who may handle the case
	People       casePeopleData
	Exam         caseExamData // the BAP, statements and release (case_exam.go)
	// Protection is the linked protection cases, showing what the victim
	// agreed to share with the personnel agency.
	Protection []app.LinkedProtection
}

func (s *Server) casePage(w http.ResponseWriter, r *http.Request, in app.ChargeInput) (*Page, bool) {
	st := stateOf(r)
	v, err := s.app.Case(r.Context(), st.user, r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return nil, false
	}
	exam, err := s.caseExamData(r, v)
	if err != nil {
		s.fail(w, r, err)
		return nil, false
	}
	p := s.page(w, r, "cases.title", nil)
	p.Title = v.Case.Number
	d := caseData{CaseView: v, In: in, Impacts: discipline.Impacts, PPK: p.L("authority.ppk." + headKind(p.Tenant)),
		CanEdit: access.Can(st.user, access.ManageCharges) && v.Case.Status == "open", CanStep: access.Can(st.user, access.ManageCharges),
		CanDecide: access.Can(st.user, access.DecideCases), AllSanctions: discipline.Sanctions, Exam: exam}
	if d.CanStep {
		if d.Handlers, err = s.app.Handlers(r.Context(), st.user); err != nil {
			s.fail(w, r, err)
			return nil, false
		}
	}
	if err := s.casePeople(r, p, &d); err != nil {
		s.fail(w, r, err)
		return nil, false
	}
	if d.Protection, err = s.app.DisciplineProtectionLinks(r.Context(), st.user, v.Case.ID); err != nil {
		s.fail(w, r, err)
		return nil, false
	}
	p.Data = d
	return p, true
}

func (s *Server) caseView(w http.ResponseWriter, r *http.Request) {
	if p, ok := s.casePage(w, r, app.ChargeInput{}); ok {
		s.render(w, r, http.StatusOK, "case", p)
	}
}

func (s *Server) caseChargeAdd(w http.ResponseWriter, r *http.Request) {
	in := app.ChargeInput{Code: r.PostFormValue("code"), Impact: r.PostFormValue("impact"),
		DaysAbsent: r.PostFormValue("days_absent"), DaysConsecutive: r.PostFormValue("days_consecutive")}
	if err := s.app.AddCharge(r.Context(), stateOf(r).user, r.PathValue("id"), in); err != nil {
		if p, ok := s.casePage(w, r, in); ok {
			s.formError(w, r, "case", p, err)
		}
		return
	}
	s.redirect(w, r, "/cases/"+r.PathValue("id"), "charge_added")
}

func (s *Server) caseChargeRemove(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "charge")
	if err == nil {
		err = s.app.RemoveCharge(r.Context(), stateOf(r).user, r.PathValue("id"), id)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, "/cases/"+r.PathValue("id"), "charge_removed")
}

func (s *Server) caseStep(w http.ResponseWriter, r *http.Request) {
	in := app.StepInput{Kind: r.PostFormValue("kind"), Day1: r.PostFormValue("day1"), Day2: r.PostFormValue("day2"),
		Sanction: r.PostFormValue("sanction"), Outcome: r.PostFormValue("outcome")}
	if err := s.app.CaseStep(r.Context(), stateOf(r).user, r.PathValue("id"), in); err != nil {
		if p, ok := s.casePage(w, r, app.ChargeInput{}); ok {
			s.formError(w, r, "case", p, err)
		}
		return
	}
	s.redirect(w, r, "/cases/"+r.PathValue("id"), "step_recorded")
}

type caseNewData struct {
	Query   string
	Results []roster.Employee
}

func (s *Server) caseNew(w http.ResponseWriter, r *http.Request) {
	st := stateOf(r)
	if !s.can(w, r, access.ManageCharges) {
		return
	}
	d := caseNewData{Query: strings.TrimSpace(r.URL.Query().Get("q"))}
	if d.Query != "" {
		var err error
		if d.Results, _, err = s.app.Employees(r.Context(), st.user, store.EmployeeQuery{Text: d.Query, Limit: 20}); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	s.render(w, r, http.StatusOK, "case_new", s.page(w, r, "cases.new", d))
}

func (s *Server) caseOpen(w http.ResponseWriter, r *http.Request) {
	id, err := formID(r, "employee_id")
	if err == nil {
		var c store.DisciplineCase
		if c, err = s.app.OpenCase(r.Context(), stateOf(r).user, id); err == nil {
			s.redirect(w, r, "/cases/"+c.PublicID, "case_opened")
			return
		}
	}
	s.fail(w, r, err)
}

// caseLetter sends a letter of a case as a PDF download; its generation
// is audited.
func (s *Server) caseLetter(w http.ResponseWriter, r *http.Request) {
	name, pdf, err := s.app.CaseLetter(r.Context(), stateOf(r).user, r.PathValue("id"), r.PathValue("kind"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "application/pdf")
	h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": name}))
	h.Set("Cache-Control", "no-store")
	w.Write(pdf)
}
