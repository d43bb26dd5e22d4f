package store

import (
	"context"
	"database/sql"
	"slices"
	"time"
	"unicode/utf8"

	"sigap/internal/apperr"
	"sigap/internal/retention"
	"sigap/internal/vault"
)

// RetentionRules returns the tenant's retention periods: the defaults,
// overridden by what the government has set.
func (s *Store) RetentionRules(ctx context.Context, tenantID int64) (retention.Rules, error) {
	rows, err := s.db.R.QueryContext(ctx, `SELECT kind, months FROM retention_rules WHERE tenant_id = $1`, tenantID)
	if err != nil {
		return nil, apperr.Wrap(err, "retention rules")
	}
	defer rows.Close()
	own := retention.Rules{}
	for rows.Next() {
		var k string
		var m int
		if err := rows.Scan(&k, &m); err != nil {
			return nil, apperr.Wrap(err, "scan retention rule")
		}
		own[retention.Kind(k)] = m
	}
	if err := rows.Err(); err != nil {
		return nil, apperr.Wrap(err, "retention rules")
	}
	return retention.DefaultRules.With(own), nil
}

// SetRetentionRules records the tenant's periods for the kinds in r,
// after checking them together with the periods already in force (an
// attachment may not outlive its record).
func (s *Store) SetRetentionRules(ctx context.Context, a Actor, tenantID int64, r retention.Rules) error {
	current, err := s.RetentionRules(ctx, tenantID)
	if err != nil {
		return err
	}
	if err := current.With(r).Check(); err != nil {
		return err
	}
	if err := r.Check(); err != nil { // unknown kinds, which With drops
		return err
	}
	return apperr.Wrap(s.db.Tx(ctx, func(tx *sql.Tx) error {
		for _, k := range retention.Kinds {
			m, ok := r[k]
			if !ok {
				continue
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO retention_rules (tenant_id, kind, months, updated_by, updated_at) VALUES ($1, $2, $3, $4, $5)
				ON CONFLICT (tenant_id, kind) DO UPDATE SET months = excluded.months, updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
				tenantID, string(k), m, nullID(a.UserID), s.Now()); err != nil {
				return err
			}
		}
		return s.audit(ctx, tx, tenantID, a, "retention.rules", "tenant", itoa(tenantID))
	}), "set retention rules")
}

// maxReason bounds a hold's reason, in characters.
const maxReason = 2000

func tooLong(v vault.Secret) bool { return utf8.RuneCountInString(v.Reveal()) > maxReason }

// Hold objects and kinds.
var (
	holdObjects = []string{"report", "discipline_case", "protection_case"}
	holdKinds   = []string{"hold", "court"}
)

// holdTables maps a hold object type to its table; the type names are
// also the audit object types.
var holdTables = map[string]string{"report": "reports", "discipline_case": "discipline_cases", "protection_case": "protection_cases"}

// LegalHold is a hold on one record: while it is set, nothing of the
// record or of the records linked to it is purged.
type LegalHold struct {
	PublicID       string
	ObjectType     string // report, discipline_case, protection_case
	ObjectPublicID string
	ObjectNumber   string // the case number, for cases
	Kind           string // hold, or court for a court matter
	Reason         vault.Secret
	SetByName      string
	SetAt          time.Time
	Released       bool
	ReleasedByName string
	ReleasedAt     time.Time
	ReleaseReason  vault.Secret
}

// SetLegalHold puts a hold on a record of the tenant, with a reason; a
// record may carry several (a court matter and an auditor's hold).
func (s *Store) SetLegalHold(ctx context.Context, a Actor, tenantID int64, objectType, objectPublicID, kind string, reason vault.Secret) (string, error) {
	var errs apperr.Fields
	if !slices.Contains(holdObjects, objectType) {
		errs.Add("object", "retention.hold.object.invalid", nil)
	}
	if !slices.Contains(holdKinds, kind) {
		errs.Add("kind", "retention.hold.kind.invalid", nil)
	}
	if reason.IsZero() {
		errs.Add("reason", "retention.hold.reason", nil)
	} else if tooLong(reason) {
		errs.Add("reason", "retention.hold.reason_long", map[string]any{"Max": maxReason})
	}
	if err := errs.Err(); err != nil {
		return "", err
	}
	publicID := newPublicID()
	sealed, err := s.keys.Seal(ctx, s.place(tenantID, "legal_holds", "reason_enc", publicID), reason)
	if err != nil {
		return "", apperr.Wrap(err, "seal hold reason")
	}
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		var id int64
		// Cases are found by their number too, which is what people know.
		q := `SELECT id, public_id FROM ` + holdTables[objectType] + ` WHERE tenant_id = $1 AND public_id = $2`
		if objectType != "report" {
			q += ` UNION SELECT id, public_id FROM ` + holdTables[objectType] + ` WHERE tenant_id = $1 AND number = $2`
		}
		if err := tx.QueryRowContext(ctx, q, tenantID, objectPublicID).Scan(&id, &objectPublicID); err != nil {
			return notFound(err, "retention.hold.no_record", "hold object")
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO legal_holds (tenant_id, public_id, object_type, object_id, kind, reason_enc, set_by, set_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, tenantID, publicID, objectType, id, kind, sealed, nullID(a.UserID), s.Now()); err != nil {
			return apperr.Wrap(err, "set hold")
		}
		return s.audit(ctx, tx, tenantID, a, "retention.hold."+kind, objectType, objectPublicID)
	})
	return publicID, err
}

