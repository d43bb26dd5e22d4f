package files

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"sigap/internal/vault"
)

func keyring(t testing.TB) *vault.Keyring {
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

// rig is a Store on one backend, with a way to look at and tamper with
// what the backend holds behind the Store's back.
type rig struct {
	s *Store
	// raw is the stored ciphertext of key; nil when there is none.
	raw func(t testing.TB, key string) []byte
	// plant stores b under key, bypassing the Store.
	plant func(t testing.TB, key string, b []byte)
	// leftovers lists what a Put in progress or failed may have left:
	// partial files, spooled uploads, objects under unexpected names.
	leftovers func(t testing.TB) []string
}

// eachBackend runs fn on the local disk and on an S3-compatible server
// (objects streamed to its disk, under a key prefix).
func eachBackend(t *testing.T, fn func(t *testing.T, r rig)) {
	t.Run("disk", func(t *testing.T) {
		dir := t.TempDir()
		s, err := Open(dir, keyring(t))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		fn(t, rig{
			s: s,
			raw: func(t testing.TB, key string) []byte {
				b, err := os.ReadFile(filepath.Join(Dir(dir), key))
				if err != nil && !os.IsNotExist(err) {
					t.Fatal(err)
				}
				return b
			},
			plant: func(t testing.TB, key string, b []byte) {
				if err := os.WriteFile(filepath.Join(Dir(dir), key), b, 0o600); err != nil {
					t.Fatal(err)
				}
			},
			leftovers: func(t testing.TB) []string {
				var left []string
				filepath.WalkDir(Dir(dir), func(p string, d fs.DirEntry, _ error) error {
					if strings.HasSuffix(p, ".part") {
						left = append(left, p)
					}
					return nil
				})
				return left
			},
		})
	})
	t.Run("s3", func(t *testing.T) {
		f := startFakeS3(t, true)
		cfg := f.config(t, "sigap/kab")
		s, err := OpenS3(cfg, keyring(t))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		fn(t, rig{
			s:     s,
			raw:   func(t testing.TB, key string) []byte { return f.object(t, "sigap/kab/"+key) },
			plant: func(t testing.TB, key string, b []byte) { f.plant(t, "sigap/kab/"+key, b) },
			leftovers: func(t testing.TB) []string {
				left := spooled(t, cfg.SpoolDir)
				for _, k := range f.keys(t) {
					if !strings.HasPrefix(k, "sigap/kab/t") {
						left = append(left, k)
					}
				}
				return left
			},
		})
	})
}

// spooled lists the files in a spool directory.
func spooled(t testing.TB, dir string) []string {
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range ents {
		out = append(out, filepath.Join(dir, e.Name()))
	}
	return out
}

const marker = "ZZKRONOLOGIZZ"

func TestEncryptedAtRest(t *testing.T) {
	eachBackend(t, func(t *testing.T, r rig) {
		ctx := context.Background()
		s := r.s
		secret := strings.Repeat("Kronologi kejadian pelecehan oleh pejabat eselon III "+marker+". ", 3000) // ~200 KB, several chunks
		id, n, err := s.Put(ctx, 1, 0, strings.NewReader(secret))
		if err != nil || n != int64(len(secret)) {
			t.Fatalf("put: %d %v", n, err)
		}
		var out bytes.Buffer
		if _, err := s.Get(ctx, 1, id, &out); err != nil || out.String() != secret {
			t.Fatalf("get: %v", err)
		}
		// What is stored is ciphertext, of exactly the expected size.
		raw := r.raw(t, name(1, id))
		if raw == nil {
			t.Fatal("nothing stored under the file's name")
		}
		if bytes.Contains(raw, []byte(marker)) || bytes.Contains(raw, []byte("Kronologi")) {
			t.Fatal("plaintext at rest")
		}
		if int64(len(raw)) != vault.EncryptedSize(n) {
			t.Errorf("stored %d bytes for %d of plaintext", len(raw), n)
		}
		// Another tenant, or the same bytes under another ID, do not open.
		if _, err := s.Get(ctx, 2, id, &bytes.Buffer{}); err == nil {
			t.Error("opened as another tenant")
		}
		other, _, _ := s.Put(ctx, 1, 0, strings.NewReader("lain"))
		r.plant(t, name(1, other), raw)
		if _, err := s.Get(ctx, 1, other, &bytes.Buffer{}); err == nil {
			t.Error("a file copied over another ID opened")
		}
		// A damaged file does not open.
		bad := bytes.Clone(raw)
		bad[len(bad)/2] ^= 1
		r.plant(t, name(1, other), bad)
		if _, err := s.Get(ctx, 1, other, io.Discard); err != vault.ErrDecrypt {
			t.Errorf("damaged file: %v", err)
		}
		// IDs that are not ours never reach the backend.
		for _, bad := range []string{"../../master.key", "", "ABCDEF", strings.Repeat("a", 31), "0123456789abcdef0123456789abcdef/../x"} {
			if _, err := s.Get(ctx, 1, bad, &bytes.Buffer{}); err != ErrNotFound {
				t.Errorf("%q: %v", bad, err)
			}
		}
		// A missing file is ErrNotFound, before and after a delete.
		if _, err := s.Get(ctx, 1, "0123456789abcdef0123456789abcdef", io.Discard); err != ErrNotFound {
			t.Errorf("never stored: %v", err)
		}
		if err := s.Delete(1, id); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Get(ctx, 1, id, &bytes.Buffer{}); err != ErrNotFound {
			t.Errorf("after delete: %v", err)
		}
		if r.raw(t, name(1, id)) != nil {
			t.Error("the deleted file is still stored")
		}
		if err := s.Delete(1, id); err != nil {
			t.Errorf("deleting twice: %v", err)
		}
		if left := r.leftovers(t); len(left) > 0 {
			t.Errorf("left behind: %v", left)
		}
	})
}

func TestEmptyAndConcurrentFiles(t *testing.T) {
	eachBackend(t, func(t *testing.T, r rig) {
		ctx := context.Background()
		id, n, err := r.s.Put(ctx, 1, 0, strings.NewReader(""))
		if err != nil || n != 0 {
			t.Fatalf("empty: %d %v", n, err)
		}
		var out bytes.Buffer
		if m, err := r.s.Get(ctx, 1, id, &out); err != nil || m != 0 || out.Len() != 0 {
			t.Fatalf("empty back: %d %v", m, err)
		}
		// Several instances write at once.
		var wg sync.WaitGroup
		ids := make([]string, 8)
		for i := range ids {
			wg.Go(func() {
				body := strings.Repeat(string(rune('a'+i)), 70<<10+i)
				id, _, err := r.s.Put(ctx, 2, 0, strings.NewReader(body))
				if err != nil {
					t.Error(err)
					return
				}
				ids[i] = id
			})
		}
		wg.Wait()
		for i, id := range ids {
			var out bytes.Buffer
			if _, err := r.s.Get(ctx, 2, id, &out); err != nil || out.String() != strings.Repeat(string(rune('a'+i)), 70<<10+i) {
				t.Errorf("file %d: %v", i, err)
			}
		}
	})
}

// A source that fails midway leaves nothing under any name.
func TestFailedSourceLeavesNothing(t *testing.T) {
	eachBackend(t, func(t *testing.T, r rig) {
		src := io.MultiReader(strings.NewReader(strings.Repeat("x", 200<<10)), iotestErr{})
		if _, _, err := r.s.Put(context.Background(), 1, 0, src); err == nil || !strings.Contains(err.Error(), "source broke") {
			t.Fatalf("put: %v", err)
		}
		if left := r.leftovers(t); len(left) > 0 {
			t.Errorf("left behind: %v", left)
		}
	})
}

type iotestErr struct{}

func (iotestErr) Read([]byte) (int, error) { return 0, errSource }

var errSource = &sourceError{}

type sourceError struct{}

func (*sourceError) Error() string { return "source broke" }

// largeSize is the size of the large file: far more than the store may
// hold in memory while it passes through.
const largeSize = 50 << 20

// randomSource yields n pseudo-random bytes with marker planted every
// 4 MiB, without holding them.
type randomSource struct {
	rng  *rand.ChaCha8
	left int64
	at   int64
}

func newRandomSource(n int64) *randomSource {
	return &randomSource{rng: rand.NewChaCha8([32]byte{7}), left: n}
}

func (s *randomSource) Read(p []byte) (int, error) {
	if s.left == 0 {
		return 0, io.EOF
	}
	p = p[:min(int64(len(p)), s.left)]
	s.rng.Read(p)
	for i := range p {
		if off := (s.at + int64(i)) % (4 << 20); off < int64(len(marker)) {
			p[i] = marker[off]
		}
	}
	s.at += int64(len(p))
	s.left -= int64(len(p))
	return len(p), nil
}

// heapPeak samples the heap in use while fn runs and returns the largest
// growth over what was in use before.
func heapPeak(fn func()) uint64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	base := m.HeapInuse
	var peak atomic.Uint64
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		t := time.NewTicker(5 * time.Millisecond)
		defer t.Stop()
		for {
			var m runtime.MemStats
			runtime.ReadMemStats(&m)
			if m.HeapInuse > base && m.HeapInuse-base > peak.Load() {
				peak.Store(m.HeapInuse - base)
			}
			select {
			case <-stop:
				return
			case <-t.C:
			}
		}
	}()
	fn()
	close(stop)
	<-done
	return peak.Load()
}

