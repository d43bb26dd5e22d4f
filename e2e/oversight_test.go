package e2e

import (
	"bytes"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"sigap/internal/calendar"
	"sigap/internal/guidance"
	"sigap/internal/identity"
	"sigap/internal/report"
	"sigap/internal/store"
	"sigap/internal/testserver"
)

// TestOversightAndQuarterly: the operator gives an oversight account the
// province of Banten; the account sees Kota Serang's two reports as "<3"
// beside Kabupaten Serang's eight hidden with them and the total hidden,
// in the page and in the workbook it downloads; beside them each
// government's reports by category, as its own public page shows them:
// Kabupaten Serang's five and three, Kota Serang's two too few to break
// down. The government's admin
// raises its threshold to 5, and the analyst's quarterly report, read
// back from the PDF, then hides the three "other" reports as "<5".
func TestOversightAndQuarterly(t *testing.T) {
	t.Parallel()
	env := start(t)
	file := func(tenant int64, category string, n int) {
		for range n {
			c, err := (report.Submission{Category: category, What: "Laporan uji ZZPENGAWASZZ.", AccusedName: "Pegawai Uji", ReporterIsVictim: "no",
				Mode: "anonymous"}).Check(report.DefaultCategories, nil, env.Now())
			if err != nil {
				t.Fatal(err)
			}
			if _, _, err := env.Store.CreateReport(t.Context(), store.System, tenant, c); err != nil {
				t.Fatal(err)
			}
		}
	}
	file(env.Kab.ID, "absence", 5)
	file(env.Kab.ID, "other", 3)
	file(env.Kota.ID, "absence", 2)
	o := env.AddUser(t, "pengawas", 0, identity.Oversight)
	env.AddUser(t, "analis.kab", env.Kab.ID, identity.Analyst)

	op := newBrowser(t, env)
	op.signIn("operator", testserver.Password)
	op.open("/admin/users/" + strconv.FormatInt(o.ID, 10))
	op.set("#region", "36")
	op.wantStatus("region", op.click(`#oversight-scope button`), 200)
	op.wantText(".flash", msg(t, "id", "flash.oversight_scope_saved"))

	ov := newBrowser(t, env)
	ov.signIn("pengawas", testserver.Password)
	ov.wantStatus("rollup", ov.click(`nav.nav a[href="/oversight"]`), 200)
	first := func(name string) string {
		return eval[string](ov, `(() => { for (const tr of document.querySelectorAll("#oversight-table tbody tr"))
			if (tr.querySelector("th").textContent.includes(`+jsString(name)+`)) return tr.querySelector("td").textContent.trim(); return ""; })()`)
	}
	if got := first("Kota Serang"); got != "<3" {
		t.Errorf("Kota Serang's reports: %q", got)
	}
	if got := first("Kabupaten Serang"); got != "–" {
		t.Errorf("Kabupaten Serang's reports: %q", got)
	}
	if got := strings.TrimSpace(eval[string](ov, `document.querySelector("#oversight-table tfoot td").textContent`)); got != "–" {
		t.Errorf("total %q", got)
	}
	category := func(name string) string {
		return eval[string](ov, `(() => { for (const tr of document.querySelectorAll("#oversight-categories tbody tr"))
			if (tr.querySelector("th").textContent.includes(`+jsString(name)+`))
				return Array.from(tr.querySelectorAll("td"), td => td.textContent.trim()).join("|"); return ""; })()`)
	}
	if got := category("Kabupaten Serang"); got != "0|0|0|5|0|0|3" {
		t.Errorf("Kabupaten Serang by category: %q", got)
	}
	if got := category("Kota Serang"); !strings.Contains(got, "terlalu sedikit") {
		t.Errorf("Kota Serang by category: %q", got)
	}
	if strings.Contains(ov.text("main"), "ZZPENGAWASZZ") {
		t.Error("report text on the rollup")
	}
	ov.shot("oversight")
	book := download(t, ov, ov.attr(`a[href^="/oversight/export"]`, "href"))
	rows, err := book.GetRows(book.GetSheetList()[0])
	if err != nil {
		t.Fatal(err)
	}
	marks := map[string]string{}
	for _, r := range rows {
		if len(r) > 2 {
			marks[r[0]] = r[2]
		}
	}
	if marks["Pemerintah Kota Serang"] != "<3" || marks["Pemerintah Kabupaten Serang"] != "–" {
		t.Errorf("workbook: %q", rows)
	}
	if sheets := book.GetSheetList(); len(sheets) != 2 {
		t.Errorf("workbook sheets %q, want the rollup and the categories", sheets)
	} else if rows, _ := book.GetRows(sheets[1]); len(rows) < 3 || strings.Join(rows[1], "|") != "Pemerintah Kabupaten Serang|36.04|0|0|0|5|0|0|3" {
		t.Errorf("workbook by category: %q", rows)
	}

	// The admin raises the threshold to 5; the quarterly report then
	// hides the three "other" reports as "<5".
	admin := newBrowser(t, env)
	admin.signIn("admin.kab", testserver.Password)
	admin.wantStatus("threshold", admin.click(`nav.nav a[href="/admin/statistics"]`), 200)
	admin.fill("#min_count", "5")
	admin.wantStatus("save", admin.click(`main form button`), 200)
	admin.wantText(".flash", msg(t, "id", "flash.statistics_settings_saved"))

	an := newBrowser(t, env)
	an.signIn("analis.kab", testserver.Password)
	an.wantStatus("dashboard", an.click(`nav.nav a[href="/stats"]`), 200)
	quarter := guidance.PeriodOf(guidance.Quarterly, calendar.DateOf(env.Now(), time.FixedZone("WIB", 7*3600))).Key()
	if an.count(`#quarterly-form option[value="`+quarter+`"]`) != 1 {
		t.Fatalf("the quarter %s is not offered", quarter)
	}
	readLetter(t, an, "/stats/quarterly?quarter="+quarter, "Pemerintah Kabupaten Serang", "Laporan Triwulanan", "<5")
}

// download fetches a workbook as the signed-in browser gets it.
func download(t *testing.T, b *browser, path string) *excelize.File {
	t.Helper()
	raw := eval[string](b, `(() => { const x = new XMLHttpRequest(); x.open('GET', `+jsString(path)+`, false);
		x.overrideMimeType('text/plain; charset=x-user-defined'); x.send(); return x.status === 200 ? x.responseText : ''; })()`)
	if raw == "" {
		t.Fatalf("%s: nothing downloaded", path)
	}
	data := make([]byte, 0, len(raw))
	for _, r := range raw {
		data = append(data, byte(r&0xff))
	}
	book, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	return book
}
