package vault

import (
	"context"
	"crypto/hkdf"
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"errors"
	"fmt"
	"io"
)

// lookupInfo prefixes the purpose in the HKDF info of a lookup subkey.
const lookupInfo = "sigap/lookup/v1|"

// Lookup returns HMAC-SHA256(value) under a subkey of the tenant's lookup
// key for purpose: 32 bytes to store and search instead of the value. The
// same value gives the same hash for the same tenant and purpose, and an
// unrelated one otherwise, so hashes cannot be joined across tenants or
// columns. Nothing is normalised: the caller normalises value first (case,
// spaces) exactly as it will when searching.
//
// purpose names the field, e.g. "report.receipt"; it must be a constant,
// since each one's subkey is kept for the life of the Keyring.
func (k *Keyring) Lookup(ctx context.Context, tenantID int64, purpose string, value string) ([]byte, error) {
	if purpose == "" {
		return nil, errors.New("vault: lookup needs a purpose")
	}
	if tenantID < 0 {
		return nil, fmt.Errorf("%w: tenant %d", ErrPlace, tenantID)
	}
	tk, err := k.tenant(ctx, tenantID, 0)
	if err != nil {
		return nil, err
	}
	sub, err := tk.lookupSubkey(purpose)
	if err != nil {
		return nil, err
	}
	mac := hmac.New(sha256.New, sub.view())
	_, _ = io.WriteString(mac, value)
	return mac.Sum(nil), nil
}

// lookupSubkey derives, once per purpose, the HMAC key for purpose.
func (tk *tenantKeys) lookupSubkey(purpose string) (hidden, error) {
	if !tk.hasLookup {
		return hidden{}, ErrNoKey
	}
	tk.mu.Lock()
	defer tk.mu.Unlock()
	if sub, ok := tk.subkeys[purpose]; ok {
		return sub, nil
	}
	sub, err := hkdf.Key(sha256.New, tk.lookup.view(), nil, lookupInfo+purpose, keySize)
	if err != nil {
		return hidden{}, err
	}
	h := own(sub)
	tk.subkeys[purpose] = h
	return h, nil
}

// Equal reports whether a and b are equal, in time that depends only on
// their lengths, so comparing a presented code's hash with a stored one
// tells an attacker nothing about how close the guess was.
func Equal(a, b []byte) bool { return subtle.ConstantTimeCompare(a, b) == 1 }
