package web

import (
	"io"
	"net/http"
	"strconv"

	"sigap/internal/app"
	"sigap/internal/apperr"
	"sigap/internal/org"
	"sigap/internal/report"
)

// The reporter's side: no account, no cookie of its own, nothing about the
// sender stored. The receipt code never appears in an address: it travels
// only in form bodies, and the pages that show it are not cached.

// reportFormData is the public form, with what was typed when it is shown
// again with errors.
type reportFormData struct {
	Tenant org.Tenant
	app.ReportForm
	In    report.Submission
	Modes []string
	// The desk's variant: where the form posts, and where a report came from.
	Intake   bool
	Action   string
	Channels []report.Channel
	// The proof of work, when asked: the challenge and its bits.
	Challenge string
	WorkBits  int
}

var reportModes = []string{string(report.Anonymous), string(report.Confidential), string(report.Named)}

// publicTenant resolves the tenant of a public address, or answers 404.
func (s *Server) publicTenant(w http.ResponseWriter, r *http.Request) (org.Tenant, bool) {
	t, err := s.app.PublicTenant(r.Context(), r.PathValue("tenant"))
	if err != nil {
		s.fail(w, r, err)
		return t, false
	}
	return t, true
}

// private marks a reporter's page as never to be stored by a browser or
// a proxy, and hides the address it came from.
func private(w http.ResponseWriter) {
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Referrer-Policy", "no-referrer")
}

func (s *Server) reportForm(w http.ResponseWriter, r *http.Request) {
	t, ok := s.publicTenant(w, r)
	if !ok {
		return
	}
	s.renderReportForm(w, r, t, report.Submission{Mode: string(report.Anonymous)}, nil)
}

func (s *Server) renderReportForm(w http.ResponseWriter, r *http.Request, t org.Tenant, in report.Submission, err error) {
	private(w)
	form, ferr := s.app.ReportFormFor(r.Context(), t)
	if ferr != nil {
		s.fail(w, r, ferr)
		return
	}
	d := reportFormData{Tenant: t, ReportForm: form, In: in, Modes: reportModes, Action: "/lapor/" + t.Slug}
	if d.Challenge, d.WorkBits, ferr = s.app.WorkChallenge(r.Context(), t); ferr != nil {
		s.fail(w, r, ferr)
		return
	}
	p := s.page(w, r, "lapor.title", d)
	p.Tenant = t
	if err != nil {
		s.formError(w, r, "report_form", p, notSaved(s, r, err))
		return
	}
	s.render(w, r, http.StatusOK, "report_form", p)
}

// honeypot is a field people never see or fill; programs that fill every
// field do.
const honeypot = "website"

