package server_test

import (
	"bytes"
	"encoding/csv"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/xuri/excelize/v2"

	"sigap/internal/app"
	"sigap/internal/calendar"
	"sigap/internal/identity"
	"sigap/internal/protection"
	"sigap/internal/store"
	"sigap/internal/testdb"
	"sigap/internal/testserver"
	"sigap/internal/vault"
)

// statsFixture is a government with two protection cases, each of its
// own worker: case A (one girl, sexual and psychological violence, a
// service) in one district, case B (a woman and a boy, physical) in
// another.
type statsFixture struct {
	env                  *testserver.Env
	year                 int
	caseA, caseB         string
	districtA, districtB string
	identityA            string // case A's victim's sealed identity
	worker1, worker2     identity.User
	lead, analyst        identity.User
}

func newStatsFixture(t *testing.T, env *testserver.Env) *statsFixture {
	t.Helper()
	ctx := t.Context()
	f := &statsFixture{env: env, year: env.Now().In(protection.WIB).Year()}
	f.worker1 = env.AddUser(t, "pendamping.satu", env.Kab.ID, identity.Protection)
	f.worker2 = env.AddUser(t, "pendamping.dua", env.Kab.ID, identity.Protection)
	f.lead = env.AddUser(t, "ketua.ppa", env.Kab.ID, identity.ProtectionLead)
	f.analyst = env.AddUser(t, "analis.kab", env.Kab.ID, identity.Analyst)
	districts, err := env.Store.RegionChildren(ctx, "36.04")
	if err != nil || len(districts) < 2 {
		t.Fatal(err)
	}
	village := func(d int) string {
		vs, err := env.Store.RegionChildren(ctx, districts[d].Code)
		if err != nil || len(vs) == 0 {
			t.Fatal(err)
		}
		return vs[0].Code
	}
	f.districtA, f.districtB = districts[0].Code, districts[1].Code
	reported := time.Date(f.year, 2, 3, 3, 0, 0, 0, time.UTC)
	a, err := env.Server.App.OpenProtectionCase(ctx, f.worker1, app.ProtectionCaseInput{Via: protection.ViaWalkIn,
		Incident: protection.Incident{OccurredOn: calendar.NewDate(f.year, 1, 20), ReportedAt: reported, VillageCode: village(0),
			Place: protection.School, Forms: []protection.Form{protection.Sexual, protection.Psychological}},
		Victims: []protection.Victim{{Name: "ZZKORBANAZZ", NIK: "3604054507100001", Sex: protection.Female, BirthDate: calendar.NewDate(2010, 7, 5),
			Age: -1, Disability: "sensorik", Contact: "ZZKONTAKZZ", Address: "ZZALAMATZZ", VillageCode: village(0)}},
		Perpetrators: []protection.Perpetrator{{Name: "ZZPELAKUZZ", Sex: protection.Male, Age: 40, Relation: "guru"}},
		Chronology:   "ZZKRONOLOGIZZ"})
	if err != nil {
		t.Fatal(err)
	}
	b, err := env.Server.App.OpenProtectionCase(ctx, f.worker2, app.ProtectionCaseInput{Via: protection.ViaOutreach,
		Incident: protection.Incident{OccurredOn: calendar.NewDate(f.year, 2, 1), ReportedAt: reported, VillageCode: village(1),
			Place: protection.Household, Forms: []protection.Form{protection.Physical}},
		Victims:      []protection.Victim{{Name: "ZZKORBANBZZ", Sex: protection.Female, Age: 30}, {Name: "ZZKORBANCZZ", Sex: protection.Male, Age: 8}},
		Perpetrators: []protection.Perpetrator{{Sex: protection.Male, Age: -1, Relation: "suami_istri"}, {Relation: "tidak_dikenal", Age: -1}}})
	if err != nil {
		t.Fatal(err)
	}
	f.caseA, f.caseB = a.PublicID, b.PublicID
	victims, err := env.Store.ProtectionVictims(ctx, a.ID)
	if err != nil || len(victims) != 1 {
		t.Fatal(err)
	}
	f.identityA = victims[0].IdentityID
	// A service (the services' own screens come separately).
	if _, err := env.Store.DB().W.ExecContext(ctx, `INSERT INTO protection_services (tenant_id, case_id, public_id, victim_id, kind, given_on, provider, created_at)
		VALUES ($1, $2, 'svc-uji-1', $3, 'kesehatan_visum', $4, 'RSUD Serang', $5)`, env.Kab.ID, a.ID, victims[0].ID, calendar.NewDate(f.year, 2, 4), env.Now()); err != nil {
		t.Fatal(err)
	}
	return f
}

