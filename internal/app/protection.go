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
	"sigap/internal/refdata"
	"sigap/internal/store"
	"sigap/internal/vault"
)

// Protection cases are need-to-know: a case worker sees the cases they
// are assigned to, the office's lead sees all of them. Anyone else learns
// nothing, not even that a case exists.

// ProtectionCases returns a page of the cases the caller may see: their
// own, or (for the lead, unless mine) the government's.
func (a *App) ProtectionCases(ctx context.Context, u identity.User, mine bool, status protection.Status, offset, limit int) ([]store.ProtectionCase, int, error) {
	if err := access.Check(u, access.WorkProtection); err != nil {
		return nil, 0, err
	}
	f := store.ProtectionFilter{Status: status, Offset: offset, Limit: limit}
	if mine || !access.Can(u, access.SuperviseProtection) {
		f.WorkerID = u.ID
	}
	var err error
	if f.NotAbout, err = a.Store.UserEmployee(ctx, u.ID); err != nil {
		return nil, 0, err
	}
	return a.Store.ProtectionCases(ctx, u.TenantID, f)
}

// protectionCase returns a case the caller may work on; NotFound for one
// they may not see.
func (a *App) protectionCase(ctx context.Context, u identity.User, publicID string) (store.ProtectionCase, error) {
	if err := access.Check(u, access.WorkProtection); err != nil {
		return store.ProtectionCase{}, err
	}
	c, err := a.Store.ProtectionCaseByID(ctx, u.TenantID, publicID)
	if err != nil {
		return c, err
	}
	// A civil servant who is a perpetrator of the case never sees it,
	// whatever their roles: it holds what the victim said about them.
	employee, err := a.Store.UserEmployee(ctx, u.ID)
	if err != nil {
		return c, err
	}
	if about, err := a.Store.IsPerpetrator(ctx, c.ID, employee); err != nil || about {
		if err == nil {
			err = apperr.New(apperr.NotFound, "protection.not_found")
		}
		return store.ProtectionCase{}, err
	}
	if access.Can(u, access.SuperviseProtection) {
		return c, nil
	}
	ok, err := a.Store.IsProtectionWorker(ctx, c.ID, u.ID)
	if err != nil {
		return c, err
	}
	if !ok {
		return store.ProtectionCase{}, apperr.New(apperr.NotFound, "protection.not_found")
	}
	return c, nil
}

// ProtectionView is a case as its workers see it. Victims' identities and
// details stay sealed: they are opened through the unseal request of each
// victim's sealed identity.
type ProtectionView struct {
	Case         store.ProtectionCase
	Workers      []store.UserRef
	Victims      []store.ProtectionVictim
	Perpetrators []store.ProtectionPerpetrator
	Consents     []protection.Consent
	Texts        store.CaseTexts
	Supervisor   bool // the caller may assign workers and override a missing consent
	// History is every change of the case, newest first, from the audit
	// trail: opening, closing and reopening among them.
	History []HistoryEntry
}

// HistoryEntry is one change of a case: what, who and when.
type HistoryEntry struct {
	At     time.Time
	Action string
	Actor  string
}

// ProtectionCase opens a case for its worker; reading the chronology is
// audited (protection.read).
func (a *App) ProtectionCase(ctx context.Context, u identity.User, publicID string) (ProtectionView, error) {
	var v ProtectionView
	var err error
	if v.Case, err = a.protectionCase(ctx, u, publicID); err != nil {
		return v, err
	}
	v.Supervisor = access.Can(u, access.SuperviseProtection)
	if v.Workers, err = a.Store.ProtectionWorkers(ctx, v.Case.ID); err != nil {
		return v, err
	}
	if v.Victims, err = a.Store.ProtectionVictims(ctx, v.Case.ID); err != nil {
		return v, err
	}
	if v.Perpetrators, err = a.Store.ProtectionPerpetrators(ctx, u.TenantID, v.Case.ID); err != nil {
		return v, err
	}
	if v.Consents, err = a.Store.Consents(ctx, v.Case.ID); err != nil {
		return v, err
	}
	if v.Texts, err = a.Store.OpenCaseTexts(ctx, actor(u), u.TenantID, publicID, "protection.read"); err != nil {
		return v, err
	}
	if v.History, err = a.protectionHistory(ctx, u, publicID); err != nil {
		return v, err
	}
	return v, a.Store.MarkNotificationsRead(ctx, u.ID, publicID)
}

