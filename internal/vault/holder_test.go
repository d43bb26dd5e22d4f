package vault

import (
	"bytes"
	"testing"
)

func TestHolderBox(t *testing.T) {
	seed := bytes.Repeat([]byte{7}, 32)
	h, err := NewHolderKey(seed)
	if err != nil {
		t.Fatal(err)
	}
	p := Place{TenantID: 3, Table: "reports", Column: "reporter_copy", RowKey: "abc"}
	c, err := SealToHolder(h.Public(), p, NewSecret("ZZHOLDERZZ said this"))
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(c, []byte("ZZHOLDERZZ")) {
		t.Fatal("plaintext in the box")
	}
	got, err := h.Open(p, c)
	if err != nil || got.Reveal() != "ZZHOLDERZZ said this" {
		t.Fatalf("open: %q %v", got.Reveal(), err)
	}
	// Another holder, another place, a flipped byte: none opens.
	other, _ := NewHolderKey(bytes.Repeat([]byte{8}, 32))
	if _, err := other.Open(p, c); err != ErrHolder {
		t.Errorf("another holder opened it: %v", err)
	}
	q := p
	q.RowKey = "abd"
	if _, err := h.Open(q, c); err != ErrHolder {
		t.Errorf("another place opened it: %v", err)
	}
	bad := bytes.Clone(c)
	bad[len(bad)-1] ^= 1
	if _, err := h.Open(p, bad); err != ErrHolder {
		t.Errorf("a damaged box opened: %v", err)
	}
	if _, err := (HolderKey{}).Open(p, c); err != ErrHolder {
		t.Errorf("no key opened it: %v", err)
	}

	// What the holder seals for themself opens with the same keys only.
	mine, err := h.Seal(p, NewSecret("ZZSENDIRIZZ"))
	if err != nil || bytes.Contains(mine, []byte("ZZSENDIRIZZ")) {
		t.Fatal(err)
	}
	if got, err := h.Open(p, mine); err != nil || got.Reveal() != "ZZSENDIRIZZ" {
		t.Fatalf("own box: %q %v", got.Reveal(), err)
	}
	if _, err := other.Open(p, mine); err != ErrHolder {
		t.Errorf("another holder opened an own box: %v", err)
	}
	if _, err := h.Open(q, mine); err != ErrHolder {
		t.Errorf("an own box opened at another place: %v", err)
	}
	// The seed brings the same keys back.
	again, _ := NewHolderKey(seed)
	if got, err := again.Open(p, mine); err != nil || got.Reveal() != "ZZSENDIRIZZ" || !bytes.Equal(again.Public(), h.Public()) {
		t.Errorf("keys from the same seed differ: %v", err)
	}
}

// What a report costs more for its reporter's copy: the keys from the
// seed, the public half to store, and the reporter's own box.
func BenchmarkHolderReport(b *testing.B) {
	seed := bytes.Repeat([]byte{7}, 32)
	p := Place{TenantID: 3, Table: "reports", Column: "reporter_copy", RowKey: "abc"}
	plain := NewSecret(string(bytes.Repeat([]byte("laporan "), 250)))
	for b.Loop() {
		h, err := NewHolderKey(seed)
		if err != nil {
			b.Fatal(err)
		}
		_ = h.Public()
		if _, err := h.Seal(p, plain); err != nil {
			b.Fatal(err)
		}
	}
}

// What a message to the reporter costs more: one box to their public key.
func BenchmarkHolderSeal(b *testing.B) {
	seed := bytes.Repeat([]byte{7}, 32)
	p := Place{TenantID: 3, Table: "reports", Column: "reporter_copy", RowKey: "abc"}
	plain := NewSecret(string(bytes.Repeat([]byte("laporan "), 200)))
	h, _ := NewHolderKey(seed)
	pub := h.Public()
	for b.Loop() {
		if _, err := SealToHolder(pub, p, plain); err != nil {
			b.Fatal(err)
		}
	}
}

// What the reporter's status page costs more: the key pair and one open.
func BenchmarkHolderOpen(b *testing.B) {
	h, _ := NewHolderKey(bytes.Repeat([]byte{7}, 32))
	p := Place{TenantID: 3, Table: "reports", Column: "reporter_copy", RowKey: "abc"}
	c, _ := SealToHolder(h.Public(), p, NewSecret(string(bytes.Repeat([]byte("laporan "), 200))))
	for b.Loop() {
		k, _ := NewHolderKey(bytes.Repeat([]byte{7}, 32))
		if _, err := k.Open(p, c); err != nil {
			b.Fatal(err)
		}
	}
}
