// Command reportceiling is the ceiling for the report figures: the least
// a server must do to take a report durably (benchkit.ReportCeiling, the
// same code `sigap bench national` measures in-process), served on its
// own port.
//
//	reportceiling --addr 127.0.0.1:9000 --sqlite /tmp/c.db
//	reportceiling --addr 127.0.0.1:9000 --postgres 'postgres://…'
package main

import (
	"database/sql"
	"flag"
	"fmt"
	"log"
	"net/http"
	"strings"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"
	_ "modernc.org/sqlite"

	"sigap/internal/benchkit"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:9000", "listen address")
	lite := flag.String("sqlite", "", "SQLite file")
	pg := flag.String("postgres", "", "PostgreSQL URL (a schema of its own is made)")
	flag.Parse()
	db, err := open(*lite, *pg)
	if err != nil {
		log.Fatal(err)
	}
	c, err := benchkit.OpenReportCeiling(db, *lite == "")
	if err != nil {
		log.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.Handle("POST /report", c)
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, _ *http.Request) { w.Write([]byte("ok")) })
	log.Fatal(http.ListenAndServe(*addr, mux))
}

func open(lite, pg string) (*sql.DB, error) {
	if lite != "" {
		db, err := sql.Open("sqlite", "file:"+lite+"?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=synchronous(FULL)&_pragma=cache_size(-65536)")
		if err == nil {
			db.SetMaxOpenConns(1)
		}
		return db, err
	}
	schema := fmt.Sprintf("ceiling_%d", time.Now().UnixNano())
	sep := "?"
	if strings.Contains(pg, "?") {
		sep = "&"
	}
	admin, err := sql.Open("pgx", pg)
	if err != nil {
		return nil, err
	}
	defer admin.Close()
	if _, err := admin.Exec("CREATE SCHEMA " + schema); err != nil {
		return nil, err
	}
	db, err := sql.Open("pgx", pg+sep+"search_path="+schema)
	if err == nil {
		db.SetMaxOpenConns(4)
	}
	return db, err
}
