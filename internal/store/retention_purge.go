package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"sigap/internal/apperr"
	"sigap/internal/calendar"
	"sigap/internal/db"
	"sigap/internal/files"
	"sigap/internal/retention"
)

// The purge destroys what the retention verdicts say is due and nothing
// keeps (RetentionPreview's records with Due true). A purged report or
// case is not deleted but reduced to a tombstone:
//
//   - every sealed field of the record and of the rows that belong to it
//     is emptied (NULL, or a zero-length value where the column is NOT
//     NULL: reports.content_enc, protection_victims.details_enc), the rows
//     that hold only content are deleted (messages, files, examinations,
//     statements, parties, relations, releases, the team, perpetrators,
//     consents, referrals, workers, unseal requests), and the report's
//     receipt lookup is replaced by random bytes, so no receipt finds it;
//   - the rows and columns the statistics count stay: a report's category,
//     channel, mode, status, district and days, its outcomes' kinds, its
//     report_facts (marked purged); a discipline case's charges and steps
//     (violation, sanction, outcome of an objection or appeal, days); a
//     protection case's district, day of the incident, forms, and each
//     victim's sex and age group; the services given (kind, day);
//   - purged_at is set, which is also the claim: the UPDATE that sets it
//     only where it is still NULL decides which of several instances
//     purges the record, so each is purged once.
//
// Each record is purged in a transaction of its own with its audit event;
// its files are deleted from the file store after the commit (through
// file_deletions, so a failure is retried at the next run), and then its
// data keys are destroyed (shredRecordKeys).

// FileRemover deletes a file from the file store; a file already gone is
// no error. *files.Store is one.
type FileRemover interface {
	Delete(tenantID int64, id string) error
}

// PurgeResult counts what one purge destroyed.
type PurgeResult struct {
	Reports         int // reports reduced to tombstones, with their cases or alone
	DisciplineCases int
	ProtectionCases int
	Attachments     int // records whose files went ahead of the record
	Files           int // files deleted from the file store
	FilesLeft       int // files still to delete, tried again at the next run
	AuditEvents     int // the oldest events of the audit trail, past their period
}

// Total is the number of records and attachments purged.
func (r PurgeResult) Total() int {
	return r.Reports + r.DisciplineCases + r.ProtectionCases + r.Attachments + r.AuditEvents
}

// PurgeEntry is a line of the purge log: what went, never what it held.
type PurgeEntry struct {
	Kind       retention.Kind
	ObjectType string // report, discipline_case, protection_case, audit_trail
	PublicID   string
	Reference  string // the case number, the report's code, or the last audit event purged
	Count      int    // files, for attachments; events, for the audit trail
	PurgedAt   time.Time
}

// errKept rolls back a purge that found, inside its transaction, that
// the record is no longer due: purged meanwhile by another instance,
// reopened, or held.
var errKept = errors.New("record kept")

// emptySealed is what a purged NOT NULL sealed column holds: no byte.
// (A nil slice would be bound as NULL.)
var emptySealed = []byte{}

// PurgeDue lists what a purge on day today would destroy: the records due
// and nothing keeps, then the records whose attachments are due while the
// record itself stays (Kind Attachment).
func (s *Store) PurgeDue(ctx context.Context, tenantID int64, today calendar.Date, cal *calendar.Calendar) ([]PurgeCandidate, error) {
	records, attachments, _, err := s.dueNow(ctx, tenantID, today, cal)
	return append(records, attachments...), err
}

