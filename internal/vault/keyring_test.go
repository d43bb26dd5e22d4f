package vault

import (
	"bytes"
	"context"
	"crypto/hkdf"
	"crypto/sha256"
	"errors"
	"fmt"
	"strconv"
	"sync"
	"testing"
	"time"
)

func TestKeyringCaches(t *testing.T) {
	e := newEnv(t, 1, 2)
	cs := &countingStore{KeyStore: e.ks}
	kr := NewKeyring(e.m, cs)
	ctx := context.Background()
	for range 50 {
		c, err := kr.Seal(ctx, place1, NewSecret("x"))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := kr.Open(ctx, place1, c); err != nil {
			t.Fatal(err)
		}
		if _, err := kr.Lookup(ctx, 1, "p", "v"); err != nil {
			t.Fatal(err)
		}
	}
	if n := cs.calls.Load(); n != 1 {
		t.Fatalf("%d store calls for one tenant, want 1", n)
	}
	kr.Forget(2) // another tenant: no effect on tenant 1
	kr.Seal(ctx, place1, NewSecret("x"))
	kr.Forget(1)
	kr.Seal(ctx, place1, NewSecret("x"))
	if n := cs.calls.Load(); n != 2 {
		t.Fatalf("%d store calls after Forget, want 2", n)
	}
}

func TestKeyringStoreFailure(t *testing.T) {
	e := newEnv(t, 1)
	cs := &countingStore{KeyStore: e.ks}
	cs.fail.Store(true)
	kr := NewKeyring(e.m, cs)
	ctx := context.Background()
	c := e.seal(t, place1, victim)
	// An outage must not look like tampering.
	if _, err := kr.Open(ctx, place1, c); !errors.Is(err, errStoreDown) || errors.Is(err, ErrDecrypt) {
		t.Fatalf("Open: err = %v, want the store's error", err)
	}
	if _, err := kr.Seal(ctx, place1, NewSecret("x")); !errors.Is(err, errStoreDown) {
		t.Fatalf("Seal: err = %v", err)
	}
	cs.fail.Store(false)
	if _, err := kr.Open(ctx, place1, c); err != nil {
		t.Fatalf("after recovery: %v", err)
	}
}

// sliceStore is a KeyStore that returns fixed keys whatever the tenant.
type sliceStore []WrappedKey

func (s sliceStore) TenantKeys(context.Context, int64) ([]WrappedKey, error) { return s, nil }

func TestKeyringRefusesBadStore(t *testing.T) {
	m := testMaster(t)
	d1, l1, _ := NewTenantKeys(m, 1)
	d2, _ := NewDataKeyVersion(m, 2, 5) // a version tenant 1 lacks, so only the tenant check can refuse it
	tests := map[string]sliceStore{
		"key of another tenant": {d1, l1, d2},
		"same version twice":    {d1, l1, d1},
		"two lookup keys":       {d1, l1, l1},
	}
	for name, ks := range tests {
		t.Run(name, func(t *testing.T) {
			_, err := NewKeyring(m, ks).Seal(context.Background(), place1, NewSecret("x"))
			if !errors.Is(err, ErrUnwrap) {
				t.Fatalf("err = %v, want ErrUnwrap", err)
			}
		})
	}
}

func TestKeyringTenantWithoutKeys(t *testing.T) {
	e := newEnv(t)
	cs := &countingStore{KeyStore: e.ks}
	kr := NewKeyring(e.m, cs)
	ctx := context.Background()
	if _, err := kr.Seal(ctx, place1, NewSecret("x")); !errors.Is(err, ErrNoKey) {
		t.Fatalf("Seal: %v", err)
	}
	if _, err := kr.Lookup(ctx, 1, "p", "v"); !errors.Is(err, ErrNoKey) {
		t.Fatalf("Lookup: %v", err)
	}
	if _, err := kr.DataKeyVersion(ctx, 1); !errors.Is(err, ErrNoKey) {
		t.Fatalf("DataKeyVersion: %v", err)
	}
	if _, err := kr.EncryptStream(ctx, place1, &bytes.Buffer{}, bytes.NewReader(nil)); !errors.Is(err, ErrNoKey) {
		t.Fatalf("EncryptStream: %v", err)
	}
	// Absence is not cached: keys made now are used without Forget.
	if err := e.ks.AddTenant(e.m, 1); err != nil {
		t.Fatal(err)
	}
	if _, err := kr.Seal(ctx, place1, NewSecret("x")); err != nil {
		t.Fatalf("after AddTenant: %v", err)
	}
}

