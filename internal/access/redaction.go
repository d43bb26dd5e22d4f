package access

import (
	"sigap/internal/apperr"
	"sigap/internal/identity"
)

// Redaction: the desk masks parts of a report or of a message (a name, a
// phone number) for everyone who may not see through the mask.
const (
	// RedactReports lets the desk, which handles reports, redact them,
	// lift temporary redactions and rewrite a span for good.
	RedactReports Capability = "reports.redact"
	// SeeRedacted lets one read through temporary redactions: the desk,
	// which must still work on what it masked, and the custodian of
	// identities, whose office is to keep such details and decide who may
	// learn them. Nobody reads through a permanent one: it is gone.
	SeeRedacted Capability = "reports.unredacted"
	// ReadCaseReports lets the examiners and the deciders read, read only
	// and redacted, the reports behind the discipline cases they work on
	// (see ReadReport).
	ReadCaseReports Capability = "cases.reports"
)

// ReportReach is what decides whether someone outside the desk may read a
// report: the cases it is behind, and the unseal requests about it.
type ReportReach struct {
	InCase      bool // behind some discipline case of the government
	Assigned    bool // behind a case the user handles or is on the team of
	AboutCaller bool // behind a case about the user themself
	UnsealAsked bool // someone asked to unseal an identity of the report
}

// ReadReport decides who may open a report read only, outside the desk
// (which holds HandleReports and works on it in full): the decider of any
// case it is behind, as on the case page; an examiner only when handling
// the case or sitting on its team; the custodian when an identity of the
// report is the subject of an unseal request, the custodian's to decide.
// Nobody reads the reports about themself this way.
func ReadReport(u identity.User, r ReportReach) error {
	switch {
	case Can(u, HandleReports):
		return nil
	case r.AboutCaller:
		return apperr.New(apperr.Forbidden, "error.forbidden")
	case Can(u, ReadCaseReports) && Can(u, DecideCases) && r.InCase:
		return nil
	case Can(u, ReadCaseReports) && r.Assigned:
		return nil
	case Can(u, DecideUnseal) && r.UnsealAsked:
		return nil
	}
	return apperr.New(apperr.Forbidden, "error.forbidden")
}
