package store

import (
	"context"
	"database/sql"

	"sigap/internal/apperr"
	"sigap/internal/identity"
	"sigap/internal/report"
	"sigap/internal/vault"
)

// AddReportMessage adds a message to a report of the tenant: from the
// reporter (a System actor holding the receipt), or from the desk, either
// to the reporter or as an internal note, with the files sent with it. Messages do not change a
// report's status; the desk's decisions do.
func (s *Store) AddReportMessage(ctx context.Context, a Actor, tenantID, reportID int64, author report.Author, internal bool, body vault.Secret, files ...report.Attachment) (report.Message, error) {
	if s.keys == nil {
		return report.Message{}, apperr.Wrap(errNoVault, "add message")
	}
	if author == report.FromReporter {
		internal = false
	}
	m := report.Message{PublicID: newPublicID(), Author: author, AuthorID: a.UserID, Internal: internal, Body: body, CreatedAt: s.Now()}
	rec, err := s.recordKeyOf(ctx, s.db.R, "reports", reportID)
	if err != nil {
		return m, apperr.Wrap(err, "record key")
	}
	enc, err := s.sealMessage(ctx, tenantID, m.PublicID, rec, body)
	if err != nil {
		return m, apperr.Wrap(err, "seal message")
	}
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		var publicID string
		var holder []byte
		if err := tx.QueryRowContext(ctx, `SELECT public_id, reporter_key FROM reports WHERE tenant_id = $1 AND id = $2`, tenantID, reportID).Scan(&publicID, &holder); err != nil {
			return notFound(err, "report.not_found", "message report")
		}
		// What the reporter may read is also kept in their own copy.
		var own []byte
		if !internal {
			var err error
			if own, err = s.sealMessageCopy(ctx, tenantID, rec, holder, m.PublicID, body); err != nil {
				return apperr.Wrap(err, "seal reporter copy")
			}
		}
		if err := tx.QueryRowContext(ctx, `INSERT INTO report_messages (tenant_id, report_id, public_id, author, author_id, internal, body_enc, created_at, reporter_copy)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`, tenantID, reportID, m.PublicID, string(author), nullID(a.UserID), internal, enc, m.CreatedAt, own).Scan(&m.ID); err != nil {
			return err
		}
		if err := s.insertAttachments(ctx, tx, tenantID, reportID, m.ID, rec, files); err != nil {
			return err
		}
		// A word to the reporter is the desk's follow-up on the clocks.
		followUp := `UPDATE reports SET updated_at = $3 WHERE tenant_id = $1 AND id = $2`
		if author == report.FromDesk && !internal {
			followUp = `UPDATE reports SET updated_at = $3, followed_up_at = COALESCE(followed_up_at, $3) WHERE tenant_id = $1 AND id = $2`
		}
		if _, err := tx.ExecContext(ctx, followUp, tenantID, reportID, m.CreatedAt); err != nil {
			return err
		}
		// The desk's answer, or an anonymous reporter coming back after it.
		if err := s.refreshReportFacts(ctx, tx, reportID); err != nil {
			return err
		}
		action := "report.message"
		if internal {
			action = "report.note"
		}
		if author == report.FromReporter {
			if err := s.notifyRole(ctx, tx, tenantID, string(identity.Intake), "report.message", "report", publicID); err != nil {
				return err
			}
		}
		return s.audit(ctx, tx, tenantID, a, action, "report", publicID)
	})
	return m, apperr.Wrap(err, "add message")
}

// ReportMessages returns a report's messages, oldest first, opened. The
// reporter's view (withInternal false) leaves out internal notes and who
// at the desk wrote.
func (s *Store) ReportMessages(ctx context.Context, tenantID, reportID int64, withInternal bool) ([]report.Message, error) {
	return s.reportMessages(ctx, tenantID, reportID, withInternal, nil)
}

// sealMessage seals a message's body as the staff read it.
func (s *Store) sealMessage(ctx context.Context, tenantID int64, publicID string, rec uint64, body vault.Secret) (vault.Ciphertext, error) {
	return s.keys.Seal(ctx, s.recordPlace(tenantID, "report_messages", "body_enc", publicID, rec), body)
}

// openMessage opens a body sealed with sealMessage.
func (s *Store) openMessage(ctx context.Context, tenantID int64, publicID string, enc vault.Ciphertext) (vault.Secret, error) {
	return s.keys.Open(ctx, s.place(tenantID, "report_messages", "body_enc", publicID), enc)
}

// reportMessages reads a report's messages; with the reporter's key, each
// from the reporter's own copy when it has one.
func (s *Store) reportMessages(ctx context.Context, tenantID, reportID int64, withInternal bool, holder *vault.HolderKey) ([]report.Message, error) {
	q := `SELECT m.id, m.public_id, m.author, COALESCE(m.author_id, 0), COALESCE(u.display_name, ''), m.internal, m.body_enc, m.created_at, m.reporter_copy
		FROM report_messages m LEFT JOIN users u ON u.id = m.author_id
		WHERE m.tenant_id = $1 AND m.report_id = $2`
	if !withInternal {
		q += ` AND NOT m.internal`
	}
	rows, err := s.db.R.QueryContext(ctx, q+` ORDER BY m.id`, tenantID, reportID)
	if err != nil {
		return nil, apperr.Wrap(err, "messages")
	}
	defer rows.Close()
	var out []report.Message
	for rows.Next() {
		var m report.Message
		var author string
		var enc vault.Ciphertext
		var own []byte
		if err := rows.Scan(&m.ID, &m.PublicID, &author, &m.AuthorID, &m.AuthorName, &m.Internal, &enc, &m.CreatedAt, &own); err != nil {
			return nil, apperr.Wrap(err, "scan message")
		}
		m.Author = report.Author(author)
		if holder != nil && own != nil {
			p := s.place(tenantID, "report_messages", "reporter_copy", m.PublicID)
			if own, err = s.unwrapCopy(ctx, p, own); err != nil {
				return nil, apperr.Wrap(err, "open reporter copy")
			}
			if m.Body, err = holder.Open(p, own); err != nil {
				return nil, apperr.Wrap(err, "open reporter copy")
			}
		} else if m.Body, err = s.openMessage(ctx, tenantID, m.PublicID, enc); err != nil {
			return nil, apperr.Wrap(err, "open message")
		}
		if !withInternal {
			m.AuthorID, m.AuthorName = 0, ""
		}
		out = append(out, m)
	}
	return out, apperr.Wrap(rows.Err(), "messages")
}
