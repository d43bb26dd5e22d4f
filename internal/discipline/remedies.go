package discipline

import (
	"slices"

	"sigap/internal/apperr"
	"sigap/internal/calendar"
)

// RemedyKind is one of the two administrative remedies of PP 79/2021
// Pasal 2.
type RemedyKind string

// The remedies.
const (
	Keberatan RemedyKind = "keberatan" // objection, against any sanction but dismissal (Ps 3(1))
	Banding   RemedyKind = "banding"   // administrative appeal to BPASN, against dismissal only (Ps 10)
)

// Who decides a remedy (PP 79/2021 Ps 3(2)–(3), 11(1)).
const (
	ByPPK      = "ppk"      // keberatan against the PPK's own decision
	BySuperior = "superior" // keberatan against another official's decision: that official's superior
	ByBPASN    = "bpasn"    // banding administratif
)

// Window is a time limit in working days, with the article that sets it.
type Window struct {
	Days        int
	Article     string
	Unconfirmed bool
}

// From is the last day of the window opened on d.
func (w Window) From(cal *calendar.Calendar, d calendar.Date) calendar.Date {
	return cal.AddWorkingDays(d, w.Days)
}

// RemedyRule is one remedy as PP 79/2021 sets it: who decides it, the
// window to file it from receipt of the decision, the window to decide it
// from its filing, and the outcomes the decider may reach.
type RemedyRule struct {
	Kind      RemedyKind
	DecidedBy string // ByPPK, BySuperior, ByBPASN
	File      Window
	Decide    Window
	Outcomes  []string
	OutcomeOf string // the article listing the outcomes
	// Respond is the window in which the one whose decision is contested
	// answers the decider, from receiving the copy of the remedy: the
	// official to the superior (Ps 8(3)), the PPK to BPASN (Ps 13(1));
	// none for a keberatan the PPK decides itself.
	Respond Window
	// Court is the article that opens the administrative court when the
	// decider has not decided in time (PP 79 Ps 5(3), 8(7)); for a
	// banding, the high administrative court (Ps 18). CourtHigh names it.
	Court     string
	CourtHigh bool
}

// RemedyWindows are the remedies a government counts by.
type RemedyWindows struct {
	ToPPK      RemedyRule // keberatan against a PPK decision
	ToSuperior RemedyRule // keberatan against another official's decision
	Banding    RemedyRule // banding administratif against dismissal
}

// DefaultRemedyWindows are PP 79/2021 as read in the legal notes. The
// filing window of a keberatan against an official other than the PPK is
// in Pasal 7, lost in the copy read: assumed to be the same 14 working days.
var DefaultRemedyWindows = RemedyWindows{
	ToPPK: RemedyRule{Kind: Keberatan, DecidedBy: ByPPK,
		File:     Window{Days: 14, Article: "PP 79/2021 Ps 4(2)"},
		Decide:   Window{Days: 21, Article: "PP 79/2021 Ps 5(1)"},
		Outcomes: []string{"uphold", "lighten", "heavier", "change", "revoke", "annul"}, OutcomeOf: "PP 79/2021 Ps 6(1)",
		Court: "PP 79/2021 Ps 5(3)"},
	ToSuperior: RemedyRule{Kind: Keberatan, DecidedBy: BySuperior,
		File:     Window{Days: 14, Article: "PP 79/2021 Ps 7", Unconfirmed: true},
		Decide:   Window{Days: 21, Article: "PP 79/2021 Ps 8(4)"},
		Outcomes: []string{"uphold", "lighten", "heavier", "change", "revoke", "annul"}, OutcomeOf: "PP 79/2021 Ps 9(1)",
		Respond: Window{Days: 6, Article: "PP 79/2021 Ps 8(3)"}, Court: "PP 79/2021 Ps 8(7)"},
	Banding: RemedyRule{Kind: Banding, DecidedBy: ByBPASN,
		File:     Window{Days: 14, Article: "PP 79/2021 Ps 11(3)"},
		Decide:   Window{Days: 65, Article: "PP 79/2021 Ps 13(4)"},
		Outcomes: []string{"uphold", "lighten", "heavier", "change", "annul"}, OutcomeOf: "PP 79/2021 Ps 16(1)",
		Respond: Window{Days: 21, Article: "PP 79/2021 Ps 13(1)"}, Court: "PP 79/2021 Ps 18", CourtHigh: true},
}

