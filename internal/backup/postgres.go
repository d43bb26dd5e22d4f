package backup

import (
	"fmt"
	"net/url"
	"strings"
	"time"
)

// libpqParams are the query parameters of sigap's URL that pg_dump
// understands and that are worth keeping; everything else (password, pgx's
// own settings such as search_path or pool sizes) is left out.
var libpqParams = []string{"sslmode", "sslrootcert", "sslcert", "sslkey", "connect_timeout", "application_name"}

// PostgresURL returns the database URL without its password and without
// parameters libpq does not know, for a pg_dump command line.
func PostgresURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return "postgres://USER@HOST:5432/DATABASE"
	}
	clean := &url.URL{Scheme: "postgres", Host: u.Host, Path: u.Path}
	if u.User != nil {
		clean.User = url.User(u.User.Username())
	}
	q := url.Values{}
	for _, k := range libpqParams {
		if v := u.Query().Get(k); v != "" {
			q.Set(k, v)
		}
	}
	clean.RawQuery = q.Encode()
	return clean.String()
}

// PostgresAdvice explains how to back up sigap on PostgreSQL: pg_dump takes
// a consistent snapshot while sigap runs. The command names the server and
// database of raw but never its password. out, when set, is the dump file.
// filesElsewhere, when set, names the object store that keeps the files,
// instead of the files directory under dataDir.
func PostgresAdvice(raw, out string, dataDir, filesElsewhere string, now time.Time) string {
	if out == "" {
		out = "sigap-" + now.Format("2006-01-02") + ".dump"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "sigap backup writes archives of the embedded SQLite database; this installation uses PostgreSQL\n")
	fmt.Fprintf(&b, "(SIGAP_DATABASE_URL), whose own tool takes a consistent backup while sigap runs:\n\n")
	fmt.Fprintf(&b, "  pg_dump --format=custom --exclude-schema=sigap_record_keys --file=%s %s\n\n", shellQuote(out), shellQuote(PostgresURL(raw)))
	fmt.Fprintf(&b, "Give the password through ~/.pgpass or PGPASSWORD; it is not shown here. Restore with\n")
	if filesElsewhere != "" {
		fmt.Fprintf(&b, "pg_restore --dbname=… into an empty database. %s\n\n", ObjectStoreNote(filesElsewhere))
		fmt.Fprintf(&b, "Back up the master key file and the audit signing key separately, never next to the dumps.")
		return b.String()
	}
	fmt.Fprintf(&b, "pg_restore --dbname=… into an empty database. Archive the files directory with it, for example\n\n")
	fmt.Fprintf(&b, "  tar -czf %s -C %s files\n\n", shellQuote(strings.TrimSuffix(out, ".dump")+"-files.tar.gz"), shellQuote(dataDir))
	fmt.Fprintf(&b, "and back up the master key file and the audit signing key separately, never next to the dumps.\n")
	fmt.Fprintf(&b, "The dump leaves out the record key store (schema sigap_record_keys, or the database of SIGAP_RECORD_KEYS_URL):\n")
	fmt.Fprintf(&b, "back it up apart, like the master key, and keep its copies briefly (docs/RETENTION.md).")
	return b.String()
}

// ObjectStoreNote says, for the operator, that the files are not in sigap's
// backups and how the bucket at where is to be backed up instead.
func ObjectStoreNote(where string) string {
	return "The files (attachments and letters) are not in this backup: they are kept in the object store\n" +
		where + " (SIGAP_FILES_URL), which sigap does not copy. Back the bucket up by the object\n" +
		"store's own means: turn versioning on, and replicate the bucket to another site or take the\n" +
		"provider's backups. The files are encrypted already; a restored database needs the bucket\n" +
		"as it was at the time of the backup or later, and the master key to open them."
}

// PostgresRestoreAdvice explains how to restore sigap on PostgreSQL.
func PostgresRestoreAdvice(raw string) string {
	return "sigap restore restores archives of the embedded SQLite database; this installation uses PostgreSQL\n" +
		"(SIGAP_DATABASE_URL). Restore a pg_dump into an empty database with\n\n" +
		"  pg_restore --no-owner --dbname=" + shellQuote(PostgresURL(raw)) + " FILE.dump\n\n" +
		"(the password through ~/.pgpass or PGPASSWORD), unpack the files archive into the data directory\n" +
		"and put the master key file and the audit signing key in place before starting sigap."
}

// shellQuote quotes s for a POSIX shell when it needs it.
func shellQuote(s string) string {
	if s != "" && strings.IndexFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_./:@=,+%", r))
	}) < 0 {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
