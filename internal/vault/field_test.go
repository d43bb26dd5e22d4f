package vault

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
)

func TestSealOpenRoundTrip(t *testing.T) {
	e := newEnv(t, 1)
	ctx := context.Background()
	tests := []struct{ name, plain string }{
		{"empty", ""},
		{"name", victim},
		{"one byte", "x"},
		{"4 KiB", strings.Repeat("acusación ", 410)},
		{"1 MiB", strings.Repeat("z", 1<<20)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := e.kr.Seal(ctx, place1, NewSecret(tt.plain))
			if err != nil {
				t.Fatal(err)
			}
			if len(c) != len(tt.plain)+fieldOverhead {
				t.Fatalf("len = %d, want %d", len(c), len(tt.plain)+fieldOverhead)
			}
			if v, ok := c.KeyVersion(); !ok || v != 1 {
				t.Fatalf("KeyVersion = %d, %v", v, ok)
			}
			if len(tt.plain) >= 4 && bytes.Contains(c, []byte(tt.plain[:4])) && tt.plain[:4] != "zzzz" {
				t.Fatal("ciphertext contains the plaintext")
			}
			s, err := e.kr.Open(ctx, place1, c)
			if err != nil {
				t.Fatal(err)
			}
			if s.Reveal() != tt.plain {
				t.Fatalf("opened %d bytes, want %d", len(s.Reveal()), len(tt.plain))
			}
		})
	}
	a, b := e.seal(t, place1, victim), e.seal(t, place1, victim)
	if bytes.Equal(a, b) {
		t.Fatal("two seals of the same value are equal: the nonce is not random")
	}
}

func TestOpenElsewhere(t *testing.T) {
	e := newEnv(t, 1, 2)
	ctx := context.Background()
	at := func(f func(p *Place)) Place { p := place1; f(&p); return p }
	tests := []struct {
		name       string
		seal, open Place
	}{
		{"other row", place1, at(func(p *Place) { p.RowKey = "r-other" })},
		{"other column", place1, at(func(p *Place) { p.Column = "accused_name" })},
		{"other table", place1, at(func(p *Place) { p.Table = "witnesses" })},
		{"other tenant", place1, at(func(p *Place) { p.TenantID = 2 })},
		{"tenant without keys", place1, at(func(p *Place) { p.TenantID = 3 })},
		{"case", place1, at(func(p *Place) { p.Table = "Reports" })},
		{"table/column boundary", at(func(p *Place) { p.Table, p.Column = "ab", "c" }), at(func(p *Place) { p.Table, p.Column = "a", "bc" })},
		{"column/row boundary", at(func(p *Place) { p.Column, p.RowKey = "x", "1|2" }), at(func(p *Place) { p.Column, p.RowKey = "x|1", "2" })},
		{"row key prefix", at(func(p *Place) { p.RowKey = "12" }), at(func(p *Place) { p.RowKey = "1" })},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := e.seal(t, tt.seal, victim)
			if _, err := e.kr.Open(ctx, tt.seal, c); err != nil {
				t.Fatalf("opening at its own place: %v", err)
			}
			s, err := e.kr.Open(ctx, tt.open, c)
			if !errors.Is(err, ErrDecrypt) {
				t.Fatalf("err = %v, want ErrDecrypt", err)
			}
			if !s.IsZero() {
				t.Fatal("failed Open returned plaintext")
			}
		})
	}
}

func TestOpenTampered(t *testing.T) {
	e := newEnv(t, 1)
	ctx := context.Background()
	c := e.seal(t, place1, victim)
	for i := range c {
		for bit := range 8 {
			if _, err := e.kr.Open(ctx, place1, flip(c, i, bit)); !errors.Is(err, ErrDecrypt) {
				t.Fatalf("byte %d bit %d: err = %v, want ErrDecrypt", i, bit, err)
			}
		}
	}
	for n := range len(c) {
		if _, err := e.kr.Open(ctx, place1, c[:n]); !errors.Is(err, ErrDecrypt) {
			t.Fatalf("truncated to %d: err = %v, want ErrDecrypt", n, err)
		}
	}
	if _, err := e.kr.Open(ctx, place1, append(bytes.Clone(c), 0)); !errors.Is(err, ErrDecrypt) {
		t.Fatalf("extended: err = %v", err)
	}
	for _, v := range []uint32{0, 2, 1 << 31} {
		bad := bytes.Clone(c)
		bad[1], bad[2], bad[3], bad[4] = byte(v>>24), byte(v>>16), byte(v>>8), byte(v)
		if _, err := e.kr.Open(ctx, place1, bad); !errors.Is(err, ErrDecrypt) {
			t.Fatalf("version %d: err = %v", v, err)
		}
	}
}

