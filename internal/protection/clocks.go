package protection

import (
	"sort"
	"time"

	"sigap/internal/apperr"
)

// The hard timelines of UU 12/2022 (TPKS) Ps 41–45 are counted in hours
// from moments of a case, not in working days: "3 × 24 jam" is 72 hours
// whatever the calendar says. A clock is data (what it counts, from which
// moment, stopped by which); StatusOf applies them to a case's recorded
// moments. Legal notes §7.3 and `tpks_uu12_2022` in §13.

// Moment names a recorded moment of a case a clock runs from or stops at.
type Moment string

// The moments.
const (
	Reported            Moment = "reported"              // the victim's report reached the office
	PoliceReported      Moment = "police_reported"       // the office reported to the police (Ps 41(2))
	TempProtectionFrom  Moment = "temp_protection_from"  // the police granted temporary protection (Ps 42(1))
	TempProtectionUntil Moment = "temp_protection_until" // when it ends (at most 14 days, Ps 42(2))
	LPSKRequested       Moment = "lpsk_requested"        // the police asked LPSK for protection (Ps 43(1))
	RestraintFrom       Moment = "restraint_from"        // the court's restriction order begins (Ps 45)
	RestraintUntil      Moment = "restraint_until"       // and ends (at most 6 months)
	RenewalRequested    Moment = "renewal_requested"     // its renewal was asked for (Ps 45)
)

// Moments are the recorded moments of a case; a zero time is not yet
// recorded.
type Moments struct {
	Reported, PoliceReported                time.Time
	TempProtectionFrom, TempProtectionUntil time.Time
	LPSKRequested                           time.Time
	RestraintFrom, RestraintUntil           time.Time
	RenewalRequested                        time.Time
}

// At returns one moment.
func (m Moments) At(x Moment) time.Time {
	switch x {
	case Reported:
		return m.Reported
	case PoliceReported:
		return m.PoliceReported
	case TempProtectionFrom:
		return m.TempProtectionFrom
	case TempProtectionUntil:
		return m.TempProtectionUntil
	case LPSKRequested:
		return m.LPSKRequested
	case RestraintFrom:
		return m.RestraintFrom
	case RestraintUntil:
		return m.RestraintUntil
	case RenewalRequested:
		return m.RenewalRequested
	}
	return time.Time{}
}

// ClockKind names a clock.
type ClockKind string

// The clocks.
const (
	ClockPoliceReport     ClockKind = "police_report"
	ClockTempProtection   ClockKind = "temp_protection"
	ClockLPSKRequest      ClockKind = "lpsk_request"
	ClockRestraintRenewal ClockKind = "restraint_renewal"
)

// Clock is one timeline: due Hours (or Days of 24 hours) after its anchor
// moment, or that long before it when Before; met by its stop moment.
type Clock struct {
	Kind    ClockKind
	Article string // its source in the law
	Hours   int
	Days    int
	Before  bool // due that long before the anchor (a renewal asked ahead of an end)
	Anchor  Moment
	Stop    Moment
}

// Window is the clock's length.
func (c Clock) Window() time.Duration {
	return time.Duration(c.Hours)*time.Hour + time.Duration(c.Days)*24*time.Hour
}

// DueFrom returns the due time for an anchor.
func (c Clock) DueFrom(anchor time.Time) time.Time {
	if c.Before {
		return anchor.Add(-c.Window())
	}
	return anchor.Add(c.Window())
}

// Clocks are the TPKS timelines, in the order a case meets them.
var Clocks = []Clock{
	// The UPTD PPA reports to the police within 3 × 24 hours of the
	// victim's report.
	{Kind: ClockPoliceReport, Article: "UU 12/2022 Ps 41(3)", Hours: 72, Anchor: Reported, Stop: PoliceReported},
	// The police may grant temporary protection within 1 × 24 hours of
	// the report to them.
	{Kind: ClockTempProtection, Article: "UU 12/2022 Ps 42(1)", Hours: 24, Anchor: PoliceReported, Stop: TempProtectionFrom},
	// Having granted it, they ask LPSK for protection within 1 × 24 hours.
	{Kind: ClockLPSKRequest, Article: "UU 12/2022 Ps 43(1)", Hours: 24, Anchor: TempProtectionFrom, Stop: LPSKRequested},
	// A restriction order's renewal is asked for at least 7 days before
	// it ends.
	{Kind: ClockRestraintRenewal, Article: "UU 12/2022 Ps 45", Days: 7, Before: true, Anchor: RestraintUntil, Stop: RenewalRequested},
}

