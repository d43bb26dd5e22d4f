package server_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"sigap/internal/testdb"
	"sigap/internal/testserver"
)

// Bytes no form sends (invalid UTF-8, NUL) in a path, a query, a form or a
// JSON body are the caller's mistake on both engines: PostgreSQL refused
// them inside the lookups, which answered with a system error. A path or
// query is refused whole; a form says which field, beside it.
func TestBadTextRefused(t *testing.T) {
	for _, e := range testdb.Engines() {
		t.Run(string(e), func(t *testing.T) {
			env := testserver.Start(t, e)
			anon := env.Client(t)
			for path, want := range map[string]int{"/lapor/%ff": 404, "/lapor/%00/status": 404, "/angka/%ff": 404, "/lapor/kab-serang?x=%ff": 422} {
				if res := anon.Get(path); res.Status != want {
					t.Errorf("GET %s: %d, want %d", path, res.Status, want)
				}
			}
			for _, name := range []string{"admin\x00", "admin\xff"} {
				if res := anon.Post("/login", url.Values{"username": {name}, "password": {"x"}}); res.Status != http.StatusOK || res.Text(".alert") == "" {
					t.Errorf("sign-in as %q: %d", name, res.Status)
				}
			}
			admin := env.Client(t)
			admin.SignIn("admin.kab")
			if res := admin.Get("/cases/%ff%fe"); res.Status != http.StatusNotFound {
				t.Errorf("case with a bad id: %d", res.Status)
			}
			for _, name := range []string{"Dinas\xff", "Dinas\x00"} {
				res := admin.Post("/admin/units/new", url.Values{"name": {name}, "abbreviation": {"D"}, "kind": {"dinas"}})
				if res.Status != http.StatusUnprocessableEntity || !strings.Contains(res.Text(".field-error"), "tidak dapat dicetak") {
					t.Errorf("unit named %q: %d %q", name, res.Status, res.Text(".field-error"))
				}
			}
			if units, _ := env.Store.Units(t.Context(), env.Kab.ID, true); len(units) != 2 {
				t.Errorf("%d units: a refused one was stored", len(units))
			}
			req, _ := http.NewRequest("POST", env.URL+"/api/v1/public/kab-serang/status", strings.NewReader(`{"receipt":"1234\u0000"}`))
			req.Header.Set("Content-Type", "application/json")
			r, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			r.Body.Close()
			if r.StatusCode != http.StatusUnprocessableEntity {
				t.Errorf("JSON with NUL: %d", r.StatusCode)
			}
		})
	}
}
