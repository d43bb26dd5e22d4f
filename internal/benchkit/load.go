package benchkit

import (
	"context"
	"io"
	"net/http"
	"regexp"
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// Load is a load loop against an HTTP server on loopback: closed (Clients
// clients, each sending its next request when the last is answered) or
// open (Rate requests a second whatever the answers, at most MaxInflight
// outstanding).
type Load struct {
	Clients     int
	Rate        int
	Duration    time.Duration
	MaxInflight int
	// Request makes the i-th request.
	Request func(i int64) (*http.Request, error)
	// Keep, when set, sees the body of every 200 answer.
	Keep func(body []byte)
}

// LoadResult is what a load run saw.
type LoadResult struct {
	Sent, OK, Busy, Failed, Skipped int64
	PerSecond                       float64
	P50, P90, P99, Max              time.Duration
	Elapsed                         time.Duration
	FirstFailure                    string
}

var loadClient = &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: 2048}}

// Run runs the load for its duration.
func (l Load) Run(ctx context.Context) LoadResult {
	var (
		mu        sync.Mutex
		latencies []time.Duration
		res       LoadResult
		ok, busy  atomic.Int64
		failed    atomic.Int64
		skipped   atomic.Int64
		pending   atomic.Int64
		n         atomic.Int64
		first     atomic.Value
	)
	one := func() {
		i := n.Add(1)
		req, err := l.Request(i)
		if err != nil {
			failed.Add(1)
			first.CompareAndSwap(nil, err.Error())
			return
		}
		start := time.Now()
		resp, err := loadClient.Do(req.WithContext(ctx))
		if err != nil {
			failed.Add(1)
			first.CompareAndSwap(nil, err.Error())
			return
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		took := time.Since(start)
		switch resp.StatusCode {
		case http.StatusOK:
			ok.Add(1)
			mu.Lock()
			latencies = append(latencies, took)
			mu.Unlock()
			if l.Keep != nil {
				l.Keep(b)
			}
		case http.StatusTooManyRequests:
			busy.Add(1)
			if resp.Header.Get("Retry-After") == "" {
				failed.Add(1) // a refusal must say when to come back
				first.CompareAndSwap(nil, "429 without Retry-After")
			}
		default:
			failed.Add(1)
			first.CompareAndSwap(nil, resp.Status)
		}
	}
	start := time.Now()
	deadline := start.Add(l.Duration)
	var wg sync.WaitGroup
	if l.Rate > 0 {
		limit := int64(l.MaxInflight)
		if limit == 0 {
			limit = 4096
		}
		interval := time.Second / time.Duration(l.Rate)
		for next := start; next.Before(deadline) && ctx.Err() == nil; next = next.Add(interval) {
			if d := time.Until(next); d > 0 {
				time.Sleep(d)
			}
			if pending.Load() >= limit {
				skipped.Add(1)
				continue
			}
			pending.Add(1)
			wg.Go(func() { defer pending.Add(-1); one() })
		}
	} else {
		for range max(l.Clients, 1) {
			wg.Go(func() {
				for time.Now().Before(deadline) && ctx.Err() == nil {
					one()
				}
			})
		}
	}
	wg.Wait()
	elapsed := time.Since(start)
	res.Sent, res.OK, res.Busy, res.Failed, res.Skipped = n.Load(), ok.Load(), busy.Load(), failed.Load(), skipped.Load()
	res.Elapsed = elapsed
	res.PerSecond = float64(res.OK) / elapsed.Seconds()
	slices.Sort(latencies)
	res.P50, res.P90, res.P99, res.Max = percentile(latencies, 0.5), percentile(latencies, 0.9), percentile(latencies, 0.99), percentile(latencies, 1)
	if f := first.Load(); f != nil {
		res.FirstFailure = f.(string)
	}
	return res
}

func percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	return sorted[min(len(sorted)-1, int(p*float64(len(sorted))))]
}

// ReceiptRE finds the receipt on the page shown after a report is sent.
var ReceiptRE = regexp.MustCompile(`class="?receipt"?[^>]*>(\d{4} \d{4} \d{4} \d{4})<`)
