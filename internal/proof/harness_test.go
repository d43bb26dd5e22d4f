package proof

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"sigap/internal/config"
	"sigap/internal/db"
	"sigap/internal/identity"
	"sigap/internal/server"
	"sigap/internal/store"
	"sigap/internal/testdb"
	"sigap/internal/vault"
)

var (
	buildOnce sync.Once
	binary    string
	buildErr  error
	buildDir  string
)

func TestMain(m *testing.M) {
	code := m.Run()
	if buildDir != "" {
		os.RemoveAll(buildDir)
	}
	os.Exit(code)
}

// sigapBinary builds cmd/sigap once per test run, so that every instance a
// test starts is a real process that SIGKILL ends without any cleanup.
func sigapBinary(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		buildDir, buildErr = os.MkdirTemp("", "sigap-proof-")
		if buildErr != nil {
			return
		}
		root, err := filepath.Abs("../..")
		if err != nil {
			buildErr = err
			return
		}
		binary = filepath.Join(buildDir, "sigap")
		cmd := exec.Command("go", "build", "-o", binary, "./cmd/sigap")
		cmd.Dir = root
		if out, err := cmd.CombinedOutput(); err != nil {
			buildErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return binary
}

// needPostgres skips a test without SIGAP_TEST_POSTGRES, except in CI,
// where the database is part of the run and its absence is a failure.
func needPostgres(t *testing.T) {
	t.Helper()
	if os.Getenv(testdb.EnvPostgres) == "" {
		if os.Getenv("CI") != "" {
			t.Fatal(testdb.EnvPostgres + " is not set in CI")
		}
		t.Skip(testdb.EnvPostgres + " is not set")
	}
}

// site is one installation under test: its environment, its database
// opened in the test process for the checks, and the accounts it holds.
type site struct {
	t       *testing.T
	environ []string
	dataDir string
	db      *db.DB
	store   *store.Store
	tenant  int64
	token   string // API token of the desk account (intake)
	mail    *mailSink
}

const (
	tenantSlug = "kab-serang"
	password   = "kuda-lumping-merah-99"
	signer     = "admin.kab" // an account without a second factor, for sign-ins
)

// newSite prepares a database of engine e with one government, a desk
// account that receives mail and holds an API token, and an admin; the key
// files are made here, before any instance starts, as an operator would.
func newSite(t *testing.T, e db.Engine) *site {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	s := &site{t: t, dataDir: dir, mail: newMailSink(t)}
	s.environ = []string{
		"SIGAP_DATA_DIR=" + dir,
		"SIGAP_MASTER_KEY_FILE=" + filepath.Join(dir, "master.key"),
		"SIGAP_AUDIT_KEY_FILE=" + filepath.Join(dir, "audit-signing.key"),
		// All traffic comes from 127.0.0.1; the limiter has tests of its own.
		"SIGAP_RATE_PUBLIC=1000000", "SIGAP_RATE_SIGNIN=1000000", "SIGAP_RATE_RECEIPT=1000000",
		"SIGAP_SMTP_ADDR=" + s.mail.addr, "SIGAP_SMTP_FROM=sigap@kab-serang.test", "SIGAP_MAIL_INTERVAL=1s",
		"SIGAP_BASE_URL=https://sigap.kab-serang.test",
		"SIGAP_LOG_LEVEL=warn",
	}
	opts := db.Options{DataDir: dir}
	if e == db.Postgres {
		u := testdb.PostgresURL(t)
		s.environ = append(s.environ, "SIGAP_DATABASE_URL="+u)
		opts = db.Options{URL: u}
	}
	d, err := db.Open(ctx, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	if _, err := d.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	cfg, err := config.Load("", s.environ)
	if err != nil {
		t.Fatal(err)
	}
	srv, err := server.New(cfg, d, slog.New(slog.NewTextHandler(io.Discard, nil)), "proof", nil)
	if err != nil {
		t.Fatal(err)
	}
	s.db, s.store = d, srv.App.Store
	st := s.store
	if _, err := st.ImportRegions(ctx, store.System, testdb.BantenRegions(t)); err != nil {
		t.Fatal(err)
	}
	tn, err := st.CreateTenant(ctx, store.System, "36.04", tenantSlug, "Pemerintah Kabupaten Serang")
	if err != nil {
		t.Fatal(err)
	}
	s.tenant = tn.ID
	hash, err := identity.HashPassword(password)
	if err != nil {
		t.Fatal(err)
	}
	desk, err := st.CreateUser(ctx, store.System, store.NewUser{TenantID: tn.ID, Username: "intake.kab", DisplayName: "Meja Pengaduan",
		Email: "intake@kab-serang.test", Roles: []identity.Role{identity.Intake}, PasswordHash: hash})
	if err != nil {
		t.Fatal(err)
	}
	secret, _, err := identity.NewTOTP(desk.Username)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.StartTOTP(ctx, desk, vault.NewSecret(secret)); err != nil {
		t.Fatal(err)
	}
	if err := st.EnableTOTP(ctx, desk, 0, nil); err != nil {
		t.Fatal(err)
	}
	if s.token, _, err = st.CreateToken(ctx, desk, "meja", identity.ScopeWrite); err != nil {
		t.Fatal(err)
	}
	if _, err := st.CreateUser(ctx, store.System, store.NewUser{TenantID: tn.ID, Username: signer, DisplayName: "Admin",
		Roles: []identity.Role{identity.Admin}, PasswordHash: hash}); err != nil {
		t.Fatal(err)
	}
	return s
}

// instance is one running `sigap serve` process.
type instance struct {
	name string
	cmd  *exec.Cmd
	url  string
	logs *bytes.Buffer
	mu   *sync.Mutex
	done chan struct{}
}

var readyURL = regexp.MustCompile(`msg="sigap is ready" url=\S+ addr=(\S+)`)

// start runs `sigap serve` on a free port and waits until it answers.
func (s *site) start(name string) *instance {
	s.t.Helper()
	cmd := exec.Command(sigapBinary(s.t), "serve", "--addr", "127.0.0.1:0")
	cmd.Env = append(os.Environ(), s.environ...)
	// The ready line is logged at info; everything else only from warn on.
	cmd.Env = append(cmd.Env, "SIGAP_LOG_LEVEL=info")
	stderr, err := cmd.StderrPipe()
	if err != nil {
		s.t.Fatal(err)
	}
	in := &instance{name: name, cmd: cmd, logs: &bytes.Buffer{}, mu: &sync.Mutex{}, done: make(chan struct{})}
	if err := cmd.Start(); err != nil {
		s.t.Fatal(err)
	}
	ready := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		sc.Buffer(make([]byte, 64<<10), 1<<20)
		for sc.Scan() {
			line := sc.Text()
			if m := readyURL.FindStringSubmatch(line); m != nil {
				ready <- m[1]
			}
			in.mu.Lock()
			if in.logs.Len() < 1<<20 {
				in.logs.WriteString(line + "\n")
			}
			in.mu.Unlock()
		}
		cmd.Wait()
		close(in.done)
	}()
	select {
	case addr := <-ready:
		in.url = "http://" + addr
	case <-in.done:
		s.t.Fatalf("%s stopped before it was ready:\n%s", name, in.log())
	case <-time.After(30 * time.Second):
		in.kill()
		s.t.Fatalf("%s not ready after 30 s:\n%s", name, in.log())
	}
	s.t.Cleanup(func() { in.kill() })
	return in
}

func (in *instance) log() string {
	in.mu.Lock()
	defer in.mu.Unlock()
	return in.logs.String()
}

// kill ends the process with SIGKILL: no deferred function, no shutdown,
// no flush runs.
func (in *instance) kill() {
	in.cmd.Process.Signal(syscall.SIGKILL)
	<-in.done
}

// stop asks the process to shut down (SIGTERM) and waits for it.
func (in *instance) stop(t *testing.T) {
	t.Helper()
	in.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-in.done:
	case <-time.After(40 * time.Second):
		in.kill()
		t.Errorf("%s did not stop on SIGTERM", in.name)
	}
	if c := in.cmd.ProcessState.ExitCode(); c != 0 {
		t.Errorf("%s exited %d after SIGTERM:\n%s", in.name, c, in.log())
	}
}

