package web

import (
	"mime"
	"net/http"
	"strings"
)

// The accused's own view: the cases about them, their dates and their
// letters; nothing about who reported or who was harmed.

func (s *Server) ownCases(w http.ResponseWriter, r *http.Request) {
	cases, err := s.app.OwnCases(r.Context(), stateOf(r).user)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "own_cases", s.page(w, r, "own_cases.title", cases))
}

func (s *Server) ownCaseLetter(w http.ResponseWriter, r *http.Request) {
	name, pdf, err := s.app.OwnCaseLetter(r.Context(), stateOf(r).user, r.PathValue("id"), r.PathValue("kind"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "application/pdf")
	h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": name}))
	h.Set("Cache-Control", "no-store")
	w.Write(pdf)
}

// employeeAccount links an employee of the roster to an account.
func (s *Server) employeeAccount(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err == nil {
		err = s.app.LinkAccount(r.Context(), stateOf(r).user, id, strings.TrimSpace(r.PostFormValue("username")))
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, r.URL.Path[:strings.LastIndex(r.URL.Path, "/")], "account_linked")
}