// checkVillage refuses a village that is not a village of the region
// table inside the caller's government.
func (a *App) checkVillage(ctx context.Context, u identity.User, field, code string, fields *apperr.Fields) {
	if code == "" {
		return
	}
	t, err := a.Store.Tenant(ctx, u.TenantID)
	if err != nil {
		fields.Add(field, "error.internal", nil)
		return
	}
	if !protection.InRegion(code, t.RegionCode) {
		fields.Add(field, "protection.village.outside", nil)
		return
	}
	if r, err := a.Store.Region(ctx, code); err != nil || r.Level != refdata.LevelVillage {
		fields.Add(field, "protection.village.outside", nil)
	}
}

// ProtectionCaseInput is a case opened at the office, as typed.
type ProtectionCaseInput struct {
	Via          protection.Via
	Incident     protection.Incident
	Victims      []protection.Victim
	Perpetrators []protection.Perpetrator
	Chronology   string
	Summary      string
}

// OpenProtectionCase opens a walk-in or outreach case with everything at
// once; every problem is reported at once and nothing is written.
func (a *App) OpenProtectionCase(ctx context.Context, u identity.User, in ProtectionCaseInput) (store.ProtectionCase, error) {
	if err := access.Check(u, access.WorkProtection); err != nil {
		return store.ProtectionCase{}, err
	}
	var fields apperr.Fields
	chron, summary := a.checkProtectionCase(ctx, u, &in, &fields)
	if err := fields.Err(); err != nil {
		return store.ProtectionCase{}, err
	}
	return a.Store.OpenProtectionCase(ctx, actor(u), u.TenantID, store.ProtectionInput{Via: in.Via, Incident: in.Incident, Victims: in.Victims,
		Perpetrators: in.Perpetrators, Chronology: vault.NewSecret(chron), Summary: vault.NewSecret(summary)})
}

// checkProtectionCase adds every problem of a new case to fields and
// returns its cleaned chronology and summary.
func (a *App) checkProtectionCase(ctx context.Context, u identity.User, in *ProtectionCaseInput, fields *apperr.Fields) (string, string) {
	if in.Via != protection.ViaWalkIn && in.Via != protection.ViaOutreach {
		fields.Add("via", "protection.via.invalid", nil)
	}
	in.Incident.Check(a.Store.Now(), fields)
	a.checkVillage(ctx, u, "village", in.Incident.VillageCode, fields)
	if len(in.Victims) == 0 {
		fields.Add("victim_name", "protection.victim.name.required", nil)
	}
	for i := range in.Victims {
		in.Victims[i].Check(victimPrefix(i), in.Incident.OccurredOn, in.Incident.ReportedDay(), fields)
		a.checkVillage(ctx, u, victimPrefix(i)+"village", in.Victims[i].VillageCode, fields)
	}
	for i := range in.Perpetrators {
		in.Perpetrators[i].Check(perpetratorPrefix(i), fields)
	}
	chron, err := protection.CleanLongText("chronology", in.Chronology, 20000)
	if err != nil {
		*fields = append(*fields, apperr.As(err))
	}
	summary, err := protection.CleanLongText("summary", in.Summary, 2000)
	if err != nil {
		*fields = append(*fields, apperr.As(err))
	}
	return chron, summary
}

// victimPrefix names the form fields of the i-th victim: the first
// victim's fields are victim_name, victim_sex…; later ones are added one
// at a time on the case page with the same names.
func victimPrefix(int) string { return "victim_" }

func perpetratorPrefix(int) string { return "perpetrator_" }

// SetIncident records or corrects a case's incident.
func (a *App) SetIncident(ctx context.Context, u identity.User, publicID string, in protection.Incident) error {
	c, err := a.protectionCase(ctx, u, publicID)
	if err != nil {
		return err
	}
	// A case from a report keeps the report's time as the moment the
	// victim reported: the 3×24-hour clock runs from it.
	if c.Via == protection.ViaReport && !c.ReportedAt.IsZero() {
		in.ReportedAt = c.ReportedAt
	}
	var fields apperr.Fields
	in.Check(a.Store.Now(), &fields)
	a.checkVillage(ctx, u, "village", in.VillageCode, &fields)
	if err := fields.Err(); err != nil {
		return err
	}
	return a.Store.SetIncident(ctx, actor(u), u.TenantID, c.PublicID, in)
}

