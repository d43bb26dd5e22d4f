package vault

import (
	"context"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"unicode/utf8"
)

// testMaster returns a fresh random master key.
func testMaster(t testing.TB) MasterKey {
	t.Helper()
	m, err := newMasterKey(randomBytes(keySize))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// testEnv is a master key, a store with some tenants, and a keyring over them.
type testEnv struct {
	m  MasterKey
	ks *MemoryKeyStore
	kr *Keyring
}

// newEnv returns a testEnv whose store has keys for tenants.
func newEnv(t testing.TB, tenants ...int64) *testEnv {
	t.Helper()
	e := &testEnv{m: testMaster(t), ks: NewMemoryKeyStore()}
	for _, id := range tenants {
		if err := e.ks.AddTenant(e.m, id); err != nil {
			t.Fatal(err)
		}
	}
	e.kr = NewKeyring(e.m, e.ks)
	return e
}

// seal seals s at p or fails the test.
func (e *testEnv) seal(t testing.TB, p Place, s string) Ciphertext {
	t.Helper()
	c, err := e.kr.Seal(context.Background(), p, NewSecret(s))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// place1 is a place in tenant 1 that tests vary.
var place1 = Place{TenantID: 1, Table: "reports", Column: "victim_name", RowKey: "r-7Hq2"}

// countingStore counts the calls to a KeyStore and can be made to fail.
type countingStore struct {
	KeyStore
	calls atomic.Int64
	fail  atomic.Bool
}

// errStoreDown is what a failing countingStore returns.
var errStoreDown = errors.New("store down")

// TenantKeys implements KeyStore.
func (s *countingStore) TenantKeys(ctx context.Context, id int64) ([]WrappedKey, error) {
	s.calls.Add(1)
	if s.fail.Load() {
		return nil, errStoreDown
	}
	return s.KeyStore.TenantKeys(ctx, id)
}

// flip returns a copy of b with bit j of byte i flipped.
func flip(b []byte, i, j int) []byte {
	c := append([]byte(nil), b...)
	c[i] ^= 1 << j
	return c
}

// leakForms returns the ways fmt might render secret bytes b: hex, the
// decimal bytes of a []byte, the 32-bit words of an AES key schedule, and
// the text itself.
func leakForms(b []byte) []string {
	forms := []string{
		hex.EncodeToString(b[:6]),
		strings.ToUpper(hex.EncodeToString(b[:6])),
		strings.Trim(fmt.Sprint(b[:4]), "[]"),
		strconv.FormatUint(uint64(binary.BigEndian.Uint32(b)), 10),
		strconv.FormatUint(uint64(binary.LittleEndian.Uint32(b)), 10),
	}
	if s := string(b[:4]); utf8.ValidString(s) {
		forms = append(forms, s)
	}
	return forms
}

// leakIn returns the first form of any of secrets that out shows, or "".
func leakIn(out string, secrets ...[]byte) string {
	for _, b := range secrets {
		for _, f := range leakForms(b) {
			if strings.Contains(out, f) {
				return f
			}
		}
	}
	return ""
}

// checkNoLeak fails the test if out shows any of secrets in any leakForms.
func checkNoLeak(t testing.TB, what, out string, secrets ...[]byte) {
	t.Helper()
	if f := leakIn(out, secrets...); f != "" {
		t.Errorf("%s shows secret bytes (%q): %.300s", what, f, out)
	}
}

// allVerbs are the fmt verbs and flags a Secret or key is printed with.
var allVerbs = []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%X", "%d", "%p", "%10s", "%-8v", "%T"}