// dueNow works out the records due on day today and the reports whose
// files are due ahead of them.
func (s *Store) dueNow(ctx context.Context, tenantID int64, today calendar.Date, cal *calendar.Calendar) (records, attachments []PurgeCandidate, d *dossier, err error) {
	all, d, err := s.retentionDossier(ctx, tenantID, today, cal)
	if err != nil {
		return nil, nil, nil, err
	}
	rules, err := s.RetentionRules(ctx, tenantID)
	if err != nil {
		return nil, nil, nil, err
	}
	byRef := map[recordRef]PurgeCandidate{}
	for _, c := range all {
		byRef[recordRef{c.ObjectType, c.id}] = c
		if c.Due(today) {
			records = append(records, c)
		}
	}
	// Files go by the attachment period, counted like their record's (a
	// report with cases: from the last of its cases to end), and are kept
	// by whatever keeps the record.
	err = s.eachRow(ctx, `SELECT DISTINCT r.id, r.public_id FROM report_files f JOIN reports r ON r.id = f.report_id
		WHERE f.tenant_id = $1 AND r.purged_at IS NULL ORDER BY r.id`, []any{tenantID}, func(rows *sql.Rows) error {
		var id int64
		var publicID string
		if err := rows.Scan(&id, &publicID); err != nil {
			return err
		}
		life := retention.Life{Kind: retention.Attachment}
		whole := true // the record itself goes today, files and all
		if c, ok := byRef[recordRef{"report", id}]; ok {
			life.Ended, life.Blocks, whole = c.Ended, c.Blocks, c.Due(today)
		} else if cases := d.reportCases[id]; len(cases) > 0 {
			for _, ref := range cases {
				c, ok := byRef[ref]
				if !ok {
					return nil // a case of it still runs
				}
				if life.Ended.IsZero() || c.Ended.After(life.Ended) {
					life.Ended = c.Ended
				}
				life.Blocks = append(life.Blocks, c.Blocks...)
				whole = whole && c.Due(today)
			}
		} else {
			return nil // still open
		}
		v := retention.Decide(rules, life)
		if v.Due(today) && !whole {
			attachments = append(attachments, PurgeCandidate{ObjectType: "report", PublicID: publicID, Kind: retention.Attachment,
				Ended: life.Ended, Verdict: v, id: id})
		}
		return nil
	})
	return records, attachments, d, apperr.Wrap(err, "retention attachments")
}

// Purge destroys every record of the tenant due on day today that nothing
// keeps, and the files due ahead of their records, each in a transaction
// of its own so that one failure does not stop the rest; then it deletes
// the files of what it purged from the file store (files may be nil when
// there is no file store: the files wait in file_deletions) and destroys
// the purged records' data keys. Running it twice, or on several
// instances at once, purges each record once. The error joins the
// failures of single records; the result counts what went.
func (s *Store) Purge(ctx context.Context, a Actor, tenantID int64, today calendar.Date, cal *calendar.Calendar, fs FileRemover) (PurgeResult, error) {
	var res PurgeResult
	var errs []error
	records, attachments, d, err := s.dueNow(ctx, tenantID, today, cal)
	if err != nil {
		return res, err
	}
	for _, c := range records {
		if err := s.purgeRecord(ctx, a, tenantID, c, d, &res); err != nil {
			errs = append(errs, fmt.Errorf("purge %s %s: %w", c.ObjectType, c.PublicID, err))
		}
	}
	for _, c := range attachments {
		if err := s.purgeAttachments(ctx, a, tenantID, c, d, &res); err != nil {
			errs = append(errs, fmt.Errorf("purge files of %s %s: %w", c.ObjectType, c.PublicID, err))
		}
	}
	n, err := s.purgeAuditEvents(ctx, a, tenantID, today)
	res.AuditEvents = n
	if err != nil {
		errs = append(errs, fmt.Errorf("purge audit events: %w", err))
	}
	if err := s.shredPending(ctx, tenantID); err != nil {
		errs = append(errs, err)
	}
	res.Files, res.FilesLeft, err = s.deleteQueuedFiles(ctx, tenantID, fs)
	if err != nil {
		errs = append(errs, err)
	}
	return res, errors.Join(errs...)
}

// purged is a record purged in a transaction, for the log and the keys.
type purged struct {
	kind   retention.Kind
	ref    recordRef
	public string
	refer  string
	count  int
}