// Dismissal reports whether s ends the civil servant's employment: only a
// dismissal is appealed to BPASN, every other sanction is objected to
// (PP 79/2021 Ps 3(1), 10).
func (s Sanction) Dismissal() bool { return s == B3 }

// Objection is a remedy filed against the decision: which, when, and
// whether it came in time.
type Objection struct {
	Kind       RemedyKind
	Filed      calendar.Date
	Admissible bool
}

// RemedyFor is the remedy that lies against sanction s: a banding against
// a dismissal, otherwise a keberatan, to the PPK or, when byOfficial, to
// the superior of the official who decided. Windows left unset (a
// Procedure written before they existed) are PP 79/2021's.
func (p Procedure) RemedyFor(s Sanction, byOfficial bool) RemedyRule {
	w := p.Windows
	if w.ToPPK.File.Days == 0 {
		w = DefaultRemedyWindows
	}
	switch {
	case s.Dismissal():
		return w.Banding
	case byOfficial:
		return w.ToSuperior
	}
	return w.ToPPK
}

// Remedy is the remedy rule for a decided case.
func (p Procedure) Remedy(c *Case) RemedyRule { return p.RemedyFor(c.Sanction, c.ByOfficial) }

// FileBy is the last day to file a remedy against a delivered decision.
func (p Procedure) FileBy(c *Case, cal *calendar.Calendar) calendar.Date {
	if c.Received.IsZero() {
		return calendar.Date{}
	}
	return p.Remedy(c).File.From(cal, c.Received)
}

// DecideBy is the last day to decide a remedy filed in time.
func (p Procedure) DecideBy(c *Case, cal *calendar.Calendar) calendar.Date {
	if c.Objected.IsZero() {
		return calendar.Date{}
	}
	return p.Remedy(c).Decide.From(cal, c.Objected)
}

// Object records a remedy filed against a delivered decision: a keberatan,
// or a banding against a dismissal. Filed within its window from receipt,
// it suspends the decision, which takes effect as the remedy decides
// (PP 94 Ps 38(2)). Filed late, it is recorded as not admissible ("tidak
// dapat diterima", PP 79 Ps 4(3), 12) and the decision stands, taking
// effect on its day. One remedy per decision.
func (p Procedure) Object(c *Case, cal *calendar.Calendar, on calendar.Date) error {
	// A decision that took effect on its day may still meet a remedy
	// filed in time (where effect comes before the filing window closes,
	// as on the calendar-day reading of Ps 38(1)); one filed late is
	// recorded and the decision stands.
	settled := c.Stage == StageEffective && c.Remedy.Outcome == "" && !c.Received.IsZero()
	if c.Stage != StageDelivered && !settled {
		return refuse("case.object.not_now")
	}
	if !c.Objection.Filed.IsZero() {
		return refuse("case.object.already")
	}
	if c.Received.IsZero() { // sent, not known to have arrived: the window has not opened
		return refuse("case.object.not_received")
	}
	if on.IsZero() || on.Before(c.Received) {
		return apperr.InvalidField("day1", "case.object.date", nil)
	}
	return p.recordObjection(c, on, !on.After(p.FileBy(c, cal)))
}

// ReplayObjection replays a stored objection as it was judged when filed:
// the calendar or a setting may have changed since, and an objection
// admitted then stays admitted.
func (p Procedure) ReplayObjection(c *Case, on calendar.Date, admissible bool) error {
	if c.Stage != StageDelivered || !c.Objection.Filed.IsZero() {
		return refuse("case.object.not_now")
	}
	return p.recordObjection(c, on, admissible)
}

