package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"time"

	"sigap/internal/apperr"
	"sigap/internal/vault"
)

// UseVault gives the store the master key: new tenants get their keys, and
// sealed fields can be written and read. It returns the keyring.
func (s *Store) UseVault(m vault.MasterKey) *vault.Keyring {
	s.master = m
	s.keys = vault.NewKeyring(m, s)
	if s.records != nil {
		s.keys.UseRecordKeys(s.records)
	}
	return s.keys
}

// Keyring returns the keyring, nil when the store has no master key.
func (s *Store) Keyring() *vault.Keyring { return s.keys }

// errNoVault is returned when sealed data is touched without a master key.
var errNoVault = errors.New("no master key loaded: sealed fields cannot be written or read")

// TenantKeys returns the wrapped keys of a tenant; it makes the store a
// vault.KeyStore.
func (s *Store) TenantKeys(ctx context.Context, tenantID int64) ([]vault.WrappedKey, error) {
	return s.queryKeys(ctx, s.db.R, `WHERE tenant_id = $1`, tenantID)
}

func (s *Store) queryKeys(ctx context.Context, q querier, where string, args ...any) ([]vault.WrappedKey, error) {
	rows, err := q.QueryContext(ctx, `SELECT tenant_id, kind, version, master_id, blob FROM tenant_keys `+where+` ORDER BY tenant_id, kind, version`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []vault.WrappedKey
	for rows.Next() {
		var w vault.WrappedKey
		var kind string
		var version int64
		if err := rows.Scan(&w.TenantID, &kind, &version, &w.MasterID, &w.Blob); err != nil {
			return nil, err
		}
		w.Kind, w.Version = vault.KeyKind(kind), uint32(version)
		out = append(out, w)
	}
	return out, rows.Err()
}

func (s *Store) insertKey(ctx context.Context, tx *sql.Tx, w vault.WrappedKey) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO tenant_keys (tenant_id, kind, version, master_id, blob, created_at) VALUES ($1, $2, $3, $4, $5, $6)`,
		w.TenantID, string(w.Kind), int64(w.Version), w.MasterID, w.Blob, s.Now())
	return err
}

// createTenantKeys gives a new tenant its keys inside the transaction that
// creates it. Without a master key (tools and tests that never seal) the
// keys are made later by EnsureTenantKeys.
func (s *Store) createTenantKeys(ctx context.Context, tx *sql.Tx, tenantID int64) error {
	if s.master.IsZero() {
		return nil
	}
	data, lookup, err := vault.NewTenantKeys(s.master, tenantID)
	if err != nil {
		return err
	}
	if err := s.insertKey(ctx, tx, data); err != nil {
		return err
	}
	return s.insertKey(ctx, tx, lookup)
}

// EnsureTenantKeys creates the keys of every tenant that has none, and
// returns how many tenants it gave keys.
func (s *Store) EnsureTenantKeys(ctx context.Context) (int, error) {
	if s.master.IsZero() {
		return 0, errNoVault
	}
	// Tenant 0 is the installation: its keys seal the secrets of accounts
	// that belong to no tenant.
	rows, err := s.db.R.QueryContext(ctx, `SELECT id FROM (SELECT 0 AS id UNION ALL SELECT id FROM tenants) t
		WHERE id NOT IN (SELECT tenant_id FROM tenant_keys) ORDER BY id`)
	if err != nil {
		return 0, apperr.Wrap(err, "tenants without keys")
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return 0, err
		}
		ids = append(ids, id)
	}
	rows.Close()
	for _, id := range ids {
		err := s.db.Tx(ctx, func(tx *sql.Tx) error {
			if err := s.createTenantKeys(ctx, tx, id); err != nil {
				return err
			}
			return s.audit(ctx, tx, id, System, "key.create", "tenant", itoa(id))
		})
		if err != nil {
			return 0, apperr.Wrap(err, "create tenant keys")
		}
	}
	return len(ids), nil
}

// CheckMasterKey makes sure every stored key was wrapped by the loaded
// master key, so that a wrong or stale key file stops sigap at start rather
// than at the first sealed read.
func (s *Store) CheckMasterKey(ctx context.Context) error {
	var other string
	err := s.db.R.QueryRowContext(ctx, `SELECT master_id FROM tenant_keys WHERE master_id <> $1 LIMIT 1`, s.master.ID()).Scan(&other)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return apperr.Wrap(err, "check master key")
	}
	return fmt.Errorf("the master key file holds key %s but the database's keys are wrapped by key %s: restore the right master key file (see SIGAP_MASTER_KEY_FILE)", s.master.ID(), other)
}

// HasTenantKeys reports whether any key exists: a database with keys must
// never be served with a freshly generated master key.
func (s *Store) HasTenantKeys(ctx context.Context) (bool, error) {
	var n int
	err := s.db.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM tenant_keys`).Scan(&n)
	return n > 0, apperr.Wrap(err, "count keys")
}

