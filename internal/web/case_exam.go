package web

import (
	"net/http"
	"strings"

	"sigap/internal/access"
	"sigap/internal/app"
	"sigap/internal/discipline"
	"sigap/internal/store"
)

// The examination part of the case page: the BAP, the statements of other
// parties and the temporary release from duties (PP 94/2021 Ps 27, 30–32).

// caseExamData is what the case page shows and asks of the examination.
type caseExamData struct {
	app.ExamView
	// The forms' values: what was typed when the page shows an error,
	// else the recorded BAP to correct.
	BAPIn       app.ExamInput
	Statement   app.StatementInput
	ReleaseIn   app.ReleaseInput
	Modes       []string
	Signatures  []string
	Roles       []string
	CanExamEdit bool // the examiner may record the BAP and statements, and release
}

// caseExamData opens the examination part of a case for its page.
func (s *Server) caseExamData(r *http.Request, v app.CaseView) (caseExamData, error) {
	u := stateOf(r).user
	ev, err := s.app.CaseExam(r.Context(), u, v)
	if err != nil {
		return caseExamData{}, err
	}
	d := caseExamData{ExamView: ev, Modes: discipline.ExamModes, Signatures: discipline.Signatures, Roles: discipline.StatementRoles,
		CanExamEdit: access.Can(u, access.ManageCharges) && v.Case.Status == "open",
		BAPIn:       app.ExamInput{Mode: discipline.ExamModes[0], Signature: discipline.Signatures[0]}}
	if b := ev.BAP; b != nil {
		d.BAPIn = app.ExamInput{Mode: b.Mode, Place: b.Place, Examiners: strings.Join(b.Examiners, "\n"), QA: discipline.FormatQA(b.QAs), Signature: b.Signature}
	}
	return d, nil
}

// examFormError shows the case page again with the error beside its field
// and what was typed in the form that failed.
func (s *Server) examFormError(w http.ResponseWriter, r *http.Request, err error, set func(*caseExamData)) {
	p, ok := s.casePage(w, r, app.ChargeInput{})
	if !ok {
		return
	}
	d := p.Data.(caseData)
	set(&d.Exam)
	p.Data = d
	s.formError(w, r, "case", p, err)
}

func (s *Server) caseBAP(w http.ResponseWriter, r *http.Request) {
	in := app.ExamInput{Day: r.PostFormValue("day1"), Mode: r.PostFormValue("mode"), Place: r.PostFormValue("place"),
		Examiners: r.PostFormValue("examiners"), QA: r.PostFormValue("qa"), Signature: r.PostFormValue("signature")}
	if err := s.app.RecordExam(r.Context(), stateOf(r).user, r.PathValue("id"), in); err != nil {
		s.examFormError(w, r, err, func(d *caseExamData) { d.BAPIn = in })
		return
	}
	s.redirect(w, r, "/cases/"+r.PathValue("id"), "bap_recorded")
}

func (s *Server) caseStatementAdd(w http.ResponseWriter, r *http.Request) {
	in := app.StatementInput{Name: r.PostFormValue("name"), Role: r.PostFormValue("role"), Day: r.PostFormValue("statement_day"), Text: r.PostFormValue("text")}
	if err := s.app.AddStatement(r.Context(), stateOf(r).user, r.PathValue("id"), in); err != nil {
		s.examFormError(w, r, err, func(d *caseExamData) { d.Statement = in })
		return
	}
	s.redirect(w, r, "/cases/"+r.PathValue("id"), "statement_added")
}

type statementRemoveData struct {
	CasePublicID string
	Statement    store.StatementRecord
}

func (s *Server) caseStatementRemoveConfirm(w http.ResponseWriter, r *http.Request) {
	st, err := s.app.StatementToRemove(r.Context(), stateOf(r).user, r.PathValue("id"), r.PathValue("statement"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "case_statement_remove", s.page(w, r, "cases.statement.remove.title",
		statementRemoveData{CasePublicID: r.PathValue("id"), Statement: st}))
}

func (s *Server) caseStatementRemove(w http.ResponseWriter, r *http.Request) {
	if err := s.app.RemoveStatement(r.Context(), stateOf(r).user, r.PathValue("id"), r.PathValue("statement")); err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, "/cases/"+r.PathValue("id"), "statement_removed")
}

func (s *Server) caseRelease(w http.ResponseWriter, r *http.Request) {
	in := app.ReleaseInput{Day: r.PostFormValue("release_day"), Acting: r.PostFormValue("acting")}
	if err := s.app.Release(r.Context(), stateOf(r).user, r.PathValue("id"), in); err != nil {
		s.examFormError(w, r, err, func(d *caseExamData) { d.ReleaseIn = in })
		return
	}
	s.redirect(w, r, "/cases/"+r.PathValue("id"), "release_recorded")
}