// A 50 MB file goes in and out as a stream: the heap never grows by more
// than a few chunks and buffers, whichever the backend (the S3 test server
// streams objects to its disk, so it holds none either).
func TestLargeFileStreams(t *testing.T) {
	if testing.Short() {
		t.Skip("50 MB through each backend")
	}
	eachBackend(t, func(t *testing.T, r rig) {
		ctx := context.Background()
		var id string
		var n int64
		var err error
		putPeak := heapPeak(func() { id, n, err = r.s.Put(ctx, 1, 0, newRandomSource(largeSize)) })
		if err != nil || n != largeSize {
			t.Fatalf("put: %d %v", n, err)
		}
		want := sha256.New()
		io.Copy(want, newRandomSource(largeSize))
		got := sha256.New()
		var m int64
		getPeak := heapPeak(func() { m, err = r.s.Get(ctx, 1, id, got) })
		if err != nil || m != largeSize || !bytes.Equal(got.Sum(nil), want.Sum(nil)) {
			t.Fatalf("get: %d %v, same bytes %v", m, err, bytes.Equal(got.Sum(nil), want.Sum(nil)))
		}
		const limit = 16 << 20
		if putPeak > limit || getPeak > limit {
			t.Errorf("heap grew by %d MiB putting and %d MiB getting a %d MiB file", putPeak>>20, getPeak>>20, largeSize>>20)
		}
		t.Logf("heap growth: put %.1f MiB, get %.1f MiB", float64(putPeak)/(1<<20), float64(getPeak)/(1<<20))
		if raw := r.raw(t, name(1, id)); int64(len(raw)) != vault.EncryptedSize(largeSize) || bytes.Contains(raw, []byte(marker)) {
			t.Errorf("stored %d bytes, marker in clear: %v", len(raw), bytes.Contains(raw, []byte(marker)))
		}
		if left := r.leftovers(t); len(left) > 0 {
			t.Errorf("left behind: %v", left)
		}
	})
}

