package store

import (
	"context"
	"database/sql"
	"slices"

	"sigap/internal/apperr"
	"sigap/internal/report"
	"sigap/internal/vault"
)

// RedactionInput is a redaction as the desk asks for it: the span, in
// runes, of one content field or of one message's body.
type RedactionInput struct {
	Field           string // one of report.RedactableFields, or report.FieldBody
	MessagePublicID string // for report.FieldBody
	Span            report.Span
	Kind            report.RedactionKind
	Reason          vault.Secret // optional; may name people, so sealed
	// Words, when given, choose the span instead: their Occurrence-th
	// occurrence (from 1) in the text as it is under the write's lock.
	Words      string
	Occurrence int
	All        bool // every occurrence of Words, each its own redaction
}

// redactionTarget is the text a redaction covers, read and opened inside
// the write that changes it.
type redactionTarget struct {
	reportID, messageID             int64
	reportPublicID, messagePublicID string
	content                         report.Content // the report's, for a content field
	spans                           []report.Span  // what the redaction covers, in order, checked against text
	text                            string
	rec                             uint64 // the report's record key
}

// redactionTarget locks the report (moving its version on, see
// ExpectVersion) and opens the text in.Field covers. Another tenant's
// report, or a message of another report, is not found.
func (s *Store) redactionTarget(ctx context.Context, tx *sql.Tx, tenantID int64, reportPublicID string, in RedactionInput) (redactionTarget, error) {
	t := redactionTarget{reportPublicID: reportPublicID}
	var err error
	if t.reportID, _, _, err = s.reportForUpdate(ctx, tx, tenantID, reportPublicID); err != nil {
		return t, err
	}
	return t, s.openTarget(ctx, tx, tenantID, &t, in)
}

type rowQuerier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// openTarget opens the text a redaction covers and, when the input gives
// words, finds their span in it.
func (s *Store) openTarget(ctx context.Context, tx rowQuerier, tenantID int64, t *redactionTarget, in RedactionInput) error {
	if err := s.openTargetText(ctx, tx, tenantID, t, in); err != nil {
		return err
	}
	switch {
	case in.Words != "" && in.All:
		spans, err := report.FindAll(t.text, in.Words)
		if err != nil {
			return err
		}
		t.spans = spans
	case in.Words != "":
		sp, err := report.FindSpan(t.text, in.Words, in.Occurrence)
		if err != nil {
			return err
		}
		t.spans = []report.Span{sp}
	default:
		if err := report.CheckSpan(t.text, in.Span); err != nil {
			return err
		}
		t.spans = []report.Span{in.Span}
	}
	return nil
}

func (s *Store) openTargetText(ctx context.Context, tx rowQuerier, tenantID int64, t *redactionTarget, in RedactionInput) error {
	if in.Field == report.FieldBody {
		var enc vault.Ciphertext
		err := tx.QueryRowContext(ctx, `SELECT id, public_id, body_enc FROM report_messages WHERE tenant_id = $1 AND report_id = $2 AND public_id = $3`,
			tenantID, t.reportID, in.MessagePublicID).Scan(&t.messageID, &t.messagePublicID, &enc)
		if err == sql.ErrNoRows {
			return apperr.InvalidField("target", "redaction.message.unknown", nil)
		}
		if err != nil {
			return apperr.Wrap(err, "redaction message")
		}
		body, err := s.openMessage(ctx, tenantID, t.messagePublicID, enc)
		if err != nil {
			return apperr.Wrap(err, "open message")
		}
		t.text = body.Reveal()
		return nil
	}
	if !slices.Contains(report.RedactableFields, in.Field) {
		return apperr.InvalidField("target", "redaction.field.invalid", nil)
	}
	var enc vault.Ciphertext
	if err := tx.QueryRowContext(ctx, `SELECT content_enc FROM reports WHERE id = $1`, t.reportID).Scan(&enc); err != nil {
		return apperr.Wrap(err, "redaction report")
	}
	if err := s.openContent(ctx, tenantID, t.reportPublicID, enc, &t.content); err != nil {
		return err
	}
	f, _ := report.ContentField(&t.content, in.Field)
	t.text = f.Reveal()
	return nil
}

// CheckRedaction checks a redaction against the report as it is now,
// without making it, for the page that confirms a permanent one. It reads
// nothing out: the desk typed the words.
func (s *Store) CheckRedaction(ctx context.Context, tenantID int64, reportPublicID string, in RedactionInput) error {
	if s.keys == nil {
		return apperr.Wrap(errNoVault, "redact")
	}
	t := redactionTarget{reportPublicID: reportPublicID}
	err := s.db.R.QueryRowContext(ctx, `SELECT id FROM reports WHERE tenant_id = $1 AND public_id = $2`, tenantID, reportPublicID).Scan(&t.reportID)
	if err != nil {
		return notFound(err, "report.not_found", "redaction report")
	}
	return s.openTarget(ctx, s.db.R, tenantID, &t, in)
}

