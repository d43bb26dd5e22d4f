package discipline

import (
	"testing"

	"sigap/internal/calendar"
)

// Ps 26(1), 28: the superior's window runs from the day they were told,
// in working days on the government's calendar; the reminder comes
// RemindDays working days before; once summoned, the procedure's own
// dates take over.
func TestWatchDue(t *testing.T) {
	cal, p, w := holidays(t), DefaultProcedure, DefaultWatch
	c := &Case{Stage: StageOpen}
	if _, ok := w.Due(p, c, cal, calendar.Date{}); ok {
		t.Error("due before the superior was told")
	}
	// Told on Friday 13 March 2026: the 16th and 17th are working days,
	// Nyepi, Idul Fitri and cuti bersama close the 18th to the 24th, so
	// the seventh working day is Tuesday 31 March.
	d, ok := w.Due(p, c, cal, day("2026-03-13"))
	if !ok || d.What != DueFirstSummons || d.By != day("2026-03-31") || d.Late || !Inaction(d) {
		t.Fatalf("Ps 28 window: %+v %v", d, ok)
	}
	// The reminder two working days before: on Friday 27 March, not on
	// Thursday the 26th.
	if got := w.RemindUpTo(cal, day("2026-03-27")); got != d.By {
		t.Errorf("on the 27th reminders reach %s", got)
	}
	if got := w.RemindUpTo(cal, day("2026-03-26")); !got.Before(d.By) {
		t.Errorf("on the 26th reminders reach %s", got)
	}
	if err := p.Summon(c, cal, day("2026-03-16"), day("2026-03-27")); err != nil {
		t.Fatal(err)
	}
	d, ok = w.Due(p, c, cal, day("2026-03-13"))
	if !ok || d.What != "case.due.examination" || d.By != day("2026-03-27") || Inaction(d) {
		t.Errorf("after the summons: %+v", d)
	}
	c.Stage = StageDismissed
	if _, ok := w.Due(p, c, cal, day("2026-03-13")); ok {
		t.Error("due after the procedure ended")
	}
}
