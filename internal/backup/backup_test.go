package backup_test

import (
	"archive/tar"
	"bytes"
	"crypto/ed25519"
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"sigap/internal/backup"
	"sigap/internal/db"
)

// TestBackupWhileWriting takes a backup in another process while this one
// keeps creating units, as 'sigap backup' runs beside a busy server,
// restores it and checks that the copy is one consistent
// instant: it passes integrity_check, every audit chain verifies up to its
// head against the signed checkpoints, and every row it holds is a row the
// live database holds too.
func TestBackupWhileWriting(t *testing.T) {
	in := populate(t, true)
	var base int64
	must(t, openFile(t, db.SQLitePath(in.dir)).QueryRow(`SELECT COUNT(*) FROM units`).Scan(&base))
	w := in.startWriter(t)
	w.waitFor(t, 20)
	before := w.count()
	out := filepath.Join(t.TempDir(), "busy.tar.gz")
	code, stdout, stderr := runProcess(t, in.dir, "backup", "--out", out)
	if code != 0 {
		t.Fatalf("backup in another process: exit %d: %s", code, stderr)
	}
	during := w.count() - before
	w.waitFor(t, w.count()+5)
	if err := w.halt(); err != nil {
		t.Fatal(err)
	}
	after := w.count()
	t.Logf("%sthe writer created %d units while the backup process ran", stdout[:strings.Index(stdout, "\n")+1], during)
	if during == 0 {
		t.Error("no write landed while the backup ran, so this test proved nothing; make the database bigger")
	}
	_, manifest := readArchive(t, out)

	restored := filepath.Join(t.TempDir(), "new-data") // does not exist yet
	m, err := backup.Restore(ctx, restored, out)
	must(t, err)
	if m.SchemaVersion != manifest.SchemaVersion || !maps.Equal(m.Rows, manifest.Rows) {
		t.Errorf("restore returned manifest %+v", m)
	}
	// The snapshot holds the units made before the backup began and none
	// made after the writer stopped.
	units := m.Rows["units"]
	if units < base+int64(before) || units > base+int64(after) {
		t.Errorf("restored %d units; the writer had made %d before and %d in all", units, before, after)
	}

	// Every restored row is a live row: the writer only adds, except to
	// audit_heads, whose rows VerifyChain has checked against the events.
	live := dump(t, openFile(t, db.SQLitePath(in.dir)))
	got := dump(t, openFile(t, db.SQLitePath(restored)))
	for tbl, rows := range got {
		if tbl == "audit_heads" || tbl == "sqlite_sequence" {
			continue
		}
		for _, r := range rows {
			if _, ok := slices.BinarySearch(live[tbl], r); !ok {
				t.Errorf("%s: restored row %s is not in the live database", tbl, r)
				break
			}
		}
	}
	if !equalTrees(t, tree(t, in.dir), tree(t, restored)) {
		t.Error("files differ")
	}
	in.verifyRestored(t, restored)
}

