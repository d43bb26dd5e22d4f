package server_test

import (
	"bytes"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/xuri/excelize/v2"

	"sigap/internal/identity"
	"sigap/internal/report"
	"sigap/internal/store"
	"sigap/internal/testserver"
)

// The operator gives an oversight account its province; the account then
// sees the governments of Banten side by side, Kota Serang's two reports
// as "<3" and Kabupaten Serang's five hidden with them (the total of
// seven would give the two back) and the total hidden as well (the five
// are on Kabupaten Serang's public page), in the page, the workbook and
// the API;
// without a province it sees nothing.
func TestOversightRollup(t *testing.T) {
	eachEngine(t, func(t *testing.T, env *testserver.Env) {
		ctx := t.Context()
		file := func(tenant int64, n int) {
			for range n {
				checked, err := (report.Submission{Category: "other", What: "Laporan uji ZZROLLUPZZ.", AccusedName: "Pegawai Uji", ReporterIsVictim: "no", Mode: "anonymous"}).
					Check(report.DefaultCategories, nil, time.Now())
				if err != nil {
					t.Fatal(err)
				}
				if _, _, err := env.Store.CreateReport(ctx, store.System, tenant, checked); err != nil {
					t.Fatal(err)
				}
			}
		}
		file(env.Kab.ID, 5)
		file(env.Kota.ID, 2)
		o := env.AddUser(t, "pengawas", 0, identity.Oversight)
		ov := env.Client(t)
		ov.SignIn("pengawas")
		if res := ov.Get("/oversight"); res.Status != http.StatusOK || res.Doc.Find("#no-scope").Length() != 1 || res.Doc.Find("#oversight-table").Length() != 0 {
			t.Fatalf("without a province: %d", res.Status)
		}

		// The operator's page of the account offers the provinces; no
		// choice, a regency and an unknown code are refused.
		op := env.Client(t)
		op.SignIn("operator")
		id := strconv.FormatInt(o.ID, 10)
		if res := op.Get("/admin/users/" + id); res.Doc.Find(`#oversight-scope select option[value="36"]`).Length() != 1 {
			t.Fatal("the operator is not offered Banten")
		}
		for _, bad := range []string{"", "36.04", "99"} {
			if res := op.Post("/admin/users/"+id+"/oversight", url.Values{"region": {bad}}); res.Status != http.StatusUnprocessableEntity {
				t.Errorf("region %q: %d", bad, res.Status)
			}
		}
		if n := auditCount(t, env, "user.oversight_scope"); n != 0 {
			t.Fatalf("%d scope events after refusals", n)
		}
		if res := op.Post("/admin/users/"+id+"/oversight", url.Values{"region": {"36"}}); res.Status != http.StatusSeeOther {
			t.Fatalf("set Banten: %d", res.Status)
		}
		if n := auditCount(t, env, "user.oversight_scope"); n != 1 {
			t.Errorf("%d scope events", n)
		}
		// A tenant's account cannot be given a region.
		if res := op.Post("/admin/users/"+strconv.FormatInt(env.Users["admin.kab"].ID, 10)+"/oversight", url.Values{"region": {"36"}}); res.Status == http.StatusSeeOther {
			t.Error("a tenant account got a region")
		}

		res := ov.Get("/oversight")
		if res.Status != http.StatusOK {
			t.Fatalf("rollup: %d", res.Status)
		}
		cells := map[string][]string{}
		res.Doc.Find("#oversight-table tbody tr").Each(func(_ int, tr *goquery.Selection) {
			name := strings.TrimSpace(tr.Find("th").Contents().First().Text())
			tr.Find("td").Each(func(_ int, td *goquery.Selection) { cells[name] = append(cells[name], strings.TrimSpace(td.Text())) })
		})
		if c := cells["Pemerintah Kota Serang"]; len(c) < 1 || c[0] != "<3" {
			t.Errorf("Kota: %q", c)
		}
		if c := cells["Pemerintah Kabupaten Serang"]; len(c) < 1 || c[0] != "–" {
			t.Errorf("Kabupaten: %q", c)
		}
		// Kabupaten Serang's five are on its own public page: with a total
		// of seven they would give Kota Serang's two back, so the total of
		// a column that hides anything is hidden too.
		if got := strings.TrimSpace(res.Doc.Find("#oversight-table tfoot td").First().Text()); got != "–" {
			t.Errorf("total %q, want hidden", got)
		}
		// Each government links to its published breakdown of the year.
		if res.Doc.Find(`#oversight-table a[href^="/angka/kota-serang?year="]`).Length() != 1 {
			t.Error("no link to Kota Serang's published figures")
		}
		if strings.Contains(res.Body, "ZZROLLUPZZ") {
			t.Error("report text on the rollup")
		}
		if res := ov.Get("/oversight?year=1999"); res.Status != http.StatusUnprocessableEntity {
			t.Errorf("bad year: %d", res.Status)
		}

		x := ov.Get("/oversight/export")
		book, err := excelize.OpenReader(bytes.NewReader([]byte(x.Body)))
		if err != nil {
			t.Fatalf("export: %d %v", x.Status, err)
		}
		rows, _ := book.GetRows(book.GetSheetList()[0])
		found := 0
		for _, r := range rows {
			if len(r) > 2 && (r[0] == "Pemerintah Kota Serang" && r[2] == "<3" || r[0] == "Pemerintah Kabupaten Serang" && r[2] == "–") {
				found++
			}
		}
		if found != 2 || !strings.HasPrefix(rows[len(rows)-1][0], "Simpan hingga ") {
			t.Errorf("workbook: %q", rows)
		}
		if n := auditCount(t, env, "oversight.export"); n != 1 {
			t.Errorf("%d export events", n)
		}

		api := apiClient{t: t, base: env.URL, token: tokenFor(t, env, "pengawas")}
		st, body := api.call("GET", "/api/v1/stats/oversight", "")
		if st != http.StatusOK || body["region"] != "36" || len(body["governments"].([]any)) != 2 {
			t.Fatalf("api: %d %v", st, body)
		}
		for _, g := range body["governments"].([]any) {
			g := g.(map[string]any)
			if r := g["reports"].(map[string]any); r["n"] != nil {
				t.Errorf("api shows %s's reports: %v", g["name"], r)
			}
		}
		// Tenant staff cannot open the rollup.
		an := env.Client(t)
		an.SignIn("admin.kab")
		if res := an.Get("/oversight"); res.Status != http.StatusForbidden {
			t.Errorf("admin: %d", res.Status)
		}
	})
}
