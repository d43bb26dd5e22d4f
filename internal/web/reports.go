package web

import (
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"sigap/internal/access"
	"sigap/internal/app"
	"sigap/internal/calendar"
	"sigap/internal/report"
	"sigap/internal/roster"
	"sigap/internal/store"
)

const reportsPerPage = 50

// reportFilters are the queue's status choices: each names the statuses
// it shows.
var reportFilters = []struct {
	Value    string
	Statuses []report.Status
}{
	{"active", []report.Status{report.New, report.InReview}},
	{"new", []report.Status{report.New}},
	{"in_review", []report.Status{report.InReview}},
	{"closed", []report.Status{report.Closed}},
	{"all", report.Statuses},
}

type reportsData struct {
	Items      []app.QueueItem
	Total      int
	Filter     string
	Filters    []string
	Category   string
	Categories []report.Category
	PageNo     int
	Pages      int
	PrevURL    string
	NextURL    string
	// From, To and Originals are the period and "no duplicates" the
	// statistics link here with; the filter form keeps them.
	From, To  calendar.Date
	Originals bool
}

func (s *Server) reports(w http.ResponseWriter, r *http.Request) {
	st := stateOf(r)
	if !s.can(w, r, access.HandleReports) {
		return
	}
	v := r.URL.Query()
	d := reportsData{Filter: v.Get("status"), Category: v.Get("category")}
	statuses := reportFilters[0].Statuses
	for _, f := range reportFilters {
		d.Filters = append(d.Filters, f.Value)
		if f.Value == d.Filter {
			statuses = f.Statuses
		}
	}
	if statuses == nil || d.Filter == "" {
		d.Filter = "active"
	}
	d.PageNo, _ = strconv.Atoi(v.Get("page"))
	d.PageNo = max(d.PageNo, 1)
	var err error
	if d.Categories, err = s.app.ReportCategories(r.Context(), st.user); err != nil {
		s.fail(w, r, err)
		return
	}
	// The statistics link here with a period and without duplicates.
	from, _ := calendar.ParseDate(v.Get("from"))
	to, _ := calendar.ParseDate(v.Get("to"))
	originals := v.Get("originals") == "1"
	d.From, d.To, d.Originals = from, to, originals
	d.Items, d.Total, err = s.app.ReportQueue(r.Context(), st.user, store.ReportQuery{Statuses: statuses, Category: d.Category,
		From: from, To: to, Originals: originals, Offset: (d.PageNo - 1) * reportsPerPage, Limit: reportsPerPage})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d.Pages = max(1, (d.Total+reportsPerPage-1)/reportsPerPage)
	link := func(n int) string {
		q := url.Values{"page": {strconv.Itoa(n)}, "status": {d.Filter}}
		if d.Category != "" {
			q.Set("category", d.Category)
		}
		if !from.IsZero() {
			q.Set("from", from.String())
		}
		if !to.IsZero() {
			q.Set("to", to.String())
		}
		if originals {
			q.Set("originals", "1")
		}
		return "/reports?" + q.Encode()
	}
	if d.PageNo > 1 {
		d.PrevURL = link(d.PageNo - 1)
	}
	if d.PageNo < d.Pages {
		d.NextURL = link(d.PageNo + 1)
	}
	s.render(w, r, http.StatusOK, "reports", s.page(w, r, "reports.title", d))
}

// reportDeskData is the desk's page of one report.
type reportDeskData struct {
	app.DeskView
	Places          map[string]string // region code → name
	EmployeeQuery   string
	EmployeeResults []roster.Employee
	Message         string
	Outcome         report.OutcomeInput
	OutcomeKinds    []report.OutcomeKind
	ReferralTargets []string
	Into            string
	Redact          app.RedactInput // the redaction form as sent
}

func (s *Server) deskPage(w http.ResponseWriter, r *http.Request, d *reportDeskData) (*Page, bool) {
	st := stateOf(r)
	v, err := s.app.DeskReport(r.Context(), st.user, r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return nil, false
	}
	d.DeskView, d.OutcomeKinds, d.ReferralTargets = v, report.OutcomeKinds, report.ReferralTargets
	if d.Places, err = s.app.PlaceNames(r.Context(), st.user); err != nil {
		s.fail(w, r, err)
		return nil, false
	}
	if d.EmployeeQuery = strings.TrimSpace(r.URL.Query().Get("employee_q")); d.EmployeeQuery != "" {
		if d.EmployeeResults, _, err = s.app.Employees(r.Context(), st.user, store.EmployeeQuery{Text: d.EmployeeQuery, Limit: 10}); err != nil {
			s.fail(w, r, err)
			return nil, false
		}
	}
	p := s.page(w, r, "reports.report", d)
	return p, true
}

