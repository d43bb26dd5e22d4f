package server_test

import (
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"runtime"
	"slices"
	"sync"
	"testing"
	"time"

	"sigap/internal/config"
	"sigap/internal/db"
	"sigap/internal/demo"
	"sigap/internal/server"
	"sigap/internal/store"
	"sigap/internal/testdb"
	"sigap/internal/testserver"
)

// clients is the number of goroutines sending requests at once (target 3:
// a signed-in page in under 5 ms median under 32 concurrent clients).
const clients = 32

// BenchmarkSignedInHome fetches the home page as admin.kab, signed in,
// from 32 goroutines over loopback, on SQLite, and on PostgreSQL too when
// SIGAP_TEST_POSTGRES is set. It reports the median and 99th percentile
// latency besides Go's ns/op (wall time per request over all goroutines,
// the inverse of throughput):
//
//	SIGAP_TEST_POSTGRES='postgres://postgres@127.0.0.1:5432/test?sslmode=disable' \
//	go test -run '^$' -bench BenchmarkSignedInHome -benchtime 5s -count 3 ./internal/server/
//
// Its first sub-benchmark, hello, is the ceiling (BenchmarkHello), run
// right before the sigap ones so that the ratio holds on a noisy machine.
// Two data sets:
//   - testserver: testserver.Start (Banten's regions, 3 offices, 5
//     accounts), which logs every request at debug level into memory;
//   - demo: what `sigap demo` seeds (all 91,599 regions, 91 offices, 22
//     accounts), served as `sigap serve` does, logging at info level. This
//     is the data set of bench/signed-in.sh, which measures the binary
//     itself with wrk.
func BenchmarkSignedInHome(b *testing.B) {
	// The ceiling first, so that it runs next to the SQLite figures.
	b.Run("hello", BenchmarkHello)
	for _, e := range testdb.Engines() {
		env := testserver.Start(b, e)
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
		b.Run(string(e)+"/testserver", func(b *testing.B) { benchGet(b, env.URL+"/", cookie) })

		demoURL, demoCookie := startDemo(b, e)
		b.Run(string(e)+"/demo", func(b *testing.B) { benchGet(b, demoURL+"/", demoCookie) })
	}
}

// startDemo serves a database of engine e seeded as `sigap demo` does,
// until the benchmark ends, and returns its URL and admin.kab's session
// cookie. PostgreSQL gets ANALYZE after the seed, as autovacuum would do
// within a minute: the figure is the steady state (see the store's
// BenchmarkRegionSummary for the minute before).
func startDemo(b *testing.B, e db.Engine) (string, string) {
	d := testdb.Open(b, e)
	if _, err := demo.Seed(b.Context(), store.New(d, nil)); err != nil {
		b.Fatal(err)
	}
	if e == db.Postgres {
		if _, err := d.W.ExecContext(b.Context(), `ANALYZE`); err != nil {
			b.Fatal(err)
		}
	}
	cfg, err := config.Load("", []string{"SIGAP_DATA_DIR=" + b.TempDir()})
	if err != nil {
		b.Fatal(err)
	}
	srv, err := server.New(cfg, d, slog.New(slog.DiscardHandler), "bench", nil)
	if err != nil {
		b.Fatal(err)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { srv.Serve(ctx, l); close(done) }()
	b.Cleanup(func() { cancel(); <-done })
	u := "http://" + l.Addr().String()
	client := &http.Client{Timeout: 10 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := client.PostForm(u+"/login", url.Values{"username": {"admin.kab"}, "password": {demo.Password}})
	if err != nil {
		b.Fatal(err)
	}
	res.Body.Close()
	for _, k := range res.Cookies() {
		if k.Name == "sigap_session" && k.Value != "" {
			return u, k.Name + "=" + k.Value
		}
	}
	b.Fatalf("sign-in on the demo: status %d, no session cookie", res.StatusCode)
	return "", ""
}

// BenchmarkHello is the ceiling: a plain net/http handler on a loopback
// listener, measured exactly as BenchmarkSignedInHome, of which it is also
// the first sub-benchmark.
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

// benchGet GETs target with the cookie from about 32 goroutines, expects 200
// and reports p50-ms and p99-ms of the request latencies.
func benchGet(b *testing.B, target, cookie string) {
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
			req, _ := http.NewRequest(http.MethodGet, target, nil)
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
				b.Errorf("GET %s: status %d, %v", target, res.StatusCode, err)
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