// purgeRecord purges one case with its reports, or one report.
func (s *Store) purgeRecord(ctx context.Context, a Actor, tenantID int64, c PurgeCandidate, d *dossier, res *PurgeResult) error {
	ref := recordRef{c.ObjectType, c.id}
	var done []purged
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		done = done[:0]
		table := holdTables[c.ObjectType]
		r, err := tx.ExecContext(ctx, `UPDATE `+table+` SET purged_at = $3, version = version + 1
			WHERE tenant_id = $1 AND id = $2 AND purged_at IS NULL AND status = 'closed'`, tenantID, c.id, s.Now())
		if err != nil {
			return apperr.Wrap(err, "claim record")
		}
		if n, _ := r.RowsAffected(); n == 0 {
			return errKept
		}
		if held, err := s.heldNow(ctx, tx, tenantID, d.linked(ref)); err != nil || held {
			return orErr(err, errKept)
		}
		switch c.ObjectType {
		case "report":
			if err := s.purgeReportRows(ctx, tx, tenantID, c.id); err != nil {
				return err
			}
		case "discipline_case":
			if err := s.purgeDisciplineRows(ctx, tx, c.id); err != nil {
				return err
			}
		case "protection_case":
			if err := s.purgeProtectionRows(ctx, tx, c.id); err != nil {
				return err
			}
		}
		done = append(done, purged{kind: c.Kind, ref: ref, public: c.PublicID, refer: cmpStr(c.Number, c.PublicID), count: 1})
		// The reports of a case go with it once none of their cases stays.
		for _, rep := range d.caseReports[ref] {
			var left int
			if err := tx.QueryRowContext(ctx, `SELECT
				(SELECT COUNT(*) FROM discipline_case_reports cr JOIN discipline_cases dc ON dc.id = cr.case_id WHERE cr.report_id = $1 AND dc.purged_at IS NULL) +
				(SELECT COUNT(*) FROM protection_cases pc WHERE pc.report_id = $1 AND pc.purged_at IS NULL)`, rep).Scan(&left); err != nil {
				return apperr.Wrap(err, "cases left of report")
			}
			if left > 0 {
				continue
			}
			var publicID string
			err := tx.QueryRowContext(ctx, `UPDATE reports SET purged_at = $3, version = version + 1
				WHERE tenant_id = $1 AND id = $2 AND purged_at IS NULL RETURNING public_id`, tenantID, rep, s.Now()).Scan(&publicID)
			if errors.Is(err, sql.ErrNoRows) {
				continue
			}
			if err != nil {
				return apperr.Wrap(err, "claim report")
			}
			if err := s.purgeReportRows(ctx, tx, tenantID, rep); err != nil {
				return err
			}
			done = append(done, purged{kind: c.Kind, ref: recordRef{"report", rep}, public: publicID, refer: publicID, count: 1})
		}
		return s.logPurges(ctx, tx, a, tenantID, done)
	})
	if errors.Is(err, errKept) {
		return nil
	}
	if err != nil {
		return err
	}
	for _, p := range done {
		switch p.ref.typ {
		case "report":
			res.Reports++
		case "discipline_case":
			res.DisciplineCases++
		case "protection_case":
			res.ProtectionCases++
		}
	}
	return s.shredPending(ctx, tenantID)
}

// purgeAttachments deletes the files of one report whose attachment
// period has passed while the report (or its case) stays.
func (s *Store) purgeAttachments(ctx context.Context, a Actor, tenantID int64, c PurgeCandidate, d *dossier, res *PurgeResult) error {
	ref := recordRef{"report", c.id}
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		refs := []recordRef{ref}
		for _, cs := range d.reportCases[c.id] {
			refs = append(refs, d.linked(cs)...)
		}
		if held, err := s.heldNow(ctx, tx, tenantID, refs); err != nil || held {
			return orErr(err, errKept)
		}
		n, err := s.dropReportFiles(ctx, tx, tenantID, c.id)
		if err != nil {
			return err
		}
		if n == 0 {
			return errKept // gone already
		}
		return s.logPurges(ctx, tx, a, tenantID, []purged{{kind: retention.Attachment, ref: ref, public: c.PublicID, refer: c.PublicID, count: n}})
	})
	if errors.Is(err, errKept) {
		return nil
	}
	if err == nil {
		res.Attachments++
	}
	return err
}

// linked gives a record and the records whose holds keep it: for a case,
// its reports and their other cases.
func (d *dossier) linked(ref recordRef) []recordRef {
	out := []recordRef{ref}
	for _, r := range d.caseReports[ref] {
		out = append(out, recordRef{"report", r})
		out = append(out, d.reportCases[r]...)
	}
	return out
}

