package web

import (
	"net/http"

	"sigap/internal/app"
	"sigap/internal/calendar"
	"sigap/internal/protection"
)

// Referrals of a protection case to partners outside the office. A
// referral goes ahead only under a consent in force for its recipient, or
// under the lead's override with a reason.

type referralsData struct {
	app.ReferralsView
	In         app.ReferralInput
	Recipients []protection.Recipient
	Today      string
}

func (s *Server) referralsPage(w http.ResponseWriter, r *http.Request, in app.ReferralInput) (*Page, bool) {
	v, err := s.app.ProtectionReferrals(r.Context(), stateOf(r).user, r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return nil, false
	}
	now := s.app.Store.Now().In(protection.WIB)
	today := calendar.DateOf(now, protection.WIB).String()
	if in.Day == "" && in.Recipient == "" {
		in.Day, in.Time = today, now.Format("15:04")
	}
	return s.page(w, r, "protection.referrals.title", referralsData{ReferralsView: v, In: in, Recipients: protection.Recipients, Today: today}), true
}

func (s *Server) protectionReferrals(w http.ResponseWriter, r *http.Request) {
	if p, ok := s.referralsPage(w, r, app.ReferralInput{}); ok {
		s.render(w, r, http.StatusOK, "protection_referrals", p)
	}
}

func (s *Server) protectionReferralAdd(w http.ResponseWriter, r *http.Request) {
	in := app.ReferralInput{Recipient: r.PostFormValue("recipient"), Organisation: r.PostFormValue("organisation"), Day: r.PostFormValue("referred_on"),
		Time: r.PostFormValue("referred_time"), Note: r.PostFormValue("note"), OverrideReason: r.PostFormValue("override_reason")}
	if err := s.app.Refer(r.Context(), stateOf(r).user, r.PathValue("id"), in); err != nil {
		if p, ok := s.referralsPage(w, r, in); ok {
			s.formError(w, r, "protection_referrals", p, err)
		}
		return
	}
	s.redirect(w, r, "/protection/"+r.PathValue("id")+"/referrals", "protection_referral_sent")
}

func (s *Server) protectionReferralStatus(w http.ResponseWriter, r *http.Request) {
	if err := s.app.SetReferralStatus(r.Context(), stateOf(r).user, r.PathValue("id"), r.PathValue("ref"), r.PostFormValue("status")); err != nil {
		if p, ok := s.referralsPage(w, r, app.ReferralInput{}); ok {
			s.formError(w, r, "protection_referrals", p, err)
		}
		return
	}
	s.redirect(w, r, "/protection/"+r.PathValue("id")+"/referrals", "protection_referral_answered")
}
