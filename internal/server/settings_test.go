package server_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"sigap/internal/discipline"
	"sigap/internal/identity"
	"sigap/internal/letters/letterstest"
	"sigap/internal/report"
	"sigap/internal/roster"
	"sigap/internal/store"
	"sigap/internal/testserver"
)

func auditCount(t *testing.T, env *testserver.Env, action string) int {
	t.Helper()
	var n int
	if err := env.Store.DB().R.QueryRow(`SELECT COUNT(*) FROM audit_events WHERE action = $1`, action).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

var settingsDefaults = url.Values{"number_format": {discipline.DefaultNumberFormat}, "effect_day": {"hk"}, "summons_rule": {"latest"}, "sedang_set": {"pp53"},
	"remind_days": {"2"}, "inaction_days": {"7"}}

func settingsWith(kv ...string) url.Values {
	v := url.Values{}
	for k, s := range settingsDefaults {
		v[k] = s
	}
	for i := 0; i+1 < len(kv); i += 2 {
		v.Set(kv[i], kv[i+1])
	}
	return v
}

// The admin sets the government's case-number format: a bad one is
// refused with the reason and changes nothing, a preview shows the next
// number without saving, and a saved format numbers the cases opened
// afterwards while the numbers already given stay.
func TestProcedureSettingsNumbers(t *testing.T) {
	eachEngine(t, func(t *testing.T, env *testserver.Env) {
		importRoster(t, env, []roster.Row{{Line: 2, NIP: mustNIP(t, "197001011995031001"), Name: "Inspektur Uji", Status: roster.PNS,
			Position: "Inspektur", Kind: roster.JPTPratama, Unit: "Inspektorat", State: roster.Active}})
		insp, _ := env.Store.EmployeeByNIP(t.Context(), env.Kab.ID, "197001011995031001")
		wib := env.Now().Add(7 * time.Hour)
		year := strconv.Itoa(wib.Year())
		roman := []string{"I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"}[wib.Month()-1]

		ex := env.Client(t)
		ex.SignIn("examiner.kab")
		if res := ex.Get("/admin/procedure"); res.Status != http.StatusForbidden {
			t.Errorf("the examiner opens the settings: %d", res.Status)
		}
		if res := ex.Post("/admin/procedure", settingsWith("number_format", "X/{year}/{seq}")); res.Status != http.StatusForbidden {
			t.Errorf("the examiner changes the settings: %d", res.Status)
		}
		first, err := env.Store.OpenCase(t.Context(), store.System, env.Kab.ID, insp.ID)
		if err != nil {
			t.Fatal(err)
		}
		if first.Number != "KD/"+year+"/0001" {
			t.Fatalf("default number %q", first.Number)
		}

		admin := env.Client(t)
		admin.SignIn("admin.kab")
		page := admin.Get("/admin/procedure")
		if page.Status != http.StatusOK || page.Doc.Find(`input[name="number_format"]`).AttrOr("value", "") != discipline.DefaultNumberFormat ||
			page.Text("#number-preview") != "KD/"+year+"/0002" {
			t.Fatalf("settings page: %d %q", page.Status, page.Text("#number-preview"))
		}
		// Every setting names its source; the unsettled readings say so.
		for _, src := range []string{"PP 94/2021 Ps 38(1)", "PP 94/2021 Ps 26(2)", "PP 94/2021 Ps 42", "PP 79/2021 Ps 4(2)", "PP 79/2021 Ps 13(4)"} {
			if !strings.Contains(page.Body, src) {
				t.Errorf("the page does not cite %s", src)
			}
		}
		if n := page.Doc.Find("fieldset .badge").Length(); n != 3 {
			t.Errorf("%d settings marked unconfirmed, want 3", n)
		}

		for format, want := range map[string]string{
			"KD/{year}/{nomor}": "{nomor}",
			"800/{seq:03}":      "{year}",
			"800/{year}":        "{seq}",
			"800 {year}/{seq}":  `" "`,
		} {
			res := admin.Post("/admin/procedure", settingsWith("number_format", format))
			if res.Status != http.StatusUnprocessableEntity || !strings.Contains(res.Text("#number_format-error"), want) ||
				res.Doc.Find(`input[name="number_format"][aria-invalid="true"]`).Length() != 1 {
				t.Errorf("%q: %d %q", format, res.Status, res.Text("#number_format-error"))
			}
		}
		if st, _ := env.Store.ProcedureSettings(t.Context(), env.Kab.ID); st != discipline.DefaultSettings() || auditCount(t, env, "procedure.settings") != 0 {
			t.Fatalf("a refused format changed the settings: %+v", st)
		}

		format := "800/{seq:03}/BKPSDM/{roman_month}/{year}"
		res := admin.Post("/admin/procedure", settingsWith("number_format", format, "action", "preview"))
		if res.Status != http.StatusOK || res.Text("#number-preview") != "800/002/BKPSDM/"+roman+"/"+year {
			t.Errorf("preview: %d %q", res.Status, res.Text("#number-preview"))
		}
		if st, _ := env.Store.ProcedureSettings(t.Context(), env.Kab.ID); st.NumberFormat != discipline.DefaultNumberFormat {
			t.Error("the preview saved the format")
		}
		if res := admin.Post("/admin/procedure", settingsWith("number_format", format)); res.Status != http.StatusSeeOther {
			t.Fatalf("save: %d %s", res.Status, res.Text(".field-error"))
		}
		if auditCount(t, env, "procedure.settings") != 1 {
			t.Error("the change is not audited")
		}
		second, err := env.Store.OpenCase(t.Context(), store.System, env.Kab.ID, insp.ID)
		if err != nil {
			t.Fatal(err)
		}
		if second.Number != "800/002/BKPSDM/"+roman+"/"+year {
			t.Errorf("number after the change %q", second.Number)
		}
		if again, _ := env.Store.DisciplineCaseByID(t.Context(), env.Kab.ID, first.PublicID); again.Number != "KD/"+year+"/0001" {
			t.Errorf("a number given before the change became %q", again.Number)
		}
		// Another government keeps its own format.
		other, _ := env.Store.ProcedureSettings(t.Context(), env.Kota.ID)
		if other.NumberFormat != discipline.DefaultNumberFormat {
			t.Errorf("the other government's format: %q", other.NumberFormat)
		}
		// A choice outside the options is refused.
		if res := admin.Post("/admin/procedure", settingsWith("effect_day", "week")); res.Status != http.StatusUnprocessableEntity {
			t.Errorf("an unknown effect-day choice: %d", res.Status)
		}
	})
}

// A decided case, delivered on 8 June 2026: the effect day follows the
// government's reading of Ps 38(1) (30 June on the 15th working day,
// 23 June on the 15th day), in the record and in the letter; a keberatan
// filed after its 14 working days is not admissible; the letter carries
// the admin's own wording of a block, and one with an unknown
// placeholder is refused.
func TestEffectDayAndLetterTexts(t *testing.T) {
	eachEngine(t, func(t *testing.T, env *testserver.Env) {
		importRoster(t, env, []roster.Row{
			{Line: 2, NIP: mustNIP(t, "197001011995031001"), Name: "Inspektur Uji", Status: roster.PNS, Position: "Inspektur", Kind: roster.JPTPratama, Unit: "Inspektorat", State: roster.Active},
			{Line: 3, NIP: mustNIP(t, "198504042010031004"), Name: "Staf Uji", Status: roster.PNS, Position: "Pengadministrasi Umum", Kind: roster.Pelaksana, Unit: "Inspektorat", SuperiorNIP: "197001011995031001", State: roster.Active},
		})
		staff, _ := env.Store.EmployeeByNIP(t.Context(), env.Kab.ID, "198504042010031004")
		form := env.Client(t).Get("/lapor/kab-serang")
		env.Client(t).Post("/lapor/kab-serang", goodReport(t, form))
		reports, _, _ := env.Store.Reports(t.Context(), env.Kab.ID, store.ReportQuery{})
		if err := env.Store.LinkReportEmployee(t.Context(), store.System, env.Kab.ID, reports[0].PublicID, staff.ID); err != nil {
			t.Fatal(err)
		}
		o, err := env.Store.AddOutcome(t.Context(), store.System, env.Kab.ID, reports[0].PublicID, report.Outcome{Kind: report.OpenDisciplineCase})
		if err != nil {
			t.Fatal(err)
		}
		page := "/cases/" + o.CasePublicID
		env.AddUser(t, "pemutus.kab", env.Kab.ID, identity.Decider)
		ex, dec, admin := env.Client(t), env.Client(t), env.Client(t)
		ex.SignIn("examiner.kab")
		dec.SignIn("pemutus.kab")
		admin.SignIn("admin.kab")
		step := func(c *testserver.Client, want int, v url.Values) *testserver.Response {
			t.Helper()
			res := c.Post(page+"/steps", v)
			if res.Status != want {
				t.Fatalf("%v: %d, want %d (%s %s)", v, res.Status, want, res.Text(".alert"), res.Text(".field-error"))
			}
			return res
		}
		if res := ex.Post(page+"/charges", url.Values{"code": {"K4f"}, "days_absent": {"4"}}); res.Status != http.StatusSeeOther {
			t.Fatal(res.Status)
		}
		// Ps 26(2) read as a minimum notice: an examination two working
		// days after the letter is refused, with the earliest day.
		if res := admin.Post("/admin/procedure", settingsWith("summons_rule", "notice")); res.Status != http.StatusSeeOther {
			t.Fatal(res.Status)
		}
		if res := step(ex, http.StatusUnprocessableEntity, url.Values{"kind": {"summon"}, "day1": {"2026-05-18"}, "day2": {"2026-05-20"}}); !strings.Contains(res.Body, "paling cepat") {
			t.Errorf("the notice reading is not explained: %s", res.Text(".field-error"))
		}
		if res := admin.Post("/admin/procedure", settingsWith()); res.Status != http.StatusSeeOther {
			t.Fatal(res.Status)
		}
		step(ex, http.StatusSeeOther, url.Values{"kind": {"summon"}, "day1": {"2026-05-18"}, "day2": {"2026-05-20"}})
		step(ex, http.StatusSeeOther, url.Values{"kind": {"examine"}, "day1": {"2026-05-20"}})
		step(dec, http.StatusSeeOther, url.Values{"kind": {"decide"}, "sanction": {"R2"}, "day1": {"2026-06-05"}})
		step(ex, http.StatusSeeOther, url.Values{"kind": {"deliver"}, "day1": {"2026-06-08"}, "day2": {"2026-06-08"}})

		record := func() string {
			t.Helper()
			emp := ex.Get("/employees/" + strconv.FormatInt(staff.ID, 10))
			return emp.Doc.Find(`a[href="` + page + `"]`).Closest("tr").Text()
		}
		if got := record(); !strings.Contains(got, "30 Juni 2026") {
			t.Errorf("Ps 38(1) on the 15th working day: %q", got)
		}
		if res := admin.Post("/admin/procedure", settingsWith("effect_day", "day")); res.Status != http.StatusSeeOther {
			t.Fatal(res.Status)
		}
		if got := record(); !strings.Contains(got, "23 Juni 2026") {
			t.Errorf("Ps 38(1) on the 15th day: %q", got)
		}

		// PP 79/2021 Ps 4(2)–(3): the keberatan filed on 30 June, after the
		// 14 working days ending on 29 June, is recorded as not admissible.
		step(ex, http.StatusSeeOther, url.Values{"kind": {"object"}, "day1": {"2026-06-30"}})
		got := ex.Get(page)
		// R2 imposed by the Inspektur: a keberatan to his superior (PP 79 Ps 3(3)).
		if r := got.Text("#remedy"); !strings.Contains(r, "Keberatan") || !strings.Contains(r, "atasan pejabat") {
			t.Errorf("remedy: %q", r)
		}
		if a := got.Text("#remedy .alert"); !strings.Contains(a, "tidak dapat diterima") || !strings.Contains(a, "29 Juni 2026") {
			t.Errorf("late keberatan: %q", a)
		}
		if got.Doc.Find(`input[name="kind"][value="object"]`).Length() != 0 || got.Doc.Find(`input[name="kind"][value="resolve"]`).Length() != 0 {
			t.Error("a second remedy or an outcome is offered after an inadmissible keberatan")
		}
		if !strings.Contains(record(), "23 Juni 2026") {
			t.Error("the decision does not stand after an inadmissible keberatan")
		}

		// The admin words the effect paragraph; an unknown placeholder is
		// refused with its name, and nothing is stored.
		if res := ex.Post("/admin/letters/decision.effect", url.Values{"body": {"x"}}); res.Status != http.StatusForbidden {
			t.Errorf("the examiner edits a letter: %d", res.Status)
		}
		res := admin.Post("/admin/letters/decision.effect", url.Values{"body": {"Berlaku pada {hari_berlaku} bagi {nama_lengkap}."}})
		if res.Status != http.StatusUnprocessableEntity || !strings.Contains(res.Text(".field-error"), "{nama_lengkap}") ||
			res.Doc.Find(`textarea#body-decision\.effect[aria-invalid="true"]`).Length() != 1 {
			t.Fatalf("unknown placeholder: %d %q", res.Status, res.Text(".field-error"))
		}
		// A character no letter can print is refused, not a server error.
		if res := admin.Post("/admin/letters/decision.effect", url.Values{"body": {"Berlaku\x00 pada {hari_berlaku}."}}); res.Status != http.StatusUnprocessableEntity ||
			!strings.Contains(res.Text(".field-error"), "tidak dapat dicetak") {
			t.Errorf("a NUL in a wording: %d %q", res.Status, res.Text(".field-error"))
		}
		if own, _ := env.Store.LetterTexts(t.Context(), env.Kab.ID); len(own) != 0 {
			t.Fatalf("a refused text was stored: %v", own)
		}
		own := "Keputusan ini berlaku bagi Saudara {nama} pada {hari_berlaku} setelah diterima."
		if res := admin.Post("/admin/letters/decision.effect", url.Values{"body": {own}}); res.Status != http.StatusSeeOther {
			t.Fatalf("save: %d %s", res.Status, res.Text(".field-error"))
		}
		if auditCount(t, env, "letter.text.set") != 1 {
			t.Error("the text change is not audited")
		}
		letter := ex.Get(page + "/letters/decision")
		text := letterstest.Text(t, []byte(letter.Body))
		for _, want := range []string{"Keputusan ini berlaku bagi Saudara Staf Uji pada hari ke-15 setelah diterima.",
			"R2 — teguran tertulis", "mengajukan keberatan kepada atasan pejabat yang menetapkan keputusan ini secara tertulis paling lambat 14 hari kerja"} {
			if !strings.Contains(text, want) {
				t.Errorf("the letter lacks %q: %s", want, text)
			}
		}
		preview := admin.Get("/admin/letter-preview/decision")
		if preview.Status != http.StatusOK || !strings.Contains(letterstest.Text(t, []byte(preview.Body)), "berlaku bagi Saudara Nama Pegawai pada hari ke-15") {
			t.Errorf("preview: %d", preview.Status)
		}
		if res := admin.Get("/admin/letter-preview/summons"); res.Status != http.StatusOK || !strings.Contains(letterstest.Text(t, []byte(res.Body)), "SURAT PANGGILAN II") {
			t.Errorf("summons preview: %d", res.Status)
		}

		// Restoring the default asks first, then prints the default again.
		confirm := admin.Get("/admin/letters/decision.effect/reset")
		if confirm.Status != http.StatusOK || confirm.Doc.Find(`form[action="/admin/letters/decision.effect/reset"] button`).Length() != 1 {
			t.Fatalf("reset confirmation: %d", confirm.Status)
		}
		if res := admin.Post("/admin/letters/decision.effect/reset", nil); res.Status != http.StatusSeeOther {
			t.Fatalf("reset: %d", res.Status)
		}
		text = letterstest.Text(t, []byte(ex.Get(page+"/letters/decision").Body))
		if strings.Contains(text, "berlaku bagi Saudara") || !strings.Contains(text, "mulai berlaku pada hari ke-15 terhitung sejak tanggal diterima") {
			t.Errorf("after the reset: %s", text)
		}
		if auditCount(t, env, "letter.text.reset") != 1 {
			t.Error("the reset is not audited")
		}
	})
}

// A dismissal is appealed to BPASN (PP 79/2021 Ps 10): received on
// 2 March 2026, the banding is filed by 27 March (Ps 11(3), across Nyepi
// and Idul Fitri) and decided by 8 July (Ps 13(4)); BPASN annuls but does
// not revoke (Ps 16(1)).
func TestBandingOnCasePage(t *testing.T) {
	eachEngine(t, func(t *testing.T, env *testserver.Env) {
		importRoster(t, env, withTeam(t, nil))
		form := env.Client(t).Get("/lapor/kab-serang")
		env.Client(t).Post("/lapor/kab-serang", goodReport(t, form))
		reports, _, _ := env.Store.Reports(t.Context(), env.Kab.ID, store.ReportQuery{})
		o, err := env.Store.AddOutcome(t.Context(), store.System, env.Kab.ID, reports[0].PublicID, report.Outcome{Kind: report.OpenDisciplineCase})
		if err != nil {
			t.Fatal(err)
		}
		page := "/cases/" + o.CasePublicID
		env.AddUser(t, "pemutus.kab", env.Kab.ID, identity.Decider)
		ex, dec := env.Client(t), env.Client(t)
		ex.SignIn("examiner.kab")
		dec.SignIn("pemutus.kab")
		step := func(c *testserver.Client, want int, v url.Values) {
			t.Helper()
			if res := c.Post(page+"/steps", v); res.Status != want {
				t.Fatalf("%v: %d, want %d (%s %s)", v, res.Status, want, res.Text(".alert"), res.Text(".field-error"))
			}
		}
		if res := ex.Post(page+"/charges", url.Values{"code": {"K4f"}, "days_absent": {"28"}}); res.Status != http.StatusSeeOther {
			t.Fatal(res.Status)
		}
		formTeam(t, env, o.CasePublicID)
		step(ex, http.StatusSeeOther, url.Values{"kind": {"summon"}, "day1": {"2026-02-16"}, "day2": {"2026-02-19"}})
		step(ex, http.StatusSeeOther, url.Values{"kind": {"examine"}, "day1": {"2026-02-19"}})
		step(dec, http.StatusSeeOther, url.Values{"kind": {"decide"}, "sanction": {"B3"}, "day1": {"2026-02-24"}})
		step(ex, http.StatusSeeOther, url.Values{"kind": {"deliver"}, "day1": {"2026-03-02"}, "day2": {"2026-03-02"}})
		if r := ex.Get(page).Text("#remedy"); !strings.Contains(r, "Banding administratif") || !strings.Contains(r, "BPASN") ||
			!strings.Contains(r, "27 Maret 2026") || !strings.Contains(r, "PP 79/2021 Ps 11(3)") {
			t.Errorf("before filing: %q", r)
		}
		step(ex, http.StatusSeeOther, url.Values{"kind": {"object"}, "day1": {"2026-03-27"}})
		got := dec.Get(page)
		if r := got.Text("#remedy"); !strings.Contains(r, "8 Juli 2026") || !strings.Contains(r, "PP 79/2021 Ps 13(4)") {
			t.Errorf("after filing: %q", r)
		}
		if got.Doc.Find(`select#r-outcome option[value="revoke"]`).Length() != 0 || got.Doc.Find(`select#r-outcome option[value="annul"]`).Length() != 1 {
			t.Error("BPASN's outcomes are not those of Ps 16(1)")
		}
		step(dec, http.StatusUnprocessableEntity, url.Values{"kind": {"resolve"}, "outcome": {"revoke"}, "day1": {"2026-06-01"}})
		step(dec, http.StatusSeeOther, url.Values{"kind": {"resolve"}, "outcome": {"annul"}, "day1": {"2026-06-02"}})
		if c, _ := env.Store.DisciplineCaseByID(t.Context(), env.Kab.ID, o.CasePublicID); c.Status != "closed" {
			t.Errorf("status after annulment: %s", c.Status)
		}
	})
}

// PPPK are not covered by PP 94/2021: the admin keeps the government's own
// list (PP 49/2018 Ps 52), and a case about a PPPK is charged under it,
// while a case about a PNS keeps PP 94/2021's catalogue.
func TestPPPKCatalogue(t *testing.T) {
	eachEngine(t, func(t *testing.T, env *testserver.Env) {
		importRoster(t, env, []roster.Row{
			{Line: 2, NIP: mustNIP(t, "197001011995031001"), Name: "Inspektur Uji", Status: roster.PNS, Position: "Inspektur", Kind: roster.JPTPratama, Unit: "Inspektorat", State: roster.Active},
			{Line: 3, NIP: mustNIP(t, "199001012022031001"), Name: "Kontrak Uji", Status: roster.PPPK, Position: "Pengelola Umum", Kind: roster.Pelaksana, Unit: "Inspektorat", SuperiorNIP: "197001011995031001", State: roster.Active},
		})
		insp, _ := env.Store.EmployeeByNIP(t.Context(), env.Kab.ID, "197001011995031001")
		pppk, _ := env.Store.EmployeeByNIP(t.Context(), env.Kab.ID, "199001012022031001")
		admin, ex := env.Client(t), env.Client(t)
		admin.SignIn("admin.kab")
		ex.SignIn("examiner.kab")

		pppkCase, err := env.Store.OpenCase(t.Context(), store.System, env.Kab.ID, pppk.ID)
		if err != nil {
			t.Fatal(err)
		}
		page := "/cases/" + pppkCase.PublicID
		if got := ex.Get(page); got.Doc.Find(`select#code option[value!=""]`).Length() != 0 || !strings.Contains(got.Text("#pppk-note"), "belum ditetapkan") {
			t.Errorf("a PPPK case before the list is set: %d options, %q", got.Doc.Find(`select#code option[value!=""]`).Length(), got.Text("#pppk-note"))
		}

		bad := url.Values{"pppk_rows": {"3"}, "pppk_code.0": {"P1"}, "pppk_text.0": {"Tidak masuk kerja 5 hari"}, "pppk_level.0": {"ringan"},
			"pppk_code.1": {"p1"}, "pppk_text.1": {"Lagi"}, "pppk_level.1": {"sedang"}, "pppk_code.2": {"P3"}, "pppk_text.2": {"Tanpa tingkat"}}
		res := admin.Post("/admin/procedure/pppk", bad)
		if res.Status != http.StatusUnprocessableEntity || res.Doc.Find(`input[name="pppk_code.1"][aria-invalid="true"]`).Length() != 1 ||
			res.Doc.Find(`select[name="pppk_level.2"][aria-invalid="true"]`).Length() != 1 || res.Doc.Find(`input[name="pppk_text.1"]`).AttrOr("value", "") != "Lagi" {
			t.Fatalf("bad rows: %d", res.Status)
		}
		if got, _ := env.Store.PPPKCatalogue(t.Context(), env.Kab.ID); len(got) != 0 {
			t.Fatalf("a refused list was stored: %v", got)
		}
		good := url.Values{"pppk_rows": {"3"}, "pppk_code.0": {"P1"}, "pppk_text.0": {"Tidak masuk kerja 5 hari"}, "pppk_level.0": {"ringan"},
			"pppk_code.2": {"P2"}, "pppk_text.2": {"Melanggar larangan perjanjian kerja"}, "pppk_level.2": {"berat"}}
		if res := admin.Post("/admin/procedure/pppk", good); res.Status != http.StatusSeeOther {
			t.Fatalf("save: %d %s", res.Status, res.Text(".field-error"))
		}
		if auditCount(t, env, "procedure.pppk") != 1 {
			t.Error("the PPPK list change is not audited")
		}
		if got := admin.Get("/admin/procedure"); got.Doc.Find(`input[name="pppk_code.1"]`).AttrOr("value", "") != "P2" {
			t.Error("the saved list is not shown")
		}
		if ex.Post("/admin/procedure/pppk", good).Status != http.StatusForbidden {
			t.Error("the examiner changes the PPPK list")
		}

		got := ex.Get(page)
		if opts := got.Doc.Find(`select#code option[value!=""]`); opts.Length() != 2 || opts.First().AttrOr("value", "") != "P1" {
			t.Errorf("PPPK options: %d", opts.Length())
		}
		if res := ex.Post(page+"/charges", url.Values{"code": {"K4f"}, "days_absent": {"14"}}); res.Status != http.StatusUnprocessableEntity {
			t.Errorf("a PP 94 code on a PPPK: %d", res.Status)
		}
		if res := ex.Post(page+"/charges", url.Values{"code": {"P2"}}); res.Status != http.StatusSeeOther {
			t.Fatalf("a PPPK charge: %d %s", res.Status, res.Text(".field-error"))
		}
		if row := ex.Get(page).Doc.Find("section.card table tbody tr").First().Text(); !strings.Contains(row, "Melanggar larangan perjanjian kerja") || !strings.Contains(row, "Berat") {
			t.Errorf("the PPPK charge: %q", row)
		}

		pnsCase, err := env.Store.OpenCase(t.Context(), store.System, env.Kab.ID, insp.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got := ex.Get("/cases/" + pnsCase.PublicID); got.Doc.Find(`select#code option[value="K4f"]`).Length() != 1 || got.Doc.Find(`select#code option[value="P1"]`).Length() != 0 {
			t.Error("a PNS case is not charged under PP 94/2021")
		}
	})
}

// Ps 42: who may impose each sanction names the sedang sanctions the
// government applies, on the employee page as in its decisions.
func TestSedangSetNamesAuthorities(t *testing.T) {
	eachEngine(t, func(t *testing.T, env *testserver.Env) {
		importRoster(t, env, []roster.Row{{Line: 2, NIP: mustNIP(t, "197001011995031001"), Name: "Inspektur Uji", Status: roster.PNS,
			Position: "Inspektur", Kind: roster.JPTPratama, Unit: "Inspektorat", State: roster.Active}})
		e, err := env.Store.EmployeeByNIP(t.Context(), env.Kab.ID, "197001011995031001")
		if err != nil {
			t.Fatal(err)
		}
		admin := env.Client(t)
		admin.SignIn("admin.kab")
		page := "/employees/" + strconv.FormatInt(e.ID, 10)
		if got := admin.Get(page).Text("section.card table tbody"); !strings.Contains(got, "penundaan kenaikan gaji berkala") || strings.Contains(got, "tunjangan kinerja") {
			t.Errorf("with the PP 53/2010 set: %q", got)
		}
		if res := admin.Post("/admin/procedure", settingsWith("sedang_set", "pp94")); res.Status != http.StatusSeeOther {
			t.Fatal(res.Status)
		}
		if got := admin.Get(page).Text("section.card table tbody"); !strings.Contains(got, "pemotongan tunjangan kinerja") {
			t.Errorf("with the PP 94/2021 set: %q", got)
		}
	})
}
