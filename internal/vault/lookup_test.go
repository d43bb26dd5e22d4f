package vault

import (
	"context"
	"crypto/hkdf"
	"crypto/hmac"
	"crypto/sha256"
	"testing"
)

func TestLookup(t *testing.T) {
	e := newEnv(t, 1, 2)
	ctx := context.Background()
	hash := func(tenant int64, purpose, value string) []byte {
		t.Helper()
		h, err := e.kr.Lookup(ctx, tenant, purpose, value)
		if err != nil {
			t.Fatal(err)
		}
		if len(h) != sha256.Size {
			t.Fatalf("%d bytes", len(h))
		}
		return h
	}
	base := hash(1, "report.receipt", "K7QF-29XD")
	tests := []struct {
		name           string
		tenant         int64
		purpose, value string
		same           bool
	}{
		{"same", 1, "report.receipt", "K7QF-29XD", true},
		{"other tenant", 2, "report.receipt", "K7QF-29XD", false},
		{"other purpose", 1, "user.email", "K7QF-29XD", false},
		{"other value", 1, "report.receipt", "K7QF-29XE", false},
		{"not normalised", 1, "report.receipt", "k7qf-29xd", false},
		{"purpose suffix", 1, "report.receipt|", "K7QF-29XD", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := hash(tt.tenant, tt.purpose, tt.value); Equal(got, base) != tt.same {
				t.Fatalf("Equal = %v, want %v", !tt.same, tt.same)
			}
		})
	}

	// Pin the construction: HMAC-SHA256 under HKDF(lookup key, info).
	var lk []byte
	for _, w := range e.ks.All() {
		if w.TenantID == 1 && w.Kind == KindLookup {
			lk, _ = unwrap(e.m, w)
		}
	}
	sub, _ := hkdf.Key(sha256.New, lk, nil, "sigap/lookup/v1|report.receipt", 32)
	mac := hmac.New(sha256.New, sub)
	mac.Write([]byte("K7QF-29XD"))
	if !Equal(mac.Sum(nil), base) {
		t.Fatal("Lookup is not HMAC-SHA256 under the HKDF subkey")
	}

	// The lookup key outlives data key rotation and new Keyrings.
	e.ks.RotateDataKey(e.m, 1)
	if !Equal(hash(1, "report.receipt", "K7QF-29XD"), base) || !Equal(mustLookup(t, NewKeyring(e.m, e.ks)), base) {
		t.Fatal("hash changed")
	}

	if _, err := e.kr.Lookup(ctx, 1, "", "v"); err == nil {
		t.Fatal("empty purpose accepted")
	}
	if _, err := e.kr.Lookup(ctx, 0, "p", "v"); err == nil {
		t.Fatal("tenant 0 accepted")
	}
}

func mustLookup(t *testing.T, kr *Keyring) []byte {
	t.Helper()
	h, err := kr.Lookup(context.Background(), 1, "report.receipt", "K7QF-29XD")
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func TestEqual(t *testing.T) {
	tests := []struct {
		a, b []byte
		want bool
	}{
		{nil, nil, true},
		{[]byte{}, nil, true},
		{[]byte{1, 2}, []byte{1, 2}, true},
		{[]byte{1, 2}, []byte{1, 3}, false},
		{[]byte{1, 2}, []byte{1, 2, 3}, false},
		{[]byte{1}, nil, false},
	}
	for _, tt := range tests {
		if got := Equal(tt.a, tt.b); got != tt.want {
			t.Errorf("Equal(%v, %v) = %v", tt.a, tt.b, got)
		}
	}
}
