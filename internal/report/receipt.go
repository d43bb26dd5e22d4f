package report

import (
	"crypto/rand"
	"math/big"
	"strings"

	"sigap/internal/apperr"
)

// ReceiptDigits is the length of a receipt code. Sixteen digits look like
// a phone number, are read aloud in four groups, and leave 10^16 codes to
// guess among; guessing is throttled besides.
const ReceiptDigits = 16

// Receipt is the code a reporter keeps to come back to a report. Only a
// keyed hash of it is stored; the code itself is shown once.
type Receipt string

// NewReceipt returns a uniformly random receipt code.
func NewReceipt() Receipt {
	limit := new(big.Int).Exp(big.NewInt(10), big.NewInt(ReceiptDigits), nil)
	n, err := rand.Int(rand.Reader, limit)
	if err != nil {
		panic("report: no randomness: " + err.Error()) // crypto/rand does not fail on supported systems
	}
	s := n.String()
	return Receipt(strings.Repeat("0", ReceiptDigits-len(s)) + s)
}

// ParseReceipt reads a receipt as a person types it: spaces, dashes and
// dots between the digits are ignored. The error says what is wrong:
// nothing typed, something other than digits, or the wrong number of them.
func ParseReceipt(s string) (Receipt, error) {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case r == ' ' || r == '-' || r == '.' || r == '\t' || r == '\u00a0':
		default:
			return "", apperr.InvalidField("receipt", "receipt.not_digits", nil)
		}
		if b.Len() > 64 {
			break
		}
	}
	d := b.String()
	switch {
	case d == "":
		return "", apperr.InvalidField("receipt", "receipt.empty", nil)
	case len(d) != ReceiptDigits:
		return "", apperr.InvalidField("receipt", "receipt.length", map[string]any{"Want": ReceiptDigits, "Got": len(d)})
	}
	return Receipt(d), nil
}

// Grouped returns the code in groups of four digits, for reading aloud
// and writing down.
func (r Receipt) Grouped() string {
	var b strings.Builder
	for i, c := range string(r) {
		if i > 0 && i%4 == 0 {
			b.WriteByte(' ')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// String hides the code: a receipt is a secret and must not reach a log.
func (Receipt) String() string { return "[receipt]" }

// Digits returns the code itself, for hashing and for showing it once.
func (r Receipt) Digits() string { return string(r) }
