package store

import (
	"context"
	"database/sql"

	"sigap/internal/apperr"
	"sigap/internal/report"
	"sigap/internal/vault"
)

// insertAttachments links files already in the file store to a report
// (and a message, when messageID is not 0), sealing their names.
func (s *Store) insertAttachments(ctx context.Context, tx *sql.Tx, tenantID, reportID, messageID int64, rec uint64, files []report.Attachment) error {
	for _, f := range files {
		f.PublicID = newPublicID()
		name, err := s.keys.Seal(ctx, s.recordPlace(tenantID, "report_files", "name_enc", f.PublicID, rec), f.Name)
		if err != nil {
			return apperr.Wrap(err, "seal file name")
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO report_files (tenant_id, report_id, message_id, public_id, file_id, name_enc, content_type, size, flagged, scanned, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`, tenantID, reportID, nullID(messageID), f.PublicID, f.FileID, name,
			f.ContentType, f.Size, f.Flagged, f.Scanned, s.Now()); err != nil {
			return apperr.Wrap(err, "insert file")
		}
	}
	return nil
}

const attachmentCols = `id, public_id, file_id, COALESCE(message_id, 0), name_enc, content_type, size, flagged, scanned, created_at`

func (s *Store) scanAttachment(ctx context.Context, tenantID int64, row interface{ Scan(...any) error }) (report.Attachment, error) {
	var f report.Attachment
	var name vault.Ciphertext
	if err := row.Scan(&f.ID, &f.PublicID, &f.FileID, &f.MessageID, &name, &f.ContentType, &f.Size, &f.Flagged, &f.Scanned, &f.CreatedAt); err != nil {
		return f, err
	}
	var err error
	f.Name, err = s.keys.Open(ctx, s.place(tenantID, "report_files", "name_enc", f.PublicID), name)
	return f, apperr.Wrap(err, "open file name")
}

// ReportAttachments returns the files of a report, oldest first.
func (s *Store) ReportAttachments(ctx context.Context, tenantID, reportID int64) ([]report.Attachment, error) {
	rows, err := s.db.R.QueryContext(ctx, `SELECT `+attachmentCols+` FROM report_files WHERE tenant_id = $1 AND report_id = $2 ORDER BY id`, tenantID, reportID)
	if err != nil {
		return nil, apperr.Wrap(err, "files")
	}
	defer rows.Close()
	var out []report.Attachment
	for rows.Next() {
		f, err := s.scanAttachment(ctx, tenantID, rows)
		if err != nil {
			return nil, apperr.Wrap(err, "scan file")
		}
		out = append(out, f)
	}
	return out, apperr.Wrap(rows.Err(), "files")
}

// OpenAttachment returns one file of a report for download, and writes
// the read into the audit trail first.
func (s *Store) OpenAttachment(ctx context.Context, a Actor, tenantID int64, reportPublicID, filePublicID string) (report.Attachment, error) {
	var f report.Attachment
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		var err error
		f, err = s.scanAttachment(ctx, tenantID, tx.QueryRowContext(ctx, `SELECT f.id, f.public_id, f.file_id, COALESCE(f.message_id, 0), f.name_enc,
			f.content_type, f.size, f.flagged, f.scanned, f.created_at FROM report_files f JOIN reports r ON r.id = f.report_id
			WHERE f.tenant_id = $1 AND r.public_id = $2 AND f.public_id = $3`, tenantID, reportPublicID, filePublicID))
		if err != nil {
			return notFound(err, "report.file.not_found", "open file")
		}
		return s.audit(ctx, tx, tenantID, a, "report.file.read", "report", reportPublicID)
	})
	return f, err
}
