// Package server wires the parts of sigap into one HTTP server and runs it
// until its context ends, shutting down without dropping requests.
package server

import (
	"context"
	"crypto/ed25519"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"path/filepath"
	"time"

	"sigap/internal/api"
	"sigap/internal/app"
	"sigap/internal/config"
	"sigap/internal/db"
	"sigap/internal/evidence"
	"sigap/internal/files"
	"sigap/internal/i18n"
	"sigap/internal/mail"
	"sigap/internal/store"
	"sigap/internal/web"
)

// Server is a configured sigap ready to serve.
type Server struct {
	Web     *web.Server // the pages, for tests that reach inside
	App     *app.App
	Handler http.Handler
	log     *slog.Logger
	db      *db.DB
	idle    time.Duration
	signer  ed25519.PrivateKey
	tls     [2]string // certificate and key files, when sigap serves HTTPS itself
	mailer  *mailer
	// stopWriter ends the report writer, once no request can reach it.
	stopWriter context.CancelFunc
}

// The report writer's queue and group: 64 reports a commit is what the
// machine's measured ceiling used. The queue is larger than the number of
// reports the pages and the API take at once (web's reportSlots), so it
// never refuses what they let in.
const (
	reportGroup = 64
	reportQueue = 2048
)

// New builds the application on an open, migrated database. now may be nil
// for the wall clock.
func New(cfg config.Config, d *db.DB, log *slog.Logger, version string, now func() time.Time) (*Server, error) {
	cat, err := i18n.Load()
	if err != nil {
		return nil, err
	}
	st := store.New(d, now)
	if err := LoadVault(context.Background(), cfg, st, log); err != nil {
		return nil, err
	}
	signer, err := LoadSigningKey(context.Background(), cfg, st, log)
	if err != nil {
		return nil, err
	}
	a := app.New(st, cfg.SessionTTL, cfg.SessionIdle)
	fs, err := openFiles(cfg, st, log)
	if err != nil {
		return nil, err
	}
	a.Evidence = app.Evidence{Files: fs, Limits: evidence.DefaultLimits}
	a.Work = &app.ReportWork{Bits: cfg.ReportPoWBits}
	if cfg.ClamdAddr != "" {
		a.Evidence.Scanner = evidence.Clamd{Addr: cfg.ClamdAddr}
	}
	proxies, err := cfg.Proxies()
	if err != nil {
		return nil, err
	}
	apiHandler := api.New(a, cat, log, cfg.Lang)
	w, err := web.New(web.Options{
		App: a, DB: d, Catalog: cat, Log: log, DefaultLang: cfg.Lang, SecureCookie: cfg.SecureCookie || cfg.TLS(),
		Version: version, API: apiHandler,
		Proxies: proxies, SignInRate: cfg.RateSignIn, PublicRate: cfg.RatePublic, ReceiptRate: cfg.RateReceipt,
	})
	if err != nil {
		return nil, err
	}
	apiHandler.SetReceiptGate(w.ReceiptGate)
	apiHandler.SetReportSlots(w.ReportSlots())
	apiHandler.SetReceiptMiss(w.ReceiptMiss)
	var send mail.Sender = mail.Log{Log: log}
	if cfg.SMTPAddr != "" {
		send = mail.SMTP{Addr: cfg.SMTPAddr, From: cfg.SMTPFrom, User: cfg.SMTPUser, Password: cfg.SMTPPassword}
	}
	base := cfg.BaseURL
	if base == "" {
		base = "http://" + cfg.Addr
	}
	m := &mailer{st: st, cat: cat, send: send, base: base, lang: cfg.Lang, log: log, every: cfg.MailInterval}
	// The group writer of reports lives until Serve has finished every
	// request in flight.
	writerCtx, stopWriter := context.WithCancel(context.Background())
	a.Reports = st.NewReportWriter(writerCtx, reportQueue, reportGroup)
	return &Server{Web: w, App: a, Handler: w.Handler(), log: log, db: d, idle: cfg.SessionIdle, signer: signer, tls: [2]string{cfg.TLSCert, cfg.TLSKey},
		mailer: m, stopWriter: stopWriter}, nil
}

