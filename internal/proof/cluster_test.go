package proof

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/url"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"sigap/internal/db"
	"sigap/internal/report"
)

// Three `sigap serve` processes on one PostgreSQL behave as one. Reports
// come in through all three, the desk verifies them through all three
// (often the same report at once, from two of them), people sign in on one
// and go on on another, and one instance is killed with SIGKILL half way.
// Afterwards: every acknowledged report is there exactly once and readable
// with its receipt, every acknowledged verification happened exactly once,
// every notification mail was sent at most once (and once exactly when
// the database says it was), sessions work on every instance, and the
// audit chain verifies.
func TestThreeInstancesAsOne(t *testing.T) {
	if testing.Short() {
		t.Skip("starts processes")
	}
	needPostgres(t)
	// The process tests wait mostly on processes starting and on the
	// database: run side by side they take the time of the longest.
	t.Parallel()
	ctx := context.Background()
	s := newSite(t, db.Postgres)
	boot := time.Now()
	nodes := []*instance{s.start("a"), s.start("b"), s.start("c")}
	started, bootTime := time.Now(), time.Since(boot)
	var alive atomic.Int32
	alive.Store(int32(len(nodes)))
	// pick returns a live instance, round robin; after the kill the killed
	// one is still picked now and then, as a load balancer would before
	// its health check notices.
	var turn atomic.Uint64
	pick := func() *instance { return nodes[turn.Add(1)%uint64(len(nodes))] }

	var (
		mu        sync.Mutex
		receipts  []string
		verified  = map[string]bool{}
		attempts  atomic.Int64
		refused   atomic.Int64 // answered, but not with a receipt
		cutOff    atomic.Int64 // no answer: the instance died under it
		conflicts atomic.Int64 // two desks verifying one report at once
		signIns   atomic.Int64
	)
	const (
		submitters  = 6
		perSender   = 250 // bounded: at most 1,500 reports
		killAfter   = 4 * time.Second
		trafficTime = 10 * time.Second
	)
	stop := time.Now().Add(trafficTime)
	var wg sync.WaitGroup
	for w := range submitters {
		wg.Go(func() {
			for n := 0; n < perSender && time.Now().Before(stop); n++ {
				attempts.Add(1)
				receipt, status := submit(pick().url, fmt.Sprint("pengirim-", w), n)
				if status != http.StatusCreated {
					if status == 0 {
						cutOff.Add(1)
					} else {
						refused.Add(1)
					}
					continue
				}
				mu.Lock()
				receipts = append(receipts, receipt)
				mu.Unlock()
			}
		})
	}
	// Two desks take new reports from the queue, each through any instance;
	// both often choose the same report, so one of them must be refused.
	for range 2 {
		wg.Go(func() {
			for time.Now().Before(stop) {
				var queue struct {
					Items []struct {
						ID string `json:"id"`
					} `json:"items"`
				}
				if call("GET", pick().url+"/api/v1/reports?status=new", s.token, nil, &queue) != http.StatusOK || len(queue.Items) == 0 {
					time.Sleep(50 * time.Millisecond)
					continue
				}
				id := queue.Items[rand.IntN(min(3, len(queue.Items)))].ID
				switch call("POST", pick().url+"/api/v1/reports/"+id+"/verify", s.token, map[string]any{}, nil) {
				case http.StatusOK:
					mu.Lock()
					if verified[id] {
						t.Errorf("report %s verified twice with success", id)
					}
					verified[id] = true
					mu.Unlock()
				case http.StatusConflict:
					conflicts.Add(1)
				}
			}
		})
	}
	// Sign in on one instance, go on with the session on another.
	wg.Go(func() {
		for time.Now().Before(stop) {
			in, next := pick(), pick()
			res, err := client.PostForm(in.url+"/login", url.Values{"username": {signer}, "password": {password}})
			if err != nil {
				continue
			}
			res.Body.Close()
			var cookie *http.Cookie
			for _, c := range res.Cookies() {
				if c.Name == "sigap_session" {
					cookie = c
				}
			}
			if res.StatusCode != http.StatusSeeOther || cookie == nil {
				continue // the instance died under the request
			}
			req, _ := http.NewRequest("GET", next.url+"/", nil)
			req.AddCookie(cookie)
			res, err = client.Do(req)
			if err != nil {
				continue
			}
			res.Body.Close()
			if res.StatusCode != http.StatusOK {
				t.Errorf("a session begun on %s is refused on %s: %d %s", in.name, next.name, res.StatusCode, res.Header.Get("Location"))
			}
			signIns.Add(1)
			time.Sleep(100 * time.Millisecond)
		}
	})
	time.Sleep(killAfter)
	nodes[1].kill()
	alive.Add(-1)
	killedAt := time.Since(started)
	wg.Wait()
	trafficEnd := time.Since(started)
	survivors := []*instance{nodes[0], nodes[2]}

	// The mails of the survivors go out within a few rounds; the killed
	// instance's leased mails wait out their lease, which is longer than
	// this test.
	waitFor(t, 30*time.Second, func() bool {
		var due int
		s.db.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM notifications WHERE mail_state = 'pending' AND mail_next_at <= $1`, time.Now().UTC()).Scan(&due)
		return due == 0
	})
	for _, in := range survivors {
		in.stop(t)
	}

	// Every acknowledged report is there, once, and readable by its receipt.
	publicIDs := map[string]bool{}
	for _, r := range receipts {
		rc, err := report.ParseReceipt(r)
		if err != nil {
			t.Fatalf("receipt %q: %v", r, err)
		}
		rep, err := s.store.ReportByReceipt(ctx, s.tenant, rc)
		if err != nil {
			t.Errorf("acknowledged report %s is missing: %v", r, err)
			continue
		}
		if publicIDs[rep.PublicID] {
			t.Errorf("two receipts lead to report %s", rep.PublicID)
		}
		publicIDs[rep.PublicID] = true
	}
	var stored, creates int
	s.db.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM reports`).Scan(&stored)
	s.db.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM audit_events WHERE action = 'report.create'`).Scan(&creates)
	if stored < len(receipts) || int64(stored) > attempts.Load() || creates != stored {
		t.Errorf("%d reports stored, %d create events, for %d acknowledged of %d sent", stored, creates, len(receipts), attempts.Load())
	}
	// Every acknowledged verification happened, and no report was verified twice.
	rows, err := s.db.R.QueryContext(ctx, `SELECT r.public_id, r.status, (SELECT COUNT(*) FROM audit_events e WHERE e.action = 'report.verify' AND e.object_id = r.public_id)
		FROM reports r`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var id, status string
		var events int
		if err := rows.Scan(&id, &status, &events); err != nil {
			t.Fatal(err)
		}
		if events > 1 {
			t.Errorf("report %s verified %d times", id, events)
		}
		if verified[id] && (status != "in_review" || events != 1) {
			t.Errorf("acknowledged verification of %s: status %s, %d events", id, status, events)
		}
	}
	rows.Close()
	// Mails: none twice; each the database calls sent arrived.
	got := s.mail.received()
	for k, n := range got {
		if n > 1 {
			t.Errorf("mail %s sent %d times", k, n)
		}
	}
	var sent, leased int
	s.db.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM notifications WHERE mail_state = 'sent'`).Scan(&sent)
	s.db.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM notifications WHERE mail_state = 'pending'`).Scan(&leased)
	mrows, err := s.db.R.QueryContext(ctx, `SELECT object_id FROM notifications WHERE mail_state = 'sent'`)
	if err != nil {
		t.Fatal(err)
	}
	for mrows.Next() {
		var id string
		mrows.Scan(&id)
		if got["<intake@kab-serang.test> /reports/"+id] != 1 {
			t.Errorf("mail about %s marked sent, received %d times", id, got["<intake@kab-serang.test> /reports/"+id])
		}
	}
	mrows.Close()
	if len(receipts) == 0 || len(verified) == 0 || sent == 0 || signIns.Load() == 0 {
		t.Errorf("too little traffic to prove anything: %d reports, %d verified, %d mails, %d sign-ins", len(receipts), len(verified), sent, signIns.Load())
	}
	s.auditVerify()
	t.Logf("3 instances started in %.1fs, one killed at %.1fs: %d reports sent, %d acknowledged, %d refused, %d cut off; %d verified, %d concurrent verifications refused; %d sign-ins across instances; %d mails sent once, %d left leased by the killed instance; traffic %.1fs, whole test %.1fs",
		bootTime.Seconds(), killedAt.Seconds(), attempts.Load(), len(receipts), refused.Load(), cutOff.Load(), len(verified), conflicts.Load(), signIns.Load(), sent, leased, trafficEnd.Seconds(), time.Since(boot).Seconds())
}

// waitFor polls cond until it holds or the time is up.
func waitFor(t *testing.T, limit time.Duration, cond func() bool) {
	t.Helper()
	end := time.Now().Add(limit)
	for !cond() {
		if time.Now().After(end) {
			t.Errorf("still not done after %s", limit)
			return
		}
		time.Sleep(200 * time.Millisecond)
	}
}
