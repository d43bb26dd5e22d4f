package web

import (
	"net/http"
	"strconv"

	"sigap/internal/access"
	"sigap/internal/report"
)

// reportCategoriesData is the catalogue page: the entries and a few
// empty rows for new categories.
type reportCategoriesData struct {
	Entries []report.CatalogueEntry
	Known   int // entries that existed before: their codes are fixed
}

// newCategoryRows is how many empty rows the page offers for additions.
const newCategoryRows = 3

func (s *Server) reportCategories(w http.ResponseWriter, r *http.Request) {
	if !s.can(w, r, access.ManageReportCategories) {
		return
	}
	entries, err := s.app.ReportCatalogue(r.Context(), stateOf(r).user)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d := reportCategoriesData{Entries: append(entries, make([]report.CatalogueEntry, newCategoryRows)...), Known: len(entries)}
	s.render(w, r, http.StatusOK, "report_categories", s.page(w, r, "categories.title", d))
}

func (s *Server) reportCategoriesSave(w http.ResponseWriter, r *http.Request) {
	n, _ := strconv.Atoi(r.PostFormValue("rows"))
	n = min(max(n, 0), report.MaxCategories+newCategoryRows)
	var entries []report.CatalogueEntry
	for i := range n {
		k := strconv.Itoa(i)
		entries = append(entries, report.CatalogueEntry{Category: report.Category{Code: r.PostFormValue("code." + k),
			NameID: r.PostFormValue("name_id." + k), NameEN: r.PostFormValue("name_en." + k)}, Active: r.PostFormValue("active."+k) == "1"})
	}
	if err := s.app.SetReportCatalogue(r.Context(), stateOf(r).user, entries); err != nil {
		known, _ := strconv.Atoi(r.PostFormValue("known"))
		p := s.page(w, r, "categories.title", reportCategoriesData{Entries: entries, Known: known})
		s.formError(w, r, "report_categories", p, err)
		return
	}
	s.redirect(w, r, "/admin/report-categories", "categories_saved")
}
