package server_test

import (
	"io"
	"net"
	"net/http"
	"runtime"
	"slices"
	"sync"
	"testing"
	"time"

	"sigap/internal/db"
	"sigap/internal/testserver"
)

// clients is the number of goroutines sending requests at once (target 3:
// a signed-in page in under 5 ms median under 32 concurrent clients).
const clients = 32

// BenchmarkSignedInHome fetches the home page as admin.kab, signed in,
// from 32 goroutines over loopback, on SQLite. It reports the median and
// 99th percentile latency besides Go's ns/op (wall time per request over
// all goroutines, the inverse of throughput). Compare with BenchmarkHello
// from the same run:
//
//	go test -run '^$' -bench 'BenchmarkSignedInHome|BenchmarkHello' -benchtime 5s -count 3 ./internal/server/
//
// testserver logs every request at debug level into memory, which the real
// `sigap serve` (info level) does not; bench/signed-in.sh measures the
// binary itself with wrk.
func BenchmarkSignedInHome(b *testing.B) {
	env := testserver.Start(b, db.SQLite)
	c := env.Client(b)
	if res := c.SignIn("admin.kab"); res.Status != http.StatusOK {
		b.Fatalf("home after sign-in: status %d", res.Status)
	}
	var cookie string
	for _, k := range c.Cookies() {
		if k.Name == "sigap_session" {
			cookie = k.Name + "=" + k.Value
		}
	}
	if cookie == "" {
		b.Fatal("no session cookie after sign-in")
	}
	benchGet(b, env.URL+"/", cookie)
}

// BenchmarkHello is the ceiling: a plain net/http handler on a loopback
// listener, measured exactly as BenchmarkSignedInHome.
func BenchmarkHello(b *testing.B) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Write([]byte("hello\n"))
	})}
	go srv.Serve(l)
	b.Cleanup(func() { srv.Close() })
	benchGet(b, "http://"+l.Addr().String()+"/", "")
}

// benchGet GETs url with the cookie from about 32 goroutines, expects 200
// and reports p50-ms and p99-ms of the request latencies.
func benchGet(b *testing.B, url, cookie string) {
	tr := &http.Transport{MaxIdleConns: 2 * clients, MaxIdleConnsPerHost: 2 * clients}
	b.Cleanup(tr.CloseIdleConnections)
	client := &http.Client{Transport: tr, Timeout: 10 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	var (
		mu  sync.Mutex
		lat []time.Duration
	)
	b.SetParallelism(max(1, clients/runtime.GOMAXPROCS(0)))
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		var mine []time.Duration
		for pb.Next() {
			req, _ := http.NewRequest(http.MethodGet, url, nil)
			if cookie != "" {
				req.Header.Set("Cookie", cookie)
			}
			t0 := time.Now()
			res, err := client.Do(req)
			if err != nil {
				b.Error(err)
				return
			}
			_, err = io.Copy(io.Discard, res.Body)
			res.Body.Close()
			mine = append(mine, time.Since(t0))
			if err != nil || res.StatusCode != http.StatusOK {
				b.Errorf("GET %s: status %d, %v", url, res.StatusCode, err)
				return
			}
		}
		mu.Lock()
		lat = append(lat, mine...)
		mu.Unlock()
	})
	b.StopTimer()
	if len(lat) > 0 {
		slices.Sort(lat)
		ms := func(q float64) float64 { return float64(lat[int(q*float64(len(lat)-1))].Microseconds()) / 1000 }
		b.ReportMetric(ms(0.50), "p50-ms")
		b.ReportMetric(ms(0.99), "p99-ms")
	}
}
