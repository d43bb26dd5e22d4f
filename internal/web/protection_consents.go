package web

import (
	"net/http"

	"sigap/internal/app"
	"sigap/internal/calendar"
	"sigap/internal/protection"
)

// What a victim (or guardian) agreed to share with whom: the consents of
// a protection case, recorded and withdrawn on their own page.

type consentsData struct {
	app.ConsentsView
	In         app.ConsentInput
	Recipients []protection.Recipient
	Scopes     []protection.Scope
	GivenBys   []protection.GivenBy
	Today      string
}

// Scoped reports whether the form had scope s ticked.
func (d consentsData) Scoped(s protection.Scope) bool {
	for _, x := range d.In.Scopes {
		if x == string(s) {
			return true
		}
	}
	return false
}

func (s *Server) consentsPage(w http.ResponseWriter, r *http.Request, in app.ConsentInput) (*Page, bool) {
	v, err := s.app.ProtectionConsents(r.Context(), stateOf(r).user, r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return nil, false
	}
	today := calendar.DateOf(s.app.Store.Now(), protection.WIB).String()
	if in.GivenOn == "" {
		in.GivenOn = today
	}
	return s.page(w, r, "protection.consents.title", consentsData{ConsentsView: v, In: in, Recipients: protection.Recipients,
		Scopes: protection.Scopes, GivenBys: []protection.GivenBy{protection.ByVictim, protection.ByGuardian}, Today: today}), true
}

func (s *Server) protectionConsents(w http.ResponseWriter, r *http.Request) {
	if p, ok := s.consentsPage(w, r, app.ConsentInput{}); ok {
		s.render(w, r, http.StatusOK, "protection_consents", p)
	}
}

func (s *Server) protectionConsentAdd(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	in := app.ConsentInput{Recipient: r.PostFormValue("recipient"), Scopes: r.PostForm["scopes"], GivenBy: r.PostFormValue("given_by"),
		GivenOn: r.PostFormValue("given_on"), Victim: r.PostFormValue("victim")}
	if err := s.app.RecordConsentInput(r.Context(), stateOf(r).user, r.PathValue("id"), in); err != nil {
		if p, ok := s.consentsPage(w, r, in); ok {
			s.formError(w, r, "protection_consents", p, err)
		}
		return
	}
	s.redirect(w, r, "/protection/"+r.PathValue("id")+"/consents", "protection_consent_recorded")
}

type consentWithdrawData struct {
	app.ConsentsView
	Consent protection.Consent
}

func (s *Server) protectionConsentWithdrawConfirm(w http.ResponseWriter, r *http.Request) {
	v, c, err := s.app.ConsentToWithdraw(r.Context(), stateOf(r).user, r.PathValue("id"), r.PathValue("consent"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "protection_consent_withdraw", s.page(w, r, "protection.consent.withdraw.title", consentWithdrawData{ConsentsView: v, Consent: c}))
}

func (s *Server) protectionConsentWithdraw(w http.ResponseWriter, r *http.Request) {
	if err := s.app.WithdrawConsent(r.Context(), stateOf(r).user, r.PathValue("id"), r.PathValue("consent")); err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, "/protection/"+r.PathValue("id")+"/consents", "protection_consent_withdrawn")
}
