package store

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"

	"sigap/internal/apperr"
	"sigap/internal/calendar"
	"sigap/internal/db"
	"sigap/internal/pledge"
	"sigap/internal/roster"
)

// PledgeVersion is one wording of a government's integrity pledge. It is
// never changed: a new wording is a new version.
type PledgeVersion struct {
	ID        int64
	Number    int
	Title     string
	Body      string
	SHA256    string // of Body, when it was written
	CreatedAt time.Time
}

// PledgeCampaign asks a set of employees to sign a version by a date.
type PledgeCampaign struct {
	ID            int64
	VersionID     int64
	VersionNumber int
	Name          string
	Scope         string // all, unit or kind
	UnitID        int64
	UnitName      string
	Kind          roster.PositionKind
	Due           calendar.Date
	CreatedAt     time.Time
}

// PledgeSignature is an employee's signature of a version.
type PledgeSignature struct {
	ID            int64
	EmployeeID    int64
	EmployeeName  string
	EmployeeNIP   string
	VersionID     int64
	VersionNumber int
	CampaignID    int64
	Method        string // electronic or paper
	Statement     string
	SHA256        string // of the text the signer was shown
	SignedAt      time.Time
	FileID        string // the paper's scan, in the encrypted file store
	ContentType   string
	FileSize      int64
}

// PledgeCoverage counts a campaign's employees who have signed its version
// currently, by one grouping (an office or a position kind).
type PledgeCoverage struct {
	Key    string
	Name   string
	Total  int
	Signed int
}

const pledgeVersionCols = `id, number, title, body, text_sha256, created_at`

func scanPledgeVersion(row interface{ Scan(...any) error }) (PledgeVersion, error) {
	var v PledgeVersion
	err := row.Scan(&v.ID, &v.Number, &v.Title, &v.Body, &v.SHA256, &v.CreatedAt)
	return v, err
}