// SetProtectionTexts replaces a case's chronology and its summary for
// sharing.
func (a *App) SetProtectionTexts(ctx context.Context, u identity.User, publicID, chronology, summary string) error {
	c, err := a.protectionCase(ctx, u, publicID)
	if err != nil {
		return err
	}
	var fields apperr.Fields
	chron, err := protection.CleanLongText("chronology", chronology, 20000)
	if err != nil {
		fields = append(fields, apperr.As(err))
	}
	sum, err := protection.CleanLongText("summary", summary, 2000)
	if err != nil {
		fields = append(fields, apperr.As(err))
	}
	if err := fields.Err(); err != nil {
		return err
	}
	return a.Store.SetCaseTexts(ctx, actor(u), u.TenantID, c.PublicID, vault.NewSecret(chron), vault.NewSecret(sum))
}

// AddVictim adds a victim to a case whose incident is recorded.
func (a *App) AddVictim(ctx context.Context, u identity.User, publicID string, v protection.Victim) error {
	c, err := a.protectionCase(ctx, u, publicID)
	if err != nil {
		return err
	}
	if !c.Recorded() {
		return apperr.New(apperr.Conflict, "protection.victim.incident_first")
	}
	var fields apperr.Fields
	v.Check(victimPrefix(0), c.OccurredOn, calendar.DateOf(c.ReportedAt, protection.WIB), &fields)
	a.checkVillage(ctx, u, victimPrefix(0)+"village", v.VillageCode, &fields)
	if err := fields.Err(); err != nil {
		return err
	}
	return a.Store.AddVictim(ctx, actor(u), u.TenantID, c.PublicID, v, c.OccurredOn)
}

// AddPerpetrator adds a perpetrator to a case.
func (a *App) AddPerpetrator(ctx context.Context, u identity.User, publicID string, p protection.Perpetrator) error {
	c, err := a.protectionCase(ctx, u, publicID)
	if err != nil {
		return err
	}
	var fields apperr.Fields
	p.Check(perpetratorPrefix(0), &fields)
	if err := fields.Err(); err != nil {
		return err
	}
	return a.Store.AddPerpetrator(ctx, actor(u), u.TenantID, c.PublicID, p)
}

// RemovePerpetrator removes a perpetrator recorded by mistake.
func (a *App) RemovePerpetrator(ctx context.Context, u identity.User, publicID, perpetratorID string) error {
	c, err := a.protectionCase(ctx, u, publicID)
	if err != nil {
		return err
	}
	return a.Store.RemovePerpetrator(ctx, actor(u), u.TenantID, c.PublicID, perpetratorID)
}

// LinkDisciplineCase links a perpetrator who is a civil servant to the
// discipline case about them, by its number or ID. Only the lead links:
// a link shows the discipline case's course on this side and this case on
// that side.
func (a *App) LinkDisciplineCase(ctx context.Context, u identity.User, publicID, perpetratorID, disciplineCase string) error {
	if err := access.Check(u, access.SuperviseProtection); err != nil {
		return err
	}
	c, err := a.protectionCase(ctx, u, publicID)
	if err != nil {
		return err
	}
	return a.Store.LinkDisciplineCase(ctx, actor(u), u.TenantID, c.PublicID, perpetratorID, disciplineCase)
}

// AssignProtectionWorker assigns a case worker of the government; only the
// lead assigns.
func (a *App) AssignProtectionWorker(ctx context.Context, u identity.User, publicID string, userID int64, remove bool) error {
	if err := access.Check(u, access.SuperviseProtection); err != nil {
		return err
	}
	c, err := a.protectionCase(ctx, u, publicID)
	if err != nil {
		return err
	}
	w, err := a.Store.TenantUser(ctx, u.TenantID, userID)
	if err != nil {
		return apperr.InvalidField("worker", "protection.worker.unknown", nil)
	}
	if !remove && !access.Can(w, access.WorkProtection) {
		return apperr.InvalidField("worker", "protection.worker.not_protection", nil)
	}
	if remove {
		return a.Store.UnassignWorker(ctx, actor(u), u.TenantID, c.PublicID, userID)
	}
	return a.Store.AssignWorker(ctx, actor(u), u.TenantID, c.PublicID, userID)
}

// CloseProtectionCase closes a case with an outcome and a follow-up day.
func (a *App) CloseProtectionCase(ctx context.Context, u identity.User, publicID string, o protection.Outcome, followUp calendar.Date) error {
	c, err := a.protectionCase(ctx, u, publicID)
	if err != nil {
		return err
	}
	var fields apperr.Fields
	if !o.Valid() {
		fields.Add("outcome", "protection.outcome.invalid", nil)
	}
	switch {
	case followUp.IsZero():
		fields.Add("follow_up", "protection.follow_up.required", nil)
	case followUp.Before(calendar.DateOf(a.Store.Now(), protection.WIB)):
		fields.Add("follow_up", "protection.follow_up.past", nil)
	}
	if err := fields.Err(); err != nil {
		return err
	}
	return a.Store.CloseProtectionCase(ctx, actor(u), u.TenantID, c.PublicID, o, followUp)
}

