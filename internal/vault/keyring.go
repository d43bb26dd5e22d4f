package vault

import (
	"context"
	"crypto/cipher"
	"fmt"
	"io"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"
)

// KeyStore gives the Keyring a tenant's wrapped keys. The caller implements
// it over its database; this package holds no SQL.
type KeyStore interface {
	// TenantKeys returns all versions of both kinds of the tenant's keys,
	// or none if the tenant has no keys.
	TenantKeys(ctx context.Context, tenantID int64) ([]WrappedKey, error)
}

// reloadInterval bounds how often a ciphertext naming an unknown, newer data
// key version reloads the tenant's keys: often enough to follow a rotation
// made by another process, rarely enough that bad rows cannot hammer the
// key store.
const reloadInterval = time.Second

// Keyring unwraps tenant keys on first use and keeps them in memory. It is
// safe for concurrent use.
type Keyring struct {
	master MasterKey
	store  KeyStore
	now    func() time.Time // the clock for reloadInterval; tests replace it

	mu      sync.Mutex
	tenants map[int64]*tenantKeys
	epoch   uint64                     // counts Forgets, so a load that raced one is not cached
	records atomic.Pointer[recordKeys] // nil until UseRecordKeys
}

// NewKeyring returns a Keyring that unwraps the keys ks gives with m.
func NewKeyring(m MasterKey, ks KeyStore) *Keyring {
	return &Keyring{master: m, store: ks, now: time.Now, tenants: make(map[int64]*tenantKeys)}
}

// Forget drops the tenant's cached keys, so the next use reloads them: call
// it after adding a data key version, in every process that holds a Keyring.
func (k *Keyring) Forget(tenantID int64) {
	k.mu.Lock()
	defer k.mu.Unlock()
	delete(k.tenants, tenantID)
	k.epoch++
}

// DataKeyVersion returns the tenant's newest data key version, the one Seal
// uses; rows whose Ciphertext.KeyVersion is lower need Reseal.
func (k *Keyring) DataKeyVersion(ctx context.Context, tenantID int64) (uint32, error) {
	tk, err := k.tenant(ctx, tenantID, 0)
	if err != nil {
		return 0, err
	}
	dk := tk.newestData()
	if dk == nil {
		return 0, ErrNoKey
	}
	return dk.version, nil
}

// tenantKeys are one tenant's unwrapped keys. Only the lookup subkey cache
// changes after loading.
type tenantKeys struct {
	data      map[uint32]*dataKey
	newest    uint32
	lookup    hidden
	hasLookup bool
	loadedAt  time.Time

	mu      sync.Mutex
	subkeys map[string]hidden // lookup subkeys by purpose
}

// dataKey is one version of a tenant's data key.
type dataKey struct {
	version uint32
	key     hidden      // for deriving per-file keys
	aead    cipher.AEAD // for fields
}

// newestData returns the newest data key, or nil if there is none.
func (tk *tenantKeys) newestData() *dataKey { return tk.data[tk.newest] }

// tenant returns the tenant's keys, from the cache when it has them. want is
// the data key version the caller needs, or 0: a version newer than the
// cached ones reloads them, at most once per reloadInterval, since another
// process may have rotated the key.
func (k *Keyring) tenant(ctx context.Context, tenantID int64, want uint32) (*tenantKeys, error) {
	k.mu.Lock()
	tk, epoch := k.tenants[tenantID], k.epoch
	k.mu.Unlock()
	if tk != nil && (want <= tk.newest || k.now().Sub(tk.loadedAt) < reloadInterval) {
		return tk, nil
	}
	// Load without holding the lock, so one slow tenant does not stall the
	// others; two goroutines may load the same tenant at once, harmlessly.
	tk, err := k.load(ctx, tenantID)
	if err != nil {
		return nil, err
	}
	if !tk.hasLookup && len(tk.data) == 0 {
		return tk, nil // keys may be added soon; do not cache their absence
	}
	k.mu.Lock()
	if k.epoch == epoch {
		k.tenants[tenantID] = tk
	}
	k.mu.Unlock()
	return tk, nil
}

// load fetches and unwraps all the tenant's keys. One bad key fails the
// whole tenant: it means the wrong master key or tampering, which must be
// seen, not worked around.
func (k *Keyring) load(ctx context.Context, tenantID int64) (*tenantKeys, error) {
	ws, err := k.store.TenantKeys(ctx, tenantID)
	if err != nil {
		return nil, fmt.Errorf("vault: load keys of tenant %d: %w", tenantID, err)
	}
	tk := &tenantKeys{data: make(map[uint32]*dataKey), loadedAt: k.now(), subkeys: make(map[string]hidden)}
	for _, w := range ws {
		if w.TenantID != tenantID {
			return nil, fmt.Errorf("%w: the key store gave %s for tenant %d", ErrUnwrap, w.label(), tenantID)
		}
		key, err := unwrap(k.master, w)
		if err != nil {
			return nil, err
		}
		err = tk.add(w, key)
		clear(key)
		if err != nil {
			return nil, err
		}
	}
	return tk, nil
}

// add puts the unwrapped key of w into tk.
func (tk *tenantKeys) add(w WrappedKey, key []byte) error {
	switch {
	case w.Kind == KindLookup && !tk.hasLookup:
		tk.lookup, tk.hasLookup = hide(key), true
	case w.Kind == KindData && tk.data[w.Version] == nil:
		aead, err := newRandomNonceGCM(key)
		if err != nil {
			return err
		}
		tk.data[w.Version] = &dataKey{version: w.Version, key: hide(key), aead: aead}
		tk.newest = max(tk.newest, w.Version)
	default:
		return fmt.Errorf("%w: the key store gave %s twice", ErrUnwrap, w.label())
	}
	return nil
}

// String returns "Keyring(<master key id>)".
func (k *Keyring) String() string { return "Keyring(" + k.master.id + ")" }

// Format writes String for every verb: printed by reflection, a Keyring
// would show its cache, and under %s a pointer in it would be followed.
func (k *Keyring) Format(f fmt.State, _ rune) { _, _ = io.WriteString(f, k.String()) }

// LogValue makes slog print String.
func (k *Keyring) LogValue() slog.Value { return slog.StringValue(k.String()) }
