package server_test

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"sigap/internal/evidence/testphoto"
	"sigap/internal/identity"
	"sigap/internal/testserver"
)

func jsonBody(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// The report channel and the desk through the API: a report with a photo
// sent without a token, read back with the receipt, handled by the desk
// with a token, answered, and seen by the reporter.
func TestAPIReports(t *testing.T) {
	eachEngine(t, func(t *testing.T, env *testserver.Env) {
		anon := apiClient{t: t, base: env.URL}
		report := map[string]any{"category": "abuse_of_authority", "what": "Camat meminta uang untuk tanda tangan surat keterangan usaha.",
			"accused_position": "Camat", "reporter_is_victim": true, "mode": "anonymous",
			"files": []map[string]string{{"name": "bukti.jpg", "data": base64.StdEncoding.EncodeToString(testphoto.JPEG(32, 32, 1))}}}
		st, body := anon.call("POST", "/api/v1/public/kab-serang/reports", jsonBody(t, report))
		receipt, _ := body["receipt"].(string)
		if st != http.StatusCreated || len(strings.ReplaceAll(receipt, " ", "")) != 16 {
			t.Fatalf("submit: %d %v", st, body)
		}
		// Every problem at once, in the caller's language.
		st, body = apiClient{t: t, base: env.URL, lang: "en"}.call("POST", "/api/v1/public/kab-serang/reports", `{"category":"x","what":"short","mode":"named"}`)
		fields, _ := body["error"].(map[string]any)["fields"].([]any)
		if st != http.StatusUnprocessableEntity || len(fields) < 4 {
			t.Fatalf("bad report: %d %v", st, body)
		}
		for _, bad := range []string{`{"what":1}`, `{"unknown":"x"}`, `{"category":"other","what":"` + strings.Repeat("a", 30) + `","accused_name":"x","reporter_is_victim":false,"mode":"anonymous","files":[{"name":"a","data":"%%%"}]}`} {
			if st, body := anon.call("POST", "/api/v1/public/kab-serang/reports", bad); st != http.StatusUnprocessableEntity {
				t.Errorf("%s: %d %v", bad, st, body)
			}
		}
		if st, _ := anon.call("POST", "/api/v1/public/nowhere/reports", jsonBody(t, report)); st != http.StatusNotFound {
			t.Errorf("unknown government: %d", st)
		}

		st, body = anon.call("POST", "/api/v1/public/kab-serang/status", jsonBody(t, map[string]string{"receipt": strings.ReplaceAll(receipt, " ", "-")}))
		if st != http.StatusOK || body["status"] != "new" || body["what"] == "" {
			t.Fatalf("status: %d %v", st, body)
		}
		if st, body := anon.call("POST", "/api/v1/public/kota-serang/status", jsonBody(t, map[string]string{"receipt": receipt})); st != http.StatusUnprocessableEntity {
			t.Errorf("receipt at another government: %d %v", st, body)
		}

		env.AddUser(t, "meja.kab", env.Kab.ID, identity.Intake)
		desk := apiClient{t: t, base: env.URL, token: tokenFor(t, env, "meja.kab")}
		st, body = desk.call("GET", "/api/v1/reports", "")
		items, _ := body["items"].([]any)
		if st != http.StatusOK || len(items) != 1 {
			t.Fatalf("queue: %d %v", st, body)
		}
		id := items[0].(map[string]any)["id"].(string)
		st, body = desk.call("GET", "/api/v1/reports/"+id, "")
		if st != http.StatusOK || !strings.Contains(body["what"].(string), "Camat") || len(body["files"].([]any)) != 1 {
			t.Fatalf("detail: %d %v", st, body)
		}
		if st, body = desk.call("POST", "/api/v1/reports/"+id+"/verify", ""); st != http.StatusOK || body["status"] != "in_review" {
			t.Fatalf("verify: %d %v", st, body)
		}
		if st, _ = desk.call("POST", "/api/v1/reports/"+id+"/messages", `{"body":"Kapan kejadiannya?"}`); st != http.StatusNoContent {
			t.Fatalf("message: %d", st)
		}
		if st, _ = desk.call("POST", "/api/v1/reports/"+id+"/messages", `{"body":"catatan meja","internal":true}`); st != http.StatusNoContent {
			t.Fatalf("note: %d", st)
		}
		if st, _ = anon.call("POST", "/api/v1/public/kab-serang/messages", jsonBody(t, map[string]string{"receipt": receipt, "body": "Senin pagi."})); st != http.StatusNoContent {
			t.Fatalf("answer: %d", st)
		}
		st, body = desk.call("POST", "/api/v1/reports/"+id+"/outcomes", `{"kind":"referral","referral_to":"ombudsman","note":"pungli layanan publik"}`)
		if st != http.StatusOK || len(body["outcomes"].([]any)) != 1 || len(body["messages"].([]any)) != 3 {
			t.Fatalf("outcome: %d %v", st, body)
		}
		st, body = anon.call("POST", "/api/v1/public/kab-serang/status", jsonBody(t, map[string]string{"receipt": receipt}))
		msgs, outs := body["messages"].([]any), body["outcomes"].([]any)
		if st != http.StatusOK || len(msgs) != 2 || len(outs) != 1 || !strings.Contains(outs[0].(map[string]any)["text"].(string), "Ombudsman") {
			t.Fatalf("reporter's view: %d %v", st, body)
		}
		if raw := jsonBody(t, body); strings.Contains(raw, "catatan meja") || strings.Contains(raw, "pungli layanan") || strings.Contains(raw, "meja.kab") {
			t.Errorf("the reporter sees the desk's insides: %s", raw)
		}
		// The desk records a report that came by phone; the receipt is for the caller.
		phone := map[string]any{"category": "absence", "what": "Pegawai kelurahan tidak pernah masuk kerja sejak bulan lalu.", "accused_office": "Kelurahan",
			"reporter_is_victim": false, "mode": "named", "reporter_name": "Ahmad", "contact_victim": false, "share_identity": true, "channel": "phone"}
		if st, body = desk.call("POST", "/api/v1/reports", jsonBody(t, phone)); st != http.StatusCreated || body["receipt"] == nil || body["id"] == nil {
			t.Fatalf("record: %d %v", st, body)
		}
	})
}
