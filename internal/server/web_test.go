package server_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"sigap/internal/db"
	"sigap/internal/testdb"
	"sigap/internal/testserver"
)

// eachEngine runs fn against a fresh server on every engine under test.
func eachEngine(t *testing.T, fn func(t *testing.T, env *testserver.Env)) {
	for _, e := range testdb.Engines() {
		t.Run(string(e), func(t *testing.T) { fn(t, testserver.Start(t, e)) })
	}
}

func TestSignIn(t *testing.T) {
	env := testserver.Start(t, db.SQLite)
	c := env.Client(t)
	if res := c.Get("/"); res.Status != http.StatusSeeOther || !strings.HasPrefix(res.Location, "/login") {
		t.Fatalf("anonymous home: %d %s", res.Status, res.Location)
	}
	wrongPassword := c.Post("/login", url.Values{"username": {"admin.kab"}, "password": {"salah-sekali-ini-ya"}})
	unknownUser := c.Post("/login", url.Values{"username": {"nobody.here"}, "password": {"salah-sekali-ini-ya"}})
	want := "Nama pengguna atau kata sandi salah, atau akun tidak aktif."
	if wrongPassword.Text(".alert") != want || unknownUser.Text(".alert") != want {
		t.Errorf("failed sign-ins must answer alike: %q / %q", wrongPassword.Text(".alert"), unknownUser.Text(".alert"))
	}
	if len(c.Cookies()) != 0 {
		t.Errorf("failed sign-in set cookies %v", c.Cookies())
	}
	home := c.SignIn("admin.kab")
	if got := home.Text("h1"); got != "Selamat datang, Uji admin.kab" {
		t.Errorf("home heading %q", got)
	}
	stats := home.Doc.Find(".stats").Text()
	if !strings.Contains(stats, "29 kecamatan di wilayah Anda") || !strings.Contains(stats, "326 desa/kelurahan") || !strings.Contains(stats, "2 unit kerja aktif") {
		t.Errorf("admin home figures: %q", stats)
	}
	if home.Text(".tenant") != "Pemerintah Kabupaten Serang" {
		t.Errorf("tenant name missing: %q", home.Text(".tenant"))
	}
	// Sign-out ends the session in the database, not only in the browser.
	old := c.Cookies()
	if res := c.Post("/logout", nil); res.Status != http.StatusSeeOther || res.Location != "/login" {
		t.Fatalf("sign-out: %d %s", res.Status, res.Location)
	}
	replay := env.Client(t)
	u, _ := url.Parse(env.URL)
	replay.SetCookies(u, old)
	if res := replay.Get("/"); res.Status != http.StatusSeeOther {
		t.Errorf("old session still works after sign-out: %d", res.Status)
	}
}

func TestOversizedFormIsRefused(t *testing.T) {
	env := testserver.Start(t, db.SQLite)
	c := env.Client(t)
	c.SignIn("admin.kab")
	res := c.Post("/admin/units/new", url.Values{"name": {strings.Repeat("x", 2<<20)}, "kind": {"dinas"}})
	if res.Status != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "terlalu besar") {
		t.Errorf("oversized form: %d", res.Status)
	}
}

func TestSignInNextStaysOnSite(t *testing.T) {
	env := testserver.Start(t, db.SQLite)
	c := env.Client(t)
	for next, want := range map[string]string{"/admin/units": "/admin/units", "https://evil.example/": "/", "//evil.example": "/", "/\\evil": "/"} {
		res := c.Post("/login", url.Values{"username": {"admin.kab"}, "password": {testserver.Password}, "next": {next}})
		if res.Location != want {
			t.Errorf("next %q: redirected to %q, want %q", next, res.Location, want)
		}
	}
}

func TestDisabledUserCannotSignIn(t *testing.T) {
	env := testserver.Start(t, db.SQLite)
	victim := env.Client(t)
	victim.SignIn("examiner.kab")
	admin := env.Client(t)
	admin.SignIn("admin.kab")
	id := strconv.FormatInt(env.Users["examiner.kab"].ID, 10)
	admin.Get("/admin/users/" + id + "/disable")
	if res := admin.Post("/admin/users/"+id+"/disable", nil); res.Status != http.StatusSeeOther {
		t.Fatalf("disable: %d %s", res.Status, res.Text(".card p"))
	}
	if res := victim.Get("/"); res.Status != http.StatusSeeOther {
		t.Errorf("a disabled user's open session still works: %d", res.Status)
	}
	res := env.Client(t).Post("/login", url.Values{"username": {"examiner.kab"}, "password": {testserver.Password}})
	if res.Status != http.StatusOK || res.Text(".alert") == "" {
		t.Errorf("disabled user signed in: %d", res.Status)
	}
	// An admin cannot disable their own account.
	self := strconv.FormatInt(env.Users["admin.kab"].ID, 10)
	if res := admin.Post("/admin/users/"+self+"/disable", nil); res.Status != http.StatusConflict {
		t.Errorf("self-disable: %d", res.Status)
	}
}

