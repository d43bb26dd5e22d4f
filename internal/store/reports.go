package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"sigap/internal/calendar"
	"slices"
	"strings"
	"time"

	"sigap/internal/apperr"
	"sigap/internal/db"
	"sigap/internal/identity"
	"sigap/internal/report"
	"sigap/internal/vault"
)

// receiptLookupPurpose names the keyed hash of a receipt code.
const receiptLookupPurpose = "report.receipt"

// sealedContent is what the reporter said, as the one sealed field of a
// report. It exists only between sealing and opening.
type sealedContent struct {
	What            string `json:"what"`
	Place           string `json:"place,omitempty"`
	AccusedName     string `json:"accused_name,omitempty"`
	AccusedOffice   string `json:"accused_office,omitempty"`
	AccusedPosition string `json:"accused_position,omitempty"`
	Witnesses       string `json:"witnesses,omitempty"`
	ChannelRef      string `json:"channel_ref,omitempty"`
}

func (s *Store) sealContent(ctx context.Context, tenantID int64, publicID string, rec uint64, c report.Content) (vault.Ciphertext, error) {
	plain, err := contentJSON(c)
	if err != nil {
		return nil, err
	}
	return s.keys.Seal(ctx, s.recordPlace(tenantID, "reports", "content_enc", publicID, rec), plain)
}

func (s *Store) openContent(ctx context.Context, tenantID int64, publicID string, enc vault.Ciphertext, into *report.Content) error {
	plain, err := s.keys.Open(ctx, s.place(tenantID, "reports", "content_enc", publicID), enc)
	if err != nil {
		return apperr.Wrap(err, "open report")
	}
	return readContent(plain, into)
}

// contentJSON is the plaintext of a report's content, as sealed.
func contentJSON(c report.Content) (vault.Secret, error) {
	b, err := json.Marshal(sealedContent{What: c.What.Reveal(), Place: c.Place.Reveal(), AccusedName: c.AccusedName.Reveal(),
		AccusedOffice: c.AccusedOffice.Reveal(), AccusedPosition: c.AccusedPosition.Reveal(), Witnesses: c.Witnesses.Reveal(),
		ChannelRef: c.ChannelRef.Reveal()})
	return vault.NewSecretBytes(b), err
}

// readContent fills into's text fields from a content's plaintext.
func readContent(plain vault.Secret, into *report.Content) error {
	var c sealedContent
	if err := json.Unmarshal(plain.Bytes(), &c); err != nil {
		return apperr.Wrap(err, "read report")
	}
	into.What, into.Place, into.Witnesses, into.ChannelRef = vault.NewSecret(c.What), vault.NewSecret(c.Place), vault.NewSecret(c.Witnesses), vault.NewSecret(c.ChannelRef)
	into.AccusedName, into.AccusedOffice, into.AccusedPosition = vault.NewSecret(c.AccusedName), vault.NewSecret(c.AccusedOffice), vault.NewSecret(c.AccusedPosition)
	return nil
}

// CreateReport stores a checked report with a new receipt code, which it
// returns: the only time the code exists outside the reporter's hands.
// The reporter's identity, unless anonymous, becomes a sealed identity in
// the same transaction. Nothing about the sender's connection is stored.
// The actor is the intake officer, or System for the public form. Under
// load, ReportWriter does the same for many reports in one transaction.
func (s *Store) CreateReport(ctx context.Context, a Actor, tenantID int64, c report.Checked) (report.Report, report.Receipt, error) {
	n, err := s.prepareReport(ctx, a, tenantID, c)
	if err != nil {
		return report.Report{}, "", err
	}
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		if err := s.insertReports(ctx, tx, []*newReport{n}); err != nil {
			return err
		}
		return s.audit(ctx, tx, tenantID, a, "report.create", "report", n.r.PublicID)
	})
	if err != nil {
		return report.Report{}, "", apperr.Wrap(err, "create report")
	}
	return n.r, n.receipt, nil
}

// newReport is a report ready to be written: its receipt hashed and its
// content and identity sealed, all outside any transaction.
type newReport struct {
	a       Actor
	c       report.Checked
	r       report.Report
	receipt report.Receipt
	lookup  []byte
	content vault.Ciphertext
	who     *identityRow
	// The reporter's own copy of the content and the public half of the
	// key that opens it (see reporterKey).
	holderPub, holderCopy []byte
	rec                   uint64 // the report's record key, 0 without a record key store
}

