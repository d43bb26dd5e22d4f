package vault

import (
	"bytes"
	"context"
	"io"
	"strings"
	"testing"
)

// BenchmarkSealOpen4KB seals and opens a 4 KiB field (an accusation's
// text), keys cached. Target: under 20 µs per pair.
//
//	go test -run '^$' -bench SealOpen4KB ./internal/vault/
func BenchmarkSealOpen4KB(b *testing.B) {
	e := newEnv(b, 1)
	ctx := context.Background()
	s := NewSecret(strings.Repeat("x", 4096))
	b.SetBytes(4096)
	for b.Loop() {
		c, err := e.kr.Seal(ctx, place1, s)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := e.kr.Open(ctx, place1, c); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSealOpenName seals and opens a short field (a name).
func BenchmarkSealOpenName(b *testing.B) {
	e := newEnv(b, 1)
	ctx := context.Background()
	s := NewSecret(victim)
	for b.Loop() {
		c, _ := e.kr.Seal(ctx, place1, s)
		if _, err := e.kr.Open(ctx, place1, c); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLookup hashes a receipt code, subkey cached.
func BenchmarkLookup(b *testing.B) {
	e := newEnv(b, 1)
	ctx := context.Background()
	for b.Loop() {
		if _, err := e.kr.Lookup(ctx, 1, "report.receipt", "K7QF-29XD"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkEncryptStream1MB encrypts a 1 MiB attachment; MB/s is the figure.
func BenchmarkEncryptStream1MB(b *testing.B) {
	e := newEnv(b, 1)
	ctx := context.Background()
	plain := plaintext(1 << 20)
	b.SetBytes(1 << 20)
	for b.Loop() {
		if _, err := e.kr.EncryptStream(ctx, place1, io.Discard, bytes.NewReader(plain)); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDecryptStream1MB decrypts a 1 MiB attachment.
func BenchmarkDecryptStream1MB(b *testing.B) {
	e := newEnv(b, 1)
	ctx := context.Background()
	file := e.encryptFile(b, place1, plaintext(1<<20))
	b.SetBytes(1 << 20)
	for b.Loop() {
		if _, err := e.kr.DecryptStream(ctx, place1, io.Discard, bytes.NewReader(file)); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSealOpenNameRecord is BenchmarkSealOpenName for a record's
// value (format 2), the record key cached.
func BenchmarkSealOpenNameRecord(b *testing.B) {
	e, _ := newRecordEnv(b, 1)
	ctx := context.Background()
	p := place1
	p.Record = newRecord(b, e.kr)
	s := NewSecret(victim)
	for b.Loop() {
		c, _ := e.kr.Seal(ctx, p, s)
		if _, err := e.kr.Open(ctx, p, c); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkNewRecordSealName is what a new report costs the vault beyond
// format 1: a fresh record key, its mixed key derived, one short value
// sealed under it.
func BenchmarkNewRecordSealName(b *testing.B) {
	e, _ := newRecordEnv(b, 1)
	ctx := context.Background()
	s := NewSecret(victim)
	for b.Loop() {
		p := place1
		p.Record = newRecord(b, e.kr)
		if _, err := e.kr.Seal(ctx, p, s); err != nil {
			b.Fatal(err)
		}
	}
}
