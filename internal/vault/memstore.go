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
