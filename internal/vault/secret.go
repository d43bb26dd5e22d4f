package vault

import (
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"log/slog"
)

// sealed is what a Secret shows wherever it would otherwise be printed.
const sealed = "[sealed]"

// errSecretValue is what a Secret returns when handed to SQL unsealed.
var errSecretValue = errors.New("vault: a Secret must be sealed before it is stored")

// Secret holds plaintext. It shows as "[sealed]" in fmt (every verb), slog,
// JSON and text encodings, so a Secret logged or serialised by mistake leaks
// nothing. Only Reveal and Bytes give the plaintext, so reading one is
// always a visible, deliberate act.
//
// The plaintext is kept in a hidden, so that even a Secret in an unexported
// field of the caller's struct, which fmt prints without calling methods,
// shows as an address and not as bytes. A Secret is immutable.
type Secret struct {
	h hidden
}

// NewSecret returns a Secret holding s.
func NewSecret(s string) Secret { return Secret{h: own([]byte(s))} }

// NewSecretBytes returns a Secret holding a copy of b.
func NewSecretBytes(b []byte) Secret { return Secret{h: hide(b)} }

// Reveal returns the plaintext.
func (s Secret) Reveal() string { return string(s.h.view()) }

// Bytes returns a copy of the plaintext, so changing it cannot change s.
func (s Secret) Bytes() []byte { return s.h.bytes() }

// IsZero reports whether s holds no bytes.
func (s Secret) IsZero() bool { return len(s.h.view()) == 0 }

// String returns "[sealed]".
func (Secret) String() string { return sealed }

// GoString returns "[sealed]", for %#v.
func (Secret) GoString() string { return sealed }

// Format writes "[sealed]" for every verb, flag and width, so that no verb
// (%x, %d, %q...) falls through to printing the fields.
func (Secret) Format(f fmt.State, _ rune) { _, _ = io.WriteString(f, sealed) }

// MarshalJSON returns the JSON string "[sealed]".
func (Secret) MarshalJSON() ([]byte, error) { return []byte(`"` + sealed + `"`), nil }

// MarshalText returns "[sealed]", for encodings and slog's text handler.
func (Secret) MarshalText() ([]byte, error) { return []byte(sealed), nil }

// LogValue makes slog print "[sealed]".
func (Secret) LogValue() slog.Value { return slog.StringValue(sealed) }

// Value always fails, so a Secret given to SQL in place of its Ciphertext
// is an error on every driver. Without it database/sql rejects the struct,
// but pgx's database/sql driver accepts any argument and writes what
// String returns: "[sealed]" would replace the data without a word.
func (Secret) Value() (driver.Value, error) { return nil, errSecretValue }
