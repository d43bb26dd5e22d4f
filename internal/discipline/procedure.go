package discipline

import (
	"slices"

	"sigap/internal/apperr"
	"sigap/internal/calendar"
)

// Stage is where a discipline case stands in the procedure of PP 94/2021
// Ps 26–38.
type Stage string

// The stages, in the order a case passes them.
const (
	StageOpen      Stage = "open"      // opened; nobody summoned yet
	StageSummoned  Stage = "summoned"  // a summons is out, the examination is set (Ps 26(2), (3))
	StageExamined  Stage = "examined"  // examined, BAP made (Ps 27, 32)
	StageUnheard   Stage = "unheard"   // absent at both summonses: decided on the evidence (Ps 26(4))
	StageDecided   Stage = "decided"   // the PyBM has set the sanction (Ps 33, 35)
	StageDelivered Stage = "delivered" // delivered or sent to the accused (Ps 37)
	StageObjected  Stage = "objected"  // an administrative remedy was filed (Ps 38(2), PP 79/2021)
	StageEffective Stage = "effective" // in effect (Ps 38)
	StageRevoked   Stage = "revoked"   // revoked by the remedy decision
	StageDismissed Stage = "dismissed" // closed without sanction: not proven
)

// Procedure holds the counting rules a government applies; the defaults
// are PP 94/2021 as read in the legal notes, the unconfirmed ones
// switchable.
type Procedure struct {
	SummonsDays  int  // examination at most this many working days after the summons (Ps 26(2)); 7
	DeliveryDays int  // delivery at most this many working days after the decision (Ps 37(3)); 14
	EffectDays   int  // the decision takes effect on this day after receipt (Ps 38(1)); 15
	EffectInHK   bool // count EffectDays in working days (decision templates) or calendar days (the PP's text); UNCONFIRMED
	// SummonsNotice reads Ps 26(2) as a notice of at least SummonsDays
	// working days before the first examination, rather than the
	// examination at most that long after the letter; UNCONFIRMED.
	SummonsNotice bool
	// SedangPP53 imposes the "sedang" sanctions of PP 53/2010 Ps 7(3) in
	// place of the allowance cuts, as Ps 42 has it until the PP on Gaji
	// dan Tunjangan is in force (whether it is: UNCONFIRMED).
	SedangPP53 bool
	// Windows are the administrative remedies of PP 79/2021; unset, the
	// regulation's own (DefaultRemedyWindows).
	Windows RemedyWindows
	replay  bool // replaying stored steps: the windows were checked when each was taken
}

// DefaultProcedure counts as PP 94/2021 does, with the effect on the 15th
// working day as the regional decision templates read it.
var DefaultProcedure = Procedure{SummonsDays: 7, DeliveryDays: 14, EffectDays: 15, EffectInHK: true, SedangPP53: true, Windows: DefaultRemedyWindows}

// Replay returns p for replaying steps already taken: a window a setting
// has changed since does not undo a step that was in time when taken.
func (p Procedure) Replay() Procedure {
	p.replay = true
	return p
}

// Case is the procedural state of one discipline case: what has happened,
// in order. It knows no people; the store keeps who did each step.
type Case struct {
	Stage     Stage
	Summonses []Summons
	Examined  calendar.Date
	Decided   calendar.Date
	Sanction  Sanction
	Delivered calendar.Date // delivered or sent
	Received  calendar.Date // the accused received it; unknown while a sent decision is on its way
	// Absent is the day the accused was absent when the decision was to
	// be handed over (Ps 37(4)); from it the decision must be sent.
	Absent calendar.Date
	// Sent says the decision was sent (by post, courier or messenger)
	// rather than handed over, the accused being absent (Ps 37(4)).
	Sent bool
	// Response is the day the official (keberatan against an official,
	// PP 79 Ps 8(3)) or the PPK (banding, Ps 13(1)) answered the remedy;
	// NoResponse records that none came within its window.
	Response   calendar.Date
	NoResponse bool
	Objected   calendar.Date // an admissible remedy was filed
	Objection  Objection     // the remedy filed, in time or not
	Remedy     Remedy
	// ByOfficial says the decision was an official's other than the PPK,
	// so that a keberatan goes to that official's superior (PP 79 Ps 3(3));
	// the caller, who knows the authority, sets it.
	ByOfficial bool
	// SedangPP53 says a "sedang" sanction was imposed as its PP 53/2010
	// substitute (Ps 42).
	SedangPP53 bool
	history    []Stage
}

// Summons is one written summons (Ps 26).
type Summons struct {
	Letter calendar.Date // date of the summons letter
	Exam   calendar.Date // the examination it sets
	Missed bool          // the accused did not come
}

// Remedy is the outcome of an objection or appeal (PP 79/2021): the
// sanction upheld, lightened, made heavier, changed, or revoked.
type Remedy struct {
	Outcome  string // uphold, lighten, heavier, change, revoke
	Sanction Sanction
	Date     calendar.Date
}

// History lists the stages the case passed, in order.
func (c *Case) History() []Stage { return slices.Clone(c.history) }

