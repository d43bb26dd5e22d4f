package vault

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/ecdh"
	"crypto/hkdf"
	"crypto/rand"
	"crypto/sha256"
	"errors"
	"sync"
)

// A holder box seals a value to a key pair whose private half is derived
// from a secret only one person holds (a reporter's receipt code), while
// the public half may be stored beside the record. Anyone may seal to the
// holder; only the holder's secret opens. The government's keys do not
// open it, so a copy kept for the holder is out of the staff's reach and
// out of reach of any change the staff make to their own copy.
//
// Two formats, told apart by their first byte:
//   - a box sealed by anyone to the holder's public key: holderVersion |
//     ephemeral X25519 public key (32) | AES-256-GCM nonce (12) |
//     ciphertext and tag; the AES key is HKDF-SHA256 of the X25519 shared
//     secret, salted with both public keys;
//   - a box the holder seals for themself, while their secret is at hand
//     (a reporter sending a report): holderSelfVersion | nonce (12) |
//     ciphertext and tag, under an AES key derived from the seed. It
//     costs no curve arithmetic, which matters on the report's hot path.
// The associated data binds either box to its place like any field.

const (
	holderVersion     = 0x48 // 'H'
	holderSelfVersion = 0x53 // 'S'
)

const holderLabel = "sigap/holder/v1"

// ErrHolder is returned when a holder box does not open: the wrong secret,
// the wrong place, or damaged bytes.
var ErrHolder = errors.New("vault: holder box does not open")

// HolderKey is a holder's keys: an X25519 key pair, and an AES key for
// what the holder seals for themself. The key pair is made when first
// needed: crypto/ecdh works out the public half as it makes the private
// one (a scalar multiplication), which a holder opening only what they
// sealed themself never needs.
type HolderKey struct {
	pair *holderPair
	self cipher.AEAD
}

// holderPair is a holder's X25519 key pair, made from its scalar once.
type holderPair struct {
	x    []byte
	once sync.Once
	priv *ecdh.PrivateKey
	err  error
}

func (hp *holderPair) key() (*ecdh.PrivateKey, error) {
	hp.once.Do(func() {
		hp.priv, hp.err = ecdh.X25519().NewPrivateKey(hp.x)
		clear(hp.x)
	})
	return hp.priv, hp.err
}

// NewHolderKey derives a holder's keys from a 32-byte seed, itself a keyed
// hash of the holder's secret (see Keyring.Lookup): the seed never needs
// to be stored, the holder's secret brings it back. Deriving them costs no
// curve arithmetic; Public does.
func NewHolderKey(seed []byte) (HolderKey, error) {
	x, err := hkdf.Key(sha256.New, seed, nil, holderLabel+"|x25519", keySize)
	if err != nil {
		return HolderKey{}, err
	}
	if len(x) != 32 {
		return HolderKey{}, ErrHolder
	}
	a, err := hkdf.Key(sha256.New, seed, nil, holderLabel+"|self", keySize)
	if err != nil {
		return HolderKey{}, err
	}
	block, err := aes.NewCipher(a)
	if err != nil {
		return HolderKey{}, err
	}
	self, err := cipher.NewGCM(block)
	if err != nil {
		return HolderKey{}, err
	}
	return HolderKey{pair: &holderPair{x: x}, self: self}, nil
}

// Public returns the public half, to store with the record; nil for the
// zero HolderKey.
func (h HolderKey) Public() []byte {
	if h.pair == nil {
		return nil
	}
	priv, err := h.pair.key()
	if err != nil {
		return nil
	}
	return priv.PublicKey().Bytes()
}

// Seal seals plain at p for the holder, by the holder.
func (h HolderKey) Seal(p Place, plain Secret) (Ciphertext, error) {
	if err := p.check(); err != nil {
		return nil, err
	}
	if h.self == nil {
		return nil, ErrHolder
	}
	nonce := make([]byte, h.self.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		return nil, err
	}
	out := append([]byte{holderSelfVersion}, nonce...)
	return h.self.Seal(out, nonce, plain.h.view(), p.appendAAD(nil, holderLabel, nil)), nil
}

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

// Open opens a box sealed to h, or by h, at p.
func (h HolderKey) Open(p Place, c Ciphertext) (Secret, error) {
	if h.pair == nil || h.self == nil {
		return Secret{}, ErrHolder
	}
	if len(c) > 0 && c[0] == holderSelfVersion {
		if len(c) < 1+12+16 {
			return Secret{}, ErrHolder
		}
		plain, err := h.self.Open(nil, c[1:13], c[13:], p.appendAAD(nil, holderLabel, nil))
		if err != nil {
			return Secret{}, ErrHolder
		}
		return Secret{h: own(plain)}, nil
	}
	const head = 1 + 32 + 12
	if len(c) < head+16 || c[0] != holderVersion {
		return Secret{}, ErrHolder
	}
	peer, err := ecdh.X25519().NewPublicKey(c[1:33])
	if err != nil {
		return Secret{}, ErrHolder
	}
	priv, err := h.pair.key()
	if err != nil {
		return Secret{}, ErrHolder
	}
	shared, err := priv.ECDH(peer)
	if err != nil {
		return Secret{}, ErrHolder
	}
	aead, err := holderAEAD(shared, c[1:33], priv.PublicKey().Bytes())
	if err != nil {
		return Secret{}, err
	}
	plain, err := aead.Open(nil, c[33:head], c[head:], p.appendAAD(nil, holderLabel, nil))
	if err != nil {
		return Secret{}, ErrHolder
	}
	return Secret{h: own(plain)}, nil
}
