package server_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"sigap/internal/identity"
	"sigap/internal/store"
	"sigap/internal/testserver"
)

// Two workers edit one protection case's texts from pages opened at the
// same version: the first save stands, the second is refused (409) with
// a message saying why, and nothing of it is written; after a reload the
// second worker saves over the first knowingly.
func TestEditOverAnotherEditIsRefused(t *testing.T) {
	eachEngine(t, func(t *testing.T, env *testserver.Env) {
		env.AddUser(t, "pendamping.kab", env.Kab.ID, identity.Protection)
		second := env.AddUser(t, "pendamping2.kab", env.Kab.ID, identity.Protection)
		a, b := env.Client(t), env.Client(t)
		a.SignIn("pendamping.kab")
		b.SignIn("pendamping2.kab")
		res := a.Post("/protection/new", walkIn())
		if res.Status != http.StatusSeeOther {
			t.Fatalf("open: %d %s", res.Status, res.Text(".field-error"))
		}
		page := res.Location
		id := strings.TrimPrefix(page, "/protection/")
		if err := env.Store.AssignWorker(t.Context(), store.System, env.Kab.ID, id, second.ID); err != nil {
			t.Fatal(err)
		}
		version := func(res *testserver.Response) string {
			t.Helper()
			v := res.Doc.Find(`form[action$="/texts"] input[name="version"]`).AttrOr("value", "")
			if v == "" {
				t.Fatalf("the texts form carries no version")
			}
			return v
		}
		texts := func(chron, v string) url.Values {
			return url.Values{"chronology": {chron}, "summary": {"ZZRINGKASANZZ"}, "version": {v}}
		}
		va, vb := version(a.Get(page)), version(b.Get(page))
		if va != vb {
			t.Fatalf("one case, two versions: %s %s", va, vb)
		}
		if res := a.Post(page+"/texts", texts("ZZVERSIPERTAMAZZ", va)); res.Status != http.StatusSeeOther {
			t.Fatalf("first save: %d %s", res.Status, res.Text(".alert"))
		}
		res = b.Post(page+"/texts", texts("ZZVERSIKEDUAZZ", vb))
		if res.Status != http.StatusConflict || !strings.Contains(res.Body, "telah diubah oleh pengguna lain") {
			t.Fatalf("second save over the first: %d, no conflict message", res.Status)
		}
		if body := a.Get(page).Body; !strings.Contains(body, "ZZVERSIPERTAMAZZ") || strings.Contains(body, "ZZVERSIKEDUAZZ") {
			t.Error("the refused save changed the case")
		}
		fresh := version(b.Get(page))
		if fresh == vb {
			t.Fatal("the version did not move")
		}
		if res := b.Post(page+"/texts", texts("ZZVERSIKEDUAZZ", fresh)); res.Status != http.StatusSeeOther {
			t.Fatalf("save after reload: %d %s", res.Status, res.Text(".alert"))
		}
		// A form without a version (an older page) is not checked.
		if res := a.Post(page+"/texts", url.Values{"chronology": {"ZZKETIGAZZ"}, "summary": {"ZZRINGKASANZZ"}}); res.Status != http.StatusSeeOther {
			t.Fatalf("save without version: %d", res.Status)
		}
	})
}

// The API gives a report's version as its ETag; a change sent back with
// an If-Match of an older version is refused with 409 in the caller's
// language (the account's: Indonesian), and one with the current version goes through.
func TestAPIReportIfMatch(t *testing.T) {
	eachEngine(t, func(t *testing.T, env *testserver.Env) {
		anon := apiClient{t: t, base: env.URL}
		report := map[string]any{"category": "abuse_of_authority", "what": "Camat meminta uang untuk tanda tangan surat keterangan usaha.",
			"accused_position": "Camat", "reporter_is_victim": true, "mode": "anonymous"}
		if st, body := anon.call("POST", "/api/v1/public/kab-serang/reports", jsonBody(t, report)); st != http.StatusCreated {
			t.Fatalf("submit: %d %v", st, body)
		}
		env.AddUser(t, "meja.kab", env.Kab.ID, identity.Intake)
		token := tokenFor(t, env, "meja.kab")
		send := func(method, path, ifMatch string) (*http.Response, map[string]any) {
			t.Helper()
			req, _ := http.NewRequest(method, env.URL+path, strings.NewReader("{}"))
			req.Header.Set("Authorization", "Bearer "+token)
			req.Header.Set("Accept-Language", "en")
			if ifMatch != "" {
				req.Header.Set("If-Match", ifMatch)
			}
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			var body map[string]any
			json.NewDecoder(res.Body).Decode(&body)
			return res, body
		}
		_, queue := send("GET", "/api/v1/reports", "")
		id := queue["items"].([]any)[0].(map[string]any)["id"].(string)
		res, body := send("GET", "/api/v1/reports/"+id, "")
		etag := res.Header.Get("ETag")
		if etag == "" || body["version"] == nil {
			t.Fatalf("no version: %q %v", etag, body["version"])
		}
		// Someone else verifies the report meanwhile.
		if res, _ := send("POST", "/api/v1/reports/"+id+"/verify", ""); res.StatusCode != http.StatusOK {
			t.Fatalf("verify: %d", res.StatusCode)
		}
		res, body = send("POST", "/api/v1/reports/"+id+"/close", etag)
		msg, _ := body["error"].(map[string]any)["message"].(string)
		if res.StatusCode != http.StatusConflict || !strings.Contains(msg, "telah diubah oleh pengguna lain") {
			t.Fatalf("close at an old version: %d %v", res.StatusCode, body)
		}
		if res, _ := send("POST", "/api/v1/reports/"+id+"/close", `"x"`); res.StatusCode != http.StatusUnprocessableEntity && res.StatusCode != http.StatusBadRequest {
			t.Errorf("a malformed If-Match: %d", res.StatusCode)
		}
		res, _ = send("GET", "/api/v1/reports/"+id, "")
		if res, body := send("POST", "/api/v1/reports/"+id+"/close", res.Header.Get("ETag")); res.StatusCode != http.StatusOK {
			t.Fatalf("close at the current version: %d %v", res.StatusCode, body)
		}
	})
}