var planted = regexp.MustCompile(`ZZ[A-Z]{3,}ZZ|3604054507100001`)

// The numbers page: exact counts for the filters, no link to any case or
// identity and nothing sealed, the export's links only for those who may
// export, and every bad filter refused beside its field.
func TestProtectionStatsPage(t *testing.T) {
	for _, e := range testdb.Engines() {
		t.Run(string(e), func(t *testing.T) {
			env := testserver.Start(t, e)
			f := newStatsFixture(t, env)
			analyst := env.Client(t)
			analyst.SignIn("analis.kab")
			year := "/protection/stats?year=" + strconv.Itoa(f.year)
			res := analyst.Get(year)
			if res.Status != http.StatusOK {
				t.Fatalf("analyst: %d %s", res.Status, res.Text(".alert"))
			}
			// The analyst does not work on cases: 1 and 2 are "<3", 3 and 0 exact.
			if got := res.Text(".summary"); !strings.Contains(got, "3 korban dalam <3 kasus") {
				t.Errorf("summary %q", got)
			}
			if res.Doc.Find("#small-note").Length() != 1 {
				t.Error("the analyst is not told why small counts are hidden")
			}
			res.Doc.Find("meter").Each(func(_ int, m *goquery.Selection) {
				if v := m.AttrOr("value", ""); v == "1" || v == "2" {
					t.Errorf("a bar shows a small count: %s", v)
				}
			})
			res.Doc.Find("a[href]").Each(func(_ int, a *goquery.Selection) {
				href, _ := a.Attr("href")
				if strings.HasPrefix(href, "/protection/") && !strings.HasPrefix(href, "/protection/stats") || strings.Contains(href, "/identities/") {
					t.Errorf("analyst's page links to %q", href)
				}
			})
			if planted.MatchString(res.Body) || strings.Contains(res.Body, f.caseA) || strings.Contains(res.Body, "PPA/") {
				t.Error("the numbers page shows a case's content or reference")
			}
			row := func(res *testserver.Response, table int, name string) string {
				var out string
				res.Doc.Find("table").Eq(table).Find("tr").Each(func(_ int, tr *goquery.Selection) {
					if strings.TrimSpace(tr.Find("td").First().Text()) == name {
						out = strings.Join(tr.Find("td.num").Map(func(_ int, td *goquery.Selection) string { return strings.TrimSpace(td.Text()) }), " ")
					}
				})
				return out
			}
			dA, _ := env.Store.Region(t.Context(), f.districtA)
			dB, _ := env.Store.Region(t.Context(), f.districtB)
			// Two cases are fewer than the threshold: any breakdown would
			// pin them (two districts each "<3" of a total "<3" are one
			// each), so the analyst gets the totals only.
			if res.Doc.Find("#too-few").Length() != 1 || res.Doc.Find("table").Length() != 0 {
				t.Errorf("analyst sees a breakdown of fewer than 3 cases")
			}
			// The API says the same: 3 victims, the cases hidden, no breakdown.
			api := apiClient{t: t, base: env.URL, token: tokenFor(t, env, "analis.kab")}
			st, body := api.call("GET", "/api/v1/stats/protection?year="+strconv.Itoa(f.year), "")
			if total, _ := body["total"].(map[string]any); st != http.StatusOK || body["too_few"] != true || body["districts"] != nil ||
				total["victims"].(map[string]any)["n"] != float64(3) || total["cases"].(map[string]any)["hidden"] != "small" {
				t.Errorf("api: %d %v", st, body)
			}
			if st, body := api.call("GET", "/api/v1/stats/protection?year=abc", ""); st != http.StatusUnprocessableEntity || errCode(t, body) != "invalid" {
				t.Errorf("bad year: %d %v", st, body)
			}
			// The analyst chooses a year only: finer views could be
			// subtracted from each other.
			for _, q := range []string{"&sex=P", "&district=" + f.districtB, "&form=fisik"} {
				res := analyst.Get(year + q)
				if res.Status != http.StatusUnprocessableEntity || res.Doc.Find(".summary").Length() != 0 {
					t.Errorf("analyst's %s: %d", q, res.Status)
				}
			}
			if res := analyst.Get("/protection/stats?from=2026-01-01&to=2026-01-10"); res.Status != http.StatusUnprocessableEntity {
				t.Errorf("analyst's days: %d", res.Status)
			}
			if analyst.Get(year).Doc.Find("#district, #from, #sex").Length() != 0 {
				t.Error("the analyst is offered finer filters")
			}

			// The lead works on the cases: exact numbers, no note.
			lead := env.Client(t)
			lead.SignIn("ketua.ppa")
			res = lead.Get(year)
			if got := res.Text(".summary"); !strings.Contains(got, "3 korban dalam 2 kasus") || res.Doc.Find("#small-note").Length() != 0 {
				t.Errorf("lead's summary %q", got)
			}
			if got := row(res, 0, dA.Name); got != "1 1" {
				t.Errorf("district A: %q", got)
			}
			if got := row(res, 0, dB.Name); got != "2 1" {
				t.Errorf("district B: %q", got)
			}
			if got := row(res, 1, "Seksual"); got != "1 1" {
				t.Errorf("sexual: %q", got)
			}
			if got := row(res, 2, "13-17 tahun"); got != "1 0 1" {
				t.Errorf("13-17: %q", got)
			}
			if got := row(res, 2, "6-12 tahun"); got != "0 1 1" {
				t.Errorf("6-12: %q", got)
			}
			if got := row(res, 3, "Februari "+strconv.Itoa(f.year)); got != "2 1" {
				t.Errorf("February: %q", got)
			}
			if analyst.Get(year).Doc.Find(`a[href^="/protection/export"]`).Length() != 0 {
				t.Error("the analyst is offered the export")
			}
			for q, want := range map[string]string{
				"&sex=L":                              "1 korban dalam 1 kasus",
				"&sex=P":                              "2 korban dalam 2 kasus",
				"&form=seksual":                       "1 korban dalam 1 kasus",
				"&age=25-44":                          "1 korban dalam 1 kasus",
				"&district=" + f.districtB:            "2 korban dalam 1 kasus",
				"&district=" + f.districtB + "&sex=P": "1 korban dalam 1 kasus",
			} {
				if got := lead.Get(year + q).Text(".summary"); !strings.Contains(got, want) {
					t.Errorf("%s: %q, want %q", q, got, want)
				}
			}
			// Services given, by the day given: the one visum of February.
			if got := strings.TrimSpace(res.Doc.Find("#services-table tfoot td").Text()); got != "1" {
				t.Errorf("services total %q", got)
			}
			if lead.Get(year+"&sex=P").Doc.Find("#services-filtered").Length() != 1 {
				t.Error("services shown under a filter they are not counted by")
			}
			from := url.Values{"from": {strconv.Itoa(f.year) + "-01-21"}, "to": {strconv.Itoa(f.year) + "-02-01"}}
			if got := lead.Get("/protection/stats?" + from.Encode()).Text(".summary"); !strings.Contains(got, "2 korban dalam 1 kasus") {
				t.Errorf("range: %q", got)
			}

			for q, field := range map[string]string{
				"year=abc":                                "year",
				"year=1999":                               "year",
				"from=2026-02-30&to=2026-03-01":           "from",
				"from=2026-03-01&to=kemarin":              "to",
				"from=2026-03-01&to=2026-02-01":           "to",
				"year=2026&from=2026-01-01&to=2026-02-01": "year",
				"district=99.99.99":                       "district",
				"district=36.04":                          "district", // a regency, not a district
				"district=36.73.01":                       "district", // Kota Serang's
				"form=pukulan":                            "form",
				"sex=X":                                   "sex",
				"age=18-60":                               "age",
			} {
				res := lead.Get("/protection/stats?" + q) // who may filter freely
				if res.Status != http.StatusUnprocessableEntity || res.Doc.Find("#"+field+" ~ .field-error").Length() != 1 {
					t.Errorf("%s: %d, error beside %s: %q", q, res.Status, field, res.Text(".field-error"))
				}
				if res.Text(".summary") != "" {
					t.Errorf("%s: numbers shown with a bad filter", q)
				}
			}

			// The lead and a worker are offered the export.
			if res := lead.Get(year); res.Doc.Find(`a[href^="/protection/export?format=xlsx"]`).Length() != 1 {
				t.Error("the lead is not offered the export")
			}
			// Someone without the capability sees nothing.
			examiner := env.Client(t)
			examiner.SignIn("examiner.kab")
			if res := examiner.Get(year); res.Status != http.StatusForbidden {
				t.Errorf("examiner: %d", res.Status)
			}
		})
	}
}