// RotateMaster rewraps every tenant key from the current master key to
// next in one transaction: afterwards the old master key opens nothing.
func (s *Store) RotateMaster(ctx context.Context, next vault.MasterKey) (int, error) {
	if s.master.IsZero() {
		return 0, errNoVault
	}
	var n int
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		keys, err := s.queryKeys(ctx, tx, ``)
		if err != nil {
			return err
		}
		for _, w := range keys {
			nw, err := vault.Rewrap(s.master, next, w)
			if err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `UPDATE tenant_keys SET master_id = $4, blob = $5 WHERE tenant_id = $1 AND kind = $2 AND version = $3`,
				w.TenantID, string(w.Kind), int64(w.Version), nw.MasterID, nw.Blob); err != nil {
				return err
			}
		}
		n = len(keys)
		return s.audit(ctx, tx, 0, System, "key.rotate_master", "master_key", next.ID())
	})
	if err != nil {
		return 0, apperr.Wrap(err, "rotate master key")
	}
	s.UseVault(next)
	return n, nil
}

// AddDataKeyVersion gives a tenant a new data key; new seals use it at
// once (after other instances refresh), and ResealTenant moves old fields.
func (s *Store) AddDataKeyVersion(ctx context.Context, a Actor, tenantID int64) (uint32, error) {
	if s.master.IsZero() {
		return 0, errNoVault
	}
	var version uint32
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		var cur sql.NullInt64
		if err := tx.QueryRowContext(ctx, `SELECT MAX(version) FROM tenant_keys WHERE tenant_id = $1 AND kind = 'data'`, tenantID).Scan(&cur); err != nil {
			return err
		}
		if !cur.Valid {
			return apperr.New(apperr.NotFound, "tenant.not_found")
		}
		version = uint32(cur.Int64) + 1
		w, err := vault.NewDataKeyVersion(s.master, tenantID, version)
		if err != nil {
			return err
		}
		if err := s.insertKey(ctx, tx, w); err != nil {
			return err
		}
		return s.audit(ctx, tx, tenantID, a, "key.rotate_data", "tenant", itoa(tenantID))
	})
	if err != nil {
		return 0, apperr.Wrap(err, "add data key")
	}
	s.keys.Forget(tenantID)
	return version, nil
}

// sealedColumn is a column that holds vault ciphertexts. rowKey and tenant
// are SQL expressions giving the row key and tenant bound into each
// ciphertext. Every such column is listed here so that data-key rotation
// reaches all of them.
type sealedColumn struct{ table, column, rowKey, tenant string }

var sealedColumns = []sealedColumn{
	{"sealed_identities", "name_enc", "public_id", "tenant_id"},
	{"sealed_identities", "contact_enc", "public_id", "tenant_id"},
	{"sealed_identities", "nik_enc", "public_id", "tenant_id"},
	{"unseal_requests", "reason_enc", "public_id", "tenant_id"},
	{"unseal_requests", "note_enc", "public_id", "tenant_id"},
	{"reports", "content_enc", "public_id", "tenant_id"},
	{"report_messages", "body_enc", "public_id", "tenant_id"},
	{"report_outcomes", "note_enc", "public_id", "tenant_id"},
	{"report_files", "name_enc", "public_id", "tenant_id"},
	{"discipline_examinations", "content_enc", "public_id", "tenant_id"},
	{"discipline_statements", "content_enc", "public_id", "tenant_id"},
	{"discipline_releases", "acting_enc", "public_id", "tenant_id"},
	{"case_parties", "name_enc", "public_id", "tenant_id"},
	{"case_relations", "reason_enc", "public_id", "tenant_id"},
	{"protection_cases", "chronology_enc", "public_id", "tenant_id"},
	{"protection_cases", "summary_enc", "public_id", "tenant_id"},
	{"protection_victims", "details_enc", "public_id", "tenant_id"},
	{"protection_perpetrators", "name_enc", "public_id", "tenant_id"},
	{"protection_services", "notes_enc", "public_id", "tenant_id"},
	{"protection_referrals", "note_enc", "public_id", "tenant_id"},
	{"roster_jobs", "data_enc", "public_id", "tenant_id"},
	{"protection_referrals", "override_reason_enc", "public_id", "tenant_id"},
	{"legal_holds", "reason_enc", "public_id", "tenant_id"},
	{"legal_holds", "release_reason_enc", "public_id", "tenant_id"},
	{"report_redactions", "reason_enc", "public_id", "tenant_id"},
	{"users", "totp_secret_enc", "'user-' || id", "COALESCE(tenant_id, 0)"},
}

