package backup_test

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"sigap/internal/audit"
	"sigap/internal/backup"
	"sigap/internal/calendar"
	"sigap/internal/cli"
	"sigap/internal/db"
	"sigap/internal/identity"
	"sigap/internal/org"
	"sigap/internal/refdata"
	"sigap/internal/store"
	"sigap/internal/testdb"
	"sigap/internal/vault"
)

var ctx = context.Background()

// childEnv, when set, makes the test binary run the sigap command line with
// the JSON-encoded arguments it holds instead of the tests: a second
// process, as 'sigap backup' is beside a running server.
const childEnv = "SIGAP_BACKUP_TEST_CHILD"

func TestMain(m *testing.M) {
	if args := os.Getenv(childEnv); args != "" {
		var a []string
		if err := json.Unmarshal([]byte(args), &a); err != nil {
			panic(err)
		}
		os.Exit(cli.ExecuteWith("test", a, os.Environ(), os.Stdin, os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

// runProcess runs the sigap command line in another process.
func runProcess(t *testing.T, dataDir string, args ...string) (int, string, string) {
	t.Helper()
	a, _ := json.Marshal(args)
	cmd := exec.Command(os.Args[0])
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + os.Getenv("HOME"), childEnv + "=" + string(a), "SIGAP_DATA_DIR=" + dataDir}
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		t.Fatal(err)
	}
	return cmd.ProcessState.ExitCode(), out.String(), errOut.String()
}

// installation is a populated SQLite data directory, open as a running
// sigap would hold it.
type installation struct {
	dir  string
	d    *db.DB
	s    *store.Store
	kab  org.Tenant
	kota org.Tenant
	key  ed25519.PrivateKey
	// identity is the public ID of a sealed identity in Kabupaten Serang.
	identity string
}

const (
	signingKeyFile = "audit-signing.key"
	masterKeyFile  = "master.key"
)

var (
	hashOnce sync.Once
	pwHash   string
)

// populate makes a data directory with what a real installation has: the
// regions (all of Indonesia when national, so that copying takes long
// enough for concurrent writes to land during it; else Banten), the
// national calendar, two
// governments with offices, accounts with roles, sessions and API tokens,
// a tenant day off, audit events on three chains with signed checkpoints,
// key files that must stay out of backups and attachments under files/.
func populate(t *testing.T, national bool) *installation {
	t.Helper()
	dir := t.TempDir()
	d, err := db.Open(ctx, db.Options{DataDir: dir})
	must(t, err)
	t.Cleanup(func() { d.Close() })
	_, err = d.Migrate(ctx)
	must(t, err)
	in := &installation{dir: dir, d: d, s: store.New(d, nil)}
	s := in.s
	master, err := vault.GenerateMasterKeyFile(filepath.Join(dir, masterKeyFile))
	must(t, err)
	s.UseVault(master)
	regions := testdb.BantenRegions(t)
	if national {
		regions = testdb.NationalRegions(t)
	}
	_, err = s.ImportRegions(ctx, store.System, regions)
	must(t, err)
	days, err := refdata.ParseHolidays(refdata.NationalHolidays())
	must(t, err)
	_, err = s.ImportHolidays(ctx, store.System, days)
	must(t, err)
	in.kab, err = s.CreateTenant(ctx, store.System, "36.04", "kab-serang", "Pemerintah Kabupaten Serang")
	must(t, err)
	in.kota, err = s.CreateTenant(ctx, store.System, "36.73", "kota-serang", "Pemerintah Kota Serang")
	must(t, err)
	hashOnce.Do(func() { pwHash, _ = identity.HashPassword("kata-sandi-uji-coba") })
	for i, tn := range []org.Tenant{in.kab, in.kota} {
		parent, err := s.CreateUnit(ctx, store.System, tn.ID, org.UnitInput{Name: "Inspektorat", Abbreviation: "Itda", Kind: org.KindInspektorat})
		must(t, err)
		_, err = s.CreateUnit(ctx, store.System, tn.ID, org.UnitInput{Name: "Inspektur Pembantu I", ParentID: parent.ID, Kind: org.KindInspektorat})
		must(t, err)
		for j, role := range []identity.Role{identity.Admin, identity.Examiner, identity.Employee} {
			u, err := s.CreateUser(ctx, store.System, store.NewUser{TenantID: tn.ID, Username: fmt.Sprintf("user%d.%d", i, j),
				DisplayName: "Pengguna Uji " + string(role), Email: "uji@example.go.id", Roles: []identity.Role{role}, PasswordHash: pwHash})
			must(t, err)
			_, _, err = s.CreateSession(ctx, u, 12*time.Hour, "Mozilla/5.0 (test)", identity.StageFull)
			must(t, err)
			_, _, err = s.CreateToken(ctx, u, "skrip laporan", identity.ScopeRead)
			must(t, err)
		}
		must(t, s.AddTenantDayOff(ctx, store.Actor{TenantID: tn.ID}, tn.ID, calendar.NewDate(2026, time.April, 8+i), "Hari jadi daerah"))
	}
	_, err = s.CreateUser(ctx, store.System, store.NewUser{Username: "operator", DisplayName: "Operator", Roles: []identity.Role{identity.Operator}, PasswordHash: pwHash})
	must(t, err)

	in.key, _, err = audit.LoadOrCreateSigningKey(filepath.Join(dir, signingKeyFile))
	must(t, err)
	in.checkpointAll(t)
	// One more event after the checkpoints, so that chains end past them.
	_, err = s.CreateUnit(ctx, store.System, in.kab.ID, org.UnitInput{Name: "Dinas Kesehatan", Abbreviation: "Dinkes", Kind: org.KindDinas})
	must(t, err)
	id, err := s.CreateSealedIdentity(ctx, store.System, in.kab.ID, store.Victim, "report", "1",
		store.IdentityFields{Name: vault.NewSecret("Siti Aminah"), Contact: vault.NewSecret("0812 3456 7890"), NIK: vault.NewSecret("3604015708900002")})
	must(t, err)
	in.identity = id.PublicID

	writeFile(t, dir, "files/1/7/3f9c0a.sealed", random(1<<20)) // not compressible, like ciphertext
	writeFile(t, dir, "files/1/8/empty.sealed", nil)
	writeFile(t, dir, "files/2/laporan saksi (1).sealed", random(1000))
	writeFile(t, dir, "files/2/deep/er/still/x.sealed", []byte("sealed bytes"))
	must(t, os.MkdirAll(filepath.Join(dir, "files/3/empty-dir"), 0o700))
	return in
}

func (in *installation) checkpointAll(t *testing.T) {
	t.Helper()
	chains, err := in.s.AuditChains(ctx)
	must(t, err)
	for _, c := range chains {
		_, err := in.s.Checkpoint(ctx, c, in.key)
		must(t, err)
	}
}

// writer creates units in Kabupaten Serang until stopped, signing a
// checkpoint every tenth, as a busy server would.
type writer struct {
	stop chan struct{}
	done chan error
	mu   sync.Mutex
	n    int
}

func (in *installation) startWriter(t *testing.T) *writer {
	w := &writer{stop: make(chan struct{}), done: make(chan error, 1)}
	go func() {
		for i := 0; ; i++ {
			select {
			case <-w.stop:
				w.done <- nil
				return
			default:
			}
			if _, err := in.s.CreateUnit(ctx, store.Actor{TenantID: in.kab.ID}, in.kab.ID, org.UnitInput{Name: fmt.Sprintf("Bidang %05d", i), Kind: org.KindBadan}); err != nil {
				w.done <- err
				return
			}
			if i%10 == 9 {
				if _, err := in.s.Checkpoint(ctx, in.kab.ID, in.key); err != nil {
					w.done <- err
					return
				}
			}
			w.mu.Lock()
			w.n++
			w.mu.Unlock()
		}
	}()
	t.Cleanup(func() { w.halt() })
	return w
}

func (w *writer) count() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.n
}

func (w *writer) waitFor(t *testing.T, n int) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for w.count() < n {
		if time.Now().After(deadline) {
			t.Fatalf("the writer made only %d units", w.count())
		}
		time.Sleep(time.Millisecond)
	}
}

