// Package files keeps attachments (evidence, letters) on local disk or in
// an S3-compatible object store, encrypted before a byte leaves the
// process: each file is sealed with its government's data key and bound to
// its own ID, so a file copied or renamed on disk or in the bucket does not
// open. Where the ciphertext goes is a Backend (disk.go, s3.go).
package files

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"path"
	"regexp"
	"strconv"

	"sigap/internal/vault"
)

// Store is the encrypted file store: under DATA_DIR/files by default, or
// in an object store bucket.
type Store struct {
	b    Backend
	keys *vault.Keyring
}

// Dir is where the files live inside a data directory.
func Dir(dataDir string) string { return path.Join(dataDir, "files") }

// Open opens (creating it if needed) the file store in dataDir. All access
// goes through an os.Root, so no ID can name a path outside it.
func Open(dataDir string, keys *vault.Keyring) (*Store, error) {
	d, err := openDisk(Dir(dataDir))
	if err != nil {
		return nil, err
	}
	return New(d, keys), nil
}

// Close releases the store.
func (s *Store) Close() error { return s.b.Close() }

// ErrNotFound is returned for an ID with no file.
var ErrNotFound = errors.New("files: no such file")

var idRE = regexp.MustCompile(`^[0-9a-f]{32}$`)

func place(tenantID int64, id string) vault.Place {
	return vault.Place{TenantID: tenantID, Table: "files", Column: "content", RowKey: id}
}

// name is the path of a file: per tenant, fanned out by the ID's first two
// hex digits so no directory grows huge.
func name(tenantID int64, id string) string {
	return path.Join("t"+strconv.FormatInt(tenantID, 10), id[:2], id)
}

// Put encrypts src into a new file of the tenant and returns its ID and
// plaintext size. The file appears under its name only when complete.
// With an object store the ciphertext is first spooled to a temporary file
// (see OpenS3), so src is read once whatever the network does. record is
// the record key of the report or case the file belongs to (0 for none):
// its content is then sealed under that key too, and dies with it
// (crypto-shredding). Get reads the key from the file's header.
func (s *Store) Put(ctx context.Context, tenantID int64, record uint64, src io.Reader) (string, int64, error) {
	b := make([]byte, 16)
	rand.Read(b)
	id := hex.EncodeToString(b)
	var n int64
	p := place(tenantID, id)
	p.Record = record
	err := s.b.Put(ctx, name(tenantID, id), func(w io.Writer) (err error) {
		n, err = s.keys.EncryptStream(ctx, p, w, src)
		return err
	})
	if err != nil {
		return "", 0, err
	}
	return id, n, nil
}

// Get decrypts a file into dst. On an error dst may have received part of
// the file already: callers must discard it (abort the HTTP answer).
func (s *Store) Get(ctx context.Context, tenantID int64, id string, dst io.Writer) (int64, error) {
	if !idRE.MatchString(id) {
		return 0, ErrNotFound
	}
	f, err := s.b.Get(ctx, name(tenantID, id))
	if err != nil {
		return 0, err
	}
	defer f.Close()
	return s.keys.DecryptStream(ctx, place(tenantID, id), dst, f)
}

// Delete removes a file; a missing one is not an error.
func (s *Store) Delete(tenantID int64, id string) error {
	if !idRE.MatchString(id) {
		return ErrNotFound
	}
	return s.b.Delete(context.Background(), name(tenantID, id))
}

// MoveToRecord encrypts a file again under record key record (and the
// tenant's newest data key) unless it already is under that record key, so
// that a file stored before record keys dies with its record's key. The
// backend replaces the old ciphertext whole (a rename on disk, a PUT in a
// bucket): a reader sees one or the other. It reports whether it moved the
// file; a missing file is not an error.
func (s *Store) MoveToRecord(ctx context.Context, tenantID int64, id string, record uint64) (bool, error) {
	if !idRE.MatchString(id) || record == 0 {
		return false, ErrNotFound
	}
	key := name(tenantID, id)
	f, err := s.b.Get(ctx, key)
	if errors.Is(err, ErrNotFound) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	defer f.Close()
	hdr := make([]byte, 17)
	if _, err := io.ReadFull(f, hdr); err != nil {
		return false, fmt.Errorf("files: %s: %w", id, vault.ErrDecrypt)
	}
	if cur, ok := vault.FileRecordKey(hdr); !ok {
		return false, fmt.Errorf("files: %s: %w", id, vault.ErrDecrypt)
	} else if cur == record {
		return false, nil
	}
	err = s.b.Put(ctx, key, func(w io.Writer) error {
		pr, pw := io.Pipe()
		go func() {
			_, err := s.keys.DecryptStream(ctx, place(tenantID, id), pw, io.MultiReader(bytes.NewReader(hdr), f))
			pw.CloseWithError(err)
		}()
		p := place(tenantID, id)
		p.Record = record
		_, err := s.keys.EncryptStream(ctx, p, w, pr)
		pr.CloseWithError(io.ErrClosedPipe) // stops the decryption if encrypting failed
		return err
	})
	if err != nil {
		return false, err
	}
	return true, nil
}