// TestRoundTrip backs up a quiet installation through the command line,
// restores it through the command line and finds everything equal: every
// row of every table, the schema, every file byte for byte, the audit
// trail verifying; and the keys nowhere in the archive.
func TestRoundTrip(t *testing.T) {
	in := populate(t, false)
	out := filepath.Join(t.TempDir(), "sigap-2026-01-31.tar.gz")
	code, stdout, stderr := run(t, in.dir, "backup", "--out", out)
	if code != 0 {
		t.Fatalf("backup: exit %d: %s", code, stderr)
	}
	known, err := backup.KnownSchemaVersion()
	must(t, err)
	for _, want := range []string{"Backup written to " + out, fmt.Sprintf("schema version %d", known), "4 files",
		"Not in the backup, on purpose: the master key (" + filepath.Join(in.dir, masterKeyFile) + ")", filepath.Join(in.dir, signingKeyFile)} {
		if !strings.Contains(stdout, want) {
			t.Errorf("backup output lacks %q:\n%s", want, stdout)
		}
	}
	if fi, err := os.Stat(out); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("backup file: %v %v", fi, err)
	}
	if left, _ := filepath.Glob(filepath.Join(filepath.Dir(out), "*tmp*")); len(left) > 0 {
		t.Errorf("left behind: %v", left)
	}
	if left, _ := filepath.Glob(filepath.Join(filepath.Dir(out), ".sigap-backup-*")); len(left) > 0 {
		t.Errorf("left behind: %v", left)
	}

	masterKey, err := os.ReadFile(filepath.Join(in.dir, masterKeyFile))
	must(t, err)
	masterKey = bytes.TrimSpace(masterKey)
	members, m := readArchive(t, out)
	var names []string
	for _, mem := range members {
		names = append(names, mem.hdr.Name)
		if strings.Contains(mem.hdr.Name, "key") || bytes.Contains(mem.body, []byte(hexSeed(in.key))) || bytes.Contains(mem.body, masterKey) {
			t.Errorf("the archive holds key material in %s", mem.hdr.Name)
		}
	}
	want := []string{"sigap.db", "files/1/7/3f9c0a.sealed", "files/1/8/empty.sealed", "files/2/deep/er/still/x.sealed", "files/2/laporan saksi (1).sealed", "MANIFEST.json"}
	if !slices.Equal(names, want) {
		t.Errorf("members %q, want %q", names, want)
	}
	if m.Format != backup.FormatVersion || m.Engine != "sqlite" || m.SigapVersion != "test" || m.SchemaVersion != known ||
		time.Since(m.CreatedAt) > time.Minute || m.CreatedAt.Location() != time.UTC || len(m.Members) != 5 {
		t.Errorf("manifest %+v", m)
	}
	live := dump(t, openFile(t, db.SQLitePath(in.dir)))
	for tbl, n := range m.Rows {
		if int64(len(live[tbl])) != n {
			t.Errorf("manifest: %s has %d rows, the database %d", tbl, n, len(live[tbl]))
		}
	}
	if m.Rows["regions"] < 1500 || m.Rows["sessions"] != 6 || m.Rows["audit_checkpoints"] != 3 || m.Rows["goose_db_version"] < 2 {
		t.Errorf("row counts %v", m.Rows)
	}

	restored := t.TempDir()
	// The keys may be put back before the restore: they do not make the
	// data directory "not empty".
	must(t, os.WriteFile(filepath.Join(restored, masterKeyFile), []byte("x"), 0o600))
	code, stdout, stderr = run(t, restored, "restore", "--from", out)
	if code != 0 {
		t.Fatalf("restore: exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, "integrity check ok") || !strings.Contains(stdout, "Put the master key in place as "+filepath.Join(restored, masterKeyFile)) {
		t.Errorf("restore output: %s", stdout)
	}
	if left, _ := filepath.Glob(filepath.Join(restored, ".sigap-restore-*")); len(left) > 0 {
		t.Errorf("left behind: %v", left)
	}
	got := dump(t, openFile(t, db.SQLitePath(restored)))
	if len(got) != len(live) {
		t.Errorf("restored %d tables, live %d", len(got), len(live))
	}
	for tbl, rows := range live {
		if !slices.Equal(rows, got[tbl]) {
			t.Errorf("%s differs: %d live rows, %d restored", tbl, len(rows), len(got[tbl]))
		}
	}
	if !equalTrees(t, tree(t, in.dir), tree(t, restored)) {
		t.Error("files differ")
	}
	if n := in.verifyRestored(t, restored); n < 20 {
		t.Errorf("verified only %d events", n)
	}
}

func hexSeed(k ed25519.PrivateKey) string {
	const digits = "0123456789abcdef"
	var b strings.Builder
	for _, c := range k.Seed() {
		b.WriteByte(digits[c>>4])
		b.WriteByte(digits[c&15])
	}
	return b.String()
}

func equalTrees(t *testing.T, a, b map[string][]byte) bool {
	t.Helper()
	if len(a) != len(b) || len(a) == 0 {
		t.Errorf("%d files against %d", len(a), len(b))
		return false
	}
	for name, body := range a {
		if !bytes.Equal(body, b[name]) {
			t.Errorf("%s differs", name)
			return false
		}
	}
	return true
}

