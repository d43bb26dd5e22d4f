package benchkit

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"sigap/internal/config"
	"sigap/internal/db"
	"sigap/internal/server"
	"sigap/internal/store"
)

// Options says what to run and where.
type Options struct {
	// Database is a PostgreSQL URL (postgres://…) or an SQLite data
	// directory (sigap.db is made in it).
	Database string
	// KeysDir holds the generated master key (and, on PostgreSQL, the
	// server's files). Default: the SQLite data directory, or a directory
	// under the system's temporary directory named after the database.
	KeysDir string
	Spec    Spec
	// Keep leaves the data set (and its keys) for the next run, which
	// then reuses it; otherwise it is removed at the end.
	Keep bool
	// Only names the scenarios to run; empty runs all (Scenarios).
	Only []string
	// Runs is how many measured runs each scenario gets (its median is
	// reported); Duration is each load run's length; Limit bounds the
	// measured runs of one query scenario.
	Runs     int
	Duration time.Duration
	Limit    time.Duration
	// Log gets the progress; nil is silent.
	Log *slog.Logger
}

// Result is one run of the harness.
type Result struct {
	Engine  db.Engine
	Dataset Dataset
	Rows    []Row
	Took    time.Duration // the scenarios, after the build
}

// Scenarios are the scenario names, in the order they run. The receipt
// look-ups run before the report channel, on the data set at rest: after
// it, the server's mailer and PostgreSQL's autovacuum work through the
// reports just written, and the look-ups would measure that instead.
var Scenarios = []string{"rollup", "dashboard", "figures", "due", "protection", "search", "guidance", "receipts", "reports", "media"}

