package store

import (
	"context"
	"database/sql"
	"errors"
	"strconv"

	"sigap/internal/apperr"
	"sigap/internal/disclosure"
)

// StatsMin is the tenant's threshold for published counts: a count below
// it is hidden from those not entitled to the cases behind it;
// disclosure.DefaultMin when the government has chosen none.
func (s *Store) StatsMin(ctx context.Context, tenantID int64) (int, error) {
	n := disclosure.DefaultMin
	err := s.db.QueryRowHot(ctx, `SELECT min_count FROM statistics_settings WHERE tenant_id = $1`, tenantID).Scan(&n)
	if errors.Is(err, sql.ErrNoRows) {
		return disclosure.DefaultMin, nil
	}
	return n, apperr.Wrap(err, "statistics settings")
}

// SetStatsMin records the tenant's threshold, checked by the caller
// (disclosure.MinLeast to disclosure.MaxLeast).
func (s *Store) SetStatsMin(ctx context.Context, a Actor, tenantID int64, n int) error {
	return apperr.Wrap(s.db.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO statistics_settings (tenant_id, min_count, updated_by, updated_at) VALUES ($1, $2, $3, $4)
			ON CONFLICT (tenant_id) DO UPDATE SET min_count = excluded.min_count, updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
			tenantID, n, nullID(a.UserID), s.Now()); err != nil {
			return err
		}
		return s.audit(ctx, tx, tenantID, a, "statistics.settings", "tenant", strconv.FormatInt(tenantID, 10))
	}), "set statistics settings")
}