func (w *writer) halt() error {
	select {
	case <-w.stop:
		return nil
	default:
		close(w.stop)
	}
	return <-w.done
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func random(n int) []byte {
	b := make([]byte, n)
	rand.Read(b)
	return b
}

func writeFile(t *testing.T, dir, name string, b []byte) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(name))
	must(t, os.MkdirAll(filepath.Dir(p), 0o700))
	must(t, os.WriteFile(p, b, 0o600))
}

// run executes the sigap command line on a data directory.
func run(t *testing.T, dataDir string, args ...string) (int, string, string) {
	t.Helper()
	return runEnv(t, []string{"SIGAP_DATA_DIR=" + dataDir}, args...)
}

func runEnv(t *testing.T, environ []string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := cli.ExecuteWith("test", args, environ, strings.NewReader(""), &out, &errOut)
	return code, out.String(), errOut.String()
}

// openFile opens a database file read-only for comparisons.
func openFile(t *testing.T, path string) *sql.DB {
	t.Helper()
	h, err := sql.Open("sqlite", "file:"+path+"?mode=ro&_pragma=busy_timeout(10000)")
	must(t, err)
	t.Cleanup(func() { h.Close() })
	return h
}

// dump returns every row of every table (SQLite's own included) as SQL
// literals, each table sorted by all its columns, and the schema. Sorting
// by content rather than rowid keeps it independent of rowids, which VACUUM
// may renumber in tables without an INTEGER PRIMARY KEY.
func dump(t *testing.T, h *sql.DB) map[string][]string {
	t.Helper()
	out := map[string][]string{"(schema)": queryStrings(t, h, `SELECT type || ' ' || name || ' ' || tbl_name || ' ' || COALESCE(sql, '') FROM sqlite_master ORDER BY 1`)}
	for _, tbl := range queryStrings(t, h, `SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`) {
		cols := queryStrings(t, h, `SELECT name FROM pragma_table_info(?) ORDER BY cid`, tbl)
		var exprs []string
		for _, c := range cols {
			exprs = append(exprs, `quote("`+c+`")`)
		}
		out[tbl] = queryStrings(t, h, `SELECT `+strings.Join(exprs, ` || ',' || `)+` FROM "`+tbl+`" ORDER BY 1`)
	}
	return out
}

