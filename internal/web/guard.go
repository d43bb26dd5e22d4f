package web

import (
	"net/http"
	"strconv"

	"sigap/internal/access"
	"sigap/internal/apperr"
)

// can answers 403 and returns false when the user lacks a capability. Form
// pages use it so that a user without the right sees an error, not a form
// that would fail on submit; the app layer checks again on every write.
func (s *Server) can(w http.ResponseWriter, r *http.Request, c access.Capability) bool {
	if err := access.Check(stateOf(r).user, c); err != nil {
		s.fail(w, r, err)
		return false
	}
	return true
}

// formIDQuery reads an optional numeric query value.
func formIDQuery(r *http.Request, name string) (int64, error) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return 0, nil
	}
	id, err := strconv.ParseInt(v, 10, 64)
	if err != nil || id < 0 {
		return 0, apperr.New(apperr.Invalid, "error.invalid_choice")
	}
	return id, nil
}
