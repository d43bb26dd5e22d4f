package store

import (
	"context"
	"database/sql"

	"sigap/internal/apperr"
	"sigap/internal/report"
	"sigap/internal/vault"
)

// reportForUpdate reads a report's ID and state inside a write, locking
// its row on PostgreSQL so that two desk members do not decide at once,
// and moves its version on (see ExpectVersion).
func (s *Store) reportForUpdate(ctx context.Context, tx *sql.Tx, tenantID int64, publicID string) (id int64, status report.Status, dup sql.NullInt64, err error) {
	var st string
	// A purged report takes no change: it is a tombstone.
	err = tx.QueryRowContext(ctx, `SELECT id, status, duplicate_of FROM reports WHERE tenant_id = $1 AND public_id = $2 AND purged_at IS NULL`+s.db.ForUpdate(),
		tenantID, publicID).Scan(&id, &st, &dup)
	if err != nil {
		return id, "", dup, s.purgedOr(ctx, notFound(err, "report.not_found", "report"), "report", tenantID, publicID)
	}
	// Every desk action is a change of the report: it moves the version on,
	// and refuses a form read at an older one.
	return id, report.Status(st), dup, s.bumpVersion(ctx, tx, VersionReport, id, publicID)
}

// VerifyReport records that the desk checked a new report and took it on.
func (s *Store) VerifyReport(ctx context.Context, a Actor, tenantID int64, publicID string) error {
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		id, status, _, err := s.reportForUpdate(ctx, tx, tenantID, publicID)
		if err != nil {
			return err
		}
		if status != report.New {
			return apperr.New(apperr.Conflict, "report.verify.not_new")
		}
		now := s.Now()
		if _, err := tx.ExecContext(ctx, `UPDATE reports SET status = 'in_review', verified_at = $2, updated_at = $2 WHERE id = $1`, id, now); err != nil {
			return apperr.Wrap(err, "verify report")
		}
		if err := s.refreshReportFacts(ctx, tx, id); err != nil {
			return err
		}
		return s.audit(ctx, tx, tenantID, a, "report.verify", "report", publicID)
	})
}

// CloseReport ends the desk's handling of a report.
func (s *Store) CloseReport(ctx context.Context, a Actor, tenantID int64, publicID string) error {
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		id, status, _, err := s.reportForUpdate(ctx, tx, tenantID, publicID)
		if err != nil {
			return err
		}
		if status == report.Closed {
			return apperr.New(apperr.Conflict, "report.closed")
		}
		if err := s.closeReport(ctx, tx, id); err != nil {
			return err
		}
		return s.audit(ctx, tx, tenantID, a, "report.close", "report", publicID)
	})
}

func (s *Store) closeReport(ctx context.Context, tx *sql.Tx, id int64) error {
	now := s.Now()
	_, err := tx.ExecContext(ctx, `UPDATE reports SET status = 'closed', closed_at = $2, updated_at = $2,
		verified_at = COALESCE(verified_at, $2), followed_up_at = COALESCE(followed_up_at, $2) WHERE id = $1`, id, now)
	if err != nil {
		return apperr.Wrap(err, "close report")
	}
	// Also after a merge: the duplicate is no longer counted.
	return s.refreshReportFacts(ctx, tx, id)
}

// LinkReportEmployee records which employee of the roster the report is
// about (the reporter named them in free text).
func (s *Store) LinkReportEmployee(ctx context.Context, a Actor, tenantID int64, publicID string, employeeID int64) error {
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		id, _, _, err := s.reportForUpdate(ctx, tx, tenantID, publicID)
		if err != nil {
			return err
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM employees WHERE tenant_id = $1 AND id = $2`, tenantID, employeeID).Scan(&n); err != nil {
			return apperr.Wrap(err, "employee")
		}
		if n == 0 {
			return apperr.InvalidField("employee_id", "employee.not_found", nil)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE reports SET employee_id = $2, updated_at = $3 WHERE id = $1`, id, employeeID, s.Now()); err != nil {
			return apperr.Wrap(err, "link employee")
		}
		if err := s.refreshReportFacts(ctx, tx, id); err != nil {
			return err
		}
		return s.audit(ctx, tx, tenantID, a, "report.link_employee", "report", publicID)
	})
}