func (s *Store) prepareReport(ctx context.Context, a Actor, tenantID int64, c report.Checked) (*newReport, error) {
	if s.keys == nil {
		return nil, apperr.Wrap(errNoVault, "create report")
	}
	now := s.Now()
	n := &newReport{a: a, c: c, receipt: report.NewReceipt(), r: report.Report{PublicID: newPublicID(), TenantID: tenantID, Channel: c.Channel,
		Category: c.Category, Status: report.New, Mode: c.Mode, CreatedAt: now, UpdatedAt: now, CreatedBy: a.UserID, Content: c.Content}}
	var err error
	if n.lookup, err = s.keys.Lookup(ctx, tenantID, receiptLookupPurpose, n.receipt.Digits()); err != nil {
		return nil, apperr.Wrap(err, "receipt lookup")
	}
	if n.rec = c.RecordKey; n.rec == 0 {
		if n.rec, err = s.newRecordKey(ctx); err != nil {
			return nil, err
		}
	}
	if n.content, err = s.sealContent(ctx, tenantID, n.r.PublicID, n.rec, c.Content); err != nil {
		return nil, apperr.Wrap(err, "seal report")
	}
	if n.holderPub, n.holderCopy, err = s.sealReporterCopy(ctx, tenantID, n.r.PublicID, n.rec, n.receipt, c.Content); err != nil {
		return nil, apperr.Wrap(err, "seal reporter copy")
	}
	if c.Mode != report.Anonymous {
		row, err := s.sealIdentity(ctx, tenantID, n.rec, Reporter, "report", n.r.PublicID,
			IdentityFields{Name: c.ReporterName, Contact: c.ReporterContact, NIK: c.ReporterNIK})
		if err != nil {
			return nil, err
		}
		n.who = &row
	}
	return n, nil
}