func (s *Server) reportDesk(w http.ResponseWriter, r *http.Request) {
	// Outside the desk, a report is read only, on need to know.
	if !access.Can(stateOf(r).user, access.HandleReports) {
		s.reportRead(w, r)
		return
	}
	if p, ok := s.deskPage(w, r, &reportDeskData{}); ok {
		s.render(w, r, http.StatusOK, "report", p)
	}
}

// deskAction runs one of the desk's decisions on the report of the
// address, then returns to the report with a flash, or shows the error
// beside the form that caused it.
func (s *Server) deskAction(w http.ResponseWriter, r *http.Request, d *reportDeskData, flash string, act func() error) {
	if err := act(); err != nil {
		if p, ok := s.deskPage(w, r, d); ok {
			s.formError(w, r, "report", p, err)
		}
		return
	}
	s.redirect(w, r, "/reports/"+r.PathValue("id"), flash)
}

func (s *Server) reportVerify(w http.ResponseWriter, r *http.Request) {
	s.deskAction(w, r, &reportDeskData{}, "report_verified", func() error {
		return s.app.VerifyReport(r.Context(), stateOf(r).user, r.PathValue("id"))
	})
}

func (s *Server) reportMessage(w http.ResponseWriter, r *http.Request) {
	internal := r.PostFormValue("internal") == "1"
	flash := "report_message_sent"
	if internal {
		flash = "report_note_added"
	}
	body := r.PostFormValue("body")
	s.deskAction(w, r, &reportDeskData{Message: body}, flash, func() error {
		return s.app.DeskMessage(r.Context(), stateOf(r).user, r.PathValue("id"), body, internal)
	})
}

func (s *Server) reportLinkEmployee(w http.ResponseWriter, r *http.Request) {
	s.deskAction(w, r, &reportDeskData{}, "report_employee_linked", func() error {
		id, err := formID(r, "employee_id")
		if err != nil {
			return err
		}
		return s.app.LinkReportEmployee(r.Context(), stateOf(r).user, r.PathValue("id"), id)
	})
}

func (s *Server) reportMerge(w http.ResponseWriter, r *http.Request) {
	into := strings.TrimSpace(r.PostFormValue("into"))
	s.deskAction(w, r, &reportDeskData{Into: into}, "report_merged", func() error {
		return s.app.MergeReport(r.Context(), stateOf(r).user, r.PathValue("id"), into)
	})
}

func (s *Server) reportOutcome(w http.ResponseWriter, r *http.Request) {
	in := report.OutcomeInput{Kind: r.PostFormValue("kind"), ReferralTo: r.PostFormValue("referral_to"), Note: r.PostFormValue("note")}
	d := &reportDeskData{Outcome: in}
	if in.Kind == string(report.Reject) && r.PostFormValue("confirm") != "1" {
		// A rejection closes the report and its reason goes to the
		// reporter: it is confirmed on a page of its own first.
		if _, err := in.Check(); err != nil {
			if p, ok := s.deskPage(w, r, d); ok {
				s.formError(w, r, "report", p, err)
			}
			return
		}
		if p, ok := s.deskPage(w, r, d); ok {
			p.Title = "reports.reject.confirm"
			s.render(w, r, http.StatusOK, "report_reject", p)
		}
		return
	}
	s.deskAction(w, r, d, "report_outcome_added", func() error {
		_, err := s.app.AddOutcome(r.Context(), stateOf(r).user, r.PathValue("id"), in)
		return err
	})
}

func (s *Server) reportCloseConfirm(w http.ResponseWriter, r *http.Request) {
	if p, ok := s.deskPage(w, r, &reportDeskData{}); ok {
		p.Title = "reports.close.confirm"
		s.render(w, r, http.StatusOK, "report_close", p)
	}
}

func (s *Server) reportClose(w http.ResponseWriter, r *http.Request) {
	s.deskAction(w, r, &reportDeskData{}, "report_closed", func() error {
		return s.app.CloseReport(r.Context(), stateOf(r).user, r.PathValue("id"))
	})
}

// reportFile sends a report's file to the desk: an audited read. Files
// are always downloaded, never shown inline, so a PDF's scripts or an
// image's content cannot run in sigap's pages.
func (s *Server) reportFile(w http.ResponseWriter, r *http.Request) {
	err := s.app.DeskFile(r.Context(), stateOf(r).user, r.PathValue("id"), r.PathValue("file"), func(f report.Attachment) {
		h := w.Header()
		h.Set("Content-Type", f.ContentType)
		h.Set("Content-Length", strconv.FormatInt(f.Size, 10))
		h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": f.Name.Reveal()}))
		h.Set("Cache-Control", "no-store")
		h.Set("X-Content-Type-Options", "nosniff")
	}, w)
	if err != nil {
		if w.Header().Get("Content-Disposition") != "" {
			// Part of the file may be out: the answer cannot turn into an
			// error page, so the connection is cut.
			s.log.Error("sending a file failed", "route", r.Pattern, "err", err)
			panic(http.ErrAbortHandler)
		}
		s.fail(w, r, err)
	}
}