func TestIncompletePlace(t *testing.T) {
	e := newEnv(t, 1)
	ctx := context.Background()
	c := e.seal(t, place1, victim)
	at := func(f func(p *Place)) Place { p := place1; f(&p); return p }
	for name, p := range map[string]Place{
		"negative tenant": at(func(p *Place) { p.TenantID = -1 }),
		"negative":        at(func(p *Place) { p.TenantID = -1 }),
		"no table":        at(func(p *Place) { p.Table = "" }),
		"no column":       at(func(p *Place) { p.Column = "" }),
		"no row key":      at(func(p *Place) { p.RowKey = "" }),
		"zero":            {},
	} {
		t.Run(name, func(t *testing.T) {
			var errs []error
			_, err := e.kr.Seal(ctx, p, NewSecret("x"))
			errs = append(errs, err)
			_, err = e.kr.Open(ctx, p, c)
			errs = append(errs, err)
			_, _, err = e.kr.Reseal(ctx, p, c)
			errs = append(errs, err)
			_, err = e.kr.EncryptStream(ctx, p, &bytes.Buffer{}, strings.NewReader("x"))
			errs = append(errs, err)
			_, err = e.kr.DecryptStream(ctx, p, &bytes.Buffer{}, strings.NewReader("x"))
			errs = append(errs, err)
			for i, err := range errs {
				if !errors.Is(err, ErrPlace) {
					t.Errorf("call %d: err = %v, want ErrPlace", i, err)
				}
			}
		})
	}
}

func TestDataKeyRotation(t *testing.T) {
	e := newEnv(t, 1)
	ctx := context.Background()
	old := e.seal(t, place1, victim)
	if _, err := e.ks.RotateDataKey(e.m, 1); err != nil {
		t.Fatal(err)
	}
	if v, _ := e.seal(t, place1, "x").KeyVersion(); v != 1 {
		t.Fatalf("before Forget, sealed under v%d; the cache should still say v1", v)
	}
	e.kr.Forget(1)
	if v, err := e.kr.DataKeyVersion(ctx, 1); v != 2 || err != nil {
		t.Fatalf("DataKeyVersion = %d, %v", v, err)
	}
	fresh := e.seal(t, place1, "new")
	if v, _ := fresh.KeyVersion(); v != 2 {
		t.Fatalf("after Forget, sealed under v%d, want v2", v)
	}
	if s, err := e.kr.Open(ctx, place1, old); err != nil || s.Reveal() != victim {
		t.Fatalf("old ciphertext: %q, %v", s.Reveal(), err)
	}

	moved, changed, err := e.kr.Reseal(ctx, place1, old)
	if err != nil || !changed {
		t.Fatalf("Reseal = changed %v, %v", changed, err)
	}
	if v, _ := moved.KeyVersion(); v != 2 {
		t.Fatalf("resealed under v%d", v)
	}
	if s, err := e.kr.Open(ctx, place1, moved); err != nil || s.Reveal() != victim {
		t.Fatalf("resealed: %q, %v", s.Reveal(), err)
	}
	same, changed, err := e.kr.Reseal(ctx, place1, moved)
	if err != nil || changed || !bytes.Equal(same, moved) {
		t.Fatalf("second Reseal: changed %v, %v", changed, err)
	}

	// Reseal must not launder a tampered or misplaced old ciphertext.
	if _, _, err := e.kr.Reseal(ctx, place1, flip(old, len(old)-1, 0)); !errors.Is(err, ErrDecrypt) {
		t.Fatalf("Reseal of tampered: %v", err)
	}
	other := place1
	other.RowKey = "r-other"
	if _, _, err := e.kr.Reseal(ctx, other, old); !errors.Is(err, ErrDecrypt) {
		t.Fatalf("Reseal at another place: %v", err)
	}
	if _, _, err := e.kr.Reseal(ctx, place1, Ciphertext{1, 2}); !errors.Is(err, ErrDecrypt) {
		t.Fatalf("Reseal of garbage: %v", err)
	}
}