// insertReports writes prepared reports in tx: their sealed identities,
// the reports in one multi-row insert, their files, and the desk's
// notifications in one statement. Their audit events are the caller's,
// so that a group of reports takes the chain's lock once. On PostgreSQL
// round trips are the cost, so a group costs a few statements, not a few
// per report.
func (s *Store) insertReports(ctx context.Context, tx *sql.Tx, ns []*newReport) error {
	const cols = 21
	args := make([]any, 0, len(ns)*cols)
	for _, n := range ns {
		r, c := &n.r, n.c
		var identityID sql.NullInt64
		if n.who != nil {
			if err := s.insertIdentity(ctx, tx, n.a, n.who); err != nil {
				return err
			}
			identityID = sql.NullInt64{Int64: n.who.ID, Valid: true}
			r.IdentityID = n.who.PublicID
		}
		args = append(args, r.TenantID, r.PublicID, n.lookup, string(r.Channel), r.Category, string(r.Mode), string(r.Status),
			nullDate(c.OccurredOn), c.DistrictCode, c.VillageCode, c.ReporterIsVictim, c.ContactVictim, c.ShareIdentity, n.content, identityID,
			nullID(n.a.UserID), r.CreatedAt, r.CreatedAt, n.holderPub, n.holderCopy, nullID(int64(n.rec)))
	}
	rows, err := tx.QueryContext(ctx, `INSERT INTO reports (tenant_id, public_id, receipt_lookup, channel, category, mode, status,
		occurred_on, district_code, village_code, reporter_is_victim, contact_victim, share_identity, content_enc, identity_id,
		created_by, created_at, updated_at, reporter_key, reporter_copy, record_key) VALUES `+s.db.Rows(len(ns), cols)+` RETURNING id, public_id`, args...)
	if err != nil {
		return err
	}
	ids := make(map[string]int64, len(ns))
	for rows.Next() {
		var id int64
		var pub string
		if err := rows.Scan(&id, &pub); err != nil {
			rows.Close()
			return err
		}
		ids[pub] = id
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, n := range ns {
		n.r.ID = ids[n.r.PublicID]
		if err := s.insertAttachments(ctx, tx, n.r.TenantID, n.r.ID, 0, n.rec, n.c.Files); err != nil {
			return err
		}
	}
	if err := s.insertNewFacts(ctx, tx, ns); err != nil {
		return err
	}
	// The desk of each report's government is told, in one statement.
	vals := make([]string, len(ns))
	nargs := make([]any, 0, 2*len(ns)+2)
	nargs = append(nargs, string(identity.Intake), s.Now())
	for i, n := range ns {
		nargs = append(nargs, n.r.TenantID, n.r.PublicID)
		vals[i] = "(CAST(" + s.db.Params(2*i+3, 1) + " AS BIGINT), " + s.db.Params(2*i+4, 1) + ")"
	}
	if s.db.Engine != db.Postgres {
		// SQLite binds ? in the order written: the pairs, the time twice,
		// then the role.
		role, now := nargs[0], nargs[1]
		nargs = append(nargs[2:], now, now, role)
	}
	_, err = tx.ExecContext(ctx, `WITH r (tenant_id, public_id) AS (VALUES `+strings.Join(vals, ", ")+`)
		INSERT INTO notifications (tenant_id, user_id, kind, object_type, object_id, created_at, mail_state, mail_next_at)
		SELECT r.tenant_id, u.id, 'report.new', 'report', r.public_id, `+s.db.Params(2, 1)+`,
			CASE WHEN u.email <> '' THEN 'pending' ELSE 'none' END, `+s.db.Params(2, 1)+`
		FROM r JOIN users u ON u.tenant_id = r.tenant_id JOIN user_roles ur ON ur.user_id = u.id AND ur.role = `+s.db.Params(1, 1)+`
		WHERE u.disabled_at IS NULL`, nargs...)
	return apperr.Wrap(err, "notify")
}

func nullDate(t time.Time) sql.NullTime { return sql.NullTime{Time: t, Valid: !t.IsZero()} }

const reportCols = `r.id, r.public_id, r.tenant_id, r.channel, r.category, r.mode, r.status, r.occurred_on, r.district_code,
	r.village_code, r.reporter_is_victim, r.contact_victim, r.share_identity, COALESCE(i.public_id, ''), COALESCE(r.employee_id, 0),
	COALESCE(r.created_by, 0), r.created_at, r.updated_at, r.verified_at, r.followed_up_at, r.closed_at, COALESCE(d.public_id, ''),
	r.version, r.content_enc`

const reportFrom = ` FROM reports r LEFT JOIN sealed_identities i ON i.id = r.identity_id LEFT JOIN reports d ON d.id = r.duplicate_of`

// scanReport reads a report row; its content stays sealed in enc. The
// columns after reportCols, if any, go to extra.
func scanReport(row interface{ Scan(...any) error }, enc *vault.Ciphertext, extra ...any) (report.Report, error) {
	var r report.Report
	var channel, mode, status string
	var on, verified, followed, closed sql.NullTime
	dest := []any{&r.ID, &r.PublicID, &r.TenantID, &channel, &r.Category, &mode, &status, &on, &r.DistrictCode, &r.VillageCode,
		&r.ReporterIsVictim, &r.ContactVictim, &r.ShareIdentity, &r.IdentityID, &r.EmployeeID, &r.CreatedBy, &r.CreatedAt, &r.UpdatedAt,
		&verified, &followed, &closed, &r.DuplicateOf, &r.Version, enc}
	err := row.Scan(append(dest, extra...)...)
	r.Channel, r.Mode, r.Status = report.Channel(channel), report.Mode(mode), report.Status(status)
	if on.Valid {
		r.OccurredOn = on.Time.UTC()
	}
	r.VerifiedAt, r.FollowedUpAt, r.ClosedAt = verified.Time, followed.Time, closed.Time
	return r, err
}

// ReportByReceipt returns the tenant's report whose receipt this is, with
// its content opened for the reporter. A wrong code is simply not found:
// the caller throttles and logs the attempts.
func (s *Store) ReportByReceipt(ctx context.Context, tenantID int64, receipt report.Receipt) (report.Report, error) {
	r, _, err := s.reportByReceipt(ctx, tenantID, receipt)
	return r, err
}

// reportByReceipt is ReportByReceipt in one round trip to the database
// (and one to the record key store when the report's secret is not
// cached), also returning the reporter's key when it was needed, so that
// the reporter's messages are opened without deriving it again.
func (s *Store) reportByReceipt(ctx context.Context, tenantID int64, receipt report.Receipt) (report.Report, *vault.HolderKey, error) {
	if s.keys == nil {
		return report.Report{}, nil, apperr.Wrap(errNoVault, "report by receipt")
	}
	lookup, err := s.keys.Lookup(ctx, tenantID, receiptLookupPurpose, receipt.Digits())
	if err != nil {
		return report.Report{}, nil, apperr.Wrap(err, "receipt lookup")
	}
	// The reporter reads their own copy, which no redaction touches; a
	// report made before copies were kept has only the staff's. Both come
	// in the one row.
	var enc vault.Ciphertext
	var own []byte
	r, err := scanReport(s.db.QueryRowHot(ctx, `SELECT `+reportCols+`, r.reporter_copy`+reportFrom+` WHERE r.tenant_id = $1 AND r.receipt_lookup = $2`,
		tenantID, lookup), &enc, &own)
	if err != nil {
		return r, nil, notFound(err, "receipt.not_found", "report by receipt")
	}
	if own == nil {
		return r, nil, s.openContent(ctx, tenantID, r.PublicID, enc, &r.Content)
	}
	h, err := s.reporterKey(ctx, tenantID, receipt)
	if err != nil {
		return r, nil, err
	}
	p := s.place(tenantID, "reports", "reporter_copy", r.PublicID)
	if own, err = s.unwrapCopy(ctx, p, own); err != nil {
		return r, nil, apperr.Wrap(err, "open reporter copy")
	}
	plain, err := h.Open(p, own)
	if err != nil {
		return r, nil, apperr.Wrap(err, "open reporter copy")
	}
	return r, &h, readContent(plain, &r.Content)
}

// OpenReport returns one report of the tenant with its content, and
// writes the read into the audit trail in the same transaction: nobody at
// the desk reads a report without it being recorded.
func (s *Store) OpenReport(ctx context.Context, a Actor, tenantID int64, publicID string) (report.Report, error) {
	if s.keys == nil {
		return report.Report{}, apperr.Wrap(errNoVault, "open report")
	}
	var r report.Report
	var enc vault.Ciphertext
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		var err error
		r, err = scanReport(tx.QueryRowContext(ctx, `SELECT `+reportCols+reportFrom+` WHERE r.tenant_id = $1 AND r.public_id = $2 AND r.purged_at IS NULL`, tenantID, publicID), &enc)
		if err != nil {
			return notFound(err, "report.not_found", "open report")
		}
		return s.audit(ctx, tx, tenantID, a, "report.read", "report", publicID)
	})
	if err != nil {
		return r, s.purgedOr(ctx, err, "report", tenantID, publicID)
	}
	return r, s.openContent(ctx, tenantID, r.PublicID, enc, &r.Content)
}