// MergeReport marks a report as a duplicate of another of the tenant and
// closes it; the reporter of the duplicate is told in plain words, and
// the desk works on the other. A report merged into one that is itself
// a duplicate goes to the one that one was merged into.
func (s *Store) MergeReport(ctx context.Context, a Actor, tenantID int64, publicID, intoPublicID string) error {
	if publicID == intoPublicID {
		return apperr.InvalidField("into", "report.merge.self", nil)
	}
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		id, status, dup, err := s.reportForUpdate(ctx, tx, tenantID, publicID)
		if err != nil {
			return err
		}
		if status == report.Closed || dup.Valid {
			return apperr.New(apperr.Conflict, "report.closed")
		}
		into, _, intoDup, err := s.reportForUpdate(ctx, tx, tenantID, intoPublicID)
		if apperr.Is(err, apperr.NotFound) {
			return apperr.InvalidField("into", "report.merge.unknown", nil)
		}
		if err != nil {
			return err
		}
		if intoDup.Valid {
			into = intoDup.Int64
		}
		if into == id {
			return apperr.InvalidField("into", "report.merge.self", nil)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE reports SET duplicate_of = $2 WHERE id = $1`, id, into); err != nil {
			return apperr.Wrap(err, "merge report")
		}
		if err := s.closeReport(ctx, tx, id); err != nil {
			return err
		}
		return s.audit(ctx, tx, tenantID, a, "report.merge", "report", publicID)
	})
}

// AddOutcome records a decision on a report. Opening a discipline or a
// protection case creates the case, linked to the report; a rejection
// closes the report. Each outcome counts as the follow-up of the clocks.
func (s *Store) AddOutcome(ctx context.Context, a Actor, tenantID int64, publicID string, o report.Outcome) (report.Outcome, error) {
	if s.keys == nil {
		return o, apperr.Wrap(errNoVault, "add outcome")
	}
	o.PublicID, o.CreatedBy, o.CreatedAt = newPublicID(), a.UserID, s.Now()
	rec, err := s.recordKeyByPublicID(ctx, "reports", tenantID, publicID)
	if err != nil {
		return o, err
	}
	note, err := s.sealOptional(ctx, s.recordPlace(tenantID, "report_outcomes", "note_enc", o.PublicID, rec), o.Note)
	if err != nil {
		return o, apperr.Wrap(err, "seal outcome")
	}
	// A case opened from the report is a record of its own, with its own
	// key: it outlives the report, or the report it, under its own
	// retention period.
	var caseRec uint64
	if o.Kind == report.OpenDisciplineCase || o.Kind == report.OpenProtectionCase {
		if caseRec, err = s.newRecordKey(ctx); err != nil {
			return o, err
		}
	}
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		id, status, _, err := s.reportForUpdate(ctx, tx, tenantID, publicID)
		if err != nil {
			return err
		}
		if status == report.Closed {
			return apperr.New(apperr.Conflict, "report.closed")
		}
		var caseID sql.NullInt64
		switch o.Kind {
		case report.OpenDisciplineCase:
			o.CasePublicID = newPublicID()
			var employee sql.NullInt64
			if err := tx.QueryRowContext(ctx, `SELECT employee_id FROM reports WHERE id = $1`, id).Scan(&employee); err != nil {
				return apperr.Wrap(err, "report employee")
			}
			number, err := s.nextCaseNumber(ctx, tx, tenantID, o.CreatedAt)
			if err != nil {
				return err
			}
			if err := tx.QueryRowContext(ctx, `INSERT INTO discipline_cases (tenant_id, public_id, number, employee_id, status, opened_by, opened_at, record_key)
				VALUES ($1, $2, $3, $4, 'open', $5, $6, $7) RETURNING id`, tenantID, o.CasePublicID, number, employee, nullID(a.UserID), o.CreatedAt, nullID(int64(caseRec))).Scan(&o.CaseID); err != nil {
				return apperr.Wrap(err, "open discipline case")
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO discipline_case_reports (case_id, report_id) VALUES ($1, $2)`, o.CaseID, id); err != nil {
				return apperr.Wrap(err, "link case")
			}
			if err := s.bridgeFromReport(ctx, tx, id, o.CaseID, employee.Int64); err != nil {
				return err
			}
		case report.OpenProtectionCase:
			o.CasePublicID = newPublicID()
			if o.CaseID, err = s.openProtectionFromReport(ctx, tx, a, tenantID, id, o.CasePublicID, caseRec, o.CreatedAt); err != nil {
				return err
			}
		}
		if o.CaseID != 0 {
			caseID = sql.NullInt64{Int64: o.CaseID, Valid: true}
		}
		if err := tx.QueryRowContext(ctx, `INSERT INTO report_outcomes (tenant_id, report_id, public_id, kind, case_id, referral_to, note_enc, created_by, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`, tenantID, id, o.PublicID, string(o.Kind), caseID, o.ReferralTo, note,
			nullID(a.UserID), o.CreatedAt).Scan(&o.ID); err != nil {
			return apperr.Wrap(err, "insert outcome")
		}
		if _, err := tx.ExecContext(ctx, `UPDATE reports SET status = 'in_review', verified_at = COALESCE(verified_at, $2),
			followed_up_at = COALESCE(followed_up_at, $2), updated_at = $2 WHERE id = $1`, id, o.CreatedAt); err != nil {
			return apperr.Wrap(err, "report after outcome")
		}
		if err := s.refreshReportFacts(ctx, tx, id); err != nil {
			return err
		}
		if o.Kind == report.Reject {
			if err := s.closeReport(ctx, tx, id); err != nil {
				return err
			}
		}
		return s.audit(ctx, tx, tenantID, a, "report.outcome."+string(o.Kind), "report", publicID)
	})
	return o, err
}

