package vault

import (
	"context"
	"crypto/hkdf"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"strconv"
	"sync"
	"time"
)

// RecordKeyStore keeps record secrets: one random 32-byte secret per record
// (a report, a discipline case, a protection case), apart from the database
// and its backups. Destroying a record's secret makes every ciphertext and
// file sealed under it unreadable everywhere, old backups included
// (crypto-shredding). The caller implements it; this package holds no SQL.
type RecordKeyStore interface {
	// AddRecordKeys stores the secrets durably under new, never reused
	// numeric IDs (1 and up) and returns the IDs in the same order.
	AddRecordKeys(ctx context.Context, secrets [][]byte) ([]uint64, error)
	// RecordKeys returns the secrets of those of ids that exist; an ID
	// missing from the answer was destroyed (or never existed).
	RecordKeys(ctx context.Context, ids []uint64) (map[uint64][]byte, error)
	// DestroyRecordKeys deletes the secrets durably; an ID already gone is
	// not an error.
	DestroyRecordKeys(ctx context.Context, ids []uint64) error
}

// The record key cache's limits. A secret read from the store is trusted for
// recordKeyTTL: a record key another process destroyed opens nothing here
// after at most that long (this process's own destructions apply at once).
const (
	recordKeyBlock   = 2048
	recordKeyTTL     = time.Minute
	recordKeyMaxHeld = 8192
	recordMixLabel   = "sigap/record-key/v1"
)

// recordKeys are the Keyring's record key state: a block of fresh IDs
// reserved from the store and handed out from memory, and a bounded cache of
// secrets and of the keys mixed from them.
type recordKeys struct {
	store RecordKeyStore

	alloc   sync.Mutex    // guards fresh, pending and lastErr
	fresh   []freshKey    // reserved, not yet handed out
	pending chan struct{} // closed when the reservation under way ends; nil if none
	lastErr error         // how the last reservation failed, nil if it did not

	mu      sync.Mutex
	secrets map[uint64]recordSecret
	mixed   map[mixID]*dataKey
}

// freshKey is a reserved record key not yet handed out.
type freshKey struct {
	id     uint64
	secret hidden
}

// recordSecret is a cached record secret, or the fact that it is destroyed
// (key empty).
type recordSecret struct {
	key hidden
	at  time.Time
}

// mixID names a key mixed from a tenant data key version and a record key.
type mixID struct {
	tenant  int64
	version uint32
	record  uint64
}

// UseRecordKeys gives the Keyring its record key store. Without one, values
// of a Place with a Record cannot be sealed or opened.
func (k *Keyring) UseRecordKeys(rs RecordKeyStore) {
	k.records.Store(&recordKeys{store: rs, secrets: make(map[uint64]recordSecret), mixed: make(map[mixID]*dataKey)})
}

// HasRecordKeys reports whether the Keyring has a record key store.
func (k *Keyring) HasRecordKeys() bool {
	return k.records.Load() != nil
}

// recordState returns the record key state, or ErrNoRecordStore.
func (k *Keyring) recordState() (*recordKeys, error) {
	if rk := k.records.Load(); rk != nil {
		return rk, nil
	}
	return nil, ErrNoRecordStore
}

// NewRecordKey returns the ID of a fresh record key, for a new record. IDs
// are reserved from the store a block at a time (one durable write per
// recordKeyBlock records), the next block in the background when half of
// one is used, so that a new record seldom waits for the store. A process
// that stops with some unused leaves their secrets in the store, unused
// and harmless.
func (k *Keyring) NewRecordKey(ctx context.Context) (uint64, error) {
	rk, err := k.recordState()
	if err != nil {
		return 0, err
	}
	for waited := false; ; waited = true {
		rk.alloc.Lock()
		if len(rk.fresh) > 0 {
			fk := rk.fresh[0]
			rk.fresh[0] = freshKey{}
			rk.fresh = rk.fresh[1:]
			// Cached now, so that sealing the new record's values needs
			// no read of the store.
			rk.mu.Lock()
			rk.putLocked(fk.id, recordSecret{key: fk.secret, at: k.now()})
			rk.mu.Unlock()
			id := fk.id
			if len(rk.fresh) < recordKeyBlock/2 && rk.pending == nil {
				done := make(chan struct{})
				rk.pending = done
				go func() {
					// Not the request's context: the block outlives it.
					bctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), time.Minute)
					defer cancel()
					_ = k.reserve(bctx, rk, done)
				}()
			}
			rk.alloc.Unlock()
			return id, nil
		}
		if waited && rk.lastErr != nil {
			err := rk.lastErr
			rk.alloc.Unlock()
			return 0, err
		}
		wait := rk.pending
		if wait == nil {
			done := make(chan struct{})
			rk.pending = done
			rk.alloc.Unlock()
			if err := k.reserve(ctx, rk, done); err != nil {
				return 0, err
			}
			continue
		}
		rk.alloc.Unlock()
		select {
		case <-wait:
		case <-ctx.Done():
			return 0, ctx.Err()
		}
	}
}