func TestMasterKeyRotation(t *testing.T) {
	e := newEnv(t, 1, 2, 3)
	ctx := context.Background()
	type field struct {
		p Place
		c Ciphertext
	}
	var fields []field
	files := map[Place][]byte{}
	hashes := map[int64][]byte{}
	for tenant := int64(1); tenant <= 3; tenant++ {
		p := place1
		p.TenantID = tenant
		fields = append(fields, field{p, e.seal(t, p, victim)})
		var buf bytes.Buffer
		if _, err := e.kr.EncryptStream(ctx, p, &buf, strings.NewReader(victim)); err != nil {
			t.Fatal(err)
		}
		files[p] = buf.Bytes()
		h, err := e.kr.Lookup(ctx, tenant, "report.receipt", "K7QF-29XD")
		if err != nil {
			t.Fatal(err)
		}
		hashes[tenant] = h
	}
	if _, err := e.ks.RotateDataKey(e.m, 2); err != nil { // several versions to rewrap
		t.Fatal(err)
	}

	next := testMaster(t)
	rewrapped := NewMemoryKeyStore()
	for _, w := range e.ks.All() {
		nw, err := Rewrap(e.m, next, w)
		if err != nil {
			t.Fatal(err)
		}
		if nw.MasterID != next.ID() || nw.TenantID != w.TenantID || nw.Kind != w.Kind || nw.Version != w.Version {
			t.Fatalf("Rewrap changed the key's identity: %+v", nw)
		}
		rewrapped.Put(nw)
	}
	if _, err := Rewrap(testMaster(t), next, e.ks.All()[0]); !errors.Is(err, ErrUnwrap) {
		t.Fatalf("Rewrap with the wrong old master: %v", err)
	}

	// A Keyring with the old master over the rewrapped keys opens nothing,
	// even when the keys are relabelled to claim the old master.
	forged := NewMemoryKeyStore()
	for _, w := range rewrapped.All() {
		w.MasterID = e.m.ID()
		forged.Put(w)
	}
	for name, ks := range map[string]KeyStore{"rewrapped": rewrapped, "relabelled": forged} {
		oldKR := NewKeyring(e.m, ks)
		for _, f := range fields {
			if _, err := oldKR.Open(ctx, f.p, f.c); !errors.Is(err, ErrUnwrap) {
				t.Errorf("%s: old master opened tenant %d: %v", name, f.p.TenantID, err)
			}
		}
		for p, file := range files {
			if _, err := oldKR.DecryptStream(ctx, p, &bytes.Buffer{}, bytes.NewReader(file)); !errors.Is(err, ErrUnwrap) {
				t.Errorf("%s: old master opened a file of tenant %d: %v", name, p.TenantID, err)
			}
		}
		if _, err := oldKR.Lookup(ctx, 1, "report.receipt", "K7QF-29XD"); !errors.Is(err, ErrUnwrap) {
			t.Errorf("%s: old master made a lookup hash: %v", name, err)
		}
	}

	newKR := NewKeyring(next, rewrapped)
	for _, f := range fields {
		if s, err := newKR.Open(ctx, f.p, f.c); err != nil || s.Reveal() != victim {
			t.Errorf("new master, tenant %d: %q, %v", f.p.TenantID, s.Reveal(), err)
		}
	}
	for p, file := range files {
		var out bytes.Buffer
		if _, err := newKR.DecryptStream(ctx, p, &out, bytes.NewReader(file)); err != nil || out.String() != victim {
			t.Errorf("new master, file of tenant %d: %v", p.TenantID, err)
		}
	}
	for tenant, want := range hashes {
		if got, err := newKR.Lookup(ctx, tenant, "report.receipt", "K7QF-29XD"); err != nil || !Equal(got, want) {
			t.Errorf("tenant %d: lookup hash changed with the master key: %v", tenant, err)
		}
	}
}
