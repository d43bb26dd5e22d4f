package proof

import (
	"context"
	"fmt"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"sigap/internal/db"
)

// SIGKILL during heavy report submission, five times in a row, on each
// engine: after every restart each report whose receipt was returned is
// readable with that receipt on the public status page, and the audit
// chain verifies at the end.
func TestKilledServerKeepsAcknowledgedReports(t *testing.T) {
	if testing.Short() {
		t.Skip("starts processes")
	}
	t.Parallel()
	for _, e := range []db.Engine{db.SQLite, db.Postgres} {
		t.Run(string(e), func(t *testing.T) {
			if e == db.Postgres {
				needPostgres(t)
			}
			t.Parallel()
			crashAndCheck(t, newSite(t, e))
		})
	}
}

func crashAndCheck(t *testing.T, s *site) {
	const (
		kills   = 5
		senders = 12
		busy    = time.Second // of submissions before each kill
		perKill = 1500        // bound on the reports sent per round
	)
	ctx := context.Background()
	began := time.Now()
	var all, lastRound []string
	var attempts, cutOff, refused int64
	var downtime time.Duration
	for round := range kills {
		in := s.start(fmt.Sprint("round-", round))
		// What the last round acknowledged, up to the kill, is there
		// after the restart (all of it is read once more at the end).
		checkReceipts(t, in.url, lastRound, round)
		var (
			mu    sync.Mutex
			acked []string
			sent  atomic.Int64
			cut   atomic.Int64
			ref   atomic.Int64
		)
		stop := time.Now().Add(busy)
		var wg sync.WaitGroup
		for w := range senders {
			wg.Go(func() {
				for n := 0; time.Now().Before(stop) && sent.Load() < perKill; n++ {
					sent.Add(1)
					r, st := submit(in.url, fmt.Sprintf("r%d-s%d", round, w), n)
					switch st {
					case http.StatusCreated:
						mu.Lock()
						acked = append(acked, r)
						mu.Unlock()
					case 0:
						cut.Add(1)
					default:
						ref.Add(1)
					}
				}
			})
		}
		time.Sleep(busy)
		killed := time.Now()
		in.kill() // while the senders are still sending
		wg.Wait()
		downtime += time.Since(killed)
		all, lastRound = append(all, acked...), acked
		attempts, cutOff, refused = attempts+sent.Load(), cutOff+cut.Load(), refused+ref.Load()
	}
	last := s.start("after")
	checkReceipts(t, last.url, all, kills)
	last.stop(t)
	var stored int
	s.db.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM reports`).Scan(&stored)
	if stored < len(all) || int64(stored) > attempts {
		t.Errorf("%d reports stored for %d acknowledged of %d sent", stored, len(all), attempts)
	}
	if len(all) < kills {
		t.Errorf("only %d reports acknowledged in %d rounds: too little to prove anything", len(all), kills)
	}
	s.auditVerify()
	t.Logf("%s: %d kills during submission by %d senders: %d reports sent, %d acknowledged (all readable after restart), %d stored, %d cut off by the kill, %d refused; %.1fs in all",
		s.db.Engine, kills, senders, attempts, len(all), stored, cutOff, refused, time.Since(began).Seconds())
}

// checkReceipts reads every receipt on the public status page, with
// several readers at once, and fails for each that does not open.
func checkReceipts(t *testing.T, base string, receipts []string, round int) {
	t.Helper()
	var next atomic.Int64
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for {
				i := next.Add(1) - 1
				if i >= int64(len(receipts)) {
					return
				}
				if status, code := receiptStatus(base, receipts[i]); code != http.StatusOK || status != "new" {
					t.Errorf("after restart %d, receipt %s: %d %q", round, receipts[i], code, status)
				}
			}
		})
	}
	wg.Wait()
}
