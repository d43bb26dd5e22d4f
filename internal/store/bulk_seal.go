package store

import (
	"context"

	"sigap/internal/report"
	"sigap/internal/vault"
)

// SealReportContent seals a report's content exactly as CreateReport
// does, for tools that write reports in bulk (the benchmark data set).
func (s *Store) SealReportContent(ctx context.Context, tenantID int64, publicID string, c report.Content) (vault.Ciphertext, error) {
	if s.keys == nil {
		return nil, errNoVault
	}
	return s.sealContent(ctx, tenantID, publicID, 0, c)
}

// ReceiptLookup is the keyed hash a report is found by from its receipt,
// as CreateReport stores it.
func (s *Store) ReceiptLookup(ctx context.Context, tenantID int64, r report.Receipt) ([]byte, error) {
	if s.keys == nil {
		return nil, errNoVault
	}
	return s.keys.Lookup(ctx, tenantID, receiptLookupPurpose, r.Digits())
}
