package app

import (
	"context"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"sigap/internal/access"
	"sigap/internal/apperr"
	"sigap/internal/audit"
	"sigap/internal/identity"
	"sigap/internal/store"
	"sigap/internal/vault"
)

// UnsealDurations are the lengths of access a custodian may grant: short,
// because access is meant for one step of a case, not for good.
var UnsealDurations = []time.Duration{time.Hour, 8 * time.Hour, 24 * time.Hour, 72 * time.Hour}

// IdentityView is what a user may see of a sealed identity: always that it
// exists and their own requests; its fields only while a request of theirs
// is approved and running.
type IdentityView struct {
	Identity store.SealedIdentity
	Requests []store.UnsealRequest // the user's own, newest first
	Grant    *store.UnsealRequest  // the running approval, if any
	Fields   *store.IdentityFields // opened only under a grant; the read is audited
	Victim   *store.VictimDetails  // a protection case's victim: their other sealed details, under the same grant
}

// protectionVictim is the subject type of a protection case victim's
// identity; its subject ID is the victim's public ID.
const protectionVictim = "protection_victim"

// sealedIdentity returns an identity u may see and ask to open. A
// protection case victim's identity is need-to-know: only those who may
// work on the victim's case (its workers, the lead, never one of its
// perpetrators) learn that it is there; for anyone else it does not exist.
func (a *App) sealedIdentity(ctx context.Context, u identity.User, publicID string) (store.SealedIdentity, error) {
	if err := access.Check(u, access.RequestUnseal); err != nil {
		return store.SealedIdentity{}, err
	}
	ident, err := a.Store.SealedIdentity(ctx, u.TenantID, publicID)
	if err != nil || ident.SubjectType != protectionVictim {
		return ident, err
	}
	casePublicID, err := a.Store.ProtectionVictimCase(ctx, u.TenantID, ident.SubjectID)
	if err != nil {
		return store.SealedIdentity{}, err
	}
	if _, err := a.protectionCase(ctx, u, casePublicID); err != nil {
		if apperr.Is(err, apperr.Forbidden) || apperr.Is(err, apperr.NotFound) {
			err = apperr.New(apperr.NotFound, "identity.not_found")
		}
		return store.SealedIdentity{}, err
	}
	return ident, nil
}

// Identity returns the view of a sealed identity for u, opening it when u
// holds a running approval.
func (a *App) Identity(ctx context.Context, u identity.User, publicID string) (IdentityView, error) {
	var v IdentityView
	var err error
	if v.Identity, err = a.sealedIdentity(ctx, u, publicID); err != nil {
		return IdentityView{}, err
	}
	if v.Requests, err = a.Store.UserUnsealRequests(ctx, u.TenantID, u.ID, publicID); err != nil {
		return v, err
	}
	now := a.Store.Now()
	for i := range v.Requests {
		if v.Requests[i].Active(now) {
			v.Grant = &v.Requests[i]
			break
		}
	}
	if v.Grant != nil {
		f, err := a.Store.OpenIdentity(ctx, actor(u), u.TenantID, publicID)
		if err != nil {
			return v, err
		}
		v.Fields = &f
		if v.Identity.SubjectType == protectionVictim {
			d, err := a.Store.OpenVictimDetails(ctx, u.TenantID, publicID)
			if err != nil {
				return v, err
			}
			v.Victim = &d
		}
	}
	return v, nil
}

