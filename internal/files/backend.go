package files

import (
	"context"
	"io"

	"sigap/internal/vault"
)

// Backend is where the encrypted bytes of files go: the local disk (Open)
// or an S3-compatible object store (OpenS3). It sees only ciphertext and
// keys of the form t<tenant>/<ab>/<id>; the Store encrypts before Put and
// decrypts after Get, so a backend never needs the keys.
type Backend interface {
	// Put stores under key what fill writes. The object becomes visible
	// under key only once fill has returned nil and every byte is kept;
	// on any error nothing is left under key.
	Put(ctx context.Context, key string, fill func(w io.Writer) error) error
	// Get opens the object under key for reading; ErrNotFound when there
	// is none. The caller closes it.
	Get(ctx context.Context, key string) (io.ReadCloser, error)
	// Delete removes the object under key; a missing one is not an error.
	Delete(ctx context.Context, key string) error
	// Close releases what the backend holds.
	Close() error
}

// New returns a Store that encrypts with keys and keeps the ciphertext in
// b. The Store owns b: Close closes it.
func New(b Backend, keys *vault.Keyring) *Store {
	return &Store{b: b, keys: keys}
}