// ClockByKind returns a clock by its kind.
func ClockByKind(k ClockKind) (Clock, bool) {
	for _, c := range Clocks {
		if c.Kind == k {
			return c, true
		}
	}
	return Clock{}, false
}

// The longest durations the law allows.
const (
	MaxTempProtection  = 14 * 24 * time.Hour // Ps 42(2)
	MaxRestraintMonths = 6                   // Ps 45(1)
)

// State is where a clock stands.
type State string

// The states.
const (
	NotStarted State = "not_started" // its anchor is not recorded
	Running    State = "running"     // started, not met, not yet due
	Late       State = "late"        // started, not met, past its due time
	Met        State = "met"         // its stop moment is recorded (MetLate says whether in time)
)

// ClockStatus is one clock of one case at one instant.
type ClockStatus struct {
	Clock
	State   State
	Due     time.Time // zero when not started
	MetAt   time.Time
	MetLate bool // met after its due time
}

// Left is the time left until the due time; negative when late.
func (s ClockStatus) Left(now time.Time) time.Duration { return s.Due.Sub(now) }

// Open reports whether the clock still waits for its stop moment.
func (s ClockStatus) Open() bool { return s.State == Running || s.State == Late }

// Key names the clock's current due time, for alerts sent once per due
// time: a corrected moment that moves the due time asks again.
func (s ClockStatus) Key() string {
	if s.Due.IsZero() {
		return ""
	}
	return string(s.Kind) + "@" + s.Due.UTC().Format(time.RFC3339)
}

// StatusOf returns every clock's status on a case's moments at now. A
// clock is in time when met at its due time exactly, and late from the
// instant after.
func StatusOf(m Moments, now time.Time) []ClockStatus {
	out := make([]ClockStatus, len(Clocks))
	for i, c := range Clocks {
		st := ClockStatus{Clock: c, State: NotStarted, MetAt: m.At(c.Stop)}
		if anchor := m.At(c.Anchor); !anchor.IsZero() {
			st.Due = c.DueFrom(anchor)
		}
		switch {
		case !st.MetAt.IsZero():
			st.State = Met
			st.MetLate = !st.Due.IsZero() && st.MetAt.After(st.Due)
		case st.Due.IsZero():
		case now.After(st.Due):
			st.State = Late
		default:
			st.State = Running
		}
		out[i] = st
	}
	return out
}

// Pending returns the clocks still waiting (running or late), the
// earliest due time first.
func Pending(st []ClockStatus) []ClockStatus {
	var out []ClockStatus
	for _, s := range st {
		if s.Open() {
			out = append(out, s)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Due.Before(out[j].Due) })
	return out
}

// RemindAhead is how long before a due time the case workers are
// reminded.
const RemindAhead = 12 * time.Hour

// Alerts are what the watch owes a case at now, given the keys already
// sent: the clocks to remind of (less than RemindAhead left) and to
// escalate (late), and the next instant the watch has something to do
// for the case once these are sent (zero: nothing more until a moment is
// recorded).
type Alerts struct {
	Remind, Escalate []ClockStatus
	Next             time.Time
}

// AlertsOf works out the alerts of a case's clocks. reminded and
// escalated are the keys sent before.
func AlertsOf(st []ClockStatus, now time.Time, reminded, escalated func(key string) bool) Alerts {
	var a Alerts
	next := func(t time.Time) {
		if a.Next.IsZero() || t.Before(a.Next) {
			a.Next = t
		}
	}
	for _, s := range Pending(st) {
		key := s.Key()
		switch {
		case escalated(key):
			// Told once that it is late; nothing more for this due time.
		case s.State == Late:
			a.Escalate = append(a.Escalate, s)
		case reminded(key) || now.After(s.Due.Add(-RemindAhead)):
			if !reminded(key) {
				a.Remind = append(a.Remind, s)
			}
			// The escalation is owed the instant after the due time.
			next(s.Due.Add(time.Microsecond))
		default:
			// Less than RemindAhead left from the instant after.
			next(s.Due.Add(-RemindAhead + time.Microsecond))
		}
	}
	return a
}

