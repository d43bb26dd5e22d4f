package store_test

import (
	"crypto/ed25519"
	"strings"
	"testing"
	"time"

	"sigap/internal/audit"
	"sigap/internal/db"
	"sigap/internal/org"
	"sigap/internal/store"
	"sigap/internal/testdb"
)

// auditFixture writes twelve audited changes to Kabupaten Serang's chain and
// signs a checkpoint after the tenth.
func auditFixture(t *testing.T, d *db.DB) (*fixture, ed25519.PublicKey, ed25519.PrivateKey) {
	t.Helper()
	f := newFixture(t, d)
	pub, priv, _ := ed25519.GenerateKey(nil)
	a := store.Actor{UserID: 1, TenantID: f.kab.ID}
	for i := range 12 {
		if _, err := f.s.CreateUnit(ctx, a, f.kab.ID, org.UnitInput{Name: "Unit " + string(rune('A'+i)), Kind: org.KindDinas}); err != nil {
			t.Fatal(err)
		}
		if i == 8 { // tenant.create is event 1, so this is event 10
			if ok, err := f.s.Checkpoint(ctx, f.kab.ID, priv); !ok || err != nil {
				t.Fatalf("checkpoint: %v %v", ok, err)
			}
		}
	}
	return f, pub, priv
}

func verifyKab(t *testing.T, f *fixture, pub ed25519.PublicKey) *audit.Problem {
	t.Helper()
	n, p, err := f.s.VerifyChain(ctx, f.kab.ID, pub)
	if err != nil {
		t.Fatal(err)
	}
	if p == nil && n != 13 {
		t.Errorf("verified %d events, want 13", n)
	}
	return p
}

func TestAuditChainIntact(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		f, pub, priv := auditFixture(t, d)
		if p := verifyKab(t, f, pub); p != nil {
			t.Fatalf("untouched chain reported: %v", p)
		}
		// Chains are per tenant and the installation has its own.
		chains, _ := f.s.AuditChains(ctx)
		if len(chains) != 3 || chains[0] != 0 {
			t.Errorf("chains %v", chains)
		}
		for _, c := range chains {
			if _, p, err := f.s.VerifyChain(ctx, c, pub); p != nil || err != nil {
				t.Errorf("chain %d: %v %v", c, p, err)
			}
		}
		// Signing again without new events adds nothing.
		if ok, _ := f.s.Checkpoint(ctx, f.kab.ID, priv); !ok {
			t.Error("head past the checkpoint not signed")
		}
		if ok, _ := f.s.Checkpoint(ctx, f.kab.ID, priv); ok {
			t.Error("signed the same head twice")
		}
		// Another key does not vouch for these checkpoints.
		other, _, _ := ed25519.GenerateKey(nil)
		if _, p, _ := f.s.VerifyChain(ctx, f.kab.ID, other); p == nil || !strings.Contains(p.Reason, "signature") {
			t.Errorf("foreign key: %v", p)
		}
	})
}

// Tampering straight in the database, as someone with database access
// would, is caught, and the first bad event is named.
func TestAuditTamperingCaught(t *testing.T) {
	cases := []struct {
		name string
		sql  []string
		seq  int64
	}{
		{"edit", []string{`UPDATE audit_events SET action = 'unit.archive' WHERE chain = $1 AND seq = 5`}, 5},
		{"delete", []string{`DELETE FROM audit_events WHERE chain = $1 AND seq = 6`}, 7},
		{"insert", []string{`INSERT INTO audit_events (chain, seq, tenant_id, at, actor_id, action, object_type, object_id, prev_hash, hash)
			SELECT chain, 14, tenant_id, at, actor_id, 'user.create', object_type, object_id, prev_hash, hash FROM audit_events WHERE chain = $1 AND seq = 13`}, 14},
		{"reorder", []string{
			`UPDATE audit_events SET seq = -1 WHERE chain = $1 AND seq = 3`,
			`UPDATE audit_events SET seq = 3 WHERE chain = $1 AND seq = 4`,
			`UPDATE audit_events SET seq = 4 WHERE chain = $1 AND seq = -1`}, 3},
		// Cutting the end is caught by the head row. Cutting it and also
		// rewinding the head past the last checkpoint cannot be caught by
		// anyone: that is why checkpoints are signed often.
		{"cut the end", []string{`DELETE FROM audit_events WHERE chain = $1 AND seq > 11`}, 13},
		{"cut past a checkpoint", []string{
			`DELETE FROM audit_events WHERE chain = $1 AND seq > 8`,
			`UPDATE audit_heads SET seq = 8, hash = (SELECT hash FROM audit_events WHERE chain = $1 AND seq = 8) WHERE chain = $1`}, 10},
		{"drop a checkpoint's event's actor", []string{`UPDATE audit_events SET actor_id = 2 WHERE chain = $1 AND seq = 10`}, 10},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			testdb.Each(t, func(t *testing.T, d *db.DB) {
				f, pub, _ := auditFixture(t, d)
				for _, q := range c.sql {
					if _, err := d.W.Exec(q, f.kab.ID); err != nil {
						t.Fatalf("%s: %v", q, err)
					}
				}
				p := verifyKab(t, f, pub)
				if p == nil {
					t.Fatal("tampering not detected")
				}
				if c.seq != 0 && p.Seq != c.seq {
					t.Errorf("first problem at %d (%s), want %d", p.Seq, p.Reason, c.seq)
				}
			})
		})
	}
}

func TestAuditFilter(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		f, _, _ := auditFixture(t, d)
		all, _ := f.s.AuditEvents(ctx, store.AuditFilter{Chain: f.kab.ID, Limit: 100})
		if len(all) != 13 || all[0].Seq != 13 {
			t.Fatalf("%d events, newest %d", len(all), all[0].Seq)
		}
		units, _ := f.s.AuditEvents(ctx, store.AuditFilter{Chain: f.kab.ID, Action: "unit.", Limit: 5})
		if len(units) != 5 || units[4].Action != "unit.create" {
			t.Errorf("%+v", units)
		}
		next, _ := f.s.AuditEvents(ctx, store.AuditFilter{Chain: f.kab.ID, Action: "unit.", Limit: 100, BeforeSeq: units[4].Seq})
		if len(next) != 7 {
			t.Errorf("second page %d", len(next))
		}
		byActor, _ := f.s.AuditEvents(ctx, store.AuditFilter{Chain: f.kab.ID, ActorID: 1, Limit: 100})
		if len(byActor) != 12 {
			t.Errorf("by actor %d", len(byActor))
		}
		later, _ := f.s.AuditEvents(ctx, store.AuditFilter{Chain: f.kab.ID, From: f.clock.Add(time.Second), Limit: 100})
		if len(later) != 0 {
			t.Errorf("period filter %d", len(later))
		}
		none, _ := f.s.AuditEvents(ctx, store.AuditFilter{Chain: f.kot.ID, Action: "unit.", Limit: 100})
		if len(none) != 0 {
			t.Error("another chain's events")
		}
	})
}
