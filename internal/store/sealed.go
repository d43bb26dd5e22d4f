package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/base32"
	"strings"
	"time"

	"sigap/internal/apperr"
	"sigap/internal/vault"
)

// IdentityRole says whose identity is sealed.
type IdentityRole string

// The sealed identity roles.
const (
	Reporter IdentityRole = "reporter"
	Victim   IdentityRole = "victim"
)

// SealedIdentity is what anyone may know of a sealed identity: that it
// exists and what it belongs to. Its fields stay sealed.
type SealedIdentity struct {
	ID          int64
	PublicID    string
	TenantID    int64
	Role        IdentityRole
	SubjectType string // what the identity belongs to, e.g. "report"
	SubjectID   string
	CreatedAt   time.Time
}

// IdentityFields are the sealed contents of an identity.
type IdentityFields struct {
	Name    vault.Secret
	Contact vault.Secret
	NIK     vault.Secret // national identity number, 16 digits
}

// newPublicID returns a random identifier for a row, used in addresses and
// bound into its ciphertexts; unlike a sequence it reveals no count.
func newPublicID() string {
	b := make([]byte, 15)
	rand.Read(b)
	return strings.ToLower(base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b))
}

func (s *Store) place(tenantID int64, table, column, publicID string) vault.Place {
	return vault.Place{TenantID: tenantID, Table: table, Column: column, RowKey: publicID}
}

// sealOptional seals a value, leaving an empty one NULL.
func (s *Store) sealOptional(ctx context.Context, p vault.Place, v vault.Secret) (vault.Ciphertext, error) {
	if v.IsZero() {
		return nil, nil
	}
	return s.keys.Seal(ctx, p, v)
}

// openOptional opens a value sealed with sealOptional.
func (s *Store) openOptional(ctx context.Context, p vault.Place, c vault.Ciphertext) (vault.Secret, error) {
	if len(c) == 0 {
		return vault.Secret{}, nil
	}
	return s.keys.Open(ctx, p, c)
}

// nikLookupPurpose names the keyed hash of a NIK, for finding the same
// person again without storing the NIK in clear.
const nikLookupPurpose = "identity.nik"

// CreateSealedIdentity seals an identity belonging to a subject (a report,
// a protection case).
func (s *Store) CreateSealedIdentity(ctx context.Context, a Actor, tenantID int64, role IdentityRole, subjectType, subjectID string, f IdentityFields) (SealedIdentity, error) {
	r, err := s.sealIdentity(ctx, tenantID, 0, role, subjectType, subjectID, f)
	if err != nil {
		return r.SealedIdentity, err
	}
	err = s.db.Tx(ctx, func(tx *sql.Tx) error { return s.insertIdentity(ctx, tx, a, &r) })
	return r.SealedIdentity, apperr.Wrap(err, "create sealed identity")
}

// identityRow is a sealed identity ready to be written.
type identityRow struct {
	SealedIdentity
	name, contact, nik vault.Ciphertext
	lookup             []byte
}

// sealIdentity encrypts an identity's fields, outside any transaction,
// under record key rec (the report's or the protection case's; 0: none).
func (s *Store) sealIdentity(ctx context.Context, tenantID int64, rec uint64, role IdentityRole, subjectType, subjectID string, f IdentityFields) (identityRow, error) {
	r := identityRow{SealedIdentity: SealedIdentity{PublicID: newPublicID(), TenantID: tenantID, Role: role,
		SubjectType: subjectType, SubjectID: subjectID, CreatedAt: s.Now()}}
	if s.keys == nil {
		return r, apperr.Wrap(errNoVault, "seal identity")
	}
	var err error
	if r.name, err = s.sealOptional(ctx, s.recordPlace(tenantID, "sealed_identities", "name_enc", r.PublicID, rec), f.Name); err != nil {
		return r, apperr.Wrap(err, "seal name")
	}
	if r.contact, err = s.sealOptional(ctx, s.recordPlace(tenantID, "sealed_identities", "contact_enc", r.PublicID, rec), f.Contact); err != nil {
		return r, apperr.Wrap(err, "seal contact")
	}
	if r.nik, err = s.sealOptional(ctx, s.recordPlace(tenantID, "sealed_identities", "nik_enc", r.PublicID, rec), f.NIK); err != nil {
		return r, apperr.Wrap(err, "seal nik")
	}
	if !f.NIK.IsZero() {
		if r.lookup, err = s.keys.Lookup(ctx, tenantID, nikLookupPurpose, f.NIK.Reveal()); err != nil {
			return r, apperr.Wrap(err, "nik lookup")
		}
	}
	return r, nil
}

