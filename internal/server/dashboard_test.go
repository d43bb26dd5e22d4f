package server_test

import (
	"bytes"
	"net/http"
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

// The dashboard counts exactly, with links to the list behind each count,
// for the desk (which may list the reports); an analyst sees the same
// tables with the two reports of one category as "<3" and the five of
// another hidden beside them (with the total of seven they would give the
// two back), and no links. Bad filters are shown beside their fields; the
// workbook and the CSV carry the same marks, and each download is audited.
func TestDashboardPage(t *testing.T) {
	eachEngine(t, func(t *testing.T, env *testserver.Env) {
		ctx := t.Context()
		make := func(category string, n int) {
			for range n {
				checked, err := (report.Submission{Category: category, What: "Laporan uji ZZDASHBOARDZZ.", AccusedName: "Pegawai Uji", ReporterIsVictim: "no", Mode: "anonymous"}).
					Check(report.DefaultCategories, nil, time.Now())
				if err != nil {
					t.Fatal(err)
				}
				if _, _, err := env.Store.CreateReport(ctx, store.System, env.Kab.ID, checked); err != nil {
					t.Fatal(err)
				}
			}
		}
		make("other", 2)
		make("absence", 5)
		env.AddUser(t, "analis.kab", env.Kab.ID, identity.Analyst)
		env.AddUser(t, "meja.kab", env.Kab.ID, identity.Intake)

		for user, want := range map[string]int{"employee.kab": http.StatusForbidden, "admin.kab": http.StatusForbidden, "custodian.kab": http.StatusForbidden,
			"examiner.kab": http.StatusOK, "analis.kab": http.StatusOK, "meja.kab": http.StatusOK} {
			c := env.Client(t)
			c.SignIn(user)
			if res := c.Get("/stats"); res.Status != want {
				t.Errorf("%s: %d, want %d", user, res.Status, want)
			}
			if want != http.StatusOK {
				if res := c.Get("/stats/export?format=xlsx"); res.Status != want {
					t.Errorf("%s export: %d, want %d", user, res.Status, want)
				}
			}
		}

		row := func(res *testserver.Response, table, label string) *goquery.Selection {
			var out *goquery.Selection
			res.Doc.Find("#table-" + table + " tr").Each(func(_ int, tr *goquery.Selection) {
				if strings.TrimSpace(tr.Find("th").First().Text()) == label {
					out = tr.Find("td").First()
				}
			})
			if out == nil {
				t.Fatalf("%s: no row %q", table, label)
			}
			return out
		}
		total := func(res *testserver.Response, table string) string {
			return strings.TrimSpace(res.Doc.Find("#table-" + table + " tfoot td").Text())
		}

		// The desk: exact, linked.
		desk := env.Client(t)
		desk.SignIn("meja.kab")
		res := desk.Get("/stats?preset=last_two_months")
		if res.Status != http.StatusOK {
			t.Fatalf("desk: %d %s", res.Status, env.Logs.String())
		}
		other := row(res, "category", "Lainnya")
		if got := strings.TrimSpace(other.Text()); got != "2" {
			t.Errorf("desk: other %q, want 2", got)
		}
		if total(res, "category") != "7" || total(res, "status") != "7" {
			t.Errorf("desk totals %q %q", total(res, "category"), total(res, "status"))
		}
		href, ok := other.Find("a").Attr("href")
		if !ok || !strings.Contains(href, "category=other") || !strings.Contains(href, "originals=1") {
			t.Fatalf("desk: link %q", href)
		}
		list := desk.Get(href)
		if n := list.Doc.Find("table.table tbody tr").Length(); list.Status != http.StatusOK || n != 2 {
			t.Errorf("the list behind 2: %d rows (status %d)", n, list.Status)
		}
		// The case totals link to the cases opened in the period and to
		// the due list.
		caseHref, ok := res.Doc.Find("#table-level tfoot a").Attr("href")
		if !ok || !strings.HasPrefix(caseHref, "/cases?from=") {
			t.Errorf("desk: cases total links to %q", caseHref)
		} else if cl := desk.Get(caseHref); cl.Status != http.StatusOK || cl.Doc.Find("#cases-period").Length() != 1 {
			t.Errorf("the cases behind the total: %d", cl.Status)
		}
		if href, _ := res.Doc.Find("#table-overdue tfoot a").Attr("href"); href != "/cases/due" {
			t.Errorf("desk: overdue total links to %q", href)
		}
		// The list says its period, and its filter form keeps it.
		if list.Doc.Find("#reports-period").Length() != 1 || list.Doc.Find(`form.filters input[name="from"]`).Length() != 1 ||
			list.Doc.Find(`form.filters input[name="originals"][value="1"]`).Length() != 1 {
			t.Error("the list behind a figure does not keep its period")
		}
		if _, ok := row(res, "channel", "Formulir daring").Find("a").Attr("href"); ok {
			t.Error("a link where the list cannot filter by channel")
		}
		if res.Doc.Find("#table-month-category").Length() != 1 || res.Doc.Find("#hidden-note").Length() != 0 {
			t.Error("desk: no month × category table, or a hidden note")
		}
		// Small multiples per district: one panel for the reports that name
		// no district, its table summing to the seven.
		if n := res.Doc.Find("#district-multiples .multiple svg").Length(); n != 1 {
			t.Errorf("desk: %d district panels, want 1", n)
		}
		sum := 0
		res.Doc.Find("#table-district-month tbody td").Each(func(_ int, td *goquery.Selection) {
			n, _ := strconv.Atoi(strings.TrimSpace(td.Text()))
			sum += n
		})
		if sum != 7 {
			t.Errorf("desk: district × month table sums to %d, want 7", sum)
		}
		if res.Doc.Find("#chart-category svg rect.bar").Length() != 2 {
			t.Errorf("desk: category chart has %d bars", res.Doc.Find("#chart-category svg rect.bar").Length())
		}
		// With an office chosen the list cannot follow: no links.
		if strings.Contains(desk.Get("/stats?district="+firstDistrict(t, env)).Body, "originals=1") {
			t.Error("links with a district chosen")
		}

		// The analyst: suppressed, unlinked, no 2-D table.
		an := env.Client(t)
		an.SignIn("analis.kab")
		res = an.Get("/stats?preset=last_two_months")
		if got := strings.TrimSpace(row(res, "category", "Lainnya").Text()); got != "<3" {
			t.Errorf("analyst: other %q, want <3", got)
		}
		corr := row(res, "category", "Tidak masuk kerja atau meninggalkan tugas")
		if got := strings.TrimSpace(corr.Text()); got != "–" {
			t.Errorf("analyst: corruption %q, want –", got)
		}
		if res.Doc.Find("#table-category a, #table-status a").Length() != 0 || strings.Contains(res.Body, "originals=1") {
			t.Error("analyst: links to lists")
		}
		if res.Doc.Find("#table-month-category").Length() != 0 || res.Doc.Find("#hidden-note").Length() != 1 || res.Doc.Find("#district-multiples").Length() != 0 {
			t.Error("analyst: month × category or district × month shown, or no hidden note")
		}
		if strings.Contains(res.Body, "ZZDASHBOARDZZ") {
			t.Error("report text on the dashboard")
		}
		// The total of seven stays: the two could be one (beside six)
		// or two (beside five).
		if total(res, "mode") != "7" || total(res, "category") != "7" {
			t.Errorf("analyst totals: mode %q category %q", total(res, "mode"), total(res, "category"))
		}

		// The analyst chooses a preset period only: a chosen period or an
		// office is refused beside its field, with no numbers.
		for _, q := range []string{"preset=custom&from=2026-01-01&to=2026-01-31", "preset=year_to_date&office=1", "category=other"} {
			res := an.Get("/stats?" + q)
			if res.Status != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "hanya bagi yang berhak") && !strings.Contains(res.Body, "periode yang tersedia") ||
				res.Doc.Find("#table-category tbody td").Length() != 0 {
				t.Errorf("analyst %s: %d", q, res.Status)
			}
		}
		if an.Get("/stats").Doc.Find(`#preset option[value="custom"], #office, #from`).Length() != 0 {
			t.Error("the analyst is offered free filters")
		}

		// Bad filters (the desk, which may filter freely): beside their
		// fields, the form still there.
		bad := desk.Get("/stats?preset=custom&from=2026-13-01&to=2026-01-01&office=999999")
		if bad.Status == http.StatusOK || bad.Doc.Find("#from-error").Length() != 1 || bad.Doc.Find("#stats-filter").Length() != 1 {
			t.Errorf("bad filter: %d, from error %d", bad.Status, bad.Doc.Find("#from-error").Length())
		}
		if !strings.Contains(bad.Body, "Pilih perangkat daerah dari daftar") || bad.Doc.Find("#table-category").Length() != 0 {
			t.Error("bad office: no message, or numbers shown")
		}
		order := desk.Get("/stats?preset=custom&from=2026-05-01&to=2026-04-01")
		if order.Doc.Find("#to-error").Length() != 1 {
			t.Error("end before start: no message beside the end")
		}
		custom := desk.Get("/stats?preset=custom&from=2020-01-01&to=2020-12-31")
		if custom.Status != http.StatusOK || total(custom, "category") != "0" {
			t.Errorf("an empty year: %d total %q", custom.Status, total(custom, "category"))
		}

		// The workbook and the CSV.
		x := an.Get("/stats/export?preset=last_two_months&format=xlsx")
		if x.Status != http.StatusOK || !strings.Contains(x.Header.Get("Content-Disposition"), ".xlsx") {
			t.Fatalf("export: %d %q", x.Status, x.Header.Get("Content-Disposition"))
		}
		book, err := excelize.OpenReader(bytes.NewReader([]byte(x.Body)))
		if err != nil {
			t.Fatal(err)
		}
		sheets := book.GetSheetList()
		if len(sheets) != 12 {
			t.Fatalf("sheets %q", sheets)
		}
		for _, sh := range sheets {
			rows, _ := book.GetRows(sh)
			var period, extracted, keep bool
			for _, r := range rows {
				// Kept for the export period, twelve months by default.
				if len(r) == 1 && strings.HasPrefix(r[0], "Simpan hingga ") && strings.Contains(r[0], strconv.Itoa(env.Store.Now().Year()+1)) {
					keep = true
				}
				if len(r) == 2 && r[0] == "Periode" && strings.Contains(r[1], " – ") {
					period = true
				}
				if len(r) == 2 && r[0] == "Tanggal pengambilan data" && strings.HasSuffix(r[1], "WIB") {
					extracted = true
				}
			}
			if !period || !extracted || !keep {
				t.Errorf("sheet %s: no filter, extraction date or retention date: %q", sh, rows)
			}
		}
		cat, _ := book.GetRows(sheets[0])
		var found int
		for _, r := range cat {
			if len(r) == 2 && (r[0] == "Lainnya" && r[1] == "<3" || r[0] == "Tidak masuk kerja atau meninggalkan tugas" && r[1] == "–" || r[0] == "Jumlah" && r[1] == "7") {
				found++
			}
		}
		if found != 3 {
			t.Errorf("category sheet: %q", cat)
		}
		csv := an.Get("/stats/export?preset=last_two_months&format=csv&table=category")
		if csv.Status != http.StatusOK || !strings.Contains(csv.Body, "Lainnya,<3") || strings.Contains(csv.Body, "Lainnya,2") {
			t.Errorf("csv: %d %q", csv.Status, csv.Body)
		}
		dcsv := desk.Get("/stats/export?preset=last_two_months&format=csv&table=category")
		if !strings.Contains(dcsv.Body, "Lainnya,2") {
			t.Errorf("desk csv: %q", dcsv.Body)
		}
		if res := an.Get("/stats/export?format=csv&table=bogus"); res.Status == http.StatusOK || res.Doc.Find("#stats-filter").Length() != 1 {
			t.Errorf("unknown table: %d", res.Status)
		}
		if n := auditCount(t, env, "statistics.export"); n != 3 {
			t.Errorf("%d export audit events, want 3", n)
		}

		// The API: the analyst gets the same marks and no value behind
		// them; a bad filter is refused by field.
		api := apiClient{t: t, base: env.URL, token: tokenFor(t, env, "analis.kab")}
		st, body := api.call("GET", "/api/v1/stats/dashboard?preset=year_to_date", "")
		if st != http.StatusOK || body["exact_reports"] != false {
			t.Fatalf("api: %d %v", st, body)
		}
		var category map[string]any
		for _, tb := range body["tables"].([]any) {
			if tb := tb.(map[string]any); tb["id"] == "category" {
				category = tb
			}
		}
		got := map[string]map[string]any{}
		for _, r := range category["rows"].([]any) {
			r := r.(map[string]any)
			got[r["key"].(string)] = r["count"].(map[string]any)
		}
		if got["other"]["hidden"] != "small" || got["other"]["n"] != nil || got["absence"]["hidden"] != "protected" || got["absence"]["n"] != nil ||
			category["total"].(map[string]any)["n"] != float64(7) {
			t.Errorf("api category table: %v", category)
		}
		if st, body := api.call("GET", "/api/v1/stats/dashboard?preset=someday", ""); st != http.StatusUnprocessableEntity || errCode(t, body) != "invalid" {
			t.Errorf("bad preset: %d %v", st, body)
		}
	})
}

func firstDistrict(t *testing.T, env *testserver.Env) string {
	t.Helper()
	ds, err := env.Store.RegionChildren(t.Context(), env.Kab.RegionCode)
	if err != nil || len(ds) == 0 {
		t.Fatalf("districts: %v", err)
	}
	return ds[0].Code
}