func (c *Case) move(to Stage) {
	c.Stage = to
	c.history = append(c.history, to)
}

func refuse(key string) error { return apperr.New(apperr.Conflict, key) }

// Summon records a summons. The first follows the opening; the second
// follows a missed first examination. The examination may be set no later
// than SummonsDays working days after the letter (first, Ps 26(2)) or after
// the day the first examination should have been (second, Ps 26(3)).
func (p Procedure) Summon(c *Case, cal *calendar.Calendar, letter, exam calendar.Date) error {
	switch {
	case c.Stage == StageOpen && len(c.Summonses) == 0:
	case c.Stage == StageSummoned && len(c.Summonses) == 1 && c.Summonses[0].Missed:
	default:
		return refuse("case.summons.not_now")
	}
	if letter.IsZero() || exam.IsZero() || exam.Before(letter) {
		return apperr.InvalidField("exam", "case.summons.dates", nil)
	}
	from := letter
	if len(c.Summonses) == 1 {
		from = c.Summonses[0].Exam
		if letter.Before(from) {
			return apperr.InvalidField("letter", "case.summons.second_early", nil)
		}
	}
	switch {
	case p.replay:
	case len(c.Summonses) == 0 && p.SummonsNotice:
		if earliest := cal.AddWorkingDays(from, p.SummonsDays); exam.Before(earliest) {
			return apperr.InvalidField("exam", "case.summons.too_early", map[string]any{"Days": p.SummonsDays, "Earliest": earliest.String()})
		}
	default:
		if latest := cal.AddWorkingDays(from, p.SummonsDays); exam.After(latest) {
			return apperr.InvalidField("exam", "case.summons.too_late", map[string]any{"Days": p.SummonsDays, "Latest": latest.String()})
		}
	}
	c.Summonses = append(c.Summonses, Summons{Letter: letter, Exam: exam})
	c.move(StageSummoned)
	return nil
}

// Missed records that the accused did not come to the examination set by
// the last summons. After the second, the case is decided on the evidence
// without examination (Ps 26(4)).
func (p Procedure) Missed(c *Case) error {
	if c.Stage != StageSummoned || c.Summonses[len(c.Summonses)-1].Missed {
		return refuse("case.missed.not_now")
	}
	c.Summonses[len(c.Summonses)-1].Missed = true
	if len(c.Summonses) == 2 {
		c.move(StageUnheard)
	}
	return nil
}

// Examine records the examination and its BAP (Ps 27, 32), on the day the
// summons set or later.
func (p Procedure) Examine(c *Case, on calendar.Date) error {
	if c.Stage != StageSummoned || c.Summonses[len(c.Summonses)-1].Missed {
		return refuse("case.examine.not_now")
	}
	if on.IsZero() || on.Before(c.Summonses[len(c.Summonses)-1].Letter) {
		return apperr.InvalidField("date", "case.examine.date", nil)
	}
	c.Examined = on
	c.move(StageExamined)
	return nil
}

// Decide records the PyBM's decision: a sanction it may impose (allowed,
// from Table.Authorities for the official deciding) among those the
// findings call for (choices, from Choices with the repeat floor). A case
// is decided only after an examination, or after two missed summonses.
func (p Procedure) Decide(c *Case, on calendar.Date, s Sanction, choices, allowed []Sanction) error {
	if c.Stage != StageExamined && c.Stage != StageUnheard {
		return refuse("case.decide.not_now")
	}
	if !slices.Contains(choices, s) {
		return apperr.InvalidField("sanction", "case.decide.not_a_choice", nil)
	}
	if !slices.Contains(allowed, s) {
		return apperr.New(apperr.Forbidden, "case.decide.not_authorised")
	}
	if on.IsZero() || (!c.Examined.IsZero() && on.Before(c.Examined)) {
		return apperr.InvalidField("date", "case.decide.date", nil)
	}
	c.Decided, c.Sanction = on, s
	c.SedangPP53 = p.SedangPP53 && s.Level() == Sedang
	c.move(StageDecided)
	return nil
}

// Dismiss closes a case whose violation was not proven, after an
// examination (a proven one must be sanctioned, Ps 24(1)).
func (p Procedure) Dismiss(c *Case) error {
	if c.Stage != StageExamined {
		return refuse("case.dismiss.not_now")
	}
	c.move(StageDismissed)
	return nil
}

// SendWindow is the time within which a decision the accused was absent
// to receive is sent to them: said to be Perban BKN 6/2022 Ps 49(8), a
// rule not read in its text.
var SendWindow = Window{Days: 3, Article: "Perban BKN 6/2022 Ps 49(8)", Unconfirmed: true}

// Deliver records the decision handed over in person (Ps 37(3)) and the
// day the accused received it.
func (p Procedure) Deliver(c *Case, delivered, received calendar.Date) error {
	if c.Stage != StageDecided {
		return refuse("case.deliver.not_now")
	}
	if delivered.IsZero() || delivered.Before(c.Decided) || received.IsZero() || received.Before(delivered) {
		return apperr.InvalidField("date", "case.deliver.dates", nil)
	}
	c.Delivered, c.Received = delivered, received
	c.move(StageDelivered)
	return nil
}