func TestBackupRefusesToOverwrite(t *testing.T) {
	in := populate(t, false)
	out := filepath.Join(t.TempDir(), "b.tar.gz")
	must(t, os.WriteFile(out, []byte("an older backup"), 0o600))
	_, err := backup.Create(ctx, backup.Options{DataDir: in.dir, Out: out})
	if !errors.Is(err, backup.ErrExists) || !strings.Contains(err.Error(), "--force") {
		t.Fatalf("err = %v", err)
	}
	code, _, stderr := run(t, in.dir, "backup", "--out", out)
	if code == 0 || !strings.Contains(stderr, "already exists") || !strings.Contains(stderr, "--force") {
		t.Errorf("exit %d: %s", code, stderr)
	}
	if b, _ := os.ReadFile(out); string(b) != "an older backup" {
		t.Error("the existing file was changed")
	}
	if left, _ := filepath.Glob(filepath.Join(filepath.Dir(out), "*")); len(left) != 1 {
		t.Errorf("left behind: %v", left)
	}
	if code, _, stderr := run(t, in.dir, "backup", "--out", out, "--force"); code != 0 {
		t.Fatalf("with --force: %s", stderr)
	}
	if _, m := readArchive(t, out); m.Engine != "sqlite" {
		t.Error("--force did not replace the file")
	}
}

func TestBackupWithoutDatabase(t *testing.T) {
	empty := t.TempDir()
	out := filepath.Join(t.TempDir(), "b.tar.gz")
	code, _, stderr := run(t, empty, "backup", "--out", out)
	if code == 0 || !strings.Contains(stderr, "SIGAP_DATA_DIR") {
		t.Errorf("exit %d: %s", code, stderr)
	}
	if _, err := os.Stat(out); err == nil {
		t.Error("a backup was written")
	}
	if code, _, stderr := run(t, empty, "backup"); code == 0 || !strings.Contains(stderr, `"out"`) {
		t.Errorf("without --out: exit %d: %s", code, stderr)
	}
}

// backupOf makes one backup of a fresh installation for the negative tests.
func backupOf(t *testing.T) string {
	t.Helper()
	in := populate(t, false)
	out := filepath.Join(t.TempDir(), "good.tar.gz")
	_, err := backup.Create(ctx, backup.Options{DataDir: in.dir, Out: out, SigapVersion: "test"})
	must(t, err)
	return out
}

func TestRestoreRefusesNonEmptyDataDir(t *testing.T) {
	good := backupOf(t)
	for _, c := range []struct{ name, file string }{
		{"database", "sigap.db"},
		{"wal", "sigap.db-wal"},
		{"files", "files/1/x.sealed"},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			writeFile(t, dir, c.file, []byte("live data"))
			code, _, stderr := run(t, dir, "restore", "--from", good)
			if code == 0 || !strings.Contains(stderr, "would lose everything written to it after the backup") || !strings.Contains(stderr, "--data-dir") {
				t.Errorf("exit %d: %s", code, stderr)
			}
			if b, _ := os.ReadFile(filepath.Join(dir, c.file)); string(b) != "live data" {
				t.Error("the live data was touched")
			}
			if ents, _ := os.ReadDir(dir); len(ents) != 1 {
				t.Errorf("the data directory holds %d entries", len(ents))
			}
		})
	}
}

func TestRestoreRefusesAlteredMember(t *testing.T) {
	good := backupOf(t)
	members, _ := readArchive(t, good)
	for _, target := range []string{"sigap.db", "files/2/laporan saksi (1).sealed"} {
		t.Run(target, func(t *testing.T) {
			changed := slices.Clone(members)
			for i := range changed {
				if changed[i].hdr.Name == target {
					body := slices.Clone(changed[i].body)
					body[len(body)/2] ^= 0x01
					changed[i].body = body
				}
			}
			bad := filepath.Join(t.TempDir(), "bad.tar.gz")
			writeArchive(t, bad, changed, nil) // the original manifest
			dir := t.TempDir()
			_, err := backup.Restore(ctx, dir, bad)
			if !errors.Is(err, backup.ErrDamaged) || !strings.Contains(err.Error(), target+" does not match the SHA-256") {
				t.Fatalf("err = %v", err)
			}
			assertEmpty(t, dir)
		})
	}
}