// Step is one thing a case worker records on the clocks page.
type Step string

// The steps, in the order of the law.
const (
	StepPoliceReport   Step = "police_report"   // at: reported to the police
	StepTempProtection Step = "temp_protection" // at, until: the police's temporary protection
	StepLPSKRequest    Step = "lpsk_request"    // at: the police asked LPSK
	StepRestraint      Step = "restraint"       // at, until: the court's restriction order
	StepRenewal        Step = "renewal"         // at: its renewal asked for
)

// Steps lists the steps in display order.
var Steps = []Step{StepPoliceReport, StepTempProtection, StepLPSKRequest, StepRestraint, StepRenewal}

// HasUntil reports whether a step records an end as well.
func (s Step) HasUntil() bool { return s == StepTempProtection || s == StepRestraint }

// Record applies one step to the moments (recording or correcting it) and
// checks it against the others at now: nothing that happened may be in
// the future or before the victim's report, the moments follow the law's
// order, temporary protection lasts at most 14 days and a restriction
// order at most 6 months. Every problem is reported at once against the
// form's fields "at" and "until"; on a problem the moments are unchanged.
func (m *Moments) Record(step Step, at, until, now time.Time) error {
	var fields apperr.Fields
	next := *m
	if at.IsZero() {
		fields.Add("at", "protection.clock.at.required", nil)
	} else if at.After(now.Add(time.Minute)) {
		fields.Add("at", "protection.clock.future", nil)
	} else if !m.Reported.IsZero() && at.Before(m.Reported) {
		fields.Add("at", "protection.clock.before_report", nil)
	}
	if step.HasUntil() {
		if until.IsZero() {
			fields.Add("until", "protection.clock.until.required", nil)
		} else if !at.IsZero() && !until.After(at) {
			fields.Add("until", "protection.clock.until.before", nil)
		}
	}
	// before reports a moment that must come first but comes after.
	before := func(first, then time.Time) bool { return !first.IsZero() && !then.IsZero() && then.Before(first) }
	switch step {
	case StepPoliceReport:
		next.PoliceReported = at
		if before(at, m.TempProtectionFrom) {
			fields.Add("at", "protection.clock.after_protection", nil)
		}
	case StepTempProtection:
		next.TempProtectionFrom, next.TempProtectionUntil = at, until
		switch {
		case m.PoliceReported.IsZero():
			fields.Add("at", "protection.clock.police_first", nil)
		case before(m.PoliceReported, at):
			fields.Add("at", "protection.clock.before_police", nil)
		case before(at, m.LPSKRequested):
			fields.Add("at", "protection.clock.after_lpsk", nil)
		}
		if !at.IsZero() && until.Sub(at) > MaxTempProtection {
			fields.Add("until", "protection.clock.temp_long", map[string]any{"Days": int(MaxTempProtection / (24 * time.Hour))})
		}
	case StepLPSKRequest:
		next.LPSKRequested = at
		if m.TempProtectionFrom.IsZero() {
			fields.Add("at", "protection.clock.protection_first", nil)
		} else if before(m.TempProtectionFrom, at) {
			fields.Add("at", "protection.clock.before_protection", nil)
		}
	case StepRestraint:
		next.RestraintFrom, next.RestraintUntil = at, until
		if !at.IsZero() && until.After(at.AddDate(0, MaxRestraintMonths, 0)) {
			fields.Add("until", "protection.clock.restraint_long", map[string]any{"Months": MaxRestraintMonths})
		}
		if before(at, m.RenewalRequested) {
			fields.Add("at", "protection.clock.after_renewal", nil)
		}
	case StepRenewal:
		next.RenewalRequested = at
		if m.RestraintUntil.IsZero() {
			fields.Add("at", "protection.clock.restraint_first", nil)
		} else if before(m.RestraintFrom, at) {
			fields.Add("at", "protection.clock.before_restraint", nil)
		}
	default:
		return apperr.InvalidField("step", "protection.clock.step", nil)
	}
	if err := fields.Err(); err != nil {
		return err
	}
	*m = next
	return nil
}
