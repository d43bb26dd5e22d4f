// Package files keeps attachments (evidence, letters) on local disk or in
// an S3-compatible object store, encrypted before a byte leaves the
// process: each file is sealed with its government's data key and bound to
// its own ID, so a file copied or renamed on disk or in the bucket does not
// open. Where the ciphertext goes is a Backend (disk.go, s3.go).
package files

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
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
// (see OpenS3), so src is read once whatever the network does.
func (s *Store) Put(ctx context.Context, tenantID int64, src io.Reader) (string, int64, error) {
	b := make([]byte, 16)
	rand.Read(b)
	id := hex.EncodeToString(b)
	var n int64
	err := s.b.Put(ctx, name(tenantID, id), func(w io.Writer) (err error) {
		n, err = s.keys.EncryptStream(ctx, place(tenantID, id), w, src)
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