// insertIdentity writes a sealed identity and tells the audit trail.
func (s *Store) insertIdentity(ctx context.Context, tx *sql.Tx, a Actor, r *identityRow) error {
	if err := tx.QueryRowContext(ctx, `INSERT INTO sealed_identities (tenant_id, public_id, role, subject_type, subject_id, name_enc, contact_enc, nik_enc, nik_lookup, created_by, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
		r.TenantID, r.PublicID, string(r.Role), r.SubjectType, r.SubjectID, r.name, r.contact, r.nik, r.lookup, nullID(a.UserID), r.CreatedAt).Scan(&r.ID); err != nil {
		return err
	}
	return s.audit(ctx, tx, r.TenantID, a, "identity.seal", "sealed_identity", r.PublicID)
}

const identityCols = `id, public_id, tenant_id, role, subject_type, subject_id, created_at`

func scanIdentity(row interface{ Scan(...any) error }) (SealedIdentity, error) {
	var i SealedIdentity
	var role string
	err := row.Scan(&i.ID, &i.PublicID, &i.TenantID, &role, &i.SubjectType, &i.SubjectID, &i.CreatedAt)
	i.Role = IdentityRole(role)
	return i, err
}

// SealedIdentity returns what may be known of an identity of the tenant.
func (s *Store) SealedIdentity(ctx context.Context, tenantID int64, publicID string) (SealedIdentity, error) {
	i, err := scanIdentity(s.db.R.QueryRowContext(ctx, `SELECT `+identityCols+` FROM sealed_identities WHERE tenant_id = $1 AND public_id = $2`, tenantID, publicID))
	return i, notFound(err, "identity.not_found", "sealed identity")
}

// ProtectionVictimCase returns the public ID of the protection case whose
// victim (by the victim's public ID, a protection_victim identity's
// subject) this is.
func (s *Store) ProtectionVictimCase(ctx context.Context, tenantID int64, victimPublicID string) (string, error) {
	var pub string
	err := s.db.R.QueryRowContext(ctx, `SELECT c.public_id FROM protection_victims v JOIN protection_cases c ON c.id = v.case_id
		WHERE v.tenant_id = $1 AND v.public_id = $2`, tenantID, victimPublicID).Scan(&pub)
	return pub, notFound(err, "identity.not_found", "victim case")
}

// IdentitiesByNIK finds the tenant's identities with this NIK through its
// keyed hash.
func (s *Store) IdentitiesByNIK(ctx context.Context, tenantID int64, nik string) ([]SealedIdentity, error) {
	if s.keys == nil {
		return nil, apperr.Wrap(errNoVault, "nik lookup")
	}
	h, err := s.keys.Lookup(ctx, tenantID, nikLookupPurpose, nik)
	if err != nil {
		return nil, apperr.Wrap(err, "nik lookup")
	}
	rows, err := s.db.R.QueryContext(ctx, `SELECT `+identityCols+` FROM sealed_identities WHERE tenant_id = $1 AND nik_lookup = $2 ORDER BY id`, tenantID, h)
	if err != nil {
		return nil, apperr.Wrap(err, "identities by nik")
	}
	defer rows.Close()
	var out []SealedIdentity
	for rows.Next() {
		i, err := scanIdentity(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, i)
	}
	return out, rows.Err()
}

// OpenIdentity decrypts an identity and records the read in the audit
// trail in the same transaction: nobody reads a sealed identity without it
// being written down. Whether the actor may read it is the caller's
// (package app's) decision.
func (s *Store) OpenIdentity(ctx context.Context, a Actor, tenantID int64, publicID string) (IdentityFields, error) {
	if s.keys == nil {
		return IdentityFields{}, apperr.Wrap(errNoVault, "open identity")
	}
	var f IdentityFields
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		var name, contact, nik vault.Ciphertext
		err := tx.QueryRowContext(ctx, `SELECT name_enc, contact_enc, nik_enc FROM sealed_identities WHERE tenant_id = $1 AND public_id = $2`, tenantID, publicID).
			Scan(&name, &contact, &nik)
		if err != nil {
			return notFound(err, "identity.not_found", "open identity")
		}
		if f.Name, err = s.openOptional(ctx, s.place(tenantID, "sealed_identities", "name_enc", publicID), name); err != nil {
			return err
		}
		if f.Contact, err = s.openOptional(ctx, s.place(tenantID, "sealed_identities", "contact_enc", publicID), contact); err != nil {
			return err
		}
		if f.NIK, err = s.openOptional(ctx, s.place(tenantID, "sealed_identities", "nik_enc", publicID), nik); err != nil {
			return err
		}
		return s.audit(ctx, tx, tenantID, a, "identity.read", "sealed_identity", publicID)
	})
	if err != nil {
		return IdentityFields{}, apperr.Wrap(err, "open identity")
	}
	return f, nil
}