// ReportOutcomes returns a report's outcomes, oldest first, with their
// notes opened. The caller decides what the reporter may read.
func (s *Store) ReportOutcomes(ctx context.Context, tenantID, reportID int64) ([]report.Outcome, error) {
	rows, err := s.db.R.QueryContext(ctx, `SELECT o.id, o.public_id, o.kind, COALESCE(o.case_id, 0),
		COALESCE(dc.public_id, pc.public_id, ''), o.referral_to, o.note_enc, COALESCE(o.created_by, 0), COALESCE(u.display_name, ''), o.created_at
		FROM report_outcomes o LEFT JOIN users u ON u.id = o.created_by
		LEFT JOIN discipline_cases dc ON o.kind = 'discipline_case' AND dc.id = o.case_id
		LEFT JOIN protection_cases pc ON o.kind = 'protection_case' AND pc.id = o.case_id
		WHERE o.tenant_id = $1 AND o.report_id = $2 ORDER BY o.id`, tenantID, reportID)
	if err != nil {
		return nil, apperr.Wrap(err, "outcomes")
	}
	defer rows.Close()
	var out []report.Outcome
	for rows.Next() {
		var o report.Outcome
		var kind string
		var note vault.Ciphertext
		if err := rows.Scan(&o.ID, &o.PublicID, &kind, &o.CaseID, &o.CasePublicID, &o.ReferralTo, &note, &o.CreatedBy, &o.CreatedByName, &o.CreatedAt); err != nil {
			return nil, apperr.Wrap(err, "scan outcome")
		}
		o.Kind = report.OutcomeKind(kind)
		if o.Note, err = s.openOptional(ctx, s.place(tenantID, "report_outcomes", "note_enc", o.PublicID), note); err != nil {
			return nil, apperr.Wrap(err, "open outcome")
		}
		out = append(out, o)
	}
	return out, apperr.Wrap(rows.Err(), "outcomes")
}

// DuplicateCandidates returns the tenant's other open reports that are
// likely about the same events: about the same employee, or told in very
// similar words. Only the most recent open reports are compared by text,
// which bounds the work of a desk page.
func (s *Store) DuplicateCandidates(ctx context.Context, tenantID int64, r report.Report) ([]report.Report, error) {
	rows, err := s.db.R.QueryContext(ctx, `SELECT `+reportCols+reportFrom+`
		WHERE r.tenant_id = $1 AND r.id <> $2 AND r.status <> 'closed' ORDER BY r.id DESC LIMIT 300`, tenantID, r.ID)
	if err != nil {
		return nil, apperr.Wrap(err, "duplicates")
	}
	defer rows.Close()
	var out []report.Report
	what := r.What.Reveal()
	for rows.Next() {
		var enc vault.Ciphertext
		o, err := scanReport(rows, &enc)
		if err != nil {
			return nil, apperr.Wrap(err, "scan report")
		}
		same := r.EmployeeID != 0 && o.EmployeeID == r.EmployeeID
		if !same {
			if err := s.openContent(ctx, tenantID, o.PublicID, enc, &o.Content); err != nil {
				return nil, err
			}
			same = report.Similarity(what, o.What.Reveal()) >= report.DuplicateThreshold
		}
		if same {
			o.Content = report.Content{} // the page lists them; reading one is its own audited read
			out = append(out, o)
		}
	}
	return out, apperr.Wrap(rows.Err(), "duplicates")
}
