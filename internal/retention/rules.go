package retention

import (
	"maps"
	"slices"

	"sigap/internal/apperr"
)

// Kind is a kind of record with a retention period of its own.
type Kind string

// The kinds.
const (
	// RejectedReport is a report closed without any case opened from it
	// (rejected, or referred to another body). A report from which a case
	// was opened is part of that case's file and goes with the case.
	RejectedReport Kind = "rejected_report"
	DisciplineCase Kind = "discipline_case"
	ProtectionCase Kind = "protection_case"
	// Attachment is a file of a report or case. Its period runs from the
	// end of its record's legal life, like the record's, and may be shorter
	// than the record's: the evidence goes, the record stays.
	Attachment Kind = "attachment"
	// AuditEvent is an audit trail event, kept from the day it was written.
	AuditEvent Kind = "audit_event"
	// Export is a file sigap hands out (a spreadsheet, a letter): sigap
	// keeps no copy, so the period is the "keep until" printed on it.
	Export Kind = "export"
)

// Kinds lists the kinds in the order settings show them.
var Kinds = []Kind{RejectedReport, DisciplineCase, ProtectionCase, Attachment, AuditEvent, Export}

// Valid reports whether k is one of the kinds.
func (k Kind) Valid() bool { return slices.Contains(Kinds, k) }

// Bounds on a period, in months. The floor keeps a record through the
// longest window of the procedure (objection, appeal, the first court
// instance); the ceiling is a century, a plain typing error guard.
const (
	MinMonths = 12
	MaxMonths = 1200
)

// Rules are a government's periods, in months after the end of the
// record's legal life, by kind.
type Rules map[Kind]int

// DefaultRules are the periods a new government starts with. They are
// assumptions (UNCONFIRMED): five years for case files, two for rejected
// reports and attachments, ten for the audit trail, one for exports.
var DefaultRules = Rules{
	RejectedReport: 24,
	DisciplineCase: 60,
	ProtectionCase: 60,
	Attachment:     24,
	AuditEvent:     120,
	Export:         12,
}

// With returns the defaults overridden by r, so a government that set only
// some periods gets the defaults for the rest.
func (r Rules) With(over Rules) Rules {
	out := Rules{}
	for _, k := range Kinds {
		out[k] = r[k]
		if m, ok := over[k]; ok {
			out[k] = m
		}
	}
	return out
}

// Check validates a set of periods: every kind known, every period within
// the bounds, and attachments kept no longer than the records they belong
// to would make no sense, so that is refused too.
func (r Rules) Check() error {
	var errs apperr.Fields
	for _, k := range slices.Sorted(maps.Keys(r)) {
		m := r[k]
		switch {
		case !k.Valid():
			errs.Add(string(k), "retention.kind.invalid", nil)
		case m < MinMonths || m > MaxMonths:
			errs.Add(string(k), "retention.months.range", map[string]any{"Min": MinMonths, "Max": MaxMonths})
		}
	}
	if a, ok := r[Attachment]; ok {
		for _, k := range []Kind{RejectedReport, DisciplineCase, ProtectionCase} {
			if m, ok := r[k]; ok && a > m {
				errs.Add(string(Attachment), "retention.attachment.longer", nil)
				break
			}
		}
	}
	return errs.Err()
}
