package store

import (
	"context"

	"sigap/internal/report"
	"sigap/internal/vault"
)

// SealedReport is a report's sealed values as CreateReport stores them.
type SealedReport struct {
	Content      vault.Ciphertext // reports.content_enc
	ReporterKey  []byte           // reports.reporter_key: the public half of the reporter's key
	ReporterCopy []byte           // reports.reporter_copy: the reporter's own copy
}

// SealReport seals a report's content and the reporter's own copy exactly
// as CreateReport does, under the record key rec (from NewRecordKey; 0
// without a record key store), for tools that write reports in bulk (the
// benchmark data set).
func (s *Store) SealReport(ctx context.Context, tenantID int64, publicID string, rec uint64, receipt report.Receipt, c report.Content) (SealedReport, error) {
	if s.keys == nil {
		return SealedReport{}, errNoVault
	}
	var out SealedReport
	var err error
	if out.Content, err = s.sealContent(ctx, tenantID, publicID, rec, c); err != nil {
		return out, err
	}
	out.ReporterKey, out.ReporterCopy, err = s.sealReporterCopy(ctx, tenantID, publicID, rec, receipt, c)
	return out, err
}

// ReceiptLookup is the keyed hash a report is found by from its receipt,
// as CreateReport stores it.
func (s *Store) ReceiptLookup(ctx context.Context, tenantID int64, r report.Receipt) ([]byte, error) {
	if s.keys == nil {
		return nil, errNoVault
	}
	return s.keys.Lookup(ctx, tenantID, receiptLookupPurpose, r.Digits())
}