// AddPledgeVersion writes a new version of the tenant's pledge text with
// the next number.
func (s *Store) AddPledgeVersion(ctx context.Context, a Actor, tenantID int64, title, body string) (PledgeVersion, error) {
	var v PledgeVersion
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(number), 0) FROM pledge_versions WHERE tenant_id = $1`, tenantID).Scan(&n); err != nil {
			return err
		}
		var err error
		v, err = scanPledgeVersion(tx.QueryRowContext(ctx, `INSERT INTO pledge_versions (tenant_id, number, title, body, text_sha256, created_by, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING `+pledgeVersionCols,
			tenantID, n+1, title, body, pledge.Hash(body), nullID(a.UserID), s.Now()))
		if err != nil {
			return err
		}
		return s.audit(ctx, tx, tenantID, a, "pledge.version", "pledge_version", strconv.FormatInt(v.ID, 10))
	})
	return v, apperr.Wrap(err, "add pledge version")
}

// PledgeVersions returns the tenant's versions, the newest first.
func (s *Store) PledgeVersions(ctx context.Context, tenantID int64) ([]PledgeVersion, error) {
	rows, err := s.db.R.QueryContext(ctx, `SELECT `+pledgeVersionCols+` FROM pledge_versions WHERE tenant_id = $1 ORDER BY number DESC`, tenantID)
	if err != nil {
		return nil, apperr.Wrap(err, "pledge versions")
	}
	defer rows.Close()
	var out []PledgeVersion
	for rows.Next() {
		v, err := scanPledgeVersion(rows)
		if err != nil {
			return nil, apperr.Wrap(err, "scan pledge version")
		}
		out = append(out, v)
	}
	return out, apperr.Wrap(rows.Err(), "pledge versions")
}

// PledgeVersion returns one version of the tenant; another tenant's is not
// found.
func (s *Store) PledgeVersion(ctx context.Context, tenantID, id int64) (PledgeVersion, error) {
	v, err := scanPledgeVersion(s.db.R.QueryRowContext(ctx, `SELECT `+pledgeVersionCols+` FROM pledge_versions WHERE tenant_id = $1 AND id = $2`, tenantID, id))
	return v, notFound(err, "pledges.version.not_found", "pledge version")
}

// PledgeSettings are a government's choices for its pledges.
type PledgeSettings struct {
	RenewMonths int // 0: signatures are renewed only with a new version
	RemindDays  int // days before a due date or a lapse that employees are reminded; 0: no reminders
}

// PledgeSettings returns the tenant's settings, the defaults (no renewal,
// pledge.DefaultRemindDays) when none are set.
func (s *Store) PledgeSettings(ctx context.Context, tenantID int64) (PledgeSettings, error) {
	st := PledgeSettings{RemindDays: pledge.DefaultRemindDays}
	err := s.db.R.QueryRowContext(ctx, `SELECT renew_months, remind_days FROM pledge_settings WHERE tenant_id = $1`, tenantID).Scan(&st.RenewMonths, &st.RemindDays)
	if errors.Is(err, sql.ErrNoRows) {
		return st, nil
	}
	return st, apperr.Wrap(err, "pledge settings")
}

// PledgeRenewMonths is the tenant's renewal period in months, 0 when
// signatures are renewed only with a new version.
func (s *Store) PledgeRenewMonths(ctx context.Context, tenantID int64) (int, error) {
	st, err := s.PledgeSettings(ctx, tenantID)
	return st.RenewMonths, err
}

// SetPledgeSettings records the tenant's settings, checked by the caller.
func (s *Store) SetPledgeSettings(ctx context.Context, a Actor, tenantID int64, st PledgeSettings) error {
	return apperr.Wrap(s.db.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO pledge_settings (tenant_id, renew_months, remind_days, updated_by, updated_at) VALUES ($1, $2, $3, $4, $5)
			ON CONFLICT (tenant_id) DO UPDATE SET renew_months = excluded.renew_months, remind_days = excluded.remind_days,
				updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
			tenantID, st.RenewMonths, st.RemindDays, nullID(a.UserID), s.Now()); err != nil {
			return err
		}
		return s.audit(ctx, tx, tenantID, a, "pledge.settings", "tenant", strconv.FormatInt(tenantID, 10))
	}), "set pledge settings")
}

const pledgeCampaignSelect = `SELECT c.id, c.version_id, v.number, c.name, c.scope, COALESCE(c.unit_id, 0), COALESCE(u.name, ''), c.position_kind, c.due_on, c.created_at
	FROM pledge_campaigns c JOIN pledge_versions v ON v.id = c.version_id LEFT JOIN units u ON u.id = c.unit_id`

func scanPledgeCampaign(row interface{ Scan(...any) error }) (PledgeCampaign, error) {
	var c PledgeCampaign
	var kind string
	err := row.Scan(&c.ID, &c.VersionID, &c.VersionNumber, &c.Name, &c.Scope, &c.UnitID, &c.UnitName, &kind, &c.Due, &c.CreatedAt)
	c.Kind = roster.PositionKind(kind)
	return c, err
}

// AddPledgeCampaign writes a campaign, checked by the caller; its version
// and office must be the tenant's.
func (s *Store) AddPledgeCampaign(ctx context.Context, a Actor, tenantID int64, c PledgeCampaign) (PledgeCampaign, error) {
	if _, err := s.PledgeVersion(ctx, tenantID, c.VersionID); err != nil {
		return c, err
	}
	if c.Scope == "unit" {
		if _, err := s.Unit(ctx, tenantID, c.UnitID); err != nil {
			return c, err
		}
	}
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, `INSERT INTO pledge_campaigns (tenant_id, version_id, name, scope, unit_id, position_kind, due_on, created_by, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
			tenantID, c.VersionID, c.Name, c.Scope, nullID(c.UnitID), string(c.Kind), c.Due, nullID(a.UserID), s.Now()).Scan(&c.ID); err != nil {
			return err
		}
		return s.audit(ctx, tx, tenantID, a, "pledge.campaign", "pledge_campaign", strconv.FormatInt(c.ID, 10))
	})
	if err != nil {
		return c, apperr.Wrap(err, "add pledge campaign")
	}
	return s.PledgeCampaign(ctx, tenantID, c.ID)
}

// PledgeCampaign returns one campaign of the tenant.
func (s *Store) PledgeCampaign(ctx context.Context, tenantID, id int64) (PledgeCampaign, error) {
	c, err := scanPledgeCampaign(s.db.R.QueryRowContext(ctx, pledgeCampaignSelect+` WHERE c.tenant_id = $1 AND c.id = $2`, tenantID, id))
	return c, notFound(err, "pledges.campaign.not_found", "pledge campaign")
}

// PledgeCampaigns returns the tenant's campaigns, the newest first.
func (s *Store) PledgeCampaigns(ctx context.Context, tenantID int64) ([]PledgeCampaign, error) {
	rows, err := s.db.R.QueryContext(ctx, pledgeCampaignSelect+` WHERE c.tenant_id = $1 ORDER BY c.id DESC`, tenantID)
	if err != nil {
		return nil, apperr.Wrap(err, "pledge campaigns")
	}
	defer rows.Close()
	var out []PledgeCampaign
	for rows.Next() {
		c, err := scanPledgeCampaign(rows)
		if err != nil {
			return nil, apperr.Wrap(err, "scan pledge campaign")
		}
		out = append(out, c)
	}
	return out, apperr.Wrap(rows.Err(), "pledge campaigns")
}