// auditVerify runs `sigap audit verify` on the site's database.
func (s *site) auditVerify() {
	s.t.Helper()
	cmd := exec.Command(sigapBinary(s.t), "audit", "verify")
	cmd.Env = append(os.Environ(), s.environ...)
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "CHAIN") {
		s.t.Errorf("sigap audit verify: %v\n%s", err, out)
	}
}

// client is an HTTP client that keeps no connection between requests, so
// that a killed instance's failures stay with the requests sent to it.
var client = &http.Client{Timeout: 20 * time.Second, Transport: &http.Transport{DisableKeepAlives: true},
	CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

// call sends a JSON request and decodes the JSON answer into out (when
// not nil); it returns the status, 0 when no answer came.
func call(method, url, token string, body any, out any) int {
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, url, rd)
	if err != nil {
		return 0
	}
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := client.Do(req)
	if err != nil {
		return 0
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		return 0 // an answer cut off is no answer
	}
	if out != nil {
		json.Unmarshal(b, out)
	}
	return res.StatusCode
}

// reportBody is a public report, made unique by n.
func reportBody(who string, n int) map[string]any {
	return map[string]any{"category": "abuse_of_authority", "mode": "anonymous", "reporter_is_victim": true, "accused_position": "Camat",
		"what": fmt.Sprintf("Camat meminta uang untuk surat keterangan usaha, laporan %s nomor %d.", who, n)}
}