// readExport parses an export back into rows of text.
func readExport(t *testing.T, res *testserver.Response, format string) [][]string {
	t.Helper()
	if res.Status != http.StatusOK {
		t.Fatalf("export: %d %s %s", res.Status, res.Location, res.Text(".alert"))
	}
	if !strings.Contains(res.Header.Get("Content-Disposition"), "attachment") || res.Header.Get("Cache-Control") != "no-store" {
		t.Errorf("headers %v", res.Header)
	}
	if format == "csv" {
		if !strings.HasPrefix(res.Body, "\ufeff") {
			t.Fatal("CSV without BOM")
		}
		rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(res.Body, "\ufeff"))).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		return rows
	}
	x, err := excelize.OpenReader(bytes.NewReader([]byte(res.Body)))
	if err != nil {
		t.Fatal(err)
	}
	rows, err := x.GetRows("Simfoni PPA")
	if err != nil {
		t.Fatal(err)
	}
	for i := range rows { // GetRows drops trailing empty cells
		for len(rows[i]) < len(protection.SimfoniColumns) {
			rows[i] = append(rows[i], "")
		}
	}
	return rows
}

func col(name string) int { return slices.Index(protection.SimfoniColumns, name) }

// The export: one row per victim in Simfoni's columns, the government's
// codes applied, identities empty without a running approval and filled
// (each opening audited) with one, the worker's own cases only, the
// export audited with its filter and never its content.
func TestProtectionExport(t *testing.T) {
	for _, e := range testdb.Engines() {
		t.Run(string(e), func(t *testing.T) {
			env := testserver.Start(t, e)
			ctx := t.Context()
			f := newStatsFixture(t, env)
			q := "&year=" + strconv.Itoa(f.year)

			// The admin gives sexual violence and girls their Simfoni codes.
			admin := env.Client(t)
			admin.SignIn("admin.kab")
			if res := admin.Get("/admin/protection-codes"); res.Status != http.StatusOK || res.Doc.Find(`input[name="form.seksual"]`).Length() != 1 {
				t.Fatalf("codes page: %d", res.Status)
			}
			if res := admin.Post("/admin/protection-codes", url.Values{"form.seksual": {"a;b"}}); res.Status != http.StatusUnprocessableEntity ||
				res.Doc.Find(`input[name="form.seksual"] ~ .field-error`).Length() != 1 {
				t.Errorf("a code with a separator: %d", res.Status)
			}
			if res := admin.Post("/admin/protection-codes", url.Values{"form.seksual": {strings.Repeat("9", 41)}}); res.Status != http.StatusUnprocessableEntity {
				t.Errorf("a long code: %d", res.Status)
			}
			if res := admin.Post("/admin/protection-codes", url.Values{"form.seksual": {" 3 "}, "sex.P": {"2"}, "service.kesehatan_visum": {"KES-V"}}); res.Status != http.StatusSeeOther {
				t.Fatalf("save codes: %d %s", res.Status, res.Text(".field-error"))
			}
			if res := admin.Get("/admin/protection-codes"); res.Doc.Find(`input[name="form.seksual"]`).AttrOr("value", "") != "3" {
				t.Error("saved code not shown")
			}

			lead := env.Client(t)
			lead.SignIn("ketua.ppa")
			rows := readExport(t, lead.Get("/protection/export?format=xlsx"+q), "xlsx")
			if len(rows) != 4 || strings.Join(rows[0], "|") != strings.Join(protection.SimfoniColumns, "|") {
				t.Fatalf("%d rows, header %q", len(rows), rows[0])
			}
			a := rows[1]
			number, _ := env.Store.ProtectionCaseByID(ctx, env.Kab.ID, f.caseA)
			dA, _ := env.Store.Region(ctx, f.districtA)
			for name, want := range map[string]string{
				"No. Registrasi": number.Number, "Tanggal Kejadian": strconv.Itoa(f.year) + "-01-20", "Tanggal Pelaporan": strconv.Itoa(f.year) + "-02-03",
				"Kategori Lokasi Kasus": "sekolah", "Kecamatan Kejadian": dA.Name, "Kabupaten/Kota": "Kabupaten Serang", "Provinsi": "Banten",
				"Bentuk Kekerasan": "psikis, 3", "Jenis Kelamin Korban": "2", "Kelompok Usia Korban": "13-17",
				"Disabilitas Korban": "", "Usia Korban": "", "Jenis Kelamin Pelaku": "L", "Usia Pelaku": "40", "Hubungan Pelaku dengan Korban": "guru",
				"Jenis Layanan": "KES-V", "Tanggal Layanan": strconv.Itoa(f.year) + "-02-04", "Penyedia Layanan": "RSUD Serang",
				"Nama Korban": "", "NIK Korban": "", "Kontak Korban": "", "Alamat Korban": "", "Tanggal Lahir Korban": "",
			} {
				if got := a[col(name)]; got != want {
					t.Errorf("%s: %q, want %q", name, got, want)
				}
			}
			if a[col("Desa/Kelurahan Kejadian")] == "" {
				t.Errorf("village empty: %q", a)
			}
			// Exact age and disability are sealed details: without a grant
			// no row carries them (case B's victims have ages too).
			for _, r := range rows[1:] {
				if r[col("Usia Korban")] != "" || r[col("Disabilitas Korban")] != "" || r[col("Kelompok Usia Korban")] == "" {
					t.Errorf("age or disability without a grant: %q", r)
				}
			}
			if got := rows[2][col("Hubungan Pelaku dengan Korban")]; got != "suami_istri; tidak_dikenal" {
				t.Errorf("two perpetrators: %q", got)
			}
			if got := rows[2][col("Usia Pelaku")]; got != "" {
				t.Errorf("unknown ages: %q", got)
			}
			for _, r := range rows {
				if planted.MatchString(strings.Join(r, "|")) {
					t.Fatalf("identity in the export without a grant: %q", r)
				}
			}

			// With an approved request the lead's export names case A's victim,
			// and the opening is audited.
			req, err := env.Store.RequestUnseal(ctx, store.Actor{UserID: f.lead.ID, TenantID: env.Kab.ID}, env.Kab.ID, f.identityA, vault.NewSecret("Rujukan ke kepolisian memerlukan identitas korban."))
			if err != nil {
				t.Fatal(err)
			}
			if err := env.Store.DecideUnseal(ctx, store.Actor{UserID: env.Users["custodian.kab"].ID, TenantID: env.Kab.ID}, env.Kab.ID, req.PublicID, true, vault.NewSecret(""), time.Hour); err != nil {
				t.Fatal(err)
			}
			rows = readExport(t, lead.Get("/protection/export?format=csv"+q), "csv")
			if len(rows) != 4 {
				t.Fatalf("%d rows", len(rows))
			}
			a = rows[1]
			for name, want := range map[string]string{"Nama Korban": "ZZKORBANAZZ", "NIK Korban": "3604054507100001", "Kontak Korban": "ZZKONTAKZZ",
				"Tanggal Lahir Korban": "2010-07-05", "Usia Korban": strconv.Itoa(protection.AgeOn(calendar.NewDate(2010, 7, 5), calendar.NewDate(f.year, 1, 20))),
				"Disabilitas Korban": "sensorik", "Kelompok Usia Korban": "13-17"} {
				if a[col(name)] != want {
					t.Errorf("%s: %q, want %q", name, a[col(name)], want)
				}
			}
			if !strings.HasPrefix(a[col("Alamat Korban")], "ZZALAMATZZ, ") {
				t.Errorf("address %q", a[col("Alamat Korban")])
			}
			for _, r := range rows[2:] {
				if r[col("Nama Korban")] != "" || r[col("Usia Korban")] != "" {
					t.Errorf("an identity without a grant: %q", r)
				}
			}
			reads, _ := env.Store.AuditEvents(ctx, store.AuditFilter{Chain: env.Kab.ID, Action: "identity.read", ObjectID: f.identityA, Limit: 10})
			if len(reads) != 1 || reads[0].ActorID != f.lead.ID {
				t.Errorf("identity reads: %+v", reads)
			}
			exports, _ := env.Store.AuditEvents(ctx, store.AuditFilter{Chain: env.Kab.ID, Action: "protection.export", Limit: 10})
			if len(exports) != 2 || !strings.Contains(exports[0].ObjectID, "format=csv") || !strings.Contains(exports[1].ObjectID, "from="+strconv.Itoa(f.year)+"-01-01") ||
				!strings.Contains(exports[0].ObjectID, "scope=all") {
				t.Errorf("export events: %+v", exports)
			}
			for _, ev := range exports {
				if planted.MatchString(ev.ObjectID) {
					t.Errorf("content in the audit trail: %q", ev.ObjectID)
				}
			}
			// The grant ends: the identity is empty again.
			env.Advance(2 * time.Hour)
			lead.SignIn("ketua.ppa") // the session has idled out too
			rows = readExport(t, lead.Get("/protection/export?format=csv"+q), "csv")
			if rows[1][col("Nama Korban")] != "" || rows[1][col("Usia Korban")] != "" || rows[1][col("Disabilitas Korban")] != "" {
				t.Error("an expired grant still opens the identity")
			}

			// A worker exports their own cases only; a filter narrows it.
			w2 := env.Client(t)
			w2.SignIn("pendamping.dua")
			rows = readExport(t, w2.Get("/protection/export?format=xlsx"+q), "xlsx")
			if len(rows) != 3 || rows[1][col("Bentuk Kekerasan")] != "fisik" {
				t.Errorf("worker's export: %q", rows)
			}
			rows = readExport(t, w2.Get("/protection/export?format=csv&sex=L"+q), "csv")
			if len(rows) != 2 || rows[1][col("Jenis Kelamin Korban")] != "L" || rows[1][col("Kelompok Usia Korban")] != "6-12" || rows[1][col("Usia Korban")] != "" {
				t.Errorf("filtered: %q", rows)
			}
			exports, _ = env.Store.AuditEvents(ctx, store.AuditFilter{Chain: env.Kab.ID, Action: "protection.export", ActorID: f.worker2.ID, Limit: 10})
			if len(exports) != 2 || !strings.Contains(exports[0].ObjectID, "sex=L") || !strings.Contains(exports[0].ObjectID, "scope=own") {
				t.Errorf("worker's export events: %+v", exports)
			}

			// Bad input: an unknown format, a bad filter; the analyst may not.
			if res := w2.Get("/protection/export?format=pdf" + q); res.Status != http.StatusUnprocessableEntity || res.Text(".field-error") == "" {
				t.Errorf("format pdf: %d", res.Status)
			}
			if res := w2.Get("/protection/export?format=csv&district=36.73.01" + q); res.Status != http.StatusUnprocessableEntity ||
				res.Doc.Find("#district ~ .field-error").Length() != 1 {
				t.Errorf("district outside: %d", res.Status)
			}
			analyst := env.Client(t)
			analyst.SignIn("analis.kab")
			if res := analyst.Get("/protection/export?format=csv" + q); res.Status != http.StatusForbidden {
				t.Errorf("analyst export: %d", res.Status)
			}
			n, _ := env.Store.AuditEvents(ctx, store.AuditFilter{Chain: env.Kab.ID, Action: "protection.export", Limit: 100})
			if len(n) != 5 {
				t.Errorf("%d export events: refused exports must not be recorded as exports", len(n))
			}
		})
	}
}