// ReopenProtectionCase opens a closed case again.
func (a *App) ReopenProtectionCase(ctx context.Context, u identity.User, publicID string) error {
	c, err := a.protectionCase(ctx, u, publicID)
	if err != nil {
		return err
	}
	return a.Store.ReopenProtectionCase(ctx, actor(u), u.TenantID, c.PublicID)
}

// RecordConsent records what a victim (or guardian) agreed to share. A
// child's consent is given by a guardian.
func (a *App) RecordConsent(ctx context.Context, u identity.User, publicID string, c protection.Consent) (protection.Consent, error) {
	pc, err := a.protectionCase(ctx, u, publicID)
	if err != nil {
		return c, err
	}
	var fields apperr.Fields
	if err := a.checkConsent(ctx, pc, c, &fields); err != nil {
		return c, err
	}
	if err := fields.Err(); err != nil {
		return c, err
	}
	return a.Store.RecordConsent(ctx, actor(u), u.TenantID, pc.PublicID, c)
}

// checkConsent adds every problem of a consent to fields.
func (a *App) checkConsent(ctx context.Context, pc store.ProtectionCase, c protection.Consent, fields *apperr.Fields) error {
	if !c.Recipient.Valid() {
		fields.Add("recipient", "protection.consent.recipient", nil)
	}
	if len(c.Scopes) == 0 {
		fields.Add("scopes", "protection.consent.scopes", nil)
	}
	for _, s := range c.Scopes {
		if !s.Valid() {
			fields.Add("scopes", "protection.consent.scopes", nil)
			break
		}
	}
	if c.GivenBy != protection.ByVictim && c.GivenBy != protection.ByGuardian {
		fields.Add("given_by", "protection.consent.given_by", nil)
	}
	if c.GivenOn.IsZero() || c.GivenOn.After(a.Store.Now()) {
		fields.Add("given_on", "protection.consent.given_on", nil)
	}
	victims, err := a.Store.ProtectionVictims(ctx, pc.ID)
	if err != nil {
		return err
	}
	if c.GivenBy == protection.ByVictim {
		for _, v := range victims {
			if (c.VictimID == 0 || v.ID == c.VictimID) && v.AgeGroup.Child() {
				fields.Add("given_by", "protection.consent.child", nil)
				break
			}
		}
	}
	return nil
}

// WithdrawConsent ends a consent.
func (a *App) WithdrawConsent(ctx context.Context, u identity.User, publicID, consentID string) error {
	c, err := a.protectionCase(ctx, u, publicID)
	if err != nil {
		return err
	}
	return a.Store.WithdrawConsent(ctx, actor(u), u.TenantID, c.PublicID, consentID)
}

// ProtectionCaseHeader returns a case the caller works on, nothing sealed
// opened.
func (a *App) ProtectionCaseHeader(ctx context.Context, u identity.User, publicID string) (store.ProtectionCase, error) {
	return a.protectionCase(ctx, u, publicID)
}

// ProtectionWorkerChoices lists whom the lead may assign to a case.
func (a *App) ProtectionWorkerChoices(ctx context.Context, u identity.User, caseID int64) ([]store.UserRef, error) {
	if err := access.Check(u, access.SuperviseProtection); err != nil {
		return nil, err
	}
	return a.Store.ProtectionStaff(ctx, u.TenantID, caseID)
}

// protectionHistory returns a case's changes from the audit trail; the
// readings are left out (they are in the trail for the auditor).
func (a *App) protectionHistory(ctx context.Context, u identity.User, publicID string) ([]HistoryEntry, error) {
	events, err := a.Store.AuditEvents(ctx, store.AuditFilter{Chain: u.TenantID, ObjectType: "protection_case", ObjectID: publicID, Limit: 200})
	if err != nil {
		return nil, err
	}
	var ids []int64
	for _, e := range events {
		ids = append(ids, e.ActorID)
	}
	names, err := a.Store.UserNames(ctx, u.TenantID, ids)
	if err != nil {
		return nil, err
	}
	var out []HistoryEntry
	for _, e := range events {
		if strings.HasSuffix(e.Action, ".read") {
			continue
		}
		out = append(out, HistoryEntry{At: e.At, Action: e.Action, Actor: names[e.ActorID]})
	}
	return out, nil
}
