package server_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"sigap/internal/db"
	"sigap/internal/identity"
	"sigap/internal/letters/letterstest"
	"sigap/internal/roster"
	"sigap/internal/testserver"
)

// Secrets typed into the examination's forms; none may be stored in clear.
const (
	secretPlace    = "ZZTEMPATRAHASIAZZ"
	secretExaminer = "ZZPEMERIKSAZZ"
	secretQuestion = "ZZPERTANYAANZZ"
	secretAnswer   = "ZZJAWABANZZ"
	secretWitness  = "ZZNAMASAKSIZZ"
	secretText     = "ZZKETERANGANSAKSIZZ"
	secretActing   = "ZZPLHKETIKZZ"
)

// The examination part of a case on the pages, on both engines: the
// examiner records the examination with its BAP (the accused refused to
// sign), takes a victim's statement, removes another after confirming, and
// releases the accused from duties only once a charge calls for berat; the
// decision ends the release. The sealed content is nowhere in the database
// in clear; reads and writes are audited; the letters read back; the
// accused gets the BAP and receipt but nothing of the witnesses; another
// government sees nothing.
func TestCaseExamination(t *testing.T) {
	eachEngine(t, func(t *testing.T, env *testserver.Env) {
		importRoster(t, env, withTeam(t, []roster.Row{
			{Line: 2, NIP: mustNIP(t, "197001011995031001"), Name: "Inspektur Uji", Status: roster.PNS, Position: "Inspektur", Kind: roster.JPTPratama, Unit: "Inspektorat", State: roster.Active},
			{Line: 3, NIP: mustNIP(t, "198504042010031004"), Name: "Staf Uji", Status: roster.PNS, Position: "Pengadministrasi Umum", Kind: roster.Pelaksana, Unit: "Inspektorat", SuperiorNIP: "197001011995031001", State: roster.Active},
			{Line: 4, NIP: mustNIP(t, "198802022012121002"), Name: "Kasubag Uji", Status: roster.PNS, Position: "Kepala Subbagian Umum", Kind: roster.Pengawas, Unit: "Inspektorat", SuperiorNIP: "197001011995031001", State: roster.Active},
		}))
		staff, _ := env.Store.EmployeeByNIP(t.Context(), env.Kab.ID, "198504042010031004")
		env.AddUser(t, "staf.uji", env.Kab.ID, identity.Employee)
		admin := env.Client(t)
		admin.SignIn("admin.kab")
		if res := admin.Post("/employees/"+strconv.FormatInt(staff.ID, 10)+"/account", url.Values{"username": {"staf.uji"}}); res.Status != http.StatusSeeOther {
			t.Fatalf("link: %d", res.Status)
		}
		env.AddUser(t, "pemutus.kab", env.Kab.ID, identity.Decider)
		ex, dec := env.Client(t), env.Client(t)
		ex.SignIn("examiner.kab")
		dec.SignIn("pemutus.kab")
		page := ex.Post("/cases/new", url.Values{"employee_id": {strconv.FormatInt(staff.ID, 10)}}).Location
		caseID := page[strings.LastIndex(page, "/")+1:]
		post := func(c *testserver.Client, path string, want int, v url.Values) *testserver.Response {
			t.Helper()
			res := c.Post(page+path, v)
			if res.Status != want {
				t.Fatalf("%s %v: %d, want %d (%s %s)", path, v, res.Status, want, res.Text(".alert"), res.Text(".field-error"))
			}
			return res
		}
		post(ex, "/charges", http.StatusSeeOther, url.Values{"code": {"K4f"}, "days_absent": {"4"}})

		// Ps 31: no release before the examination starts, nor while the
		// charges call for less than berat; the reason is said.
		post(ex, "/release", http.StatusConflict, url.Values{"release_day": {"2026-07-01"}, "acting": {"198802022012121002"}})
		post(ex, "/steps", http.StatusSeeOther, url.Values{"kind": {"summon"}, "day1": {"2026-07-01"}, "day2": {"2026-07-08"}})
		res := post(ex, "/release", http.StatusConflict, url.Values{"release_day": {"2026-07-01"}, "acting": {"198802022012121002"}})
		if !strings.Contains(res.Text(".alert"), "hukuman disiplin berat (PP 94/2021 Pasal 31)") {
			t.Errorf("the refusal does not say why: %q", res.Text(".alert"))
		}
		if got := ex.Get(page); got.Doc.Find(`form[action$="/release"]`).Length() != 0 || !strings.Contains(got.Body, "Pasal 31") {
			t.Error("the release form is offered for a ringan case")
		}
		// L5a (abuse of authority) is always berat.
		post(ex, "/charges", http.StatusSeeOther, url.Values{"code": {"L5a"}})
		formTeam(t, env, caseID)
		post(ex, "/release", http.StatusUnprocessableEntity, url.Values{"release_day": {"2026-06-30"}, "acting": {"198802022012121002"}})
		post(ex, "/release", http.StatusUnprocessableEntity, url.Values{"release_day": {"2026-07-02"}, "acting": {"198504042010031004"}}) // the accused
		post(ex, "/release", http.StatusUnprocessableEntity, url.Values{"release_day": {"2026-07-02"}, "acting": {""}})
		post(ex, "/release", http.StatusSeeOther, url.Values{"release_day": {"2026-07-02"}, "acting": {"198802022012121002"}})
		post(ex, "/release", http.StatusConflict, url.Values{"release_day": {"2026-07-03"}, "acting": {secretActing}})

		// A BAP whose questions cannot be read is refused, and what was
		// typed is shown again; nothing is recorded.
		bap := url.Values{"day1": {"2026-07-08"}, "mode": {"virtual"}, "place": {"Ruang rapat " + secretPlace},
			"examiners": {"Inspektur Uji\n" + secretExaminer + "\n"}, "signature": {"refused"},
			"qa": {"Saudara hadir?\nJ: ya"}}
		res = post(ex, "/bap", http.StatusUnprocessableEntity, bap)
		if res.Doc.Find(`textarea[name="qa"][aria-invalid="true"]`).Length() != 1 || !strings.Contains(res.Text(`textarea[name="qa"]`), "Saudara hadir?") ||
			!strings.Contains(res.Text(".field-error"), `"T:"`) {
			t.Errorf("bad questions: %q", res.Text(".field-error"))
		}
		bap.Set("qa", "T: "+secretQuestion+" mengapa tidak masuk?\nJ: "+secretAnswer+"\nT: Ada yang ingin disampaikan?\r\nJ: Tidak.")
		post(ex, "/bap", http.StatusSeeOther, bap)
		post(ex, "/statements", http.StatusUnprocessableEntity, url.Values{"name": {secretWitness}, "statement_day": {"2026-07-09"}, "text": {secretText}})
		post(ex, "/statements", http.StatusSeeOther, url.Values{"name": {secretWitness}, "role": {"victim"}, "statement_day": {"2026-07-09"}, "text": {secretText}})
		post(ex, "/statements", http.StatusSeeOther, url.Values{"name": {"Rekan Uji"}, "role": {"colleague"}, "statement_day": {"2026-07-09"}, "text": {"Keterangan yang salah catat."}})

		got := ex.Get(page)
		for _, want := range []string{secretQuestion, secretAnswer, secretPlace, secretExaminer, "Menolak menandatangani", secretWitness, secretText,
			"Kasubag Uji", "Sampai keputusan hukuman disiplin ditetapkan"} {
			if !strings.Contains(got.Body, want) {
				t.Errorf("the case page does not show %q", want)
			}
		}
		// A correction of the BAP, before the decision.
		bap.Set("signature", "refused")
		post(ex, "/bap", http.StatusSeeOther, bap)
		// Remove the colleague's statement, after the confirmation page,
		// which does not open it.
		var removal string
		got.Doc.Find(`ul.statements li`).Each(func(_ int, li *goquery.Selection) {
			if strings.Contains(li.Text(), "Rekan Uji") {
				removal = li.Find(`a[href$="/remove"]`).AttrOr("href", "")
			}
		})
		confirm := ex.Get(removal)
		if confirm.Status != http.StatusOK || !strings.Contains(confirm.Body, "Rekan kerja") || strings.Contains(confirm.Body, "Rekan Uji") {
			t.Fatalf("removal page %q: %d", removal, confirm.Status)
		}
		if res := ex.Post(removal, nil); res.Status != http.StatusSeeOther {
			t.Fatalf("remove: %d", res.Status)
		}
		if res := ex.Post(removal, nil); res.Status != http.StatusNotFound {
			t.Errorf("removing it again: %d", res.Status)
		}
		if got := ex.Get(page); strings.Contains(got.Body, "Rekan Uji") || !strings.Contains(got.Body, secretWitness) {
			t.Error("the wrong statement went")
		}

		// The BAP letter: the questions, the refusal; no witness.
		text := readPDF(t, ex, page+"/letters/bap", "BERITA ACARA PEMERIKSAAN", "/BAP", "Rabu, 8 Juli 2026", "secara virtual", secretPlace, secretExaminer,
			secretQuestion, secretAnswer, "L5a", "Staf Uji", "menolak menandatangani", "Pasal 32")
		if strings.Contains(text, secretWitness) || strings.Contains(text, secretText) {
			t.Error("the BAP letter names a witness")
		}
		readPDF(t, ex, page+"/letters/release", "PEMBEBASAN SEMENTARA DARI TUGAS JABATAN", "Kasubag Uji (Kepala Subbagian Umum)", "2 Juli 2026",
			"Inspektur Uji", "hak-hak kepegawaiannya")
		if res := ex.Get(page + "/letters/receipt"); res.Status != http.StatusConflict {
			t.Errorf("a receipt before delivery: %d", res.Status)
		}

		// The decision ends the release.
		post(dec, "/steps", http.StatusSeeOther, url.Values{"kind": {"decide"}, "sanction": {"B2"}, "day1": {"2026-07-10"}})
		got = ex.Get(page)
		if !strings.Contains(got.Text("#examination"), "Berakhir 10 Juli 2026") {
			t.Errorf("the release did not end with the decision: %q", got.Text("#examination"))
		}
		post(ex, "/bap", http.StatusConflict, bap)
		post(ex, "/steps", http.StatusSeeOther, url.Values{"kind": {"deliver"}, "day1": {"2026-07-13"}, "day2": {"2026-07-14"}})
		readPDF(t, ex, page+"/letters/receipt", "TANDA TERIMA", "/TT", "/HD", "B2 — ", "diterima pada tanggal 14 Juli 2026", "Staf Uji")
		if res := ex.Get(page + "/letters/objection"); res.Status != http.StatusConflict {
			t.Errorf("an objection decision before any objection: %d", res.Status)
		}
		post(ex, "/steps", http.StatusSeeOther, url.Values{"kind": {"object"}, "day1": {"2026-07-20"}})
		post(dec, "/steps", http.StatusSeeOther, url.Values{"kind": {"resolve"}, "outcome": {"lighten"}, "sanction": {"B1"}, "day1": {"2026-08-03"}})
		readPDF(t, dec, page+"/letters/objection", "PENYELESAIAN KEBERATAN ATAS HUKUMAN DISIPLIN", "/UA", "20 Juli 2026",
			"memperingan hukuman disiplin berupa B2", "menjadi B1", "3 Agustus 2026")
		// The decision letter stays the decision as it was set.
		if text := readPDF(t, dec, page+"/letters/decision", "PENJATUHAN HUKUMAN DISIPLIN", "B2 — "); strings.Contains(text, "B1 — ") {
			t.Error("the decision letter shows the sanction the objection set")
		}

		// The accused: the BAP and the receipt, nothing of the witnesses.
		me := env.Client(t)
		me.SignIn("staf.uji")
		own := me.Get("/my/cases")
		for _, kind := range []string{"bap", "release", "receipt", "objection"} {
			if own.Doc.Find(`a[href="/my/cases/`+caseID+`/letters/`+kind+`"]`).Length() != 1 {
				t.Errorf("the accused's view does not list the %s letter", kind)
			}
		}
		if strings.Contains(own.Body, secretWitness) || strings.Contains(own.Body, secretText) || strings.Contains(own.Body, "statements") {
			t.Error("the accused's view shows a witness")
		}
		text = readPDF(t, me, "/my/cases/"+caseID+"/letters/bap", "BERITA ACARA PEMERIKSAAN", secretQuestion)
		if strings.Contains(text, secretWitness) {
			t.Error("the accused's BAP names a witness")
		}
		readPDF(t, me, "/my/cases/"+caseID+"/letters/receipt", "TANDA TERIMA")
		if res := me.Get(page); res.Status != http.StatusForbidden {
			t.Errorf("the accused opening the case page: %d", res.Status)
		}
		// Another government sees nothing, does nothing.
		env.AddUser(t, "pemeriksa.kota", env.Kota.ID, identity.Examiner)
		other := env.Client(t)
		other.SignIn("pemeriksa.kota")
		for _, path := range []string{page, page + "/letters/bap", removal, "/my/cases/" + caseID + "/letters/bap"} {
			if res := other.Get(path); res.Status != http.StatusNotFound {
				t.Errorf("another government GET %s: %d", path, res.Status)
			}
		}
		if res := other.Post(page+"/statements", url.Values{"name": {"x"}, "role": {"other"}, "statement_day": {"2026-07-09"}, "text": {"x"}}); res.Status != http.StatusNotFound {
			t.Errorf("another government adding a statement: %d", res.Status)
		}

		// Audited: every write, and every opening for the page.
		counts := map[string]int{}
		rows, err := env.Store.DB().R.Query(`SELECT action FROM audit_events WHERE object_id = $1`, caseID)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var a string
			rows.Scan(&a)
			counts[a]++
		}
		rows.Close()
		for action, want := range map[string]int{"case.step.examine": 1, "case.bap.save": 2, "case.statement.add": 2, "case.statement.remove": 1,
			"case.release.set": 1, "case.letter.bap": 2, "case.letter.release": 1, "case.letter.receipt": 2, "case.letter.objection": 1} {
			if counts[action] != want {
				t.Errorf("%s audited %d times, want %d", action, counts[action], want)
			}
		}
		if counts["case.exam.read"] < 3 {
			t.Errorf("the page's openings were audited %d times", counts["case.exam.read"])
		}

		// Nothing typed into the examination is in the database in clear
		// (and the scan does find what is: the roster's names).
		if where := inDatabase(t, env.Store.DB(), "Kasubag Uji"); !strings.HasPrefix(where, "employees.") {
			t.Errorf("the scan does not find a name stored in clear (%q): it is broken", where)
		}
		for _, secret := range []string{secretPlace, secretExaminer, secretQuestion, secretAnswer, secretWitness, secretText} {
			if where := inDatabase(t, env.Store.DB(), secret); where != "" {
				t.Errorf("%q is stored in clear in %s", secret, where)
			}
		}
	})
}

