package web

import (
	"net/http"

	"sigap/internal/access"
	"sigap/internal/org"
)

type unitsData struct {
	Nodes        []org.TreeNode
	ShowArchived bool
	CanManage    bool
}

func (s *Server) units(w http.ResponseWriter, r *http.Request) {
	st := stateOf(r)
	showArchived := r.URL.Query().Get("archived") == "1"
	nodes, err := s.app.UnitTree(r.Context(), st.user, showArchived)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := s.page(w, r, "units.title", nil)
	p.Data = unitsData{Nodes: nodes, ShowArchived: showArchived, CanManage: access.Can(st.user, access.ManageUnits)}
	s.render(w, r, http.StatusOK, "units", p)
}

// unitFormData fills the unit form: the unit being edited (ID 0 for a new
// one), the choices of parent and kind.
type unitFormData struct {
	ID      int64
	Input   org.UnitInput
	Parents []org.TreeNode
	Kinds   []org.UnitKind
}

func (s *Server) unitForm(w http.ResponseWriter, r *http.Request, id int64, in org.UnitInput) (*Page, bool) {
	nodes, err := s.app.UnitTree(r.Context(), stateOf(r).user, false)
	if err != nil {
		s.fail(w, r, err)
		return nil, false
	}
	parents := nodes[:0:0]
	for _, n := range nodes {
		if n.Unit.ID != id {
			parents = append(parents, n)
		}
	}
	title := "units.new"
	if id != 0 {
		title = "units.edit"
	}
	return s.page(w, r, title, unitFormData{ID: id, Input: in, Parents: parents, Kinds: org.UnitKinds}), true
}

func (s *Server) unitNew(w http.ResponseWriter, r *http.Request) {
	if !s.can(w, r, access.ManageUnits) {
		return
	}
	in := org.UnitInput{Kind: org.KindDinas}
	// A parent given in the address is only taken when it is one of the
	// tenant's own units.
	if pid, err := formIDQuery(r, "parent"); err == nil && pid != 0 {
		if _, err := s.app.Unit(r.Context(), stateOf(r).user, pid); err == nil {
			in.ParentID, in.Kind = pid, org.KindSubunit
		}
	}
	if p, ok := s.unitForm(w, r, 0, in); ok {
		s.render(w, r, http.StatusOK, "unit_form", p)
	}
}

func unitInput(r *http.Request) (org.UnitInput, error) {
	parent, err := formID(r, "parent_id")
	return org.UnitInput{ParentID: parent, Name: r.PostFormValue("name"), Abbreviation: r.PostFormValue("abbreviation"), Kind: org.UnitKind(r.PostFormValue("kind"))}, err
}

func (s *Server) unitCreate(w http.ResponseWriter, r *http.Request) {
	in, err := unitInput(r)
	if err == nil {
		_, err = s.app.CreateUnit(r.Context(), stateOf(r).user, in)
	}
	if err != nil {
		if p, ok := s.unitForm(w, r, 0, in); ok {
			s.formError(w, r, "unit_form", p, err)
		}
		return
	}
	s.redirect(w, r, "/admin/units", "unit_created")
}

func (s *Server) unitEdit(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if !s.can(w, r, access.ManageUnits) {
		return
	}
	u, err := s.app.Unit(r.Context(), stateOf(r).user, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	in := org.UnitInput{ParentID: u.ParentID, Name: u.Name, Abbreviation: u.Abbreviation, Kind: u.Kind}
	if p, ok := s.unitForm(w, r, id, in); ok {
		s.render(w, r, http.StatusOK, "unit_form", p)
	}
}

func (s *Server) unitUpdate(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	in, err := unitInput(r)
	if err == nil {
		_, err = s.app.UpdateUnit(r.Context(), stateOf(r).user, id, in)
	}
	if err != nil {
		if p, ok := s.unitForm(w, r, id, in); ok {
			s.formError(w, r, "unit_form", p, err)
		}
		return
	}
	s.redirect(w, r, "/admin/units", "unit_saved")
}

// unitArchiveConfirm asks before archiving; the page works without script.
func (s *Server) unitArchiveConfirm(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if !s.can(w, r, access.ManageUnits) {
		return
	}
	u, err := s.app.Unit(r.Context(), stateOf(r).user, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "unit_archive", s.page(w, r, "units.archive.title", u))
}

func (s *Server) unitArchive(w http.ResponseWriter, r *http.Request) { s.unitSetArchived(w, r, true) }
func (s *Server) unitRestore(w http.ResponseWriter, r *http.Request) { s.unitSetArchived(w, r, false) }

func (s *Server) unitSetArchived(w http.ResponseWriter, r *http.Request, archived bool) {
	id, err := pathID(r, "id")
	if err == nil {
		err = s.app.SetUnitArchived(r.Context(), stateOf(r).user, id, archived)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	flash := "unit_restored"
	if archived {
		flash = "unit_archived"
	}
	s.redirect(w, r, "/admin/units", flash)
}
