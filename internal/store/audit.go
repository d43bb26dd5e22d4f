package store

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"sigap/internal/apperr"
	"sigap/internal/audit"
	"sigap/internal/db"
)

// audit appends an event to the tenant's chain (chain 0 for installation
// events) in tx, so that a change and its record commit or fail together.
// The chain head row is locked for the rest of the transaction, which puts
// every write of one tenant in one order across all instances. Values of
// sensitive fields never go here, only what was done to which object.
func (s *Store) audit(ctx context.Context, tx *sql.Tx, tenantID int64, a Actor, action, objType, objID string) error {
	seq, head, err := s.lockChainHead(ctx, tx, tenantID)
	if err != nil {
		return err
	}
	e := audit.Event{Chain: tenantID, At: s.Now(), ActorID: a.UserID, Action: action, ObjectType: objType, ObjectID: objID}
	e.Next(seq, head)
	if _, err := tx.ExecContext(ctx,
		`INSERT INTO audit_events (chain, seq, tenant_id, at, actor_id, action, object_type, object_id, prev_hash, hash)
		 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
		e.Chain, e.Seq, nullID(tenantID), e.At, e.ActorID, e.Action, e.ObjectType, e.ObjectID, e.PrevHash, e.Hash); err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `UPDATE audit_heads SET seq = $2, hash = $3 WHERE chain = $1`, e.Chain, e.Seq, e.Hash)
	return err
}

// lockChainHead returns the head of a chain, creating it on first use, and
// holds its row lock (PostgreSQL; SQLite has one writer anyway).
func (s *Store) lockChainHead(ctx context.Context, tx *sql.Tx, chain int64) (int64, []byte, error) {
	q := `SELECT seq, hash FROM audit_heads WHERE chain = $1` + s.db.ForUpdate()
	var seq int64
	var head []byte
	err := tx.QueryRowContext(ctx, q, chain).Scan(&seq, &head)
	if errors.Is(err, sql.ErrNoRows) {
		// A concurrent first writer may insert the head too; whoever loses
		// waits here and then reads the winner's committed row.
		if _, err := tx.ExecContext(ctx, `INSERT INTO audit_heads (chain, seq, hash) VALUES ($1, 0, $2) ON CONFLICT DO NOTHING`, chain, audit.Genesis); err != nil {
			return 0, nil, err
		}
		err = tx.QueryRowContext(ctx, q, chain).Scan(&seq, &head)
	}
	return seq, head, err
}

const auditCols = `chain, seq, at, COALESCE(actor_id, 0), action, object_type, object_id, prev_hash, hash`

func scanEvent(row interface{ Scan(...any) error }) (audit.Event, error) {
	var e audit.Event
	err := row.Scan(&e.Chain, &e.Seq, &e.At, &e.ActorID, &e.Action, &e.ObjectType, &e.ObjectID, &e.PrevHash, &e.Hash)
	return e, err
}

// AuditChains lists every chain that has events.
func (s *Store) AuditChains(ctx context.Context) ([]int64, error) {
	rows, err := s.db.R.QueryContext(ctx, `SELECT chain FROM audit_heads WHERE seq > 0 ORDER BY chain`)
	if err != nil {
		return nil, apperr.Wrap(err, "audit chains")
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var c int64
		if err := rows.Scan(&c); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// auditScanBatch events are read per query, so that verifying millions of
// events needs neither one huge result nor one query per event.
const auditScanBatch = 5000

// ScanAudit calls fn with every event of a chain in sequence order.
func (s *Store) ScanAudit(ctx context.Context, chain int64, fn func(audit.Event) error) error {
	after := int64(-1 << 62)
	for {
		rows, err := s.db.R.QueryContext(ctx, `SELECT `+auditCols+` FROM audit_events WHERE chain = $1 AND seq > $2 ORDER BY seq LIMIT $3`, chain, after, auditScanBatch)
		if err != nil {
			return apperr.Wrap(err, "scan audit")
		}
		n := 0
		for rows.Next() {
			e, err := scanEvent(rows)
			if err != nil {
				rows.Close()
				return err
			}
			n++
			after = e.Seq
			if err := fn(e); err != nil {
				rows.Close()
				return err
			}
		}
		if err := rows.Close(); err != nil {
			return err
		}
		if n < auditScanBatch {
			return nil
		}
	}
}

// AuditHead returns the newest sequence number and hash of a chain.
func (s *Store) AuditHead(ctx context.Context, chain int64) (int64, []byte, error) {
	var seq int64
	var hash []byte
	err := s.db.R.QueryRowContext(ctx, `SELECT seq, hash FROM audit_heads WHERE chain = $1`, chain).Scan(&seq, &hash)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, audit.Genesis, nil
	}
	return seq, hash, apperr.Wrap(err, "audit head")
}

// AddCheckpoint stores a signed checkpoint. Two instances signing the same
// head at once store it once.
func (s *Store) AddCheckpoint(ctx context.Context, c audit.Checkpoint) error {
	_, err := s.db.W.ExecContext(ctx, `INSERT INTO audit_checkpoints (chain, seq, hash, at, key_id, signature) VALUES ($1, $2, $3, $4, $5, $6)
		ON CONFLICT (chain, seq) DO NOTHING`, c.Chain, c.Seq, c.Hash, c.At, c.KeyID, c.Signature)
	return apperr.Wrap(err, "add checkpoint")
}

// Checkpoints returns the checkpoints of a chain in sequence order.
func (s *Store) Checkpoints(ctx context.Context, chain int64) ([]audit.Checkpoint, error) {
	rows, err := s.db.R.QueryContext(ctx, `SELECT chain, seq, hash, at, key_id, signature FROM audit_checkpoints WHERE chain = $1 ORDER BY seq`, chain)
	if err != nil {
		return nil, apperr.Wrap(err, "checkpoints")
	}
	defer rows.Close()
	var out []audit.Checkpoint
	for rows.Next() {
		var c audit.Checkpoint
		if err := rows.Scan(&c.Chain, &c.Seq, &c.Hash, &c.At, &c.KeyID, &c.Signature); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// LastCheckpointSeq returns the sequence number of a chain's newest checkpoint (0: none).
func (s *Store) LastCheckpointSeq(ctx context.Context, chain int64) (int64, error) {
	var seq sql.NullInt64
	err := s.db.R.QueryRowContext(ctx, `SELECT MAX(seq) FROM audit_checkpoints WHERE chain = $1`, chain).Scan(&seq)
	return seq.Int64, apperr.Wrap(err, "last checkpoint")
}

// AuditFilter selects events for the auditors' page.
type AuditFilter struct {
	Chain      int64
	ActorID    int64  // 0: anyone
	Action     string // prefix, e.g. "unit." ; "" for all
	ObjectType string
	ObjectID   string
	From, To   time.Time // zero: open
	Limit      int
	BeforeSeq  int64 // page backwards from here; 0: newest
}

// AuditEvents returns matching events, newest first.
func (s *Store) AuditEvents(ctx context.Context, f AuditFilter) ([]audit.Event, error) {
	var args db.Args
	where := `chain = ` + args.Add(f.Chain)
	if f.ActorID != 0 {
		where += ` AND actor_id = ` + args.Add(f.ActorID)
	}
	if f.Action != "" {
		where += ` AND action LIKE ` + args.Add(escapeLike(f.Action)+"%")
	}
	if f.ObjectType != "" {
		where += ` AND object_type = ` + args.Add(f.ObjectType)
	}
	if f.ObjectID != "" {
		where += ` AND object_id = ` + args.Add(f.ObjectID)
	}
	if !f.From.IsZero() {
		where += ` AND at >= ` + args.Add(f.From.UTC())
	}
	if !f.To.IsZero() {
		where += ` AND at < ` + args.Add(f.To.UTC())
	}
	if f.BeforeSeq > 0 {
		where += ` AND seq < ` + args.Add(f.BeforeSeq)
	}
	if f.Limit <= 0 {
		f.Limit = 50
	}
	rows, err := s.db.R.QueryContext(ctx, `SELECT `+auditCols+` FROM audit_events WHERE `+where+` ORDER BY seq DESC LIMIT `+args.Add(f.Limit), args...)
	if err != nil {
		return nil, apperr.Wrap(err, "audit events")
	}
	defer rows.Close()
	var out []audit.Event
	for rows.Next() {
		e, err := scanEvent(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// VerifyChain checks one chain against its stored checkpoints and pub, and
// returns how many events it read and the first problem (nil when intact).
func (s *Store) VerifyChain(ctx context.Context, chain int64, pub ed25519.PublicKey) (int64, *audit.Problem, error) {
	cps, err := s.Checkpoints(ctx, chain)
	if err != nil {
		return 0, nil, err
	}
	v := audit.NewVerifier(chain, pub)
	for _, c := range cps {
		v.Expect(c)
	}
	// A chain whose oldest events were purged starts at its anchor; the
	// purge itself is an event of the chain naming the anchor's sequence,
	// so an anchor nobody recorded (events cut off by hand) is a problem.
	anchor, anchorHash, err := s.AuditAnchor(ctx, chain)
	if err != nil {
		return 0, nil, err
	}
	v.StartAt(anchor, anchorHash)
	recorded := anchor == 0
	if err := s.ScanAudit(ctx, chain, func(e audit.Event) error {
		v.Add(e)
		if e.Action == auditPurgeAction && e.ObjectID == itoa(anchor) {
			recorded = true
		}
		return nil
	}); err != nil {
		return v.Events, nil, err
	}
	if !recorded {
		return v.Events, &audit.Problem{Chain: chain, Seq: anchor, Reason: "the chain starts after a purge of its oldest events that the chain does not record"}, nil
	}
	// The head row is part of the evidence: a chain cut short and its head
	// rewound must not pass unnoticed when no checkpoint covers the end.
	seq, hash, err := s.AuditHead(ctx, chain)
	if err != nil {
		return v.Events, nil, err
	}
	p := v.Finish()
	if last, lastHash := v.Head(); p == nil && (seq != last || !bytes.Equal(hash, lastHash)) {
		p = &audit.Problem{Chain: chain, Seq: seq, Reason: fmt.Sprintf("the chain head says event %d but the events end at %d", seq, last)}
	}
	return v.Events, p, nil
}

// Checkpoint signs the current head of a chain, unless the newest
// checkpoint already covers it. It returns whether it signed one.
func (s *Store) Checkpoint(ctx context.Context, chain int64, key ed25519.PrivateKey) (bool, error) {
	seq, hash, err := s.AuditHead(ctx, chain)
	if err != nil || seq == 0 {
		return false, err
	}
	last, err := s.LastCheckpointSeq(ctx, chain)
	if err != nil || last >= seq {
		return false, err
	}
	c := audit.Checkpoint{Chain: chain, Seq: seq, Hash: hash, At: s.Now()}
	c.Sign(key)
	return true, s.AddCheckpoint(ctx, c)
}

// HasCheckpoints reports whether any checkpoint was ever signed.
func (s *Store) HasCheckpoints(ctx context.Context) (bool, error) {
	var n int
	err := s.db.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM (SELECT 1 FROM audit_checkpoints LIMIT 1) c`).Scan(&n)
	return n > 0, apperr.Wrap(err, "checkpoints exist")
}

// AuditAnchor returns where a chain starts when its oldest events were
// purged: the sequence and hash of the last event purged (0 and nil when
// none was).
func (s *Store) AuditAnchor(ctx context.Context, chain int64) (int64, []byte, error) {
	var seq int64
	var hash []byte
	err := s.db.R.QueryRowContext(ctx, `SELECT seq, hash FROM audit_anchors WHERE chain = $1`, chain).Scan(&seq, &hash)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil, nil
	}
	return seq, hash, apperr.Wrap(err, "audit anchor")
}
