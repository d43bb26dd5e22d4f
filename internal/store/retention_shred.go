package store

import (
	"context"

	"sigap/internal/retention"
)

// shredRecordKeys destroys the data keys of one purged record, so that a
// backup made before the purge can no longer open what the record held
// (crypto-shredding). It is called once the record's purge transaction
// has committed, for the record itself and for every report purged with
// it: kind is retention.DisciplineCase or retention.ProtectionCase for a
// case, retention.RejectedReport for any report (alone or with its case),
// and recordID is the row's id in its table.
//
// Fields are sealed today under the government's data key, not under keys
// of their own, so there is no per-record key to destroy yet and this
// returns nil; the purge already empties every sealed field of the record.
// Once per-record keys exist, this is where they are destroyed; an error
// returned here is reported by the purge and the call is made again for
// the same record at the next run (see retention_purges.shredded).
func (s *Store) shredRecordKeys(ctx context.Context, tenantID int64, kind retention.Kind, recordID int64) error {
	_, _, _, _ = ctx, tenantID, kind, recordID
	return nil
}