func TestFormsNeedToken(t *testing.T) {
	env := testserver.Start(t, db.SQLite)
	c := env.Client(t)
	c.SignIn("admin.kab")
	res := c.Post("/admin/units/new", url.Values{"csrf": {"forged"}, "name": {"Dinas Baru"}, "kind": {"dinas"}})
	if res.Status != http.StatusForbidden {
		t.Errorf("forged token: %d", res.Status)
	}
	units, _ := env.Store.Units(t.Context(), env.Kab.ID, true)
	for _, u := range units {
		if u.Name == "Dinas Baru" {
			t.Error("a forged form changed data")
		}
	}
	// A cross-site browser request is refused before it reaches a handler.
	req, _ := http.NewRequest(http.MethodPost, env.URL+"/login", strings.NewReader("username=admin.kab"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	r, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	r.Body.Close()
	if r.StatusCode != http.StatusForbidden {
		t.Errorf("cross-site POST: %d", r.StatusCode)
	}
}

// A user of one government can never reach another government's data,
// whatever ID they put in the address.
func TestTenantIsolationPages(t *testing.T) {
	eachEngine(t, func(t *testing.T, env *testserver.Env) {
		c := env.Client(t)
		c.SignIn("admin.kota")
		unit := strconv.FormatInt(env.Units["kab/Inspektorat"].ID, 10)
		user := strconv.FormatInt(env.Users["examiner.kab"].ID, 10)
		for _, p := range []string{"/admin/units/" + unit + "/edit", "/admin/units/" + unit + "/archive", "/admin/users/" + user, "/admin/users/" + user + "/disable"} {
			if res := c.Get(p); res.Status != http.StatusNotFound {
				t.Errorf("GET %s: %d", p, res.Status)
			}
		}
		posts := map[string]url.Values{
			"/admin/units/" + unit + "/edit":     {"name": {"Diambil alih"}, "kind": {"dinas"}},
			"/admin/units/" + unit + "/archive":  nil,
			"/admin/users/" + user:               {"display_name": {"x"}, "roles": {"admin"}},
			"/admin/users/" + user + "/password": {"new_password": {"kata-sandi-baru-123"}},
			"/admin/users/" + user + "/disable":  nil,
		}
		for p, v := range posts {
			if res := c.Post(p, v); res.Status != http.StatusNotFound {
				t.Errorf("POST %s: %d", p, res.Status)
			}
		}
		got, err := env.Store.Unit(t.Context(), env.Kab.ID, env.Units["kab/Inspektorat"].ID)
		if err != nil || got.Name != "Inspektorat" || got.Archived {
			t.Errorf("another tenant's unit changed: %+v %v", got, err)
		}
		list := c.Get("/admin/users")
		if strings.Contains(list.Body, "examiner.kab") {
			t.Error("another tenant's account listed")
		}
		units := c.Get("/admin/units")
		if strings.Contains(units.Body, "Dinas Kesehatan") {
			t.Error("another tenant's unit listed")
		}
	})
}

func TestRolesLimitPages(t *testing.T) {
	env := testserver.Start(t, db.SQLite)
	c := env.Client(t)
	c.SignIn("examiner.kab")
	for _, p := range []string{"/admin/users", "/admin/users/new", "/admin/units/new", "/operator/tenants"} {
		if res := c.Get(p); res.Status != http.StatusForbidden {
			t.Errorf("examiner GET %s: %d", p, res.Status)
		}
	}
	if res := c.Get("/admin/units"); res.Status != http.StatusOK || res.Doc.Find(`a[href="/admin/units/new"]`).Length() != 0 {
		t.Errorf("examiner sees the unit list read-only: %d", res.Status)
	}
	if res := c.Post("/admin/units/new", url.Values{"name": {"X"}, "kind": {"dinas"}}); res.Status != http.StatusForbidden {
		t.Errorf("examiner created a unit: %d", res.Status)
	}
	e := env.Client(t)
	e.SignIn("employee.kab")
	if res := e.Get("/admin/units"); res.Status != http.StatusForbidden {
		t.Errorf("employee sees units: %d", res.Status)
	}
	if res := e.Get("/admin/calendar"); res.Status != http.StatusOK || res.Doc.Find(`form[action="/admin/calendar"][method="post"]`).Length() != 0 {
		t.Errorf("employee calendar: %d", res.Status)
	}
}

func TestUnitPages(t *testing.T) {
	env := testserver.Start(t, db.SQLite)
	c := env.Client(t)
	c.SignIn("admin.kab")
	c.Get("/admin/units/new")
	res := c.Post("/admin/units/new", url.Values{"name": {"  "}, "kind": {"dinas"}})
	if res.Status != http.StatusUnprocessableEntity || res.Text(".field-error") != "Nama unit wajib diisi, maksimal 200 karakter." {
		t.Fatalf("blank name: %d %q", res.Status, res.Text(".field-error"))
	}
	res = c.Post("/admin/units/new", url.Values{"name": {"BKPSDM"}, "kind": {"badan"}, "parent_id": {"abc"}})
	if res.Status != http.StatusUnprocessableEntity {
		t.Errorf("garbage parent: %d", res.Status)
	}
	res = c.Post("/admin/units/new", url.Values{"name": {"Badan Kepegawaian"}, "abbreviation": {"BKPSDM"}, "kind": {"badan"}})
	if res.Status != http.StatusSeeOther {
		t.Fatalf("create: %d %s", res.Status, res.Text(".alert"))
	}
	list := c.Get("/admin/units")
	if list.Text(".flash") != "Unit ditambahkan." || !strings.Contains(list.Body, "Badan Kepegawaian") {
		t.Errorf("flash %q", list.Text(".flash"))
	}
	if again := c.Get("/admin/units"); again.Text(".flash") != "" {
		t.Error("flash shown twice")
	}
	if res := c.Get("/admin/units/999999/edit"); res.Status != http.StatusNotFound {
		t.Errorf("missing unit: %d", res.Status)
	}
	if res := c.Get("/admin/units/abc/edit"); res.Status != http.StatusNotFound {
		t.Errorf("non-numeric id: %d", res.Status)
	}
}

func TestLanguage(t *testing.T) {
	env := testserver.Start(t, db.SQLite)
	c := env.Client(t)
	if got := c.Get("/login").Text("h1"); got != "Masuk" {
		t.Fatalf("default language: %q", got)
	}
	c.Post("/lang", url.Values{"lang": {"en"}, "back": {"/login"}})
	if got := c.Get("/login").Text("h1"); got != "Sign in" {
		t.Fatalf("after switch: %q", got)
	}
	home := c.SignIn("admin.kab")
	if home.Text("h1") != "Welcome, Uji admin.kab" {
		t.Errorf("home in English: %q", home.Text("h1"))
	}
	// The account remembers: a fresh browser signs in to English.
	other := env.Client(t)
	if got := other.SignIn("admin.kab").Text("h1"); got != "Welcome, Uji admin.kab" {
		t.Errorf("language not remembered: %q", got)
	}
	other.Post("/lang", url.Values{"lang": {"id"}, "back": {"/"}})
	if got := other.Get("/").Text("h1"); got != "Selamat datang, Uji admin.kab" {
		t.Errorf("switch back: %q", got)
	}
	// Unknown languages and foreign return addresses are ignored.
	res := other.Post("/lang", url.Values{"lang": {"fr"}, "back": {"https://evil.example"}})
	if res.Location != "/" {
		t.Errorf("redirected to %q", res.Location)
	}
}

func TestNumbersAndDatesFollowLanguage(t *testing.T) {
	env := testserver.Start(t, db.SQLite)
	c := env.Client(t)
	c.SignIn("admin.kab")
	id := c.Get("/admin/calendar?year=2026&from=2026-03-17&days=3")
	if got := id.Text(".result strong"); got != "Jumat, 27 Maret 2026" {
		t.Errorf("Indonesian result %q", got)
	}
	c.Post("/lang", url.Values{"lang": {"en"}, "back": {"/"}})
	en := c.Get("/admin/calendar?year=2026&from=2026-03-17&days=3")
	if got := en.Text(".result strong"); got != "Friday, 27 March 2026" {
		t.Errorf("English result %q", got)
	}
	bad := c.Get("/admin/calendar?year=2026&from=17-03-2026&days=3")
	if bad.Text(".field-error") == "" {
		t.Error("a bad date gave no message")
	}
}

func TestCalendarDayOff(t *testing.T) {
	env := testserver.Start(t, db.SQLite)
	c := env.Client(t)
	c.SignIn("admin.kab")
	c.Get("/admin/calendar")
	res := c.Post("/admin/calendar", url.Values{"day": {"2026-02-30"}, "name": {"x"}})
	if res.Status != http.StatusUnprocessableEntity || res.Text(".field-error") != "Tanggal tidak valid." {
		t.Errorf("bad date: %d %q", res.Status, res.Text(".field-error"))
	}
	res = c.Post("/admin/calendar", url.Values{"day": {"2026-03-02"}, "name": {"HUT Kabupaten Serang"}})
	if res.Status != http.StatusSeeOther || res.Location != "/admin/calendar?year=2026" {
		t.Fatalf("add: %d %s", res.Status, res.Location)
	}
	page := c.Get("/admin/calendar?year=2026")
	if !strings.Contains(page.Body, "HUT Kabupaten Serang") {
		t.Error("local day off not listed")
	}
	// The other government's calendar does not have it.
	k := env.Client(t)
	k.SignIn("admin.kota")
	if strings.Contains(k.Get("/admin/calendar?year=2026").Body, "HUT Kabupaten Serang") {
		t.Error("local day off leaked")
	}
	if res := k.Post("/admin/calendar/2026-03-02/remove", nil); res.Status != http.StatusNotFound {
		t.Errorf("other tenant removed it: %d", res.Status)
	}
	c.Get("/admin/calendar/2026-03-02/remove")
	if res := c.Post("/admin/calendar/2026-03-02/remove", nil); res.Status != http.StatusSeeOther {
		t.Errorf("remove: %d", res.Status)
	}
	// National holidays cannot be removed through the tenant page.
	if res := c.Get("/admin/calendar/2026-03-19/remove"); res.Status != http.StatusNotFound {
		t.Errorf("national holiday removal page: %d", res.Status)
	}
}

func TestUserPages(t *testing.T) {
	env := testserver.Start(t, db.SQLite)
	c := env.Client(t)
	c.SignIn("admin.kab")
	c.Get("/admin/users/new")
	res := c.Post("/admin/users/new", url.Values{"username": {"Pemeriksa Satu"}, "display_name": {"Pemeriksa Satu"}, "password": {"kuda-lumping-merah-99"}, "roles": {"examiner"}})
	if res.Status != http.StatusUnprocessableEntity || res.Doc.Find("#password").AttrOr("value", "") != "" {
		t.Errorf("bad username: %d, password echoed: %q", res.Status, res.Doc.Find("#password").AttrOr("value", ""))
	}
	res = c.Post("/admin/users/new", url.Values{"username": {"pemeriksa.satu"}, "display_name": {"Pemeriksa Satu"}, "password": {"kuda-lumping-merah-99"}, "roles": {"operator"}})
	if res.Status != http.StatusUnprocessableEntity {
		t.Errorf("tenant admin granted operator: %d", res.Status)
	}
	res = c.Post("/admin/users/new", url.Values{"username": {"pemeriksa.satu"}, "display_name": {"Pemeriksa Satu"}, "password": {"kuda-lumping-merah-99"}, "roles": {"examiner"}})
	if res.Status != http.StatusSeeOther {
		t.Fatalf("create: %d %s", res.Status, res.Text(".alert"))
	}
	res = c.Post("/admin/users/new", url.Values{"username": {"pemeriksa.satu"}, "display_name": {"X"}, "password": {"kuda-lumping-merah-99"}, "roles": {"examiner"}})
	if res.Text(".field-error") != "Nama pengguna sudah dipakai." {
		t.Errorf("duplicate: %q", res.Text(".field-error"))
	}
	for i := range 30 {
		c.Post("/admin/users/new", url.Values{"username": {"pegawai." + strconv.Itoa(i)}, "display_name": {"Pegawai"}, "password": {"kuda-lumping-merah-99"}, "roles": {"employee"}})
	}
	first := c.Get("/admin/users")
	if n := first.Doc.Find("tbody tr").Length(); n != 25 {
		t.Errorf("first page has %d rows", n)
	}
	all, _ := env.Store.Users(t.Context(), env.Kab.ID, "", 1000, 0)
	second := c.Get("/admin/users?page=2")
	if n := second.Doc.Find("tbody tr").Length(); n != all.Total-25 || all.Total < 31 {
		t.Errorf("second page has %d rows of %d accounts", n, all.Total)
	}
	if found := c.Get("/admin/users?q=pemeriksa"); found.Doc.Find("tbody tr").Length() != 1 {
		t.Error("search")
	}
	// Taking away one's own admin role is refused.
	self := strconv.FormatInt(env.Users["admin.kab"].ID, 10)
	c.Get("/admin/users/" + self)
	if res := c.Post("/admin/users/"+self, url.Values{"display_name": {"Admin"}, "roles": {"examiner"}}); res.Status != http.StatusUnprocessableEntity {
		t.Errorf("own admin role removed: %d", res.Status)
	}
}

func TestAccountSessionsAndPassword(t *testing.T) {
	env := testserver.Start(t, db.SQLite)
	phone, desk := env.Client(t), env.Client(t)
	phone.SignIn("examiner.kab")
	desk.SignIn("examiner.kab")
	page := desk.Get("/account")
	if n := page.Doc.Find("tbody tr").Length(); n != 2 {
		t.Fatalf("%d sessions listed", n)
	}
	desk.Post("/account/sessions/end-others", nil)
	if res := phone.Get("/"); res.Status != http.StatusSeeOther {
		t.Error("other session survived")
	}
	if res := desk.Get("/"); res.Status != http.StatusOK {
		t.Error("this session ended too")
	}
	desk.Get("/account")
	res := desk.Post("/account/password", url.Values{"current": {"wrong-password-here"}, "new_password": {"kuda-lumping-merah-99"}})
	if res.Status != http.StatusUnprocessableEntity || res.Text(".field-error") != "Kata sandi saat ini salah." {
		t.Errorf("wrong current password: %d %q", res.Status, res.Text(".field-error"))
	}
	res = desk.Post("/account/password", url.Values{"current": {testserver.Password}, "new_password": {"kuda-lumping-merah-99"}})
	if res.Status != http.StatusSeeOther || res.Location != "/login" {
		t.Fatalf("change: %d", res.Status)
	}
	ok := env.Client(t).Post("/login", url.Values{"username": {"examiner.kab"}, "password": {"kuda-lumping-merah-99"}})
	if ok.Status != http.StatusSeeOther {
		t.Error("new password does not work")
	}
}

func TestErrorPagesAndHealth(t *testing.T) {
	env := testserver.Start(t, db.SQLite)
	c := env.Client(t)
	if res := c.Get("/no/such/page"); res.Status != http.StatusNotFound || res.Text("h1") != "Halaman tidak ditemukan" {
		t.Errorf("404 page: %d %q", res.Status, res.Text("h1"))
	}
	for path, want := range map[string]string{"/healthz": "ok", "/readyz": "ready"} {
		res := c.Get(path)
		if res.Status != http.StatusOK || strings.TrimSpace(res.Body) != want {
			t.Errorf("%s: %d %q", path, res.Status, res.Body)
		}
	}
	res := c.Get("/login")
	for _, h := range []string{"Content-Security-Policy", "X-Content-Type-Options", "X-Frame-Options", "Referrer-Policy"} {
		if res.Header.Get(h) == "" {
			t.Errorf("header %s missing", h)
		}
	}
	if strings.Contains(res.Header.Get("Content-Security-Policy"), "unsafe-inline") {
		t.Error("CSP allows inline code")
	}
	css := res.Doc.Find(`link[rel="stylesheet"]`).AttrOr("href", "")
	asset := c.Get(css)
	if asset.Status != http.StatusOK || !strings.Contains(asset.Header.Get("Cache-Control"), "immutable") || !strings.Contains(asset.Header.Get("Content-Type"), "text/css") {
		t.Errorf("asset %s: %d %v", css, asset.Status, asset.Header)
	}
	// Metrics count routes by pattern, never by what a user typed.
	c.Post("/login", url.Values{"username": {"rahasia.sekali"}, "password": {"x"}})
	c.Get("/admin/units/424242/edit")
	m := c.Get("/metrics")
	if !strings.Contains(m.Body, `sigap_http_requests_total{code="200",route="GET /login"}`) {
		t.Errorf("metrics lack the login route")
	}
	if strings.Contains(m.Body, "rahasia") || strings.Contains(m.Body, "424242") {
		t.Error("metrics hold user input")
	}
	if strings.Contains(env.Logs.String(), "rahasia") {
		t.Error("logs hold a typed username")
	}
}