func (s *Server) reportSubmit(w http.ResponseWriter, r *http.Request) {
	if !s.takeReportSlot(w, r) {
		return
	}
	defer s.releaseReportSlot()
	t, ok := s.publicTenant(w, r)
	if !ok {
		return
	}
	if err := parseReportForm(r); err != nil {
		s.fail(w, r, err)
		return
	}
	in := submissionFrom(r)
	if r.PostFormValue(honeypot) != "" {
		s.log.Warn("report refused: honeypot filled", "tenant", t.Slug)
		s.fail(w, r, apperr.New(apperr.Invalid, "lapor.refused"))
		return
	}
	if err := s.app.CheckWork(r.Context(), t, r.PostFormValue("pow_challenge"), r.PostFormValue("pow")); err != nil {
		s.renderReportForm(w, r, t, in, err)
		return
	}
	uploads, err := uploadsFrom(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	_, receipt, err := s.app.SubmitReport(r.Context(), t, in, uploads)
	if err != nil {
		s.renderReportForm(w, r, t, in, err)
		return
	}
	private(w)
	p := s.page(w, r, "lapor.receipt.title", receiptData{Tenant: t, Receipt: receipt.Grouped()})
	p.Tenant = t
	s.render(w, r, http.StatusOK, "report_receipt", p)
}

type receiptData struct {
	Tenant   org.Tenant
	Receipt  string // grouped for reading aloud; shown this once
	Intake   bool   // recorded by the desk, which hands the code on paper
	ReportID string
}

// submissionFrom reads the report form's fields.
func submissionFrom(r *http.Request) report.Submission {
	f := r.PostFormValue
	return report.Submission{
		Category: f("category"), What: f("what"), OccurredOn: f("occurred_on"), District: f("district"), Village: f("village"),
		Place: f("place"), AccusedName: f("accused_name"), AccusedOffice: f("accused_office"), AccusedPosition: f("accused_position"),
		ReporterIsVictim: f("reporter_is_victim"), Witnesses: f("witnesses"), Mode: f("mode"), ReporterName: f("reporter_name"),
		ReporterContact: f("reporter_contact"), ReporterNIK: f("reporter_nik"), ContactVictim: f("contact_victim"), ShareIdentity: f("share_identity"),
	}
}

// reportStatusData is the reporter's view of their report.
type reportStatusData struct {
	Tenant  org.Tenant
	Receipt string // carried in the reply form's body, never in an address
	View    app.ReporterView
	Reply   string
}

func (s *Server) reportStatusForm(w http.ResponseWriter, r *http.Request) {
	t, ok := s.publicTenant(w, r)
	if !ok {
		return
	}
	private(w)
	p := s.page(w, r, "lapor.status.title", reportStatusData{Tenant: t})
	p.Tenant = t
	s.render(w, r, http.StatusOK, "report_status_form", p)
}

// receiptFrom reads and checks the receipt of a form, throttled per
// address; failures are logged without the code.
func (s *Server) receiptFrom(w http.ResponseWriter, r *http.Request, t org.Tenant) (app.ReporterView, report.Receipt, error) {
	if ok, wait := s.ReceiptGate(r); !ok {
		w.Header().Set("Retry-After", strconv.Itoa(int(wait.Seconds())+1))
		s.log.Warn("receipt attempts throttled", "tenant", t.Slug)
		return app.ReporterView{}, "", apperr.New(apperr.TooMany, "receipt.throttled")
	}
	receipt, err := report.ParseReceipt(r.PostFormValue("receipt"))
	if err != nil {
		return app.ReporterView{}, "", err
	}
	v, err := s.app.ReportByReceipt(r.Context(), t, receipt)
	if apperr.Is(err, apperr.NotFound) {
		s.log.Warn("receipt not found", "tenant", t.Slug)
		s.metrics.receiptMisses.Inc()
		err = apperr.InvalidField("receipt", "receipt.not_found", nil)
	}
	return v, receipt, err
}

func (s *Server) reportStatus(w http.ResponseWriter, r *http.Request) {
	t, ok := s.publicTenant(w, r)
	if !ok {
		return
	}
	private(w)
	v, receipt, err := s.receiptFrom(w, r, t)
	p := s.page(w, r, "lapor.status.title", reportStatusData{Tenant: t, Receipt: receipt.Grouped(), View: v})
	p.Tenant = t
	if err != nil {
		p.Data = reportStatusData{Tenant: t}
		s.formError(w, r, "report_status_form", p, err)
		return
	}
	s.render(w, r, http.StatusOK, "report_status", p)
}

func (s *Server) reportReply(w http.ResponseWriter, r *http.Request) {
	if !s.takeReportSlot(w, r) {
		return
	}
	defer s.releaseReportSlot()
	t, ok := s.publicTenant(w, r)
	if !ok {
		return
	}
	private(w)
	if err := parseReportForm(r); err != nil {
		s.fail(w, r, err)
		return
	}
	v, receipt, err := s.receiptFrom(w, r, t)
	if err != nil {
		p := s.page(w, r, "lapor.status.title", reportStatusData{Tenant: t})
		p.Tenant = t
		s.formError(w, r, "report_status_form", p, err)
		return
	}
	body := r.PostFormValue("body")
	d := reportStatusData{Tenant: t, Receipt: receipt.Grouped(), View: v}
	uploads, err := uploadsFrom(r)
	if err == nil {
		err = s.app.ReporterReply(r.Context(), t, receipt, body, uploads)
	}
	if err != nil {
		d.Reply = body
		p := s.page(w, r, "lapor.status.title", d)
		p.Tenant = t
		s.formError(w, r, "report_status", p, err)
		return
	}
	if d.View, err = s.app.ReportByReceipt(r.Context(), t, receipt); err != nil {
		s.fail(w, r, err)
		return
	}
	p := s.page(w, r, "lapor.status.title", d)
	p.Tenant = t
	p.Flash = s.cat.T(p.Lang, "lapor.reply.sent", nil)
	s.render(w, r, http.StatusOK, "report_status", p)
}

// notSaved turns a failure of ours while storing a report into an error
// the form can show above what the reporter typed, so that nothing typed
// is lost; the cause goes to the log.
func notSaved(s *Server, r *http.Request, err error) error {
	switch apperr.CodeOf(err) {
	case apperr.Invalid, apperr.Conflict, apperr.TooMany:
		return err
	}
	s.log.Error("a report could not be stored", "route", r.Pattern, "err", apperr.As(err).Err)
	return apperr.New(apperr.Unavailable, "lapor.not_saved")
}

// reportSlots bounds the reports being taken at once by this instance:
// sealing, queueing and waiting for the group commit. Beyond it a sender
// is told at once to come back (429 with Retry-After) instead of joining
// a wait that would outlast their patience and their phone's connection.
// At the measured rate of about 4,000 reports a second, 512 in flight is
// an eighth of a second of work.
const reportSlots = 512

// takeReportSlot takes a slot or answers 429; the caller releases it.
func (s *Server) takeReportSlot(w http.ResponseWriter, r *http.Request) bool {
	select {
	case s.reportSlots <- struct{}{}:
		return true
	default:
		// Read what was sent (within the body limit), so that the
		// connection stays usable for the retry.
		io.Copy(io.Discard, r.Body)
		w.Header().Set("Retry-After", "2")
		s.fail(w, r, apperr.New(apperr.TooMany, "report.busy"))
		return false
	}
}

func (s *Server) releaseReportSlot() { <-s.reportSlots }

// ReportSlots is the same bound for the API's public submissions.
func (s *Server) ReportSlots() chan struct{} { return s.reportSlots }
