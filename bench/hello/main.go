// Command hello is the ceiling for sigap's speed figures: the smallest Go
// HTTP server, built and measured the same way as sigap (see bench/*.sh).
// It answers every path with a short text, /readyz included.
package main

import (
	"flag"
	"log"
	"net/http"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:8090", "listen address")
	flag.Parse()
	http.HandleFunc("/", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Write([]byte("hello\n"))
	})
	log.Fatal(http.ListenAndServe(*addr, nil))
}
