package files

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"sigap/internal/vault"
)

func keyring(t *testing.T) *vault.Keyring {
	t.Helper()
	m, err := vault.GenerateMasterKeyFile(filepath.Join(t.TempDir(), "master.key"))
	if err != nil {
		t.Fatal(err)
	}
	ks := vault.NewMemoryKeyStore()
	for _, tenant := range []int64{1, 2} {
		if err := ks.AddTenant(m, tenant); err != nil {
			t.Fatal(err)
		}
	}
	return vault.NewKeyring(m, ks)
}

func TestEncryptedOnDisk(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	s, err := Open(dir, keyring(t))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	secret := strings.Repeat("Kronologi kejadian pelecehan oleh pejabat eselon III. ", 3000) // ~160 KB, several chunks
	id, n, err := s.Put(ctx, 1, 0, strings.NewReader(secret))
	if err != nil || n != int64(len(secret)) {
		t.Fatalf("put: %d %v", n, err)
	}
	var out bytes.Buffer
	if _, err := s.Get(ctx, 1, id, &out); err != nil || out.String() != secret {
		t.Fatalf("get: %v", err)
	}
	// What lies on disk is ciphertext.
	raw, err := os.ReadFile(filepath.Join(Dir(dir), "t1", id[:2], id))
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(raw, []byte("Kronologi")) {
		t.Fatal("plaintext on disk")
	}
	// Another tenant, or the same bytes under another ID, do not open.
	if _, err := s.Get(ctx, 2, id, &bytes.Buffer{}); err == nil {
		t.Error("opened as another tenant")
	}
	other, _, _ := s.Put(ctx, 1, 0, strings.NewReader("lain"))
	os.WriteFile(filepath.Join(Dir(dir), "t1", other[:2], other), raw, 0o600)
	if _, err := s.Get(ctx, 1, other, &bytes.Buffer{}); err == nil {
		t.Error("a file copied over another ID opened")
	}
	// IDs that are not ours never reach the filesystem.
	for _, bad := range []string{"../../master.key", "", "ABCDEF", strings.Repeat("a", 31)} {
		if _, err := s.Get(ctx, 1, bad, &bytes.Buffer{}); err != ErrNotFound {
			t.Errorf("%q: %v", bad, err)
		}
	}
	if err := s.Delete(1, id); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Get(ctx, 1, id, &bytes.Buffer{}); err != ErrNotFound {
		t.Errorf("after delete: %v", err)
	}
	// No temporary files are left behind.
	filepath.Walk(Dir(dir), func(p string, _ os.FileInfo, _ error) error {
		if strings.HasSuffix(p, ".part") {
			t.Errorf("left %s", p)
		}
		return nil
	})
}

// TestMoveToRecord: a file stored before record keys moves under its
// record's key, reads back the same, and dies with the key.
func TestMoveToRecord(t *testing.T) {
	ctx := context.Background()
	kr := keyring(t)
	kr.UseRecordKeys(new(vault.MemoryRecordKeyStore))
	dir := t.TempDir()
	s, err := Open(dir, kr)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	plain := strings.Repeat("ZZBUKTIZZ ", 20000) // several chunks
	id, _, err := s.Put(ctx, 1, 0, strings.NewReader(plain))
	if err != nil {
		t.Fatal(err)
	}
	rec, err := kr.NewRecordKey(ctx)
	if err != nil {
		t.Fatal(err)
	}
	moved, err := s.MoveToRecord(ctx, 1, id, rec)
	if err != nil || !moved {
		t.Fatalf("move: %v %v", moved, err)
	}
	if moved, err := s.MoveToRecord(ctx, 1, id, rec); err != nil || moved {
		t.Fatalf("second move: %v %v", moved, err)
	}
	var out bytes.Buffer
	if _, err := s.Get(ctx, 1, id, &out); err != nil || out.String() != plain {
		t.Fatalf("get after move: %v", err)
	}
	// Another tenant has no such file: nothing to move.
	if _, err := s.MoveToRecord(ctx, 2, id, rec); err != nil {
		t.Fatalf("missing file: %v", err)
	}
	if err := kr.ShredRecordKeys(ctx, []uint64{rec}); err != nil {
		t.Fatal(err)
	}
	out.Reset()
	if _, err := s.Get(ctx, 1, id, &out); !errors.Is(err, vault.ErrShredded) {
		t.Fatalf("get after shredding: %v", err)
	}
	// Nothing was left behind.
	var names []string
	filepath.Walk(Dir(dir), func(p string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() {
			names = append(names, filepath.Base(p))
		}
		return nil
	})
	if len(names) != 1 {
		t.Fatalf("files on disk: %v", names)
	}
}
