package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"sigap/internal/apperr"
	"sigap/internal/calendar"
	"sigap/internal/db"
	"sigap/internal/retention"
)

// auditPurgeAction is the audit event of a purge of a chain's oldest
// events; its object ID is the sequence of the last event purged, which
// VerifyChain requires of every anchor.
const auditPurgeAction = "retention.purged." + string(retention.AuditEvent)

// purgeAuditEvents deletes the oldest events of the tenant's audit chain
// once their period (counted from the day each was written) has passed,
// and moves the chain's anchor to the last one deleted, so that the chain
// still verifies from there. The cut stops at the first event that is
// still within its period or is about a record under a hold in force:
// the chain is cut only at its start, never in the middle. It returns how
// many events went.
func (s *Store) purgeAuditEvents(ctx context.Context, a Actor, tenantID int64, today calendar.Date) (int, error) {
	rules, err := s.RetentionRules(ctx, tenantID)
	if err != nil {
		return 0, err
	}
	months, ok := rules[retention.AuditEvent]
	if !ok || months <= 0 {
		return 0, nil // a missing rule keeps
	}
	cutoff := today.AddMonths(-months).Time(wib)
	held, err := s.heldReferences(ctx, tenantID)
	if err != nil {
		return 0, err
	}
	var count int
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		count = 0
		// The head's lock orders this with every write to the chain and
		// with a purge on another instance.
		if _, _, err := s.lockChainHead(ctx, tx, tenantID); err != nil {
			return apperr.Wrap(err, "lock audit chain")
		}
		var anchor int64
		if err := tx.QueryRowContext(ctx, `SELECT seq FROM audit_anchors WHERE chain = $1`, tenantID).Scan(&anchor); err != nil && !errors.Is(err, sql.ErrNoRows) {
			return apperr.Wrap(err, "audit anchor")
		}
		args := db.Args{tenantID, anchor, cutoff}
		keep := `at >= $3`
		if len(held) > 0 {
			ps := make([]string, len(held))
			for i, h := range held {
				ps[i] = args.Add(h)
			}
			keep += ` OR object_id IN (` + strings.Join(ps, ", ") + `)`
		}
		var stop, last sql.NullInt64
		if err := tx.QueryRowContext(ctx, `SELECT MIN(seq) FROM audit_events WHERE chain = $1 AND seq > $2 AND (`+keep+`)`, args...).Scan(&stop); err != nil {
			return apperr.Wrap(err, "audit events to keep")
		}
		q := `SELECT MAX(seq) FROM audit_events WHERE chain = $1 AND seq > $2`
		qa := []any{tenantID, anchor}
		if stop.Valid {
			q += ` AND seq < $3`
			qa = append(qa, stop.Int64)
		}
		if err := tx.QueryRowContext(ctx, q, qa...).Scan(&last); err != nil {
			return apperr.Wrap(err, "audit events to purge")
		}
		if !last.Valid || last.Int64 <= anchor {
			return nil
		}
		var hash []byte
		if err := tx.QueryRowContext(ctx, `SELECT hash FROM audit_events WHERE chain = $1 AND seq = $2`, tenantID, last.Int64).Scan(&hash); err != nil {
			return apperr.Wrap(err, "audit anchor hash")
		}
		res, err := tx.ExecContext(ctx, `DELETE FROM audit_events WHERE chain = $1 AND seq <= $2`, tenantID, last.Int64)
		if err != nil {
			return apperr.Wrap(err, "purge audit events")
		}
		n, _ := res.RowsAffected()
		if _, err := tx.ExecContext(ctx, `INSERT INTO audit_anchors (chain, seq, hash, purged_at) VALUES ($1, $2, $3, $4)
			ON CONFLICT (chain) DO UPDATE SET seq = excluded.seq, hash = excluded.hash, purged_at = excluded.purged_at`,
			tenantID, last.Int64, hash, s.Now()); err != nil {
			return apperr.Wrap(err, "move audit anchor")
		}
		count = int(n)
		return s.logPurges(ctx, tx, a, tenantID, []purged{{kind: retention.AuditEvent, ref: recordRef{typ: "audit_trail"},
			refer: itoa(last.Int64), count: count}})
	})
	return count, err
}

// heldReferences are the public IDs and numbers of the tenant's records
// under a hold in force: the audit events about them are kept with them.
func (s *Store) heldReferences(ctx context.Context, tenantID int64) ([]string, error) {
	var out []string
	err := s.eachRowW(ctx, `SELECT r.public_id, '' FROM legal_holds h JOIN reports r ON r.id = h.object_id
			WHERE h.tenant_id = $1 AND h.released_at IS NULL AND h.object_type = 'report'
		UNION SELECT c.public_id, c.number FROM legal_holds h JOIN discipline_cases c ON c.id = h.object_id
			WHERE h.tenant_id = $1 AND h.released_at IS NULL AND h.object_type = 'discipline_case'
		UNION SELECT c.public_id, c.number FROM legal_holds h JOIN protection_cases c ON c.id = h.object_id
			WHERE h.tenant_id = $1 AND h.released_at IS NULL AND h.object_type = 'protection_case'`, []any{tenantID}, func(rows *sql.Rows) error {
		var pub, num string
		if err := rows.Scan(&pub, &num); err != nil {
			return err
		}
		out = append(out, pub)
		if num != "" {
			out = append(out, num)
		}
		return nil
	})
	return out, apperr.Wrap(err, "held records")
}