// liveRedactions returns the redactions that mark one field (or message)
// of a report: the temporary ones in force, and the masks of the
// permanent ones.
func liveRedactions(ctx context.Context, tx *sql.Tx, reportID, messageID int64, field string) ([]report.Redaction, error) {
	rows, err := tx.QueryContext(ctx, `SELECT id, kind, span_start, span_end FROM report_redactions
		WHERE report_id = $1 AND field = $2 AND COALESCE(message_id, 0) = $3 AND lifted_at IS NULL ORDER BY id`,
		reportID, field, messageID)
	if err != nil {
		return nil, apperr.Wrap(err, "redactions")
	}
	defer rows.Close()
	var out []report.Redaction
	for rows.Next() {
		var r report.Redaction
		var kind string
		if err := rows.Scan(&r.ID, &kind, &r.Start, &r.End); err != nil {
			return nil, apperr.Wrap(err, "scan redaction")
		}
		r.Kind = report.RedactionKind(kind)
		out = append(out, r)
	}
	return out, apperr.Wrap(rows.Err(), "redactions")
}

// AddRedaction redacts a span of a report of the tenant (or, for every
// occurrence of some words, several spans, each its own redaction). A
// temporary one masks the span wherever it is shown to someone who may
// not see through it; a permanent one rewrites the stored text at once,
// with the span replaced by report.Mask, in the same transaction as its
// audit event, so that the words exist nowhere in the database afterwards
// (the reporter's own copy, which only their receipt opens, aside).
// Temporary redactions inside a rewritten span are closed as superseded,
// those overlapping it keep their part outside it, those after it move
// with the text. The masked words are never written anywhere, the audit
// trail included.
func (s *Store) AddRedaction(ctx context.Context, a Actor, tenantID int64, reportPublicID string, in RedactionInput) ([]report.Redaction, error) {
	if s.keys == nil {
		return nil, apperr.Wrap(errNoVault, "redact")
	}
	if in.Kind != report.Temporary && in.Kind != report.Permanent {
		return nil, apperr.InvalidField("kind", "redaction.kind.invalid", nil)
	}
	if n := len([]rune(in.Reason.Reveal())); n > report.MaxRedactionReason {
		return nil, apperr.InvalidField("reason", "redaction.reason.long", map[string]any{"Max": report.MaxRedactionReason})
	}
	// The report's record key, found (or, for a report sealed before
	// record keys, given) before the transaction, which holds the only
	// writer connection on SQLite.
	rec, err := s.recordKeyByPublicID(ctx, "reports", tenantID, reportPublicID)
	if err != nil {
		return nil, apperr.Wrap(err, "record key")
	}
	now := s.Now()
	var out []report.Redaction
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		out = nil
		t, err := s.redactionTarget(ctx, tx, tenantID, reportPublicID, in)
		if err != nil {
			return err
		}
		t.rec = rec
		active, err := liveRedactions(ctx, tx, t.reportID, t.messageID, in.Field)
		if err != nil {
			return err
		}
		action, rows := "report.redaction_added", t.spans
		if in.Kind == report.Temporary {
			for _, o := range active {
				for _, sp := range t.spans {
					if o.Span.Overlaps(sp) {
						return apperr.InvalidField("words", "redaction.overlap", nil)
					}
				}
			}
		} else {
			action = "report.redaction_permanent"
			// The rows record that the rewrite happened, and where the
			// masks now are.
			if rows, err = s.rewriteRedacted(ctx, tx, tenantID, &t, in.Field, active); err != nil {
				return err
			}
		}
		for _, sp := range rows {
			r := report.Redaction{PublicID: newPublicID(), Field: in.Field, Span: sp, Kind: in.Kind, Reason: in.Reason,
				CreatedBy: a.UserID, CreatedAt: now, MessageID: t.messageID, MessagePublicID: t.messagePublicID}
			reason, err := s.sealOptional(ctx, s.recordPlace(tenantID, "report_redactions", "reason_enc", r.PublicID, rec), in.Reason)
			if err != nil {
				return apperr.Wrap(err, "seal reason")
			}
			if err := tx.QueryRowContext(ctx, `INSERT INTO report_redactions (tenant_id, report_id, message_id, public_id, field, span_start, span_end, kind, reason_enc, created_by, created_at)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`, tenantID, t.reportID, nullID(t.messageID), r.PublicID, in.Field,
				r.Start, r.End, string(in.Kind), reason, nullID(a.UserID), now).Scan(&r.ID); err != nil {
				return apperr.Wrap(err, "insert redaction")
			}
			out = append(out, r)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE reports SET updated_at = $2 WHERE id = $1`, t.reportID, now); err != nil {
			return apperr.Wrap(err, "redaction report")
		}
		return s.audit(ctx, tx, tenantID, a, action, "report", reportPublicID)
	})
	return out, err
}

// rewriteRedacted replaces the spans (in order, not overlapping) in the
// stored text, through the same sealing as every write of that text, and
// moves the field's temporary redactions to where their words now are,
// and the earlier masks with them (a mask rewritten over belongs to the
// new one). It returns where the new masks are in the rewritten text.
func (s *Store) rewriteRedacted(ctx context.Context, tx *sql.Tx, tenantID int64, t *redactionTarget, field string, active []report.Redaction) ([]report.Span, error) {
	text, delta := t.text, 0
	masks := make([]report.Span, 0, len(t.spans))
	moved := make([]report.Span, len(active))
	gone := make([]bool, len(active))
	for i, o := range active {
		moved[i] = o.Span
	}
	for _, sp := range t.spans {
		// Earlier rewrites moved this span by delta.
		cur := report.Span{Start: sp.Start + delta, End: sp.End + delta}
		text = report.Rewrite(text, cur)
		for i := range active {
			if gone[i] {
				continue
			}
			m, ok := report.AfterRewrite(moved[i], cur)
			switch {
			case ok:
				moved[i] = m
			case active[i].Kind == report.Permanent:
				moved[i] = report.MaskedSpan(cur)
			default:
				gone[i] = true
			}
		}
		masks = append(masks, report.MaskedSpan(cur))
		delta += report.MaskedSpan(cur).End - cur.End
	}
	if field == report.FieldBody {
		enc, err := s.sealMessage(ctx, tenantID, t.messagePublicID, t.rec, vault.NewSecret(text))
		if err != nil {
			return nil, apperr.Wrap(err, "seal message")
		}
		if _, err := tx.ExecContext(ctx, `UPDATE report_messages SET body_enc = $2 WHERE id = $1`, t.messageID, enc); err != nil {
			return nil, apperr.Wrap(err, "rewrite message")
		}
	} else {
		f, _ := report.ContentField(&t.content, field)
		*f = vault.NewSecret(text)
		enc, err := s.sealContent(ctx, tenantID, t.reportPublicID, t.rec, t.content)
		if err != nil {
			return nil, apperr.Wrap(err, "seal report")
		}
		if _, err := tx.ExecContext(ctx, `UPDATE reports SET content_enc = $2 WHERE id = $1`, t.reportID, enc); err != nil {
			return nil, apperr.Wrap(err, "rewrite report")
		}
	}
	now := s.Now()
	for i, o := range active {
		var err error
		switch {
		case gone[i]:
			_, err = tx.ExecContext(ctx, `UPDATE report_redactions SET lifted_at = $2, lifted_how = 'superseded' WHERE id = $1`, o.ID, now)
		case moved[i] != o.Span:
			_, err = tx.ExecContext(ctx, `UPDATE report_redactions SET span_start = $2, span_end = $3 WHERE id = $1`, o.ID, moved[i].Start, moved[i].End)
		}
		if err != nil {
			return nil, apperr.Wrap(err, "move redaction")
		}
	}
	return masks, nil
}

// LiftRedaction lifts a temporary redaction in force on a report of the
// tenant: its span is shown again to everyone who may read the report.
func (s *Store) LiftRedaction(ctx context.Context, a Actor, tenantID int64, reportPublicID, redactionPublicID string) error {
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		id, _, _, err := s.reportForUpdate(ctx, tx, tenantID, reportPublicID)
		if err != nil {
			return err
		}
		now := s.Now()
		res, err := tx.ExecContext(ctx, `UPDATE report_redactions SET lifted_by = $3, lifted_at = $4, lifted_how = 'lifted'
			WHERE report_id = $1 AND public_id = $2 AND kind = 'temporary' AND lifted_at IS NULL`, id, redactionPublicID, nullID(a.UserID), now)
		if err != nil {
			return apperr.Wrap(err, "lift redaction")
		}
		if n, err := res.RowsAffected(); err != nil || n != 1 {
			return apperr.New(apperr.NotFound, "redaction.not_found")
		}
		if _, err := tx.ExecContext(ctx, `UPDATE reports SET updated_at = $2 WHERE id = $1`, id, now); err != nil {
			return apperr.Wrap(err, "redaction report")
		}
		return s.audit(ctx, tx, tenantID, a, "report.redaction_lifted", "report", reportPublicID)
	})
}

// Redactions returns every redaction of a report, oldest first, with its
// reason opened: those in force, those lifted and the permanent ones.
func (s *Store) Redactions(ctx context.Context, tenantID, reportID int64) ([]report.Redaction, error) {
	rows, err := s.db.R.QueryContext(ctx, `SELECT d.id, d.public_id, d.field, COALESCE(d.message_id, 0), COALESCE(m.public_id, ''), d.span_start, d.span_end,
		d.kind, d.reason_enc, COALESCE(d.created_by, 0), COALESCE(u.display_name, ''), d.created_at, COALESCE(d.lifted_by, 0), COALESCE(l.display_name, ''),
		d.lifted_at, COALESCE(d.lifted_how, '')
		FROM report_redactions d LEFT JOIN report_messages m ON m.id = d.message_id
		LEFT JOIN users u ON u.id = d.created_by LEFT JOIN users l ON l.id = d.lifted_by
		WHERE d.tenant_id = $1 AND d.report_id = $2 ORDER BY d.id`, tenantID, reportID)
	if err != nil {
		return nil, apperr.Wrap(err, "redactions")
	}
	defer rows.Close()
	var out []report.Redaction
	for rows.Next() {
		var r report.Redaction
		var kind string
		var reason vault.Ciphertext
		var lifted sql.NullTime
		if err := rows.Scan(&r.ID, &r.PublicID, &r.Field, &r.MessageID, &r.MessagePublicID, &r.Start, &r.End, &kind, &reason,
			&r.CreatedBy, &r.CreatedByName, &r.CreatedAt, &r.LiftedBy, &r.LiftedByName, &lifted, &r.LiftedHow); err != nil {
			return nil, apperr.Wrap(err, "scan redaction")
		}
		r.Kind, r.LiftedAt = report.RedactionKind(kind), lifted.Time
		if r.Reason, err = s.openOptional(ctx, s.place(tenantID, "report_redactions", "reason_enc", r.PublicID), reason); err != nil {
			return nil, apperr.Wrap(err, "open reason")
		}
		out = append(out, r)
	}
	return out, apperr.Wrap(rows.Err(), "redactions")
}

// ReportCaseAccess says, for a report of the tenant, whether it is behind
// a discipline case the user handles or sits on the team of, and whether
// it is behind any discipline case at all, and the employees those cases
// are about (the accused does not read the reports about them).
type ReportCaseAccess struct {
	InCase    bool    // behind some discipline case
	Assigned  bool    // behind a case the user handles or is on the team of
	Employees []int64 // the accused of those cases
}

// ReportCaseAccessOf answers ReportCaseAccess for one report and user.
func (s *Store) ReportCaseAccessOf(ctx context.Context, tenantID, reportID, userID int64) (ReportCaseAccess, error) {
	var out ReportCaseAccess
	rows, err := s.db.R.QueryContext(ctx, `SELECT COALESCE(c.employee_id, 0),
		CASE WHEN c.handler_id = $3 OR EXISTS (SELECT 1 FROM case_team_members m JOIN user_employees ue ON ue.employee_id = m.employee_id
			WHERE m.case_id = c.id AND ue.user_id = $3) THEN 1 ELSE 0 END
		FROM discipline_case_reports l JOIN discipline_cases c ON c.id = l.case_id
		WHERE c.tenant_id = $1 AND l.report_id = $2`, tenantID, reportID, userID)
	if err != nil {
		return out, apperr.Wrap(err, "report cases")
	}
	defer rows.Close()
	for rows.Next() {
		var emp int64
		var assigned int
		if err := rows.Scan(&emp, &assigned); err != nil {
			return out, apperr.Wrap(err, "scan report case")
		}
		out.InCase = true
		out.Assigned = out.Assigned || assigned == 1
		if emp != 0 {
			out.Employees = append(out.Employees, emp)
		}
	}
	return out, apperr.Wrap(rows.Err(), "report cases")
}

// ReportUnsealRequested reports whether an unseal request was made for an
// identity that belongs to the report: the custodian, deciding it, may
// read the report in full.
func (s *Store) ReportUnsealRequested(ctx context.Context, tenantID int64, reportPublicID string) (bool, error) {
	var n int
	err := s.db.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM unseal_requests q JOIN sealed_identities i ON i.id = q.identity_id
		WHERE q.tenant_id = $1 AND i.subject_type = 'report' AND i.subject_id = $2`, tenantID, reportPublicID).Scan(&n)
	return n > 0, apperr.Wrap(err, "unseal requests")
}
