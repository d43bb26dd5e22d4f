package web

import (
	"fmt"
	"mime"
	"net/http"
	"strconv"
	"time"

	"sigap/internal/app"
	"sigap/internal/apperr"
	"sigap/internal/export"
	"sigap/internal/refdata"
)

// oversightScopeData is the form of an oversight account's region.
type oversightScopeData struct {
	Scope     string
	Set       bool
	Provinces []refdata.Region
	Err       string // a problem with the form, already translated
}

// oversightScopeForm reads the account's region and the provinces; a
// failure leaves the form out rather than the whole account page.
func (s *Server) oversightScopeForm(r *http.Request, id int64) *oversightScopeData {
	u := stateOf(r).user
	scope, set, err := s.app.OversightScope(r.Context(), u, id)
	if err != nil {
		s.log.Error("oversight scope", "err", err)
		return nil
	}
	provinces, err := s.app.Provinces(r.Context(), u)
	if err != nil {
		s.log.Error("provinces", "err", err)
		return nil
	}
	return &oversightScopeData{Scope: scope, Set: set, Provinces: provinces}
}

func (s *Server) userOversightScope(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.app.SetOversightScope(r.Context(), stateOf(r).user, id, r.PostFormValue("region")); err != nil {
		s.userFormError(w, r, id, nil, err)
		return
	}
	s.redirect(w, r, "/admin/users/"+strconv.FormatInt(id, 10), "oversight_scope_saved")
}

func (s *Server) oversight(w http.ResponseWriter, r *http.Request) {
	v, err := s.app.Oversight(r.Context(), stateOf(r).user, r.URL.Query().Get("year"))
	p := s.page(w, r, "oversight.title", &v)
	if err != nil {
		s.formError(w, r, "oversight", p, err)
		return
	}
	s.render(w, r, http.StatusOK, "oversight", p)
}

func (s *Server) oversightExport(w http.ResponseWriter, r *http.Request) {
	u := stateOf(r).user
	v, err := s.app.Oversight(r.Context(), u, r.URL.Query().Get("year"))
	if err == nil && v.NoScope {
		err = apperr.New(apperr.Conflict, "oversight.no_scope.export")
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.app.AuditOversightExport(r.Context(), u, v.Year); err != nil {
		s.fail(w, r, err)
		return
	}
	p := s.page(w, r, "oversight.title", nil)
	h := w.Header()
	h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": fmt.Sprintf("angka-pengawasan-%d.xlsx", v.Year)}))
	h.Set("Cache-Control", "no-store")
	h.Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	if err := export.WriteWorkbook(w, oversightTable(p, v, s.app.Store.Now()), oversightCategoryTable(p, v)); err != nil {
		s.log.Error("oversight export", "err", err) // the response has begun: nothing else to tell
	}
}

// oversightCategoryTable is the breakdown by category, one government a
// row, each hidden with its own threshold.
func oversightCategoryTable(p *Page, v app.OversightView) export.Table {
	t := export.Table{Sheet: p.L("oversight.sheet.categories"), Header: []string{p.L("oversight.col.government"), p.L("oversight.col.code")}}
	for _, c := range v.Categories {
		name := p.L("figures.category.other")
		if c.Key != "" {
			name = p.Pick(c.NameID, c.NameEN)
		}
		t.Header = append(t.Header, name)
	}
	for _, r := range v.Rows {
		cells := []any{r.Name, r.Code}
		if r.CategoriesWithheld {
			cells = append(cells, p.T("figures.withheld", "Least", r.Least))
		}
		for _, c := range r.ByCategory {
			switch {
			case c.None:
				cells = append(cells, "")
			case c.Shown():
				cells = append(cells, c.N)
			default:
				cells = append(cells, hiddenText(r.Least, c.Figure))
			}
		}
		t.Rows = append(t.Rows, cells)
	}
	t.Rows = append(t.Rows, []any{}, []any{p.T("oversight.note.year", "Year", v.Year, "Scope", v.ScopeName)},
		[]any{p.L("oversight.categories.note")})
	return t
}

func oversightTable(p *Page, v app.OversightView, now time.Time) export.Table {
	t := export.Table{Sheet: p.L("oversight.sheet"), Header: []string{p.L("oversight.col.government"), p.L("oversight.col.code"),
		p.L("oversight.col.reports"), p.L("oversight.col.cases"), p.L("oversight.col.substantiated"), p.L("oversight.col.victims"),
		p.L("oversight.col.protection_cases"), p.L("oversight.col.offices_held"), p.L("oversight.col.signed")}}
	row := func(name, code string, r app.OversightRow) []any {
		cells := []any{name, code}
		for _, f := range []app.Figure{r.Reports, r.Cases, r.Substantiated, r.Victims, r.ProtectionCases} {
			if f.Shown() {
				cells = append(cells, f.N)
			} else {
				cells = append(cells, hiddenText(v.Least, f))
			}
		}
		return append(cells, pctCell(r.OfficesHeldPct), pctCell(r.SignedPct))
	}
	for _, r := range v.Rows {
		t.Rows = append(t.Rows, row(r.Name, r.Code, r))
	}
	t.Rows = append(t.Rows, row(p.L("overview.total"), "", v.Total), []any{},
		[]any{p.T("oversight.note.year", "Year", v.Year, "Scope", v.ScopeName)}, []any{p.T("overview.note.hidden", "Least", v.Least)},
		[]any{p.T("oversight.note.extracted", "When", p.When(now))}, []any{p.KeepUntil()})
	return t
}
