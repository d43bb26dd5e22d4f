// Package guidance holds the rules of the prevention programme's guidance
// sessions (pembinaan): the cadence a government chose, the periods it
// cuts the year into, the topics, and who counts as having attended. UU
// 20/2023 Ps 39(2) obliges agencies to internalise the code of ethics; the
// cadence per office is a local policy, quarterly by default.
package guidance

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"sigap/internal/apperr"
	"sigap/internal/calendar"
)

// Cadence is how often every office must hold a session.
type Cadence string

// The cadences.
const (
	Monthly    Cadence = "monthly"
	Quarterly  Cadence = "quarterly"
	HalfYearly Cadence = "halfyearly"
)

// Cadences lists the cadences in the order forms offer them.
var Cadences = []Cadence{Monthly, Quarterly, HalfYearly}

// months is the length of a period in months.
func (c Cadence) months() int {
	switch c {
	case Monthly:
		return 1
	case HalfYearly:
		return 6
	}
	return 3
}

// Valid reports whether c is one of the cadences.
func (c Cadence) Valid() bool {
	for _, x := range Cadences {
		if x == c {
			return true
		}
	}
	return false
}

// DefaultTopics are the topics a government starts with.
var DefaultTopics = []string{"Etika", "Disiplin", "Pencegahan pelecehan seksual", "Aturan perkawinan ASN", "Netralitas", "Gratifikasi"}

// Settings are a government's choices on its guidance programme.
type Settings struct {
	Cadence Cadence
	Topics  []string
}

// DefaultSettings apply to a government that has made no choice.
func DefaultSettings() Settings {
	return Settings{Cadence: Quarterly, Topics: append([]string(nil), DefaultTopics...)}
}

// Limits on what forms accept.
const (
	MaxTopics    = 40
	MaxTopicLen  = 120
	MaxTextLen   = 300
	DueSoonDays  = 14 // the deadline watch tells officers this many days before a period ends
	CodeMinutes  = 30 // a check-in code is valid this long
	LateMinutes  = 15 // a self check-in this long after the start counts as late
	CodeDigits   = 6
	CoverPeriods = 8 // the coverage matrix shows this many periods by default
)

// ParseTopics reads one topic a line, dropping blanks and repeats.
func ParseTopics(text string) ([]string, error) {
	var out []string
	seen := map[string]bool{}
	for _, l := range strings.Split(text, "\n") {
		l = strings.TrimSpace(l)
		if l == "" || seen[strings.ToLower(l)] {
			continue
		}
		if utf8.RuneCountInString(l) > MaxTopicLen {
			return nil, apperr.InvalidField("topics", "guidance.error.topic_long", map[string]any{"Max": MaxTopicLen})
		}
		seen[strings.ToLower(l)] = true
		out = append(out, l)
	}
	if len(out) == 0 {
		return nil, apperr.InvalidField("topics", "guidance.error.topics_empty", nil)
	}
	if len(out) > MaxTopics {
		return nil, apperr.InvalidField("topics", "guidance.error.topics_many", map[string]any{"Max": MaxTopics})
	}
	return out, nil
}

// Period is one stretch of the year every office must hold a session in.
type Period struct {
	Start, End calendar.Date // End is the last day
	Cadence    Cadence
}

// PeriodOf is the period of cadence c that d falls in.
func PeriodOf(c Cadence, d calendar.Date) Period {
	m := c.months()
	first := (int(d.Month())-1)/m*m + 1
	start := calendar.NewDate(d.Year(), time.Month(first), 1)
	return Period{Start: start, End: addMonths(start, m).AddDays(-1), Cadence: c}
}

func addMonths(d calendar.Date, n int) calendar.Date {
	y, mo := d.Year(), int(d.Month())-1+n
	y += mo / 12
	mo %= 12
	return calendar.NewDate(y, time.Month(mo+1), 1)
}

// Prev is the period before p.
func (p Period) Prev() Period { return PeriodOf(p.Cadence, p.Start.AddDays(-1)) }

// Next is the period after p.
func (p Period) Next() Period { return PeriodOf(p.Cadence, p.End.AddDays(1)) }

// Contains reports whether d falls in p.
func (p Period) Contains(d calendar.Date) bool { return !d.Before(p.Start) && !d.After(p.End) }

// Key names the period: 2026-Q4, 2026-12, 2026-H2.
func (p Period) Key() string {
	switch p.Cadence {
	case Monthly:
		return fmt.Sprintf("%d-%02d", p.Start.Year(), int(p.Start.Month()))
	case HalfYearly:
		return fmt.Sprintf("%d-H%d", p.Start.Year(), (int(p.Start.Month())-1)/6+1)
	}
	return fmt.Sprintf("%d-Q%d", p.Start.Year(), (int(p.Start.Month())-1)/3+1)
}

// Last returns the n periods up to and including the one d falls in,
// oldest first.
func Last(c Cadence, d calendar.Date, n int) []Period {
	out := make([]Period, n)
	p := PeriodOf(c, d)
	for i := n - 1; i >= 0; i-- {
		out[i] = p
		p = p.Prev()
	}
	return out
}

// Status is an employee's attendance at one session.
type Status string

// The statuses.
const (
	Present Status = "present"
	Late    Status = "late"
	Absent  Status = "absent"
	Excused Status = "excused"
)

// Statuses lists the statuses in the order forms offer them.
var Statuses = []Status{Present, Late, Absent, Excused}

// Valid reports whether s is one of the statuses.
func (s Status) Valid() bool {
	for _, x := range Statuses {
		if x == s {
			return true
		}
	}
	return false
}

// Attended reports whether s counts as having attended.
func (s Status) Attended() bool { return s == Present || s == Late }

// Audience is who a session is for, within its office.
type Audience string

// The audiences.
const (
	AllStaff     Audience = "all"   // everyone in the office on the session date
	PositionKind Audience = "kind"  // those of one position kind (struktural, fungsional, pelaksana)
	Named        Audience = "named" // people named one by one
)

// Valid reports whether a is one of the audiences.
func (a Audience) Valid() bool { return a == AllStaff || a == PositionKind || a == Named }

// Cell is the state of one office in one period.
type Cell string

// The cell states of the coverage matrix.
const (
	Held    Cell = "held"    // a session took place with attendance recorded
	Planned Cell = "planned" // a session is planned and not yet held
	Missed  Cell = "missed"  // the period is over with nothing held
	Nothing Cell = "none"    // the period is running with nothing planned
)

// MaxNamed bounds the people a 'named' session may be for.
const MaxNamed = 500

// MaxMaterials bounds the materials kept for one session.
const MaxMaterials = 30

// IsHeld reports whether a session has taken place for the purposes of its
// record: its date has come and some attendance is recorded. A held
// session is not rewritten: its office, date, start, audience and topics
// stay as they were, and it can no longer be cancelled; the place, the
// link and the facilitator may still be corrected.
func IsHeld(heldOn, today calendar.Date, recorded int) bool {
	return recorded > 0 && !heldOn.After(today)
}

// LockedFields are the form fields a held session refuses to change.
var LockedFields = []string{"unit", "date", "time", "audience", "topics"}
