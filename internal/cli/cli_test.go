package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"sigap/internal/db"
	"sigap/internal/store"
	"sigap/internal/testdb"
)

// run executes the command line with the given environment and standard
// input and returns the exit code and both outputs.
func run(t *testing.T, environ []string, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	e := &env{version: "test", stdin: strings.NewReader(stdin), stdout: &out, stderr: &errOut, environ: environ}
	code := e.run(args)
	return code, out.String(), errOut.String()
}

// engines gives the environment that points the command line at a fresh
// database of each engine under test.
func engines(t *testing.T) map[db.Engine][]string {
	out := map[db.Engine][]string{db.SQLite: {"SIGAP_DATA_DIR=" + t.TempDir()}}
	if os.Getenv(testdb.EnvPostgres) != "" {
		out[db.Postgres] = []string{"SIGAP_DATA_DIR=" + t.TempDir(), "SIGAP_DATABASE_URL=" + testdb.PostgresURL(t)}
	}
	return out
}

func TestSetUpFromNothing(t *testing.T) {
	for engine, environ := range engines(t) {
		t.Run(string(engine), func(t *testing.T) {
			steps := [][]string{
				{"migrate", "up"},
				{"import", "holidays"},
				{"tenant", "create", "--code", "36.73", "--slug", "kota-serang", "--name", "Pemerintah Kota Serang"},
			}
			// Tenants need their region: importing a small regions file first.
			csv := filepath.Join(t.TempDir(), "banten.csv")
			os.WriteFile(csv, []byte("code,name,level,parent_code\n36,Banten,province,\n36.73,Kota Serang,regency,36\n"), 0o600)
			steps = append([][]string{{"import", "regions", "--file", csv}}, steps...)
			for _, args := range steps {
				if code, _, stderr := run(t, environ, "", args...); code != 0 {
					t.Fatalf("%v: exit %d: %s", args, code, stderr)
				}
			}
			code, out, stderr := run(t, environ, "kuda-lumping-merah-99\n", "user", "create", "--tenant", "kota-serang", "--username", "admin.kota", "--name", "Admin Kota", "--role", "admin", "--password-stdin")
			if code != 0 || !strings.Contains(out, "admin.kota") {
				t.Fatalf("user create: %d %s %s", code, out, stderr)
			}
			_, out, _ = run(t, environ, "", "user", "list", "--tenant", "36.73")
			if !strings.Contains(out, "admin.kota") || !strings.Contains(out, "active") {
				t.Errorf("user list: %s", out)
			}
			if code, _, _ := run(t, environ, "", "user", "disable", "--username", "admin.kota"); code != 0 {
				t.Error("disable failed")
			}
			_, out, _ = run(t, environ, "", "user", "list", "--tenant", "kota-serang")
			if !strings.Contains(out, "disabled") {
				t.Errorf("not disabled: %s", out)
			}
			if code, _, stderr := run(t, environ, "another-long-password\n", "user", "set-password", "--username", "admin.kota", "--password-stdin"); code != 0 {
				t.Errorf("set-password: %s", stderr)
			}
			_, out, _ = run(t, environ, "", "tenant", "list")
			if !strings.Contains(out, "36.73") || !strings.Contains(out, "Pemerintah Kota Serang") {
				t.Errorf("tenant list: %s", out)
			}
			_, out, _ = run(t, environ, "", "migrate", "status")
			if !strings.Contains(out, "applied") || strings.Contains(out, "pending") {
				t.Errorf("migrate status: %s", out)
			}
		})
	}
}