// TestMoveToRecord: a file stored before record keys moves under its
// record's key, reads back the same, and dies with the key; on every
// backend, leaving nothing behind.
func TestMoveToRecord(t *testing.T) {
	eachBackend(t, func(t *testing.T, r rig) {
		ctx := context.Background()
		kr := r.s.keys
		kr.UseRecordKeys(new(vault.MemoryRecordKeyStore))
		plain := strings.Repeat("ZZBUKTIZZ ", 20000) // several chunks
		id, _, err := r.s.Put(ctx, 1, 0, strings.NewReader(plain))
		if err != nil {
			t.Fatal(err)
		}
		rec, err := kr.NewRecordKey(ctx)
		if err != nil {
			t.Fatal(err)
		}
		moved, err := r.s.MoveToRecord(ctx, 1, id, rec)
		if err != nil || !moved {
			t.Fatalf("move: %v %v", moved, err)
		}
		if got, _ := vault.FileRecordKey(r.raw(t, name(1, id))); got != rec {
			t.Fatalf("stored under record key %d, want %d", got, rec)
		}
		if moved, err := r.s.MoveToRecord(ctx, 1, id, rec); err != nil || moved {
			t.Fatalf("second move: %v %v", moved, err)
		}
		var out bytes.Buffer
		if _, err := r.s.Get(ctx, 1, id, &out); err != nil || out.String() != plain {
			t.Fatalf("get after move: %v", err)
		}
		// Another tenant has no such file: nothing to move.
		if moved, err := r.s.MoveToRecord(ctx, 2, id, rec); err != nil || moved {
			t.Fatalf("missing file: %v %v", moved, err)
		}
		if err := kr.ShredRecordKeys(ctx, []uint64{rec}); err != nil {
			t.Fatal(err)
		}
		out.Reset()
		if _, err := r.s.Get(ctx, 1, id, &out); !errors.Is(err, vault.ErrShredded) {
			t.Fatalf("get after shredding: %v", err)
		}
		if left := r.leftovers(t); len(left) != 0 {
			t.Fatalf("left behind: %v", left)
		}
	})
}

// TestPutUnderRecordKey: a file put for a record is sealed under its
// record key from the start, on every backend, and dies with it.
func TestPutUnderRecordKey(t *testing.T) {
	eachBackend(t, func(t *testing.T, r rig) {
		ctx := context.Background()
		kr := r.s.keys
		kr.UseRecordKeys(new(vault.MemoryRecordKeyStore))
		rec, err := kr.NewRecordKey(ctx)
		if err != nil {
			t.Fatal(err)
		}
		id, _, err := r.s.Put(ctx, 1, rec, strings.NewReader("ZZFOTOZZ"))
		if err != nil {
			t.Fatal(err)
		}
		if got, _ := vault.FileRecordKey(r.raw(t, name(1, id))); got != rec {
			t.Fatalf("stored under record key %d, want %d", got, rec)
		}
		if err := kr.ShredRecordKeys(ctx, []uint64{rec}); err != nil {
			t.Fatal(err)
		}
		if _, err := r.s.Get(ctx, 1, id, &bytes.Buffer{}); !errors.Is(err, vault.ErrShredded) {
			t.Fatalf("get after shredding: %v", err)
		}
	})
}
