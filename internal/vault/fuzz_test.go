package vault

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"slices"
	"strings"
	"testing"
)

// fuzzKey returns a fixed key for tenant, kind and version.
func fuzzKey(tenant int64, kind KeyKind, version uint32) []byte {
	k := bytes.Repeat([]byte(kind), keySize)[:keySize]
	k[0], k[1] = byte(tenant), byte(version)
	return k
}

// fuzzKeyring returns a Keyring whose keys are the same in every process, so
// that seeds made by the fuzzing coordinator open in its workers too.
// Tenants 1 and 2 have data keys v1 and v2 and a lookup key.
func fuzzKeyring(tb testing.TB) *Keyring {
	m, err := newMasterKey(bytes.Repeat([]byte{0x42}, keySize))
	if err != nil {
		tb.Fatal(err)
	}
	ks := NewMemoryKeyStore()
	for tenant := int64(1); tenant <= 2; tenant++ {
		for _, meta := range []WrappedKey{
			{TenantID: tenant, Kind: KindData, Version: 1},
			{TenantID: tenant, Kind: KindData, Version: 2},
			{TenantID: tenant, Kind: KindLookup, Version: 1},
		} {
			w, err := wrap(m, meta, fuzzKey(meta.TenantID, meta.Kind, meta.Version))
			if err != nil {
				tb.Fatal(err)
			}
			ks.Put(w)
		}
	}
	return NewKeyring(m, ks)
}

// fuzzPlaintexts are the only plaintexts the fuzz seeds hold; a fuzzed
// input that opens to anything else was forged.
var fuzzPlaintexts = []string{"", "x", victim, "0123456789abcdef0123456789abcdef"}

// sealWithNonce is an independent implementation of the field format with a
// chosen nonce, to check that what Open accepts is exactly what Seal makes.
func sealWithNonce(tb testing.TB, p Place, version uint32, nonce, pt []byte) Ciphertext {
	aead, err := newGCM(fuzzKey(p.TenantID, KindData, version))
	if err != nil {
		tb.Fatal(err)
	}
	hdr := binary.BigEndian.AppendUint32([]byte{fieldFormat}, version)
	aad := p.appendAAD(nil, fieldLabel, hdr)
	return aead.Seal(append(hdr, nonce...), nonce, pt, aad)
}

// FuzzOpen: arbitrary bytes never panic Open, and what opens is a seed: a
// canonical ciphertext of one of fuzzPlaintexts at that very place.
func FuzzOpen(f *testing.F) {
	kr := fuzzKeyring(f)
	ctx := context.Background()
	for i, pt := range fuzzPlaintexts {
		p := place1
		p.RowKey = "row" + string(rune('0'+i))
		c, err := kr.Seal(ctx, p, NewSecret(pt))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(p.RowKey, []byte(c))
		f.Add(p.RowKey, []byte(sealWithNonce(f, p, 1, make([]byte, 12), []byte(pt))))
	}
	f.Add("", []byte{})
	f.Add("row0", []byte{fieldFormat, 0, 0, 0, 1})
	f.Fuzz(func(t *testing.T, row string, data []byte) {
		p := place1
		p.RowKey = row
		s, err := kr.Open(ctx, p, Ciphertext(data))
		if err != nil {
			if !s.IsZero() {
				t.Fatal("failed Open returned plaintext")
			}
			return
		}
		pt := s.Reveal()
		v, _ := Ciphertext(data).KeyVersion()
		nonce := data[fieldHeaderSize : fieldHeaderSize+fieldNonceSize]
		if again := sealWithNonce(t, p, v, nonce, []byte(pt)); !bytes.Equal(again, data) {
			t.Fatalf("Open accepted a non-canonical ciphertext %x", data)
		}
		for _, want := range fuzzPlaintexts {
			if pt == want {
				return
			}
		}
		t.Fatalf("forged ciphertext %x opened to %q", data, pt)
	})
}

// fuzzFile returns the plaintext of n bytes the file seeds hold.
func fuzzFile(n int) []byte { return bytes.Repeat([]byte("sigap "), n/6+1)[:n] }

