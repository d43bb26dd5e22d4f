package web

import (
	"net/http"

	"sigap/internal/app"
)

type identityData struct {
	View   app.IdentityView
	Reason string
}

func (s *Server) identityPage(w http.ResponseWriter, r *http.Request, reason string) (*Page, bool) {
	v, err := s.app.Identity(r.Context(), stateOf(r).user, r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return nil, false
	}
	return s.page(w, r, "identity.title", identityData{View: v, Reason: reason}), true
}

// identity shows a sealed identity: sealed, with a request form, unless the
// user holds a running approval. Opening it is audited.
func (s *Server) identity(w http.ResponseWriter, r *http.Request) {
	if p, ok := s.identityPage(w, r, ""); ok {
		s.render(w, r, http.StatusOK, "identity", p)
	}
}

func (s *Server) identityRequest(w http.ResponseWriter, r *http.Request) {
	reason := r.PostFormValue("reason")
	if _, err := s.app.RequestUnseal(r.Context(), stateOf(r).user, r.PathValue("id"), reason); err != nil {
		if p, ok := s.identityPage(w, r, reason); ok {
			s.formError(w, r, "identity", p, err)
		}
		return
	}
	s.redirect(w, r, "/identities/"+r.PathValue("id"), "unseal_requested")
}
