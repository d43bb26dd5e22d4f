package server_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"sigap/internal/db"
	"sigap/internal/identity"
	"sigap/internal/testserver"
)

func TestSecondFactorAtSignIn(t *testing.T) {
	env := testserver.Start(t, db.SQLite)
	c := env.Client(t)
	res := c.Post("/login", url.Values{"username": {"examiner.kab"}, "password": {testserver.Password}, "next": {"/admin/units"}})
	if res.Status != http.StatusSeeOther || !strings.HasPrefix(res.Location, "/login/totp") {
		t.Fatalf("password step: %d %s", res.Status, res.Location)
	}
	// Half signed in: nothing but the code page answers.
	if res := c.Get("/admin/units"); res.Status != http.StatusSeeOther || res.Location != "/login/totp" {
		t.Errorf("half-signed-in session reached a page: %d %s", res.Status, res.Location)
	}
	c.Get("/login/totp")
	if res := c.Post("/login/totp", url.Values{"code": {"000000"}}); res.Status != http.StatusUnprocessableEntity {
		t.Errorf("wrong code: %d", res.Status)
	}
	code := env.TOTPCode("examiner.kab")
	res = c.Post("/login/totp", url.Values{"code": {code}, "next": {"/admin/units"}})
	if res.Status != http.StatusSeeOther || res.Location != "/admin/units" {
		t.Fatalf("code: %d %s", res.Status, res.Location)
	}
	if res := c.Get("/admin/units"); res.Status != http.StatusOK {
		t.Errorf("full session: %d", res.Status)
	}
	// The same code cannot be used for another sign-in.
	other := env.Client(t)
	other.Post("/login", url.Values{"username": {"examiner.kab"}, "password": {testserver.Password}})
	other.Get("/login/totp")
	if res := other.Post("/login/totp", url.Values{"code": {code}}); res.Status != http.StatusUnprocessableEntity {
		t.Errorf("replayed code accepted: %d", res.Status)
	}
}

// An account whose role needs a second factor sets one up before anything
// else, and gets recovery codes that work once each.
func TestSecondFactorEnrolment(t *testing.T) {
	env := testserver.Start(t, db.SQLite)
	admin := env.Client(t)
	admin.SignIn("admin.kab")
	admin.Get("/admin/users/new")
	res := admin.Post("/admin/users/new", url.Values{"username": {"pendamping.satu"}, "display_name": {"Pendamping Satu"}, "password": {"kuda-lumping-merah-99"}, "roles": {"protection"}})
	if res.Status != http.StatusSeeOther {
		t.Fatalf("create: %d", res.Status)
	}
	c := env.Client(t)
	res = c.Post("/login", url.Values{"username": {"pendamping.satu"}, "password": {"kuda-lumping-merah-99"}})
	if !strings.HasPrefix(res.Location, "/account/2fa") {
		t.Fatalf("enrolment not asked: %s", res.Location)
	}
	if res := c.Get("/"); res.Location != "/account/2fa" {
		t.Errorf("enrolling session reached home: %d %s", res.Status, res.Location)
	}
	page := c.Get("/account/2fa")
	secret := page.Text(".secret-text")
	if len(secret) < 32 || !strings.HasPrefix(page.Doc.Find("img.qr").AttrOr("src", ""), "data:image/png;base64,") {
		t.Fatalf("set-up page: secret %q", secret)
	}
	if again := c.Get("/account/2fa").Text(".secret-text"); again != secret {
		t.Error("reloading the page changed the secret")
	}
	res = c.Post("/account/2fa/confirm", url.Values{"code": {identity.TOTPCode(secret, time.Now())}})
	var codes []string
	res.Doc.Find("#recovery-codes code").Each(func(_ int, s *goquery.Selection) { codes = append(codes, s.Text()) })
	if res.Status != http.StatusOK || len(codes) != identity.RecoveryCodeCount {
		t.Fatalf("confirm: %d, %d codes", res.Status, len(codes))
	}
	if res := c.Get("/"); res.Status != http.StatusOK {
		t.Errorf("after set-up: %d", res.Status)
	}
	// A recovery code signs in once.
	for i, want := range []int{http.StatusSeeOther, http.StatusUnprocessableEntity} {
		r := env.Client(t)
		r.Post("/login", url.Values{"username": {"pendamping.satu"}, "password": {"kuda-lumping-merah-99"}})
		r.Get("/login/totp")
		if res := r.Post("/login/totp", url.Values{"code": {strings.ToUpper(codes[0])}}); res.Status != want {
			t.Errorf("recovery code use %d: %d", i+1, res.Status)
		}
	}
	// The admin can reset it for a lost phone; the account enrols again.
	id := strconv.FormatInt(mustUser(t, env, "pendamping.satu").ID, 10)
	admin.Get("/admin/users/" + id + "/reset-2fa")
	if res := admin.Post("/admin/users/"+id+"/reset-2fa", nil); res.Status != http.StatusSeeOther {
		t.Fatalf("reset: %d", res.Status)
	}
	if res := c.Get("/"); res.Status != http.StatusSeeOther {
		t.Error("session survived the reset")
	}
	r := env.Client(t)
	if res := r.Post("/login", url.Values{"username": {"pendamping.satu"}, "password": {"kuda-lumping-merah-99"}}); !strings.HasPrefix(res.Location, "/account/2fa") {
		t.Errorf("after reset: %s", res.Location)
	}
}

