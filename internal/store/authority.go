package store

import (
	"context"
	"database/sql"

	"sigap/internal/apperr"
)

// AuthorityOverrides returns the tenant's choices on configurable
// authority rules, by rule id.
func (s *Store) AuthorityOverrides(ctx context.Context, tenantID int64) (map[string]bool, error) {
	rows, err := s.db.R.QueryContext(ctx, `SELECT rule_id, enabled FROM authority_overrides WHERE tenant_id = $1`, tenantID)
	if err != nil {
		return nil, apperr.Wrap(err, "authority overrides")
	}
	defer rows.Close()
	out := map[string]bool{}
	for rows.Next() {
		var id string
		var on bool
		if err := rows.Scan(&id, &on); err != nil {
			return nil, apperr.Wrap(err, "scan override")
		}
		out[id] = on
	}
	return out, apperr.Wrap(rows.Err(), "authority overrides")
}

// SetAuthorityOverride records the tenant's choice on one rule. The caller
// has checked that the rule may be overridden.
func (s *Store) SetAuthorityOverride(ctx context.Context, a Actor, tenantID int64, ruleID string, enabled bool) error {
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO authority_overrides (tenant_id, rule_id, enabled, updated_at) VALUES ($1, $2, $3, $4)
			ON CONFLICT (tenant_id, rule_id) DO UPDATE SET enabled = excluded.enabled, updated_at = excluded.updated_at`,
			tenantID, ruleID, enabled, s.Now()); err != nil {
			return apperr.Wrap(err, "set override")
		}
		action := "authority.disable"
		if enabled {
			action = "authority.enable"
		}
		return s.audit(ctx, tx, tenantID, a, action, "authority_rule", ruleID)
	})
}