// ResealTenant moves every sealed field of a tenant to its newest data
// key, and every value of a report or case to its record key (giving
// records sealed before record keys one first), batch rows per
// transaction, so it can run while sigap serves. A row changed meanwhile
// is left for the next pass (compare-and-set). It returns the number of
// fields it resealed.
func (s *Store) ResealTenant(ctx context.Context, tenantID int64, batch int) (int, error) {
	if s.keys == nil {
		return 0, errNoVault
	}
	s.keys.Forget(tenantID)
	if err := s.giveRecordKeys(ctx, tenantID, batch); err != nil {
		return 0, err
	}
	total := 0
	for _, c := range sealedColumns {
		var after int64
		for {
			n, last, err := s.resealBatch(ctx, tenantID, c, after, batch)
			if err != nil {
				return total, err
			}
			total += n
			if last == 0 {
				break
			}
			after = last
		}
	}
	_, err := s.db.W.ExecContext(ctx, `UPDATE tenant_keys SET resealed_at = $2 WHERE tenant_id = $1 AND kind = 'data'
		AND version = (SELECT MAX(version) FROM tenant_keys WHERE tenant_id = $1 AND kind = 'data')`, tenantID, s.Now())
	if err == nil && s.keys.HasRecordKeys() {
		_, err = s.db.W.ExecContext(ctx, `UPDATE tenants SET record_keys_at = $2 WHERE id = $1 AND record_keys_at IS NULL`, tenantID, s.Now())
	}
	return total, apperr.Wrap(err, "mark resealed")
}

// resealBatch reseals one batch of a column and returns how many fields it
// changed and the last row ID it read (0 when there were no more rows).
func (s *Store) resealBatch(ctx context.Context, tenantID int64, c sealedColumn, after int64, batch int) (int, int64, error) {
	changed, last := 0, int64(0)
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT id, `+c.rowKey+`, `+c.column+`, `+s.recordExpr(c)+` FROM `+c.table+` WHERE `+c.tenant+` = $1 AND id > $2 AND `+c.column+` IS NOT NULL AND length(`+c.column+`) > 0 ORDER BY id LIMIT $3`,
			tenantID, after, batch)
		if err != nil {
			return err
		}
		type row struct {
			id     int64
			public string
			ct     vault.Ciphertext
			record int64 // the record key of the row's record, 0 for none
		}
		var list []row
		for rows.Next() {
			var r row
			if err := rows.Scan(&r.id, &r.public, &r.ct, &r.record); err != nil {
				rows.Close()
				return err
			}
			list = append(list, r)
		}
		rows.Close()
		for _, r := range list {
			last = r.id
			nc, ok, err := s.keys.Reseal(ctx, vault.Place{TenantID: tenantID, Table: c.table, Column: c.column, RowKey: r.public, Record: uint64(r.record)}, r.ct)
			if vault.IsShredded(err) {
				continue // a purged record's value, in a database restored from an older backup
			}
			if err != nil {
				return err
			}
			if !ok {
				continue
			}
			res, err := tx.ExecContext(ctx, `UPDATE `+c.table+` SET `+c.column+` = $1 WHERE id = $2 AND `+c.column+` = $3`, nc, r.id, r.ct)
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n == 1 {
				changed++
			}
		}
		return nil
	})
	return changed, last, apperr.Wrap(err, "reseal")
}

// RefreshKeys drops cached keys, so that keys added by another instance or
// the command line are used, and reseals the fields of tenants whose newest
// data key has not yet been applied to every row.
func (s *Store) RefreshKeys(ctx context.Context) error {
	if s.keys == nil {
		return nil
	}
	rows, err := s.db.R.QueryContext(ctx, `SELECT 0 UNION ALL SELECT id FROM tenants`)
	if err != nil {
		return err
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return err
		}
		ids = append(ids, id)
	}
	rows.Close()
	for _, id := range ids {
		s.keys.Forget(id)
	}
	// A rotation younger than ten minutes is resealed again on every
	// refresh: instances that had not yet seen the new key may have
	// sealed fields with the old one after the first pass.
	pending, err := s.db.R.QueryContext(ctx, `SELECT k.tenant_id FROM tenant_keys k WHERE k.kind = 'data' AND k.version > 1
		AND (k.resealed_at IS NULL OR k.created_at > $1)
		AND k.version = (SELECT MAX(version) FROM tenant_keys WHERE tenant_id = k.tenant_id AND kind = 'data')`, s.Now().Add(-10*time.Minute))
	if err != nil {
		return err
	}
	var todo []int64
	for pending.Next() {
		var id int64
		if err := pending.Scan(&id); err != nil {
			pending.Close()
			return err
		}
		todo = append(todo, id)
	}
	pending.Close()
	more, err := s.tenantsPendingRecordKeys(ctx)
	if err != nil {
		return err
	}
	for _, id := range more {
		if !slices.Contains(todo, id) {
			todo = append(todo, id)
		}
	}
	for _, id := range todo {
		if _, err := s.ResealTenant(ctx, id, 500); err != nil {
			return err
		}
	}
	return nil
}

// LookupKey derives a government's secret for a purpose (a signing key
// that every instance derives alike), from its lookup key.
func (s *Store) LookupKey(ctx context.Context, tenantID int64, purpose string) ([]byte, error) {
	if s.keys == nil {
		return nil, errNoVault
	}
	return s.keys.Lookup(ctx, tenantID, purpose, "key")
}
