package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestKeyCommands(t *testing.T) {
	for engine, environ := range engines(t) {
		t.Run(string(engine), func(t *testing.T) {
			dir := t.TempDir()
			environ := append(environ, "SIGAP_MASTER_KEY_FILE="+filepath.Join(dir, "master.key"), "SIGAP_AUDIT_KEY_FILE="+filepath.Join(dir, "audit.key"))
			csv := filepath.Join(dir, "banten.csv")
			os.WriteFile(csv, []byte("code,name,level,parent_code\n36,Banten,province,\n36.73,Kota Serang,regency,36\n"), 0o600)
			for _, args := range [][]string{{"import", "regions", "--file", csv}, {"tenant", "create", "--code", "36.73", "--slug", "kota-serang", "--name", "Pemerintah Kota Serang"}} {
				if code, _, stderr := run(t, environ, "", args...); code != 0 {
					t.Fatalf("%v: %s", args, stderr)
				}
			}
			// The first use of the vault creates the master key and the tenant's keys.
			code, out, stderr := run(t, environ, "", "key", "status")
			if code != 0 || !strings.Contains(out, "kota-serang  1") || !strings.Contains(stderr, "NEW MASTER KEY") {
				t.Fatalf("status: %d %q %q", code, out, stderr)
			}
			if code, out, stderr := run(t, environ, "", "key", "rotate-data", "--tenant", "36.73"); code != 0 || !strings.Contains(out, "version 2") {
				t.Fatalf("rotate-data: %s %s", out, stderr)
			}
			old, _ := os.ReadFile(filepath.Join(dir, "master.key"))
			if code, out, stderr := run(t, environ, "", "key", "rotate-master"); code != 0 || !strings.Contains(out, "Rewrapped 5 keys") {
				t.Fatalf("rotate-master: %s %s", out, stderr)
			}
			if code, out, _ := run(t, environ, "", "key", "status"); code != 0 || !strings.Contains(out, "kota-serang  2") {
				t.Errorf("status after rotation: %s", out)
			}
			// Putting the old key back is refused at once, with a message.
			os.WriteFile(filepath.Join(dir, "master.key"), old, 0o600)
			if code, _, stderr := run(t, environ, "", "key", "status"); code == 0 || !strings.Contains(stderr, "restore the right master key") {
				t.Errorf("old key accepted: %s", stderr)
			}
			// And a missing key file is never replaced by a fresh one.
			os.Remove(filepath.Join(dir, "master.key"))
			if code, _, stderr := run(t, environ, "", "key", "status"); code == 0 || !strings.Contains(stderr, "missing") {
				t.Errorf("missing key: %s", stderr)
			}
		})
	}
}
