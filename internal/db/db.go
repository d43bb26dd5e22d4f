// Package db opens sigap's database, the embedded SQLite file or a PostgreSQL
// server, and keeps both engines on the same schema version. Everything
// engine-specific that the rest of the code needs lives here.
package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	_ "modernc.org/sqlite"             // registers the "sqlite" driver
)

// Engine names a database engine.
type Engine string

// The engines sigap runs on.
const (
	SQLite   Engine = "sqlite"
	Postgres Engine = "postgres"
)

// DB is an open database. On SQLite, writes go through a single connection
// (pooled writers would only wait on each other's locks) and reads through a
// pool; on PostgreSQL both are the same pool.
type DB struct {
	Engine Engine
	W      *sql.DB // for transactions that write
	R      *sql.DB // for reads
	// Stats is for the statistics (dashboards, public figures, oversight,
	// prevention overview): a streaming replica when SIGAP_DATABASE_READ_URL
	// names one, R otherwise. Those pages tolerate the replica's lag of a
	// few seconds; nothing that must read its own writes goes here.
	Stats *sql.DB

	stmts sync.Map // query text → *sql.Stmt on R, for the hottest reads
	path  string   // the SQLite file; empty on PostgreSQL
}

// Options say which database to open.
type Options struct {
	DataDir     string // holds sigap.db when URL is empty
	URL         string // postgres://… or empty for SQLite
	ReadURL     string // optional PostgreSQL replica for statistics
	CacheMB     int    // SQLite page cache per connection
	ReadConns   int    // SQLite reader pool size; 0 means 4
	SkipDirTest bool   // for read-only tools that must not write a probe file
}

// SQLitePath is where the embedded database lives inside a data directory.
func SQLitePath(dataDir string) string { return filepath.Join(dataDir, "sigap.db") }

// Open connects and checks that the database answers.
func Open(ctx context.Context, o Options) (*DB, error) {
	if o.URL != "" {
		d, err := openPostgres(ctx, o.URL)
		if err != nil || o.ReadURL == "" {
			return d, err
		}
		replica, err := openPostgres(ctx, o.ReadURL)
		if err != nil {
			d.Close()
			return nil, fmt.Errorf("statistics replica (SIGAP_DATABASE_READ_URL): %v", err)
		}
		d.Stats = replica.W
		return d, nil
	}
	return openSQLite(ctx, o)
}

func openPostgres(ctx context.Context, raw string) (*DB, error) {
	h, err := sql.Open("pgx", raw)
	if err != nil {
		return nil, fmt.Errorf("SIGAP_DATABASE_URL is not a usable PostgreSQL URL: %v", err)
	}
	// As many kept idle as may be open: with fewer, every burst above
	// the idle count closes the extra connections as they come back and
	// the next burst opens them again, each a new server process, which
	// costs milliseconds while requests queue for a connection.
	h.SetMaxOpenConns(32)
	h.SetMaxIdleConns(32)
	h.SetConnMaxIdleTime(5 * time.Minute)
	pctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	if err := h.PingContext(pctx); err != nil {
		h.Close()
		host := "the server"
		if u, perr := url.Parse(raw); perr == nil {
			host = u.Host
		}
		return nil, fmt.Errorf("cannot reach PostgreSQL at %s: %v; check SIGAP_DATABASE_URL and that the server is running and accepts connections", host, err)
	}
	return &DB{Engine: Postgres, W: h, R: h, Stats: h}, nil
}

func openSQLite(ctx context.Context, o Options) (*DB, error) {
	if err := prepareDataDir(o.DataDir, o.SkipDirTest); err != nil {
		return nil, err
	}
	cache := o.CacheMB
	if cache == 0 {
		cache = 64
	}
	path := SQLitePath(o.DataDir)
	// busy_timeout comes first so that the pragmas after it wait for locks
	// instead of failing; WAL lets readers run beside the writer. Times
	// are written as UTC text, so that comparing a column with a time of
	// any zone compares the instants (SQLite compares the text).
	base := "file:" + path + "?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)" +
		"&_pragma=foreign_keys(1)&_pragma=synchronous(FULL)" +
		fmt.Sprintf("&_pragma=cache_size(-%d)", cache*1024) +
		"&_time_format=sqlite&_timezone=UTC"
	w, err := sql.Open("sqlite", base+"&_txlock=immediate")
	if err != nil {
		return nil, fmt.Errorf("open %s: %v", path, err)
	}
	w.SetMaxOpenConns(1)
	w.SetConnMaxLifetime(0)
	if err := w.PingContext(ctx); err != nil {
		w.Close()
		return nil, fmt.Errorf("cannot open the database %s: %v; check that the file is a sigap database and that the directory is writable", path, err)
	}
	r, err := sql.Open("sqlite", base+"&_pragma=query_only(1)")
	if err != nil {
		w.Close()
		return nil, err
	}
	n := o.ReadConns
	if n == 0 {
		n = 4
	}
	r.SetMaxOpenConns(n)
	r.SetMaxIdleConns(n)
	return &DB{Engine: SQLite, W: w, R: r, Stats: r, path: path}, nil
}

