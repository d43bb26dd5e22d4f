package retention

import (
	"sigap/internal/calendar"
	"sigap/internal/discipline"
)

// DisciplineEnd is the day a discipline case's legal life ended, or the
// zero date and the block that keeps it running:
//
//   - dismissed (not proven): the day of dismissal, given by the caller,
//     who keeps the step dates;
//   - sanction revoked by the remedy decision: the day of that decision;
//   - an objection or appeal pending: not ended (Objection or Appeal);
//   - decided: the later of the day the decision became final (the end of
//     the remedy window with none filed, or the remedy decision) and the
//     day the sanction was served (final day plus the sanction's months);
//   - anything earlier: Running.
//
// today matters only for a delivered decision whose remedy window is
// still open: the decision is not final yet.
func DisciplineEnd(p discipline.Procedure, c *discipline.Case, cal *calendar.Calendar, dismissed, today calendar.Date) (calendar.Date, Block) {
	switch c.Stage {
	case discipline.StageDismissed:
		if dismissed.IsZero() {
			return calendar.Date{}, Running
		}
		return dismissed, ""
	case discipline.StageRevoked:
		return c.Remedy.Date, ""
	case discipline.StageObjected:
		if c.Objection.Kind == discipline.Banding {
			return calendar.Date{}, Appeal
		}
		return calendar.Date{}, Objection
	case discipline.StageDelivered, discipline.StageEffective:
	default:
		return calendar.Date{}, Running
	}
	final := p.EffectiveOn(c, cal)
	if final.IsZero() || today.Before(final) {
		return calendar.Date{}, Running
	}
	sanction := c.Sanction
	if c.Remedy.Outcome != "" && c.Remedy.Sanction != "" {
		sanction = c.Remedy.Sanction
	}
	return final.AddMonths(sanction.Months(c.SedangPP53)), ""
}
