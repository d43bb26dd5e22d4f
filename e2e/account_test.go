package e2e

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"sigap/internal/testserver"
)

// apiMe calls GET /api/v1/me with a bearer token, as another program would.
func apiMe(t *testing.T, env *testserver.Env, token string) (int, http.Header, map[string]any) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, env.URL+"/api/v1/me", nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	c := &http.Client{Timeout: 10 * time.Second}
	res, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	var v map[string]any
	if err := json.Unmarshal(body, &v); err != nil {
		t.Fatalf("GET /api/v1/me: HTTP %d, body is not a JSON object: %v: %q", res.StatusCode, err, body)
	}
	return res.StatusCode, res.Header, v
}

// TestAccountTokens checks the account page: this session marked, an API
// token shown once, usable from another program, and dead once revoked.
func TestAccountTokens(t *testing.T) {
	t.Parallel()
	env := start(t)
	b := newBrowser(t, env)

	b.signIn("admin.kab", testserver.Password)
	b.click(`header a.me`)
	b.wantPath("/account")
	b.wantText("h1", "Akun saya")
	if n := b.count(`.badge`); n != 1 {
		t.Fatalf("want one badge (this session), got %q", b.texts(".badge"))
	}
	if r := b.row("sesi ini"); !strings.Contains(r, "HeadlessChrome") && !strings.Contains(r, "Chrome") {
		t.Fatalf("this session's row does not show the browser: %q", r)
	}
	b.wantText(".empty", "Belum ada token API.")

	// Create a token: it is shown once.
	b.fill("#token-name", "laporan")
	b.wantStatus("create token", b.click(`form[action="/account/tokens"] button`), 200)
	token := b.text("#new-token")
	if !strings.HasPrefix(token, "sgp_") || len(token) < 20 {
		t.Fatalf("new token %q does not look like sgp_…", token)
	}
	b.wantText(".secret p", msg(t, "id", "account.tokens.created"))
	// With scripts on, app.js offers a copy button beside it.
	b.wantText(".secret button", "Salin")
	if r := b.row("laporan"); !strings.HasPrefix(r, "laporan ") || !strings.HasSuffix(r, " belum pernah Cabut") {
		t.Fatalf("new token row: %q", r)
	}
	b.shot("account")

	// Another program uses it.
	status, _, me := apiMe(t, env, token)
	if status != http.StatusOK || me["username"] != "admin.kab" {
		t.Fatalf("GET /api/v1/me with the new token: HTTP %d %v", status, me)
	}

	// Loaded again, the page no longer holds the secret anywhere.
	b.open("/account")
	if n := b.count("#new-token"); n != 0 {
		t.Fatal("the token is shown again")
	}
	if html := eval[string](b, `document.documentElement.outerHTML`); strings.Contains(html, token) {
		t.Fatal("the page still holds the token's secret")
	}
	if r := b.row("laporan"); strings.Contains(r, "belum pernah") {
		t.Errorf("the token was used, yet its row says never used: %q", r)
	}

	// Revoke it.
	b.click(b.inRow("laporan", "Cabut"))
	b.wantPath("/account")
	b.wantText(".flash", "Token dicabut.")
	if r := b.row("laporan"); !strings.HasSuffix(r, "dicabut") {
		t.Fatalf("revoked token row: %q", r)
	}
	if n := b.count(`form[action$="/revoke"]`); n != 0 {
		t.Fatal("a revoked token can still be revoked")
	}

	status, header, body := apiMe(t, env, token)
	if status != http.StatusUnauthorized {
		t.Fatalf("GET /api/v1/me with a revoked token: HTTP %d %v, want 401", status, body)
	}
	e, _ := body["error"].(map[string]any)
	if e == nil || e["code"] != "unauthorized" || e["message"] == "" {
		t.Fatalf("401 body: %v, want {\"error\":{\"code\":\"unauthorized\",…}}", body)
	}
	if h := header.Get("WWW-Authenticate"); !strings.HasPrefix(h, "Bearer") {
		t.Errorf("401 without a Bearer challenge: WWW-Authenticate %q", h)
	}
}
