package web

import (
	"net/http"
	"strings"

	"sigap/internal/access"
	"sigap/internal/app"
	"sigap/internal/roster"
	"sigap/internal/store"
)

// casePeopleData is the part of the case page about the case's people,
// the declared relations and the Tim Pemeriksa.
type casePeopleData struct {
	app.PeopleView
	// ConflictText says, in the reader's language, why the reader may read
	// the case but not act on it.
	ConflictText string
	// Query and Results are a search of the roster, to pick a party, a
	// related employee or a team member from.
	Query   string
	Results []roster.Employee
	// CanPeople: the examiner records parties and relations; CanTeam: the
	// decider forms the team.
	CanPeople bool
	CanTeam   bool
}

// casePeople fills the page's people and team, and takes the action forms
// away from a reader in a conflict of interest.
func (s *Server) casePeople(r *http.Request, p *Page, d *caseData) error {
	st := stateOf(r)
	pv, err := s.app.CasePeople(r.Context(), st.user, d.CaseView)
	if err != nil {
		return err
	}
	d.People = casePeopleData{PeopleView: pv}
	if pv.Conflict != nil {
		d.People.ConflictText = s.cat.T(p.Lang, pv.Conflict.Key("case.conflict"), pv.Conflict.Args())
		d.CanEdit, d.CanStep, d.CanDecide, d.Exam.CanExamEdit = false, false, false, false
		return nil
	}
	d.People.CanPeople = access.Can(st.user, access.ManageCharges) && d.Case.Status == "open"
	d.People.CanTeam = access.Can(st.user, access.DecideCases) && pv.TeamOpen
	if q := strings.TrimSpace(r.URL.Query().Get("who")); q != "" && (d.People.CanPeople || d.People.CanTeam) && access.Can(st.user, access.ViewRoster) {
		d.People.Query = q
		if d.People.Results, _, err = s.app.Employees(r.Context(), st.user, store.EmployeeQuery{Text: q, Limit: 10}); err != nil {
			return err
		}
	}
	return nil
}

// casePeopleAction runs one change of a case's people or team and goes
// back to the case page, or shows it again with what went wrong.
func (s *Server) casePeopleAction(w http.ResponseWriter, r *http.Request, flash string, act func() error) {
	if err := act(); err != nil {
		if p, ok := s.casePage(w, r, app.ChargeInput{}); ok {
			s.formError(w, r, "case", p, err)
		}
		return
	}
	s.redirect(w, r, "/cases/"+r.PathValue("id")+"#people", flash)
}

func (s *Server) casePartyAdd(w http.ResponseWriter, r *http.Request) {
	s.casePeopleAction(w, r, "party_added", func() error {
		return s.app.AddCaseParty(r.Context(), stateOf(r).user, r.PathValue("id"),
			app.PartyInput{Role: r.PostFormValue("role"), EmployeeID: r.PostFormValue("employee_id"), Name: r.PostFormValue("name")})
	})
}

func (s *Server) casePartyRemove(w http.ResponseWriter, r *http.Request) {
	s.casePeopleAction(w, r, "party_removed", func() error {
		return s.app.RemoveCaseParty(r.Context(), stateOf(r).user, r.PathValue("id"), r.PostFormValue("party"))
	})
}

func (s *Server) caseRelationAdd(w http.ResponseWriter, r *http.Request) {
	s.casePeopleAction(w, r, "relation_added", func() error {
		return s.app.AddCaseRelation(r.Context(), stateOf(r).user, r.PathValue("id"), app.RelationInput{EmployeeID: r.PostFormValue("employee_id"),
			Kind: r.PostFormValue("kind"), Target: r.PostFormValue("target"), Reason: r.PostFormValue("reason")})
	})
}

func (s *Server) caseRelationRemove(w http.ResponseWriter, r *http.Request) {
	s.casePeopleAction(w, r, "relation_removed", func() error {
		return s.app.RemoveCaseRelation(r.Context(), stateOf(r).user, r.PathValue("id"), r.PostFormValue("relation"))
	})
}

func (s *Server) caseTeamAdd(w http.ResponseWriter, r *http.Request) {
	s.casePeopleAction(w, r, "member_added", func() error {
		return s.app.AppointTeamMember(r.Context(), stateOf(r).user, r.PathValue("id"),
			app.MemberInput{EmployeeID: r.PostFormValue("employee_id"), Seat: r.PostFormValue("seat")})
	})
}

func (s *Server) caseTeamRemove(w http.ResponseWriter, r *http.Request) {
	s.casePeopleAction(w, r, "member_removed", func() error {
		return s.app.RemoveTeamMember(r.Context(), stateOf(r).user, r.PathValue("id"), r.PostFormValue("member"))
	})
}
