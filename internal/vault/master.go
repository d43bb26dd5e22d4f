package vault

import (
	"bytes"
	"crypto/cipher"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"io"
	"log/slog"
)

// masterIDLabel prefixes the key in the hash that names it, so the ID is not
// a plain hash of the key that some other system might also publish.
const masterIDLabel = "sigap-master-key-id"

// MasterKey wraps every tenant key. It lives only in a file outside the
// database. Its zero value holds no key; every use of it fails.
//
// It prints as "MasterKey(<id>)" with every fmt verb, in slog and inside
// other structs, never as key bytes.
type MasterKey struct {
	id string
	// aead is nil for the zero value. It is a pointer to an interface
	// because fmt, printing a MasterKey in a caller's unexported field, would
	// dereference a pointer to the AES key schedule (see hidden) but never
	// one to an interface.
	aead *cipher.AEAD
}

// newMasterKey makes a MasterKey from 32 key bytes. The caller may clear key
// afterwards: only the expanded AES key is kept.
func newMasterKey(key []byte) (MasterKey, error) {
	if len(key) != keySize {
		return MasterKey{}, fmt.Errorf("%w: want %d bytes, got %d", ErrMasterKey, keySize, len(key))
	}
	aead, err := newRandomNonceGCM(key)
	if err != nil {
		return MasterKey{}, fmt.Errorf("%w: %v", ErrMasterKey, err)
	}
	h := sha256.New()
	h.Write([]byte(masterIDLabel))
	h.Write(key)
	return MasterKey{id: hex.EncodeToString(h.Sum(nil)[:4]), aead: &aead}, nil
}

// ID names the key without revealing it: the first 8 hex digits of
// SHA-256("sigap-master-key-id" || key). Wrapped keys record it so that a
// wrong key file is reported as such, not as corrupt data. It is a label,
// not a check: the AEAD is what rejects a wrong key.
func (m MasterKey) ID() string { return m.id }

// gcm returns the AEAD; m must not be zero.
func (m MasterKey) gcm() cipher.AEAD { return *m.aead }

// IsZero reports whether m holds no key.
func (m MasterKey) IsZero() bool { return m.aead == nil }

// String returns "MasterKey(<id>)"; it never shows key bytes.
func (m MasterKey) String() string {
	if m.IsZero() {
		return "MasterKey(none)"
	}
	return "MasterKey(" + m.id + ")"
}

// GoString is String, so %#v cannot show key bytes either.
func (m MasterKey) GoString() string { return m.String() }

// Format writes String for every verb (%v, %+v, %#v, %s, %q, %x...), since a
// verb that fell through to reflection would print the key's fields.
func (m MasterKey) Format(f fmt.State, _ rune) { _, _ = io.WriteString(f, m.String()) }

// LogValue makes slog print String.
func (m MasterKey) LogValue() slog.Value { return slog.StringValue(m.String()) }

// parseMasterKey decodes the one line of a master key file: 64 hex digits,
// or base64 (padded or not). Surrounding white space is ignored. Errors never
// quote the content.
func parseMasterKey(b []byte) ([]byte, error) {
	s := bytes.TrimSpace(b)
	if bytes.ContainsAny(s, " \t\r\n") {
		return nil, fmt.Errorf("%w: the file must hold the key on one line", ErrMasterKey)
	}
	key := make([]byte, keySize+3) // room for base64 decoding, which writes whole groups
	var n int
	var err error
	switch len(s) {
	case hex.EncodedLen(keySize):
		n, err = hex.Decode(key, s)
	case base64.StdEncoding.EncodedLen(keySize):
		n, err = base64.StdEncoding.Strict().Decode(key, s)
	case base64.RawStdEncoding.EncodedLen(keySize):
		n, err = base64.RawStdEncoding.Strict().Decode(key, s)
	default:
		err = fmt.Errorf("%d characters", len(s))
	}
	if err != nil || n != keySize {
		clear(key)
		return nil, fmt.Errorf("%w: want %d bytes as 64 hex digits or base64", ErrMasterKey, keySize)
	}
	return key[:keySize], nil
}