func queryStrings(t *testing.T, h *sql.DB, q string, args ...any) []string {
	t.Helper()
	rows, err := h.QueryContext(ctx, q, args...)
	must(t, err)
	defer rows.Close()
	out := []string{}
	for rows.Next() {
		var s string
		must(t, rows.Scan(&s))
		out = append(out, s)
	}
	must(t, rows.Err())
	return out
}

// tree returns the regular files under dir/files by relative path.
func tree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	root := filepath.Join(dir, "files")
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(root, p)
		out[filepath.ToSlash(rel)] = b
		return err
	})
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		t.Fatal(err)
	}
	return out
}

// verifyRestored checks every chain of the database in dataDir against pub and
// returns how many events it verified. It also opens the sealed identity
// with the source's master key, which is not in the backup.
func (in *installation) verifyRestored(t *testing.T, dataDir string) int64 {
	pub := in.key.Public().(ed25519.PublicKey)
	t.Helper()
	d, err := db.Open(ctx, db.Options{DataDir: dataDir})
	must(t, err)
	defer d.Close()
	if pending, err := d.Pending(ctx); err != nil || pending {
		t.Fatalf("restored schema pending=%v err=%v", pending, err)
	}
	s := store.New(d, nil)
	orig, err := os.ReadFile(filepath.Join(in.dir, masterKeyFile))
	must(t, err)
	if b, err := os.ReadFile(filepath.Join(dataDir, masterKeyFile)); err == nil && bytes.Equal(b, orig) {
		t.Error("the master key came back with the restore")
	}
	master, err := vault.LoadMasterKey(filepath.Join(in.dir, masterKeyFile))
	must(t, err)
	s.UseVault(master)
	must(t, s.CheckMasterKey(ctx))
	f, err := s.OpenIdentity(ctx, store.System, in.kab.ID, in.identity)
	if err != nil || f.Name.Reveal() != "Siti Aminah" || f.NIK.Reveal() != "3604015708900002" {
		t.Errorf("sealed identity after restore: %v", err)
	}
	// Opening it was audited; checkpoint that event too, then verify.
	if _, err := s.Checkpoint(ctx, in.kab.ID, in.key); err != nil {
		t.Fatal(err)
	}
	chains, err := s.AuditChains(ctx)
	must(t, err)
	if len(chains) != 3 {
		t.Errorf("chains %v, want the installation's and two tenants'", chains)
	}
	var total int64
	for _, c := range chains {
		n, p, err := s.VerifyChain(ctx, c, pub)
		must(t, err)
		if p != nil {
			t.Errorf("chain %d after restore: %v", c, p)
		}
		cps, err := s.Checkpoints(ctx, c)
		must(t, err)
		if len(cps) == 0 {
			t.Errorf("chain %d has no checkpoint after restore", c)
		}
		total += n
	}
	return total
}

