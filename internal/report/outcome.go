package report

import (
	"slices"
	"strings"
	"time"

	"sigap/internal/apperr"
	"sigap/internal/vault"
)

// OutcomeKind is what the desk decided to do with a report.
type OutcomeKind string

// The outcomes. A report may have several: a discipline case and a
// protection case for the same events, say.
const (
	OpenDisciplineCase OutcomeKind = "discipline_case"
	OpenProtectionCase OutcomeKind = "protection_case"
	Refer              OutcomeKind = "referral"
	Reject             OutcomeKind = "rejection"
)

// OutcomeKinds lists the outcomes in the order the desk is offered them.
var OutcomeKinds = []OutcomeKind{OpenDisciplineCase, OpenProtectionCase, Refer, Reject}

// ReferralTargets are where a report may be referred outside.
var ReferralTargets = []string{"police", "uptd_ppa", "other_government", "lapor", "ombudsman", "other"}

// Outcome is one recorded decision on a report.
type Outcome struct {
	ID           int64
	PublicID     string
	Kind         OutcomeKind
	CaseID       int64  // the case opened, for the two case outcomes
	CasePublicID string // likewise, for links
	ReferralTo   string
	// Note is the referral's note or the rejection's reason; the reporter
	// reads a rejection's reason.
	Note          vault.Secret
	CreatedBy     int64
	CreatedByName string
	CreatedAt     time.Time
}

// OutcomeInput is an outcome as the desk's form sends it.
type OutcomeInput struct {
	Kind       string
	ReferralTo string
	Note       string
}

// Check validates an outcome: a referral says where to, a rejection says
// why (in words the reporter will read).
func (in OutcomeInput) Check() (Outcome, error) {
	o := Outcome{Kind: OutcomeKind(strings.TrimSpace(in.Kind)), ReferralTo: strings.TrimSpace(in.ReferralTo)}
	var errs apperr.Fields
	if !slices.Contains(OutcomeKinds, o.Kind) {
		errs.Add("kind", "outcome.kind.invalid", nil)
	}
	note, key := cleanText(in.Note, MaxLongText)
	if key != "" {
		errs.Add("note", key, map[string]any{"Max": MaxLongText})
	}
	switch o.Kind {
	case Refer:
		if !slices.Contains(ReferralTargets, o.ReferralTo) {
			errs.Add("referral_to", "outcome.referral.invalid", nil)
		}
	case Reject:
		if note == "" && key == "" {
			errs.Add("note", "outcome.reason.required", nil)
		}
		o.ReferralTo = ""
	default:
		o.ReferralTo = ""
	}
	o.Note = vault.NewSecret(note)
	return o, errs.Err()
}
