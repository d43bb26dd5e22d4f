package vault

import (
	"fmt"
	"strconv"
)

// KeyKind says what a tenant key is for.
type KeyKind string

// The kinds of tenant keys.
const (
	// KindData keys seal fields and files. They are versioned and rotated.
	KindData KeyKind = "data"
	// KindLookup keys the hashes of values looked up later. A tenant has one,
	// never rotated: the hashes it made cannot be remade without plaintext.
	KindLookup KeyKind = "lookup"
)

// wrappedSize is the length of WrappedKey.Blob: nonce, key, tag.
const wrappedSize = 12 + keySize + tagSize

// WrappedKey is a tenant key encrypted under a master key, as the caller
// stores it. Its fields other than Blob are bound to Blob: a blob copied to
// another tenant, kind or version does not unwrap.
type WrappedKey struct {
	TenantID int64
	Kind     KeyKind
	Version  uint32 // 1 and up; a lookup key is always version 1
	MasterID string // MasterKey.ID of the key that wrapped Blob
	Blob     []byte // nonce || AES-256-GCM(key)
}

// check validates the fields that go into the associated data, so that a
// kind such as "data|version=2" cannot forge another key's label.
func (w WrappedKey) check() error {
	switch {
	case w.TenantID < 0:
		return fmt.Errorf("%w: tenant %d", ErrUnwrap, w.TenantID)
	case w.Kind != KindData && w.Kind != KindLookup:
		return fmt.Errorf("%w: unknown kind %q", ErrUnwrap, w.Kind)
	case w.Version == 0:
		return fmt.Errorf("%w: version 0", ErrUnwrap)
	case w.Kind == KindLookup && w.Version != 1:
		return fmt.Errorf("%w: lookup key version %d", ErrUnwrap, w.Version)
	}
	return nil
}

// label names a wrapped key in errors.
func (w WrappedKey) label() string {
	return "tenant " + strconv.FormatInt(w.TenantID, 10) + " " + string(w.Kind) + " key v" + strconv.FormatUint(uint64(w.Version), 10)
}

// wrapAAD is the associated data of a wrapped key: its tenant, kind and
// version. The parts are numbers and a checked kind, so "|" cannot be forged.
func wrapAAD(w WrappedKey) []byte {
	return fmt.Appendf(nil, "sigap/tenant-key/v1|tenant=%d|kind=%s|version=%d", w.TenantID, w.Kind, w.Version)
}

// wrap encrypts key under m for the tenant, kind and version in meta.
func wrap(m MasterKey, meta WrappedKey, key []byte) (WrappedKey, error) {
	if m.IsZero() {
		return WrappedKey{}, fmt.Errorf("%w: no master key", ErrMasterKey)
	}
	if err := meta.check(); err != nil {
		return WrappedKey{}, err
	}
	meta.MasterID = m.id
	meta.Blob = m.gcm().Seal(nil, nil, key, wrapAAD(meta))
	return meta, nil
}

// unwrap decrypts w under m. A key wrapped by another master is reported by
// its ID, which is what an operator needs to find the right key file.
func unwrap(m MasterKey, w WrappedKey) ([]byte, error) {
	if m.IsZero() {
		return nil, fmt.Errorf("%w: no master key", ErrMasterKey)
	}
	if err := w.check(); err != nil {
		return nil, err
	}
	if w.MasterID != m.id {
		return nil, fmt.Errorf("%w: %s was wrapped by master key %q, the loaded master key is %q",
			ErrUnwrap, w.label(), w.MasterID, m.id)
	}
	if len(w.Blob) != wrappedSize {
		return nil, fmt.Errorf("%w: %s is %d bytes", ErrUnwrap, w.label(), len(w.Blob))
	}
	key, err := m.gcm().Open(nil, nil, w.Blob, wrapAAD(w))
	if err != nil {
		return nil, fmt.Errorf("%w: %s does not open", ErrUnwrap, w.label())
	}
	return key, nil
}

// NewTenantKeys makes the keys of a new tenant: data key version 1 and its
// lookup key, both wrapped under m, for the caller to store.
func NewTenantKeys(m MasterKey, tenantID int64) (data, lookup WrappedKey, err error) {
	data, err = NewDataKeyVersion(m, tenantID, 1)
	if err != nil {
		return WrappedKey{}, WrappedKey{}, err
	}
	key := randomBytes(keySize)
	defer clear(key)
	lookup, err = wrap(m, WrappedKey{TenantID: tenantID, Kind: KindLookup, Version: 1}, key)
	if err != nil {
		return WrappedKey{}, WrappedKey{}, err
	}
	return data, lookup, nil
}

// NewDataKeyVersion makes a new random data key for the tenant, wrapped under
// m. The caller picks version (the newest stored plus one) and stores it;
// Keyring.Seal uses the highest version it finds.
func NewDataKeyVersion(m MasterKey, tenantID int64, version uint32) (WrappedKey, error) {
	key := randomBytes(keySize)
	defer clear(key)
	return wrap(m, WrappedKey{TenantID: tenantID, Kind: KindData, Version: version}, key)
}

// Rewrap moves w from the old master key to the new one, for `sigap key
// rotate`. The key inside is unchanged, so no ciphertext needs touching.
func Rewrap(oldKey, newKey MasterKey, w WrappedKey) (WrappedKey, error) {
	key, err := unwrap(oldKey, w)
	if err != nil {
		return WrappedKey{}, err
	}
	defer clear(key)
	return wrap(newKey, w, key)
}