// ReportQuery filters the desk's queue.
type ReportQuery struct {
	Statuses []report.Status // none: new and in review
	Category string
	// From and To (WIB days, both included) choose the reports made in
	// them; Originals leaves out the duplicates merged into another (the
	// statistics count each once). Zero values choose everything.
	From, To  calendar.Date
	Originals bool
	Offset    int
	Limit     int
}

// Reports returns a page of the tenant's reports, oldest first (the
// oldest waits longest), without their contents, and how many match.
// Purged reports are left out.
func (s *Store) Reports(ctx context.Context, tenantID int64, q ReportQuery) ([]report.Report, int, error) {
	statuses := q.Statuses
	if len(statuses) == 0 {
		statuses = []report.Status{report.New, report.InReview}
	}
	where := ` WHERE r.tenant_id = $1 AND r.purged_at IS NULL AND r.status IN (`
	args := []any{tenantID}
	for i, st := range statuses {
		if i > 0 {
			where += ", "
		}
		args = append(args, string(st))
		where += "$" + itoa(int64(len(args)))
	}
	where += ")"
	if q.Category != "" {
		args = append(args, q.Category)
		where += ` AND r.category = $` + itoa(int64(len(args)))
	}
	if !q.From.IsZero() {
		args = append(args, q.From.Time(wib))
		where += ` AND r.created_at >= $` + itoa(int64(len(args)))
	}
	if !q.To.IsZero() {
		args = append(args, q.To.AddDays(1).Time(wib))
		where += ` AND r.created_at < $` + itoa(int64(len(args)))
	}
	if q.Originals {
		where += ` AND r.duplicate_of IS NULL`
	}
	var total int
	if err := s.db.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM reports r`+where, args...).Scan(&total); err != nil {
		return nil, 0, apperr.Wrap(err, "count reports")
	}
	if q.Limit <= 0 || q.Limit > 200 {
		q.Limit = 50
	}
	args = append(args, q.Limit, max(q.Offset, 0))
	rows, err := s.db.R.QueryContext(ctx, `SELECT `+reportCols+reportFrom+where+` ORDER BY r.id LIMIT $`+itoa(int64(len(args)-1))+` OFFSET $`+itoa(int64(len(args))), args...)
	if err != nil {
		return nil, 0, apperr.Wrap(err, "reports")
	}
	defer rows.Close()
	var out []report.Report
	for rows.Next() {
		var enc vault.Ciphertext
		r, err := scanReport(rows, &enc)
		if err != nil {
			return nil, 0, apperr.Wrap(err, "scan report")
		}
		out = append(out, r)
	}
	return out, total, apperr.Wrap(rows.Err(), "reports")
}

// ReportCategories returns the categories the tenant's form offers: its
// own catalogue's active ones, or the defaults when it has none.
func (s *Store) ReportCategories(ctx context.Context, tenantID int64) ([]report.Category, error) {
	all, err := s.ReportCatalogue(ctx, tenantID)
	if err != nil {
		return nil, err
	}
	out := make([]report.Category, 0, len(all))
	for _, e := range all {
		if e.Active {
			out = append(out, e.Category)
		}
	}
	return out, nil
}

// ReportCatalogue returns the tenant's whole catalogue, categories no
// longer offered included (old reports are named by them), in order; the
// defaults when the tenant has set none.
func (s *Store) ReportCatalogue(ctx context.Context, tenantID int64) ([]report.CatalogueEntry, error) {
	rows, err := s.db.QueryHot(ctx, `SELECT code, name_id, name_en, active FROM report_categories WHERE tenant_id = $1 ORDER BY position, code`, tenantID)
	if err != nil {
		return nil, apperr.Wrap(err, "report categories")
	}
	defer rows.Close()
	var out []report.CatalogueEntry
	for rows.Next() {
		var e report.CatalogueEntry
		if err := rows.Scan(&e.Code, &e.NameID, &e.NameEN, &e.Active); err != nil {
			return nil, apperr.Wrap(err, "scan category")
		}
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, apperr.Wrap(err, "report categories")
	}
	if len(out) == 0 {
		for _, c := range report.DefaultCategories {
			out = append(out, report.CatalogueEntry{Category: c, Active: true})
		}
	}
	return out, nil
}

// SetReportCatalogue replaces the tenant's catalogue with checked entries.
// A category used by reports cannot disappear: it is kept, not offered.
func (s *Store) SetReportCatalogue(ctx context.Context, a Actor, tenantID int64, entries []report.CatalogueEntry) error {
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		keep := map[string]bool{}
		for _, e := range entries {
			keep[e.Code] = true
		}
		rows, err := tx.QueryContext(ctx, `SELECT DISTINCT category FROM reports WHERE tenant_id = $1`, tenantID)
		if err != nil {
			return apperr.Wrap(err, "used categories")
		}
		var used []string
		for rows.Next() {
			var c string
			if err := rows.Scan(&c); err != nil {
				rows.Close()
				return err
			}
			used = append(used, c)
		}
		rows.Close()
		current, err := s.ReportCatalogue(ctx, tenantID)
		if err != nil {
			return err
		}
		for _, c := range current {
			if !keep[c.Code] && slices.Contains(used, c.Code) {
				c.Active = false
				entries = append(entries, c)
			}
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM report_categories WHERE tenant_id = $1`, tenantID); err != nil {
			return apperr.Wrap(err, "clear categories")
		}
		for i, e := range entries {
			if _, err := tx.ExecContext(ctx, `INSERT INTO report_categories (tenant_id, code, name_id, name_en, position, active) VALUES ($1, $2, $3, $4, $5, $6)`,
				tenantID, e.Code, e.NameID, e.NameEN, i, e.Active); err != nil {
				return apperr.Wrap(err, "insert category")
			}
		}
		return s.audit(ctx, tx, tenantID, a, "report.categories", "tenant", itoa(tenantID))
	})
}

// ReportID returns the internal ID of a report of the tenant.
func (s *Store) ReportID(ctx context.Context, tenantID int64, publicID string) (int64, error) {
	var id int64
	err := s.db.R.QueryRowContext(ctx, `SELECT id FROM reports WHERE tenant_id = $1 AND public_id = $2`, tenantID, publicID).Scan(&id)
	return id, notFound(err, "report.not_found", "report id")
}