// heldNow reports whether a hold is in force on any of refs, read inside
// the purge's transaction: a hold set since the verdicts were worked out
// still keeps the record.
func (s *Store) heldNow(ctx context.Context, tx *sql.Tx, tenantID int64, refs []recordRef) (bool, error) {
	args := db.Args{tenantID}
	var conds []string
	for _, r := range refs {
		conds = append(conds, `(object_type = `+args.Add(r.typ)+` AND object_id = `+args.Add(r.id)+`)`)
	}
	var n int
	err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM legal_holds WHERE tenant_id = $1 AND released_at IS NULL AND (`+
		strings.Join(conds, ` OR `)+`)`, args...).Scan(&n)
	return n > 0, apperr.Wrap(err, "holds in force")
}

// dropReportFiles deletes a report's file rows and queues their files for
// deletion from the file store, returning how many there were.
func (s *Store) dropReportFiles(ctx context.Context, tx *sql.Tx, tenantID, reportID int64) (int, error) {
	ids, err := queryStrings(ctx, tx, `DELETE FROM report_files WHERE report_id = $1 RETURNING file_id`, reportID)
	if err != nil {
		return 0, apperr.Wrap(err, "drop report files")
	}
	for _, id := range ids {
		if _, err := tx.ExecContext(ctx, `INSERT INTO file_deletions (tenant_id, file_id, queued_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
			tenantID, id, s.Now()); err != nil {
			return 0, apperr.Wrap(err, "queue file deletion")
		}
	}
	return len(ids), nil
}

// purgeReportRows reduces a claimed report to its tombstone.
func (s *Store) purgeReportRows(ctx context.Context, tx *sql.Tx, tenantID, id int64) error {
	if _, err := s.dropReportFiles(ctx, tx, tenantID, id); err != nil {
		return err
	}
	lookup := make([]byte, 32) // a receipt finds nothing any more
	rand.Read(lookup)
	steps := []struct {
		q    string
		args []any
	}{
		{`DELETE FROM report_redactions WHERE report_id = $1`, nil},
		{`DELETE FROM report_messages WHERE report_id = $1`, nil},
		{`UPDATE report_outcomes SET note_enc = NULL WHERE report_id = $1`, nil},
		{`DELETE FROM unseal_requests WHERE identity_id IN (SELECT identity_id FROM reports WHERE id = $1)`, nil},
		{`UPDATE sealed_identities SET name_enc = NULL, contact_enc = NULL, nik_enc = NULL, nik_lookup = NULL
			WHERE id IN (SELECT identity_id FROM reports WHERE id = $1)`, nil},
		{`UPDATE reports SET content_enc = $2, receipt_lookup = $3, occurred_on = NULL, village_code = '', reporter_key = NULL, reporter_copy = NULL WHERE id = $1`, []any{emptySealed, lookup}},
		{`UPDATE report_facts SET purged = 1 WHERE report_id = $1`, nil},
	}
	for _, st := range steps {
		if _, err := tx.ExecContext(ctx, st.q, append([]any{id}, st.args...)...); err != nil {
			return apperr.Wrap(err, "purge report")
		}
	}
	return nil
}

// purgeDisciplineRows deletes a claimed discipline case's content; its
// charges, steps and links to reports stay for the statistics.
func (s *Store) purgeDisciplineRows(ctx context.Context, tx *sql.Tx, id int64) error {
	for _, q := range []string{
		`DELETE FROM discipline_examinations WHERE case_id = $1`,
		`DELETE FROM discipline_statements WHERE case_id = $1`,
		`DELETE FROM discipline_releases WHERE case_id = $1`,
		`DELETE FROM case_relations WHERE case_id = $1`,
		`DELETE FROM case_parties WHERE case_id = $1`,
		`DELETE FROM case_team_members WHERE case_id = $1`,
		`UPDATE discipline_cases SET handler_id = NULL, superior_informed_on = NULL WHERE id = $1`,
	} {
		if _, err := tx.ExecContext(ctx, q, id); err != nil {
			return apperr.Wrap(err, "purge discipline case")
		}
	}
	return nil
}