// TestKeyringFollowsOtherProcess: a Keyring that missed a rotation made
// elsewhere reloads when it meets a newer version, but at most once per
// reloadInterval, so rows naming absurd versions cannot hammer the store.
func TestKeyringFollowsOtherProcess(t *testing.T) {
	e := newEnv(t, 1)
	ctx := context.Background()
	cs := &countingStore{KeyStore: e.ks}
	stale := NewKeyring(e.m, cs)
	now := time.Unix(1e9, 0)
	stale.now = func() time.Time { return now }
	if _, err := stale.DataKeyVersion(ctx, 1); err != nil { // load and cache v1
		t.Fatal(err)
	}

	e.ks.RotateDataKey(e.m, 1)
	e.kr.Forget(1)
	c := e.seal(t, place1, victim) // v2, by "another process"

	if _, err := stale.Open(ctx, place1, c); !errors.Is(err, ErrDecrypt) {
		t.Fatalf("within the interval: err = %v, want ErrDecrypt", err)
	}
	now = now.Add(reloadInterval)
	if s, err := stale.Open(ctx, place1, c); err != nil || s.Reveal() != victim {
		t.Fatalf("after the interval: %v", err)
	}
	if v, _ := stale.DataKeyVersion(ctx, 1); v != 2 {
		t.Fatalf("the reload did not update the newest version: %d", v)
	}

	calls := cs.calls.Load()
	bogus := bytes.Clone(c)
	bogus[1] = 0x7f
	for range 100 {
		stale.Open(ctx, place1, bogus)
	}
	now = now.Add(reloadInterval)
	for range 100 {
		stale.Open(ctx, place1, bogus)
	}
	if n := cs.calls.Load() - calls; n > 1 {
		t.Fatalf("%d reloads for bogus versions, want at most 1", n)
	}
}

// blockingStore reads the keys, then stops in TenantKeys until released,
// like a slow query whose answer is already out of date.
type blockingStore struct {
	KeyStore
	entered, release chan struct{}
}

func (s *blockingStore) TenantKeys(ctx context.Context, id int64) ([]WrappedKey, error) {
	ws, err := s.KeyStore.TenantKeys(ctx, id)
	s.entered <- struct{}{}
	<-s.release
	return ws, err
}

// TestForgetDuringLoad: keys loaded before a Forget must not be cached
// after it, or a rotation could be missed for good.
func TestForgetDuringLoad(t *testing.T) {
	e := newEnv(t, 1)
	bs := &blockingStore{KeyStore: e.ks, entered: make(chan struct{}), release: make(chan struct{})}
	kr := NewKeyring(e.m, bs)
	ctx := context.Background()
	done := make(chan error)
	go func() {
		_, err := kr.DataKeyVersion(ctx, 1)
		done <- err
	}()
	<-bs.entered // loading the old keys
	e.ks.RotateDataKey(e.m, 1)
	kr.Forget(1)
	close(bs.release)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	go func() { <-bs.entered }() // the reload
	if v, err := kr.DataKeyVersion(ctx, 1); err != nil || v != 2 {
		t.Fatalf("after Forget: v%d, %v; the stale load was cached", v, err)
	}
}

func TestKeyringConcurrent(t *testing.T) {
	e := newEnv(t, 1, 2, 3, 4)
	ctx := context.Background()
	var wg sync.WaitGroup
	errs := make(chan error, 64)
	for g := range 16 {
		wg.Go(func() {
			for i := range 50 {
				p := place1
				p.TenantID = int64(g%4 + 1)
				p.RowKey = strconv.Itoa(i)
				c, err := e.kr.Seal(ctx, p, NewSecret(p.RowKey))
				if err == nil {
					var s Secret
					s, err = e.kr.Open(ctx, p, c)
					if err == nil && s.Reveal() != p.RowKey {
						err = fmt.Errorf("opened %q", s.Reveal())
					}
				}
				if err == nil {
					_, err = e.kr.Lookup(ctx, p.TenantID, "p"+strconv.Itoa(i%3), "v")
				}
				if err != nil {
					errs <- err
					return
				}
				if i%10 == 0 {
					e.kr.Forget(p.TenantID)
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
}

func TestKeyringNeverPrints(t *testing.T) {
	key := randomBytes(keySize)
	m, _ := newMasterKey(key)
	ks := NewMemoryKeyStore()
	ks.AddTenant(m, 1)
	kr := NewKeyring(m, ks)
	ctx := context.Background()
	kr.Seal(ctx, place1, NewSecret("x"))
	kr.Lookup(ctx, 1, "p", "v")
	secrets := [][]byte{key}
	for _, w := range ks.All() {
		k, err := unwrap(m, w)
		if err != nil {
			t.Fatal(err)
		}
		secrets = append(secrets, k)
		if w.Kind == KindLookup {
			sub, _ := hkdf.Key(sha256.New, k, nil, lookupInfo+"p", keySize)
			secrets = append(secrets, sub)
		}
	}
	type server struct {
		KR *Keyring
		kr *Keyring
	}
	s := server{kr, kr}
	for _, verb := range allVerbs {
		for what, arg := range map[string]any{"keyring": kr, "server": s, "*server": &s} {
			checkNoLeak(t, verb+" of "+what, fmt.Sprintf(verb, arg), secrets...)
		}
	}
	if got := fmt.Sprint(kr); got != "Keyring("+m.ID()+")" {
		t.Fatalf("Sprint = %q", got)
	}
}
