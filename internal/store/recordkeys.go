package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"sigap/internal/apperr"
	"sigap/internal/db"
	"sigap/internal/vault"
)

// RecordKeys is the record key store (vault.RecordKeyStore): one random
// secret per report, discipline case and protection case, kept apart from
// the database and its backups so that destroying a purged record's secret
// leaves its copies in old backups unreadable. On SQLite it is its own file
// next to the master key (RecordKeyFile); on PostgreSQL a separate database
// (SIGAP_RECORD_KEYS_URL) or, without one, the schema sigap_record_keys of
// the main database, which pg_dump must then leave out.
type RecordKeys struct {
	db     *sql.DB
	engine db.Engine
	table  string
	own    bool // close db with the store
}

// RecordKeyFile is the SQLite record key store beside the master key file.
func RecordKeyFile(masterKeyPath string) string {
	return filepath.Join(filepath.Dir(masterKeyPath), "record-keys.db")
}

// OpenRecordKeyFile opens, creating it if needed, the SQLite record key
// store at path. Deleted secrets are overwritten in the file
// (secure_delete) and the write-ahead log is emptied after each
// destruction, so a destroyed secret does not linger in the file.
func OpenRecordKeyFile(ctx context.Context, path string) (*RecordKeys, error) {
	// Made private before SQLite opens it; its journal files take the
	// same permissions.
	if f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600); err == nil {
		f.Close()
	}
	h, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)"+
		"&_pragma=synchronous(FULL)&_pragma=secure_delete(ON)&_txlock=immediate")
	if err != nil {
		return nil, fmt.Errorf("open the record key store %s: %v", path, err)
	}
	h.SetMaxOpenConns(1)
	if _, err := h.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS record_keys (
		id INTEGER PRIMARY KEY AUTOINCREMENT, secret BLOB NOT NULL, created_at TEXT NOT NULL)`); err != nil {
		h.Close()
		return nil, fmt.Errorf("cannot open the record key store %s: %v; check that the directory of the master key file is writable", path, err)
	}
	return &RecordKeys{db: h, engine: db.SQLite, table: "record_keys", own: true}, nil
}

// PostgresRecordKeySchema is the schema of the record key store inside the
// main PostgreSQL database when SIGAP_RECORD_KEYS_URL is not set.
const PostgresRecordKeySchema = "sigap_record_keys"

// OpenRecordKeysPostgres opens the record key store on PostgreSQL: in the
// database at url (its own; the table lands in that connection's search
// path), or, when url is empty, in the schema sigap_record_keys of main.
func OpenRecordKeysPostgres(ctx context.Context, url string, main *db.DB) (*RecordKeys, error) {
	rk := &RecordKeys{engine: db.Postgres, table: "record_keys"}
	if url == "" {
		rk.db, rk.table = main.W, PostgresRecordKeySchema+".record_keys"
	} else {
		d, err := db.Open(ctx, db.Options{URL: url})
		if err != nil {
			return nil, fmt.Errorf("record key store (SIGAP_RECORD_KEYS_URL): %v", err)
		}
		rk.db, rk.own = d.W, true
	}
	// Instances starting together would race to create the table; a lock
	// held for the transaction makes them take turns.
	tx, err := rk.db.BeginTx(ctx, nil)
	if err == nil {
		defer tx.Rollback()
		_, err = tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(7215380411)`)
	}
	if err == nil && url == "" {
		_, err = tx.ExecContext(ctx, `CREATE SCHEMA IF NOT EXISTS `+PostgresRecordKeySchema)
	}
	if err == nil {
		_, err = tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS `+rk.table+` (
			id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, secret BYTEA NOT NULL, created_at TIMESTAMPTZ NOT NULL)`)
	}
	if err == nil {
		err = tx.Commit()
	}
	if err != nil {
		rk.Close()
		return nil, fmt.Errorf("create the record key store: %v", err)
	}
	return rk, nil
}

// Close closes the store's own connection.
func (rk *RecordKeys) Close() error {
	if rk.own {
		return rk.db.Close()
	}
	return nil
}

// AddRecordKeys implements vault.RecordKeyStore: one statement, so one
// durable write, for the whole block. The rows come back in no promised
// order, so each ID is matched to its secret by the secret itself.
func (rk *RecordKeys) AddRecordKeys(ctx context.Context, secrets [][]byte) ([]uint64, error) {
	now := time.Now().UTC()
	values := db.Rows(len(secrets), 2)
	if rk.engine == db.SQLite {
		values = strings.TrimSuffix(strings.Repeat("(?, ?), ", len(secrets)), ", ")
	}
	args := make([]any, 0, 2*len(secrets))
	at := make(map[string]int, len(secrets))
	for i, s := range secrets {
		args = append(args, s, now)
		at[string(s)] = i
	}
	rows, err := rk.db.QueryContext(ctx, `INSERT INTO `+rk.table+` (secret, created_at) VALUES `+values+` RETURNING id, secret`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	ids := make([]uint64, len(secrets))
	n := 0
	for rows.Next() {
		var id int64
		var s []byte
		if err := rows.Scan(&id, &s); err != nil {
			return nil, err
		}
		i, ok := at[string(s)]
		if !ok || ids[i] != 0 {
			return nil, errors.New("record key store: an inserted key came back changed")
		}
		ids[i] = uint64(id)
		n++
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if n != len(secrets) {
		return nil, fmt.Errorf("record key store: %d of %d keys stored", n, len(secrets))
	}
	return ids, nil
}

// RecordKeys implements vault.RecordKeyStore.
func (rk *RecordKeys) RecordKeys(ctx context.Context, ids []uint64) (map[uint64][]byte, error) {
	out := make(map[uint64][]byte, len(ids))
	for len(ids) > 0 {
		n := min(len(ids), 500)
		args := make([]any, n)
		for i, id := range ids[:n] {
			args[i] = int64(id)
		}
		rows, err := rk.db.QueryContext(ctx, `SELECT id, secret FROM `+rk.table+` WHERE id IN (`+db.Params(1, n)+`)`, args...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var id int64
			var b []byte
			if err := rows.Scan(&id, &b); err != nil {
				rows.Close()
				return nil, err
			}
			out[uint64(id)] = b
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
		ids = ids[n:]
	}
	return out, nil
}

// DestroyRecordKeys implements vault.RecordKeyStore. On SQLite the deleted
// pages are overwritten and the write-ahead log truncated; on PostgreSQL
// the table is vacuumed so the dead rows' space is reclaimed (the
// server's own WAL archive must follow the key store's short retention).
func (rk *RecordKeys) DestroyRecordKeys(ctx context.Context, ids []uint64) error {
	for rest := ids; len(rest) > 0; {
		n := min(len(rest), 500)
		args := make([]any, n)
		for i, id := range rest[:n] {
			args[i] = int64(id)
		}
		if _, err := rk.db.ExecContext(ctx, `DELETE FROM `+rk.table+` WHERE id IN (`+db.Params(1, n)+`)`, args...); err != nil {
			return err
		}
		rest = rest[n:]
	}
	var err error
	if rk.engine == db.SQLite {
		_, err = rk.db.ExecContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`)
	} else {
		_, err = rk.db.ExecContext(ctx, `VACUUM `+rk.table)
	}
	return err
}