// purgeProtectionRows reduces a claimed protection case to what its
// counts read: district, day of the incident, forms, the victims' sex and
// age group, the services' kinds and days.
func (s *Store) purgeProtectionRows(ctx context.Context, tx *sql.Tx, id int64) error {
	for _, q := range []string{
		`DELETE FROM protection_referrals WHERE case_id = $1`,
		`DELETE FROM protection_consents WHERE case_id = $1`,
		`UPDATE protection_services SET notes_enc = NULL WHERE case_id = $1`,
		`DELETE FROM protection_perpetrators WHERE case_id = $1`,
		`DELETE FROM protection_workers WHERE case_id = $1`,
		`DELETE FROM unseal_requests WHERE identity_id IN (SELECT identity_id FROM protection_victims WHERE case_id = $1)`,
		`UPDATE sealed_identities SET name_enc = NULL, contact_enc = NULL, nik_enc = NULL, nik_lookup = NULL
			WHERE id IN (SELECT identity_id FROM protection_victims WHERE case_id = $1)`,
		`UPDATE protection_cases SET chronology_enc = NULL, summary_enc = NULL, occurred_time = '', village_code = '', place_kind = '',
			follow_up_on = NULL, police_reported_at = NULL, temp_protection_from = NULL, temp_protection_until = NULL, lpsk_requested_at = NULL,
			restraint_from = NULL, restraint_until = NULL, restraint_renewal_requested_at = NULL, clock_due_at = NULL, clock_due_kind = '',
			clock_watch_at = NULL WHERE id = $1`,
	} {
		if _, err := tx.ExecContext(ctx, q, id); err != nil {
			return apperr.Wrap(err, "purge protection case")
		}
	}
	_, err := tx.ExecContext(ctx, `UPDATE protection_victims SET details_enc = $2 WHERE case_id = $1`, id, emptySealed)
	return apperr.Wrap(err, "purge protection victims")
}

