package store_test

import (
	"context"
	"crypto/ed25519"
	"sync"
	"testing"
	"time"

	"sigap/internal/apperr"
	"sigap/internal/db"
	"sigap/internal/report"
	"sigap/internal/store"
	"sigap/internal/testdb"
)

// Many reports at once from two governments: every one is committed and
// answered with its own receipt, in groups, and both audit chains verify.
func TestReportWriterGroups(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		f, _ := vaultFixture(t, d)
		wctx, stop := context.WithCancel(ctx)
		w := f.s.NewReportWriter(wctx, 1000, 64)
		const n = 300
		var wg sync.WaitGroup
		receipts := make(chan report.Receipt, n)
		errs := make(chan error, n)
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				tenant := f.kab.ID
				if i%3 == 0 {
					tenant = f.kot.ID
				}
				mode := "anonymous"
				if i%5 == 0 {
					mode = "confidential" // a sealed identity, with its own audit event, inside the group
				}
				_, r, err := w.Create(ctx, store.System, tenant, checkedReport(t, mode))
				errs <- err
				receipts <- r
			}()
		}
		wg.Wait()
		close(errs)
		close(receipts)
		for err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
		seen := map[report.Receipt]bool{}
		for r := range receipts {
			if seen[r] {
				t.Fatal("a receipt given twice")
			}
			seen[r] = true
		}
		var stored int
		d.R.QueryRow(`SELECT COUNT(*) FROM reports`).Scan(&stored)
		if stored != n {
			t.Fatalf("%d reports stored, want %d", stored, n)
		}
		for _, chain := range []int64{f.kab.ID, f.kot.ID} {
			if _, p, err := f.s.VerifyChain(ctx, chain, ed25519.PublicKey(nil)); p != nil || err != nil {
				t.Fatalf("chain %d: %v %v", chain, p, err)
			}
		}
		var creates int
		d.R.QueryRow(`SELECT COUNT(*) FROM audit_events WHERE action = 'report.create'`).Scan(&creates)
		if creates != n {
			t.Errorf("%d report.create events", creates)
		}

		// A report the database refuses (a channel its CHECK does not know)
		// fails alone; one written beside it, likely in the same group,
		// succeeds.
		var bad, good error
		var both sync.WaitGroup
		both.Add(2)
		broken := checkedReport(t, "anonymous")
		broken.Channel = "fax"
		go func() { defer both.Done(); _, _, bad = w.Create(ctx, store.System, f.kab.ID, broken) }()
		go func() {
			defer both.Done()
			_, _, good = w.Create(ctx, store.System, f.kab.ID, checkedReport(t, "anonymous"))
		}()
		both.Wait()
		if bad == nil || good != nil {
			t.Errorf("bad %v, good %v", bad, good)
		}

		// A stopped writer refuses politely.
		stop()
		<-w.Stopped()
		_, _, err := w.Create(ctx, store.System, f.kab.ID, checkedReport(t, "anonymous"))
		wantCode(t, err, apperr.TooMany)
	})
}

// A sender who leaves after the report was queued still gets the truth:
// the request waits for the commit, so "not saved" is never said of a
// saved report (and its files are not dropped).
func TestReportWriterWaitsPastTheRequest(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		f, _ := vaultFixture(t, d)
		w := f.s.NewReportWriter(ctx, 10, 64)
		// Hold the write lock (SQLite) or the chain head (PostgreSQL).
		hold, err := d.W.BeginTx(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		if d.Engine == db.Postgres {
			if _, err := hold.Exec(`SELECT seq FROM audit_heads WHERE chain = $1 FOR UPDATE`, f.kab.ID); err != nil {
				t.Fatal(err)
			}
		}
		short, cancel := context.WithTimeout(ctx, 100*time.Millisecond)
		defer cancel()
		done := make(chan error, 1)
		go func() {
			_, _, err := w.Create(short, store.System, f.kab.ID, checkedReport(t, "anonymous"))
			done <- err
		}()
		time.Sleep(300 * time.Millisecond)
		hold.Rollback()
		if err := <-done; err != nil {
			t.Fatalf("the sender was told: %v", err)
		}
		var n int
		d.R.QueryRow(`SELECT COUNT(*) FROM reports`).Scan(&n)
		if n != 1 {
			t.Fatalf("%d reports", n)
		}
	})
}
