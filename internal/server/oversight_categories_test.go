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

// The rollup breaks each government's reports down by category side by
// side, each hidden exactly as its own public page hides it, with its own
// threshold: Kabupaten Serang's two "other" as "<3" and the five of
// absence hidden with them (its thirteen reports are public), its six of
// gratification shown although Kota Serang's threshold of 5 is the
// rollup's; Kota Serang's single report is too few to break down at all.
// The same in the workbook and the API.
func TestOversightCategories(t *testing.T) {
	eachEngine(t, func(t *testing.T, env *testserver.Env) {
		ctx := t.Context()
		file := func(tenant int64, category string, n int) {
			for range n {
				checked, err := (report.Submission{Category: category, What: "Laporan uji ZZKATEGORIZZ.", AccusedName: "Pegawai Uji", ReporterIsVictim: "no", Mode: "anonymous"}).
					Check(report.DefaultCategories, nil, time.Now())
				if err != nil {
					t.Fatal(err)
				}
				if _, _, err := env.Store.CreateReport(ctx, store.System, tenant, checked); err != nil {
					t.Fatal(err)
				}
			}
		}
		file(env.Kab.ID, "other", 2)
		file(env.Kab.ID, "absence", 5)
		file(env.Kab.ID, "gratification", 6)
		file(env.Kota.ID, "other", 1)
		if err := env.Store.SetStatsMin(ctx, store.System, env.Kota.ID, 5); err != nil {
			t.Fatal(err)
		}
		o := env.AddUser(t, "pengawas", 0, identity.Oversight)
		op := env.Client(t)
		op.SignIn("operator")
		if res := op.Post("/admin/users/"+strconv.FormatInt(o.ID, 10)+"/oversight", url.Values{"region": {"36"}}); res.Status != http.StatusSeeOther {
			t.Fatalf("set Banten: %d", res.Status)
		}
		ov := env.Client(t)
		ov.SignIn("pengawas")
		res := ov.Get("/oversight")
		if res.Status != http.StatusOK {
			t.Fatalf("rollup: %d", res.Status)
		}
		var heads []string
		res.Doc.Find("#oversight-categories thead th").Each(func(i int, th *goquery.Selection) {
			if i > 0 {
				heads = append(heads, strings.TrimSpace(th.Text()))
			}
		})
		rows := map[string]map[string]string{}
		var kota string
		res.Doc.Find("#oversight-categories tbody tr").Each(func(_ int, tr *goquery.Selection) {
			name := strings.TrimSpace(tr.Find("th").Contents().First().Text())
			rows[name] = map[string]string{}
			tr.Find("td").Each(func(i int, td *goquery.Selection) {
				if i < len(heads) {
					rows[name][heads[i]] = strings.TrimSpace(td.Text())
				}
			})
			if strings.Contains(name, "Kota") {
				kota = tr.Find("td").Text()
			}
		})
		kab := rows["Pemerintah Kabupaten Serang"]
		if kab["Lainnya"] != "<3" || kab["Tidak masuk kerja atau meninggalkan tugas"] != "–" || kab["Gratifikasi, pungutan liar atau pemerasan"] != "6" ||
			kab["Pelecehan atau kekerasan seksual"] != "0" {
			t.Errorf("Kabupaten's categories: %v (columns %q)", kab, heads)
		}
		if !strings.Contains(kota, "terlalu sedikit") {
			t.Errorf("Kota's single report broken down: %q", kota)
		}
		// The very cells of Kabupaten Serang's public page.
		pub := env.Client(t).Get("/angka/kab-serang?year=" + strconv.Itoa(time.Now().Year()))
		n := 0
		pub.Doc.Find("#by-category-table tbody tr").Each(func(_ int, tr *goquery.Selection) {
			name, count := strings.TrimSpace(tr.Find("th").Text()), strings.TrimSpace(tr.Find("td").First().Text())
			if got, ok := kab[name]; !ok || got != count {
				t.Errorf("%s: rollup %q, public page %q", name, got, count)
			}
			n++
		})
		if n != len(report.DefaultCategories) {
			t.Errorf("public page: %d category rows (status %d)", n, pub.Status)
		}
		if strings.Contains(res.Body, "ZZKATEGORIZZ") {
			t.Error("report text on the rollup")
		}

		x := ov.Get("/oversight/export")
		book, err := excelize.OpenReader(bytes.NewReader([]byte(x.Body)))
		if err != nil {
			t.Fatalf("export: %d %v", x.Status, err)
		}
		sheets := book.GetSheetList()
		if len(sheets) != 2 {
			t.Fatalf("sheets %q", sheets)
		}
		xr, _ := book.GetRows(sheets[1])
		found := 0
		for _, r := range xr {
			switch {
			case len(r) > 2 && r[0] == "Pemerintah Kabupaten Serang":
				if strings.Join(r, "|") != "Pemerintah Kabupaten Serang|36.04|0|0|0|–|6|0|<3" {
					t.Errorf("workbook Kabupaten: %q (header %q)", r, xr[0])
				}
				found++
			case len(r) > 2 && r[0] == "Pemerintah Kota Serang" && strings.Contains(r[2], "terlalu sedikit"):
				found++
			}
		}
		if found != 2 {
			t.Errorf("workbook: %q", xr)
		}

		api := apiClient{t: t, base: env.URL, token: tokenFor(t, env, "pengawas")}
		st, body := api.call("GET", "/api/v1/stats/oversight", "")
		if st != http.StatusOK || len(body["categories"].([]any)) != len(report.DefaultCategories) {
			t.Fatalf("api: %d %v", st, body["categories"])
		}
		for _, g := range body["governments"].([]any) {
			g := g.(map[string]any)
			bc := g["by_category"].(map[string]any)
			switch g["name"] {
			case "Pemerintah Kota Serang":
				if bc["withheld"] != true || len(bc["counts"].([]any)) != 0 || bc["least"] != float64(5) {
					t.Errorf("api Kota: %v", bc)
				}
			default:
				got := map[string]string{}
				for _, c := range bc["counts"].([]any) {
					c := c.(map[string]any)
					v := c["count"].(map[string]any)
					switch {
					case v["n"] != nil:
						got[c["code"].(string)] = strconv.Itoa(int(v["n"].(float64)))
					case v["hidden"] == "small":
						got[c["code"].(string)] = "<" + strconv.Itoa(int(v["below"].(float64)))
					default:
						got[c["code"].(string)] = v["hidden"].(string)
					}
				}
				if got["other"] != "<3" || got["absence"] != "protected" || got["gratification"] != "6" || bc["withheld"] != false {
					t.Errorf("api Kabupaten: %v", got)
				}
			}
		}
	})
}