func mustUser(t *testing.T, env *testserver.Env, username string) identity.User {
	u, _, err := env.Store.UserForSignIn(t.Context(), username)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func TestLockout(t *testing.T) {
	env := testserver.Start(t, db.SQLite)
	try := func(username, password string) *testserver.Response {
		return env.Client(t).Post("/login", url.Values{"username": {username}, "password": {password}})
	}
	for range 4 {
		if res := try("admin.kab", "salah-salah-salah"); res.Status != http.StatusOK {
			t.Fatalf("failure before lockout: %d", res.Status)
		}
	}
	res := try("admin.kab", "salah-salah-salah")
	if res.Status != http.StatusTooManyRequests || !regexp.MustCompile(`dalam \d+ menit`).MatchString(res.Text(".alert")) {
		t.Fatalf("fifth failure: %d %q", res.Status, res.Text(".alert"))
	}
	// Even the right password waits, and an unknown username is treated alike.
	if res := try("admin.kab", testserver.Password); res.Status != http.StatusTooManyRequests {
		t.Errorf("locked account signed in: %d", res.Status)
	}
	for range 5 {
		try("tidak.ada", "salah-salah-salah")
	}
	if res := try("tidak.ada", "salah-salah-salah"); res.Status != http.StatusTooManyRequests {
		t.Errorf("unknown usernames are not locked alike: %d", res.Status)
	}
	env.Advance(2 * time.Minute)
	if res := try("admin.kab", testserver.Password); res.Status != http.StatusSeeOther {
		t.Errorf("after the lock: %d %s", res.Status, res.Text(".alert"))
	}
	// A success clears the count.
	if res := try("admin.kab", "salah-salah-salah"); res.Status != http.StatusOK {
		t.Errorf("count not cleared: %d", res.Status)
	}
}

func TestReadOnlyToken(t *testing.T) {
	env := testserver.Start(t, db.SQLite)
	read := apiClient{t: t, base: env.URL, token: scopedToken(t, env, "admin.kab", "read")}
	if st, _ := read.call("GET", "/api/v1/units", ""); st != http.StatusOK {
		t.Errorf("read: %d", st)
	}
	st, body := read.call("POST", "/api/v1/units", `{"name":"X","kind":"dinas"}`)
	if st != http.StatusForbidden || errCode(t, body) != "forbidden" {
		t.Errorf("read token wrote: %d %v", st, body)
	}
}

// Knowing the password does not reset the count of wrong codes, and a
// signed-in session cannot guess codes without limit either.
func TestCodeGuessingLocks(t *testing.T) {
	env := testserver.Start(t, db.SQLite)
	locked := false
	for round := 0; round < 3 && !locked; round++ {
		c := env.Client(t)
		if res := c.Post("/login", url.Values{"username": {"examiner.kab"}, "password": {testserver.Password}}); res.Status == http.StatusTooManyRequests {
			locked = true
			break
		}
		c.Get("/login/totp")
		for range 4 {
			if res := c.Post("/login/totp", url.Values{"code": {"000000"}}); res.Status == http.StatusTooManyRequests {
				locked = true
				break
			}
		}
	}
	if !locked {
		t.Error("12 wrong codes across three password sign-ins never locked the account")
	}
	env.Advance(2 * time.Hour)
	c := env.Client(t)
	c.SignIn("examiner.kab")
	c.Get("/account/2fa")
	var last int
	for range 6 {
		last = c.Post("/account/2fa/recovery-codes", url.Values{"code": {"000000"}}).Status
	}
	if last != http.StatusTooManyRequests {
		t.Errorf("wrong codes from a signed-in session: last answer %d, want 429", last)
	}
}

func TestPasswordResetRevokesTokens(t *testing.T) {
	env := testserver.Start(t, db.SQLite)
	tok := tokenFor(t, env, "examiner.kab")
	admin := env.Client(t)
	admin.SignIn("admin.kab")
	id := strconv.FormatInt(env.Users["examiner.kab"].ID, 10)
	admin.Get("/admin/users/" + id)
	if res := admin.Post("/admin/users/"+id+"/password", url.Values{"new_password": {"kata-sandi-baru-sekali"}}); res.Status != http.StatusSeeOther {
		t.Fatalf("reset: %d", res.Status)
	}
	if st, _ := (apiClient{t: t, base: env.URL, token: tok}).call("GET", "/api/v1/me", ""); st != http.StatusUnauthorized {
		t.Errorf("token survived the password reset: %d", st)
	}
}

func TestOperatorEditsInstallationAccount(t *testing.T) {
	env := testserver.Start(t, db.SQLite)
	u := env.AddUser(t, "pengawas.provinsi", 0, identity.Oversight)
	c := env.Client(t)
	c.SignIn("operator")
	id := strconv.FormatInt(u.ID, 10)
	c.Get("/admin/users/" + id)
	if res := c.Post("/admin/users/"+id, url.Values{"display_name": {"Pengawas Provinsi Banten"}, "roles": {"oversight"}}); res.Status != http.StatusSeeOther {
		t.Fatalf("operator edit: %d %s", res.Status, res.Text(".alert"))
	}
	got, _ := env.Store.User(t.Context(), u.ID)
	if got.DisplayName != "Pengawas Provinsi Banten" {
		t.Errorf("name %q", got.DisplayName)
	}
}
