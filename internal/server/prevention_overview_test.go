package server_test

import (
	"bytes"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/xuri/excelize/v2"

	"sigap/internal/identity"
	"sigap/internal/report"
	"sigap/internal/roster"
	"sigap/internal/store"
	"sigap/internal/testserver"
)

// The overview shows each office beside the reports about its people:
// two reports in the Inspektorat show as "<3", and the Dinas Kesehatan's
// five are hidden too (with the total of seven they would give the two
// back); sorting by a hidden count keeps hidden rows out of the order;
// the workbook carries the same marks and its download is audited; only
// those with the capability open either.
func TestPreventionOverviewPage(t *testing.T) {
	eachEngine(t, func(t *testing.T, env *testserver.Env) {
		ctx := t.Context()
		nips := []string{"197001011995031001", "198502022010012002", "199003032015031003",
			"197104041996031004", "198605052011012005", "199106062016031006", "199207072017031007"}
		var rows []roster.Row
		for i, n := range nips {
			unit := "Inspektorat"
			if i >= 3 {
				unit = "Dinas Kesehatan"
			}
			rows = append(rows, roster.Row{Line: i + 2, NIP: mustNIP(t, n), Name: "Pegawai " + n[:4], Status: roster.PNS, Position: "Pelaksana",
				Kind: roster.Pelaksana, Unit: unit, State: roster.Active})
		}
		importRoster(t, env, rows)
		about := func(nip string, times int) {
			e, err := env.Store.EmployeeByNIP(ctx, env.Kab.ID, nip)
			if err != nil {
				t.Fatal(err)
			}
			for range times {
				checked, err := (report.Submission{Category: "other", What: "Laporan uji ZZOVERVIEWZZ.", AccusedName: "Pegawai Uji", ReporterIsVictim: "no", Mode: "anonymous"}).
					Check(report.DefaultCategories, nil, time.Now())
				if err != nil {
					t.Fatal(err)
				}
				r, _, err := env.Store.CreateReport(ctx, store.System, env.Kab.ID, checked)
				if err != nil {
					t.Fatal(err)
				}
				if err := env.Store.LinkReportEmployee(ctx, store.System, env.Kab.ID, r.PublicID, e.ID); err != nil {
					t.Fatal(err)
				}
			}
		}
		about(nips[0], 2)
		about(nips[3], 3)
		about(nips[4], 2)

		env.AddUser(t, "analis.kab", env.Kab.ID, identity.Analyst)
		env.AddUser(t, "pembina.kab", env.Kab.ID, identity.Prevention)
		for user, want := range map[string]int{"employee.kab": http.StatusForbidden, "admin.kab": http.StatusForbidden, "custodian.kab": http.StatusForbidden,
			"pembina.kab": http.StatusOK} {
			c := env.Client(t)
			c.SignIn(user)
			if res := c.Get("/prevention/overview"); res.Status != want {
				t.Errorf("%s: %d, want %d", user, res.Status, want)
			}
			if want != http.StatusOK {
				if res := c.Get("/prevention/overview/export"); res.Status != want {
					t.Errorf("%s export: %d, want %d", user, res.Status, want)
				}
			}
		}

		an := env.Client(t)
		an.SignIn("analis.kab")
		res := an.Get("/prevention/overview")
		if res.Status != http.StatusOK {
			t.Fatalf("analyst: %d", res.Status)
		}
		cells := func(res *testserver.Response, office string) []string {
			var out []string
			res.Doc.Find("#overview-table tr").Each(func(_ int, tr *goquery.Selection) {
				if strings.TrimSpace(tr.Find("th").First().Text()) == office {
					tr.Find("td").Each(func(_ int, td *goquery.Selection) { out = append(out, strings.TrimSpace(td.Text())) })
				}
			})
			return out
		}
		// Columns: staff, guidance, pledge, reports, per 1,000, cases, per 1,000.
		insp, dinkes := cells(res, "Inspektorat"), cells(res, "Dinas Kesehatan")
		if len(insp) != 7 || insp[0] != "3" || insp[3] != "<3" || insp[4] != "<3" || insp[5] != "0" {
			t.Errorf("Inspektorat: %q", insp)
		}
		if len(dinkes) != 7 || dinkes[0] != "4" || dinkes[3] != "–" || dinkes[4] != "–" {
			t.Errorf("Dinas Kesehatan: %q", dinkes)
		}
		total := res.Doc.Find("#overview-table tfoot td")
		if got := strings.TrimSpace(total.Eq(3).Text()); got != "7" {
			t.Errorf("total reports %q, want 7", got)
		}
		if strings.Contains(res.Body, "ZZOVERVIEWZZ") {
			t.Error("report text on the overview")
		}
		// Both counts hidden: neither office is drawn, and neither has a
		// place in an order by reports.
		if !strings.Contains(res.Body, "2 perangkat daerah tidak digambar") {
			t.Error("the chart does not say the hidden offices are left out")
		}
		order := func(path string) []string {
			var out []string
			an.Get(path).Doc.Find("#overview-table tbody tr th").Each(func(_ int, th *goquery.Selection) { out = append(out, strings.TrimSpace(th.Text())) })
			return out
		}
		for _, dir := range []string{"asc", "desc"} {
			if got := order("/prevention/overview?sort=reports&dir=" + dir); len(got) < 2 || got[0] != "Dinas Kesehatan" || got[1] != "Inspektorat" {
				t.Errorf("by reports %s: %q", dir, got)
			}
		}
		if got := order("/prevention/overview?sort=staff&dir=asc"); got[0] != "Inspektorat" {
			t.Errorf("by staff: %q", got)
		}
		if got := order("/prevention/overview?sort=bogus"); len(got) < 2 {
			t.Errorf("unknown sort: %q", got)
		}

		// The workbook: the same marks, the guidance sheet, one audit event.
		x := an.Get("/prevention/overview/export")
		if x.Status != http.StatusOK || !strings.Contains(x.Header.Get("Content-Disposition"), ".xlsx") {
			t.Fatalf("export: %d %q", x.Status, x.Header.Get("Content-Disposition"))
		}
		book, err := excelize.OpenReader(bytes.NewReader([]byte(x.Body)))
		if err != nil {
			t.Fatal(err)
		}
		sheets := book.GetSheetList()
		if len(sheets) != 2 {
			t.Fatalf("sheets %q", sheets)
		}
		xrows, _ := book.GetRows(sheets[0])
		found := 0
		for _, r := range xrows {
			if len(r) >= 9 && r[0] == "Inspektorat" && r[7] == "<3" && r[8] == "<3" {
				found++
			}
			if len(r) >= 9 && r[0] == "Dinas Kesehatan" && r[7] == "–" && r[8] == "–" {
				found++
			}
		}
		if found != 2 {
			t.Errorf("workbook rows: %q", xrows)
		}
		if grows, _ := book.GetRows(sheets[1]); len(grows) < 3 || grows[0][0] == "" {
			t.Errorf("guidance sheet: %q", grows)
		}
		if n := auditCount(t, env, "prevention.overview.export"); n != 1 {
			t.Errorf("%d export audit events, want 1", n)
		}

		// The API answers with the same marks and no hidden value.
		api := apiClient{t: t, base: env.URL, token: tokenFor(t, env, "analis.kab")}
		st, body := api.call("GET", "/api/v1/stats/prevention?sort=reports&dir=desc", "")
		if st != http.StatusOK {
			t.Fatalf("api: %d %v", st, body)
		}
		got := map[string]map[string]any{}
		for _, o := range body["offices"].([]any) {
			o := o.(map[string]any)
			got[o["name"].(string)] = o["reports"].(map[string]any)
		}
		if r := got["Inspektorat"]; r["n"] != nil || r["hidden"] != "small" || r["below"] != float64(3) {
			t.Errorf("api Inspektorat reports: %v", r)
		}
		if r := got["Dinas Kesehatan"]; r["n"] != nil || r["hidden"] != "protected" {
			t.Errorf("api Dinas Kesehatan reports: %v", r)
		}
		if total := body["total"].(map[string]any)["reports"].(map[string]any); total["n"] != float64(7) {
			t.Errorf("api total: %v", total)
		}
		if st, _ := (apiClient{t: t, base: env.URL, token: tokenFor(t, env, "employee.kab")}).call("GET", "/api/v1/stats/prevention", ""); st != http.StatusForbidden {
			t.Errorf("employee's api call: %d", st)
		}
	})
}
