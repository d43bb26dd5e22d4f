package server_test

import (
	"bytes"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"sigap/internal/db"
	"sigap/internal/nip"
	"sigap/internal/org"
	"sigap/internal/roster"
	"sigap/internal/store"
	"sigap/internal/testserver"
)

// importRoster imports rows into Kabupaten Serang through the store.
func importRoster(t *testing.T, env *testserver.Env, rows []roster.Row) {
	t.Helper()
	if _, problems, err := env.Store.ImportEmployees(t.Context(), store.System, env.Kab.ID, rows, store.ImportOptions{}); err != nil || len(problems) > 0 {
		t.Fatal(err, problems)
	}
}

func mustNIP(t *testing.T, s string) nip.NIP {
	t.Helper()
	n, err := nip.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// A tenant switches off the unconfirmed reading of Ps 23(1)b, and the
// employee page names the PPK instead of the pengawas for sedang; settled
// rules cannot be switched.
func TestAuthorityRuleSwitch(t *testing.T) {
	eachEngine(t, func(t *testing.T, env *testserver.Env) {
		row := func(n, name, pos string, kind roster.PositionKind, sup string) roster.Row {
			return roster.Row{Line: 2, NIP: mustNIP(t, n), Name: name, Status: roster.PNS, Position: pos, Kind: kind,
				Unit: "Inspektorat", SuperiorNIP: sup, State: roster.Active}
		}
		importRoster(t, env, []roster.Row{
			row("197001011995031001", "Inspektur Uji", "Inspektur", roster.JPTPratama, ""),
			row("197502022000031002", "Irban Uji", "Inspektur Pembantu I", roster.Administrator, "197001011995031001"),
			row("198003032005031003", "Kasubag Uji", "Kepala Subbagian Umum", roster.Pengawas, "197502022000031002"),
			row("198504042010031004", "Koordinator Uji", "Pengadministrasi Umum", roster.Pelaksana, "198003032005031003"),
			row("199005052015031005", "Staf Uji", "Pengelola Arsip", roster.Pelaksana, "198504042010031004"),
		})
		staff, err := env.Store.EmployeeByNIP(t.Context(), env.Kab.ID, "199005052015031005")
		if err != nil {
			t.Fatal(err)
		}
		c := env.Client(t)
		c.SignIn("admin.kab")
		page := "/employees/" + strconv.FormatInt(staff.ID, 10)
		s1 := func() string {
			t.Helper()
			res := c.Get(page)
			if res.Status != http.StatusOK {
				t.Fatalf("employee page: %d", res.Status)
			}
			return strings.Join(strings.Fields(res.Doc.Find("table").First().Find("tbody tr").Eq(3).Text()), " ")
		}
		if got := s1(); !strings.Contains(got, "Kasubag Uji") || !strings.Contains(got, "tafsir belum pasti") {
			t.Fatalf("S1 with the unconfirmed rule on: %q", got)
		}
		res := c.Post("/admin/authority/pengawas-two-levels-sedang", url.Values{"enabled": {"0"}})
		if res.Status != http.StatusSeeOther {
			t.Fatalf("switching off: %d", res.Status)
		}
		list := c.Get(res.Location)
		if !strings.Contains(list.Text(".flash"), "dimatikan") {
			t.Errorf("flash %q", list.Text(".flash"))
		}
		if got := s1(); !strings.Contains(got, "Bupati (PPK)") {
			t.Errorf("S1 with the rule off: %q", got)
		}
		res = c.Post("/admin/authority/ppk-functional", url.Values{"enabled": {"0"}})
		if res.Status != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "tidak dapat dimatikan") {
			t.Errorf("a settled rule: %d", res.Status)
		}
		events, err := env.Store.AuditEvents(t.Context(), store.AuditFilter{Chain: env.Kab.ID, Action: "authority."})
		if err != nil || len(events) != 1 || events[0].ObjectID != "pengawas-two-levels-sedang" {
			t.Errorf("audit: %+v %v", events, err)
		}
	})
}