func TestRestoreRefusesEscapingMembers(t *testing.T) {
	good := backupOf(t)
	members, m := readArchive(t, good)
	outside := t.TempDir()
	evil := []struct {
		name string
		hdr  tar.Header
	}{
		{"dotdot", tar.Header{Typeflag: tar.TypeReg, Name: "../evil", Mode: 0o600}},
		{"dotdot inside files", tar.Header{Typeflag: tar.TypeReg, Name: "files/../../evil", Mode: 0o600}},
		{"absolute", tar.Header{Typeflag: tar.TypeReg, Name: filepath.Join(outside, "evil"), Mode: 0o600}},
		{"symlink", tar.Header{Typeflag: tar.TypeSymlink, Name: "files/link", Linkname: outside}},
		{"hard link", tar.Header{Typeflag: tar.TypeLink, Name: "files/hard", Linkname: "/etc/passwd"}},
		{"directory", tar.Header{Typeflag: tar.TypeDir, Name: "files/d/", Mode: 0o700}},
		{"unknown top level", tar.Header{Typeflag: tar.TypeReg, Name: "master.key", Mode: 0o600}},
	}
	for _, c := range evil {
		t.Run(c.name, func(t *testing.T) {
			// The bad member comes first and the manifest lists it with its
			// true hash: only its name or type can give it away.
			with := append([]member{{hdr: c.hdr, body: []byte("evil")}}, members...)
			if c.hdr.Typeflag != tar.TypeReg {
				with[0].body = nil
			}
			bad := filepath.Join(t.TempDir(), "bad.tar.gz")
			mm := m
			writeArchive(t, bad, with, &mm)
			parent := t.TempDir()
			dir := filepath.Join(parent, "data")
			must(t, os.Mkdir(dir, 0o700))
			_, err := backup.Restore(ctx, dir, bad)
			if !errors.Is(err, backup.ErrUnsafe) || !strings.Contains(err.Error(), "nothing was restored") {
				t.Fatalf("err = %v", err)
			}
			assertEmpty(t, dir)
			if ents, _ := os.ReadDir(parent); len(ents) != 1 {
				t.Errorf("something was written beside the data directory: %v", ents)
			}
			if ents, _ := os.ReadDir(outside); len(ents) != 0 {
				t.Errorf("something was written outside: %v", ents)
			}
		})
	}
	// A member the manifest does not list is refused too.
	t.Run("unlisted", func(t *testing.T) {
		with := append(slices.Clone(members[:len(members)-1]), member{hdr: tar.Header{Typeflag: tar.TypeReg, Name: "files/extra", Mode: 0o600}, body: []byte("x")}, members[len(members)-1])
		bad := filepath.Join(t.TempDir(), "bad.tar.gz")
		writeArchive(t, bad, with, nil)
		dir := t.TempDir()
		if _, err := backup.Restore(ctx, dir, bad); !errors.Is(err, backup.ErrUnsafe) || !strings.Contains(err.Error(), "does not list it") {
			t.Fatalf("err = %v", err)
		}
		assertEmpty(t, dir)
	})
}

func TestRestoreRefusesTruncatedArchive(t *testing.T) {
	good := backupOf(t)
	b, err := os.ReadFile(good)
	must(t, err)
	for _, n := range []int{0, 10, len(b) / 2, len(b) - 40, len(b) - 1} {
		bad := filepath.Join(t.TempDir(), "cut.tar.gz")
		must(t, os.WriteFile(bad, b[:n], 0o600))
		dir := t.TempDir()
		code, _, stderr := run(t, dir, "restore", "--from", bad)
		if code == 0 || !strings.Contains(stderr, "damaged or incomplete") || !strings.Contains(stderr, "use another copy of the backup") {
			t.Errorf("cut at %d of %d: exit %d: %s", n, len(b), code, stderr)
		}
		if n == len(b)/2 && !strings.Contains(stderr, "cut short") {
			t.Errorf("cut in the middle: %s", stderr)
		}
		assertEmpty(t, dir)
	}
}

func TestRestoreRefusesNewerBackup(t *testing.T) {
	good := backupOf(t)
	members, m := readArchive(t, good)
	known, err := backup.KnownSchemaVersion()
	must(t, err)

	newer := m
	newer.SchemaVersion = known + 1
	newer.SigapVersion = "v9.0.0"
	bad := filepath.Join(t.TempDir(), "newer.tar.gz")
	writeArchive(t, bad, members, &newer)
	dir := t.TempDir()
	code, _, stderr := run(t, dir, "restore", "--from", bad)
	if code == 0 || !strings.Contains(stderr, "schema version") || !strings.Contains(stderr, "v9.0.0") {
		t.Errorf("exit %d: %s", code, stderr)
	}
	assertEmpty(t, dir)

	format := m
	format.Format = backup.FormatVersion + 1
	writeArchive(t, bad, members, &format)
	if _, err := backup.Restore(ctx, dir, bad); !errors.Is(err, backup.ErrTooNew) {
		t.Errorf("newer format: %v", err)
	}
	assertEmpty(t, dir)
}

