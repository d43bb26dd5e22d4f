package vault

import (
	"database/sql/driver"
	"encoding/binary"
	"fmt"
)

// The field ciphertext layout: format byte, data key version, then the
// AES-256-GCM output with its random nonce in front.
const (
	fieldFormat     = 1
	fieldHeaderSize = 1 + 4
	fieldNonceSize  = 12
	// fieldOverhead is what sealing adds to the plaintext.
	fieldOverhead = fieldHeaderSize + fieldNonceSize + tagSize

	// Format 2 is a value of a record: the header adds the record key ID,
	// and the key is mixed from the data key and the record's secret.
	recordFieldFormat     = 2
	recordFieldHeaderSize = 1 + 4 + 8
	recordFieldOverhead   = recordFieldHeaderSize + fieldNonceSize + tagSize
)

// Ciphertext is a sealed field: 1 byte format (1), 4 bytes big-endian data
// key version, 12 bytes random nonce, then the GCM ciphertext and tag. The
// associated data is the Place and the 5 header bytes, so neither can be
// changed. It goes in BLOB (SQLite) or bytea (PostgreSQL) columns.
//
// A value of a record (Place.Record set) is format 2: 1 byte format (2), 4
// bytes data key version, 8 bytes big-endian record key ID, then nonce,
// ciphertext and tag as in format 1, under the key mixed from that data key
// version and the record's secret; the associated data is the Place and the
// 13 header bytes.
type Ciphertext []byte

// KeyVersion returns the data key version c was sealed under, read from its
// header without a key; false if c is not a ciphertext of a known format.
// A store uses it to find rows to Reseal.
func (c Ciphertext) KeyVersion() (uint32, bool) {
	if _, ok := c.RecordKey(); !ok {
		return 0, false
	}
	return binary.BigEndian.Uint32(c[1:5]), true
}

// Value implements driver.Valuer: the bytes, or NULL for an empty
// Ciphertext (no valid ciphertext is empty).
func (c Ciphertext) Value() (driver.Value, error) {
	if len(c) == 0 {
		return nil, nil
	}
	return []byte(c), nil
}

// Scan implements sql.Scanner. It copies the bytes, which the driver may
// reuse, and reads NULL as an empty Ciphertext. Text is refused: a sealed
// field is always written as bytes, so text means the wrong column.
func (c *Ciphertext) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*c = nil
	case []byte:
		*c = append(Ciphertext(nil), v...)
	default:
		return fmt.Errorf("vault: cannot scan %T into a Ciphertext", src)
	}
	return nil
}
