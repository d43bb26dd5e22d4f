package app

import (
	"context"
	"time"

	"sigap/internal/access"
	"sigap/internal/identity"
	"sigap/internal/protection"
	"sigap/internal/store"
	"sigap/internal/vault"
)

// The bridge between a protection case and the discipline case about a
// civil servant who is its perpetrator. Each side sees only what is its
// to see: the discipline side the summary and chronology the victim (or
// guardian) agreed to share with the personnel agency, never services or
// counselling notes; the protection side the discipline case's stage,
// dates and outcome, never its examination record, statements or
// parties. Both see when the other last moved.

// LinkedDiscipline is a discipline case as the protection side sees it.
type LinkedDiscipline struct {
	Perpetrator string // the perpetrator's public ID
	Track       store.DisciplineTrack
}

// ProtectionDisciplineLinks returns the discipline cases linked to a
// protection case the caller works on.
func (a *App) ProtectionDisciplineLinks(ctx context.Context, u identity.User, v ProtectionView) ([]LinkedDiscipline, error) {
	var out []LinkedDiscipline
	for _, p := range v.Perpetrators {
		if p.DisciplineCaseID == 0 {
			continue
		}
		t, err := a.Store.DisciplineTrack(ctx, u.TenantID, p.DisciplineCaseID)
		if err != nil {
			return nil, err
		}
		out = append(out, LinkedDiscipline{Perpetrator: p.PublicID, Track: t})
	}
	return out, nil
}

// LinkedProtection is a protection case as the discipline side sees it.
type LinkedProtection struct {
	Number     string
	Status     protection.Status
	LastMoved  time.Time
	Summary    vault.Secret // only when consented (ScopeSummary to the personnel agency)
	Chronology vault.Secret // only when consented (ScopeChronology)
	Consented  bool         // something is shared
}

// DisciplineProtectionLinks returns the protection cases linked to a
// discipline case, for a caller who may read that discipline case. What
// is opened is what the consents in force allow, and its reading is
// audited (protection.bridge.read).
func (a *App) DisciplineProtectionLinks(ctx context.Context, u identity.User, disciplineCaseID int64) ([]LinkedProtection, error) {
	if err := access.Check(u, access.ViewCases); err != nil {
		return nil, err
	}
	cases, err := a.Store.LinkedProtectionCases(ctx, u.TenantID, disciplineCaseID)
	if err != nil {
		return nil, err
	}
	var out []LinkedProtection
	for _, c := range cases {
		l := LinkedProtection{Number: c.Number, Status: c.Status, LastMoved: c.UpdatedAt}
		consents, err := a.Store.Consents(ctx, c.ID)
		if err != nil {
			return nil, err
		}
		victims, err := a.Store.ProtectionVictims(ctx, c.ID)
		if err != nil {
			return nil, err
		}
		ids := make([]int64, len(victims))
		for i, v := range victims {
			ids[i] = v.ID
		}
		summary := protection.AllowsCase(consents, ids, protection.Personnel, protection.ScopeSummary)
		chronology := protection.AllowsCase(consents, ids, protection.Personnel, protection.ScopeChronology)
		if summary || chronology {
			texts, err := a.Store.OpenCaseTexts(ctx, actor(u), u.TenantID, c.PublicID, "protection.bridge.read")
			if err != nil {
				return nil, err
			}
			l.Consented = true
			if summary {
				l.Summary = texts.Summary
			}
			if chronology {
				l.Chronology = texts.Chronology
			}
		}
		out = append(out, l)
	}
	return out, nil
}