// TestPostgresExplainsPgDump: on PostgreSQL the commands print the pg_dump
// and pg_restore commands for the configured server, never its password.
func TestPostgresExplainsPgDump(t *testing.T) {
	environ := []string{"SIGAP_DATA_DIR=" + t.TempDir(),
		"SIGAP_DATABASE_URL=postgres://sigap:s3cr3t-pw@db.internal:5433/sigap?sslmode=verify-full&password=other-pw&search_path=x"}
	code, stdout, stderr := runEnv(t, environ, "backup", "--out", "/backup/sigap.dump")
	if code == 0 {
		t.Fatal("backup on PostgreSQL exited 0")
	}
	want := "pg_dump --format=custom --exclude-schema=sigap_record_keys --file=/backup/sigap.dump 'postgres://sigap@db.internal:5433/sigap?sslmode=verify-full'"
	if !strings.Contains(stderr, want) {
		t.Errorf("stderr lacks %s:\n%s", want, stderr)
	}
	code, _, stderr2 := runEnv(t, environ, "restore", "--from", "/backup/sigap.dump")
	if code == 0 || !strings.Contains(stderr2, "pg_restore --no-owner --dbname='postgres://sigap@db.internal:5433/sigap?sslmode=verify-full'") {
		t.Errorf("restore: %s", stderr2)
	}
	for _, s := range []string{stdout, stderr, stderr2} {
		if strings.Contains(s, "s3cr3t") || strings.Contains(s, "other-pw") {
			t.Errorf("a password was printed: %s", s)
		}
	}
}

// TestBackupLeavesOutKeysAndLinks: a key file configured inside files/ is
// still left out, and so is anything that is not a regular file; both are
// reported.
func TestBackupLeavesOutKeysAndLinks(t *testing.T) {
	in := populate(t, false)
	keyFile := filepath.Join(in.dir, "files", "keys", "audit.key")
	b, err := os.ReadFile(filepath.Join(in.dir, signingKeyFile))
	must(t, err)
	writeFile(t, in.dir, "files/keys/audit.key", b)
	must(t, os.Symlink("/etc/passwd", filepath.Join(in.dir, "files", "link")))
	out := filepath.Join(t.TempDir(), "b.tar.gz")
	code, _, stderr := runEnv(t, []string{"SIGAP_DATA_DIR=" + in.dir, "SIGAP_AUDIT_KEY_FILE=" + keyFile}, "backup", "--out", out)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stderr, "left out of the backup: files/keys/audit.key (a key file") || !strings.Contains(stderr, "files/link (not a regular file)") {
		t.Errorf("stderr: %s", stderr)
	}
	members, _ := readArchive(t, out)
	for _, mem := range members {
		if strings.Contains(mem.hdr.Name, "key") || mem.hdr.Name == "files/link" || bytes.Contains(mem.body, bytes.TrimSpace(b)) {
			t.Errorf("archived %s", mem.hdr.Name)
		}
	}
}

// TestFilesOnAnotherDisk: files/ may be a link to another directory; its
// contents are backed up and come back as a plain directory.
func TestFilesOnAnotherDisk(t *testing.T) {
	in := populate(t, false)
	elsewhere := filepath.Join(t.TempDir(), "attachments")
	want := tree(t, in.dir)
	must(t, os.Rename(filepath.Join(in.dir, "files"), elsewhere))
	must(t, os.Symlink(elsewhere, filepath.Join(in.dir, "files")))
	out := filepath.Join(t.TempDir(), "b.tar.gz")
	res, err := backup.Create(ctx, backup.Options{DataDir: in.dir, Out: out})
	must(t, err)
	if res.Manifest.Files() != len(want) {
		t.Errorf("%d files backed up, want %d", res.Manifest.Files(), len(want))
	}
	restored := t.TempDir()
	_, err = backup.Restore(ctx, restored, out)
	must(t, err)
	equalTrees(t, want, tree(t, restored))
}
