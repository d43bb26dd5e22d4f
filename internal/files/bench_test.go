package files

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"testing"

	"sigap/internal/vault"
)

// benchSize is the file of the throughput benchmarks: a large scanned
// dossier or a short video.
const benchSize = 50 << 20

// BenchmarkFileRoundTrip50MB puts a 50 MB file into the store and reads it
// back, through each backend, next to the ceilings: the same bytes written
// to a file, synced and read back (the disk alone), and encrypted then
// decrypted in memory (AES-GCM alone). MB/s counts the bytes moved both
// ways (100 MB an operation).
//
//	go test -run '^$' -bench FileRoundTrip50MB -benchtime 5x ./internal/files/
func BenchmarkFileRoundTrip50MB(b *testing.B) {
	ctx := context.Background()
	plain, err := io.ReadAll(newRandomSource(benchSize))
	if err != nil {
		b.Fatal(err)
	}
	roundTrip := func(b *testing.B, s *Store) {
		b.SetBytes(2 * benchSize)
		for b.Loop() {
			id, _, err := s.Put(ctx, 1, 0, bytes.NewReader(plain))
			if err != nil {
				b.Fatal(err)
			}
			if n, err := s.Get(ctx, 1, id, io.Discard); err != nil || n != benchSize {
				b.Fatal(n, err)
			}
			if err := s.Delete(1, id); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.Run("disk", func(b *testing.B) {
		s, err := Open(b.TempDir(), keyring(b))
		if err != nil {
			b.Fatal(err)
		}
		defer s.Close()
		roundTrip(b, s)
	})
	b.Run("s3", func(b *testing.B) {
		f := startFakeS3(b, true) // in process, objects streamed to its disk
		s, err := OpenS3(f.config(b, "sigap"), keyring(b))
		if err != nil {
			b.Fatal(err)
		}
		defer s.Close()
		roundTrip(b, s)
	})
	b.Run("ceiling-disk-copy", func(b *testing.B) {
		p := filepath.Join(b.TempDir(), "copy")
		b.SetBytes(2 * benchSize)
		for b.Loop() {
			f, err := os.Create(p)
			if err != nil {
				b.Fatal(err)
			}
			if _, err := f.Write(plain); err != nil {
				b.Fatal(err)
			}
			if err := f.Sync(); err != nil {
				b.Fatal(err)
			}
			f.Close()
			f, err = os.Open(p)
			if err != nil {
				b.Fatal(err)
			}
			if _, err := io.Copy(io.Discard, f); err != nil {
				b.Fatal(err)
			}
			f.Close()
			os.Remove(p)
		}
	})
	b.Run("ceiling-aes-gcm", func(b *testing.B) {
		kr := keyring(b)
		p := place(1, "0123456789abcdef0123456789abcdef")
		sealed := bytes.NewBuffer(make([]byte, 0, vault.EncryptedSize(benchSize)))
		b.SetBytes(2 * benchSize)
		for b.Loop() {
			sealed.Reset()
			if _, err := kr.EncryptStream(ctx, p, sealed, bytes.NewReader(plain)); err != nil {
				b.Fatal(err)
			}
			if _, err := kr.DecryptStream(ctx, p, io.Discard, sealed); err != nil {
				b.Fatal(err)
			}
		}
	})
}
