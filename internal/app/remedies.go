package app

import (
	"context"

	"sigap/internal/calendar"
	"sigap/internal/discipline"
	"sigap/internal/identity"
	"sigap/internal/letters"
)

// RemedyView is the administrative remedy that lies against a case's
// decision (PP 79/2021): which, who decides it, by when it must be filed
// and decided, and what was filed.
type RemedyView struct {
	Applies    bool // a decision was delivered
	Rule       discipline.RemedyRule
	To         string // the official who decides a keberatan against an official: that official's superior
	FileBy     calendar.Date
	Filed      discipline.Objection
	DecideBy   calendar.Date
	DecideLate bool // undecided past its window, or decided after it
	// RespondBy is the last day of the answer a pending remedy waits for
	// (PP 79 Ps 8(3), 13(1)), zero once it is recorded or when none is due.
	RespondBy   calendar.Date
	RespondLate bool
	// CourtOpen says the decider let its window pass undecided: the
	// accused may go to the administrative court (Ps 5(3), 8(7), 18).
	CourtOpen bool
}

// byOfficial reports whether sanction s of the case is imposed by an
// official other than the PPK, as the authority table says and as the
// decision letter is signed.
func byOfficial(v CaseView, s discipline.Sanction) bool {
	for _, au := range v.Authorities {
		if au.Sanction == s && au.By == discipline.Official {
			return true
		}
	}
	return false
}

// remedyView works out the remedy of a delivered decision.
func (a *App) remedyView(ctx context.Context, u identity.User, v *CaseView, p discipline.Procedure, cal *calendar.Calendar, today calendar.Date) error {
	c := v.Procedure.Case
	if c.Received.IsZero() {
		return nil
	}
	r := RemedyView{Applies: true, Rule: p.Remedy(c), FileBy: p.FileBy(c, cal), Filed: c.Objection, DecideBy: p.DecideBy(c, cal),
		RespondBy: p.RespondBy(c, cal), CourtOpen: p.CourtOpen(c, cal, today)}
	r.RespondLate = !r.RespondBy.IsZero() && today.After(r.RespondBy)
	if !r.DecideBy.IsZero() {
		decided := today
		if c.Remedy.Outcome != "" || c.Stage == discipline.StageRevoked {
			decided = c.Remedy.Date
		}
		r.DecideLate = decided.After(r.DecideBy)
	}
	if r.Rule.DecidedBy == discipline.BySuperior && v.Employee != nil {
		chain, err := a.Store.SuperiorChain(ctx, u.TenantID, v.Employee.ID)
		if err != nil {
			return err
		}
		for _, au := range v.Authorities {
			if au.Sanction == c.Sanction && au.By == discipline.Official && au.Distance < len(chain) {
				sup := chain[au.Distance]
				r.To = sup.Name + " (" + sup.Position + ")"
				break
			}
		}
	}
	v.Procedure.Remedies = r
	return nil
}

// decisionTerms fills in what the decision letter says of the sanction as
// imposed (Ps 42), when it takes effect (Ps 38(1), as the government
// counts) and which remedy lies, with whom and within what time
// (PP 79/2021).
func (a *App) decisionTerms(ctx context.Context, tenantID int64, v CaseView, decided discipline.Sanction, d *letters.Decision) error {
	p, err := a.procedure(ctx, tenantID)
	if err != nil {
		return err
	}
	d.Sanction = sanctionText(v.Procedure.Case, decided)
	d.EffectDay = effectDayText(p)
	r := p.RemedyFor(decided, byOfficial(v, decided))
	d.RemedyWithin = remedyWithin(r)
	switch r.DecidedBy {
	case discipline.ByBPASN:
		d.Remedy = "banding administratif kepada Badan Pertimbangan Aparatur Sipil Negara"
	case discipline.BySuperior:
		d.Remedy = "keberatan kepada atasan pejabat yang menetapkan keputusan ini"
	default:
		d.Remedy = "keberatan kepada " + d.SignerRole
	}
	return nil
}
