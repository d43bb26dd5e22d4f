package server_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"sigap/internal/identity"
	"sigap/internal/roster"
	"sigap/internal/testserver"
)

// stakeCase imports the Inspektorat's head, a clerk below him (the
// accused), a colleague and the team's people, opens a case on the clerk,
// and signs in the examiner and a decider. ids names the roster
// employees: boss, staf, rekan, and the seats.
func stakeCase(t *testing.T, env *testserver.Env) (page string, ex, dec *testserver.Client, ids map[string]int64) {
	t.Helper()
	importRoster(t, env, withTeam(t, []roster.Row{
		{Line: 2, NIP: mustNIP(t, "197001011995031001"), Name: "Inspektur Uji", Status: roster.PNS, Position: "Inspektur", Kind: roster.JPTPratama, Unit: "Inspektorat", State: roster.Active},
		{Line: 3, NIP: mustNIP(t, "198504042010031004"), Name: "Staf Uji", Status: roster.PNS, Position: "Pengadministrasi Umum", Kind: roster.Pelaksana, Unit: "Inspektorat", SuperiorNIP: "197001011995031001", State: roster.Active},
		{Line: 4, NIP: mustNIP(t, "199001012015031006"), Name: "Rekan Uji", Status: roster.PNS, Position: "Pengadministrasi Umum", Kind: roster.Pelaksana, Unit: "Inspektorat", SuperiorNIP: "197001011995031001", State: roster.Active},
	}))
	ids = map[string]int64{}
	nips := map[string]string{"boss": "197001011995031001", "staf": "198504042010031004", "rekan": "199001012015031006"}
	for seat, n := range teamNIPs {
		nips[string(seat)] = n
	}
	for name, n := range nips {
		e, err := env.Store.EmployeeByNIP(t.Context(), env.Kab.ID, n)
		if err != nil {
			t.Fatal(err)
		}
		ids[name] = e.ID
	}
	env.AddUser(t, "pemutus.kab", env.Kab.ID, identity.Decider)
	ex, dec = env.Client(t), env.Client(t)
	ex.SignIn("examiner.kab")
	dec.SignIn("pemutus.kab")
	page = ex.Post("/cases/new", url.Values{"employee_id": {id(ids["staf"])}}).Location
	if !strings.HasPrefix(page, "/cases/") {
		t.Fatalf("no case: %q", page)
	}
	return page, ex, dec, ids
}

func mustPost(t *testing.T, c *testserver.Client, path string, want int, v url.Values) *testserver.Response {
	t.Helper()
	res := c.Post(path, v)
	if res.Status != want {
		t.Fatalf("%s %v: %d, want %d (%s %s)", path, v, res.Status, want, res.Text(".alert"), res.Text(".field-error"))
	}
	return res
}

// A bad day on the statement's and the release's forms is reported beside
// the field the form has, not one it lacks.
func TestCaseExamFormDayErrors(t *testing.T) {
	eachEngine(t, func(t *testing.T, env *testserver.Env) {
		page, ex, _, _ := stakeCase(t, env)
		mustPost(t, ex, page+"/charges", http.StatusSeeOther, url.Values{"code": {"L5a"}})
		mustPost(t, ex, page+"/steps", http.StatusSeeOther, url.Values{"kind": {"summon"}, "day1": {"2026-07-01"}, "day2": {"2026-07-08"}})
		for _, tc := range []struct {
			path, input string
			form        url.Values
		}{
			{"/statements", "#st-day", url.Values{"name": {"A"}, "role": {"colleague"}, "statement_day": {"kemarin"}, "text": {"x"}}},
			{"/release", "#rl-day", url.Values{"release_day": {"kemarin"}, "acting": {"Budi"}}},
		} {
			res := ex.Post(page+tc.path, tc.form)
			if res.Status != http.StatusUnprocessableEntity || res.Text(tc.input+" ~ .field-error") == "" || res.Doc.Find(".field-error").Length() != 1 {
				t.Errorf("%s: %d, beside the day %q, %d field errors (%q)", tc.path, res.Status, res.Text(tc.input+" ~ .field-error"),
					res.Doc.Find(".field-error").Length(), res.Text(".field-error"))
			}
		}
	})
}
