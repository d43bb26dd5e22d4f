package cli

import (
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/spf13/cobra"

	"sigap/internal/backup"
	"sigap/internal/store"
)

// keysReminder is printed after every backup: the keys are kept out of
// backups on purpose and need their own.
func (e *env) keysReminder() string {
	return "Not in the backup, on purpose: the master key (" + e.cfg.MasterKeyPath() + ") and the audit signing\n" +
		"key (" + e.cfg.AuditKeyPath() + "), and the record key store (" + store.RecordKeyFile(e.cfg.MasterKeyPath()) + "). A stolen\n" +
		"backup without the master key reveals no sensitive field, and without it neither can you. Back the keys up\n" +
		"separately, apart from the backups; keep the record key store's copies briefly: a purged record stays readable\n" +
		"in old backups for as long as a copy of the record key store older than the purge exists (docs/RETENTION.md).\n"
}

func (e *env) backupCommand() *cobra.Command {
	var out string
	var force bool
	c := &cobra.Command{
		Use:   "backup",
		Short: "Write a consistent backup of the database and files to one archive",
		Long: "Write a backup of the SQLite database and the files directory to one .tar.gz archive, while\n" +
			"sigap keeps running: the database is copied in one read transaction (VACUUM INTO), so the\n" +
			"copy is consistent even while others write. The archive holds sigap.db, files/ as it is (the\n" +
			"attachments stay encrypted) and MANIFEST.json with the SHA-256 of every member, the schema\n" +
			"version and the row count of every table. It is written under a temporary name and renamed\n" +
			"when complete. The master key file and the audit signing key are never included.\n\n" +
			"With SIGAP_FILES_URL (an object store), the files are not archived: the bucket is backed up\n" +
			"by the object store's own means (versioning, replication), and the command says so.\n\n" +
			"With PostgreSQL, pg_dump is the tool; this command prints the exact command to run.",
		Example: "  sigap backup --out /backup/sigap-$(date +%F).tar.gz",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			var elsewhere string
			if o, ok, _ := e.cfg.ObjectStore(); ok {
				elsewhere = o.Where()
			}
			if e.cfg.UsesPostgres() {
				return errors.New(backup.PostgresAdvice(e.cfg.DatabaseURL, out, e.cfg.DataDir, elsewhere, time.Now()))
			}
			start := time.Now()
			recordKeys := store.RecordKeyFile(e.cfg.MasterKeyPath())
			res, err := backup.Create(cmd.Context(), backup.Options{DataDir: e.cfg.DataDir, Out: out, Force: force, SigapVersion: e.fullVersion(),
				KeyFiles: []string{e.cfg.MasterKeyPath(), e.cfg.AuditKeyPath(), recordKeys, recordKeys + "-wal", recordKeys + "-shm"}, FilesElsewhere: elsewhere})
			if err != nil {
				return err
			}
			for _, s := range res.Skipped {
				fmt.Fprintf(e.stderr, "warning: left out of the backup: %s\n", s)
			}
			m := res.Manifest
			fmt.Fprintf(e.stdout, "Backup written to %s (%s) in %s: schema version %d, %d tables, %d rows, %d files.\n",
				res.Path, sizeText(res.Size), time.Since(start).Round(time.Millisecond), m.SchemaVersion, len(m.Rows), m.TotalRows(), m.Files())
			if elsewhere != "" {
				fmt.Fprintln(e.stdout, backup.ObjectStoreNote(elsewhere))
			}
			fmt.Fprint(e.stdout, e.keysReminder())
			return nil
		},
	}
	c.Flags().StringVar(&out, "out", "", "archive to write, for example sigap-2026-01-31.tar.gz (required)")
	c.Flags().BoolVar(&force, "force", false, "replace the archive if it exists")
	c.MarkFlagRequired("out")
	return c
}

func (e *env) restoreCommand() *cobra.Command {
	var from string
	c := &cobra.Command{
		Use:   "restore",
		Short: "Restore a backup into an empty data directory",
		Long: "Restore an archive written by 'sigap backup' into the data directory, which must hold no\n" +
			"database and no files yet: restoring over a database would lose everything written after\n" +
			"the backup. The whole archive is checked against the SHA-256 sums of its manifest before\n" +
			"anything is written; the database is then checked (PRAGMA integrity_check) before it is\n" +
			"moved into place. A backup made by a newer sigap, with a schema this one does not know, is\n" +
			"refused. Put the master key file and the audit signing key back before starting sigap.",
		Example: "  sigap restore --data-dir /var/lib/sigap-new --from /backup/sigap-2026-01-31.tar.gz",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if e.cfg.UsesPostgres() {
				return errors.New(backup.PostgresRestoreAdvice(e.cfg.DatabaseURL))
			}
			start := time.Now()
			m, err := backup.Restore(cmd.Context(), e.cfg.DataDir, from)
			if err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "Restored the backup of %s (sigap %s, schema version %d) into %s in %s: %d tables, %d rows, %d files; integrity check ok.\n",
				m.CreatedAt.Format(time.RFC3339), m.SigapVersion, m.SchemaVersion, e.cfg.DataDir, time.Since(start).Round(time.Millisecond), len(m.Rows), m.TotalRows(), m.Files())
			if m.FilesElsewhere != "" {
				fmt.Fprintf(e.stdout, "The files were not in the backup: they are kept in the object store %s.\n"+
					"Set SIGAP_FILES_URL and its keys to that store before starting sigap.\n", m.FilesElsewhere)
			}
			fmt.Fprintf(e.stdout, "Put the master key in place as %s and the audit signing key as %s,\n"+
				"then start sigap with 'sigap serve' (it brings an older schema up to date).\n", e.cfg.MasterKeyPath(), e.cfg.AuditKeyPath())
			return nil
		},
	}
	c.Flags().StringVar(&from, "from", "", "archive written by 'sigap backup' (required)")
	c.MarkFlagRequired("from")
	return c
}

func sizeText(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GiB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}

// ExecuteWith runs the command line like Execute, with the given
// environment and streams, and returns the exit code. It registers backup
// and restore itself when the root command does not have them yet, so that
// the tests of internal/backup can run them end to end.
func ExecuteWith(version string, args, environ []string, stdin io.Reader, stdout, stderr io.Writer) int {
	e := &env{version: version, stdin: stdin, stdout: stdout, stderr: stderr, environ: environ}
	root := e.rootCommand()
	if c, _, err := root.Find([]string{"backup"}); err != nil || c == root {
		root.AddCommand(e.backupCommand(), e.restoreCommand())
	}
	root.SetArgs(args)
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	if err := root.Execute(); err != nil {
		fmt.Fprintln(stderr, "sigap: "+e.message(err))
		return 1
	}
	return 0
}
