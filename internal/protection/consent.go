package protection

import (
	"slices"
	"time"
)

// Recipient is someone outside the protection office a victim may agree
// to share with: the partners of a referral, and the personnel agency
// examining a civil servant (the bridge to a discipline case).
type Recipient string

// The recipients, in display order.
const (
	Police    Recipient = "polisi"        // law enforcement (UU 12/2022 Ps 41(2))
	Health    Recipient = "kesehatan"     // health services, visum, psychologist
	LegalAid  Recipient = "bantuan_hukum" // legal aid organisation
	Personnel Recipient = "bkpsdm"        // the discipline examination of a civil servant (BKPSDM, Inspektorat)
	Social    Recipient = "dinas_sosial"  // social rehabilitation, shelter
	LPSK      Recipient = "lpsk"          // witness and victim protection agency
)

// Recipients lists the recipients in display order.
var Recipients = []Recipient{Police, Health, LegalAid, Personnel, Social, LPSK}

// Valid reports whether r is a known recipient.
func (r Recipient) Valid() bool { return slices.Contains(Recipients, r) }

// Scope is a part of the case a consent lets a recipient see.
type Scope string

// The scopes. Services and counselling notes are never shared through
// the bridge, whatever the consent.
const (
	ScopeSummary    Scope = "summary"    // the short summary the worker writes for sharing
	ScopeChronology Scope = "chronology" // the chronology of the incident
	ScopeIdentity   Scope = "identity"   // the victim's name and contact
)

// Scopes lists the scopes in display order.
var Scopes = []Scope{ScopeSummary, ScopeChronology, ScopeIdentity}

// Valid reports whether s is a known scope.
func (s Scope) Valid() bool { return slices.Contains(Scopes, s) }

// GivenBy says who gave a consent: the victim, or a guardian for a child
// or a person who cannot consent.
type GivenBy string

// Who gives consent.
const (
	ByVictim   GivenBy = "victim"
	ByGuardian GivenBy = "guardian"
)

// Consent is what a victim (or guardian) agreed to share, with whom; it
// holds until withdrawn.
type Consent struct {
	ID          int64
	PublicID    string
	VictimID    int64 // the victim it is for; 0 for the whole case's victims
	Recipient   Recipient
	Scopes      []Scope
	GivenBy     GivenBy
	GivenOn     time.Time
	RecordedBy  int64
	RecordedAt  time.Time
	WithdrawnAt time.Time // zero while it holds
	WithdrawnBy int64
}

// Holds reports whether the consent is in force.
func (c Consent) Holds() bool { return c.WithdrawnAt.IsZero() }

// Allows reports whether any consent in force lets r see s.
func Allows(consents []Consent, r Recipient, s Scope) bool {
	for _, c := range consents {
		if c.Holds() && c.Recipient == r && slices.Contains(c.Scopes, s) {
			return true
		}
	}
	return false
}

// Shares reports whether any consent in force names r at all: a referral
// to r needs one (or a supervisor's override).
func Shares(consents []Consent, r Recipient) bool {
	for _, c := range consents {
		if c.Holds() && c.Recipient == r && len(c.Scopes) > 0 {
			return true
		}
	}
	return false
}

// AllowsCase reports whether what is written about the whole case (its
// chronology, its summary) may go to r for s: a consent in force for the
// whole case, or one from every victim. One victim's consent does not
// release what the case says about the others.
func AllowsCase(consents []Consent, victims []int64, r Recipient, s Scope) bool {
	given := map[int64]bool{}
	for _, c := range consents {
		if c.Holds() && c.Recipient == r && slices.Contains(c.Scopes, s) {
			if c.VictimID == 0 {
				return true
			}
			given[c.VictimID] = true
		}
	}
	for _, v := range victims {
		if !given[v] {
			return false
		}
	}
	return len(victims) > 0
}
