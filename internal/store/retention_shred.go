package store

import (
	"context"

	"sigap/internal/retention"
)

// shredRecordKeys destroys the record key of one purged record, so that a
// backup made before the purge can no longer open what the record held
// (crypto-shredding, see ShredRecordKey). It is called once the record's
// purge transaction has committed, for the record itself and for every
// report purged with it: kind is retention.DisciplineCase or
// retention.ProtectionCase for a case, retention.RejectedReport for any
// report (alone or with its case), and recordID is the row's id in its
// table. An error is reported by the purge and the call is made again for
// the same record at the next run (see retention_purges.shredded).
func (s *Store) shredRecordKeys(ctx context.Context, tenantID int64, kind retention.Kind, recordID int64) error {
	table := "reports"
	switch kind {
	case retention.DisciplineCase:
		table = "discipline_cases"
	case retention.ProtectionCase:
		table = "protection_cases"
	}
	return s.ShredRecordKey(ctx, tenantID, table, recordID)
}
