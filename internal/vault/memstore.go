package vault

import (
	"cmp"
	"context"
	"slices"
	"sync"
)

// MemoryKeyStore is a KeyStore held in memory, for tests and tools. Its zero
// value is empty and ready; it is safe for concurrent use.
type MemoryKeyStore struct {
	mu   sync.Mutex
	keys []WrappedKey
}

// NewMemoryKeyStore returns an empty store.
func NewMemoryKeyStore() *MemoryKeyStore { return new(MemoryKeyStore) }

// Put adds keys, replacing any with the same tenant, kind and version.
func (s *MemoryKeyStore) Put(keys ...WrappedKey) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.putLocked(keys...)
}

// putLocked is Put with s.mu held.
func (s *MemoryKeyStore) putLocked(keys ...WrappedKey) {
	for _, w := range keys {
		w.Blob = slices.Clone(w.Blob)
		i := slices.IndexFunc(s.keys, func(x WrappedKey) bool {
			return x.TenantID == w.TenantID && x.Kind == w.Kind && x.Version == w.Version
		})
		if i >= 0 {
			s.keys[i] = w
		} else {
			s.keys = append(s.keys, w)
		}
	}
}

// AddTenant makes and stores the keys of a new tenant.
func (s *MemoryKeyStore) AddTenant(m MasterKey, tenantID int64) error {
	data, lookup, err := NewTenantKeys(m, tenantID)
	if err != nil {
		return err
	}
	s.Put(data, lookup)
	return nil
}

// RotateDataKey stores a new data key version for the tenant, one above its
// newest, and returns it. Keyrings that cached the tenant need Forget.
func (s *MemoryKeyStore) RotateDataKey(m MasterKey, tenantID int64) (WrappedKey, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var newest uint32
	for _, w := range s.keys {
		if w.TenantID == tenantID && w.Kind == KindData {
			newest = max(newest, w.Version)
		}
	}
	w, err := NewDataKeyVersion(m, tenantID, newest+1)
	if err != nil {
		return WrappedKey{}, err
	}
	s.putLocked(w)
	return w, nil
}

// All returns copies of every key, ordered by tenant, kind and version: what
// a master key rotation rewraps.
func (s *MemoryKeyStore) All() []WrappedKey {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]WrappedKey, len(s.keys))
	for i, w := range s.keys {
		w.Blob = slices.Clone(w.Blob)
		out[i] = w
	}
	slices.SortFunc(out, func(a, b WrappedKey) int {
		return cmp.Or(cmp.Compare(a.TenantID, b.TenantID), cmp.Compare(a.Kind, b.Kind), cmp.Compare(a.Version, b.Version))
	})
	return out
}

// TenantKeys implements KeyStore.
func (s *MemoryKeyStore) TenantKeys(_ context.Context, tenantID int64) ([]WrappedKey, error) {
	var out []WrappedKey
	for _, w := range s.All() {
		if w.TenantID == tenantID {
			out = append(out, w)
		}
	}
	return out, nil
}

// MemoryRecordKeyStore is a RecordKeyStore held in memory, for tests and
// tools. Its zero value is empty and ready; it is safe for concurrent use.
type MemoryRecordKeyStore struct {
	mu          sync.Mutex
	last        uint64
	secrets     map[uint64][]byte
	calls, adds int
}

// Calls returns how many times RecordKeys and AddRecordKeys were called,
// for tests of the cache and of block reservation.
func (s *MemoryRecordKeyStore) Calls() (reads, adds int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.calls, s.adds
}

// AddRecordKeys implements RecordKeyStore.
func (s *MemoryRecordKeyStore) AddRecordKeys(_ context.Context, secrets [][]byte) ([]uint64, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.adds++
	if s.secrets == nil {
		s.secrets = make(map[uint64][]byte)
	}
	ids := make([]uint64, len(secrets))
	for i, b := range secrets {
		s.last++
		ids[i] = s.last
		s.secrets[s.last] = slices.Clone(b)
	}
	return ids, nil
}

// RecordKeys implements RecordKeyStore.
func (s *MemoryRecordKeyStore) RecordKeys(_ context.Context, ids []uint64) (map[uint64][]byte, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls++
	out := make(map[uint64][]byte, len(ids))
	for _, id := range ids {
		if b, ok := s.secrets[id]; ok {
			out[id] = slices.Clone(b)
		}
	}
	return out, nil
}

// DestroyRecordKeys implements RecordKeyStore.
func (s *MemoryRecordKeyStore) DestroyRecordKeys(_ context.Context, ids []uint64) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, id := range ids {
		delete(s.secrets, id)
	}
	return nil
}
