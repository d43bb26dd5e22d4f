package app

import (
	"context"

	"sigap/internal/apperr"
	"sigap/internal/discipline"
	"sigap/internal/identity"
	"sigap/internal/letters"
	"sigap/internal/org"
	"sigap/internal/roster"
)

// examLetters are the letters of the examination and after, by kind, with
// the start of their file names.
var examLetters = map[string]string{
	"bap":       "bap",
	"release":   "pembebasan-sementara",
	"receipt":   "tanda-terima",
	"objection": "keputusan-keberatan",
}

// examLetter renders a letter of the examination and after: the BAP
// (Ps 32; the accused's copy, without any statement of other parties), the
// decision on a temporary release (Ps 31), the receipt of the sanction
// decision (Ps 37) and the decision on an objection (Ps 38(2), PP 79/2021).
// It returns the start of the file name and the PDF.
func (a *App) examLetter(ctx context.Context, u identity.User, t org.Tenant, v CaseView, kind string) (string, []byte, error) {
	prefix, ok := examLetters[kind]
	if !ok {
		return "", nil, apperr.New(apperr.NotFound, "error.not_found")
	}
	pc := v.Procedure.Case
	to := person(*v.Employee)
	notYet := apperr.New(apperr.Conflict, "case.letter.not_yet")
	var pdf []byte
	var err error
	switch kind {
	case "bap":
		if pc.Examined.IsZero() {
			return "", nil, notYet
		}
		b := letters.BAP{Government: t.Name, Number: v.Case.Number + "/BAP", Date: pc.Examined, Accused: to, Charges: chargeLines(v),
			KeepUntil: a.keepLetter(ctx, u.TenantID, pc.Examined)}
		rec, berr := a.Store.BAP(ctx, u.TenantID, v.Case.ID)
		if berr != nil {
			return "", nil, berr
		}
		if rec != nil {
			b.Virtual, b.Place, b.Examiners, b.Refused = rec.Mode == "virtual", rec.Place, rec.Examiners, rec.Signature == "refused"
			for _, qa := range rec.QAs {
				b.QAs = append(b.QAs, letters.QA{Q: qa.Q, A: qa.A})
			}
		}
		pdf, err = letters.BAPPDF(b)
	case "release":
		rl, rerr := a.Store.CaseRelease(ctx, u.TenantID, v.Case.ID)
		if rerr != nil {
			return "", nil, rerr
		}
		if rl == nil {
			return "", nil, notYet
		}
		signer, role, serr := a.directSuperior(ctx, u.TenantID, v.Employee.ID)
		if serr != nil {
			return "", nil, serr
		}
		acting := rl.ActingName
		if rl.ActingPosition != "" {
			acting += " (" + rl.ActingPosition + ")"
		}
		if rl.ActingNIP != "" {
			acting += ", NIP " + rl.ActingNIP
		}
		pdf, err = letters.ReleasePDF(letters.Release{Government: t.Name, Number: v.Case.Number + "/PBS", Date: rl.From, To: to, Charges: chargeLines(v),
			Acting: acting, Signer: signer, SignerRole: role, KeepUntil: a.keepLetter(ctx, u.TenantID, rl.From)})
	case "receipt":
		if pc.Received.IsZero() {
			return "", nil, notYet
		}
		decided := decidedSanction(v)
		_, role := decider(t, v, decided)
		pdf, err = letters.ReceiptPDF(letters.Receipt{Government: t.Name, Number: v.Case.Number + "/TT", Decision: v.Case.Number + "/HD", DecisionRole: role,
			Decided: pc.Decided, Sanction: sanctionText(pc, decided), Delivered: pc.Delivered, Received: pc.Received, Effective: v.Procedure.Effective, To: to,
			KeepUntil: a.keepLetter(ctx, u.TenantID, pc.Received)})
	case "objection":
		if pc.Remedy.Outcome == "" {
			return "", nil, notYet
		}
		decided := decidedSanction(v)
		if decided == discipline.B3 {
			// A dismissal is appealed to the BPASN (PP 79/2021 Ps 10),
			// which issues its own decision.
			return "", nil, apperr.New(apperr.Conflict, "case.letter.objection_appeal")
		}
		signer, role, serr := a.objectionDecider(ctx, t, v, decided)
		if serr != nil {
			return "", nil, serr
		}
		o := letters.Objection{Government: t.Name, Number: v.Case.Number + "/UA", Date: pc.Remedy.Date, To: to, Decision: v.Case.Number + "/HD",
			Decided: pc.Decided, Objected: pc.Objected, Outcome: pc.Remedy.Outcome, Original: sanctionText(pc, decided), Signer: signer, SignerRole: role,
			KeepUntil: a.keepLetter(ctx, u.TenantID, pc.Remedy.Date)}
		if pc.Remedy.Outcome != "revoke" {
			o.Sanction = sanctionText(pc, pc.Remedy.Sanction)
		}
		pdf, err = letters.ObjectionPDF(o)
	}
	if err != nil {
		return "", nil, apperr.Wrap(err, "render "+kind)
	}
	return prefix, pdf, nil
}

// sanctionText names a sanction as the letters do.
func sanctionText(c *discipline.Case, s discipline.Sanction) string {
	st := discipline.TextOf(s, c.SedangPP53)
	return string(st.Code) + " — " + st.NameID + " (" + st.Article + ")"
}

// decidedSanction is the sanction the PyBM decided, before any remedy
// changed it.
func decidedSanction(v CaseView) discipline.Sanction {
	for _, st := range v.Procedure.Steps {
		if st.Kind == "decide" {
			return st.Sanction
		}
	}
	return v.Procedure.Case.Sanction
}

// directSuperior is who signs for the accused's direct superior, and the
// role the letter gives them.
func (a *App) directSuperior(ctx context.Context, tenantID, employeeID int64) (letters.Person, string, error) {
	chain, err := a.Store.SuperiorChain(ctx, tenantID, employeeID)
	if err != nil {
		return letters.Person{}, "", err
	}
	if len(chain) == 0 {
		return letters.Person{Name: "…"}, "Atasan langsung", nil
	}
	role := chain[0].Position
	if role == "" {
		role = "Atasan langsung"
	}
	return person(chain[0]), role, nil
}

// objectionDecider is who decides an objection: the PPK against the PPK's
// decision, the superior of the official who decided otherwise (PP 79/2021
// Ps 3(2)–(3)).
func (a *App) objectionDecider(ctx context.Context, t org.Tenant, v CaseView, s discipline.Sanction) (letters.Person, string, error) {
	_, head := decider(t, CaseView{}, s) // with no authorities: the head of the region
	var official *roster.Employee
	for _, au := range v.Authorities {
		if au.Sanction == s && au.By == discipline.Official {
			official = &au.Official
			break
		}
	}
	if official == nil {
		return letters.Person{Name: "…"}, head, nil
	}
	signer, role, err := a.directSuperior(ctx, t.ID, official.ID)
	if err != nil || signer.Name == "…" {
		return letters.Person{Name: "…"}, head, err
	}
	return signer, role, nil
}