// submit sends one public report and returns its receipt and the answer's
// status (0: no answer).
func submit(base, who string, n int) (string, int) {
	var out struct {
		Receipt string `json:"receipt"`
	}
	st := call("POST", base+"/api/v1/public/"+tenantSlug+"/reports", "", reportBody(who, n), &out)
	if st == http.StatusCreated && out.Receipt == "" {
		st = -1 // acknowledged without a receipt: counted as refused
	}
	return out.Receipt, st
}

// receiptStatus reads a report's state with its receipt, as its sender does.
func receiptStatus(base, receipt string) (string, int) {
	var out struct {
		Status string `json:"status"`
	}
	st := call("POST", base+"/api/v1/public/"+tenantSlug+"/status", "", map[string]string{"receipt": receipt}, &out)
	return out.Status, st
}

// mailSink is a minimal SMTP server on loopback that keeps every message.
type mailSink struct {
	addr string
	mu   sync.Mutex
	msgs []string // "to\ndata"
}

func newMailSink(t *testing.T) *mailSink {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	m := &mailSink{addr: l.Addr().String()}
	t.Cleanup(func() { l.Close() })
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			go m.serve(c)
		}
	}()
	return m
}

func (m *mailSink) serve(c net.Conn) {
	defer c.Close()
	c.SetDeadline(time.Now().Add(30 * time.Second))
	r := bufio.NewReader(c)
	say := func(s string) { io.WriteString(c, s+"\r\n") }
	say("220 sink ESMTP")
	var to, data strings.Builder
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return
		}
		cmd := strings.ToUpper(strings.TrimSpace(line))
		switch {
		case strings.HasPrefix(cmd, "EHLO"), strings.HasPrefix(cmd, "HELO"):
			say("250 sink")
		case strings.HasPrefix(cmd, "RCPT TO:"):
			to.WriteString(strings.TrimSpace(line[8:]))
			say("250 ok")
		case cmd == "DATA":
			say("354 go on")
			data.Reset()
			for {
				l, err := r.ReadString('\n')
				if err != nil {
					return
				}
				if strings.TrimRight(l, "\r\n") == "." {
					break
				}
				data.WriteString(l)
			}
			m.mu.Lock()
			m.msgs = append(m.msgs, to.String()+"\n"+data.String())
			m.mu.Unlock()
			to.Reset()
			say("250 queued")
		case cmd == "QUIT":
			say("221 bye")
			return
		default:
			say("250 ok")
		}
	}
}

var reportLink = regexp.MustCompile(`/reports/([A-Za-z0-9-]+)`)

// received counts the mails received per recipient and report.
func (m *mailSink) received() map[string]int {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := map[string]int{}
	for _, msg := range m.msgs {
		to, _, _ := strings.Cut(msg, "\n")
		link := reportLink.FindString(msg)
		out[to+" "+link]++
	}
	return out
}
