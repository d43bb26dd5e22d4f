package web

import (
	"net/http"

	"sigap/internal/access"
	"sigap/internal/discipline"
)

type authorityData struct {
	Info      discipline.Info
	Rules     []discipline.Rule
	CanManage bool
	PPK       string
}

func (s *Server) authorityRules(w http.ResponseWriter, r *http.Request) {
	st := stateOf(r)
	t, err := s.app.AuthorityRules(r.Context(), st.user)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := s.page(w, r, "authority.title", nil)
	p.Data = authorityData{Info: t.Info(), Rules: t.Rules(), CanManage: access.Can(st.user, access.ManageRoster),
		PPK: p.L("authority.ppk." + headKind(p.Tenant))}
	s.render(w, r, http.StatusOK, "authority", p)
}

func (s *Server) authoritySet(w http.ResponseWriter, r *http.Request) {
	on := r.PostFormValue("enabled") == "1"
	if err := s.app.SetAuthorityRule(r.Context(), stateOf(r).user, r.PathValue("rule"), on); err != nil {
		s.fail(w, r, err)
		return
	}
	flash := "authority_disabled"
	if on {
		flash = "authority_enabled"
	}
	s.redirect(w, r, "/admin/authority", flash)
}