// openFiles opens the file store SIGAP_FILES_URL names: DATA_DIR/files by
// default, or an object store, which is checked at once so that a wrong
// key or bucket stops the start rather than the first upload.
func openFiles(cfg config.Config, st *store.Store, log *slog.Logger) (*files.Store, error) {
	o, ok, err := cfg.ObjectStore()
	if err != nil {
		return nil, err
	}
	if !ok {
		return files.Open(cfg.DataDir, st.Keyring())
	}
	fs, err := files.OpenS3(files.S3Config{Endpoint: o.Endpoint, Bucket: o.Bucket, Prefix: o.Prefix, Region: o.Region, PathStyle: o.PathStyle,
		AccessKey: o.AccessKey, SecretKey: o.SecretKey, SpoolDir: filepath.Join(cfg.DataDir, "tmp")}, st.Keyring())
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := fs.Check(ctx); err != nil {
		fs.Close()
		return nil, fmt.Errorf("the file store SIGAP_FILES_URL names cannot be used: %w", err)
	}
	log.Info("files are kept in object storage", "store", o.Where())
	return fs, nil
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
	go s.maintain(ctx)
	go s.mailer.run(ctx)
	errc := make(chan error, 1)
	go func() {
		if s.tls[0] != "" {
			srv.TLSConfig = &tls.Config{MinVersion: tls.VersionTLS12}
			errc <- srv.ServeTLS(l, s.tls[0], s.tls[1])
			return
		}
		errc <- srv.Serve(l)
	}()
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
	s.stopWriter()
	<-s.App.Reports.Stopped()
	return err
}