// National builds (or finds) the data set and runs the scenarios.
func National(ctx context.Context, o Options) (Result, error) {
	if o.Runs <= 0 {
		o.Runs = 5
	}
	if o.Duration <= 0 {
		o.Duration = 5 * time.Second
	}
	if o.Limit <= 0 {
		o.Limit = 60 * time.Second
	}
	if o.Log == nil {
		o.Log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if o.Spec.Scale <= 0 || o.Spec.Scale > 10 {
		return Result{}, fmt.Errorf("the scale must be above 0 and at most 10, not %v", o.Spec.Scale)
	}
	only := map[string]bool{}
	for _, s := range o.Only {
		s = strings.TrimSpace(s)
		if s == "" {
			continue
		}
		known := false
		for _, k := range Scenarios {
			known = known || k == s
		}
		if !known {
			return Result{}, fmt.Errorf("no scenario %q; the scenarios are %s", s, strings.Join(Scenarios, ", "))
		}
		only[s] = true
	}
	e, err := openEnv(ctx, o)
	if err != nil {
		return Result{}, err
	}
	defer e.close(o.Keep)
	ds, found, err := Find(ctx, e.st, o.Spec)
	if err != nil {
		return Result{}, err
	}
	if found {
		o.Log.Info("data set found, reused", "spec", o.Spec.Key(), "built_in", ds.Build.Round(time.Second))
	} else {
		o.Log.Info("building the data set", "spec", o.Spec.Key(), "want", fmt.Sprintf("%+v", o.Spec.Want()))
		if ds, err = Build(ctx, e.st, o.Spec, o.Log); err != nil {
			return Result{}, fmt.Errorf("building the data set: %w", err)
		}
	}
	res := Result{Engine: e.d.Engine, Dataset: ds}
	h := &harness{o: o, env: e, ds: ds}
	start := time.Now()
	for _, name := range Scenarios {
		if len(only) > 0 && !only[name] {
			continue
		}
		o.Log.Info("scenario", "name", name)
		rows, err := h.run(ctx, name)
		if err != nil {
			return res, fmt.Errorf("scenario %s: %w", name, err)
		}
		res.Rows = append(res.Rows, rows...)
	}
	h.stopServer()
	res.Took = time.Since(start)
	return res, nil
}

// env is the database, the store with its vault, and where things live.
type env struct {
	o       Options
	d       *db.DB
	st      *store.Store
	cfg     config.Config
	schema  string // PostgreSQL: the data set's schema
	baseURL string // PostgreSQL: the URL without the schema
	dataDir string // SQLite: the data directory
	keysDir string
}

func isPostgres(s string) bool {
	return strings.HasPrefix(s, "postgres://") || strings.HasPrefix(s, "postgresql://")
}

func openEnv(ctx context.Context, o Options) (*env, error) {
	e := &env{o: o}
	environ := []string{"SIGAP_RATE_PUBLIC=100000000", "SIGAP_RATE_RECEIPT=100000000", "SIGAP_RATE_SIGNIN=1000", "SIGAP_LOG_LEVEL=error"}
	if isPostgres(o.Database) {
		e.baseURL = o.Database
		// The data set's schema: the one the URL names (a test's), or
		// one named after the data set, where the next run finds it.
		u, err := url.Parse(o.Database)
		if err != nil {
			return nil, err
		}
		e.schema = u.Query().Get("search_path")
		if e.schema == "" {
			e.schema = "sigap_bench_" + o.Spec.Key()
		}
		admin, err := sql.Open("pgx", o.Database)
		if err != nil {
			return nil, err
		}
		_, err = admin.ExecContext(ctx, `CREATE SCHEMA IF NOT EXISTS `+e.schema)
		admin.Close()
		if err != nil {
			return nil, fmt.Errorf("cannot create the schema %s: %w", e.schema, err)
		}
		dsURL, err := withSearchPath(o.Database, e.schema)
		if err != nil {
			return nil, err
		}
		e.keysDir = o.KeysDir
		if e.keysDir == "" {
			h := sha256.Sum256([]byte(o.Database + "\x00" + e.schema))
			e.keysDir = filepath.Join(os.TempDir(), "sigap-bench-keys-"+hex.EncodeToString(h[:6]))
		}
		// The record key store in a database of its own, as deployments
		// are told to keep it: here the data set's schema through its own
		// pool, so that it goes with the data set.
		environ = append(environ, "SIGAP_DATABASE_URL="+dsURL, "SIGAP_RECORD_KEYS_URL="+dsURL, "SIGAP_DATA_DIR="+e.keysDir)
	} else {
		e.dataDir = strings.TrimSuffix(o.Database, "/sigap.db")
		if e.dataDir == "" {
			return nil, errors.New("name a PostgreSQL URL or an SQLite data directory with --database")
		}
		e.keysDir = o.KeysDir
		if e.keysDir == "" {
			e.keysDir = e.dataDir
		}
		environ = append(environ, "SIGAP_DATA_DIR="+e.dataDir, "SIGAP_MASTER_KEY_FILE="+filepath.Join(e.keysDir, "master.key"),
			"SIGAP_AUDIT_KEY_FILE="+filepath.Join(e.keysDir, "audit.key"))
	}
	if err := os.MkdirAll(e.keysDir, 0o700); err != nil {
		return nil, err
	}
	cfg, err := config.Load("", environ)
	if err == nil {
		err = cfg.Validate()
	}
	if err != nil {
		return nil, err
	}
	e.cfg = cfg
	if e.d, err = db.Open(ctx, db.Options{DataDir: cfg.DataDir, URL: cfg.DatabaseURL, CacheMB: cfg.SQLiteCacheMB}); err != nil {
		return nil, err
	}
	if _, err := e.d.Migrate(ctx); err != nil {
		e.d.Close()
		return nil, err
	}
	e.st = store.New(e.d, nil)
	if err := server.LoadVault(ctx, cfg, e.st, o.Log); err != nil {
		e.d.Close()
		return nil, err
	}
	return e, nil
}

// close closes the database and, unless keep, removes the data set and
// its keys.
func (e *env) close(keep bool) {
	e.d.Close()
	if keep {
		return
	}
	if e.schema != "" {
		if admin, err := sql.Open("pgx", e.baseURL); err == nil {
			admin.Exec(`DROP SCHEMA IF EXISTS ` + e.schema + ` CASCADE`)
			admin.Close()
		}
		if e.o.KeysDir == "" {
			os.RemoveAll(e.keysDir)
		}
		return
	}
	for _, f := range []string{"sigap.db", "sigap.db-wal", "sigap.db-shm", "master.key", "audit.key"} {
		os.Remove(filepath.Join(e.dataDir, f))
		os.Remove(filepath.Join(e.keysDir, f))
	}
}

func withSearchPath(base, schema string) (string, error) {
	u, err := url.Parse(base)
	if err != nil {
		return "", err
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String(), nil
}

func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// harness runs the scenarios against one data set.
type harness struct {
	o      Options
	env    *env
	ds     Dataset
	srv    *server.Server
	url    string
	stop   context.CancelFunc
	served chan error
	hello  *httpServer
}

// server starts sigap in-process on a loopback port (once), with the
// real handlers on the data set's database.
func (h *harness) server(ctx context.Context) (string, error) {
	if h.srv != nil {
		return h.url, nil
	}
	log := slog.New(slog.NewTextHandler(io.Discard, &slog.HandlerOptions{Level: slog.LevelError}))
	srv, err := server.New(h.env.cfg, h.env.d, log, "bench", nil)
	if err != nil {
		return "", err
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	sctx, stop := context.WithCancel(context.WithoutCancel(ctx))
	h.srv, h.stop, h.served, h.url = srv, stop, make(chan error, 1), "http://"+l.Addr().String()
	go func() { h.served <- srv.Serve(sctx, l) }()
	return h.url, nil
}

func (h *harness) stopServer() {
	if h.srv != nil {
		h.stop()
		<-h.served
		h.srv = nil
	}
	if h.hello != nil {
		h.hello.close()
		h.hello = nil
	}
}

// httpServer is a plain net/http server on a loopback port.
type httpServer struct {
	srv *http.Server
	url string
}

func serveHTTP(handler http.Handler) (*httpServer, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	s := &httpServer{srv: &http.Server{Handler: handler, ReadHeaderTimeout: 10 * time.Second}, url: "http://" + l.Addr().String()}
	go s.srv.Serve(l)
	return s, nil
}

func (s *httpServer) close() {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	s.srv.Shutdown(ctx)
}

// helloServer is the HTTP ceiling: a handler that writes "hello".
func (h *harness) helloServer() (string, error) {
	if h.hello == nil {
		s, err := serveHTTP(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Method == http.MethodPost {
				r.ParseForm()
			}
			w.Write([]byte("hello"))
		}))
		if err != nil {
			return "", err
		}
		h.hello = s
	}
	return h.hello.url, nil
}
