// Package cli is sigap's command line: one file per command.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"sigap/internal/apperr"
	"sigap/internal/config"
	"sigap/internal/db"
	"sigap/internal/i18n"
	"sigap/internal/store"
)

// env carries what every command needs: the configuration and where to write.
type env struct {
	version    string
	configFile string
	flags      struct{ addr, dataDir, databaseURL, tlsCert, tlsKey string }
	stdin      io.Reader
	stdout     io.Writer
	stderr     io.Writer
	environ    []string
	cfg        config.Config
	cat        *i18n.Catalog
}

// Execute runs the command line and returns the process exit code.
func Execute(version string, args []string) int {
	e := &env{version: version, stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr, environ: os.Environ()}
	return e.run(args)
}

func (e *env) run(args []string) int {
	root := e.rootCommand()
	root.SetArgs(args)
	root.SetIn(e.stdin)
	root.SetOut(e.stdout)
	root.SetErr(e.stderr)
	if err := root.Execute(); err != nil {
		fmt.Fprintln(e.stderr, "sigap: "+e.message(err))
		return 1
	}
	return 0
}

func (e *env) rootCommand() *cobra.Command {
	root := &cobra.Command{
		Use:           "sigap",
		Short:         "Reports, discipline cases and victim protection for Indonesian regional governments",
		Long:          "sigap takes reports of misconduct by civil servants, carries them through the disciplinary\nprocedure of PP 94/2021, protects the victims and gives exact numbers.\n\nConfiguration comes from SIGAP_* environment variables, an optional KEY=VALUE file\n(--config) and the flags below; see 'sigap config'.",
		SilenceUsage:  true,
		SilenceErrors: true,
		PersistentPreRunE: func(cmd *cobra.Command, _ []string) error {
			return e.loadConfig(cmd)
		},
	}
	pf := root.PersistentFlags()
	pf.StringVar(&e.configFile, "config", "", "read settings from this KEY=VALUE file (also SIGAP_CONFIG_FILE)")
	pf.StringVar(&e.flags.dataDir, "data-dir", "", "directory for the SQLite database and files (SIGAP_DATA_DIR, default ./data)")
	pf.StringVar(&e.flags.databaseURL, "database-url", "", "PostgreSQL URL; empty uses SQLite in the data directory (SIGAP_DATABASE_URL)")
	root.AddCommand(e.serveCommand(), e.demoCommand(), e.migrateCommand(), e.tenantCommand(), e.userCommand(),
		e.importCommand(), e.auditCommand(), e.keyCommand(), e.backupCommand(), e.restoreCommand(), e.configCommand(), e.versionCommand(), e.mediaCommand(), e.benchCommand())
	return root
}

// loadConfig merges file, environment and flags and validates the result.
func (e *env) loadConfig(cmd *cobra.Command) error {
	file := e.configFile
	if file == "" {
		for _, kv := range e.environ {
			if v, ok := strings.CutPrefix(kv, "SIGAP_CONFIG_FILE="); ok {
				file = v
			}
		}
	}
	cfg, err := config.Load(file, e.environ)
	if err != nil {
		return err
	}
	if f := cmd.Flags().Lookup("addr"); f != nil && f.Changed {
		cfg.Addr = e.flags.addr
	}
	if f := cmd.Flags().Lookup("tls-cert"); f != nil && f.Changed {
		cfg.TLSCert = e.flags.tlsCert
	}
	if f := cmd.Flags().Lookup("tls-key"); f != nil && f.Changed {
		cfg.TLSKey = e.flags.tlsKey
	}
	if cmd.Flags().Changed("data-dir") {
		cfg.DataDir = e.flags.dataDir
	}
	if cmd.Flags().Changed("database-url") {
		cfg.DatabaseURL = e.flags.databaseURL
	}
	if err := cfg.Validate(); err != nil {
		return fmt.Errorf("the configuration is not valid:\n%w", err)
	}
	e.cfg = cfg
	if e.cat, err = i18n.Load(); err != nil {
		return err
	}
	return nil
}

// message renders an error for the terminal: coded errors through the
// English catalogue, others as they are.
func (e *env) message(err error) string {
	var ae *apperr.Error
	if errors.As(err, &ae) && ae.Code != apperr.Internal && e.cat != nil {
		msg := e.cat.T("en", ae.Key, ae.Args)
		if ae.Field != "" {
			msg = ae.Field + ": " + msg
		}
		return msg
	}
	return err.Error()
}

func (e *env) logger() *slog.Logger {
	level := map[string]slog.Level{"debug": slog.LevelDebug, "info": slog.LevelInfo, "warn": slog.LevelWarn, "error": slog.LevelError}[e.cfg.LogLevel]
	opts := &slog.HandlerOptions{Level: level}
	if e.cfg.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(e.stderr, opts))
	}
	return slog.New(slog.NewTextHandler(e.stderr, opts))
}

// openDB opens the configured database. With migrate, it also brings the
// schema up to date; without, it refuses a database that is behind, so that
// no command runs on a schema it does not know.
func (e *env) openDB(ctx context.Context, migrate bool) (*db.DB, error) {
	d, err := db.Open(ctx, db.Options{DataDir: e.cfg.DataDir, URL: e.cfg.DatabaseURL, ReadURL: e.cfg.DatabaseReadURL, CacheMB: e.cfg.SQLiteCacheMB})
	if err != nil {
		return nil, err
	}
	if migrate {
		if _, err := d.Migrate(ctx); err != nil {
			d.Close()
			return nil, err
		}
		return d, nil
	}
	pending, err := d.Pending(ctx)
	if err != nil {
		d.Close()
		return nil, err
	}
	if pending {
		d.Close()
		return nil, errors.New("the database schema is not up to date: run 'sigap migrate up' first")
	}
	return d, nil
}

// withStore runs fn with a store on the configured database (migrated when
// asked) and closes it afterwards.
func (e *env) withStore(ctx context.Context, migrate bool, fn func(*store.Store) error) error {
	s, done, err := e.openStore(ctx, migrate)
	if err != nil {
		return err
	}
	defer done()
	return fn(s)
}

// openStore opens the database (migrating it when asked) and a store on it.
func (e *env) openStore(ctx context.Context, migrate bool) (*store.Store, func(), error) {
	d, err := e.openDB(ctx, migrate)
	if err != nil {
		return nil, nil, err
	}
	return store.New(d, nil), func() { d.Close() }, nil
}
