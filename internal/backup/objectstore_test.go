package backup_test

import (
	"path/filepath"
	"strings"
	"testing"
)

// With the files in an object store, the SQLite backup holds the database
// only, says plainly that the bucket is backed up by the store's own
// means, and records where the files are; restore repeats it. On
// PostgreSQL the advice names the bucket instead of a tar of files/.
func TestBackupWithObjectStore(t *testing.T) {
	in := populate(t, false)
	store := []string{"SIGAP_FILES_URL=s3://sigap-bukti/serang?region=ap-southeast-3", "SIGAP_S3_ACCESS_KEY=AKIATEST", "SIGAP_S3_SECRET_KEY=ZZSECRETZZ"}
	out := filepath.Join(t.TempDir(), "sigap.tar.gz")
	code, stdout, stderr := runEnv(t, append([]string{"SIGAP_DATA_DIR=" + in.dir}, store...), "backup", "--out", out)
	if code != 0 {
		t.Fatalf("backup: exit %d: %s", code, stderr)
	}
	if !strings.Contains(stderr, "left out of the backup: files/ (the files are kept in the object store") {
		t.Errorf("the files left on disk are not named:\n%s", stderr)
	}
	for _, want := range []string{"0 files.", "not in this backup: they are kept in the object store", "s3://sigap-bukti/serang (region ap-southeast-3)", "versioning on"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("backup output lacks %q:\n%s", want, stdout)
		}
	}
	members, m := readArchive(t, out)
	var names []string
	for _, mem := range members {
		names = append(names, mem.hdr.Name)
	}
	if strings.Join(names, " ") != "sigap.db MANIFEST.json" || m.FilesElsewhere != "s3://sigap-bukti/serang (region ap-southeast-3)" {
		t.Errorf("archive %v, files elsewhere %q", names, m.FilesElsewhere)
	}

	dest := t.TempDir()
	code, stdout, stderr = runEnv(t, []string{"SIGAP_DATA_DIR=" + dest}, "restore", "--from", out)
	if code != 0 || !strings.Contains(stdout, "kept in the object store s3://sigap-bukti/serang") {
		t.Errorf("restore: exit %d: %s %s", code, stdout, stderr)
	}

	code, _, stderr = runEnv(t, append([]string{"SIGAP_DATA_DIR=" + t.TempDir(), "SIGAP_DATABASE_URL=postgres://sigap@db/sigap"}, store...), "backup", "--out", "x.dump")
	if code == 0 || !strings.Contains(stderr, "pg_dump") || !strings.Contains(stderr, "s3://sigap-bukti/serang") || strings.Contains(stderr, "tar -czf") {
		t.Errorf("PostgreSQL advice:\n%s", stderr)
	}
	for _, s := range []string{stdout, stderr} {
		if strings.Contains(s, "ZZSECRETZZ") {
			t.Error("the secret key was printed")
		}
	}
}