// Count returns how many secrets the store holds, for start-up checks.
func (rk *RecordKeys) Count(ctx context.Context) (int64, error) {
	var n int64
	err := rk.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM `+rk.table).Scan(&n)
	return n, err
}

// CheckRecordKeys refuses a record key store that is empty while records
// use record keys: a lost or wrong key store file would otherwise make
// every such record look purged.
func (s *Store) CheckRecordKeys(ctx context.Context, rk *RecordKeys) error {
	n, err := rk.Count(ctx)
	if err != nil || n > 0 {
		return apperr.Wrap(err, "record key store")
	}
	var used int
	err = s.db.R.QueryRowContext(ctx, `SELECT (SELECT COUNT(*) FROM reports WHERE record_key IS NOT NULL)
		+ (SELECT COUNT(*) FROM discipline_cases WHERE record_key IS NOT NULL)
		+ (SELECT COUNT(*) FROM protection_cases WHERE record_key IS NOT NULL)`).Scan(&used)
	if err != nil {
		return apperr.Wrap(err, "record keys in use")
	}
	if used > 0 {
		return fmt.Errorf("the record key store is empty but %d records use record keys: restore the record key store from its backup (see docs/deploy.md); sigap will not start without it", used)
	}
	return nil
}

// UseRecordKeys gives the store its record key store: from then on each new
// report, discipline case and protection case gets a record key, and its
// fields and files are sealed under it. Call it after UseVault.
func (s *Store) UseRecordKeys(rk *RecordKeys) {
	s.records = rk
	if s.keys != nil {
		s.keys.UseRecordKeys(rk)
	}
}

// newRecordKey returns a fresh record key ID for a new record, or 0 when
// the store has no record key store (tools and tests that do without).
func (s *Store) newRecordKey(ctx context.Context) (uint64, error) {
	if s.keys == nil || !s.keys.HasRecordKeys() {
		return 0, nil
	}
	id, err := s.keys.NewRecordKey(ctx)
	return id, apperr.Wrap(err, "record key")
}

// NewRecordKey returns a fresh record key ID, for a record whose files are
// stored before the record itself (report.Checked.RecordKey); 0 without a
// record key store.
func (s *Store) NewRecordKey(ctx context.Context) (uint64, error) { return s.newRecordKey(ctx) }

// recordTables are the tables of records with their own record key.
var recordTables = map[string]bool{"reports": true, "discipline_cases": true, "protection_cases": true}

// recordKeyOf returns the record key of a record by its row ID, 0 if it has
// none yet (sealed before record keys; the reseal pass moves it).
func (s *Store) recordKeyOf(ctx context.Context, q querier, table string, id int64) (uint64, error) {
	if !recordTables[table] {
		return 0, fmt.Errorf("no record table %q", table)
	}
	var rk sql.NullInt64
	err := q.QueryRowContext(ctx, `SELECT record_key FROM `+table+` WHERE id = $1`, id).Scan(&rk)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	if err == nil && !rk.Valid && s.keys != nil && s.keys.HasRecordKeys() {
		return s.ensureRecordKey(ctx, table, id)
	}
	return uint64(rk.Int64), err
}

// ShredRecordKey destroys the record key of one of the tenant's records:
// table is "reports", "discipline_cases" or "protection_cases" and id the
// row's id. A record without a key (sealed before record keys and not yet
// moved) has nothing to destroy: nil. Same rules as ShredRecordKeys: after
// the purge's commit, harmless to repeat.
func (s *Store) ShredRecordKey(ctx context.Context, tenantID int64, table string, id int64) error {
	if !recordTables[table] {
		return apperr.Wrap(fmt.Errorf("no record table %q", table), "shred record key")
	}
	var rk sql.NullInt64
	err := s.db.W.QueryRowContext(ctx, `SELECT record_key FROM `+table+` WHERE tenant_id = $1 AND id = $2 AND purged_at IS NOT NULL`, tenantID, id).Scan(&rk)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && !rk.Valid) {
		return nil
	}
	if err != nil {
		return apperr.Wrap(err, "shred record key")
	}
	return s.ShredRecordKeys(ctx, tenantID, []int64{rk.Int64})
}

// recordKeyByPublicID returns the record key of the tenant's record by its
// public ID, 0 if it has none yet or does not exist (the caller's own query
// says which).
func (s *Store) recordKeyByPublicID(ctx context.Context, table string, tenantID int64, publicID string) (uint64, error) {
	if !recordTables[table] {
		return 0, fmt.Errorf("no record table %q", table)
	}
	var id int64
	var rk sql.NullInt64
	err := s.db.R.QueryRowContext(ctx, `SELECT id, record_key FROM `+table+` WHERE tenant_id = $1 AND public_id = $2`, tenantID, publicID).Scan(&id, &rk)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	if err == nil && !rk.Valid && s.keys != nil && s.keys.HasRecordKeys() {
		return s.ensureRecordKey(ctx, table, id)
	}
	return uint64(rk.Int64), apperr.Wrap(err, "record key")
}

// ReportRecordKey returns the record key of the tenant's report, for
// files stored before a message of the report is written; 0 when it has
// none.
func (s *Store) ReportRecordKey(ctx context.Context, tenantID int64, publicID string) (uint64, error) {
	return s.recordKeyByPublicID(ctx, "reports", tenantID, publicID)
}

// recordPlace is a place of a value of the record with record key rec.
func (s *Store) recordPlace(tenantID int64, table, column, publicID string, rec uint64) vault.Place {
	p := s.place(tenantID, table, column, publicID)
	p.Record = rec
	return p
}

// ShredRecordKeys destroys the record keys keyIDs of the tenant's purged
// records (the record_key of their reports, discipline_cases and
// protection_cases rows): every field and file sealed under them, in the
// database, on disk and in every backup, can no longer be decrypted
// (vault.ErrShredded). Call it after the purge's transaction has
// committed: destroyed first, a key would leave a record whose purge then
// failed unreadable. It refuses a key that a record of another tenant
// holds. Repeating it is harmless, which is how a purge interrupted
// between its commit and this call finishes the job. Other instances stop
// opening the records within a minute (their cache lifetime). It cannot
// be undone.
func (s *Store) ShredRecordKeys(ctx context.Context, tenantID int64, keyIDs []int64) error {
	if s.keys == nil || !s.keys.HasRecordKeys() {
		return apperr.Wrap(errors.New("no record key store"), "shred record keys")
	}
	ids := make([]uint64, 0, len(keyIDs))
	for _, id := range keyIDs {
		if id <= 0 {
			return apperr.Wrap(fmt.Errorf("record key %d", id), "shred record keys")
		}
		ids = append(ids, uint64(id))
	}
	if len(ids) == 0 {
		return nil
	}
	for rest := keyIDs; len(rest) > 0; {
		n := min(len(rest), 500)
		args := make([]any, n)
		for i, id := range rest[:n] {
			args[i] = id
		}
		in := db.Params(1, n)
		args = append(args, tenantID)
		other := "$" + itoa(int64(n+1))
		var foreign int
		if err := s.db.W.QueryRowContext(ctx, `SELECT (SELECT COUNT(*) FROM reports WHERE record_key IN (`+in+`) AND tenant_id <> `+other+`)
			+ (SELECT COUNT(*) FROM discipline_cases WHERE record_key IN (`+in+`) AND tenant_id <> `+other+`)
			+ (SELECT COUNT(*) FROM protection_cases WHERE record_key IN (`+in+`) AND tenant_id <> `+other+`)`, args...).Scan(&foreign); err != nil {
			return apperr.Wrap(err, "shred record keys")
		}
		if foreign > 0 {
			return apperr.Wrap(fmt.Errorf("%d of the record keys belong to another government's records", foreign), "shred record keys")
		}
		rest = rest[n:]
	}
	if err := s.keys.ShredRecordKeys(ctx, ids); err != nil {
		return apperr.Wrap(err, "shred record keys")
	}
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		return s.audit(ctx, tx, tenantID, System, "key.shred", "tenant", itoa(tenantID))
	})
	return apperr.Wrap(err, "shred record keys")
}

// recordOfColumn gives, for each sealed column of a record's values, the
// SQL expression of the row's record key (the table is not aliased). A
// discipline or protection case opened from a report is its own record:
// its values follow the case's key, not the report's. Columns not listed
// (users' second factors, unseal requests, legal holds, roster imports)
// stay under the tenant's data key alone: they belong to no one record.
var recordOfColumn = map[string]string{
	"reports.content_enc":                      `reports.record_key`,
	"report_messages.body_enc":                 `(SELECT p.record_key FROM reports p WHERE p.id = report_messages.report_id)`,
	"report_outcomes.note_enc":                 `(SELECT p.record_key FROM reports p WHERE p.id = report_outcomes.report_id)`,
	"report_files.name_enc":                    `(SELECT p.record_key FROM reports p WHERE p.id = report_files.report_id)`,
	"sealed_identities.name_enc":               identityRecord,
	"sealed_identities.contact_enc":            identityRecord,
	"sealed_identities.nik_enc":                identityRecord,
	"discipline_examinations.content_enc":      `(SELECT p.record_key FROM discipline_cases p WHERE p.id = discipline_examinations.case_id)`,
	"discipline_statements.content_enc":        `(SELECT p.record_key FROM discipline_cases p WHERE p.id = discipline_statements.case_id)`,
	"discipline_releases.acting_enc":           `(SELECT p.record_key FROM discipline_cases p WHERE p.id = discipline_releases.case_id)`,
	"case_parties.name_enc":                    `(SELECT p.record_key FROM discipline_cases p WHERE p.id = case_parties.case_id)`,
	"case_relations.reason_enc":                `(SELECT p.record_key FROM discipline_cases p WHERE p.id = case_relations.case_id)`,
	"protection_cases.chronology_enc":          `protection_cases.record_key`,
	"protection_cases.summary_enc":             `protection_cases.record_key`,
	"protection_victims.details_enc":           `(SELECT p.record_key FROM protection_cases p WHERE p.id = protection_victims.case_id)`,
	"protection_perpetrators.name_enc":         `(SELECT p.record_key FROM protection_cases p WHERE p.id = protection_perpetrators.case_id)`,
	"protection_services.notes_enc":            `(SELECT p.record_key FROM protection_cases p WHERE p.id = protection_services.case_id)`,
	"protection_referrals.note_enc":            `(SELECT p.record_key FROM protection_cases p WHERE p.id = protection_referrals.case_id)`,
	"protection_referrals.override_reason_enc": `(SELECT p.record_key FROM protection_cases p WHERE p.id = protection_referrals.case_id)`,
	"report_redactions.reason_enc":             `(SELECT p.record_key FROM reports p WHERE p.id = report_redactions.report_id)`,
}

// identityRecord is the record of a sealed identity: the report of a
// reporter, the protection case of a victim.
const identityRecord = `CASE sealed_identities.subject_type
	WHEN 'report' THEN (SELECT p.record_key FROM reports p WHERE p.tenant_id = sealed_identities.tenant_id AND p.public_id = sealed_identities.subject_id)
	WHEN 'protection_victim' THEN (SELECT p.record_key FROM protection_victims v JOIN protection_cases p ON p.id = v.case_id
		WHERE v.tenant_id = sealed_identities.tenant_id AND v.public_id = sealed_identities.subject_id) END`

// recordExpr is the SQL of the record key of c's rows for the reseal pass:
// 0 for a column of no record, or when there is no record key store.
func (s *Store) recordExpr(c sealedColumn) string {
	e, ok := recordOfColumn[c.table+"."+c.column]
	if !ok || s.keys == nil || !s.keys.HasRecordKeys() {
		return "0"
	}
	return "COALESCE(" + e + ", 0)"
}

// giveRecordKeys gives every record of the tenant that has none (sealed
// before record keys) a fresh record key, batch rows per transaction, each
// guarded (record_key IS NULL) so that a key given meanwhile wins; a key
// that loses is left unused, harmlessly. The reseal pass then moves the
// record's values under it.
func (s *Store) giveRecordKeys(ctx context.Context, tenantID int64, batch int) error {
	if s.keys == nil || !s.keys.HasRecordKeys() {
		return nil
	}
	for _, table := range []string{"reports", "discipline_cases", "protection_cases"} {
		for {
			var ids []int64
			rows, err := s.db.R.QueryContext(ctx, `SELECT id FROM `+table+` WHERE tenant_id = $1 AND record_key IS NULL ORDER BY id LIMIT $2`, tenantID, batch)
			if err != nil {
				return apperr.Wrap(err, "records without keys")
			}
			for rows.Next() {
				var id int64
				if err := rows.Scan(&id); err != nil {
					rows.Close()
					return err
				}
				ids = append(ids, id)
			}
			rows.Close()
			if len(ids) == 0 {
				break
			}
			keys := make([]uint64, len(ids))
			for i := range ids {
				if keys[i], err = s.keys.NewRecordKey(ctx); err != nil {
					return apperr.Wrap(err, "record key")
				}
			}
			err = s.db.Tx(ctx, func(tx *sql.Tx) error {
				for i, id := range ids {
					if _, err := tx.ExecContext(ctx, `UPDATE `+table+` SET record_key = $1 WHERE id = $2 AND record_key IS NULL`, int64(keys[i]), id); err != nil {
						return err
					}
				}
				return nil
			})
			if err != nil {
				return apperr.Wrap(err, "give record keys")
			}
		}
	}
	return nil
}

// ensureRecordKey gives a record sealed before record keys its key when a
// value is added to it, so that no new value of a record is ever sealed
// without one; the guarded update lets a key given meanwhile win.
func (s *Store) ensureRecordKey(ctx context.Context, table string, id int64) (uint64, error) {
	k, err := s.keys.NewRecordKey(ctx)
	if err != nil {
		return 0, apperr.Wrap(err, "record key")
	}
	if _, err := s.db.W.ExecContext(ctx, `UPDATE `+table+` SET record_key = $1 WHERE id = $2 AND record_key IS NULL`, int64(k), id); err != nil {
		return 0, apperr.Wrap(err, "give record key")
	}
	var rk sql.NullInt64
	err = s.db.W.QueryRowContext(ctx, `SELECT record_key FROM `+table+` WHERE id = $1`, id).Scan(&rk)
	return uint64(rk.Int64), apperr.Wrap(err, "record key")
}

// tenantsPendingRecordKeys returns the tenants whose records have not all
// moved to record keys yet.
func (s *Store) tenantsPendingRecordKeys(ctx context.Context) ([]int64, error) {
	if s.keys == nil || !s.keys.HasRecordKeys() {
		return nil, nil
	}
	rows, err := s.db.R.QueryContext(ctx, `SELECT id FROM tenants WHERE record_keys_at IS NULL ORDER BY id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// RecordFile is a stored file of a report with the report's record key,
// for moving files stored before record keys under them.
type RecordFile struct {
	ID        int64 // the report_files row
	TenantID  int64
	FileID    string
	RecordKey uint64
}

// RecordFiles returns up to limit files of reports that have a record key,
// after the report_files row afterID, in row order.
func (s *Store) RecordFiles(ctx context.Context, afterID int64, limit int) ([]RecordFile, error) {
	rows, err := s.db.R.QueryContext(ctx, `SELECT f.id, f.tenant_id, f.file_id, r.record_key FROM report_files f JOIN reports r ON r.id = f.report_id
		WHERE f.id > $1 AND r.record_key IS NOT NULL ORDER BY f.id LIMIT $2`, afterID, limit)
	if err != nil {
		return nil, apperr.Wrap(err, "record files")
	}
	defer rows.Close()
	var out []RecordFile
	for rows.Next() {
		var f RecordFile
		var rk int64
		if err := rows.Scan(&f.ID, &f.TenantID, &f.FileID, &rk); err != nil {
			return nil, apperr.Wrap(err, "record files")
		}
		f.RecordKey = uint64(rk)
		out = append(out, f)
	}
	return out, apperr.Wrap(rows.Err(), "record files")
}
