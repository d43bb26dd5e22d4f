package report

import (
	"time"

	"sigap/internal/calendar"
)

// Clocks are the public-complaint deadlines in working days: the desk
// verifies a report within Verify days of receiving it, and follows it up
// (tells the reporter something, or decides an outcome) within FollowUp
// days of verifying it. The defaults are SP4N-LAPOR!'s operating
// timelines, a rule of that platform rather than of statute (its FAQ,
// blog.lapor.go.id), which the desks of regional governments follow.
type Clocks struct {
	Verify   int
	FollowUp int
}

// DefaultClocks are the SP4N-LAPOR! timelines: 3 and 5 working days.
var DefaultClocks = Clocks{Verify: 3, FollowUp: 5}

// Deadlines are where a report stands against the clocks.
type Deadlines struct {
	Received     calendar.Date
	VerifyBy     calendar.Date
	FollowUpBy   calendar.Date
	VerifyLate   bool // verified after VerifyBy, or not yet and VerifyBy has passed
	FollowUpLate bool
	// Age is the working days since the report was received, up to today,
	// or up to its closing when it is closed.
	Age int
}

// Deadlines works out a report's clocks on the tenant's calendar, with
// dates taken in loc (the tenant's time zone).
func (c Clocks) Deadlines(r Report, cal *calendar.Calendar, today calendar.Date, loc *time.Location) Deadlines {
	d := Deadlines{Received: calendar.DateOf(r.CreatedAt, loc)}
	d.VerifyBy = cal.AddWorkingDays(d.Received, c.Verify)
	start := d.VerifyBy
	if !r.VerifiedAt.IsZero() {
		verified := calendar.DateOf(r.VerifiedAt, loc)
		d.VerifyLate = verified.After(d.VerifyBy)
		if verified.Before(start) {
			start = verified
		}
	} else {
		d.VerifyLate = today.After(d.VerifyBy)
	}
	d.FollowUpBy = cal.AddWorkingDays(start, c.FollowUp)
	if !r.FollowedUpAt.IsZero() {
		d.FollowUpLate = calendar.DateOf(r.FollowedUpAt, loc).After(d.FollowUpBy)
	} else {
		d.FollowUpLate = today.After(d.FollowUpBy) && r.Status != Closed
	}
	end := today
	if !r.ClosedAt.IsZero() {
		end = calendar.DateOf(r.ClosedAt, loc)
	}
	d.Age = max(0, cal.WorkingDaysBetween(d.Received, end))
	return d
}