// logPurges writes the purge log and the audit events of what a
// transaction purged: the kind and the reference, nothing else.
func (s *Store) logPurges(ctx context.Context, tx *sql.Tx, a Actor, tenantID int64, done []purged) error {
	for _, p := range done {
		shredded := 0
		if p.kind == retention.Attachment || p.kind == retention.AuditEvent {
			shredded = 1 // no record's keys to destroy
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO retention_purges (tenant_id, kind, object_type, public_id, reference, record_id, shredded, count, purged_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, tenantID, string(p.kind), p.ref.typ, p.public, p.refer, p.ref.id, shredded,
			p.count, s.Now()); err != nil {
			return apperr.Wrap(err, "purge log")
		}
		if err := s.audit(ctx, tx, tenantID, a, "retention.purged."+string(p.kind), p.ref.typ, p.refer); err != nil {
			return err
		}
	}
	return nil
}

// shredPending destroys the data keys of the purged records whose keys
// are not destroyed yet: just purged, or left by a failure before.
func (s *Store) shredPending(ctx context.Context, tenantID int64) error {
	type pending struct {
		id, record int64
		typ        string
	}
	var list []pending
	err := s.eachRowW(ctx, `SELECT id, record_id, object_type FROM retention_purges WHERE tenant_id = $1 AND shredded = 0 ORDER BY id`,
		[]any{tenantID}, func(rows *sql.Rows) error {
			var p pending
			if err := rows.Scan(&p.id, &p.record, &p.typ); err != nil {
				return err
			}
			list = append(list, p)
			return nil
		})
	if err != nil {
		return apperr.Wrap(err, "keys to destroy")
	}
	var errs []error
	for _, p := range list {
		kind := map[string]retention.Kind{"report": retention.RejectedReport, "discipline_case": retention.DisciplineCase,
			"protection_case": retention.ProtectionCase}[p.typ]
		if err := s.shredRecordKeys(ctx, tenantID, kind, p.record); err != nil {
			errs = append(errs, fmt.Errorf("destroy keys of %s %d: %w", p.typ, p.record, err))
			continue
		}
		if _, err := s.db.W.ExecContext(ctx, `UPDATE retention_purges SET shredded = 1 WHERE id = $1`, p.id); err != nil {
			errs = append(errs, apperr.Wrap(err, "keys destroyed"))
		}
	}
	return errors.Join(errs...)
}

// deleteQueuedFiles deletes the files waiting in file_deletions from the
// file store; what fails stays for the next run. It returns how many were
// deleted and how many are left.
func (s *Store) deleteQueuedFiles(ctx context.Context, tenantID int64, fs FileRemover) (int, int, error) {
	ids, err := queryStrings(ctx, s.db.W, `SELECT file_id FROM file_deletions WHERE tenant_id = $1 ORDER BY queued_at, file_id`, tenantID)
	if err != nil {
		return 0, 0, apperr.Wrap(err, "files to delete")
	}
	if fs == nil {
		return 0, len(ids), nil
	}
	done := 0
	var errs []error
	for _, id := range ids {
		if err := fs.Delete(tenantID, id); err != nil && !errors.Is(err, files.ErrNotFound) {
			errs = append(errs, fmt.Errorf("delete file: %w", err))
			if _, err := s.db.W.ExecContext(ctx, `UPDATE file_deletions SET attempts = attempts + 1 WHERE tenant_id = $1 AND file_id = $2`, tenantID, id); err != nil {
				errs = append(errs, apperr.Wrap(err, "count file deletion"))
			}
			continue
		}
		if _, err := s.db.W.ExecContext(ctx, `DELETE FROM file_deletions WHERE tenant_id = $1 AND file_id = $2`, tenantID, id); err != nil {
			errs = append(errs, apperr.Wrap(err, "file deleted"))
			continue
		}
		done++
	}
	return done, len(ids) - done, errors.Join(errs...)
}

// RetentionPurges returns the tenant's purge log, newest first, at most
// limit lines.
func (s *Store) RetentionPurges(ctx context.Context, tenantID int64, limit int) ([]PurgeEntry, error) {
	var out []PurgeEntry
	err := s.eachRowW(ctx, `SELECT kind, object_type, public_id, reference, count, purged_at FROM retention_purges WHERE tenant_id = $1
		ORDER BY id DESC LIMIT $2`, []any{tenantID, limit}, func(rows *sql.Rows) error {
		var e PurgeEntry
		var kind string
		if err := rows.Scan(&kind, &e.ObjectType, &e.PublicID, &e.Reference, &e.Count, &e.PurgedAt); err != nil {
			return err
		}
		e.Kind = retention.Kind(kind)
		out = append(out, e)
		return nil
	})
	return out, apperr.Wrap(err, "purge log")
}

// Purged is the error for a record that was purged: it is named, with the
// day it went, instead of being simply not found.
type Purged struct {
	ObjectType string
	At         time.Time
}

func (p *Purged) Error() string { return p.ObjectType + " purged under the retention schedule" }

// purgedOr turns a record not found because it was purged into *Purged,
// wrapped as not found; anything else is returned as is. It reads the
// database only when the record was not found.
func (s *Store) purgedOr(ctx context.Context, err error, objectType string, tenantID int64, publicID string) error {
	if !apperr.Is(err, apperr.NotFound) {
		return err
	}
	table, ok := holdTables[objectType]
	if !ok {
		return err
	}
	var at time.Time
	q := `SELECT purged_at FROM ` + table + ` WHERE tenant_id = $1 AND public_id = $2 AND purged_at IS NOT NULL`
	if e := s.db.R.QueryRowContext(ctx, q, tenantID, publicID).Scan(&at); e != nil {
		return err
	}
	return &apperr.Error{Code: apperr.NotFound, Key: "retention.destroyed", Err: &Purged{ObjectType: objectType, At: at}}
}

// PurgedOf returns the purge of err's record, if err says it was purged.
func PurgedOf(err error) (*Purged, bool) {
	var p *Purged
	ok := errors.As(err, &p)
	return p, ok
}

// eachRowW is eachRow on the writer's connection pool: for what must see
// the writes just made (the stats pool may be a replica).
func (s *Store) eachRowW(ctx context.Context, q string, args []any, fn func(*sql.Rows) error) error {
	rows, err := s.db.W.QueryContext(ctx, q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// orErr returns err, or alt when err is nil.
func orErr(err, alt error) error {
	if err != nil {
		return err
	}
	return alt
}

// cmpStr returns s, or alt when s is empty.
func cmpStr(s, alt string) string {
	if s != "" {
		return s
	}
	return alt
}
