package web

import (
	"net/http"

	"sigap/internal/apperr"
	"sigap/internal/identity"
)

type signInData struct {
	Username string
	Next     string
}

func (s *Server) signInForm(w http.ResponseWriter, r *http.Request) {
	if stateOf(r).signedIn {
		http.Redirect(w, r, "/", http.StatusSeeOther)
		return
	}
	s.render(w, r, http.StatusOK, "signin", s.page(w, r, "signin.title", signInData{Next: localPath(r.URL.Query().Get("next"))}))
}

func (s *Server) signIn(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, apperr.New(apperr.Invalid, "error.bad_form"))
		return
	}
	username, password := r.PostFormValue("username"), r.PostFormValue("password")
	next := localPath(r.PostFormValue("next"))
	secret, u, stage, err := s.app.SignIn(r.Context(), username, password, r.UserAgent())
	if err != nil {
		p := s.page(w, r, "signin.title", signInData{Username: username, Next: next})
		if ae := apperr.As(err); ae.Code == apperr.Unauthorized || ae.Code == apperr.TooMany {
			// The form is the answer: 200 for a wrong password (a 401
			// without a challenge confuses browsers), 429 for a lockout.
			p.FormError = s.cat.T(p.Lang, ae.Key, ae.Args)
			status := http.StatusOK
			if ae.Code == apperr.TooMany {
				status = http.StatusTooManyRequests
			}
			s.render(w, r, status, "signin", p)
			return
		}
		s.fail(w, r, err)
		return
	}
	s.setCookie(w, sessionCookie, secret, s.app.SessionTTL)
	switch stage {
	case identity.StageTOTP:
		next = "/login/totp?next=" + safeNext(next)
	case identity.StageEnroll:
		next = "/account/2fa?next=" + safeNext(next)
	}
	if u.Lang == "" {
		// Keep the language chosen before signing in.
		if err := s.app.SetLang(r.Context(), u, stateOf(r).lang); err != nil {
			s.log.Warn("saving the language at sign-in", "err", err)
		}
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
}

func (s *Server) signOut(w http.ResponseWriter, r *http.Request) {
	st := stateOf(r)
	if err := s.app.SignOut(r.Context(), st.user, st.session.ID); err != nil && !apperr.Is(err, apperr.NotFound) {
		s.fail(w, r, err)
		return
	}
	s.clearCookie(w, sessionCookie)
	s.redirect(w, r, "/login", "signed_out")
}
