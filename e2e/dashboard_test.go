package e2e

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"sigap/internal/identity"
	"sigap/internal/report"
	"sigap/internal/store"
	"sigap/internal/testserver"
)

// TestDashboard: an analyst opens the statistics, sees the reports by
// category beside their chart with the single gratification report as
// "<3" and the four absences hidden with it, changes the period to this
// quarter (the presets are all an analyst may choose), and downloads the
// workbook, whose category sheet carries the same marks.
func TestDashboard(t *testing.T) {
	t.Parallel()
	env := start(t)
	ctx := t.Context()
	for i, cat := range []string{"absence", "absence", "absence", "absence", "gratification"} {
		checked, err := (report.Submission{Category: cat, What: "Laporan uji dasbor ZZDASBORZZ.", AccusedName: "Pegawai Uji", ReporterIsVictim: "no",
			Mode: "anonymous"}).Check(report.DefaultCategories, nil, time.Now())
		if err != nil {
			t.Fatal(i, err)
		}
		if _, _, err := env.Store.CreateReport(ctx, store.System, env.Kab.ID, checked); err != nil {
			t.Fatal(err)
		}
	}
	env.AddUser(t, "analis.kab", env.Kab.ID, identity.Analyst)
	b := newBrowser(t, env)
	b.signIn("analis.kab", testserver.Password)
	b.wantStatus("dashboard", b.click(`nav.nav a[href="/stats"]`), 200)
	b.wantText("h1", msg(t, "id", "stats.title"))
	const gratification, absence = "Gratifikasi, pungutan liar atau pemerasan", "Tidak masuk kerja atau meninggalkan tugas"
	row := func(table, name string) string {
		return eval[string](b, `(() => { for (const tr of document.querySelectorAll("#table-`+table+` tbody tr"))
			if (tr.querySelector("th").textContent.trim() === `+jsString(name)+`) return tr.querySelector("td").textContent.trim(); return ""; })()`)
	}
	if got := row("category", gratification); got != "<3" {
		t.Errorf("gratification: %q", got)
	}
	if got := row("category", absence); got != "–" {
		t.Errorf("absence: %q", got)
	}
	if n := b.count(`section.stat-block svg[role="img"]`); n == 0 {
		t.Error("no chart beside the tables")
	}
	if strings.Contains(b.text("main"), "ZZDASBORZZ") {
		t.Error("report text on the dashboard")
	}
	b.shot("dashboard")

	// The analyst chooses among the preset periods only (two finely
	// filtered views could be subtracted): this quarter.
	if b.count(`#preset option[value="custom"]`) != 0 || b.count("#office") != 0 {
		t.Error("the analyst is offered free filters")
	}
	before := b.text("#stats-period")
	b.set("#preset", "this_quarter")
	b.wantStatus("filter", b.click(`#stats-filter button`), 200)
	if got := b.text("#stats-period"); got == before || !strings.Contains(got, "Oktober") && !strings.Contains(got, "Juli") && !strings.Contains(got, "April") && !strings.Contains(got, "Januari") {
		t.Fatalf("period after the filter: %q (before %q)", got, before)
	}
	if got := row("category", gratification); got != "<3" {
		t.Errorf("gratification this quarter: %q", got)
	}

	// Back to this year, and the workbook as the browser downloads it.
	b.open("/stats?preset=year_to_date")
	link := b.attr("#stats-xlsx", "href")
	raw := eval[string](b, `(() => { const x = new XMLHttpRequest(); x.open('GET', `+jsString(link)+`, false);
		x.overrideMimeType('text/plain; charset=x-user-defined'); x.send(); return x.status === 200 ? x.responseText : ''; })()`)
	if raw == "" {
		t.Fatal("no workbook")
	}
	data := make([]byte, 0, len(raw))
	for _, r := range raw {
		data = append(data, byte(r&0xff))
	}
	book, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	rows, err := book.GetRows(msg(t, "id", "stats.sheet.category"))
	if err != nil {
		t.Fatal(err)
	}
	marks := map[string]string{}
	for _, r := range rows {
		if len(r) >= 2 {
			marks[r[0]] = r[1]
		}
	}
	if marks[gratification] != "<3" || marks[absence] != "–" {
		t.Errorf("category sheet: %q", rows)
	}
}
