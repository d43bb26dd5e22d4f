package store

import (
	"context"
	"database/sql"
	"time"

	"sigap/internal/calendar"
)

// MarkPoliceReported runs markPoliceReported in a transaction of its own
// holding the case's lock, as a referral to the police does in its own.
func (s *Store) MarkPoliceReported(ctx context.Context, tenantID int64, publicID string, at time.Time) error {
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		id, _, err := s.protectionCaseForUpdate(ctx, tx, tenantID, publicID)
		if err != nil {
			return err
		}
		return s.markPoliceReported(ctx, tx, id, at)
	})
}

// SealedColumns lists the table.column of every column key rotation
// reseals.
func SealedColumns() map[string]bool {
	out := map[string]bool{}
	for _, c := range sealedColumns {
		out[c.table+"."+c.column] = true
	}
	return out
}

// ReportStatsRaw is the dashboard's report counts from the reports
// themselves, the reference for ReportStats.
func (s *Store) ReportStatsRaw(ctx context.Context, tenantID int64, f StatsFilter, cal *calendar.Calendar) (ReportStats, error) {
	return s.reportStatsRaw(ctx, tenantID, f, cal)
}
