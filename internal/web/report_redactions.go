package web

import (
	"net/http"

	"sigap/internal/access"
	"sigap/internal/app"
)

// reportReadData is a report as read outside the desk: read only.
type reportReadData struct {
	app.ReadView
}

// reportRead shows a report read only, with its redactions applied, to an
// examiner or a decider of a case it is behind, or to the custodian asked
// to unseal one of its identities; everyone else is refused.
func (s *Server) reportRead(w http.ResponseWriter, r *http.Request) {
	v, err := s.app.ReadReport(r.Context(), stateOf(r).user, r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "report_read", s.page(w, r, "reports.read.title", &reportReadData{ReadView: v}))
}

// redactForm reads the redaction form.
func redactForm(r *http.Request) app.RedactInput {
	return app.RedactInput{Target: r.PostFormValue("target"), Words: r.PostFormValue("words"), Occurrence: r.PostFormValue("occurrence"),
		Kind: r.PostFormValue("kind"), Reason: r.PostFormValue("reason"), All: r.PostFormValue("all") == "1"}
}

// reportRedact masks a span of the report. A temporary redaction is made
// at once; a permanent one destroys the words, so it is confirmed on a
// page of its own first.
func (s *Server) reportRedact(w http.ResponseWriter, r *http.Request) {
	if !s.can(w, r, access.RedactReports) {
		return
	}
	in := redactForm(r)
	d := &reportDeskData{Redact: in}
	if in.Kind == "permanent" && r.PostFormValue("confirm") != "1" {
		if err := s.app.CheckRedact(r.Context(), stateOf(r).user, r.PathValue("id"), in); err != nil {
			if p, ok := s.deskPage(w, r, d); ok {
				s.formError(w, r, "report", p, err)
			}
			return
		}
		if p, ok := s.deskPage(w, r, d); ok {
			p.Title = "redaction.confirm"
			s.render(w, r, http.StatusOK, "report_redact", p)
		}
		return
	}
	flash := "report_redacted"
	if in.Kind == "permanent" {
		flash = "report_redacted_permanently"
	}
	s.deskAction(w, r, d, flash, func() error {
		return s.app.Redact(r.Context(), stateOf(r).user, r.PathValue("id"), in)
	})
}

// reportRedactionLift lifts a temporary redaction.
func (s *Server) reportRedactionLift(w http.ResponseWriter, r *http.Request) {
	s.deskAction(w, r, &reportDeskData{}, "report_redaction_lifted", func() error {
		return s.app.LiftRedaction(r.Context(), stateOf(r).user, r.PathValue("id"), r.PathValue("redaction"))
	})
}