// RequestUnseal asks a custodian to let u see an identity, giving a reason.
func (a *App) RequestUnseal(ctx context.Context, u identity.User, publicID, reason string) (store.UnsealRequest, error) {
	if _, err := a.sealedIdentity(ctx, u, publicID); err != nil {
		return store.UnsealRequest{}, err
	}
	reason = strings.TrimSpace(reason)
	if n := utf8.RuneCountInString(reason); n < 10 || n > 1000 {
		return store.UnsealRequest{}, apperr.InvalidField("reason", "unseal.reason.length", nil)
	}
	mine, err := a.Store.UserUnsealRequests(ctx, u.TenantID, u.ID, publicID)
	if err != nil {
		return store.UnsealRequest{}, err
	}
	now := a.Store.Now()
	for _, r := range mine {
		if r.Status == store.UnsealPending || r.Active(now) {
			return store.UnsealRequest{}, apperr.New(apperr.Conflict, "unseal.already")
		}
	}
	return a.Store.RequestUnseal(ctx, actor(u), u.TenantID, publicID, vault.NewSecret(reason))
}

// UnsealRequests lists the tenant's requests for a custodian.
func (a *App) UnsealRequests(ctx context.Context, u identity.User) ([]store.UnsealRequest, error) {
	if err := access.Check(u, access.DecideUnseal); err != nil {
		return nil, err
	}
	return a.Store.UnsealRequests(ctx, u.TenantID, 200)
}

// UnsealRequestView is a request as the custodian deciding it sees it.
type UnsealRequestView struct {
	Request          store.UnsealRequest
	Requester        identity.User
	Reason           vault.Secret
	Reads            []audit.Event // every opening of the identity, newest first
	ProtectionVictim bool          // the identity is of a protection case's victim
	// Report is the public ID of the report the identity is the reporter
	// of, when it is one: the custodian may read it, redactions and all,
	// to decide (see access.ReadReport).
	Report string
}

// UnsealRequest opens a request for a custodian, reason included (the read
// is audited).
func (a *App) UnsealRequest(ctx context.Context, u identity.User, publicID string) (UnsealRequestView, error) {
	if err := access.Check(u, access.DecideUnseal); err != nil {
		return UnsealRequestView{}, err
	}
	var v UnsealRequestView
	var err error
	if v.Request, err = a.Store.UnsealRequest(ctx, u.TenantID, publicID); err != nil {
		return v, err
	}
	if v.Requester, err = a.Store.TenantUser(ctx, u.TenantID, v.Request.RequesterID); err != nil {
		return v, err
	}
	ident, err := a.Store.SealedIdentity(ctx, u.TenantID, v.Request.Identity)
	if err != nil {
		return v, err
	}
	v.ProtectionVictim = ident.SubjectType == protectionVictim
	if ident.SubjectType == "report" {
		v.Report = ident.SubjectID
	}
	if v.Reason, err = a.Store.UnsealReason(ctx, actor(u), u.TenantID, publicID); err != nil {
		return v, err
	}
	// The custodian sees afterwards what the approval was used for.
	v.Reads, err = a.Store.AuditEvents(ctx, store.AuditFilter{Chain: u.TenantID, Action: "identity.read", ObjectID: v.Request.Identity, Limit: 200})
	return v, err
}

// DecideUnseal approves a request for ttl, or refuses it. Nobody decides
// their own request.
func (a *App) DecideUnseal(ctx context.Context, u identity.User, publicID string, approve bool, note string, ttl time.Duration) error {
	if err := access.Check(u, access.DecideUnseal); err != nil {
		return err
	}
	r, err := a.Store.UnsealRequest(ctx, u.TenantID, publicID)
	if err != nil {
		return err
	}
	if r.RequesterID == u.ID {
		return apperr.New(apperr.Forbidden, "unseal.own")
	}
	if approve && !slices.Contains(UnsealDurations, ttl) {
		return apperr.InvalidField("ttl", "unseal.ttl.invalid", nil)
	}
	note = strings.TrimSpace(note)
	if utf8.RuneCountInString(note) > 1000 {
		return apperr.InvalidField("note", "unseal.note.long", nil)
	}
	if !approve && note == "" {
		return apperr.InvalidField("note", "unseal.note.required", nil)
	}
	return a.Store.DecideUnseal(ctx, actor(u), u.TenantID, publicID, approve, vault.NewSecret(note), ttl)
}
