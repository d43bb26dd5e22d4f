package web

import (
	"encoding/base64"
	"html/template"
	"net/http"
	"strconv"

	"sigap/internal/apperr"
	"sigap/internal/identity"
)

// totpForm asks for the second factor of a sign-in.
func (s *Server) totpForm(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "totp", s.page(w, r, "totp.title", signInData{Next: localPath(r.URL.Query().Get("next"))}))
}

func (s *Server) totpSubmit(w http.ResponseWriter, r *http.Request) {
	st := stateOf(r)
	next := localPath(r.PostFormValue("next"))
	if err := s.app.SecondFactor(r.Context(), st.user, st.session, r.PostFormValue("code")); err != nil {
		s.formError(w, r, "totp", s.page(w, r, "totp.title", signInData{Next: next}), err)
		return
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
}

type twoFactorData struct {
	Enabled   bool
	CodesLeft int
	Required  bool
	Enrolling bool // the session waits for this set-up before anything else
	Secret    string
	QR        template.URL // data: URI of the QR code image, made here
	Codes     []string     // recovery codes, shown once
	Next      string
}

func (s *Server) twoFactorPage(w http.ResponseWriter, r *http.Request) (*Page, bool) {
	st := stateOf(r)
	d := twoFactorData{Required: identity.NeedsTOTP(st.user.Roles), Enrolling: st.session.Stage == identity.StageEnroll, Next: localPath(r.FormValue("next"))}
	var err error
	if d.Enabled, d.CodesLeft, err = s.app.TOTPStatus(r.Context(), st.user); err != nil {
		s.fail(w, r, err)
		return nil, false
	}
	if !d.Enabled {
		setup, err := s.app.BeginTOTP(r.Context(), st.user)
		if err != nil {
			s.fail(w, r, err)
			return nil, false
		}
		d.Secret = setup.Secret
		// The image is our own PNG, so marking the data URI safe is sound.
		d.QR = template.URL("data:image/png;base64," + base64.StdEncoding.EncodeToString(setup.QRPNG))
	}
	return s.page(w, r, "totp.setup.title", d), true
}

// twoFactor shows the set-up (QR code and secret) or, once on, the state
// of the second factor.
func (s *Server) twoFactor(w http.ResponseWriter, r *http.Request) {
	if p, ok := s.twoFactorPage(w, r); ok {
		s.render(w, r, http.StatusOK, "twofactor", p)
	}
}

func (s *Server) twoFactorConfirm(w http.ResponseWriter, r *http.Request) {
	st := stateOf(r)
	codes, err := s.app.ConfirmTOTP(r.Context(), st.user, st.session, r.PostFormValue("code"))
	if err != nil {
		if p, ok := s.twoFactorPage(w, r); ok {
			s.formError(w, r, "twofactor", p, err)
		}
		return
	}
	s.showCodes(w, r, codes)
}

// showCodes renders the recovery codes on the answer itself: they are
// never stored in clear and never shown again.
func (s *Server) showCodes(w http.ResponseWriter, r *http.Request, codes []string) {
	s.render(w, r, http.StatusOK, "twofactor", s.page(w, r, "totp.codes.title", twoFactorData{Enabled: true, Codes: codes, Next: localPath(r.PostFormValue("next"))}))
}

func (s *Server) twoFactorCodes(w http.ResponseWriter, r *http.Request) {
	codes, err := s.app.NewRecoveryCodes(r.Context(), stateOf(r).user, r.PostFormValue("code"))
	if err != nil {
		if p, ok := s.twoFactorPage(w, r); ok {
			s.formError(w, r, "twofactor", p, err)
		}
		return
	}
	s.showCodes(w, r, codes)
}

func (s *Server) twoFactorDisable(w http.ResponseWriter, r *http.Request) {
	if err := s.app.DisableTOTP(r.Context(), stateOf(r).user, r.PostFormValue("code")); err != nil {
		if apperr.Is(err, apperr.Invalid) {
			if p, ok := s.twoFactorPage(w, r); ok {
				s.formError(w, r, "twofactor", p, err)
			}
			return
		}
		s.fail(w, r, err)
		return
	}
	// Turning it off ended every session, this one too.
	s.clearCookie(w, sessionCookie)
	s.redirect(w, r, "/login", "totp_disabled")
}

func (s *Server) userReset2FAConfirm(w http.ResponseWriter, r *http.Request) {
	s.userConfirm(w, r, "user_reset_2fa", "users.reset2fa.title")
}

func (s *Server) userReset2FA(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err == nil {
		err = s.app.ResetUserTOTP(r.Context(), stateOf(r).user, id)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, "/admin/users/"+strconv.FormatInt(id, 10), "totp_reset")
}
