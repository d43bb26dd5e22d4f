package app

import (
	"context"
	"strings"
	"time"

	"sigap/internal/access"
	"sigap/internal/apperr"
	"sigap/internal/calendar"
	"sigap/internal/identity"
	"sigap/internal/protection"
	"sigap/internal/store"
	"sigap/internal/vault"
)

// Services, consents and referrals of a protection case: each has its own
// page, under the same need-to-know access as the case.

// ServicesView is the services page of a case.
type ServicesView struct {
	Case     store.ProtectionCase
	Victims  []store.ProtectionVictim
	Services []store.ProtectionService
	Worker   bool // the caller works on the case: the notes are opened for them
}

// ProtectionServices returns a case's services; the notes are opened only
// for the case's workers, and that reading is audited.
func (a *App) ProtectionServices(ctx context.Context, u identity.User, publicID string) (ServicesView, error) {
	var v ServicesView
	var err error
	if v.Case, err = a.protectionCase(ctx, u, publicID); err != nil {
		return v, err
	}
	if v.Worker, err = a.Store.IsProtectionWorker(ctx, v.Case.ID, u.ID); err != nil {
		return v, err
	}
	if v.Victims, err = a.Store.ProtectionVictims(ctx, v.Case.ID); err != nil {
		return v, err
	}
	v.Services, err = a.Store.Services(ctx, actor(u), u.TenantID, v.Case.PublicID)
	return v, err
}

// ServiceInput is a service as typed.
type ServiceInput struct {
	Kind     string
	GivenOn  string
	Provider string
	Notes    string
	Victim   string // a victim's public ID, or "" for the case's victims
}

// AddService records a service given to a victim of the case. Every
// problem is reported at once and nothing is written.
func (a *App) AddService(ctx context.Context, u identity.User, publicID string, in ServiceInput) error {
	c, err := a.protectionCase(ctx, u, publicID)
	if err != nil {
		return err
	}
	var fields apperr.Fields
	sv := store.ProtectionService{Kind: protection.Service(in.Kind)}
	if !sv.Kind.Valid() {
		fields.Add("kind", "protection.service.kind.invalid", nil)
	}
	sv.GivenOn = a.checkPastDay(&fields, "given_on", in.GivenOn, c)
	if sv.Provider, err = protection.CleanLine("provider", in.Provider, 200); err != nil {
		fields = append(fields, apperr.As(err))
	}
	notes, err := protection.CleanLongText("notes", in.Notes, 5000)
	if err != nil {
		fields = append(fields, apperr.As(err))
	}
	if sv.VictimID, err = a.victimOf(ctx, c, in.Victim); err != nil {
		fields = append(fields, apperr.As(err))
	}
	if err := fields.Err(); err != nil {
		return err
	}
	sv.Notes = vault.NewSecret(notes)
	_, err = a.Store.AddService(ctx, actor(u), u.TenantID, c.PublicID, sv)
	return err
}

// checkPastDay parses a day that has happened: a real date, not after
// today, and not before the case's incident when it is recorded.
func (a *App) checkPastDay(fields *apperr.Fields, field, text string, c store.ProtectionCase) calendar.Date {
	day, err := calendar.ParseDate(strings.TrimSpace(text))
	switch {
	case err != nil:
		fields.Add(field, "protection.day.invalid", nil)
	case day.After(calendar.DateOf(a.Store.Now(), protection.WIB)):
		fields.Add(field, "protection.day.future", nil)
	case c.Recorded() && day.Before(c.OccurredOn):
		fields.Add(field, "protection.day.before_incident", nil)
	default:
		return day
	}
	return calendar.Date{}
}

// victimOf resolves a victim of the case by public ID; "" is 0.
func (a *App) victimOf(ctx context.Context, c store.ProtectionCase, victim string) (int64, error) {
	if victim == "" {
		return 0, nil
	}
	victims, err := a.Store.ProtectionVictims(ctx, c.ID)
	if err != nil {
		return 0, err
	}
	for _, v := range victims {
		if v.PublicID == victim {
			return v.ID, nil
		}
	}
	return 0, apperr.InvalidField("victim", "protection.victim.not_of_case", nil)
}

// ServiceToRemove returns a service of the case, for the confirmation of
// its removal; its notes stay sealed.
func (a *App) ServiceToRemove(ctx context.Context, u identity.User, publicID, serviceID string) (store.ProtectionCase, store.ProtectionService, error) {
	c, err := a.protectionCase(ctx, u, publicID)
	if err != nil {
		return c, store.ProtectionService{}, err
	}
	sv, err := a.Store.Service(ctx, u.TenantID, c.ID, serviceID)
	return c, sv, err
}

