package vault

import (
	"context"
	"encoding/binary"
)

// Seal encrypts plaintext for place p under the tenant's newest data key.
// An empty Secret seals too; store SQL NULL instead if absence must show.
func (k *Keyring) Seal(ctx context.Context, p Place, plaintext Secret) (Ciphertext, error) {
	if err := p.check(); err != nil {
		return nil, err
	}
	tk, err := k.tenant(ctx, p.TenantID, 0)
	if err != nil {
		return nil, err
	}
	return tk.seal(p, plaintext.h.view())
}

// seal encrypts pt for p under the newest data key of tk.
func (tk *tenantKeys) seal(p Place, pt []byte) (Ciphertext, error) {
	dk := tk.newestData()
	if dk == nil {
		return nil, ErrNoKey
	}
	out := make([]byte, fieldHeaderSize, fieldOverhead+len(pt))
	out[0] = fieldFormat
	binary.BigEndian.PutUint32(out[1:], dk.version)
	aad := p.appendAAD(make([]byte, 0, 128), fieldLabel, out)
	return dk.aead.Seal(out, nil, pt, aad), nil
}

// Open decrypts c, which must have been sealed for place p; the data key
// version comes from c's header. Every failure that concerns c itself
// (another place, tampered, truncated, unknown version) is ErrDecrypt; a
// failure to load the tenant's keys is returned as such, so that a database
// outage is not mistaken for tampering.
func (k *Keyring) Open(ctx context.Context, p Place, c Ciphertext) (Secret, error) {
	if err := p.check(); err != nil {
		return Secret{}, err
	}
	v, ok := c.KeyVersion()
	if !ok {
		return Secret{}, ErrDecrypt
	}
	tk, err := k.tenant(ctx, p.TenantID, v)
	if err != nil {
		return Secret{}, err
	}
	pt, err := tk.open(p, c, v)
	if err != nil {
		return Secret{}, err
	}
	return Secret{h: own(pt)}, nil
}

// open decrypts c, whose header says version v, for place p.
func (tk *tenantKeys) open(p Place, c Ciphertext, v uint32) ([]byte, error) {
	dk := tk.data[v]
	if dk == nil {
		return nil, ErrDecrypt
	}
	aad := p.appendAAD(make([]byte, 0, 128), fieldLabel, c[:fieldHeaderSize])
	pt, err := dk.aead.Open(nil, nil, c[fieldHeaderSize:], aad)
	if err != nil {
		return nil, ErrDecrypt
	}
	return pt, nil
}

// Reseal returns c sealed under the tenant's newest data key, and true, if c
// was sealed under an older one; otherwise c unchanged and false, without
// decrypting it, so running a rotation pass again is cheap. Looping over the
// rows and writing changed values back is the caller's job (see the package
// documentation).
func (k *Keyring) Reseal(ctx context.Context, p Place, c Ciphertext) (Ciphertext, bool, error) {
	if err := p.check(); err != nil {
		return nil, false, err
	}
	v, ok := c.KeyVersion()
	if !ok {
		return nil, false, ErrDecrypt
	}
	tk, err := k.tenant(ctx, p.TenantID, v)
	if err != nil {
		return nil, false, err
	}
	if dk := tk.newestData(); dk != nil && dk.version == v {
		return c, false, nil
	}
	pt, err := tk.open(p, c, v)
	if err != nil {
		return nil, false, err
	}
	defer clear(pt)
	nc, err := tk.seal(p, pt)
	if err != nil {
		return nil, false, err
	}
	return nc, true, nil
}
