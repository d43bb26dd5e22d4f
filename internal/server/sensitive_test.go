package server_test

import (
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"sigap/internal/db"
	"sigap/internal/store"
	"sigap/internal/testserver"
	"sigap/internal/vault"
)

// Sensitive values planted through every way in must never show up in the
// logs, the metrics, the database in clear, or an error answer.
func TestSensitiveValuesStayOut(t *testing.T) {
	env := testserver.Start(t, db.SQLite)
	const name, nik, reason = "ZZNAMAKORBANZZ", "3604019999990001", "ZZALASANRAHASIAZZ saksi kunci"
	id, err := env.Store.CreateSealedIdentity(t.Context(), store.Actor{TenantID: env.Kab.ID}, env.Kab.ID, store.Victim, "report", "r-9",
		store.IdentityFields{Name: vault.NewSecret(name), NIK: vault.NewSecret(nik)})
	if err != nil {
		t.Fatal(err)
	}
	examiner := env.Client(t)
	examiner.SignIn("examiner.kab")
	examiner.Get("/identities/" + id.PublicID)
	examiner.Post("/identities/"+id.PublicID+"/request", url.Values{"reason": {reason}})
	examiner.Post("/identities/"+id.PublicID+"/request", url.Values{"reason": {reason}}) // refused: already pending
	reqs, _ := env.Store.UnsealRequests(t.Context(), env.Kab.ID, 1)
	custodian := env.Client(t)
	custodian.SignIn("custodian.kab")
	custodian.Get("/custodian/requests/" + reqs[0].PublicID)
	custodian.Post("/custodian/requests/"+reqs[0].PublicID+"/decide", url.Values{"decision": {"approve"}, "ttl": {"1h0m0s"}})
	examiner.Get("/identities/" + id.PublicID) // opened: the page shows it to this user only

	// A secret typed into an API request that fails is not echoed back.
	tok := tokenFor(t, env, "admin.kab")
	req, _ := http.NewRequest("POST", env.URL+"/api/v1/units", strings.NewReader(`{"name":"`+name+`","kind":"`+nik+`"}`))
	req.Header.Set("Authorization", "Bearer "+tok)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusUnprocessableEntity || strings.Contains(string(body), name) || strings.Contains(string(body), nik) {
		t.Errorf("API error echoed the input: %d %s", res.StatusCode, body)
	}
	metrics := env.Client(t).Get("/metrics").Body

	for what, text := range map[string]string{"logs": env.Logs.String(), "metrics": metrics} {
		for _, secret := range []string{name, nik, "ZZALASANRAHASIAZZ"} {
			if strings.Contains(text, secret) {
				t.Errorf("%s contain %q", what, secret)
			}
		}
	}
	// Nothing of it in the database in clear, in any table.
	d := env.Store.DB()
	rows, err := d.R.Query(`SELECT name FROM sqlite_master WHERE type = 'table'`)
	if err != nil {
		t.Fatal(err)
	}
	var tables []string
	for rows.Next() {
		var n string
		rows.Scan(&n)
		tables = append(tables, n)
	}
	rows.Close()
	for _, table := range tables {
		r, err := d.R.Query(`SELECT * FROM "` + table + `"`)
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := r.Columns()
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		for r.Next() {
			r.Scan(ptrs...)
			for i, v := range vals {
				var s string
				switch x := v.(type) {
				case string:
					s = x
				case []byte:
					s = string(x)
				}
				for _, secret := range []string{name, nik, "ZZALASANRAHASIAZZ"} {
					if strings.Contains(s, secret) {
						t.Errorf("%s.%s holds %q in clear", table, cols[i], secret)
					}
				}
			}
		}
		r.Close()
	}
}