// RemoveService removes a service recorded by mistake.
func (a *App) RemoveService(ctx context.Context, u identity.User, publicID, serviceID string) error {
	c, err := a.protectionCase(ctx, u, publicID)
	if err != nil {
		return err
	}
	return a.Store.RemoveService(ctx, actor(u), u.TenantID, c.PublicID, serviceID)
}

// ConsentsView is the consents page of a case.
type ConsentsView struct {
	Case     store.ProtectionCase
	Victims  []store.ProtectionVictim
	Consents []protection.Consent
	Names    map[int64]string // who recorded and withdrew, by user ID
}

// Victim returns the position (1-based) of a victim in the case's list,
// 0 for none: the pages name victims by number, never by name.
func (v ConsentsView) Victim(id int64) int { return victimNumber(v.Victims, id) }

func victimNumber(victims []store.ProtectionVictim, id int64) int {
	for i, x := range victims {
		if x.ID == id {
			return i + 1
		}
	}
	return 0
}

// ProtectionConsents returns a case's consents with who recorded them.
func (a *App) ProtectionConsents(ctx context.Context, u identity.User, publicID string) (ConsentsView, error) {
	var v ConsentsView
	var err error
	if v.Case, err = a.protectionCase(ctx, u, publicID); err != nil {
		return v, err
	}
	if v.Victims, err = a.Store.ProtectionVictims(ctx, v.Case.ID); err != nil {
		return v, err
	}
	if v.Consents, err = a.Store.Consents(ctx, v.Case.ID); err != nil {
		return v, err
	}
	var ids []int64
	for _, c := range v.Consents {
		ids = append(ids, c.RecordedBy, c.WithdrawnBy)
	}
	v.Names, err = a.Store.UserNames(ctx, u.TenantID, ids)
	return v, err
}

// ConsentInput is a consent as typed.
type ConsentInput struct {
	Recipient string
	Scopes    []string
	GivenBy   string
	GivenOn   string
	Victim    string
}

// RecordConsentInput checks a consent as typed and records it.
func (a *App) RecordConsentInput(ctx context.Context, u identity.User, publicID string, in ConsentInput) error {
	c, err := a.protectionCase(ctx, u, publicID)
	if err != nil {
		return err
	}
	var fields apperr.Fields
	pc := protection.Consent{Recipient: protection.Recipient(in.Recipient), GivenBy: protection.GivenBy(in.GivenBy)}
	for _, s := range in.Scopes {
		pc.Scopes = append(pc.Scopes, protection.Scope(s))
	}
	if day := a.checkPastDay(&fields, "given_on", in.GivenOn, store.ProtectionCase{}); !day.IsZero() {
		pc.GivenOn = time.Date(day.Year(), day.Month(), day.Day(), 0, 0, 0, 0, protection.WIB)
	}
	if pc.VictimID, err = a.victimOf(ctx, c, in.Victim); err != nil {
		fields = append(fields, apperr.As(err))
	}
	var typed apperr.Fields
	if err := a.checkConsent(ctx, c, pc, &typed); err != nil {
		return err
	}
	// A field's first problem is the one shown: the form's own come first.
	fields = append(fields, typed...)
	if err := fields.Err(); err != nil {
		return err
	}
	_, err = a.Store.RecordConsent(ctx, actor(u), u.TenantID, c.PublicID, pc)
	return err
}

// ConsentToWithdraw returns a consent in force of the case, for the
// confirmation of its withdrawal.
func (a *App) ConsentToWithdraw(ctx context.Context, u identity.User, publicID, consentID string) (ConsentsView, protection.Consent, error) {
	v, err := a.ProtectionConsents(ctx, u, publicID)
	if err != nil {
		return v, protection.Consent{}, err
	}
	for _, c := range v.Consents {
		if c.PublicID == consentID && c.Holds() {
			return v, c, nil
		}
	}
	return v, protection.Consent{}, apperr.New(apperr.NotFound, "protection.consent.not_found")
}

// ReferralsView is the referrals page of a case.
type ReferralsView struct {
	Case       store.ProtectionCase
	Referrals  []store.Referral
	Consents   []protection.Consent
	Supervisor bool // the caller may refer without consent, with a reason
	Worker     bool // the caller works on the case: the notes and reasons are opened for them
}

// Shares reports whether a consent in force lets the case be referred to r.
func (v ReferralsView) Shares(r protection.Recipient) bool { return protection.Shares(v.Consents, r) }

