// Command reportload drives sigap's public report channel on loopback and
// prints throughput, latency percentiles and how answers were split:
//
//	reportload -url http://127.0.0.1:8080 -tenant kab-serang -c 64 -d 10s
//	reportload ... -rate 6000 -d 30s            (open loop: a fixed rate, for surges)
//	reportload ... -mode status -receipts FILE  (receipt look-ups)
//	reportload -url http://127.0.0.1:9000 -path /report ...  (the ceiling server)
//
// The load loop is benchkit.Load, the one `sigap bench national` uses. In
// submit mode every receipt shown is written to -out, so that a script can
// check afterwards that each one names a stored report.
package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"strings"
	"sync"
	"time"

	"sigap/internal/benchkit"
)

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

	var mu sync.Mutex
	var shown []string
	l := benchkit.Load{Clients: *conc, Rate: *rate, Duration: *dur, MaxInflight: *inflight,
		Request: func(i int64) (*http.Request, error) {
			body := form
			if *mode == "status" {
				body = url.Values{"receipt": {codes[int(i)%len(codes)]}}.Encode()
			}
			r, err := http.NewRequest(http.MethodPost, target, strings.NewReader(body))
			if err == nil {
				r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			}
			return r, err
		}}
	if *mode == "submit" {
		l.Keep = func(b []byte) {
			if m := benchkit.ReceiptRE.FindSubmatch(b); m != nil {
				mu.Lock()
				shown = append(shown, string(m[1]))
				mu.Unlock()
			}
		}
	}
	res := l.Run(context.Background())
	ms := func(d time.Duration) string {
		if res.OK == 0 {
			return "-"
		}
		return fmt.Sprintf("%.1f", float64(d.Microseconds())/1000)
	}
	fmt.Printf("mode=%s skipped=%d sent=%d ok=%d busy429=%d failed=%d ok_per_s=%.0f p50_ms=%s p90_ms=%s p99_ms=%s max_ms=%s seconds=%.1f\n",
		*mode, res.Skipped, res.Sent, res.OK, res.Busy, res.Failed, res.PerSecond, ms(res.P50), ms(res.P90), ms(res.P99), ms(res.Max), res.Elapsed.Seconds())
	if res.FirstFailure != "" {
		fmt.Printf("  first failure: %v\n", res.FirstFailure)
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
