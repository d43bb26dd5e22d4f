package discipline

import "sigap/internal/calendar"

// Watch holds the clocks sigap keeps around the procedure's own: a
// reminder before each due date, and the window in which a direct
// superior told of a violation must summon.
//
// PP 94/2021 makes discipline the direct superior's duty, not dependent on
// a complaint (Ps 26(1), 27(1)), and a superior who does not summon,
// examine or report is sanctioned himself (Ps 28). The PP sets no number
// of days for that; InactionDays is the government's own setting.
type Watch struct {
	RemindDays   int // remind this many working days before a due date
	InactionDays int // a superior told of a violation summons within this many working days (Ps 28; a setting, not the PP's)
}

// DefaultWatch reminds two working days ahead and expects the first
// summons within seven working days of the superior being told, the
// same span Ps 26(2) gives between a summons and its examination.
var DefaultWatch = Watch{RemindDays: 2, InactionDays: 7}

// DueFirstSummons is what an open case waits for once its superior is told.
const DueFirstSummons = "case.due.first_summons"

// Due returns what the case waits for next and by when: the procedure's
// own next date, or, before any summons, the first summons within
// InactionDays of the day the superior was told. Nothing is due before the
// superior is told, nor after the procedure ends.
func (w Watch) Due(p Procedure, c *Case, cal *calendar.Calendar, informed calendar.Date) (Due, bool) {
	if c.Stage == StageOpen {
		if informed.IsZero() {
			return Due{}, false
		}
		return Due{What: DueFirstSummons, By: cal.AddWorkingDays(informed, w.InactionDays)}, true
	}
	d, ok := p.NextDue(c, cal, calendar.Date{})
	d.Late = false // lateness is a matter of the day it is read
	return d, ok
}

// RemindUpTo is the last due date a reminder goes out for on today.
func (w Watch) RemindUpTo(cal *calendar.Calendar, today calendar.Date) calendar.Date {
	return cal.AddWorkingDays(today, w.RemindDays)
}

// Inaction reports whether a due item is the superior's summons (Ps 28):
// late, it is the superior who failed to act.
func Inaction(d Due) bool { return d.What == DueFirstSummons }