// ProtectionReferrals returns a case's referrals and what its consents
// allow; their notes and override reasons are opened only for the case's
// workers, and that reading is audited.
func (a *App) ProtectionReferrals(ctx context.Context, u identity.User, publicID string) (ReferralsView, error) {
	var v ReferralsView
	var err error
	if v.Case, err = a.protectionCase(ctx, u, publicID); err != nil {
		return v, err
	}
	v.Supervisor = access.Can(u, access.SuperviseProtection)
	if v.Worker, err = a.Store.IsProtectionWorker(ctx, v.Case.ID, u.ID); err != nil {
		return v, err
	}
	if v.Consents, err = a.Store.Consents(ctx, v.Case.ID); err != nil {
		return v, err
	}
	v.Referrals, err = a.Store.Referrals(ctx, actor(u), u.TenantID, v.Case.PublicID)
	return v, err
}

// ReferralInput is a referral as typed.
type ReferralInput struct {
	Recipient      string
	Organisation   string
	Day            string
	Time           string // "HH:MM" in WIB, optional
	Note           string
	OverrideReason string // only the lead's is taken
}

// Refer refers a case to a partner. Without a consent in force for the
// recipient it is refused, unless the lead gives a reason to go ahead.
func (a *App) Refer(ctx context.Context, u identity.User, publicID string, in ReferralInput) error {
	c, err := a.protectionCase(ctx, u, publicID)
	if err != nil {
		return err
	}
	reason := strings.TrimSpace(in.OverrideReason)
	if reason != "" && !access.Can(u, access.SuperviseProtection) {
		return apperr.New(apperr.Forbidden, "protection.referral.override.forbidden")
	}
	var fields apperr.Fields
	r := store.ReferralInput{Recipient: protection.Recipient(in.Recipient)}
	if !r.Recipient.Valid() {
		fields.Add("recipient", "protection.consent.recipient", nil)
	}
	if r.Organisation, err = protection.CleanLine("organisation", in.Organisation, 200); err != nil {
		fields = append(fields, apperr.As(err))
	}
	r.ReferredAt = a.referredAt(&fields, in.Day, in.Time, c)
	note, err := protection.CleanLongText("note", in.Note, 2000)
	if err != nil {
		fields = append(fields, apperr.As(err))
	}
	if reason != "" {
		if reason, err = protection.CleanLongText("override_reason", reason, 2000); err != nil {
			fields = append(fields, apperr.As(err))
		}
	}
	if err := fields.Err(); err != nil {
		return err
	}
	consents, err := a.Store.Consents(ctx, c.ID)
	if err != nil {
		return err
	}
	// A reason given where a consent holds is not needed, and not kept.
	r.Override = reason != "" && !protection.Shares(consents, r.Recipient)
	r.Note, r.Reason = vault.NewSecret(note), vault.NewSecret(reason)
	_, err = a.Store.Refer(ctx, actor(u), u.TenantID, c.PublicID, r)
	return err
}

// referredAt reads the day and time of a referral, in WIB: not after now,
// not before the incident. Without a time, today's referral is now and an
// earlier day's is its start.
func (a *App) referredAt(fields *apperr.Fields, dayText, clock string, c store.ProtectionCase) time.Time {
	day := a.checkPastDay(fields, "referred_on", dayText, c)
	if day.IsZero() {
		return time.Time{}
	}
	now := a.Store.Now()
	clock = strings.TrimSpace(clock)
	if clock == "" {
		if day == calendar.DateOf(now, protection.WIB) {
			return now
		}
		return time.Date(day.Year(), day.Month(), day.Day(), 0, 0, 0, 0, protection.WIB)
	}
	t, err := time.Parse("15:04", clock)
	if err != nil || t.Format("15:04") != clock {
		fields.Add("referred_time", "protection.incident.time", nil)
		return time.Time{}
	}
	at := time.Date(day.Year(), day.Month(), day.Day(), t.Hour(), t.Minute(), 0, 0, protection.WIB)
	if at.After(now.Add(time.Minute)) {
		fields.Add("referred_time", "protection.day.future", nil)
		return time.Time{}
	}
	return at
}

// SetReferralStatus records the partner's answer to a referral.
func (a *App) SetReferralStatus(ctx context.Context, u identity.User, publicID, referralID, status string) error {
	c, err := a.protectionCase(ctx, u, publicID)
	if err != nil {
		return err
	}
	to := protection.ReferralStatus(status)
	if !to.Valid() || to == protection.ReferralSent {
		return apperr.InvalidField("status", "protection.referral.status.invalid", nil)
	}
	return a.Store.SetReferralStatus(ctx, actor(u), u.TenantID, c.PublicID, referralID, to)
}