func (p Procedure) recordObjection(c *Case, on calendar.Date, admissible bool) error {
	c.Objection = Objection{Kind: p.Remedy(c).Kind, Filed: on, Admissible: admissible}
	if !admissible {
		return nil
	}
	c.Objected = on
	c.move(StageObjected)
	return nil
}

// RespondBy is the last day for the answer to a pending remedy that calls
// for one (PP 79 Ps 8(3), 13(1)), counted from its filing, the copy going
// to the one answering with it (Ps 7, 11(3)); zero when none is due or it
// is recorded.
func (p Procedure) RespondBy(c *Case, cal *calendar.Calendar) calendar.Date {
	r := p.Remedy(c)
	if c.Stage != StageObjected || r.Respond.Days == 0 || !c.Response.IsZero() || c.NoResponse {
		return calendar.Date{}
	}
	return r.Respond.From(cal, c.Objected)
}

// Respond records the day the official (PP 79 Ps 8(3)) or the PPK (Ps
// 13(1)) sent their answer to a pending remedy; silent records instead
// that none came by the end of its window, after which the decider
// decides on the data it has (Ps 8(5)).
func (p Procedure) Respond(c *Case, cal *calendar.Calendar, on calendar.Date, silent bool) error {
	by := p.RespondBy(c, cal)
	if by.IsZero() {
		return refuse("case.respond.not_now")
	}
	if on.IsZero() || on.Before(c.Objected) {
		return apperr.InvalidField("day1", "case.respond.date", nil)
	}
	if silent && !on.After(by) && !p.replay {
		return apperr.InvalidField("day1", "case.respond.silent_early", map[string]any{"By": by.String()})
	}
	if silent {
		c.NoResponse = true
	} else {
		c.Response = on
	}
	return nil
}

// CourtOpen reports whether the remedy's decider has let its window pass
// without deciding, on today: the accused may then go to the
// administrative court (PP 79 Ps 5(3), 8(7); for a banding Ps 18).
func (p Procedure) CourtOpen(c *Case, cal *calendar.Calendar, today calendar.Date) bool {
	return c.Stage == StageObjected && today.After(p.DecideBy(c, cal))
}

// Remedies are the outcomes of an objection or appeal, across both; the
// rule of each remedy says which it allows.
var Remedies = []string{"uphold", "lighten", "heavier", "change", "revoke", "annul"}

// Resolve records the remedy decision: the sanction upheld, lightened,
// made heavier or changed takes effect on the day of the remedy decision
// (PP 94 Ps 38(2), PP 79 Ps 16(4)); a revoked or annulled one never does.
// The outcome must be one the remedy allows (PP 79 Ps 6(1), 9(1), 16(1)).
func (p Procedure) Resolve(c *Case, r Remedy) error {
	if c.Stage != StageObjected {
		return refuse("case.remedy.not_now")
	}
	if !slices.Contains(Remedies, r.Outcome) || r.Date.IsZero() || r.Date.Before(c.Objected) {
		return apperr.InvalidField("outcome", "case.remedy.invalid", nil)
	}
	if !slices.Contains(p.Remedy(c).Outcomes, r.Outcome) {
		return apperr.InvalidField("outcome", "case.remedy.not_for_kind", nil)
	}
	i, j := slices.Index(Sanctions, c.Sanction), slices.Index(Sanctions, r.Sanction)
	switch r.Outcome {
	case "uphold":
		r.Sanction = c.Sanction
	case "revoke", "annul":
		r.Sanction = ""
	case "lighten":
		if j < 0 || j >= i {
			return apperr.InvalidField("sanction", "case.remedy.not_lighter", nil)
		}
	case "heavier":
		if j <= i {
			return apperr.InvalidField("sanction", "case.remedy.not_heavier", nil)
		}
	case "change":
		if j < 0 || j == i {
			return apperr.InvalidField("sanction", "case.remedy.not_changed", nil)
		}
	}
	c.Remedy = r
	if r.Sanction == "" {
		c.move(StageRevoked)
		return nil
	}
	c.Sanction = r.Sanction
	c.move(StageEffective)
	return nil
}
