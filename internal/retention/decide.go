package retention

import (
	"slices"

	"sigap/internal/calendar"
)

// Block is something that keeps a record alive whatever its period says.
type Block string

// The blocks, in the order a preview lists them.
const (
	// Running: the event that ends the record's legal life has not
	// happened (the case is open, the report not closed, the decision not
	// yet final).
	Running Block = "running"
	// LinkedOpen: a record linked to this one (the case opened from a
	// report, the report behind a case, a related protection case) is
	// still running or itself blocked.
	LinkedOpen Block = "linked_open"
	// Objection: an objection (keberatan) is pending.
	Objection Block = "objection"
	// Appeal: an administrative appeal (banding) is pending.
	Appeal Block = "appeal"
	// Court: a court matter about the case is open; recorded as a hold of
	// that kind.
	Court Block = "court"
	// Held: a legal hold is set.
	Held Block = "held"
)

// Life is what the store knows about one record's legal life.
type Life struct {
	Kind Kind
	// Ended is the day the event that ends the record's legal life
	// happened; zero while it has not.
	Ended calendar.Date
	// Blocks are what keeps the record alive besides Ended being unset;
	// the caller adds LinkedOpen, Objection, Appeal, Court and Held.
	Blocks []Block
}

// Verdict is Decide's answer for one record.
type Verdict struct {
	// PurgeOn is the first day the record may be purged, once nothing
	// blocks it; zero while its legal life runs.
	PurgeOn calendar.Date
	// Blocks say why it may not be purged on PurgeOn, in a fixed order.
	Blocks []Block
}

// Due reports whether the record is to be purged on day today.
func (v Verdict) Due(today calendar.Date) bool {
	return len(v.Blocks) == 0 && !v.PurgeOn.IsZero() && !today.Before(v.PurgeOn)
}

// Within reports whether the record will be due within days days of today
// if nothing changes: what the purge preview lists. Blocked records are
// listed too when their date falls in the window, so that an admin sees a
// hold that would otherwise lapse.
func (v Verdict) Within(today calendar.Date, days int) bool {
	return !v.PurgeOn.IsZero() && !v.PurgeOn.After(today.AddDays(days))
}

// Decide gives the day a record may be purged under rules, and what blocks
// it. A kind the rules do not cover is never purged: a missing rule must
// keep, not destroy.
func Decide(rules Rules, l Life) Verdict {
	var v Verdict
	months, ok := rules[l.Kind]
	if !ok || months <= 0 {
		v.Blocks = append(v.Blocks, Running)
	}
	if l.Ended.IsZero() {
		v.Blocks = append(v.Blocks, Running)
	} else if ok && months > 0 {
		v.PurgeOn = l.Ended.AddMonths(months)
	}
	v.Blocks = append(v.Blocks, l.Blocks...)
	slices.SortFunc(v.Blocks, func(a, b Block) int { return order(a) - order(b) })
	v.Blocks = slices.Compact(v.Blocks)
	return v
}

func order(b Block) int {
	i := slices.Index([]Block{Running, LinkedOpen, Objection, Appeal, Court, Held}, b)
	if i < 0 {
		return 99
	}
	return i
}
