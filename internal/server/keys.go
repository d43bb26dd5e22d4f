package server

import (
	"context"
	"crypto/ed25519"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"

	"sigap/internal/audit"
	"sigap/internal/config"
	"sigap/internal/db"
	"sigap/internal/store"
	"sigap/internal/vault"
)

// LoadVault loads the master key into the store, creating the key file on a
// database that has no keys yet, and gives every tenant its keys. A
// database whose keys exist is never paired with a new master key: that
// would make every sealed field unreadable.
func LoadVault(ctx context.Context, cfg config.Config, st *store.Store, log *slog.Logger) error {
	path := cfg.MasterKeyPath()
	m, err := vault.LoadMasterKey(path)
	if errors.Is(err, fs.ErrNotExist) {
		has, herr := st.HasTenantKeys(ctx)
		if herr != nil {
			return herr
		}
		if has {
			return fmt.Errorf("the master key file %s is missing, but the database holds keys wrapped by a master key: restore the file from its backup (sigap will not start without it)", path)
		}
		if filepath.Dir(path) == filepath.Clean(cfg.DataDir) {
			// On PostgreSQL nothing else may have made the data directory
			// yet; a key file configured elsewhere must be where it says.
			if err := os.MkdirAll(cfg.DataDir, 0o700); err != nil {
				return fmt.Errorf("cannot create the data directory %s: %v", cfg.DataDir, err)
			}
		}
		if m, err = vault.GenerateMasterKeyFile(path); err != nil {
			return fmt.Errorf("cannot create the master key file %s: %v", path, err)
		}
		log.Warn("A NEW MASTER KEY WAS CREATED. Back it up now, apart from the database backups: without it no sealed report, identity or file can ever be read again.",
			"file", path, "key_id", m.ID())
	} else if err != nil {
		return err
	}
	st.UseVault(m)
	if err := st.CheckMasterKey(ctx); err != nil {
		return err
	}
	if err := loadRecordKeys(ctx, cfg, st, log); err != nil {
		return err
	}
	if n, err := st.EnsureTenantKeys(ctx); err != nil {
		return err
	} else if n > 0 {
		log.Info("created tenant keys", "tenants", n)
	}
	return nil
}

// LoadSigningKey loads the audit checkpoint key, creating it when missing
// on a database that has no checkpoints yet. Where checkpoints exist, a
// missing key is lost, not new: sigap refuses to go on signing with another
// one, which would make the trail look forged.
func LoadSigningKey(ctx context.Context, cfg config.Config, st *store.Store, log *slog.Logger) (ed25519.PrivateKey, error) {
	if _, err := os.Stat(cfg.AuditKeyPath()); errors.Is(err, fs.ErrNotExist) {
		if has, err := st.HasCheckpoints(ctx); err != nil {
			return nil, err
		} else if has {
			return nil, fmt.Errorf("the audit signing key %s is missing, but the audit trail has checkpoints signed with it: restore the key file from its backup (see SIGAP_AUDIT_KEY_FILE)", cfg.AuditKeyPath())
		}
	}
	key, created, err := audit.LoadOrCreateSigningKey(cfg.AuditKeyPath())
	if err != nil {
		return nil, err
	}
	pub := key.Public().(ed25519.PublicKey)
	if created {
		log.Warn("A new audit signing key was created. Back it up, and give its public key to the Inspektorat so they can verify the audit trail.",
			"file", cfg.AuditKeyPath(), "public_key", fmt.Sprintf("%x", []byte(pub)), "key_id", audit.KeyID(pub))
	}
	return key, nil
}

// loadRecordKeys opens the record key store (crypto-shredding): on SQLite
// record-keys.db beside the master key file, on PostgreSQL the database of
// SIGAP_RECORD_KEYS_URL or, without it, the schema sigap_record_keys of the
// main database, with a warning since pg_dump then takes the keys along
// unless told to leave that schema out.
func loadRecordKeys(ctx context.Context, cfg config.Config, st *store.Store, log *slog.Logger) error {
	var rk *store.RecordKeys
	var err error
	if st.DB().Engine == db.Postgres {
		rk, err = store.OpenRecordKeysPostgres(ctx, cfg.RecordKeysURL, st.DB())
		if err == nil && cfg.RecordKeysURL == "" {
			log.Warn("THE RECORD KEY STORE IS IN THE MAIN DATABASE (schema " + store.PostgresRecordKeySchema + "): set SIGAP_RECORD_KEYS_URL to a separate database, " +
				"or every pg_dump must use --exclude-schema=" + store.PostgresRecordKeySchema + "; otherwise purged records stay readable in the dumps (docs/deploy.md)")
		}
	} else {
		rk, err = store.OpenRecordKeyFile(ctx, store.RecordKeyFile(cfg.MasterKeyPath()))
	}
	if err != nil {
		return err
	}
	if err := st.CheckRecordKeys(ctx, rk); err != nil {
		rk.Close()
		return err
	}
	st.UseRecordKeys(rk)
	return nil
}