// A release typed as a name keeps it sealed, and a summoned case whose
// BAP is recorded without questions still gets its letter.
func TestCaseReleaseByName(t *testing.T) {
	eachEngine(t, func(t *testing.T, env *testserver.Env) {
		importRoster(t, env, withTeam(t, []roster.Row{{Line: 2, NIP: mustNIP(t, "198504042010031004"), Name: "Staf Uji", Status: roster.PNS,
			Position: "Pengadministrasi Umum", Kind: roster.Pelaksana, Unit: "Inspektorat", State: roster.Active}}))
		staff, _ := env.Store.EmployeeByNIP(t.Context(), env.Kab.ID, "198504042010031004")
		ex := env.Client(t)
		ex.SignIn("examiner.kab")
		page := ex.Post("/cases/new", url.Values{"employee_id": {strconv.FormatInt(staff.ID, 10)}}).Location
		ex.Post(page+"/charges", url.Values{"code": {"K4i"}})
		formTeam(t, env, page[strings.LastIndex(page, "/")+1:])
		ex.Post(page+"/steps", url.Values{"kind": {"summon"}, "day1": {"2026-07-01"}, "day2": {"2026-07-08"}})
		if res := ex.Post(page+"/release", url.Values{"release_day": {"2026-07-01"}, "acting": {secretActing + ", Sekretaris"}}); res.Status != http.StatusSeeOther {
			t.Fatalf("release: %d %s", res.Status, res.Text(".alert"))
		}
		// The examination without its BAP: the letter has blanks to fill.
		if res := ex.Post(page+"/bap", url.Values{"day1": {"2026-07-08"}, "mode": {"in_person"}, "signature": {"signed"}}); res.Status != http.StatusSeeOther {
			t.Fatalf("examine: %d %s", res.Status, res.Text(".field-error"))
		}
		if got := ex.Get(page); !strings.Contains(got.Body, secretActing) || got.Doc.Find(`form[action$="/bap"]`).Length() != 1 {
			t.Error("the release's acting official or the BAP form is missing")
		}
		readPDF(t, ex, page+"/letters/bap", "BERITA ACARA PEMERIKSAAN", "tidak ada tanya jawab yang dicatat")
		readPDF(t, ex, page+"/letters/release", "menunjuk "+secretActing+", Sekretaris sebagai pelaksana harian")
		// Not proven: the case is closed without a sanction, and the
		// release ends with it.
		env.AddUser(t, "pemutus.kab", env.Kab.ID, identity.Decider)
		dec := env.Client(t)
		dec.SignIn("pemutus.kab")
		if res := dec.Post(page+"/steps", url.Values{"kind": {"dismiss"}}); res.Status != http.StatusSeeOther {
			t.Fatalf("dismiss: %d", res.Status)
		}
		if got := ex.Get(page); !strings.Contains(got.Text("#examination"), "Berakhir") || got.Doc.Find(`form[action$="/statements"]`).Length() != 0 {
			t.Errorf("after dismissal: %q", got.Text("#examination"))
		}
		if where := inDatabase(t, env.Store.DB(), secretActing); where != "" {
			t.Errorf("the acting official's name is stored in clear in %s", where)
		}
	})
}

