package web

import (
	"net/http"

	"sigap/internal/identity"
)

type accountData struct {
	TOTPOn    bool
	CodesLeft int
	NeedsTOTP bool
	Sessions  []identity.Session
	Current   string
	Tokens    []identity.Token
	NewToken  string // shown once, right after creation
	TokenName string
}

func (s *Server) accountPage(w http.ResponseWriter, r *http.Request) (*Page, bool) {
	st := stateOf(r)
	sessions, err := s.app.Sessions(r.Context(), st.user)
	if err != nil {
		s.fail(w, r, err)
		return nil, false
	}
	tokens, err := s.app.Tokens(r.Context(), st.user)
	if err != nil {
		s.fail(w, r, err)
		return nil, false
	}
	on, left, err := s.app.TOTPStatus(r.Context(), st.user)
	if err != nil {
		s.fail(w, r, err)
		return nil, false
	}
	return s.page(w, r, "account.title", accountData{TOTPOn: on, CodesLeft: left, NeedsTOTP: identity.NeedsTOTP(st.user.Roles), Sessions: sessions, Current: st.session.ID, Tokens: tokens}), true
}

func (s *Server) account(w http.ResponseWriter, r *http.Request) {
	if p, ok := s.accountPage(w, r); ok {
		s.render(w, r, http.StatusOK, "account", p)
	}
}

func (s *Server) changePassword(w http.ResponseWriter, r *http.Request) {
	st := stateOf(r)
	err := s.app.ChangePassword(r.Context(), st.user, r.PostFormValue("current"), r.PostFormValue("new_password"))
	if err != nil {
		if p, ok := s.accountPage(w, r); ok {
			s.formError(w, r, "account", p, err)
		}
		return
	}
	// Changing the password ended every session, this one too: sign in again.
	s.clearCookie(w, sessionCookie)
	s.redirect(w, r, "/login", "password_changed")
}

// endSession ends one session; the ID travels in the form body, not the URL.
func (s *Server) endSession(w http.ResponseWriter, r *http.Request) {
	st := stateOf(r)
	id := r.PostFormValue("id")
	if err := s.app.EndSession(r.Context(), st.user, id); err != nil {
		s.fail(w, r, err)
		return
	}
	if id == st.session.ID {
		s.clearCookie(w, sessionCookie)
		s.redirect(w, r, "/login", "signed_out")
		return
	}
	s.redirect(w, r, "/account", "session_ended")
}

func (s *Server) endOtherSessions(w http.ResponseWriter, r *http.Request) {
	st := stateOf(r)
	if _, err := s.app.EndOtherSessions(r.Context(), st.user, st.session.ID); err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, "/account", "sessions_ended")
}

// createToken shows the new token on the answer page itself (never in a
// URL or a cookie); it cannot be shown again.
func (s *Server) createToken(w http.ResponseWriter, r *http.Request) {
	st := stateOf(r)
	name := r.PostFormValue("name")
	secret, _, err := s.app.CreateToken(r.Context(), st.user, name, r.PostFormValue("scope"))
	p, ok := s.accountPage(w, r)
	if !ok {
		return
	}
	if err != nil {
		d := p.Data.(accountData)
		d.TokenName = name
		p.Data = d
		s.formError(w, r, "account", p, err)
		return
	}
	d := p.Data.(accountData)
	d.NewToken = secret
	p.Data = d
	s.render(w, r, http.StatusOK, "account", p)
}

func (s *Server) revokeToken(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err == nil {
		err = s.app.RevokeToken(r.Context(), stateOf(r).user, id)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, "/account", "token_revoked")
}
