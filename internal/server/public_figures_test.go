package server_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"sigap/internal/report"
	"sigap/internal/store"
	"sigap/internal/testserver"
)

// plantedMarker matches the markers planted in report texts.
var plantedMarker = regexp.MustCompile(`ZZ[A-Z]{3,}ZZ`)

// figureCells returns the count and share cells of the row named name in
// the table with the id.
func figureCells(res *testserver.Response, table, name string) []string {
	var out []string
	res.Doc.Find("#" + table + " tr").Each(func(_ int, tr *goquery.Selection) {
		if strings.TrimSpace(tr.Find("th").First().Text()) == name {
			tr.Find("td").Each(func(_ int, td *goquery.Selection) { out = append(out, strings.TrimSpace(td.Text())) })
		}
	})
	return out
}

// seedFigures makes five reports this year in Kabupaten Serang: four of
// sexual violence in its first district, one of absence with no district;
// and one in Kota Serang. Each text carries a marker.
func seedFigures(t *testing.T, env *testserver.Env) (district string) {
	t.Helper()
	ctx := t.Context()
	ds, err := env.Store.RegionChildren(ctx, env.Kab.RegionCode)
	if err != nil || len(ds) == 0 {
		t.Fatal("no districts", err)
	}
	add := func(tenant int64, category, district, marker string) {
		checked, err := (report.Submission{Category: category, What: "Kejadian di kantor " + marker + ".", AccusedName: "Nama " + marker,
			ReporterIsVictim: "no", Mode: "anonymous"}).Check(report.DefaultCategories, nil, env.Now())
		if err != nil {
			t.Fatal(err)
		}
		checked.DistrictCode = district
		if _, _, err := env.Store.CreateReport(ctx, store.System, tenant, checked); err != nil {
			t.Fatal(err)
		}
	}
	for i := range 4 {
		add(env.Kab.ID, "sexual_violence", ds[0].Code, "ZZKEKERASAN"+strings.Repeat("X", i)+"ZZ")
	}
	add(env.Kab.ID, "absence", "", "ZZMANGKIRZZ")
	add(env.Kota.ID, "absence", "", "ZZKOTAZZ")
	return ds[0].Name
}

// The public figures page, without signing in: the year's five reports by
// kind (absence's one as "<3", sexual violence's four as "–" so that the
// total of five does not give the one back), by district the same, by
// quarter in the open; no report text; unknown governments and bad years
// refused with a message; English by the language switch.
func TestPublicFiguresPage(t *testing.T) {
	eachEngine(t, func(t *testing.T, env *testserver.Env) {
		district := seedFigures(t, env)
		year := strconv.Itoa(env.Now().In(time.FixedZone("WIB", 7*3600)).Year())
		quarter := "Triwulan " + strconv.Itoa((int(env.Now().In(time.FixedZone("WIB", 7*3600)).Month())+2)/3)

		c := env.Client(t)
		res := c.Get("/angka/kab-serang")
		if res.Status != http.StatusOK {
			t.Fatalf("page: %d", res.Status)
		}
		if cc := res.Header.Get("Cache-Control"); cc != "public, max-age=300" {
			t.Errorf("Cache-Control %q", cc)
		}
		if m := plantedMarker.FindString(res.Body); m != "" {
			t.Errorf("report text %q on the public page", m)
		}
		if got := res.Text("#figures-total"); !strings.Contains(got, "5 pengaduan") || !strings.Contains(got, year) {
			t.Errorf("summary %q", got)
		}
		want := map[[2]string][]string{
			{"by-category-table", "Tidak masuk kerja atau meninggalkan tugas"}: {"<3", "<3"},
			{"by-category-table", "Pelecehan atau kekerasan seksual"}:          {"–", "–"},
			{"by-category-table", "Gratifikasi, pungutan liar atau pemerasan"}: {"0", "0,0%"},
			{"by-category-table", "Jumlah"}:                                    {"5", "100%"},
			{"by-district-table", district}:                                    {"–", "–"},
			{"by-district-table", "Tidak disebutkan atau di luar wilayah"}:     {"<3", "<3"},
			{"by-district-table", "Jumlah"}:                                    {"5", "100%"},
			{"by-quarter-table", quarter}:                                      {"5", "100,0%"},
			{"fate-table", "Masih ditangani, belum ada kasus disiplin"}:        {"5", "100,0%"},
			{"fate-table", "Terbukti: hukuman disiplin berat"}:                 {"0", "0,0%"},
		}
		for k, w := range want {
			if got := figureCells(res, k[0], k[1]); strings.Join(got, "|") != strings.Join(w, "|") {
				t.Errorf("%s %q: %q, want %q", k[0], k[1], got, w)
			}
		}
		// The chart draws no bar for a hidden count, and shows its mark.
		if n := res.Doc.Find("#by-category svg rect.bar").Length(); n != 0 {
			t.Errorf("%d bars drawn for kinds whose counts are all hidden or zero", n)
		}
		if n := res.Doc.Find("#by-quarter svg rect.bar").Length(); n != 1 {
			t.Errorf("%d bars for the quarters, want 1", n)
		}
		if got := res.Text("#fate-sums"); !strings.Contains(got, "0") {
			t.Errorf("sums %q", got)
		}
		if res.Doc.Find(`a[href="/lapor/kab-serang"]`).Length() == 0 || res.Doc.Find(`a[href="/lapor/kab-serang/status"]`).Length() == 0 {
			t.Error("no way to report or check a report")
		}
		// The second answer comes from the cache, the same bytes.
		if again := c.Get("/angka/kab-serang?year=" + year); again.Body != res.Body {
			t.Error("the page changed between two requests")
		}
		// Another government's page counts its own report only, and its
		// one report is below the threshold: nothing is broken down.
		kota := c.Get("/angka/kota-serang")
		if kota.Status != http.StatusOK || !strings.Contains(kota.Text("#figures-total"), "<3 pengaduan") || kota.Doc.Find("#by-category-table").Length() != 0 {
			t.Errorf("kota: %d %q", kota.Status, kota.Text("#figures-total"))
		}

		for path, status := range map[string]int{"/angka/tidak-ada": http.StatusNotFound, "/angka/kab-serang?year=abc": http.StatusBadRequest,
			"/angka/kab-serang?year=1999": http.StatusNotFound, "/angka/kab-serang?year=99999": http.StatusBadRequest} {
			r := c.Get(path)
			if r.Status != status {
				t.Errorf("%s: %d, want %d", path, r.Status, status)
			}
			if status != http.StatusNotFound || strings.Contains(path, "year") {
				if msg := r.Doc.Find("main p").First().Text(); !strings.Contains(msg, "Tahun") && !strings.Contains(msg, "tahun") {
					t.Errorf("%s: no message about the year: %q", path, msg)
				}
			}
		}

		// English, by the switch, back on the same page.
		sw := c.Post("/lang", url.Values{"lang": {"en"}, "back": {"/angka/kab-serang?year=" + year}})
		if sw.Status != http.StatusSeeOther || sw.Location != "/angka/kab-serang?year="+year {
			t.Fatalf("switch: %d %q", sw.Status, sw.Location)
		}
		en := c.Get(sw.Location)
		if en.Status != http.StatusOK || en.Text("h1") != "Figures" || en.Doc.Find("html[lang=en]").Length() != 1 {
			t.Fatalf("English: %d %q", en.Status, en.Text("h1"))
		}
		if got := figureCells(en, "by-category-table", "Absence from work"); strings.Join(got, "|") != "<3|<3" {
			t.Errorf("English absence: %q", got)
		}
		if !strings.Contains(en.Text("#figures-total"), "5 reports") || plantedMarker.MatchString(en.Body) {
			t.Errorf("English summary %q", en.Text("#figures-total"))
		}

		// Signed in, the page is not shared with anyone else.
		staff := env.Client(t)
		staff.SignIn("admin.kab")
		if r := staff.Get("/angka/kab-serang"); r.Status != http.StatusOK || r.Header.Get("Cache-Control") != "no-store" {
			t.Errorf("signed in: %d %q", r.Status, r.Header.Get("Cache-Control"))
		}
	})
}

