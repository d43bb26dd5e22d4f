package vault

import (
	"encoding/binary"
	"fmt"
	"strconv"
)

// Place is where a ciphertext belongs. Its parts are bound to the ciphertext
// as associated data, so the ciphertext opens only at the same place.
type Place struct {
	TenantID int64 // 0 is the installation itself, for accounts of no tenant
	Table    string
	Column   string
	// RowKey identifies the row for its whole life. It must be known before
	// the row is written, so a random public ID suits better than an ID the
	// database assigns on insert.
	RowKey string
	// Record is the record key ID (Keyring.NewRecordKey) of the report,
	// discipline case or protection case the value belongs to, or 0 for a
	// value of no record. Seal and EncryptStream use it; Open and
	// DecryptStream read the ID from the ciphertext instead. It is not
	// part of the associated data, the ciphertext's header is.
	Record uint64
}

// The labels that start each kind of associated data, so that a field's
// associated data can never equal a file's.
const (
	fieldLabel = "sigap/field/v1"
	fileLabel  = "sigap/file/v1"
)

// check refuses a place with a missing part: binding to "" would let a
// ciphertext move between all the places that left that part out.
func (p Place) check() error {
	switch {
	case p.TenantID < 0:
		return fmt.Errorf("%w: tenant %d", ErrPlace, p.TenantID)
	case p.Table == "":
		return fmt.Errorf("%w: no table", ErrPlace)
	case p.Column == "":
		return fmt.Errorf("%w: no column", ErrPlace)
	case p.RowKey == "":
		return fmt.Errorf("%w: no row key", ErrPlace)
	}
	return nil
}

// appendAAD appends the canonical encoding of label, p and extra: each part
// prefixed by its length as 4 bytes big-endian, so that ("ab", "c") and
// ("a", "bc") encode differently.
func (p Place) appendAAD(dst []byte, label string, extra []byte) []byte {
	var tenant [20]byte
	parts := [...][]byte{
		[]byte(label),
		strconv.AppendInt(tenant[:0], p.TenantID, 10),
		[]byte(p.Table),
		[]byte(p.Column),
		[]byte(p.RowKey),
		extra,
	}
	for _, s := range parts {
		dst = binary.BigEndian.AppendUint32(dst, uint32(len(s)))
		dst = append(dst, s...)
	}
	return dst
}