// campaignTarget is the query part that picks a campaign's employees as
// the roster stands: the common table expressions it needs (may be none,
// see withCTEs) and the conditions on e.
func campaignTarget(args *db.Args, tenantID int64, c PledgeCampaign) (ctes []string, where string) {
	t := args.Add(tenantID)
	where = ` e.tenant_id = ` + t + ` AND e.state = 'active'`
	switch c.Scope {
	case "unit":
		ctes = append(ctes, `sub (id, depth) AS (SELECT id, 0 FROM units WHERE tenant_id = `+t+` AND id = `+args.Add(c.UnitID)+`
			UNION ALL SELECT x.id, sub.depth + 1 FROM units x JOIN sub ON x.parent_id = sub.id WHERE sub.depth < 32)`)
		where += ` AND e.unit_id IN (SELECT id FROM sub)`
	case "kind":
		where += ` AND e.position_kind = ` + args.Add(string(c.Kind))
	}
	return ctes, where
}

// withCTEs writes the WITH clause of the common table expressions, empty
// when there are none.
func withCTEs(ctes ...string) string {
	if len(ctes) == 0 {
		return ""
	}
	return `WITH RECURSIVE ` + strings.Join(ctes, ", ") + ` `
}

// topUnitCTE maps every unit of the tenant to its top-level office (the
// OPD: the unit up the tree that has no parent), as top (id, root).
func topUnitCTE(args *db.Args, tenantID int64) string {
	return `top (id, root, depth) AS (SELECT id, id, 0 FROM units WHERE tenant_id = ` + args.Add(tenantID) + ` AND parent_id IS NULL
		UNION ALL SELECT x.id, top.root, top.depth + 1 FROM units x JOIN top ON x.parent_id = top.id WHERE top.depth < 32)`
}

// signedCurrent is the condition that e has signed version currently.
func signedCurrent(args *db.Args, tenantID, versionID int64, cutoff time.Time) string {
	return `EXISTS (SELECT 1 FROM pledge_signatures g WHERE g.tenant_id = ` + args.Add(tenantID) + ` AND g.employee_id = e.id
		AND g.version_id = ` + args.Add(versionID) + ` AND g.signed_at >= ` + args.Add(cutoff) + `)`
}

// InPledgeCampaign reports whether the employee is among those the
// campaign asks, as the roster stands now.
func (s *Store) InPledgeCampaign(ctx context.Context, tenantID int64, c PledgeCampaign, employeeID int64) (bool, error) {
	var args db.Args
	ctes, where := campaignTarget(&args, tenantID, c)
	var n int
	err := s.db.R.QueryRowContext(ctx, withCTEs(ctes...)+`SELECT COUNT(*) FROM employees e WHERE`+where+` AND e.id = `+args.Add(employeeID), args...).Scan(&n)
	return n > 0, apperr.Wrap(err, "in pledge campaign")
}

// The groupings of a campaign's coverage.
const (
	ByOffice  = "unit"    // the top-level office (OPD), its sub-units counted in it
	ByKind    = "kind"    // the position kind
	ByEchelon = "echelon" // the echelon of structural officials (JPT Pratama, administrator, pengawas)
	ByLevel   = "level"   // the level (jenjang) of functional officials
)

