package web

import (
	"fmt"
	"mime"
	"net/http"
	"net/url"

	"sigap/internal/access"
	"sigap/internal/app"
	"sigap/internal/export"
	"sigap/internal/protection"
)

// The government's numbers on protection cases, the export for Simfoni
// PPA, and the codes the export writes. The numbers page links to no case.

// protectionStatsData is the numbers page.
type protectionStatsData struct {
	app.ProtectionStats
	FormChoices []protection.Form
	AgeChoices  []protection.AgeGroup
	SexChoices  []protection.Sex
	Export      string // the export's query (the filter as given), without format
	// The largest number of victims of each table, for its bars.
	MaxDistrict, MaxForm, MaxMonth int
}

func statsQuery(r *http.Request) app.StatsQuery {
	q := r.URL.Query()
	return app.StatsQuery{Year: q.Get("year"), From: q.Get("from"), To: q.Get("to"), District: q.Get("district"),
		Form: q.Get("form"), Sex: q.Get("sex"), Age: q.Get("age")}
}

// statsValues is the filter as given, for the export's links.
// statsValues is the filter as given, for the export's links.
type statsValues app.StatsQuery

func (q statsValues) encode() string {
	v := url.Values{}
	for k, x := range map[string]string{"year": q.Year, "from": q.From, "to": q.To, "district": q.District, "form": q.Form, "sex": q.Sex, "age": q.Age} {
		if x != "" {
			v.Set(k, x)
		}
	}
	return v.Encode()
}

func (s *Server) protectionStats(w http.ResponseWriter, r *http.Request) {
	s.protectionStatsPage(w, r, nil)
}

// protectionStatsPage shows the numbers for the request's filter; err,
// when given, is the export's complaint about the filter, shown beside
// its fields.
func (s *Server) protectionStatsPage(w http.ResponseWriter, r *http.Request, exportErr error) {
	if !s.can(w, r, access.ViewProtectionStats) {
		return
	}
	st, err := s.app.ProtectionStats(r.Context(), stateOf(r).user, statsQuery(r))
	if err == nil {
		err = exportErr
	}
	if err != nil { // the form again, without numbers
		st.Districts, st.Forms, st.AgeSex, st.Months = nil, nil, nil, nil
	}
	d := protectionStatsData{ProtectionStats: st, FormChoices: protection.Forms, AgeChoices: protection.AgeGroups,
		SexChoices: []protection.Sex{protection.Female, protection.Male}, Export: statsValues(st.Query).encode()}
	for _, x := range st.Districts {
		d.MaxDistrict = max(d.MaxDistrict, x.Victims)
	}
	for _, x := range st.Forms {
		d.MaxForm = max(d.MaxForm, x.Victims)
	}
	for _, x := range st.Months {
		d.MaxMonth = max(d.MaxMonth, x.Victims)
	}
	p := s.page(w, r, "protection.stats.title", d)
	if err != nil {
		s.formError(w, r, "protection_stats", p, err)
		return
	}
	s.render(w, r, http.StatusOK, "protection_stats", p)
}

func (s *Server) protectionExport(w http.ResponseWriter, r *http.Request) {
	if !s.can(w, r, access.WorkProtection) {
		return
	}
	format := r.URL.Query().Get("format")
	ex, err := s.app.ExportProtection(r.Context(), stateOf(r).user, statsQuery(r), format)
	if err != nil {
		// A bad filter is shown on the numbers page, beside its field.
		s.protectionStatsPage(w, r, err)
		return
	}
	t := export.Table{Sheet: "Simfoni PPA", Header: protection.SimfoniColumns}
	for _, rec := range ex.Records {
		t.Rows = append(t.Rows, rec.Cells(ex.Codes))
	}
	name := fmt.Sprintf("simfoni-ppa-%s-%s.%s", ex.Filter.From, ex.Filter.To, format)
	h := w.Header()
	h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": name}))
	h.Set("Cache-Control", "no-store")
	if format == "csv" {
		h.Set("Content-Type", "text/csv; charset=utf-8")
		err = export.WriteCSV(w, t)
	} else {
		h.Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
		err = export.WriteXLSX(w, t)
	}
	if err != nil {
		s.log.Error("protection export", "err", err) // the response has begun: nothing else to tell
	}
}

// exportCodesData is the codes page.
type exportCodesData struct {
	app.ExportCodesView
}

func (s *Server) protectionCodes(w http.ResponseWriter, r *http.Request) {
	if !s.can(w, r, access.ManageProtectionCodes) {
		return
	}
	v, err := s.app.ExportCodes(r.Context(), stateOf(r).user)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "protection_codes", s.page(w, r, "protection.codes.title", exportCodesData{v}))
}

func (s *Server) protectionCodesSave(w http.ResponseWriter, r *http.Request) {
	codes := protection.Codes{}
	for _, l := range protection.CodeLists {
		codes[l.Name] = map[string]string{}
		for _, v := range l.Values {
			codes[l.Name][v] = r.PostFormValue(l.Name + "." + v)
		}
	}
	if err := s.app.SetExportCodes(r.Context(), stateOf(r).user, codes); err != nil {
		p := s.page(w, r, "protection.codes.title", exportCodesData{app.ExportCodesView{Lists: protection.CodeLists, Codes: codes}})
		s.formError(w, r, "protection_codes", p, err)
		return
	}
	s.redirect(w, r, "/admin/protection-codes", "protection_codes_saved")
}