// reserve stores a block of fresh secrets, adds their IDs to the fresh
// ones, and closes done.
func (k *Keyring) reserve(ctx context.Context, rk *recordKeys, done chan struct{}) error {
	secrets := make([][]byte, recordKeyBlock)
	for i := range secrets {
		secrets[i] = randomBytes(keySize)
	}
	ids, err := rk.store.AddRecordKeys(ctx, secrets)
	if err == nil && len(ids) != len(secrets) {
		err = fmt.Errorf("the record key store gave %d IDs for %d keys", len(ids), len(secrets))
	}
	if err != nil {
		err = fmt.Errorf("vault: reserve record keys: %w", err)
		ids = nil
	}
	rk.alloc.Lock()
	for i, id := range ids {
		rk.fresh = append(rk.fresh, freshKey{id: id, secret: own(secrets[i])})
	}
	rk.pending, rk.lastErr = nil, err
	rk.alloc.Unlock()
	close(done)
	return err
}

// ShredRecordKeys destroys the record keys durably and forgets them in this
// process at once: every field and file sealed under them, in the database
// and in every backup, no longer opens (ErrShredded). Other processes stop
// opening them within recordKeyTTL. It cannot be undone.
func (k *Keyring) ShredRecordKeys(ctx context.Context, ids []uint64) error {
	rk, err := k.recordState()
	if err != nil {
		return err
	}
	if len(ids) == 0 {
		return nil
	}
	if err := rk.store.DestroyRecordKeys(ctx, ids); err != nil {
		return fmt.Errorf("vault: destroy record keys: %w", err)
	}
	now := k.now()
	gone := make(map[uint64]bool, len(ids))
	rk.mu.Lock()
	defer rk.mu.Unlock()
	for _, id := range ids {
		gone[id] = true
		rk.putLocked(id, recordSecret{at: now})
	}
	for m := range rk.mixed {
		if gone[m.record] {
			delete(rk.mixed, m)
		}
	}
	return nil
}

// LoadRecordKeys fetches the secrets of ids not freshly cached in one call
// to the store, so that a page opening many records asks once.
func (k *Keyring) LoadRecordKeys(ctx context.Context, ids []uint64) error {
	rk, err := k.recordState()
	if err != nil {
		return err
	}
	now := k.now()
	var want []uint64
	rk.mu.Lock()
	for _, id := range ids {
		if e, ok := rk.secrets[id]; id != 0 && (!ok || now.Sub(e.at) >= recordKeyTTL) {
			want = append(want, id)
		}
	}
	rk.mu.Unlock()
	if len(want) == 0 {
		return nil
	}
	got, err := rk.store.RecordKeys(ctx, want)
	if err != nil {
		return fmt.Errorf("vault: load record keys: %w", err)
	}
	rk.mu.Lock()
	defer rk.mu.Unlock()
	for _, id := range want {
		rk.putLocked(id, recordSecret{key: hideKey(got[id]), at: now})
	}
	return nil
}

// hideKey hides a secret of the right size; anything else counts as no key.
func hideKey(b []byte) hidden {
	if len(b) != keySize {
		return hidden{}
	}
	return hide(b)
}

// putLocked caches a secret, making room when the cache is full. Map
// iteration order makes the evicted entries arbitrary, which is enough: an
// evicted secret is read again from the store.
func (rk *recordKeys) putLocked(id uint64, e recordSecret) {
	if len(rk.secrets) >= recordKeyMaxHeld {
		n := 0
		for old := range rk.secrets {
			delete(rk.secrets, old)
			if n++; n >= recordKeyMaxHeld/4 {
				break
			}
		}
	}
	rk.secrets[id] = e
}

