// Package testserver starts a real sigap in-process for tests: a fresh
// database on the requested engine, Banten's regions, the national
// calendar, the two Serang governments with their offices and a handful of
// accounts, served on a loopback port.
package testserver

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"mime/multipart"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"sigap/internal/config"
	"sigap/internal/db"
	"sigap/internal/identity"
	"sigap/internal/org"
	"sigap/internal/refdata"
	"sigap/internal/server"
	"sigap/internal/store"
	"sigap/internal/testdb"
	"sigap/internal/vault"
)

// Password is the password of every test account.
const Password = "kata-sandi-uji-coba"

// Env is a running test server and handles to its data.
type Env struct {
	URL    string
	Server *server.Server
	Store  *store.Store
	Kab    org.Tenant
	Kota   org.Tenant
	Users  map[string]identity.User // by username
	Units  map[string]org.Unit      // "kab/Inspektorat" → unit
	Logs   *SyncBuffer              // everything the server logged
	// DataDir is the server's data directory (the encrypted files).
	DataDir string

	offset atomic.Int64      // added to the wall clock; see Advance
	totp   map[string]string // username → TOTP secret
	mu     sync.Mutex        // guards totp
}

// TOTPCode returns a fresh second-factor code for a test account. It moves
// the clock on by one 30-second step first, because a code of a step
// already used is refused.
func (env *Env) TOTPCode(username string) string {
	env.Advance(30 * time.Second)
	env.mu.Lock()
	defer env.mu.Unlock()
	return identity.TOTPCode(env.totp[username], env.now())
}

// AddUser creates an account with the test password in a tenant (0: the
// installation), with a second factor already set up when its roles need
// one, and returns it.
func (env *Env) AddUser(t testing.TB, username string, tenantID int64, roles ...identity.Role) identity.User {
	t.Helper()
	ctx := context.Background()
	hashOnce.Do(func() { hash, _ = identity.HashPassword(Password) })
	u, err := env.Store.CreateUser(ctx, store.System, store.NewUser{TenantID: tenantID, Username: username, DisplayName: "Uji " + username, Roles: roles, PasswordHash: hash})
	if err != nil {
		t.Fatal(err)
	}
	if identity.NeedsTOTP(roles) {
		secret, _, err := identity.NewTOTP(username)
		if err == nil {
			err = env.Store.StartTOTP(ctx, u, vault.NewSecret(secret))
		}
		if err == nil {
			err = env.Store.EnableTOTP(ctx, u, 0, nil)
		}
		if err != nil {
			t.Fatal(err)
		}
		env.mu.Lock()
		env.totp[username] = secret
		env.mu.Unlock()
	}
	env.Users[username] = u
	return u
}

// NeedsCode reports whether a test account signs in with a second factor.
func (env *Env) NeedsCode(username string) bool {
	env.mu.Lock()
	defer env.mu.Unlock()
	return env.totp[username] != ""
}

// Advance moves the server's clock forward by d, for expiry tests.
func (env *Env) Advance(d time.Duration) { env.offset.Add(int64(d)) }

func (env *Env) now() time.Time { return time.Now().Add(time.Duration(env.offset.Load())) }

// Now is the server's clock.
func (env *Env) Now() time.Time { return env.now() }

// SyncBuffer is a goroutine-safe log sink, so that tests can search what
// was logged.
type SyncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *SyncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

