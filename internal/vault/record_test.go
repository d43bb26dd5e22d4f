package vault

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"strings"
	"testing"
	"time"
)

// newRecordEnv is newEnv with a record key store.
func newRecordEnv(t testing.TB, tenants ...int64) (*testEnv, *MemoryRecordKeyStore) {
	t.Helper()
	e := newEnv(t, tenants...)
	rs := new(MemoryRecordKeyStore)
	e.kr.UseRecordKeys(rs)
	return e, rs
}

func newRecord(t testing.TB, kr *Keyring) uint64 {
	t.Helper()
	id, err := kr.NewRecordKey(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func TestRecordSealOpenRoundTrip(t *testing.T) {
	e, rs := newRecordEnv(t, 1)
	ctx := context.Background()
	p := place1
	p.Record = newRecord(t, e.kr)
	c := e.seal(t, p, victim)
	if c[0] != recordFieldFormat || len(c) != recordFieldOverhead+len(victim) {
		t.Fatalf("format %d, %d bytes", c[0], len(c))
	}
	if id, ok := c.RecordKey(); !ok || id != p.Record {
		t.Fatalf("RecordKey = %d, %v; want %d", id, ok, p.Record)
	}
	if v, ok := c.KeyVersion(); !ok || v != 1 {
		t.Fatalf("KeyVersion = %d, %v", v, ok)
	}
	// Another keyring over the same stores reads the secret from the store.
	other := NewKeyring(e.m, e.ks)
	other.UseRecordKeys(rs)
	for _, kr := range []*Keyring{e.kr, other} {
		s, err := kr.Open(ctx, place1, c) // Open takes the record from the header
		if err != nil || s.Reveal() != victim {
			t.Fatalf("Open = %q, %v", s.Reveal(), err)
		}
	}
	// Without a record key store a record's value neither opens nor seals.
	bare := NewKeyring(e.m, e.ks)
	if _, err := bare.Open(ctx, place1, c); !errors.Is(err, ErrNoRecordStore) {
		t.Fatalf("Open without record store: %v", err)
	}
	if _, err := bare.Seal(ctx, p, NewSecret("x")); !errors.Is(err, ErrNoRecordStore) {
		t.Fatalf("Seal without record store: %v", err)
	}
	// Blocks: many records, one durable write per block (the next one
	// reserved ahead, in the background).
	seen := map[uint64]bool{p.Record: true}
	for range 4 * recordKeyBlock {
		id := newRecord(t, e.kr)
		if seen[id] {
			t.Fatalf("record key %d handed out twice", id)
		}
		seen[id] = true
	}
	if _, adds := rs.Calls(); adds > 6 {
		t.Fatalf("%d reservations for %d records", adds, len(seen))
	}
}

func TestRecordWrongKeyAndTamper(t *testing.T) {
	e, _ := newRecordEnv(t, 1, 2)
	ctx := context.Background()
	p := place1
	p.Record = newRecord(t, e.kr)
	c := e.seal(t, p, victim)
	other := newRecord(t, e.kr)
	// Another record's key ID in the header: the header is bound, and the
	// key differs.
	moved := bytes.Clone(c)
	binary.BigEndian.PutUint64(moved[5:], other)
	if _, err := e.kr.Open(ctx, place1, moved); !errors.Is(err, ErrDecrypt) {
		t.Fatalf("other record key: %v", err)
	}
	// Every single bit flip fails.
	for i := range len(c) * 8 {
		bad := bytes.Clone(c)
		bad[i/8] ^= 1 << (i % 8)
		if s, err := e.kr.Open(ctx, place1, bad); err == nil {
			t.Fatalf("flip of bit %d opened to %q", i, s.Reveal())
		}
	}
	// Format 1 header on a format 2 body, and truncations, fail.
	if _, err := e.kr.Open(ctx, place1, append(Ciphertext{fieldFormat}, c[1:]...)); !errors.Is(err, ErrDecrypt) {
		t.Fatalf("format changed: %v", err)
	}
	for n := range len(c) {
		if _, err := e.kr.Open(ctx, place1, c[:n]); err == nil {
			t.Fatalf("cut to %d bytes opened", n)
		}
	}
	// The same record key in another tenant's place does not open: the
	// mixed key is bound to the tenant.
	q := place1
	q.TenantID = 2
	if _, err := e.kr.Open(ctx, q, c); !errors.Is(err, ErrDecrypt) {
		t.Fatalf("other tenant: %v", err)
	}
	// Format 1 values still open beside format 2 ones.
	c1 := e.seal(t, place1, victim)
	if c1[0] != fieldFormat {
		t.Fatalf("format %d without a record", c1[0])
	}
	if id, ok := c1.RecordKey(); !ok || id != 0 {
		t.Fatalf("RecordKey of format 1 = %d, %v", id, ok)
	}
	if s, err := e.kr.Open(ctx, place1, c1); err != nil || s.Reveal() != victim {
		t.Fatalf("format 1: %q, %v", s.Reveal(), err)
	}
}

func TestRecordShred(t *testing.T) {
	e, rs := newRecordEnv(t, 1)
	ctx := context.Background()
	p, q := place1, place1
	p.Record, q.Record = newRecord(t, e.kr), newRecord(t, e.kr)
	c, d := e.seal(t, p, victim), e.seal(t, q, "kept")
	file := e.encryptFile(t, p, plaintext(3*chunkSize+5))
	other := NewKeyring(e.m, e.ks)
	other.UseRecordKeys(rs)
	now := time.Now()
	other.now = func() time.Time { return now }
	if _, err := other.Open(ctx, place1, c); err != nil { // cached in other
		t.Fatal(err)
	}
	if err := e.kr.ShredRecordKeys(ctx, []uint64{p.Record}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.kr.Open(ctx, place1, c); !errors.Is(err, ErrShredded) || !IsShredded(err) {
		t.Fatalf("Open after shred: %v", err)
	}
	if _, err := e.decryptFile(p, file); !errors.Is(err, ErrShredded) {
		t.Fatalf("file after shred: %v", err)
	}
	if _, err := e.kr.Seal(ctx, p, NewSecret("x")); !errors.Is(err, ErrShredded) {
		t.Fatalf("Seal after shred: %v", err)
	}
	if _, _, err := e.kr.Reseal(ctx, q, c); !errors.Is(err, ErrShredded) { // moving it needs the key
		t.Fatalf("Reseal after shred: %v", err)
	}
	if s, err := e.kr.Open(ctx, place1, d); err != nil || s.Reveal() != "kept" {
		t.Fatalf("other record: %q, %v", s.Reveal(), err)
	}
	// The other process still holds the secret until its cache expires.
	if _, err := other.Open(ctx, place1, c); err != nil {
		t.Fatalf("cached elsewhere: %v", err)
	}
	now = now.Add(recordKeyTTL)
	if _, err := other.Open(ctx, place1, c); !errors.Is(err, ErrShredded) {
		t.Fatalf("elsewhere after the cache lifetime: %v", err)
	}
	// A fresh process (an old backup restored with the live key store).
	fresh := NewKeyring(e.m, e.ks)
	fresh.UseRecordKeys(rs)
	if _, err := fresh.Open(ctx, place1, c); !errors.Is(err, ErrShredded) {
		t.Fatalf("fresh keyring: %v", err)
	}
	// Shredding again, or nothing, is not an error.
	if err := e.kr.ShredRecordKeys(ctx, []uint64{p.Record}); err != nil {
		t.Fatal(err)
	}
	if err := e.kr.ShredRecordKeys(ctx, nil); err != nil {
		t.Fatal(err)
	}
}

func TestRecordStream(t *testing.T) {
	e, _ := newRecordEnv(t, 1)
	p := place1
	p.Record = newRecord(t, e.kr)
	for _, n := range []int{0, 1, chunkSize, 2*chunkSize + 3} {
		plain := plaintext(n)
		file := e.encryptFile(t, p, plain)
		if file[4] != recordStreamFormat || len(file) != int(EncryptedSize(int64(n)))+8 {
			t.Fatalf("%d bytes: format %d, %d bytes", n, file[4], len(file))
		}
		got, err := e.decryptFile(place1, file)
		if err != nil || !bytes.Equal(got, plain) {
			t.Fatalf("%d bytes: %v", n, err)
		}
		// The record key ID is bound: another ID fails.
		bad := bytes.Clone(file)
		bad[16] ^= 1
		if _, err := e.decryptFile(place1, bad); err == nil {
			t.Fatal("changed record key ID decrypted")
		}
	}
}

func TestRecordReseal(t *testing.T) {
	e, _ := newRecordEnv(t, 1)
	ctx := context.Background()
	old := e.seal(t, place1, victim) // format 1
	p := place1
	p.Record = newRecord(t, e.kr)
	// Moving a format 1 value to its record key.
	nc, ok, err := e.kr.Reseal(ctx, p, old)
	if err != nil || !ok {
		t.Fatalf("Reseal to record: %v, %v", ok, err)
	}
	if id, _ := nc.RecordKey(); id != p.Record {
		t.Fatalf("record %d", id)
	}
	if _, ok, _ := e.kr.Reseal(ctx, p, nc); ok {
		t.Fatal("resealed again under the same record key")
	}
	// A data key rotation keeps the record key when the place has none.
	if _, err := e.ks.RotateDataKey(e.m, 1); err != nil {
		t.Fatal(err)
	}
	e.kr.Forget(1)
	rc, ok, err := e.kr.Reseal(ctx, place1, nc)
	if err != nil || !ok {
		t.Fatalf("Reseal after rotation: %v, %v", ok, err)
	}
	if id, _ := rc.RecordKey(); id != p.Record {
		t.Fatalf("record %d after rotation", id)
	}
	if v, _ := rc.KeyVersion(); v != 2 {
		t.Fatalf("version %d", v)
	}
	if s, err := e.kr.Open(ctx, place1, rc); err != nil || s.Reveal() != victim {
		t.Fatalf("%q, %v", s.Reveal(), err)
	}
}

func TestRecordCacheBatch(t *testing.T) {
	e, rs := newRecordEnv(t, 1)
	ctx := context.Background()
	var cs []Ciphertext
	var ids []uint64
	for range 5 {
		p := place1
		p.Record = newRecord(t, e.kr)
		ids = append(ids, p.Record)
		cs = append(cs, e.seal(t, p, victim))
	}
	other := NewKeyring(e.m, e.ks)
	other.UseRecordKeys(rs)
	calls, _ := rs.Calls()
	if err := other.LoadRecordKeys(ctx, ids); err != nil {
		t.Fatal(err)
	}
	for _, c := range cs {
		if _, err := other.Open(ctx, place1, c); err != nil {
			t.Fatal(err)
		}
	}
	if now, _ := rs.Calls(); now-calls != 1 {
		t.Fatalf("%d store calls for a batch", now-calls)
	}
}

// failingRecordStore fails every reservation.
type failingRecordStore struct{ MemoryRecordKeyStore }

func (*failingRecordStore) AddRecordKeys(context.Context, [][]byte) ([]uint64, error) {
	return nil, errors.New("disk full")
}

// TestRecordKeyConcurrent: many goroutines take keys at once, across
// several background reservations; none is handed out twice, and a store
// that fails makes NewRecordKey fail instead of hang.
func TestRecordKeyConcurrent(t *testing.T) {
	e, _ := newRecordEnv(t, 1)
	ids := make(chan uint64, 8*recordKeyBlock)
	errs := make(chan error, 16)
	for range 16 {
		go func() {
			for range recordKeyBlock / 2 {
				id, err := e.kr.NewRecordKey(context.Background())
				if err != nil {
					errs <- err
					return
				}
				ids <- id
			}
			errs <- nil
		}()
	}
	for range 16 {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	close(ids)
	seen := map[uint64]bool{}
	for id := range ids {
		if seen[id] || id == 0 {
			t.Fatalf("record key %d handed out twice", id)
		}
		seen[id] = true
	}
	if len(seen) != 8*recordKeyBlock {
		t.Fatalf("%d keys", len(seen))
	}
	bad := newEnv(t, 1)
	bad.kr.UseRecordKeys(new(failingRecordStore))
	if _, err := bad.kr.NewRecordKey(context.Background()); err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Fatalf("failing store: %v", err)
	}
}
