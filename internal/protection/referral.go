package protection

import "slices"

// ReferralStatus is where a referral to a partner stands: sent, then the
// partner's answer, then done once the partner has given its service.
type ReferralStatus string

// The statuses of a referral.
const (
	ReferralSent     ReferralStatus = "sent"
	ReferralAccepted ReferralStatus = "accepted"
	ReferralDeclined ReferralStatus = "declined"
	ReferralDone     ReferralStatus = "done"
)

// ReferralStatuses lists the statuses in display order.
var ReferralStatuses = []ReferralStatus{ReferralSent, ReferralAccepted, ReferralDeclined, ReferralDone}

// Valid reports whether s is a known status.
func (s ReferralStatus) Valid() bool { return slices.Contains(ReferralStatuses, s) }

// Answers lists the statuses a referral may move to from s: a sent
// referral is accepted or declined (or, when the partner acted at once,
// done); an accepted one is done or, later, declined. A declined or done
// referral is final: a new attempt is a new referral.
func (s ReferralStatus) Answers() []ReferralStatus {
	switch s {
	case ReferralSent:
		return []ReferralStatus{ReferralAccepted, ReferralDeclined, ReferralDone}
	case ReferralAccepted:
		return []ReferralStatus{ReferralDone, ReferralDeclined}
	}
	return nil
}

// CanBecome reports whether a referral in status s may move to t.
func (s ReferralStatus) CanBecome(t ReferralStatus) bool { return slices.Contains(s.Answers(), t) }

// MinOverrideReason is the fewest characters of the reason a supervisor
// gives for referring without the victim's consent: a reason, not a word.
const MinOverrideReason = 20

// ConsentFor returns the consent in force that lets a referral to r go
// ahead (the newest, when several hold), and whether there is one.
func ConsentFor(consents []Consent, r Recipient) (Consent, bool) {
	for i := len(consents) - 1; i >= 0; i-- {
		c := consents[i]
		if c.Holds() && c.Recipient == r && len(c.Scopes) > 0 {
			return c, true
		}
	}
	return Consent{}, false
}