// MissDelivery records that the accused was absent on the day the
// decision was to be handed over: it is to be sent to them (Ps 37(4)),
// within SendWindow.
func (p Procedure) MissDelivery(c *Case, on calendar.Date) error {
	if c.Stage != StageDecided || !c.Absent.IsZero() {
		return refuse("case.deliver.not_now")
	}
	if on.IsZero() || on.Before(c.Decided) {
		return apperr.InvalidField("day1", "case.deliver.dates", nil)
	}
	c.Absent = on
	return nil
}

// Send records the decision sent to an absent accused (Ps 37(4)) by post,
// courier or messenger, and the day it reached them when that is known;
// an unknown receipt is recorded later with Receive, and until then the
// decision has no day of effect (Ps 38(1) counts from receipt).
func (p Procedure) Send(c *Case, sent, received calendar.Date) error {
	if c.Stage != StageDecided {
		return refuse("case.deliver.not_now")
	}
	if sent.IsZero() || sent.Before(c.Decided) || sent.Before(c.Absent) || (!received.IsZero() && received.Before(sent)) {
		return apperr.InvalidField("day1", "case.deliver.dates", nil)
	}
	c.Delivered, c.Received, c.Sent = sent, received, true
	c.move(StageDelivered)
	return nil
}

// Receive records the day a sent decision reached the accused.
func (p Procedure) Receive(c *Case, on calendar.Date) error {
	if c.Stage != StageDelivered || !c.Sent || !c.Received.IsZero() {
		return refuse("case.receive.not_now")
	}
	if on.IsZero() || on.Before(c.Delivered) {
		return apperr.InvalidField("day1", "case.deliver.dates", nil)
	}
	c.Received = on
	return nil
}

// EffectiveOn is the day a delivered decision takes effect: without a
// remedy filed in time, the EffectDays-th day after receipt (Ps 38(1)),
// counted in working or calendar days as the government reads it; with
// one, the day of the remedy decision (Ps 38(2)), unknown while it is
// pending and never when it revoked the sanction.
func (p Procedure) EffectiveOn(c *Case, cal *calendar.Calendar) calendar.Date {
	switch {
	case c.Received.IsZero(), c.Stage == StageObjected, c.Stage == StageRevoked:
		return calendar.Date{}
	case c.Remedy.Outcome != "":
		return c.Remedy.Date
	}
	if p.EffectInHK {
		return cal.AddWorkingDays(c.Received, p.EffectDays)
	}
	return c.Received.AddDays(p.EffectDays)
}

// Settle moves a delivered decision to effective once its day has come
// with no remedy filed.
func (p Procedure) Settle(c *Case, cal *calendar.Calendar, today calendar.Date) bool {
	on := p.EffectiveOn(c, cal)
	if c.Stage != StageDelivered || on.IsZero() || today.Before(on) {
		return false
	}
	c.move(StageEffective)
	return true
}

// Due is the next date a case must meet, and whether it has passed.
type Due struct {
	What string // a message key: the step that is due
	By   calendar.Date
	Late bool
}

// The due items of delivery and of a pending remedy's follow-ups.
const (
	DueSending  = "case.due.sending"  // send the decision the accused was absent to receive (Ps 37(4))
	DueReceived = "case.due.received" // a sent decision waits for the day it reached the accused; no date
)

// NextDue returns what the case waits for next and by when, on today. A
// sent decision whose receipt is not known yet waits for it without a
// date: no rule sets one.
func (p Procedure) NextDue(c *Case, cal *calendar.Calendar, today calendar.Date) (Due, bool) {
	var d Due
	switch c.Stage {
	case StageSummoned:
		s := c.Summonses[len(c.Summonses)-1]
		if s.Missed { // the second summons must set its examination by then
			d = Due{What: "case.due.second_summons", By: cal.AddWorkingDays(s.Exam, p.SummonsDays)}
		} else {
			d = Due{What: "case.due.examination", By: s.Exam}
		}
	case StageDecided:
		if !c.Absent.IsZero() {
			d = Due{What: DueSending, By: SendWindow.From(cal, c.Absent)}
		} else {
			d = Due{What: "case.due.delivery", By: cal.AddWorkingDays(c.Decided, p.DeliveryDays)}
		}
	case StageDelivered:
		if c.Received.IsZero() {
			return Due{What: DueReceived}, true
		}
		d = Due{What: "case.due.effect", By: p.EffectiveOn(c, cal)}
	case StageObjected:
		if by := p.RespondBy(c, cal); !by.IsZero() { // the official's or the PPK's answer first (PP 79 Ps 8(3), 13(1))
			d = Due{What: "case.due.response." + p.Remedy(c).DecidedBy, By: by}
		} else { // the remedy's decider must decide (PP 79 Ps 5(1), 8(4), 13(4))
			d = Due{What: "case.due.remedy." + string(p.Remedy(c).Kind), By: p.DecideBy(c, cal)}
		}
	default:
		return d, false
	}
	d.Late = today.After(d.By)
	return d, true
}