// PledgeCoverage counts the campaign's employees and those who have
// signed its version since cutoff, by one grouping (ByOffice, ByKind,
// ByEchelon or ByLevel). Offices come by name, kinds, echelons and
// levels by seniority, an unrecorded echelon or level (Key "") last.
// ByEchelon counts structural officials only, ByLevel functional ones
// only.
func (s *Store) PledgeCoverage(ctx context.Context, tenantID int64, c PledgeCampaign, cutoff time.Time, by string) ([]PledgeCoverage, error) {
	var args db.Args
	ctes, where := campaignTarget(&args, tenantID, c)
	signed := signedCurrent(&args, tenantID, c.VersionID, cutoff)
	from := `employees e`
	var key, name string
	switch by {
	case ByOffice:
		ctes = append(ctes, topUnitCTE(&args, tenantID))
		from = `employees e LEFT JOIN top ON top.id = e.unit_id JOIN units r ON r.id = COALESCE(top.root, e.unit_id)`
		key, name = `CAST(r.id AS TEXT)`, `r.name`
	case ByKind:
		key, name = `e.position_kind`, `e.position_kind`
	case ByEchelon:
		key, name = `e.echelon`, `e.echelon`
		where += ` AND e.position_kind IN (` + args.Add(string(roster.JPTPratama)) + `, ` + args.Add(string(roster.Administrator)) + `, ` + args.Add(string(roster.Pengawas)) + `)`
	case ByLevel:
		key, name = `e.functional_level`, `e.functional_level`
		where += ` AND e.position_kind = ` + args.Add(string(roster.Fungsional))
	default:
		return nil, apperr.New(apperr.Invalid, "pledges.coverage.by")
	}
	rows, err := s.db.R.QueryContext(ctx, withCTEs(ctes...)+`SELECT `+key+`, `+name+`, COUNT(*), SUM(CASE WHEN `+signed+` THEN 1 ELSE 0 END)
		FROM `+from+` WHERE`+where+` GROUP BY `+key+`, `+name+` ORDER BY `+name, args...)
	if err != nil {
		return nil, apperr.Wrap(err, "pledge coverage")
	}
	defer rows.Close()
	var out []PledgeCoverage
	for rows.Next() {
		var p PledgeCoverage
		if err := rows.Scan(&p.Key, &p.Name, &p.Total, &p.Signed); err != nil {
			return nil, apperr.Wrap(err, "scan pledge coverage")
		}
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, apperr.Wrap(err, "pledge coverage")
	}
	switch by {
	case ByKind:
		sortBy(out, kindNames())
	case ByEchelon:
		sortBy(out, roster.Echelons)
	case ByLevel:
		sortBy(out, roster.FunctionalLevels)
	}
	return out, nil
}

func kindNames() []string {
	out := make([]string, len(roster.PositionKinds))
	for i, k := range roster.PositionKinds {
		out[i] = string(k)
	}
	return out
}

// sortBy orders coverage rows by their key's place in order; keys not in
// it (an unrecorded or unknown value) come last, by key.
func sortBy(rows []PledgeCoverage, order []string) {
	rank := func(k string) int {
		if i := slices.Index(order, k); i >= 0 {
			return i
		}
		return len(order)
	}
	slices.SortStableFunc(rows, func(a, b PledgeCoverage) int {
		if d := rank(a.Key) - rank(b.Key); d != 0 {
			return d
		}
		return strings.Compare(a.Key, b.Key)
	})
}

// PledgeNotSigned returns a page of the campaign's employees without a
// current signature of its version, by name, and how many there are.
func (s *Store) PledgeNotSigned(ctx context.Context, tenantID int64, c PledgeCampaign, cutoff time.Time, offset, limit int) ([]roster.Employee, int, error) {
	var args db.Args
	ctes, where := campaignTarget(&args, tenantID, c)
	with := withCTEs(ctes...)
	where += ` AND NOT ` + signedCurrent(&args, tenantID, c.VersionID, cutoff)
	var total int
	if err := s.db.R.QueryRowContext(ctx, with+`SELECT COUNT(*) FROM employees e WHERE`+where, args...).Scan(&total); err != nil {
		return nil, 0, apperr.Wrap(err, "count not signed")
	}
	if limit <= 0 {
		limit = 50
	}
	q := with + employeeSelect + ` WHERE` + where + ` ORDER BY e.search_name, e.id LIMIT ` + args.Add(limit) + ` OFFSET ` + args.Add(max(offset, 0))
	out, err := s.queryEmployees(ctx, q, args...)
	return out, total, err
}

