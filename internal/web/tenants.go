package web

import (
	"net/http"

	"sigap/internal/access"
	"sigap/internal/org"
)

type tenantsData struct {
	Tenants   []org.Tenant
	CanCreate bool
	Code      string
	Slug      string
	Name      string
}

func (s *Server) tenantsPage(w http.ResponseWriter, r *http.Request) (*Page, bool) {
	st := stateOf(r)
	ts, err := s.app.Tenants(r.Context(), st.user)
	if err != nil {
		s.fail(w, r, err)
		return nil, false
	}
	return s.page(w, r, "tenants.title", tenantsData{Tenants: ts, CanCreate: access.Can(st.user, access.ManageTenants)}), true
}

func (s *Server) tenants(w http.ResponseWriter, r *http.Request) {
	if p, ok := s.tenantsPage(w, r); ok {
		s.render(w, r, http.StatusOK, "tenants", p)
	}
}

func (s *Server) tenantCreate(w http.ResponseWriter, r *http.Request) {
	code, slug, name := r.PostFormValue("code"), r.PostFormValue("slug"), r.PostFormValue("name")
	if _, err := s.app.CreateTenant(r.Context(), stateOf(r).user, code, slug, name); err != nil {
		p, ok := s.tenantsPage(w, r)
		if !ok {
			return
		}
		d := p.Data.(tenantsData)
		d.Code, d.Slug, d.Name = code, slug, name
		p.Data = d
		s.formError(w, r, "tenants", p, err)
		return
	}
	s.redirect(w, r, "/operator/tenants", "tenant_created")
}