// readPDF downloads a letter and checks its text.
func readPDF(t *testing.T, c *testserver.Client, path string, want ...string) string {
	t.Helper()
	res := c.Get(path)
	if res.Status != http.StatusOK || res.Header.Get("Content-Type") != "application/pdf" {
		t.Fatalf("%s: %d", path, res.Status)
	}
	text := letterstest.Text(t, []byte(res.Body))
	for _, w := range want {
		if !strings.Contains(text, w) {
			t.Errorf("%s lacks %q: %s", path, w, text)
		}
	}
	return text
}

// inDatabase returns the table and column holding s in clear, in any
// table of the database, on either engine; "" when none does.
func inDatabase(t *testing.T, d *db.DB, s string) string {
	t.Helper()
	q := `SELECT name FROM sqlite_master WHERE type = 'table'`
	if d.Engine == db.Postgres {
		q = `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`
	}
	rows, err := d.R.Query(q)
	if err != nil {
		t.Fatal(err)
	}
	var tables []string
	for rows.Next() {
		var n string
		rows.Scan(&n)
		tables = append(tables, n)
	}
	rows.Close()
	if len(tables) < 20 {
		t.Fatalf("found %d tables; the scan is broken", len(tables))
	}
	for _, table := range tables {
		r, err := d.R.Query(`SELECT * FROM "` + table + `"`)
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := r.Columns()
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		for r.Next() {
			if err := r.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			for i, v := range vals {
				if strings.Contains(fmt.Sprint(v), s) || strings.Contains(fmt.Sprintf("%s", v), s) {
					r.Close()
					return table + "." + cols[i]
				}
			}
		}
		r.Close()
	}
	return ""
}