func TestBadInputIsExplained(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "a-file")
	os.WriteFile(file, []byte("x"), 0o600)
	cases := []struct {
		name    string
		environ []string
		stdin   string
		args    []string
		want    string
	}{
		{"bad address", []string{"SIGAP_ADDR=nowhere"}, "", []string{"config"}, "SIGAP_ADDR"},
		{"bad duration", []string{"SIGAP_SESSION_TTL=forever"}, "", []string{"config"}, "SIGAP_SESSION_TTL"},
		{"missing config file", nil, "", []string{"--config", filepath.Join(dir, "none.env"), "config"}, "configuration file"},
		{"data dir is a file", []string{"SIGAP_DATA_DIR=" + filepath.Join(file, "sub")}, "", []string{"migrate", "up"}, "SIGAP_DATA_DIR"},
		{"unreachable postgres", []string{"SIGAP_DATABASE_URL=postgres://sigap@127.0.0.1:1/sigap?connect_timeout=2"}, "", []string{"migrate", "status"}, "cannot reach PostgreSQL at 127.0.0.1:1"},
		{"not postgres", []string{"SIGAP_DATABASE_URL=mysql://x"}, "", []string{"migrate", "up"}, "PostgreSQL URL"},
		{"schema behind", []string{"SIGAP_DATA_DIR=" + t.TempDir()}, "", []string{"tenant", "list"}, "sigap migrate up"},
		{"unknown command", nil, "", []string{"frobnicate"}, "unknown command"},
		{"missing flag", []string{"SIGAP_DATA_DIR=" + dir}, "", []string{"tenant", "create", "--code", "36.04"}, "required flag"},
		{"no password source", []string{"SIGAP_DATA_DIR=" + dir}, "", []string{"user", "create", "--username", "abc", "--name", "A", "--role", "operator"}, "--password-stdin"},
		{"missing regions file", []string{"SIGAP_DATA_DIR=" + dir}, "", []string{"import", "regions", "--file", filepath.Join(dir, "nope.csv")}, "cannot read"},
	}
	// The schema must exist for the password case to get as far as asking.
	run(t, []string{"SIGAP_DATA_DIR=" + dir}, "", "migrate", "up")
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, _, stderr := run(t, c.environ, c.stdin, c.args...)
			if code == 0 || !strings.Contains(stderr, c.want) {
				t.Errorf("exit %d, stderr %q, want it to mention %q", code, stderr, c.want)
			}
		})
	}
}

// A malformed file is refused whole, with its problems listed by line, and
// the database keeps what it had.
func TestMalformedCSVChangesNothing(t *testing.T) {
	for engine, environ := range engines(t) {
		t.Run(string(engine), func(t *testing.T) {
			good := filepath.Join(t.TempDir(), "good.csv")
			os.WriteFile(good, []byte("code,name,level,parent_code\n36,Banten,province,\n"), 0o600)
			if code, _, stderr := run(t, environ, "", "import", "regions", "--file", good); code != 0 {
				t.Fatal(stderr)
			}
			bad := filepath.Join(t.TempDir(), "bad.csv")
			os.WriteFile(bad, []byte("code,name,level,parent_code\n36,Banten Baru,province,\n36.4,Serang,regency,36\n36.73,,regency,36\n"), 0o600)
			code, _, stderr := run(t, environ, "", "import", "regions", "--file", bad)
			if code == 0 || !strings.Contains(stderr, "line 3") || !strings.Contains(stderr, "line 4") || !strings.Contains(stderr, "nothing was imported") {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			holidays := filepath.Join(t.TempDir(), "h.csv")
			os.WriteFile(holidays, []byte("date,name,kind\n2026-13-01,X,libur\n"), 0o600)
			if code, _, stderr := run(t, environ, "", "import", "holidays", "--file", holidays); code == 0 || !strings.Contains(stderr, "line 2") {
				t.Errorf("holidays: %d %s", code, stderr)
			}
			d := openFor(t, environ)
			r, err := store.New(d, nil).Region(context.Background(), "36")
			if err != nil || r.Name != "Banten" {
				t.Errorf("the database changed: %+v %v", r, err)
			}
		})
	}
}

func openFor(t *testing.T, environ []string) *db.DB {
	t.Helper()
	o := db.Options{}
	for _, kv := range environ {
		k, v, _ := strings.Cut(kv, "=")
		switch k {
		case "SIGAP_DATA_DIR":
			o.DataDir = v
		case "SIGAP_DATABASE_URL":
			o.URL = v
		}
	}
	d, err := db.Open(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	return d
}

func TestConfigAndVersion(t *testing.T) {
	code, out, _ := run(t, []string{"SIGAP_DATABASE_URL=postgres://sigap:hunter2hunter2@db:5432/sigap"}, "", "config")
	if code != 0 || strings.Contains(out, "hunter2") || !strings.Contains(out, "SIGAP_DATABASE_URL=postgres://sigap:xxxxx@db:5432/sigap") {
		t.Errorf("config: %d %s", code, out)
	}
	code, out, _ = run(t, []string{"SIGAP_ADDR=garbage"}, "", "version")
	if code != 0 || !strings.HasPrefix(out, "sigap test") {
		t.Errorf("version must work whatever the configuration: %d %q", code, out)
	}
	code, out, _ = run(t, nil, "", "--help")
	if code != 0 || !strings.Contains(out, "serve") || !strings.Contains(out, "demo") {
		t.Errorf("help: %s", out)
	}
	code, _, stderr := run(t, []string{"SIGAP_DATA_DIR=" + t.TempDir()}, "", "tenant", "create", "--code", "99", "--slug", "x-y", "--name", "X")
	if code == 0 || !strings.Contains(stderr, "code") {
		t.Errorf("tenant with unknown region: %s", stderr)
	}
}
