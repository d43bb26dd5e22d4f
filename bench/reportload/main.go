// Command reportload drives sigap's public report channel on loopback and
// prints throughput, latency percentiles and how answers were split:
//
//	reportload -url http://127.0.0.1:8080 -tenant kab-serang -c 64 -d 10s
//	reportload ... -rate 6000 -d 30s            (open loop: a fixed rate, for surges)
//	reportload ... -mode status -receipts FILE  (receipt look-ups)
//	reportload -url http://127.0.0.1:9000 -path /report ...  (the ceiling server)
//
// In submit mode every receipt shown is written to -out, so that a script
// can check afterwards that each one names a stored report.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

var receiptRE = regexp.MustCompile(`class="?receipt"?[^>]*>(\d{4} \d{4} \d{4} \d{4})<`)

func main() {
	base := flag.String("url", "http://127.0.0.1:8080", "server")
	tenant := flag.String("tenant", "kab-serang", "government slug")
	path := flag.String("path", "", "path to POST to (default /lapor/TENANT, or /lapor/TENANT/status)")
	mode := flag.String("mode", "submit", "submit or status")
	conc := flag.Int("c", 64, "concurrent clients (closed loop)")
	rate := flag.Int("rate", 0, "requests per second, open loop; 0: closed loop with -c clients")
	dur := flag.Duration("d", 10*time.Second, "duration")
	receipts := flag.String("receipts", "", "status mode: file of receipts, one a line")
	out := flag.String("out", "", "submit mode: write the receipts shown here")
	inflight := flag.Int("max-inflight", 4096, "open loop: most requests outstanding at once; beyond, a request is not sent and counted as skipped (the generator's own limit, not the server's)")
	flag.Parse()

	target := *base + *path
	if *path == "" {
		target = *base + "/lapor/" + *tenant
		if *mode == "status" {
			target += "/status"
		}
	}
	var codes []string
	if *mode == "status" {
		b, err := os.ReadFile(*receipts)
		if err != nil {
			fail(err)
		}
		codes = strings.Fields(strings.ReplaceAll(string(b), " ", ""))
		if len(codes) == 0 {
			fail(fmt.Errorf("no receipts in %s", *receipts))
		}
	}
	// A report of about 2 KB of text, as the ceiling was measured with.
	what := strings.Repeat("Atasan saya berulang kali berkata dan berbuat tidak pantas di ruang kerja. ", 28)[:2000]
	form := url.Values{"category": {"sexual_violence"}, "what": {what}, "accused_name": {"Budi"}, "accused_office": {"Dinas Pendidikan"},
		"reporter_is_victim": {"yes"}, "mode": {"anonymous"}}.Encode()

	client := &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: max(*conc, 1024), MaxConnsPerHost: 0}}
	var (
		mu        sync.Mutex
		latencies []time.Duration
		shown     []string
		ok, busy  atomic.Int64
		other     atomic.Int64
		n         atomic.Int64
		firstErr  atomic.Value
		skipped   atomic.Int64
		pending   atomic.Int64
	)
	one := func() {
		i := n.Add(1)
		body := form
		if *mode == "status" {
			body = url.Values{"receipt": {codes[int(i)%len(codes)]}}.Encode()
		}
		start := time.Now()
		res, err := client.Post(target, "application/x-www-form-urlencoded", strings.NewReader(body))
		if err != nil {
			other.Add(1)
			firstErr.CompareAndSwap(nil, err.Error())
			return
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		took := time.Since(start)
		switch {
		case res.StatusCode == 200:
			ok.Add(1)
			mu.Lock()
			latencies = append(latencies, took)
			if m := receiptRE.FindSubmatch(b); m != nil && *mode == "submit" {
				shown = append(shown, string(m[1]))
			}
			mu.Unlock()
		case res.StatusCode == 429:
			busy.Add(1)
			if res.Header.Get("Retry-After") == "" {
				other.Add(1) // a refusal must say when to come back
			}
		default:
			other.Add(1)
			firstErr.CompareAndSwap(nil, res.Status)
		}
	}

	start := time.Now()
	deadline := start.Add(*dur)
	var wg sync.WaitGroup
	if *rate > 0 {
		interval := time.Second / time.Duration(*rate)
		for next := start; next.Before(deadline); next = next.Add(interval) {
			if d := time.Until(next); d > 0 {
				time.Sleep(d)
			}
			if pending.Load() >= int64(*inflight) {
				skipped.Add(1)
				continue
			}
			pending.Add(1)
			wg.Add(1)
			go func() { defer wg.Done(); defer pending.Add(-1); one() }()
		}
	} else {
		for range *conc {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for time.Now().Before(deadline) {
					one()
				}
			}()
		}
	}
	wg.Wait()
	elapsed := time.Since(start)

	slices.Sort(latencies)
	pct := func(p float64) string {
		if len(latencies) == 0 {
			return "-"
		}
		return fmt.Sprintf("%.1f", float64(latencies[min(len(latencies)-1, int(p*float64(len(latencies))))].Microseconds())/1000)
	}
	fmt.Printf("mode=%s skipped=%d sent=%d ok=%d busy429=%d failed=%d ok_per_s=%.0f p50_ms=%s p90_ms=%s p99_ms=%s max_ms=%s seconds=%.1f\n",
		*mode, skipped.Load(), n.Load(), ok.Load(), busy.Load(), other.Load(), float64(ok.Load())/elapsed.Seconds(), pct(0.5), pct(0.9), pct(0.99), pct(1), elapsed.Seconds())
	if e := firstErr.Load(); e != nil {
		fmt.Printf("  first failure: %v\n", e)
	}
	if *out != "" {
		f, err := os.Create(*out)
		if err != nil {
			fail(err)
		}
		w := bufio.NewWriter(f)
		for _, r := range shown {
			fmt.Fprintln(w, r)
		}
		w.Flush()
		f.Close()
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "reportload:", err)
	os.Exit(1)
}
