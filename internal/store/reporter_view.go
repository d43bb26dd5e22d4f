package store

import (
	"context"
	"time"

	"sigap/internal/apperr"
	"sigap/internal/report"
	"sigap/internal/vault"
)

// ReporterRecord is what the holder of a receipt is shown of their report,
// read together: the report, its messages that are not internal (from the
// reporter's own copies where kept), its files and its outcomes.
type ReporterRecord struct {
	Report   report.Report
	Messages []report.Message
	Files    []report.Attachment
	Outcomes []report.Outcome // notes opened; the caller decides what the reporter reads
}

// reporterItems reads a report's messages for the reporter, files and
// outcomes in one statement, so that the status page costs two round trips
// to the database (this and the report's row), not one per kind. Each
// kind's rows come in the columns of the first (messages), in id order.
const reporterItems = `SELECT 1, m.id, m.public_id, m.author, '', 0, 0, m.body_enc, m.reporter_copy, m.created_at, m.internal, m.internal
	FROM report_messages m WHERE m.tenant_id = $1 AND m.report_id = $2 AND NOT m.internal
	UNION ALL
	SELECT 2, f.id, f.public_id, f.file_id, f.content_type, COALESCE(f.message_id, 0), f.size, f.name_enc, NULL, f.created_at, f.flagged, f.scanned
	FROM report_files f WHERE f.tenant_id = $1 AND f.report_id = $2
	UNION ALL
	SELECT 3, o.id, o.public_id, o.kind, o.referral_to, COALESCE(o.case_id, 0), 0, o.note_enc, NULL, o.created_at, o.id < 0, o.id < 0
	FROM report_outcomes o WHERE o.tenant_id = $1 AND o.report_id = $2
	ORDER BY 1, 2`

// ReporterRecord returns the tenant's report whose receipt this is with
// what its reporter may read of it (see ReporterRecord): two round trips
// to the database, and one to the record key store when the report's
// secret is not cached. It writes nothing. A wrong code is not found.
func (s *Store) ReporterRecord(ctx context.Context, tenantID int64, receipt report.Receipt) (ReporterRecord, error) {
	r, h, err := s.reportByReceipt(ctx, tenantID, receipt)
	if err != nil {
		return ReporterRecord{}, err
	}
	out := ReporterRecord{Report: r}
	rows, err := s.db.QueryHot(ctx, reporterItems, tenantID, r.ID)
	if err != nil {
		return out, apperr.Wrap(err, "reporter's items")
	}
	defer rows.Close()
	for rows.Next() {
		var kind, id, n1, n2 int64
		var publicID, s1, s2 string
		var enc, own []byte
		var at time.Time
		var flag1, flag2 bool
		if err := rows.Scan(&kind, &id, &publicID, &s1, &s2, &n1, &n2, &enc, &own, &at, &flag1, &flag2); err != nil {
			return out, apperr.Wrap(err, "scan reporter's item")
		}
		switch kind {
		case 1:
			m := report.Message{ID: id, PublicID: publicID, Author: report.Author(s1), Internal: flag1, CreatedAt: at}
			if m.Body, err = s.openReporterMessage(ctx, tenantID, receipt, &h, publicID, enc, own); err != nil {
				return out, err
			}
			out.Messages = append(out.Messages, m)
		case 2:
			f := report.Attachment{ID: id, PublicID: publicID, FileID: s1, ContentType: s2, MessageID: n1, Size: n2, Flagged: flag1, Scanned: flag2, CreatedAt: at}
			if f.Name, err = s.keys.Open(ctx, s.place(tenantID, "report_files", "name_enc", publicID), enc); err != nil {
				return out, apperr.Wrap(err, "open file name")
			}
			out.Files = append(out.Files, f)
		case 3:
			o := report.Outcome{ID: id, PublicID: publicID, Kind: report.OutcomeKind(s1), ReferralTo: s2, CaseID: n1, CreatedAt: at}
			if o.Note, err = s.openOptional(ctx, s.place(tenantID, "report_outcomes", "note_enc", publicID), enc); err != nil {
				return out, apperr.Wrap(err, "open outcome")
			}
			out.Outcomes = append(out.Outcomes, o)
		}
	}
	return out, apperr.Wrap(rows.Err(), "reporter's items")
}

// openReporterMessage opens a message for its reporter: their own copy
// when it has one (the reporter's key derived once per request), the
// staff's otherwise.
func (s *Store) openReporterMessage(ctx context.Context, tenantID int64, receipt report.Receipt, h **vault.HolderKey, publicID string, enc, own []byte) (vault.Secret, error) {
	if own == nil {
		m, err := s.openMessage(ctx, tenantID, publicID, enc)
		return m, apperr.Wrap(err, "open message")
	}
	if *h == nil {
		k, err := s.reporterKey(ctx, tenantID, receipt)
		if err != nil {
			return vault.Secret{}, err
		}
		*h = &k
	}
	p := s.place(tenantID, "report_messages", "reporter_copy", publicID)
	box, err := s.unwrapCopy(ctx, p, own)
	if err != nil {
		return vault.Secret{}, apperr.Wrap(err, "open reporter copy")
	}
	m, err := (*h).Open(p, box)
	return m, apperr.Wrap(err, "open reporter copy")
}
