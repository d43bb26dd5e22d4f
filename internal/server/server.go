// Package server wires the parts of sigap into one HTTP server and runs it
// until its context ends, shutting down without dropping requests.
package server

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"time"

	"sigap/internal/api"
	"sigap/internal/app"
	"sigap/internal/config"
	"sigap/internal/db"
	"sigap/internal/i18n"
	"sigap/internal/store"
	"sigap/internal/web"
)

// Server is a configured sigap ready to serve.
type Server struct {
	App     *app.App
	Handler http.Handler
	log     *slog.Logger
	db      *db.DB
	idle    time.Duration
}

// New builds the application on an open, migrated database. now may be nil
// for the wall clock.
func New(cfg config.Config, d *db.DB, log *slog.Logger, version string, now func() time.Time) (*Server, error) {
	cat, err := i18n.Load()
	if err != nil {
		return nil, err
	}
	st := store.New(d, now)
	a := app.New(st, cfg.SessionTTL, cfg.SessionIdle)
	w, err := web.New(web.Options{
		App: a, DB: d, Catalog: cat, Log: log, DefaultLang: cfg.Lang, SecureCookie: cfg.SecureCookie,
		Version: version, API: api.New(a, cat, log, cfg.Lang),
	})
	if err != nil {
		return nil, err
	}
	return &Server{App: a, Handler: w.Handler(), log: log, db: d, idle: cfg.SessionIdle}, nil
}

// Serve answers on l until ctx ends, then stops taking connections and
// waits for requests in flight to finish before returning, so that the
// caller may close the database safely afterwards.
func (s *Server) Serve(ctx context.Context, l net.Listener) error {
	srv := &http.Server{
		Handler:           s.Handler,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
	}
	go s.purgeSessions(ctx)
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(l) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	err := srv.Shutdown(shutdown)
	if serveErr := <-errc; !errors.Is(serveErr, http.ErrServerClosed) {
		err = errors.Join(err, serveErr)
	}
	return err
}

// purgeSessions deletes dead sessions every few minutes. Any instance may
// do it; the delete is idempotent.
func (s *Server) purgeSessions(ctx context.Context) {
	t := time.NewTicker(5 * time.Minute)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if n, err := s.App.Store.PurgeSessions(ctx, s.idle); err != nil {
				s.log.Warn("purging sessions", "err", err)
			} else if n > 0 {
				s.log.Debug("purged sessions", "count", n)
			}
		}
	}
}