// An upload larger than an ordinary form's limit is imported in the
// background; the page reports progress until the counts.
func TestRosterUpload(t *testing.T) {
	env := testserver.Start(t, db.SQLite)
	rows := roster.NewSynth(3, 2026).Roster([]roster.SynthUnit{{Name: "Dinas Kesehatan", Kind: org.KindDinas}}, 12000)
	var file bytes.Buffer
	if err := roster.WriteCSV(&file, rows); err != nil {
		t.Fatal(err)
	}
	if file.Len() < 1<<20 {
		t.Fatalf("the file is only %d bytes: it must exceed the 1 MB form limit", file.Len())
	}
	c := env.Client(t)
	c.SignIn("employee.kab")
	if res := c.Upload("/admin/employees/import", "file", "pegawai.csv", file.Bytes(), nil); res.Status != http.StatusForbidden {
		t.Errorf("an employee uploads a roster: %d", res.Status)
	}
	c = env.Client(t)
	c.SignIn("admin.kab")
	if res := c.Upload("/admin/employees/import", "file", "kosong.csv", nil, nil); res.Status != http.StatusUnprocessableEntity {
		t.Errorf("an empty file: %d", res.Status)
	}
	res := c.Upload("/admin/employees/import", "file", "pegawai.csv", file.Bytes(), nil)
	if res.Status != http.StatusSeeOther || !strings.HasPrefix(res.Location, "/admin/employees/import/") {
		t.Fatalf("upload: %d %s %s", res.Status, res.Location, res.Text(".alert"))
	}
	job := res.Location
	for deadline := time.Now().Add(60 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		res = c.Get(job)
		if res.Header.Get("Refresh") == "" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the import did not finish")
		}
	}
	if got := res.Text("h1"); got != "Impor selesai" || !strings.Contains(res.Text(".stats"), "12.000 ditambahkan") {
		t.Fatalf("result: %q %q", got, res.Text(".stats"))
	}
	// Another admin's browser cannot read this job.
	other := env.Client(t)
	other.SignIn("admin.kota")
	if res := other.Get(job); res.Status != http.StatusForbidden && res.Status != http.StatusNotFound {
		t.Errorf("another tenant reads the job: %d", res.Status)
	}
	list := c.Get("/employees?q=" + url.QueryEscape(rows[0].NIP.String()[:8]))
	if list.Status != http.StatusOK || list.Doc.Find("tbody tr").Length() == 0 {
		t.Errorf("search after upload: %d", list.Status)
	}
}

func TestAPIEmployees(t *testing.T) {
	eachEngine(t, func(t *testing.T, env *testserver.Env) {
		rows := roster.NewSynth(11, 2026).Roster([]roster.SynthUnit{{Name: "Dinas Kesehatan", Kind: org.KindDinas}}, 120)
		importRoster(t, env, rows)
		var clerk roster.Row
		for _, r := range rows {
			if r.Kind == roster.Pelaksana && r.Status == roster.PNS {
				clerk = r
				break
			}
		}
		kab := apiClient{t: t, base: env.URL, token: tokenFor(t, env, "admin.kab")}
		st, body := kab.call("GET", "/api/v1/employees?q="+clerk.NIP.String(), "")
		items, _ := body["items"].([]any)
		if st != 200 || len(items) != 1 || body["total"].(float64) != 1 {
			t.Fatalf("search by NIP: %d %v", st, body)
		}
		id := strconv.Itoa(int(items[0].(map[string]any)["id"].(float64)))
		st, body = kab.call("GET", "/api/v1/employees/"+id, "")
		if st != 200 || body["nip"] != clerk.NIP.String() {
			t.Fatalf("detail: %d %v", st, body)
		}
		auth := body["authorities"].([]any)
		sups := body["superiors"].([]any)
		if len(auth) != 9 || len(sups) == 0 || sups[0].(map[string]any)["nip"] != clerk.SuperiorNIP {
			t.Fatalf("authorities %d, superiors %v", len(auth), sups)
		}
		if b3 := auth[8].(map[string]any); b3["sanction"] != "B3" || b3["by"] != "ppk" {
			t.Errorf("B3: %v", b3)
		}
		if r1 := auth[0].(map[string]any); r1["by"] != "official" || r1["official"].(map[string]any)["nip"] != clerk.SuperiorNIP {
			t.Errorf("R1: %v", r1)
		}
		if st, body := kab.call("GET", "/api/v1/employees?page=0", ""); st != http.StatusUnprocessableEntity || errCode(t, body) != "invalid" {
			t.Errorf("page 0: %d %v", st, body)
		}
		kota := apiClient{t: t, base: env.URL, token: tokenFor(t, env, "admin.kota")}
		if st, _ := kota.call("GET", "/api/v1/employees/"+id, ""); st != http.StatusNotFound {
			t.Errorf("another government's employee: %d", st)
		}
		if st, body := kota.call("GET", "/api/v1/employees", ""); st != 200 || body["total"].(float64) != 0 {
			t.Errorf("Kota Serang sees %v", body["total"])
		}
	})
}