// recordKey returns the key mixed from data key dk of tenant and record
// secret id, reading the secret from the store when it is not freshly
// cached. A destroyed secret is ErrShredded.
func (k *Keyring) recordKey(ctx context.Context, tenant int64, dk *dataKey, id uint64) (*dataKey, error) {
	rk, err := k.recordState()
	if err != nil {
		return nil, err
	}
	if id == 0 {
		return nil, ErrDecrypt
	}
	now := k.now()
	m := mixID{tenant: tenant, version: dk.version, record: id}
	rk.mu.Lock()
	e, ok := rk.secrets[id]
	fresh := ok && now.Sub(e.at) < recordKeyTTL
	mk := rk.mixed[m]
	rk.mu.Unlock()
	if fresh && e.key.p != nil && mk != nil {
		return mk, nil
	}
	if !fresh {
		if err := k.LoadRecordKeys(ctx, []uint64{id}); err != nil {
			return nil, err
		}
		rk.mu.Lock()
		e = rk.secrets[id]
		rk.mu.Unlock()
	}
	if e.key.p == nil {
		return nil, ErrShredded
	}
	if mk != nil {
		return mk, nil
	}
	mk, err = mixRecordKey(dk, e.key, m)
	if err != nil {
		return nil, err
	}
	rk.mu.Lock()
	if cur := rk.secrets[id]; cur.key.p != nil { // not shredded meanwhile
		if len(rk.mixed) >= recordKeyMaxHeld {
			clear(rk.mixed)
		}
		rk.mixed[m] = mk
	}
	rk.mu.Unlock()
	return mk, nil
}

// mixRecordKey derives the key of a record's values under one data key
// version: HKDF-SHA256 over the data key and the record secret, bound to the
// tenant, the version and the record key ID. Neither input alone gives it:
// the record key store without the database and master key opens nothing,
// and the database and master key without the record secret open nothing
// once the secret is destroyed.
func mixRecordKey(dk *dataKey, secret hidden, m mixID) (*dataKey, error) {
	ikm := make([]byte, 0, 2*keySize)
	ikm = append(append(ikm, dk.key.view()...), secret.view()...)
	defer clear(ikm)
	info := recordMixLabel + "|tenant=" + strconv.FormatInt(m.tenant, 10) + "|version=" +
		strconv.FormatUint(uint64(m.version), 10) + "|record=" + strconv.FormatUint(m.record, 10)
	key, err := hkdf.Key(sha256.New, ikm, nil, info, keySize)
	if err != nil {
		return nil, err
	}
	aead, err := newRandomNonceGCM(key)
	if err != nil {
		clear(key)
		return nil, err
	}
	return &dataKey{version: dk.version, key: own(key), aead: aead}, nil
}

// RecordKey returns the record key ID c was sealed under, read from its
// header without a key: 0 and true for a value sealed under the tenant's
// data key alone (format 1), false if c is not a ciphertext of a known
// format.
func (c Ciphertext) RecordKey() (uint64, bool) {
	switch {
	case len(c) >= fieldOverhead && c[0] == fieldFormat:
		return 0, true
	case len(c) >= recordFieldOverhead && c[0] == recordFieldFormat:
		return binary.BigEndian.Uint64(c[5:recordFieldHeaderSize]), true
	}
	return 0, false
}

// IsShredded reports whether err means a destroyed record key.
func IsShredded(err error) bool { return errors.Is(err, ErrShredded) }

// FileRecordKey reads, from the first bytes of a file EncryptStream wrote
// (at least 17), the record key ID it was encrypted under: 0 for a file of
// no record (format 1). false if the bytes are no such header. It
// authenticates nothing; it tells a pass which files still need moving.
func FileRecordKey(header []byte) (uint64, bool) {
	if len(header) < 5 || string(header[:4]) != streamMagic {
		return 0, false
	}
	switch {
	case header[4] == streamFormat:
		return 0, true
	case header[4] == recordStreamFormat && len(header) >= 17:
		return binary.BigEndian.Uint64(header[9:17]), true
	}
	return 0, false
}
