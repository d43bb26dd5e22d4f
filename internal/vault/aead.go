package vault

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
)

// keySize is the size of every key here: AES-256 and HMAC-SHA256 keys alike.
const keySize = 32

// tagSize is the size of a GCM authentication tag.
const tagSize = 16

// newRandomNonceGCM returns AES-256-GCM that draws a random 96-bit nonce per
// Seal and prepends it, so no caller can reuse a nonce by mistake. Random
// nonces allow 2^32 messages per key; a tenant's data key seals far fewer
// before it is rotated, and the master key wraps only tenant keys.
//
// The standard library's GCM holds no mutable state after construction, so
// one value is shared by all goroutines.
func newRandomNonceGCM(key []byte) (cipher.AEAD, error) {
	b, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	return cipher.NewGCMWithRandomNonce(b)
}

// newGCM returns AES-256-GCM with caller-chosen nonces, for file chunks whose
// nonce is a counter under a key used for that one file only.
func newGCM(key []byte) (cipher.AEAD, error) {
	b, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(b)
}

// randomBytes returns n bytes from crypto/rand, which since Go 1.24 never
// fails (the process aborts instead of returning weak bytes).
func randomBytes(n int) []byte {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return b
}
