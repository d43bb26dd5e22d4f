package web

import (
	"net/http"

	"sigap/internal/access"
	"sigap/internal/report"
)

// The desk records reports that came by walk-in, phone, letter,
// SP4N-LAPOR!, social media or the press, with the same form as the
// public one plus where the report came from; the reporter can still be
// handed a receipt on paper.

func (s *Server) reportNew(w http.ResponseWriter, r *http.Request) {
	s.renderIntakeForm(w, r, report.Submission{Mode: string(report.Anonymous)}, nil)
}

func (s *Server) renderIntakeForm(w http.ResponseWriter, r *http.Request, in report.Submission, err error) {
	if !s.can(w, r, access.HandleReports) {
		return
	}
	private(w)
	t, form, ferr := s.app.IntakeForm(r.Context(), stateOf(r).user)
	if ferr != nil {
		s.fail(w, r, ferr)
		return
	}
	p := s.page(w, r, "reports.new", reportFormData{Tenant: t, ReportForm: form, In: in, Modes: reportModes, Intake: true,
		Action: "/reports/new", Channels: report.IntakeChannels})
	if err != nil {
		s.formError(w, r, "report_form", p, notSaved(s, r, err))
		return
	}
	s.render(w, r, http.StatusOK, "report_form", p)
}

func (s *Server) reportCreate(w http.ResponseWriter, r *http.Request) {
	in := submissionFrom(r)
	in.Channel, in.ChannelRef = r.PostFormValue("channel"), r.PostFormValue("channel_ref")
	uploads, err := uploadsFrom(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	rep, receipt, err := s.app.RecordReport(r.Context(), stateOf(r).user, in, uploads)
	if err != nil {
		s.renderIntakeForm(w, r, in, err)
		return
	}
	private(w)
	t, _, _ := s.app.IntakeForm(r.Context(), stateOf(r).user)
	p := s.page(w, r, "lapor.receipt.title", receiptData{Tenant: t, Receipt: receipt.Grouped(), Intake: true, ReportID: rep.PublicID})
	s.render(w, r, http.StatusOK, "report_receipt", p)
}
