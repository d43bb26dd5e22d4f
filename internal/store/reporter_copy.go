package store

import (
	"context"

	"sigap/internal/apperr"
	"sigap/internal/report"
	"sigap/internal/vault"
)

// reporterKeyPurpose names the keyed hash of a receipt code that seeds
// the reporter's own key pair. It differs from receiptLookupPurpose, so
// the stored lookup hash tells nothing of the seed.
const reporterKeyPurpose = "report.reporter_key"

// reporterKey derives the key pair that opens the reporter's own copies:
// from the receipt, which only the reporter holds, under the government's
// lookup key, so that neither the receipt alone nor the database alone
// brings it back.
func (s *Store) reporterKey(ctx context.Context, tenantID int64, receipt report.Receipt) (vault.HolderKey, error) {
	seed, err := s.keys.Lookup(ctx, tenantID, reporterKeyPurpose, receipt.Digits())
	if err != nil {
		return vault.HolderKey{}, apperr.Wrap(err, "reporter key")
	}
	return vault.NewHolderKey(seed)
}

// sealReporterCopy seals the reporter's own copy of a new report's content
// and returns it with the public half of the reporter's key, which later
// seals the messages the reporter may read.
func (s *Store) sealReporterCopy(ctx context.Context, tenantID int64, publicID string, rec uint64, receipt report.Receipt, c report.Content) (pub, copy []byte, err error) {
	h, err := s.reporterKey(ctx, tenantID, receipt)
	if err != nil {
		return nil, nil, err
	}
	plain, err := contentJSON(c)
	if err != nil {
		return nil, nil, err
	}
	// The reporter seals their own copy: the receipt is at hand, so it
	// needs no curve arithmetic; only the public half does, once.
	p := s.place(tenantID, "reports", "reporter_copy", publicID)
	if copy, err = h.Seal(p, plain); err != nil {
		return nil, nil, err
	}
	copy, err = s.wrapCopy(ctx, p, rec, copy)
	return h.Public(), copy, err
}

// sealMessageCopy seals the reporter's copy of a message they may read,
// when the report has a reporter key (reports made before copies were
// kept have none).
func (s *Store) sealMessageCopy(ctx context.Context, tenantID int64, rec uint64, pub []byte, messagePublicID string, body vault.Secret) ([]byte, error) {
	if len(pub) == 0 {
		return nil, nil
	}
	p := s.place(tenantID, "report_messages", "reporter_copy", messagePublicID)
	box, err := vault.SealToHolder(pub, p, body)
	if err != nil {
		return nil, err
	}
	return s.wrapCopy(ctx, p, rec, box)
}

// wrapCopy seals a reporter's copy once more under its report's record
// key, so that it dies with the key at the purge like everything else the
// report holds: an old backup then keeps no copy that the receipt alone
// would open. Without a record key (no record key store) the copy stays
// as it is.
func (s *Store) wrapCopy(ctx context.Context, p vault.Place, rec uint64, box []byte) ([]byte, error) {
	if rec == 0 {
		return box, nil
	}
	p.Record = rec
	c, err := s.keys.Seal(ctx, p, vault.NewSecretBytes(box))
	return c, err
}

// unwrapCopy undoes wrapCopy. A holder box starts with a byte no sealed
// field starts with, so an unwrapped copy (sealed without a record key)
// is told apart and returned as it is.
func (s *Store) unwrapCopy(ctx context.Context, p vault.Place, stored []byte) ([]byte, error) {
	if _, ok := vault.Ciphertext(stored).RecordKey(); !ok {
		return stored, nil
	}
	box, err := s.keys.Open(ctx, p, vault.Ciphertext(stored))
	if err != nil {
		return nil, err
	}
	return []byte(box.Reveal()), nil
}

// ReporterMessages returns the messages of a report its reporter may read,
// oldest first: each from the reporter's own copy when there is one, so a
// redaction of the staff's copy leaves the reporter's view as it was.
func (s *Store) ReporterMessages(ctx context.Context, tenantID, reportID int64, receipt report.Receipt) ([]report.Message, error) {
	h, err := s.reporterKey(ctx, tenantID, receipt)
	if err != nil {
		return nil, err
	}
	return s.reportMessages(ctx, tenantID, reportID, false, &h)
}