// FuzzDecryptStream: arbitrary bytes never panic DecryptStream, and what
// decrypts is one of the seed files, whole.
func FuzzDecryptStream(f *testing.F) {
	kr := fuzzKeyring(f)
	ctx := context.Background()
	sizes := []int{0, 1, 100, chunkSize + 10}
	for _, n := range sizes {
		var buf bytes.Buffer
		if _, err := kr.EncryptStream(ctx, place1, &buf, bytes.NewReader(fuzzFile(n))); err != nil {
			f.Fatal(err)
		}
		f.Add(buf.Bytes())
	}
	f.Add([]byte(streamMagic))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		var out bytes.Buffer
		n, err := kr.DecryptStream(ctx, place1, &out, bytes.NewReader(data))
		if n != int64(out.Len()) {
			t.Fatalf("returned %d, wrote %d", n, out.Len())
		}
		if err != nil {
			return
		}
		if EncryptedSize(n) != int64(len(data)) {
			t.Fatalf("a %d-byte file decrypted to %d bytes", len(data), n)
		}
		for _, size := range sizes {
			if bytes.Equal(out.Bytes(), fuzzFile(size)) {
				return
			}
		}
		t.Fatalf("forged file decrypted to %q", out.Bytes())
	})
}

// FuzzPlaceAAD: two different places never share associated data.
func FuzzPlaceAAD(f *testing.F) {
	f.Add(int64(1), "ab", "c", "1", int64(1), "a", "bc", "1")
	f.Add(int64(1), "t", "c", "12", int64(12), "t", "c", "")
	f.Fuzz(func(t *testing.T, t1 int64, a1, b1, c1 string, t2 int64, a2, b2, c2 string) {
		p, q := Place{t1, a1, b1, c1, 0}, Place{t2, a2, b2, c2, 0}
		same := bytes.Equal(p.appendAAD(nil, fieldLabel, nil), q.appendAAD(nil, fieldLabel, nil))
		if same != (p == q) {
			t.Fatalf("%+v and %+v: equal AAD = %v", p, q, same)
		}
	})
}

// FuzzParseMasterKey: any file content is either refused or gives 32 bytes
// that it spells in hex or base64.
func FuzzParseMasterKey(f *testing.F) {
	f.Add([]byte(hex.EncodeToString(bytes.Repeat([]byte{1}, 32)) + "\n"))
	f.Add([]byte("AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE=\n"))
	f.Add([]byte(" \n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		key, err := parseMasterKey(data)
		if err != nil {
			return
		}
		if len(key) != keySize {
			t.Fatalf("%d-byte key from %q", len(key), data)
		}
		s := string(bytes.TrimSpace(data))
		switch s {
		case hex.EncodeToString(key), strings.ToUpper(hex.EncodeToString(key)),
			base64.StdEncoding.EncodeToString(key), base64.RawStdEncoding.EncodeToString(key):
		default:
			if !strings.EqualFold(s, hex.EncodeToString(key)) {
				t.Fatalf("%q accepted as key %x", data, key)
			}
		}
	})
}

// The fuzz keyring must agree with the real format, or FuzzOpen checks
// nothing: a ciphertext built independently opens, and Seal's output
// re-encrypts to itself.
func TestFuzzFormatAgrees(t *testing.T) {
	kr := fuzzKeyring(t)
	ctx := context.Background()
	c := sealWithNonce(t, place1, 2, bytes.Repeat([]byte{9}, 12), []byte(victim))
	if s, err := kr.Open(ctx, place1, c); err != nil || s.Reveal() != victim {
		t.Fatalf("independent ciphertext: %v", err)
	}
	sealed, _ := kr.Seal(ctx, place1, NewSecret(victim))
	if again := sealWithNonce(t, place1, 2, sealed[fieldHeaderSize:fieldHeaderSize+fieldNonceSize], []byte(victim)); !bytes.Equal(again, sealed) {
		t.Fatal("Seal's output differs from the independent implementation")
	}
}

