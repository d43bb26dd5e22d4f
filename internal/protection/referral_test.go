package protection

import (
	"strings"
	"testing"
	"time"
)

func TestReferralAnswers(t *testing.T) {
	for _, c := range []struct {
		from, to ReferralStatus
		ok       bool
	}{
		{ReferralSent, ReferralAccepted, true}, {ReferralSent, ReferralDeclined, true}, {ReferralSent, ReferralDone, true},
		{ReferralAccepted, ReferralDone, true}, {ReferralAccepted, ReferralDeclined, true}, {ReferralAccepted, ReferralSent, false},
		{ReferralDeclined, ReferralAccepted, false}, {ReferralDone, ReferralDeclined, false}, {ReferralSent, "lost", false},
	} {
		if got := c.from.CanBecome(c.to); got != c.ok {
			t.Errorf("%s → %s: %v", c.from, c.to, got)
		}
	}
}

// The consent that lets a referral go ahead is one in force for the same
// recipient, the newest first; a withdrawn one or one for another
// recipient does not count, and agrees with Shares.
func TestConsentFor(t *testing.T) {
	now := time.Now()
	cs := []Consent{
		{ID: 1, Recipient: Police, Scopes: []Scope{ScopeSummary}, WithdrawnAt: now},
		{ID: 2, Recipient: Health, Scopes: []Scope{ScopeSummary}},
		{ID: 3, Recipient: Police, Scopes: []Scope{ScopeChronology}},
		{ID: 4, Recipient: Police, Scopes: []Scope{ScopeIdentity}},
	}
	if c, ok := ConsentFor(cs, Police); !ok || c.ID != 4 {
		t.Errorf("police: %+v %v", c, ok)
	}
	if _, ok := ConsentFor(cs[:1], Police); ok || Shares(cs[:1], Police) {
		t.Error("a withdrawn consent lets a referral go ahead")
	}
	for _, r := range Recipients {
		_, ok := ConsentFor(cs, r)
		if ok != Shares(cs, r) {
			t.Errorf("%s: ConsentFor %v, Shares %v", r, ok, !ok)
		}
	}
}

func TestCleanLine(t *testing.T) {
	if s, err := CleanLine("provider", "  Puskesmas Ciruas ", 200); err != nil || s != "Puskesmas Ciruas" {
		t.Errorf("%q %v", s, err)
	}
	for _, bad := range []string{"", "   ", "dua\nbaris", "tab\tdi", "bel\a", strings.Repeat("a", 201), "\xff"} {
		if _, err := CleanLine("provider", bad, 200); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}