// The threshold form: a value out of bounds is refused with its message
// and changes nothing; a good one is audited and the public page hides
// by it at once.
func TestStatisticsSettingsForm(t *testing.T) {
	eachEngine(t, func(t *testing.T, env *testserver.Env) {
		seedFigures(t, env)
		public := env.Client(t)
		if got := public.Get("/angka/kab-serang").Text("#figures-total"); !strings.Contains(got, "5 pengaduan") {
			t.Fatalf("before: %q", got)
		}
		emp := env.Client(t)
		emp.SignIn("employee.kab")
		if r := emp.Get("/admin/statistics"); r.Status != http.StatusForbidden {
			t.Errorf("employee: %d", r.Status)
		}
		c := env.Client(t)
		c.SignIn("admin.kab")
		page := c.Get("/admin/statistics")
		if page.Status != http.StatusOK || page.Doc.Find(`input[name="min_count"]`).AttrOr("value", "") != "3" {
			t.Fatalf("form: %d", page.Status)
		}
		if page.Doc.Find(`nav a[href="/admin/statistics"]`).Length() != 1 {
			t.Error("no menu entry")
		}
		for _, bad := range []string{"2", "21", "lima", ""} {
			r := c.Post("/admin/statistics", url.Values{"min_count": {bad}})
			if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Text(".field-error"), "3 sampai 20") {
				t.Errorf("%q: %d %q", bad, r.Status, r.Text(".field-error"))
			}
			if r.Doc.Find(`input[name="min_count"]`).AttrOr("value", "?") != bad {
				t.Errorf("%q: the value typed is not shown again", bad)
			}
		}
		if n, _ := env.Store.StatsMin(t.Context(), env.Kab.ID); n != 3 || auditCount(t, env, "statistics.settings") != 0 {
			t.Fatalf("after refusals: threshold %d, %d audit events", n, auditCount(t, env, "statistics.settings"))
		}
		r := c.Post("/admin/statistics", url.Values{"min_count": {"6"}})
		if r.Status != http.StatusSeeOther || r.Location != "/admin/statistics" {
			t.Fatalf("save: %d %q", r.Status, r.Location)
		}
		if got := c.Get("/admin/statistics"); got.Text(".flash") != "Batas statistik disimpan." || got.Doc.Find(`input[name="min_count"]`).AttrOr("value", "") != "6" {
			t.Errorf("after save: %q", got.Text(".flash"))
		}
		if n, _ := env.Store.StatsMin(t.Context(), env.Kab.ID); n != 6 || auditCount(t, env, "statistics.settings") != 1 {
			t.Errorf("after save: threshold %d, %d audit events", n, auditCount(t, env, "statistics.settings"))
		}
		// Five reports are now below the threshold: no table breaks them
		// down, on the very next request.
		after := public.Get("/angka/kab-serang")
		if got := after.Text("#figures-total"); !strings.Contains(got, "<6 pengaduan") || after.Doc.Find("#by-category-table").Length() != 0 {
			t.Errorf("public page after the change: %q", got)
		}
		if !strings.Contains(after.Text("#hidden-note"), "kurang dari 6") {
			t.Errorf("note %q", after.Text("#hidden-note"))
		}
	})
}