// fuzzRecordKeyring is fuzzKeyring with record keys 1 and 2 whose secrets
// are fixed; record key 3 is destroyed.
func fuzzRecordKeyring(tb testing.TB) *Keyring {
	kr := fuzzKeyring(tb)
	rs := new(MemoryRecordKeyStore)
	if _, err := rs.AddRecordKeys(context.Background(), [][]byte{bytes.Repeat([]byte{1}, keySize), bytes.Repeat([]byte{2}, keySize), bytes.Repeat([]byte{3}, keySize)}); err != nil {
		tb.Fatal(err)
	}
	if err := rs.DestroyRecordKeys(context.Background(), []uint64{3}); err != nil {
		tb.Fatal(err)
	}
	kr.UseRecordKeys(rs)
	return kr
}

// FuzzOpenRecord: arbitrary bytes of either format never panic Open, a
// value that opens is a seed, and what Open reads of the header agrees
// with KeyVersion and RecordKey.
func FuzzOpenRecord(f *testing.F) {
	kr := fuzzRecordKeyring(f)
	ctx := context.Background()
	for rec := uint64(0); rec <= 3; rec++ {
		for i, pt := range fuzzPlaintexts {
			p := place1
			p.RowKey, p.Record = "row"+string(rune('0'+i)), rec
			if rec == 3 {
				p.Record = 1
			}
			c, err := kr.Seal(ctx, p, NewSecret(pt))
			if err != nil {
				f.Fatal(err)
			}
			if rec == 3 {
				binary.BigEndian.PutUint64(c[5:], 3) // a destroyed key's value
			}
			f.Add(p.RowKey, []byte(c))
		}
	}
	f.Add("row0", []byte{recordFieldFormat, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1})
	f.Fuzz(func(t *testing.T, row string, data []byte) {
		p := place1
		p.RowKey = row
		c := Ciphertext(data)
		v, vok := c.KeyVersion()
		rec, rok := c.RecordKey()
		if vok != rok {
			t.Fatalf("KeyVersion ok %v, RecordKey ok %v", vok, rok)
		}
		s, err := kr.Open(ctx, p, c)
		// A record key the store lacks (destroyed or never made) is
		// ErrShredded; nothing else is.
		if errors.Is(err, ErrShredded) && (!rok || rec == 1 || rec == 2 || data[0] != recordFieldFormat) {
			t.Fatalf("ErrShredded for record %d (ok %v)", rec, rok)
		}
		if err != nil {
			if !s.IsZero() {
				t.Fatal("failed Open returned plaintext")
			}
			return
		}
		if v < 1 || v > 2 || rec == 3 || !slices.Contains(fuzzPlaintexts, s.Reveal()) {
			t.Fatalf("forged ciphertext %x opened to %q", data, s.Reveal())
		}
	})
}

// FuzzDecryptStreamRecord: arbitrary bytes never panic DecryptStream with
// record keys about, what decrypts is a seed file whole, and ErrShredded
// comes only from a format 2 header naming a record key the store lacks.
func FuzzDecryptStreamRecord(f *testing.F) {
	kr := fuzzRecordKeyring(f)
	ctx := context.Background()
	sizes := []int{0, 1, 100, chunkSize + 10}
	for _, rec := range []uint64{0, 1, 2} {
		for _, n := range sizes {
			p := place1
			p.Record = rec
			var buf bytes.Buffer
			if _, err := kr.EncryptStream(ctx, p, &buf, bytes.NewReader(fuzzFile(n))); err != nil {
				f.Fatal(err)
			}
			f.Add(buf.Bytes())
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var out bytes.Buffer
		n, err := kr.DecryptStream(ctx, place1, &out, bytes.NewReader(data))
		if n != int64(out.Len()) {
			t.Fatalf("returned %d, wrote %d", n, out.Len())
		}
		rec, ok := FileRecordKey(data)
		if errors.Is(err, ErrShredded) && (!ok || rec == 0 || rec == 1 || rec == 2) {
			t.Fatalf("ErrShredded for record %d (ok %v)", rec, ok)
		}
		if err != nil {
			return
		}
		for _, size := range sizes {
			if bytes.Equal(out.Bytes(), fuzzFile(size)) {
				return
			}
		}
		t.Fatalf("forged file decrypted to %q", out.Bytes())
	})
}