// prepareDataDir creates the data directory and proves it is writable, so
// that a wrong path fails at start with a message instead of on first write.
func prepareDataDir(dir string, skipWriteTest bool) error {
	if dir == "" {
		return errors.New("no data directory: set SIGAP_DATA_DIR")
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("cannot create the data directory %s: %v; create it or choose another with SIGAP_DATA_DIR", dir, err)
	}
	if skipWriteTest {
		return nil
	}
	probe, err := os.CreateTemp(dir, ".write-test-*")
	if err != nil {
		return fmt.Errorf("the data directory %s is not writable: %v; fix its permissions or choose another with SIGAP_DATA_DIR", dir, err)
	}
	probe.Close()
	return os.Remove(probe.Name())
}

// Close closes both handles.
func (d *DB) Close() error {
	d.stmts.Range(func(_, st any) bool { st.(*sql.Stmt).Close(); return true })
	err := d.W.Close()
	if d.R != d.W {
		err = errors.Join(err, d.R.Close())
	}
	if d.Stats != nil && d.Stats != d.R {
		err = errors.Join(err, d.Stats.Close())
	}
	return err
}

// Ping checks that the database answers, for readiness probes.
func (d *DB) Ping(ctx context.Context) error { return d.R.PingContext(ctx) }

// QueryHot is QueryRowHot for reads of several rows.
func (d *DB) QueryHot(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	st := d.hot(ctx, query)
	if st == nil {
		return d.R.QueryContext(ctx, query, args...)
	}
	return st.QueryContext(ctx, args...)
}

// hot returns the kept statement of a read, preparing it the first time.
func (d *DB) hot(ctx context.Context, query string) *sql.Stmt {
	st, ok := d.stmts.Load(query)
	if !ok {
		prepared, err := d.R.PrepareContext(ctx, query)
		if err != nil {
			return nil
		}
		var loaded bool
		if st, loaded = d.stmts.LoadOrStore(query, prepared); loaded {
			prepared.Close()
		}
	}
	return st.(*sql.Stmt)
}

// QueryRowHot runs a read whose statement is prepared once and kept: for
// the few queries every request makes, parsing the SQL each time costs more
// than running it. database/sql prepares it again on each pooled
// connection as needed.
func (d *DB) QueryRowHot(ctx context.Context, query string, args ...any) *sql.Row {
	st := d.hot(ctx, query)
	if st == nil {
		return d.R.QueryRowContext(ctx, query, args...) // reports the error preparing met
	}
	return st.QueryRowContext(ctx, args...)
}

// Tx runs fn in a write transaction, committing when fn returns nil.
func (d *DB) Tx(ctx context.Context, fn func(*sql.Tx) error) error {
	tx, err := d.W.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

// walLimit is the size past which TrimWAL checkpoints: SQLite's passive
// checkpoints never catch up with sustained writes, and the write-ahead
// log would grow without bound (a gigabyte in half a minute at full rate).
const walLimit = 16 << 20

// TrimWAL folds SQLite's write-ahead log back into the database and
// truncates it when it has grown past walLimit; it does nothing on
// PostgreSQL or while the log is small. Writers call it between
// transactions.
func (d *DB) TrimWAL(ctx context.Context) error {
	if d.path == "" {
		return nil
	}
	fi, err := os.Stat(d.path + "-wal")
	if err != nil || fi.Size() < walLimit {
		return nil
	}
	_, err = d.W.ExecContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`)
	return err
}
