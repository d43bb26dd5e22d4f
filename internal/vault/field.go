package vault

import (
	"context"
	"encoding/binary"
)

// Seal encrypts plaintext for place p under the tenant's newest data key,
// mixed with the record key p.Record when it is set (format 2).
// An empty Secret seals too; store SQL NULL instead if absence must show.
func (k *Keyring) Seal(ctx context.Context, p Place, plaintext Secret) (Ciphertext, error) {
	if err := p.check(); err != nil {
		return nil, err
	}
	tk, err := k.tenant(ctx, p.TenantID, 0)
	if err != nil {
		return nil, err
	}
	return k.seal(ctx, tk, p, p.Record, plaintext.h.view())
}

// seal encrypts pt for p under the newest data key of tk, mixed with record
// key rec unless it is 0.
func (k *Keyring) seal(ctx context.Context, tk *tenantKeys, p Place, rec uint64, pt []byte) (Ciphertext, error) {
	dk := tk.newestData()
	if dk == nil {
		return nil, ErrNoKey
	}
	if rec == 0 {
		return tk.seal(p, pt)
	}
	mk, err := k.recordKey(ctx, p.TenantID, dk, rec)
	if err != nil {
		return nil, err
	}
	out := make([]byte, recordFieldHeaderSize, recordFieldOverhead+len(pt))
	out[0] = recordFieldFormat
	binary.BigEndian.PutUint32(out[1:], dk.version)
	binary.BigEndian.PutUint64(out[5:], rec)
	aad := p.appendAAD(make([]byte, 0, 128), fieldLabel, out)
	return mk.aead.Seal(out, nil, pt, aad), nil
}

// seal encrypts pt for p under the newest data key of tk (format 1).
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
// version, and for format 2 the record key ID, come from c's header. Every
// failure that concerns c itself (another place, tampered, truncated,
// unknown version) is ErrDecrypt; a destroyed record key is ErrShredded; a
// failure to load keys is returned as such, so that a database outage is
// not mistaken for tampering.
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
	pt, err := k.open(ctx, tk, p, c, v)
	if err != nil {
		return Secret{}, err
	}
	return Secret{h: own(pt)}, nil
}

// open decrypts c, whose header says data key version v, for place p.
func (k *Keyring) open(ctx context.Context, tk *tenantKeys, p Place, c Ciphertext, v uint32) ([]byte, error) {
	rec, _ := c.RecordKey()
	if c[0] == fieldFormat {
		return tk.open(p, c, v)
	}
	dk := tk.data[v]
	if dk == nil {
		return nil, ErrDecrypt
	}
	mk, err := k.recordKey(ctx, p.TenantID, dk, rec)
	if err != nil {
		return nil, err
	}
	aad := p.appendAAD(make([]byte, 0, 128), fieldLabel, c[:recordFieldHeaderSize])
	pt, err := mk.aead.Open(nil, nil, c[recordFieldHeaderSize:], aad)
	if err != nil {
		return nil, ErrDecrypt
	}
	return pt, nil
}

// open decrypts c (format 1), whose header says version v, for place p.
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
// was sealed under an older one, or if p.Record is set and c was not sealed
// under that record key (a value moving to its record's key); otherwise c
// unchanged and false, without decrypting it, so running a pass again is
// cheap. A value of a record keeps its record key when p.Record is 0.
// Looping over the rows and writing changed values back is the caller's job
// (see the package documentation).
func (k *Keyring) Reseal(ctx context.Context, p Place, c Ciphertext) (Ciphertext, bool, error) {
	if err := p.check(); err != nil {
		return nil, false, err
	}
	v, ok := c.KeyVersion()
	if !ok {
		return nil, false, ErrDecrypt
	}
	rec, _ := c.RecordKey()
	want := rec
	if p.Record != 0 {
		want = p.Record
	}
	tk, err := k.tenant(ctx, p.TenantID, v)
	if err != nil {
		return nil, false, err
	}
	if dk := tk.newestData(); dk != nil && dk.version == v && want == rec {
		return c, false, nil
	}
	pt, err := k.open(ctx, tk, p, c, v)
	if err != nil {
		return nil, false, err
	}
	defer clear(pt)
	nc, err := k.seal(ctx, tk, p, want, pt)
	if err != nil {
		return nil, false, err
	}
	return nc, true, nil
}
