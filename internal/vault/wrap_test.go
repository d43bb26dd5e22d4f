package vault

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

func TestNewTenantKeys(t *testing.T) {
	m := testMaster(t)
	data, lookup, err := NewTenantKeys(m, 42)
	if err != nil {
		t.Fatal(err)
	}
	if data.TenantID != 42 || data.Kind != KindData || data.Version != 1 || data.MasterID != m.ID() || len(data.Blob) != wrappedSize {
		t.Fatalf("data key %+v", data)
	}
	if lookup.TenantID != 42 || lookup.Kind != KindLookup || lookup.Version != 1 || lookup.MasterID != m.ID() {
		t.Fatalf("lookup key %+v", lookup)
	}
	dk, err1 := unwrap(m, data)
	lk, err2 := unwrap(m, lookup)
	if err1 != nil || err2 != nil {
		t.Fatal(err1, err2)
	}
	if len(dk) != keySize || bytes.Equal(dk, lk) {
		t.Fatal("data and lookup keys must be distinct 32-byte keys")
	}
	_, lookup2, _ := NewTenantKeys(m, 42)
	if k2, _ := unwrap(m, lookup2); bytes.Equal(k2, lk) {
		t.Fatal("two calls made the same key")
	}
	if _, _, err := NewTenantKeys(MasterKey{}, 42); !errors.Is(err, ErrMasterKey) {
		t.Fatalf("zero master: %v", err)
	}
}

func TestWrappedKeyBinding(t *testing.T) {
	m := testMaster(t)
	w, err := NewDataKeyVersion(m, 7, 3)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		change func(w *WrappedKey)
	}{
		{"other tenant", func(w *WrappedKey) { w.TenantID = 8 }},
		{"other kind", func(w *WrappedKey) { w.Kind = KindLookup; w.Version = 1 }},
		{"other version", func(w *WrappedKey) { w.Version = 2 }},
		{"other master id", func(w *WrappedKey) { w.MasterID = "00000000" }},
		{"no master id", func(w *WrappedKey) { w.MasterID = "" }},
		{"short blob", func(w *WrappedKey) { w.Blob = w.Blob[:wrappedSize-1] }},
		{"long blob", func(w *WrappedKey) { w.Blob = append(w.Blob, 0) }},
		{"no blob", func(w *WrappedKey) { w.Blob = nil }},
		{"zero tenant", func(w *WrappedKey) { w.TenantID = 0 }},
		{"unknown kind", func(w *WrappedKey) { w.Kind = "Data" }},
		{"forged kind", func(w *WrappedKey) { w.Kind = "data|version=3" }},
		{"version 0", func(w *WrappedKey) { w.Version = 0 }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			bad := w
			bad.Blob = bytes.Clone(w.Blob)
			tt.change(&bad)
			if _, err := unwrap(m, bad); !errors.Is(err, ErrUnwrap) {
				t.Fatalf("err = %v, want ErrUnwrap", err)
			}
		})
	}
	for i := range w.Blob {
		bad := w
		bad.Blob = flip(w.Blob, i, i%8)
		if _, err := unwrap(m, bad); !errors.Is(err, ErrUnwrap) {
			t.Fatalf("flipped byte %d: err = %v", i, err)
		}
	}
	if _, err := unwrap(m, w); err != nil {
		t.Fatalf("the untouched key: %v", err)
	}
}

func TestWrapRefusesBadMeta(t *testing.T) {
	m := testMaster(t)
	for _, meta := range []WrappedKey{
		{TenantID: -1, Kind: KindData, Version: 1},
		{TenantID: 1, Kind: KindData, Version: 0},
		{TenantID: 1, Kind: KindLookup, Version: 2},
		{TenantID: 1, Kind: "data|version=2", Version: 1},
	} {
		if _, err := wrap(m, meta, randomBytes(keySize)); err == nil {
			t.Errorf("wrap(%+v) succeeded", meta)
		}
	}
}

func TestUnwrapWrongMasterSaysWhich(t *testing.T) {
	m, other := testMaster(t), testMaster(t)
	w, _ := NewDataKeyVersion(m, 1, 1)
	_, err := unwrap(other, w)
	if !errors.Is(err, ErrUnwrap) || !strings.Contains(err.Error(), m.ID()) || !strings.Contains(err.Error(), other.ID()) {
		t.Fatalf("err = %v; want ErrUnwrap naming both master key IDs", err)
	}
}

func TestRewrap(t *testing.T) {
	a, b := testMaster(t), testMaster(t)
	w, _ := NewDataKeyVersion(a, 5, 2)
	nw, err := Rewrap(a, b, w)
	if err != nil {
		t.Fatal(err)
	}
	k1, _ := unwrap(a, w)
	k2, err := unwrap(b, nw)
	if err != nil || !bytes.Equal(k1, k2) {
		t.Fatalf("rewrapped key differs: %v", err)
	}
	if _, err := unwrap(a, nw); !errors.Is(err, ErrUnwrap) {
		t.Fatalf("old master unwraps the rewrapped key: %v", err)
	}
	if bytes.Equal(nw.Blob, w.Blob) {
		t.Fatal("blob unchanged")
	}
}
