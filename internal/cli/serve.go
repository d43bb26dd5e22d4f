package cli

import (
	"context"
	"fmt"
	"net"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"sigap/internal/server"
)

func (e *env) serveCommand() *cobra.Command {
	c := &cobra.Command{
		Use:   "serve",
		Short: "Run the web server and the API",
		Long: "Run sigap's web server and JSON API. The schema is migrated first, so a new version\n" +
			"starts on an old database without a separate step. Stop it with Ctrl-C or SIGTERM: requests\n" +
			"in flight finish before the database is closed.",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return e.serve(cmd.Context(), nil) },
	}
	c.Flags().StringVar(&e.flags.addr, "addr", "", "listen address (SIGAP_ADDR, default 127.0.0.1:8080)")
	c.Flags().StringVar(&e.flags.tlsCert, "tls-cert", "", "serve HTTPS with this certificate file (SIGAP_TLS_CERT)")
	c.Flags().StringVar(&e.flags.tlsKey, "tls-key", "", "the certificate's private key file (SIGAP_TLS_KEY)")
	return c
}

// serve runs the server until SIGINT or SIGTERM. ready, when set, is called
// once the listener is open.
func (e *env) serve(parent context.Context, ready func(addr string)) error {
	start := time.Now()
	if os.Getenv("GOGC") == "" {
		// The live heap of a server is small (tens of MB); collecting at
		// 200% growth instead of 100% halves the collector's share of each
		// request for a few MB more. GOGC in the environment still wins.
		debug.SetGCPercent(200)
	}
	ctx, stop := signal.NotifyContext(parent, syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	log := e.logger()
	d, err := e.openDB(ctx, true)
	if err != nil {
		return err
	}
	defer d.Close()
	srv, err := server.New(e.cfg, d, log, e.fullVersion(), nil)
	if err != nil {
		return err
	}
	l, err := net.Listen("tcp", e.cfg.Addr)
	if err != nil {
		return fmt.Errorf("cannot listen on %s: %v; choose another address with --addr or SIGAP_ADDR", e.cfg.Addr, err)
	}
	url := e.cfg.BaseURL
	if url == "" {
		scheme := "http://"
		if e.cfg.TLS() {
			scheme = "https://"
		}
		url = scheme + l.Addr().String()
	}
	log.Info("sigap is ready", "url", url, "addr", l.Addr().String(), "engine", string(d.Engine), "startup_ms", time.Since(start).Milliseconds())
	if ready != nil {
		ready(url)
	}
	if err := srv.Serve(ctx, l); err != nil {
		return err
	}
	log.Info("sigap stopped")
	return nil
}
