package store

import (
	"context"
	"database/sql"
	"time"

	"sigap/internal/calendar"
	"sigap/internal/vault"
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

// SealedField is one sealed value as OpenAllSealed found it.
type SealedField struct {
	Table, Column, RowKey string
	Record                uint64 // from the ciphertext's header
	Err                   error  // from opening it
}

// OpenAllSealed opens every sealed value of the tenant, in every column
// key rotation reseals, and says how each went.
func (s *Store) OpenAllSealed(ctx context.Context, tenantID int64) ([]SealedField, error) {
	var out []SealedField
	for _, c := range sealedColumns {
		rows, err := s.db.R.QueryContext(ctx, `SELECT `+c.rowKey+`, `+c.column+` FROM `+c.table+` WHERE `+c.tenant+` = $1 AND `+c.column+` IS NOT NULL`, tenantID)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			f := SealedField{Table: c.table, Column: c.column}
			var ct vault.Ciphertext
			if err := rows.Scan(&f.RowKey, &ct); err != nil {
				rows.Close()
				return nil, err
			}
			f.Record, _ = ct.RecordKey()
			_, f.Err = s.keys.Open(ctx, s.place(tenantID, c.table, c.column, f.RowKey), ct)
			out = append(out, f)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}