// ReleaseLegalHold lifts a hold, with the reason it is no longer needed.
// A released hold stays on record.
func (s *Store) ReleaseLegalHold(ctx context.Context, a Actor, tenantID int64, holdPublicID string, reason vault.Secret) error {
	if reason.IsZero() {
		return apperr.InvalidField("reason", "retention.hold.reason", nil)
	}
	if tooLong(reason) {
		return apperr.InvalidField("reason", "retention.hold.reason_long", map[string]any{"Max": maxReason})
	}
	sealed, err := s.keys.Seal(ctx, s.place(tenantID, "legal_holds", "release_reason_enc", holdPublicID), reason)
	if err != nil {
		return apperr.Wrap(err, "seal release reason")
	}
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		var objectType string
		var objectID int64
		var released sql.NullTime
		if err := tx.QueryRowContext(ctx, `SELECT object_type, object_id, released_at FROM legal_holds WHERE tenant_id = $1 AND public_id = $2`+s.db.ForUpdate(),
			tenantID, holdPublicID).Scan(&objectType, &objectID, &released); err != nil {
			return notFound(err, "retention.hold.not_found", "hold")
		}
		if released.Valid {
			return apperr.New(apperr.Conflict, "retention.hold.released")
		}
		if _, err := tx.ExecContext(ctx, `UPDATE legal_holds SET released_by = $2, released_at = $3, release_reason_enc = $4 WHERE tenant_id = $1 AND public_id = $5`,
			tenantID, nullID(a.UserID), s.Now(), sealed, holdPublicID); err != nil {
			return apperr.Wrap(err, "release hold")
		}
		var objectPublicID string
		if err := tx.QueryRowContext(ctx, `SELECT public_id FROM `+holdTables[objectType]+` WHERE id = $1`, objectID).Scan(&objectPublicID); err != nil {
			return apperr.Wrap(err, "hold object")
		}
		return s.audit(ctx, tx, tenantID, a, "retention.hold.release", objectType, objectPublicID)
	})
}

// LegalHolds lists the tenant's holds, newest first: the ones in force, or
// with all true also the released ones.
func (s *Store) LegalHolds(ctx context.Context, tenantID int64, all bool) ([]LegalHold, error) {
	q := `SELECT h.public_id, h.object_type, COALESCE(r.public_id, dc.public_id, pc.public_id, ''), COALESCE(dc.number, pc.number, ''),
			h.kind, h.reason_enc, COALESCE(su.display_name, ''), h.set_at, h.released_at, COALESCE(ru.display_name, ''), h.release_reason_enc
		FROM legal_holds h
		LEFT JOIN reports r ON h.object_type = 'report' AND r.id = h.object_id
		LEFT JOIN discipline_cases dc ON h.object_type = 'discipline_case' AND dc.id = h.object_id
		LEFT JOIN protection_cases pc ON h.object_type = 'protection_case' AND pc.id = h.object_id
		LEFT JOIN users su ON su.id = h.set_by
		LEFT JOIN users ru ON ru.id = h.released_by
		WHERE h.tenant_id = $1`
	if !all {
		q += ` AND h.released_at IS NULL`
	}
	rows, err := s.db.R.QueryContext(ctx, q+` ORDER BY h.id DESC`, tenantID)
	if err != nil {
		return nil, apperr.Wrap(err, "legal holds")
	}
	defer rows.Close()
	var out []LegalHold
	for rows.Next() {
		var h LegalHold
		var reason, release vault.Ciphertext
		var released sql.NullTime
		if err := rows.Scan(&h.PublicID, &h.ObjectType, &h.ObjectPublicID, &h.ObjectNumber, &h.Kind, &reason, &h.SetByName,
			&h.SetAt, &released, &h.ReleasedByName, &release); err != nil {
			return nil, apperr.Wrap(err, "scan legal hold")
		}
		if h.Reason, err = s.keys.Open(ctx, s.place(tenantID, "legal_holds", "reason_enc", h.PublicID), reason); err != nil {
			return nil, apperr.Wrap(err, "open hold reason")
		}
		if released.Valid {
			h.Released, h.ReleasedAt = true, released.Time
			if h.ReleaseReason, err = s.openOptional(ctx, s.place(tenantID, "legal_holds", "release_reason_enc", h.PublicID), release); err != nil {
				return nil, apperr.Wrap(err, "open release reason")
			}
		}
		out = append(out, h)
	}
	return out, apperr.Wrap(rows.Err(), "legal holds")
}
