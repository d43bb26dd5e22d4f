package vault

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/ecdh"
	"crypto/hkdf"
	"crypto/rand"
	"crypto/sha256"
	"errors"
)

// A holder box seals a value to a key pair whose private half is derived
// from a secret only one person holds (a reporter's receipt code), while
// the public half may be stored beside the record. Anyone may seal to the
// holder; only the holder's secret opens. The government's keys do not
// open it, so a copy kept for the holder is out of the staff's reach and
// out of reach of any change the staff make to their own copy.
//
// Format: holderVersion (1 byte) | ephemeral X25519 public key (32) |
// AES-256-GCM nonce (12) | ciphertext and tag. The AES key is
// HKDF-SHA256 of the X25519 shared secret, salted with both public keys;
// the associated data binds the box to its place like any field.

const holderVersion = 0x48 // 'H'

const holderLabel = "sigap/holder/v1"

// ErrHolder is returned when a holder box does not open: the wrong secret,
// the wrong place, or damaged bytes.
var ErrHolder = errors.New("vault: holder box does not open")

// HolderKey is a holder's key pair.
type HolderKey struct{ priv *ecdh.PrivateKey }

// NewHolderKey derives a holder's key pair from a 32-byte seed, itself a
// keyed hash of the holder's secret (see Keyring.Lookup): the seed never
// needs to be stored, the holder's secret brings it back.
func NewHolderKey(seed []byte) (HolderKey, error) {
	priv, err := ecdh.X25519().NewPrivateKey(seed)
	if err != nil {
		return HolderKey{}, err
	}
	return HolderKey{priv: priv}, nil
}

// Public returns the public half, to store with the record.
func (h HolderKey) Public() []byte { return h.priv.PublicKey().Bytes() }

func holderAEAD(shared, ephPub, pub []byte) (cipher.AEAD, error) {
	key, err := hkdf.Key(sha256.New, shared, append(append([]byte{}, ephPub...), pub...), holderLabel, keySize)
	if err != nil {
		return nil, err
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(block)
}

// SealToHolder seals plain at p for the holder of the public key pub.
func SealToHolder(pub []byte, p Place, plain Secret) (Ciphertext, error) {
	if err := p.check(); err != nil {
		return nil, err
	}
	peer, err := ecdh.X25519().NewPublicKey(pub)
	if err != nil {
		return nil, err
	}
	eph, err := ecdh.X25519().GenerateKey(rand.Reader)
	if err != nil {
		return nil, err
	}
	shared, err := eph.ECDH(peer)
	if err != nil {
		return nil, err
	}
	ephPub := eph.PublicKey().Bytes()
	aead, err := holderAEAD(shared, ephPub, pub)
	if err != nil {
		return nil, err
	}
	out := make([]byte, 0, 1+len(ephPub)+aead.NonceSize()+len(plain.h.view())+aead.Overhead())
	out = append(out, holderVersion)
	out = append(out, ephPub...)
	nonce := make([]byte, aead.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		return nil, err
	}
	out = append(out, nonce...)
	return aead.Seal(out, nonce, plain.h.view(), p.appendAAD(nil, holderLabel, nil)), nil
}

// Open opens a box sealed to h at p.
func (h HolderKey) Open(p Place, c Ciphertext) (Secret, error) {
	if h.priv == nil {
		return Secret{}, ErrHolder
	}
	const head = 1 + 32 + 12
	if len(c) < head+16 || c[0] != holderVersion {
		return Secret{}, ErrHolder
	}
	peer, err := ecdh.X25519().NewPublicKey(c[1:33])
	if err != nil {
		return Secret{}, ErrHolder
	}
	shared, err := h.priv.ECDH(peer)
	if err != nil {
		return Secret{}, ErrHolder
	}
	aead, err := holderAEAD(shared, c[1:33], h.Public())
	if err != nil {
		return Secret{}, err
	}
	plain, err := aead.Open(nil, c[33:head], c[head:], p.appendAAD(nil, holderLabel, nil))
	if err != nil {
		return Secret{}, ErrHolder
	}
	return Secret{h: own(plain)}, nil
}
