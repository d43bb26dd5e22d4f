package web

import (
	"net/http"
	"time"

	"sigap/internal/i18n"
)

// setLang switches the language, remembering it in a cookie for everyone
// and on the account for a signed-in user.
func (s *Server) setLang(w http.ResponseWriter, r *http.Request) {
	lang := r.PostFormValue("lang")
	back := localPath(r.PostFormValue("back"))
	if !i18n.Supported(lang) {
		http.Redirect(w, r, back, http.StatusSeeOther)
		return
	}
	st := stateOf(r)
	if st.signedIn {
		if !validCSRF(st.session.ID, r.PostFormValue("csrf")) {
			s.fail(w, r, errForbiddenCSRF)
			return
		}
		if err := s.app.SetLang(r.Context(), st.user, lang); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	s.setCookie(w, langCookie, lang, 365*24*time.Hour)
	http.Redirect(w, r, back, http.StatusSeeOther)
}