// maintain runs the periodic upkeep every instance may do at the same
// time, since each step is idempotent: dead sessions are purged, key caches
// refreshed (so a data-key rotation done elsewhere takes effect), fields
// resealed after a rotation, and chain heads signed.
func (s *Server) maintain(ctx context.Context) {
	minute := time.NewTicker(time.Minute)
	defer minute.Stop()
	retentionDay := "" // the day the retention watch last ran here
	for n := 1; ; n++ {
		select {
		case <-ctx.Done():
			return
		case <-minute.C:
		}
		st := s.App.Store
		if n%5 == 0 {
			if _, err := st.PurgeSessions(ctx, s.idle); err != nil {
				s.log.Warn("purging sessions", "err", err)
			}
			if err := st.PurgeSpentChallenges(ctx); err != nil {
				s.log.Warn("purging spent challenges", "err", err)
			}
			// A finished roster import's page stays an hour.
			if err := st.PurgeRosterJobs(ctx, st.Now().Add(-time.Hour)); err != nil {
				s.log.Warn("purging roster import jobs", "err", err)
			}
		}
		if err := st.RefreshKeys(ctx); err != nil {
			s.log.Warn("refreshing keys", "err", err)
		}
		// Files stored before record keys move under their report's key
		// once the reseal pass has given the reports keys (the first
		// refresh), and again daily for any a failure left behind.
		if n == 2 || n%1440 == 0 {
			if moved, failed, err := s.moveFilesToRecords(ctx); err != nil {
				s.log.Warn("moving files under record keys", "err", err)
			} else if moved > 0 || failed > 0 {
				s.log.Info("files moved under record keys", "moved", moved, "failed", failed)
			}
		}
		if n%10 == 0 {
			if err := s.Checkpoint(ctx); err != nil {
				s.log.Warn("signing audit checkpoints", "err", err)
			}
		}
		// Deadlines are days; a pass every quarter hour finds each new
		// day early, and costs an index read per government.
		if n%15 == 1 {
			if r, err := s.App.WatchDeadlines(ctx); err != nil {
				s.log.Warn("watching case deadlines", "err", err)
			} else if r != (store.WatchResult{}) {
				s.log.Info("case deadlines", "reminded", r.Reminded, "escalated", r.Escalated, "took_effect", r.Settled)
			}
			// The TPKS clocks are hours; a quarter of an hour is well inside
			// the 12 hours a reminder comes ahead.
			if r, err := s.App.WatchProtectionClocks(ctx); err != nil {
				s.log.Warn("watching protection clocks", "err", err)
			} else if r != (store.ClockWatchResult{}) {
				s.log.Info("protection clocks", "reminded", r.Reminded, "escalated", r.Escalated)
			}
			// Offices with no guidance session held as the period ends.
			if n, err := s.App.WatchGuidance(ctx); err != nil {
				s.log.Warn("watching guidance sessions", "err", err)
			} else if n > 0 {
				s.log.Info("guidance reminders", "governments", n)
			}
			// Pledge campaigns due, and signatures lapsing, within the
			// government's reminder days.
			if w, err := s.App.WatchPledges(ctx); err != nil {
				s.log.Warn("watching pledge campaigns", "err", err)
			} else if w != (store.PledgeWatch{}) {
				s.log.Info("pledge reminders", "campaigns", w.Campaigns, "employees", w.Employees, "renewals", w.Renewals)
			}
			// Records falling due for destruction: the preview replays every
			// closed case, so once a day per instance is enough; the
			// reminders table keeps each announcement to one.
			if day := s.App.Store.Now().Format(time.DateOnly); day != retentionDay {
				if n, err := s.App.WatchRetention(ctx); err != nil {
					s.log.Warn("watching retention", "err", err)
				} else {
					retentionDay = day
					if n > 0 {
						s.log.Info("retention reminders", "records", n)
					}
					// Then the purge of what is due today. Each record is
					// claimed in its own transaction, so instances running
					// it at once purge each record once; what failed is
					// tried again tomorrow (or at the admin's button).
					r, err := s.App.Purge(ctx)
					if err != nil {
						s.log.Warn("purging records", "err", err)
					}
					if r.Total() > 0 || r.Files > 0 || r.FilesLeft > 0 {
						s.log.Info("retention purge", "reports", r.Reports, "discipline_cases", r.DisciplineCases,
							"protection_cases", r.ProtectionCases, "attachments", r.Attachments, "audit_events", r.AuditEvents, "files", r.Files, "files_left", r.FilesLeft)
					}
				}
			}
		}
	}
}

// Checkpoint signs the head of every audit chain that moved since its last
// checkpoint.
func (s *Server) Checkpoint(ctx context.Context) error {
	chains, err := s.App.Store.AuditChains(ctx)
	if err != nil {
		return err
	}
	for _, c := range chains {
		if _, err := s.App.Store.Checkpoint(ctx, c, s.signer); err != nil {
			return err
		}
	}
	return nil
}

// moveFilesToRecords encrypts again, under their report's record key, the
// report files stored before record keys, so that they die with the key
// when the report is purged. A file that fails (missing, damaged) is
// counted and left; the pass goes on.
func (s *Server) moveFilesToRecords(ctx context.Context) (moved, failed int, err error) {
	fs := s.App.Evidence.Files
	if fs == nil || s.App.Store.Keyring() == nil || !s.App.Store.Keyring().HasRecordKeys() {
		return 0, 0, nil
	}
	var after int64
	for {
		page, err := s.App.Store.RecordFiles(ctx, after, 200)
		if err != nil || len(page) == 0 {
			return moved, failed, err
		}
		for _, f := range page {
			after = f.ID
			ok, err := fs.MoveToRecord(ctx, f.TenantID, f.FileID, f.RecordKey)
			switch {
			case ctx.Err() != nil:
				return moved, failed, ctx.Err()
			case err != nil:
				failed++
			case ok:
				moved++
			}
		}
	}
}
