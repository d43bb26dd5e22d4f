// Package files keeps attachments (evidence, letters) on local disk,
// encrypted before a byte reaches the disk: each file is sealed with its
// government's data key and bound to its own ID, so a file copied or
// renamed on disk does not open.
package files

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"regexp"
	"strconv"

	"sigap/internal/vault"
)

// Store is the encrypted file store under DATA_DIR/files.
type Store struct {
	root *os.Root
	keys *vault.Keyring
}

// Dir is where the files live inside a data directory.
func Dir(dataDir string) string { return path.Join(dataDir, "files") }

// Open opens (creating it if needed) the file store in dataDir. All access
// goes through an os.Root, so no ID can name a path outside it.
func Open(dataDir string, keys *vault.Keyring) (*Store, error) {
	dir := Dir(dataDir)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("cannot create the file store %s: %v", dir, err)
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	return &Store{root: root, keys: keys}, nil
}

// Close releases the store.
func (s *Store) Close() error { return s.root.Close() }

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
// record is the record key of the report or case the file belongs to (0
// for none): its content is then sealed under that key too, and dies with
// it (crypto-shredding). Get reads the key from the file's header.
func (s *Store) Put(ctx context.Context, tenantID int64, record uint64, src io.Reader) (string, int64, error) {
	b := make([]byte, 16)
	rand.Read(b)
	id := hex.EncodeToString(b)
	final := name(tenantID, id)
	if err := s.root.MkdirAll(path.Dir(final), 0o700); err != nil {
		return "", 0, err
	}
	tmp := final + ".part"
	f, err := s.root.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return "", 0, err
	}
	p := place(tenantID, id)
	p.Record = record
	n, err := s.keys.EncryptStream(ctx, p, f, src)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = s.root.Rename(tmp, final)
	}
	if err != nil {
		s.root.Remove(tmp)
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
	f, err := s.root.Open(name(tenantID, id))
	if errors.Is(err, fs.ErrNotExist) {
		return 0, ErrNotFound
	}
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
	err := s.root.Remove(name(tenantID, id))
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	return err
}

// MoveToRecord encrypts a file again under record key record (and the
// tenant's newest data key) unless it already is under that record key, so
// that a file stored before record keys dies with its record's key. The new
// file replaces the old one in one rename: a reader sees one or the other,
// whole. It reports whether it moved the file; a missing file is not an
// error.
func (s *Store) MoveToRecord(ctx context.Context, tenantID int64, id string, record uint64) (bool, error) {
	if !idRE.MatchString(id) || record == 0 {
		return false, ErrNotFound
	}
	final := name(tenantID, id)
	f, err := s.root.Open(final)
	if errors.Is(err, fs.ErrNotExist) {
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
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return false, err
	}
	tmp := final + ".move"
	out, err := s.root.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return false, err
	}
	pr, pw := io.Pipe()
	go func() {
		_, err := s.keys.DecryptStream(ctx, place(tenantID, id), pw, f)
		pw.CloseWithError(err)
	}()
	p := place(tenantID, id)
	p.Record = record
	_, err = s.keys.EncryptStream(ctx, p, out, pr)
	pr.CloseWithError(io.ErrClosedPipe) // stops the decryption if encrypting failed
	if err == nil {
		err = out.Sync()
	}
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = s.root.Rename(tmp, final)
	}
	if err != nil {
		s.root.Remove(tmp)
		return false, err
	}
	return true, nil
}