// String returns everything written so far.
func (s *SyncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// accounts made in every test environment: username → tenant short, roles.
var accounts = []struct {
	username, tenant string
	roles            []identity.Role
}{
	{"admin.kab", "kab", []identity.Role{identity.Admin}},
	{"examiner.kab", "kab", []identity.Role{identity.Examiner}},
	{"employee.kab", "kab", []identity.Role{identity.Employee}},
	{"admin.kota", "kota", []identity.Role{identity.Admin}},
	{"custodian.kab", "kab", []identity.Role{identity.Custodian}},
	{"operator", "", []identity.Role{identity.Operator}},
}

var (
	hashOnce sync.Once
	hash     string
)

// Start runs a server on engine e until the test ends. environ may set
// SIGAP_* variables beyond the test defaults.
func Start(t testing.TB, e db.Engine, environ ...string) *Env {
	t.Helper()
	ctx := context.Background()
	d := testdb.Open(t, e)
	env := &Env{Users: map[string]identity.User{}, Units: map[string]org.Unit{}, Logs: &SyncBuffer{}}
	env.Store = store.New(d, env.now)
	s := env.Store
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	_, err := s.ImportRegions(ctx, store.System, testdb.BantenRegions(t))
	must(err)
	days, err := refdata.ParseHolidays(refdata.NationalHolidays())
	must(err)
	_, err = s.ImportHolidays(ctx, store.System, days)
	must(err)
	env.Kab, err = s.CreateTenant(ctx, store.System, "36.04", "kab-serang", "Pemerintah Kabupaten Serang")
	must(err)
	env.Kota, err = s.CreateTenant(ctx, store.System, "36.73", "kota-serang", "Pemerintah Kota Serang")
	must(err)
	tenants := map[string]org.Tenant{"kab": env.Kab, "kota": env.Kota}
	for _, u := range []struct{ short, name, abbr string }{{"kab", "Inspektorat", "Inspektorat"}, {"kab", "Dinas Kesehatan", "Dinkes"}, {"kota", "Inspektorat", "Inspektorat"}} {
		unit, err := s.CreateUnit(ctx, store.System, tenants[u.short].ID, org.UnitInput{Name: u.name, Abbreviation: u.abbr, Kind: org.KindDinas})
		must(err)
		env.Units[u.short+"/"+u.name] = unit
	}
	hashOnce.Do(func() { hash, _ = identity.HashPassword(Password) })
	for _, a := range accounts {
		u, err := s.CreateUser(ctx, store.System, store.NewUser{TenantID: tenants[a.tenant].ID, Username: a.username, DisplayName: "Uji " + a.username, Roles: a.roles, PasswordHash: hash})
		must(err)
		env.Users[a.username] = u
	}

	// Tests sign in far more often than people do; the limiter has tests
	// of its own.
	env.DataDir = t.TempDir()
	cfg, err := config.Load("", append([]string{"SIGAP_DATA_DIR=" + env.DataDir, "SIGAP_RATE_SIGNIN=10000", "SIGAP_RATE_PUBLIC=10000"}, environ...))
	must(err)
	must(cfg.Validate())
	log := slog.New(slog.NewTextHandler(io.MultiWriter(env.Logs), &slog.HandlerOptions{Level: slog.LevelDebug}))
	srv, err := server.New(cfg, d, log, "test", env.now)
	must(err)
	env.Server = srv
	env.Store = srv.App.Store
	// Accounts whose roles need a second factor have one already, with a
	// secret the tests know.
	env.totp = map[string]string{}
	for _, a := range accounts {
		if !identity.NeedsTOTP(a.roles) {
			continue
		}
		secret, _, err := identity.NewTOTP(a.username)
		must(err)
		u := env.Users[a.username]
		must(env.Store.StartTOTP(ctx, u, vault.NewSecret(secret)))
		must(env.Store.EnableTOTP(ctx, u, 0, nil))
		env.totp[a.username] = secret
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	must(err)
	sctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() { srv.Serve(sctx, l); close(done) }()
	t.Cleanup(func() { cancel(); <-done })
	env.URL = "http://" + l.Addr().String()
	if cfg.TLS() {
		env.URL = "https://" + l.Addr().String()
	}
	return env
}

// Client is a browser-like HTTP client: it keeps cookies, does not follow
// redirects on its own, and remembers the form token of the last page.
type Client struct {
	t    testing.TB
	env  *Env
	http *http.Client
	CSRF string
}

// Client returns a new client with an empty cookie jar.
func (env *Env) Client(t testing.TB) *Client {
	jar, _ := cookiejar.New(nil)
	return &Client{t: t, env: env, http: &http.Client{Jar: jar, Timeout: 10 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

// Response is an answer with its parsed HTML.
type Response struct {
	Status   int
	Location string
	Header   http.Header
	Body     string
	Doc      *goquery.Document
}

// Text returns the trimmed text of the first element matching sel.
func (r *Response) Text(sel string) string { return strings.TrimSpace(r.Doc.Find(sel).First().Text()) }

func (c *Client) do(req *http.Request) *Response {
	c.t.Helper()
	res, err := c.http.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	doc, _ := goquery.NewDocumentFromReader(strings.NewReader(string(b)))
	if v, ok := doc.Find(`input[name="csrf"]`).First().Attr("value"); ok {
		c.CSRF = v
	}
	return &Response{Status: res.StatusCode, Location: res.Header.Get("Location"), Header: res.Header, Body: string(b), Doc: doc}
}

// Get fetches a path.
func (c *Client) Get(path string) *Response {
	c.t.Helper()
	req, _ := http.NewRequest(http.MethodGet, c.env.URL+path, nil)
	return c.do(req)
}

// Post submits a form to path, adding the remembered form token unless
// the values carry their own.
func (c *Client) Post(path string, v url.Values) *Response {
	c.t.Helper()
	if v == nil {
		v = url.Values{}
	}
	if !v.Has("csrf") && c.CSRF != "" {
		v.Set("csrf", c.CSRF)
	}
	req, _ := http.NewRequest(http.MethodPost, c.env.URL+path, strings.NewReader(v.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return c.do(req)
}

// Upload submits a multipart form to path with one file, adding the
// remembered form token.
func (c *Client) Upload(path, field, filename string, data []byte, v url.Values) *Response {
	c.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	if v == nil {
		v = url.Values{}
	}
	if !v.Has("csrf") && c.CSRF != "" {
		v.Set("csrf", c.CSRF)
	}
	for k, vals := range v {
		for _, x := range vals {
			mw.WriteField(k, x)
		}
	}
	fw, _ := mw.CreateFormFile(field, filename)
	fw.Write(data)
	mw.Close()
	req, _ := http.NewRequest(http.MethodPost, c.env.URL+path, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return c.do(req)
}

// SignIn signs in as username and fetches the home page, so that the
// client holds a form token.
func (c *Client) SignIn(username string) *Response {
	c.t.Helper()
	res := c.Post("/login", url.Values{"username": {username}, "password": {Password}})
	if res.Status != http.StatusSeeOther {
		c.t.Fatalf("sign-in as %s: status %d: %s", username, res.Status, res.Text(".alert"))
	}
	if c.env.NeedsCode(username) {
		c.Get(res.Location)
		res = c.Post("/login/totp", url.Values{"code": {c.env.TOTPCode(username)}})
		if res.Status != http.StatusSeeOther {
			c.t.Fatalf("second factor of %s: status %d: %s", username, res.Status, res.Text(".field-error"))
		}
	}
	return c.Get("/")
}

// Cookies returns the client's cookies for the server.
func (c *Client) Cookies() []*http.Cookie {
	u, _ := url.Parse(c.env.URL)
	return c.http.Jar.Cookies(u)
}

// SetCookies puts cookies into the client's jar, to replay a session.
func (c *Client) SetCookies(u *url.URL, cookies []*http.Cookie) { c.http.Jar.SetCookies(u, cookies) }