// AddPledgeSignature records a signature, checked by the caller: the
// employee, version and campaign are the tenant's.
func (s *Store) AddPledgeSignature(ctx context.Context, a Actor, tenantID int64, g PledgeSignature) (PledgeSignature, error) {
	g.SignedAt = s.Now()
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		// The employee's row is held while its pledge counts are taken
		// out and put back, so that two signatures at once count once.
		var locked int64
		if err := tx.QueryRowContext(ctx, `SELECT id FROM employees WHERE id = $1 AND tenant_id = $2`+s.db.ForUpdate(), g.EmployeeID, tenantID).Scan(&locked); err != nil {
			return notFound(err, "employee.not_found", "lock employee")
		}
		if err := s.movePledgeCounts(ctx, tx, tenantID, []int64{g.EmployeeID}, -1); err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, `INSERT INTO pledge_signatures (tenant_id, employee_id, version_id, campaign_id, method, statement, text_sha256,
				signed_at, recorded_by, file_id, content_type, file_size)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
			tenantID, g.EmployeeID, g.VersionID, nullID(g.CampaignID), g.Method, g.Statement, g.SHA256, g.SignedAt, nullID(a.UserID),
			g.FileID, g.ContentType, g.FileSize).Scan(&g.ID); err != nil {
			return err
		}
		if err := s.movePledgeCounts(ctx, tx, tenantID, []int64{g.EmployeeID}, 1); err != nil {
			return err
		}
		return s.audit(ctx, tx, tenantID, a, "pledge.sign."+g.Method, "pledge_signature", strconv.FormatInt(g.ID, 10))
	})
	return g, apperr.Wrap(err, "add pledge signature")
}

const pledgeSignatureSelect = `SELECT g.id, g.employee_id, e.name, e.nip, g.version_id, v.number, COALESCE(g.campaign_id, 0), g.method, g.statement,
	g.text_sha256, g.signed_at, g.file_id, g.content_type, g.file_size
	FROM pledge_signatures g JOIN employees e ON e.id = g.employee_id JOIN pledge_versions v ON v.id = g.version_id`

func (s *Store) queryPledgeSignatures(ctx context.Context, q string, args ...any) ([]PledgeSignature, error) {
	rows, err := s.db.R.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, apperr.Wrap(err, "pledge signatures")
	}
	defer rows.Close()
	var out []PledgeSignature
	for rows.Next() {
		var g PledgeSignature
		if err := rows.Scan(&g.ID, &g.EmployeeID, &g.EmployeeName, &g.EmployeeNIP, &g.VersionID, &g.VersionNumber, &g.CampaignID, &g.Method,
			&g.Statement, &g.SHA256, &g.SignedAt, &g.FileID, &g.ContentType, &g.FileSize); err != nil {
			return nil, apperr.Wrap(err, "scan pledge signature")
		}
		out = append(out, g)
	}
	return out, apperr.Wrap(rows.Err(), "pledge signatures")
}

// PledgeSignature returns one signature of the tenant.
func (s *Store) PledgeSignature(ctx context.Context, tenantID, id int64) (PledgeSignature, error) {
	out, err := s.queryPledgeSignatures(ctx, pledgeSignatureSelect+` WHERE g.tenant_id = $1 AND g.id = $2`, tenantID, id)
	if err != nil {
		return PledgeSignature{}, err
	}
	if len(out) == 0 {
		return PledgeSignature{}, apperr.New(apperr.NotFound, "pledges.signature.not_found")
	}
	return out[0], nil
}

// EmployeePledgeSignatures returns an employee's signatures, the newest first.
func (s *Store) EmployeePledgeSignatures(ctx context.Context, tenantID, employeeID int64) ([]PledgeSignature, error) {
	return s.queryPledgeSignatures(ctx, pledgeSignatureSelect+` WHERE g.tenant_id = $1 AND g.employee_id = $2 ORDER BY g.signed_at DESC, g.id DESC`, tenantID, employeeID)
}

// AuditPledgeExport records that a campaign's coverage was exported.
func (s *Store) AuditPledgeExport(ctx context.Context, a Actor, tenantID, campaignID int64) error {
	return apperr.Wrap(s.db.Tx(ctx, func(tx *sql.Tx) error {
		return s.audit(ctx, tx, tenantID, a, "pledge.export", "pledge_campaign", strconv.FormatInt(campaignID, 10))
	}), "audit pledge export")
}

// AuditPledgeScan records that a paper signature's scan was opened.
func (s *Store) AuditPledgeScan(ctx context.Context, a Actor, tenantID, signatureID int64) error {
	return apperr.Wrap(s.db.Tx(ctx, func(tx *sql.Tx) error {
		return s.audit(ctx, tx, tenantID, a, "pledge.scan", "pledge_signature", strconv.FormatInt(signatureID, 10))
	}), "audit pledge scan")
}

// Missing is how many have not signed currently.
func (c PledgeCoverage) Missing() int { return c.Total - c.Signed }

// Percent is the share who have signed, in whole percent rounded down
// (100 only when all have), 0 of none.
func (c PledgeCoverage) Percent() int {
	if c.Total == 0 {
		return 0
	}
	return c.Signed * 100 / c.Total
}

// Share is the share who have signed, in percent with one decimal rounded
// down, for a spreadsheet.
func (c PledgeCoverage) Share() float64 {
	if c.Total == 0 {
		return 0
	}
	return float64(c.Signed*1000/c.Total) / 10
}