// member is one entry of an archive, for tests that take archives apart.
type member struct {
	hdr  tar.Header
	body []byte
}

// readArchive returns the members of a backup and its manifest.
func readArchive(t *testing.T, path string) ([]member, backup.Manifest) {
	t.Helper()
	f, err := os.Open(path)
	must(t, err)
	defer f.Close()
	gz, err := gzip.NewReader(f)
	must(t, err)
	tr := tar.NewReader(gz)
	var out []member
	var m backup.Manifest
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		must(t, err)
		b, err := io.ReadAll(tr)
		must(t, err)
		if h.Name == backup.ManifestName {
			must(t, json.Unmarshal(b, &m))
		}
		out = append(out, member{hdr: *h, body: b})
	}
	return out, m
}

// writeArchive writes members to path; with a manifest, it replaces the
// members' manifest by one listing them with their true hashes, so that
// only what a test changed on purpose is wrong.
func writeArchive(t *testing.T, path string, members []member, m *backup.Manifest) {
	t.Helper()
	var buf bytes.Buffer
	gz := gzip.NewWriter(&buf)
	tw := tar.NewWriter(gz)
	var listed []backup.Member
	for _, mem := range members {
		if mem.hdr.Name == backup.ManifestName {
			if m != nil {
				continue
			}
		} else if mem.hdr.Typeflag == tar.TypeReg {
			s := sha256.Sum256(mem.body)
			listed = append(listed, backup.Member{Path: mem.hdr.Name, Size: int64(len(mem.body)), SHA256: hex.EncodeToString(s[:])})
		}
		h := mem.hdr
		h.Size = int64(len(mem.body))
		must(t, tw.WriteHeader(&h))
		_, err := tw.Write(mem.body)
		must(t, err)
	}
	if m != nil {
		m.Members = listed
		b, err := json.Marshal(m)
		must(t, err)
		must(t, tw.WriteHeader(&tar.Header{Typeflag: tar.TypeReg, Name: backup.ManifestName, Mode: 0o600, Size: int64(len(b))}))
		_, err = tw.Write(b)
		must(t, err)
	}
	must(t, tw.Close())
	must(t, gz.Close())
	must(t, os.WriteFile(path, buf.Bytes(), 0o600))
}

// assertEmpty fails if dir holds anything.
func assertEmpty(t *testing.T, dir string) {
	t.Helper()
	ents, err := os.ReadDir(dir)
	must(t, err)
	for _, e := range ents {
		t.Errorf("%s holds %s after a refused restore", dir, e.Name())
	}
}
