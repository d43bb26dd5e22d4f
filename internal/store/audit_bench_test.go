package store

import (
	"context"
	"crypto/ed25519"
	"database/sql"
	"fmt"
	"testing"
	"time"

	"sigap/internal/audit"
	"sigap/internal/db"
	"sigap/internal/testdb"
)

// BenchmarkAuditAppend measures what the audit event adds to a write: the
// same small transaction with and without its event, on each engine.
func BenchmarkAuditAppend(b *testing.B) {
	for _, e := range testdb.Engines() {
		d := testdb.Open(b, e)
		s := New(d, nil)
		ctx := context.Background()
		n := 0
		write := func(withAudit bool) error {
			n++ // unique across runs of the sub-benchmarks on this database
			i := n
			return d.Tx(ctx, func(tx *sql.Tx) error {
				if _, err := tx.ExecContext(ctx, `INSERT INTO signin_failures (username, failures, last_at) VALUES ($1, 1, $2)`, fmt.Sprintf("u%d-%v", i, withAudit), s.Now()); err != nil {
					return err
				}
				if withAudit {
					return s.audit(ctx, tx, 0, System, "bench.write", "bench", "x")
				}
				return nil
			})
		}
		for _, withAudit := range []bool{false, true} {
			b.Run(fmt.Sprintf("%s/audit=%v", e, withAudit), func(b *testing.B) {
				for b.Loop() {
					if err := write(withAudit); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

// BenchmarkVerifyMillion verifies a chain of one million events on SQLite.
// Run with -benchtime 1x: building the chain takes longer than checking it.
func BenchmarkVerifyMillion(b *testing.B) {
	const n = 1_000_000
	d := testdb.Open(b, db.SQLite)
	s := New(d, nil)
	ctx := context.Background()
	pub, priv, _ := ed25519.GenerateKey(nil)
	var seq int64
	head := audit.Genesis
	at := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for start := 0; start < n; start += 10_000 {
		err := d.Tx(ctx, func(tx *sql.Tx) error {
			st, err := tx.PrepareContext(ctx, `INSERT INTO audit_events (chain, seq, at, actor_id, action, object_type, object_id, prev_hash, hash) VALUES (7, $1, $2, 1, 'unit.update', 'unit', '42', $3, $4)`)
			if err != nil {
				return err
			}
			defer st.Close()
			for range 10_000 {
				e := audit.Event{Chain: 7, At: at.Add(time.Duration(seq) * time.Second), ActorID: 1, Action: "unit.update", ObjectType: "unit", ObjectID: "42"}
				e.Next(seq, head)
				if _, err := st.ExecContext(ctx, e.Seq, e.At, e.PrevHash, e.Hash); err != nil {
					return err
				}
				seq, head = e.Seq, e.Hash
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	if _, err := d.W.ExecContext(ctx, `INSERT INTO audit_heads (chain, seq, hash) VALUES (7, $1, $2)`, seq, head); err != nil {
		b.Fatal(err)
	}
	if ok, err := s.Checkpoint(ctx, 7, priv); !ok || err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		events, p, err := s.VerifyChain(ctx, 7, pub)
		if err != nil || p != nil || events != n {
			b.Fatalf("%d events, %v, %v", events, p, err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Seconds())/float64(b.N), "s/verify")
}
