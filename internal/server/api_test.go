package server_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"sigap/internal/api"
	"sigap/internal/db"
	"sigap/internal/testserver"
)

// apiClient calls the JSON API with a token.
type apiClient struct {
	t     *testing.T
	base  string
	token string
	lang  string
}

func (c apiClient) call(method, path, body string) (int, map[string]any) {
	c.t.Helper()
	req, _ := http.NewRequest(method, c.base+path, strings.NewReader(body))
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	if c.lang != "" {
		req.Header.Set("Accept-Language", c.lang)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	var out map[string]any
	if len(b) == 0 && res.StatusCode == http.StatusNoContent {
		return res.StatusCode, nil
	}
	if err := json.Unmarshal(b, &out); err != nil {
		c.t.Fatalf("%s %s: not JSON (%d): %s", method, path, res.StatusCode, b)
	}
	return res.StatusCode, out
}

// errCode returns error.code of an error body, failing when the shape is wrong.
func errCode(t *testing.T, body map[string]any) string {
	t.Helper()
	e, ok := body["error"].(map[string]any)
	if !ok || e["message"] == "" || e["code"] == "" {
		t.Fatalf("not an error body: %v", body)
	}
	return e["code"].(string)
}

// tokenFor signs in through the web pages and creates an API token.
func tokenFor(t *testing.T, env *testserver.Env, username string) string {
	return scopedToken(t, env, username, "write")
}

func scopedToken(t *testing.T, env *testserver.Env, username, scope string) string {
	c := env.Client(t)
	c.SignIn(username)
	c.Get("/account")
	res := c.Post("/account/tokens", url.Values{"name": {"uji"}, "scope": {scope}})
	tok := res.Text("#new-token")
	if !strings.HasPrefix(tok, "sgp_") {
		t.Fatalf("no token shown: %d %s", res.Status, res.Text(".alert"))
	}
	if strings.Contains(c.Get("/account").Body, tok) {
		t.Fatal("the token is shown a second time")
	}
	return tok
}

func TestAPIAuthentication(t *testing.T) {
	env := testserver.Start(t, db.SQLite)
	anon := apiClient{t: t, base: env.URL}
	st, body := anon.call("GET", "/api/v1/me", "")
	if st != http.StatusUnauthorized || errCode(t, body) != "unauthorized" {
		t.Errorf("no token: %d %v", st, body)
	}
	for _, bad := range []string{"sgp_x", "sgp_" + strings.Repeat("A", 43), "Basic abc"} {
		st, _ := apiClient{t: t, base: env.URL, token: bad}.call("GET", "/api/v1/me", "")
		if st != http.StatusUnauthorized {
			t.Errorf("token %q: %d", bad, st)
		}
	}
	st, body = apiClient{t: t, base: env.URL, token: tokenFor(t, env, "admin.kab")}.call("GET", "/api/v1/me", "")
	if st != 200 || body["username"] != "admin.kab" {
		t.Errorf("me: %d %v", st, body)
	}
	// The error message follows Accept-Language.
	_, id := apiClient{t: t, base: env.URL, lang: "id-ID,id;q=0.9"}.call("GET", "/api/v1/me", "")
	_, en := apiClient{t: t, base: env.URL, lang: "en-US"}.call("GET", "/api/v1/me", "")
	if id["error"].(map[string]any)["message"] == en["error"].(map[string]any)["message"] {
		t.Error("error message not translated")
	}
	// The OpenAPI document is public.
	st, doc := anon.call("GET", "/api/v1/openapi.json", "")
	if st != 200 || doc["openapi"] == nil {
		t.Errorf("openapi: %d", st)
	}
}

func TestAPIUnits(t *testing.T) {
	eachEngine(t, func(t *testing.T, env *testserver.Env) {
		kab := apiClient{t: t, base: env.URL, token: tokenFor(t, env, "admin.kab")}
		kota := apiClient{t: t, base: env.URL, token: tokenFor(t, env, "admin.kota")}
		st, body := kab.call("POST", "/api/v1/units", `{"name":"Badan Kepegawaian","abbreviation":"BKPSDM","kind":"badan"}`)
		if st != http.StatusCreated {
			t.Fatalf("create: %d %v", st, body)
		}
		id := strconv.Itoa(int(body["id"].(float64)))
		st, body = kab.call("POST", "/api/v1/units", `{"name":"Bidang Disiplin","kind":"subunit","parent_id":`+id+`}`)
		if st != http.StatusCreated || body["parent_id"].(float64) == 0 {
			t.Fatalf("sub-unit: %d %v", st, body)
		}
		child := strconv.Itoa(int(body["id"].(float64)))
		for _, bad := range []string{`{"name":""}`, `{"name":"X","kind":"pasar"}`, `{"nama":"X"}`, `not json`, `{"name":"X","kind":"dinas"} {}`} {
			st, body := kab.call("POST", "/api/v1/units", bad)
			if st != http.StatusUnprocessableEntity || errCode(t, body) != "invalid" {
				t.Errorf("%s: %d %v", bad, st, body)
			}
		}
		st, body = kab.call("PATCH", "/api/v1/units/"+id, `{"parent_id":`+child+`}`)
		if st != http.StatusUnprocessableEntity || body["error"].(map[string]any)["field"] != "parent_id" {
			t.Errorf("cycle: %d %v", st, body)
		}
		st, body = kab.call("PATCH", "/api/v1/units/"+child, `{"name":"Bidang Disiplin Pegawai"}`)
		if st != 200 || body["name"] != "Bidang Disiplin Pegawai" || body["kind"] != "subunit" {
			t.Errorf("patch: %d %v", st, body)
		}
		st, body = kab.call("POST", "/api/v1/units/"+id+"/archive", "")
		if st != http.StatusConflict || errCode(t, body) != "conflict" {
			t.Errorf("archive with child: %d %v", st, body)
		}
		// Another government sees nothing of it and can change nothing.
		for _, c := range []struct{ method, path, body string }{
			{"GET", "/api/v1/units/" + id, ""},
			{"PATCH", "/api/v1/units/" + id, `{"name":"Diambil"}`},
			{"POST", "/api/v1/units/" + child + "/archive", ""},
			{"GET", "/api/v1/users/" + strconv.FormatInt(env.Users["admin.kab"].ID, 10), ""},
		} {
			st, body := kota.call(c.method, c.path, c.body)
			if st != http.StatusNotFound || errCode(t, body) != "not_found" {
				t.Errorf("kota %s %s: %d %v", c.method, c.path, st, body)
			}
		}
		_, list := kota.call("GET", "/api/v1/units", "")
		for _, it := range list["items"].([]any) {
			if it.(map[string]any)["name"] == "Badan Kepegawaian" {
				t.Error("another tenant's unit listed")
			}
		}
		_, list = kab.call("GET", "/api/v1/units", "")
		names := []string{}
		for _, it := range list["items"].([]any) {
			names = append(names, it.(map[string]any)["name"].(string))
		}
		if !slices.Contains(names, "Bidang Disiplin Pegawai") || list["total"].(float64) != float64(len(names)) {
			t.Errorf("list %v", names)
		}
	})
}

func TestAPIUsersAndCalendar(t *testing.T) {
	env := testserver.Start(t, db.SQLite)
	kab := apiClient{t: t, base: env.URL, token: tokenFor(t, env, "admin.kab")}
	st, body := kab.call("POST", "/api/v1/users", `{"username":"budi.santoso","display_name":"Budi Santoso","password":"kuda-lumping-merah-99","roles":["examiner"]}`)
	if st != http.StatusCreated || body["password"] != nil {
		t.Fatalf("create: %d %v", st, body)
	}
	st, body = kab.call("POST", "/api/v1/users", `{"username":"budi.santoso","display_name":"Budi","password":"kuda-lumping-merah-99","roles":["examiner"]}`)
	if st != http.StatusUnprocessableEntity || body["error"].(map[string]any)["field"] != "username" {
		t.Errorf("duplicate: %d %v", st, body)
	}
	st, body = kab.call("GET", "/api/v1/users?q=budi", "")
	if st != 200 || body["total"].(float64) != 1 {
		t.Errorf("search: %d %v", st, body)
	}
	if st, _ := kab.call("GET", "/api/v1/users?page=0", ""); st != http.StatusUnprocessableEntity {
		t.Errorf("page 0: %d", st)
	}
	st, body = kab.call("GET", "/api/v1/calendar/add-working-days?from=2026-03-17&days=3", "")
	if st != 200 || body["date"] != "2026-03-27" {
		t.Errorf("add: %d %v", st, body)
	}
	st, body = kab.call("GET", "/api/v1/calendar/working-days?from=2026-03-17&to=2026-03-27", "")
	if st != 200 || body["working_days"].(float64) != 3 {
		t.Errorf("between: %d %v", st, body)
	}
	st, body = kab.call("GET", "/api/v1/calendar/days-off?year=2026", "")
	if st != 200 || body["total"].(float64) != 25 || body["national_data"] != true {
		t.Errorf("days off 2026: %d total %v", st, body["total"])
	}
	if st, _ := kab.call("GET", "/api/v1/calendar/add-working-days?from=yesterday&days=3", ""); st != http.StatusUnprocessableEntity {
		t.Errorf("bad date: %d", st)
	}
	if st, _ := kab.call("GET", "/api/v1/tenants", ""); st != http.StatusForbidden {
		t.Errorf("tenant admin listed tenants: %d", st)
	}
	st, body = kab.call("GET", "/api/v1/regions?parent=36.04", "")
	if st != 200 || body["total"].(float64) != 29 {
		t.Errorf("kecamatan of 36.04: %d %v", st, body["total"])
	}
	if st, _ := kab.call("DELETE", "/api/v1/units/1", ""); st != http.StatusMethodNotAllowed && st != http.StatusNotFound {
		t.Errorf("DELETE: %d", st)
	}
}

// The OpenAPI document describes exactly the routes that exist.
func TestOpenAPIMatchesRoutes(t *testing.T) {
	var doc struct {
		Paths map[string]map[string]any `json:"paths"`
	}
	if err := json.Unmarshal(api.OpenAPI(), &doc); err != nil {
		t.Fatal(err)
	}
	var documented, served []string
	for p, ops := range doc.Paths {
		for m := range ops {
			documented = append(documented, strings.ToUpper(m)+" "+p)
		}
	}
	for _, r := range api.Routes() {
		served = append(served, r.Method+" "+r.Path)
	}
	sort.Strings(documented)
	sort.Strings(served)
	if !slices.Equal(documented, served) {
		t.Errorf("documented %v\nserved %v", documented, served)
	}
}
