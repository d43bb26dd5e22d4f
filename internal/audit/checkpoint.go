package audit

import (
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"time"
)

// Checkpoint is a signed statement that a chain had a given head at a
// given time. Deleting or rewriting events up to a checkpoint is then
// detectable by anyone with the public key, even if the database and the
// verifier are both in the hands of whoever tampered.
type Checkpoint struct {
	Chain     int64
	Seq       int64
	Hash      []byte
	At        time.Time
	KeyID     string
	Signature []byte
}

// message is what is signed.
func (c *Checkpoint) message() []byte {
	var b []byte
	b = append(b, "sigap/audit-checkpoint/v1"...)
	b = binary.BigEndian.AppendUint64(b, uint64(c.Chain))
	b = binary.BigEndian.AppendUint64(b, uint64(c.Seq))
	b = append(b, c.Hash...)
	b = append(b, c.At.UTC().Format(time.RFC3339Nano)...)
	return b
}

// Sign signs the checkpoint with key.
func (c *Checkpoint) Sign(key ed25519.PrivateKey) {
	c.KeyID = KeyID(key.Public().(ed25519.PublicKey))
	c.Signature = ed25519.Sign(key, c.message())
}

// Valid reports whether the signature is good under pub.
func (c *Checkpoint) Valid(pub ed25519.PublicKey) bool {
	return len(c.Signature) == ed25519.SignatureSize && ed25519.Verify(pub, c.message(), c.Signature)
}

// KeyID names a public key: the first 16 hex digits of its SHA-256.
func KeyID(pub ed25519.PublicKey) string {
	sum := sha256.Sum256(pub)
	return hex.EncodeToString(sum[:8])
}

// LoadOrCreateSigningKey reads the ed25519 signing key at path (hex of the
// 32-byte seed), creating it with mode 0600 when it does not exist. It
// reports whether it created one, so the caller can warn that the key must
// be kept safe.
func LoadOrCreateSigningKey(path string) (ed25519.PrivateKey, bool, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		_, priv, err := ed25519.GenerateKey(nil)
		if err != nil {
			return nil, false, err
		}
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if err != nil {
			return nil, false, fmt.Errorf("cannot create the audit signing key %s: %v", path, err)
		}
		_, werr := f.WriteString(hex.EncodeToString(priv.Seed()) + "\n")
		if cerr := f.Close(); werr == nil {
			werr = cerr
		}
		return priv, true, werr
	}
	if err != nil {
		return nil, false, fmt.Errorf("cannot read the audit signing key %s: %v", path, err)
	}
	seed, err := hex.DecodeString(string(trimSpace(b)))
	if err != nil || len(seed) != ed25519.SeedSize {
		return nil, false, fmt.Errorf("the audit signing key %s is not 64 hex digits", path)
	}
	return ed25519.NewKeyFromSeed(seed), false, nil
}

func trimSpace(b []byte) []byte {
	for len(b) > 0 && (b[len(b)-1] == '\n' || b[len(b)-1] == '\r' || b[len(b)-1] == ' ') {
		b = b[:len(b)-1]
	}
	return b
}

// ParsePublicKey reads a public key written as 64 hex digits.
func ParsePublicKey(s string) (ed25519.PublicKey, error) {
	b, err := hex.DecodeString(string(trimSpace([]byte(s))))
	if err != nil || len(b) != ed25519.PublicKeySize {
		return nil, errors.New("a public key is 64 hex digits")
	}
	return ed25519.PublicKey(b), nil
}
