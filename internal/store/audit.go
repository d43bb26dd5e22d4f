package store

import (
	"context"
	"time"
)

// AuditEvent is one entry of the audit trail.
type AuditEvent struct {
	ID         int64
	TenantID   int64
	At         time.Time
	ActorID    int64
	Action     string
	ObjectType string
	ObjectID   string
}

// AuditEvents returns the newest events of a tenant (0: installation-wide events), newest first.
func (s *Store) AuditEvents(ctx context.Context, tenantID int64, limit int) ([]AuditEvent, error) {
	q := `SELECT id, COALESCE(tenant_id, 0), at, COALESCE(actor_id, 0), action, object_type, object_id
	      FROM audit_events WHERE tenant_id = $1 ORDER BY id DESC LIMIT $2`
	args := []any{tenantID, limit}
	if tenantID == 0 {
		q = `SELECT id, 0, at, COALESCE(actor_id, 0), action, object_type, object_id
		     FROM audit_events WHERE tenant_id IS NULL ORDER BY id DESC LIMIT $1`
		args = []any{limit}
	}
	rows, err := s.db.R.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []AuditEvent
	for rows.Next() {
		var e AuditEvent
		if err := rows.Scan(&e.ID, &e.TenantID, &e.At, &e.ActorID, &e.Action, &e.ObjectType, &e.ObjectID); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}
