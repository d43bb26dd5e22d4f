package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"sigap/internal/calendar"
	"sigap/internal/identity"
	"sigap/internal/letters"
	"sigap/internal/letters/letterstest"
	"sigap/internal/nip"
	"sigap/internal/roster"
	"sigap/internal/store"
	"sigap/internal/testserver"
)

// TestWholeCase follows a report to an effective sanction in the browser:
// the desk links the accused and opens a case; the examiner records the
// charge, summons and examines with the record of the examination (BAP),
// and takes a colleague's statement; the decider decides; the examiner delivers
// and records an objection; the decider lightens the sanction. Every
// letter is downloaded as the browser gets it and read with pdftotext.
func TestWholeCase(t *testing.T) {
	t.Parallel()
	env := start(t)
	if _, problems, err := env.Store.ImportEmployees(t.Context(), store.System, env.Kab.ID, []roster.Row{
		{Line: 2, NIP: nipOf(t, "197001011995031001"), Name: "Inspektur Uji", Status: roster.PNS, Position: "Inspektur", Kind: roster.JPTPratama, Unit: "Inspektorat", State: roster.Active},
		{Line: 3, NIP: nipOf(t, "198504042010031004"), Name: "Staf Uji", Status: roster.PNS, Position: "Pengadministrasi Umum", Kind: roster.Pelaksana,
			Unit: "Inspektorat", SuperiorNIP: "197001011995031001", State: roster.Active},
	}, store.ImportOptions{}); err != nil || len(problems) > 0 {
		t.Fatal(err, problems)
	}
	// Every step on today's date: the procedure is checked against the
	// calendar as it runs, and a decision delivered long ago would already
	// be in effect, past any objection.
	today := calendar.DateOf(env.Now(), time.FixedZone("WIB", 7*3600))
	day := today.String()
	env.AddUser(t, "meja.kab", env.Kab.ID, identity.Intake)
	env.AddUser(t, "pemutus.kab", env.Kab.ID, identity.Decider)

	reporter := newBrowser(t, env)
	reporter.open("/lapor/kab-serang")
	reporter.check(`input[name="category"][value="absence"]`)
	reporter.fill("#what", "Staf di Inspektorat tidak masuk kerja selama dua minggu tanpa keterangan.")
	reporter.fill("#accused_name", "Staf Uji")
	reporter.check(`input[name="reporter_is_victim"][value="no"]`)
	reporter.click(`form.report-form button.primary`)

	desk := newBrowser(t, env)
	desk.signIn("meja.kab", testserver.Password)
	desk.open("/reports")
	desk.click(`table a[href^="/reports/"]`)
	desk.fill("#employee_q", "staf")
	desk.click(`form[role="search"] button`)
	desk.click(`form[action$="/employee"] button`)
	desk.check(`input[name="kind"][value="discipline_case"]`)
	desk.click(`form[action$="/outcomes"] button.primary`)

	ex := newBrowser(t, env)
	ex.signIn("examiner.kab", testserver.Password)
	ex.open("/cases")
	ex.click(`table tbody td a`)
	casePath := ex.path()
	ex.set("#code", "K4f")
	ex.fill("#days_absent", "14")
	ex.click(`form[action$="/charges"] button.primary`)
	ex.set("#s-letter", day)
	ex.set("#s-exam", day)
	ex.click(`form.step button.primary`)
	readLetter(t, ex, casePath+"/letters/summons1", "SURAT PANGGILAN I", "Staf Uji", letters.HariTanggal(today), "Inspektur Uji")
	// The examination with its record (BAP): the accused refused to sign.
	ex.set("#e-day", day)
	ex.set("#bap-mode", "virtual")
	ex.fill("#bap-place", "Ruang rapat Inspektorat")
	ex.fill("#bap-examiners", "Inspektur Uji\nSekretaris Inspektorat")
	ex.fill("#bap-qa", "T: Mengapa Saudara tidak masuk kerja?\nJ: Orang tua saya sakit.\nT: Ada surat keterangan?\nJ: Tidak ada.")
	ex.check(`input[name="signature"][value="refused"]`)
	ex.click(`form.step button.primary`)
	ex.wantText(".flash", msg(t, "id", "flash.bap_recorded"))
	readLetter(t, ex, casePath+"/letters/bap", "BERITA ACARA PEMERIKSAAN", "secara virtual", "Ruang rapat Inspektorat", "Sekretaris Inspektorat",
		"Mengapa Saudara tidak masuk kerja?", "Orang tua saya sakit.", "Ada surat keterangan?", "menolak menandatangani")
	// A colleague's statement, kept out of the BAP.
	run(ex, "open the statement form", chromedp.Click(chromedp.CSS(`details:has(form[action$="/statements"]) > summary`)))
	ex.fill("#st-name", "Rekan Uji")
	ex.set("#st-role", "colleague")
	ex.set("#st-day", day)
	ex.fill("#st-text", "Staf Uji tidak terlihat di kantor selama dua minggu.")
	ex.click(`form[action$="/statements"] button.primary`)
	ex.wantText(".flash", msg(t, "id", "flash.statement_added"))
	if !strings.Contains(ex.text("ul.statements"), "Rekan Uji") {
		t.Error("the statement is not listed on the case page")
	}
	ex.shot("case-examined")

	dec := newBrowser(t, env)
	dec.signIn("pemutus.kab", testserver.Password)
	dec.open(casePath)
	dec.set("#x-sanction", "S2")
	dec.set("#x-day", day)
	dec.click(`form.step button.primary`)
	dec.wantText(".flash", msg(t, "id", "flash.step_recorded"))
	readLetter(t, dec, casePath+"/letters/decision", "PENJATUHAN HUKUMAN DISIPLIN", "Staf Uji", "S2 — penundaan kenaikan pangkat selama 1 tahun")

	ex.open(casePath)
	ex.set("#d-day", day)
	ex.set("#d-recv", day)
	ex.click(`form.step button.primary`)
	ex.set("#o-day", day)
	ex.click(`form.step button`)

	dec.open(casePath)
	dec.set("#r-outcome", "lighten")
	dec.set("#r-sanction", "S1")
	dec.set("#r-day", day)
	dec.click(`form.step button.primary`)
	dec.shot("case-effective")
	readLetter(t, ex, casePath+"/letters/receipt", "TANDA TERIMA", "Staf Uji", "S2 — ")
	readLetter(t, dec, casePath+"/letters/objection", "PENYELESAIAN KEBERATAN ATAS HUKUMAN DISIPLIN", "Staf Uji", "S1 — ")
	if !strings.Contains(eval[string](dec, `document.body.innerText`), msg(t, "id", "cases.stage.effective")) {
		t.Error("the sanction is not in effect after the remedy")
	}
	// The employee page shows the record.
	ex.open("/employees")
	ex.fill("#q", "staf")
	ex.click(`form[role="search"] button`)
	ex.click(`table a[href^="/employees/"]`)
	record := eval[string](ex, `(() => { for (const h of document.querySelectorAll("section.card h2"))
		if (h.textContent === `+jsString(msg(t, "id", "employee.record"))+`) return h.parentElement.innerText; return ""; })()`)
	if !strings.Contains(record, "S1") || !strings.Contains(record, "KD/") {
		t.Errorf("the record does not show the lightened sanction: %q", record)
	}
}

// readLetter downloads a PDF as the signed-in browser gets it and checks
// its text.
func readLetter(t *testing.T, b *browser, path string, want ...string) {
	t.Helper()
	raw := eval[string](b, `(() => { const x = new XMLHttpRequest(); x.open('GET', `+jsString(path)+`, false);
		x.overrideMimeType('text/plain; charset=x-user-defined'); x.send(); return x.status === 200 ? x.responseText : ''; })()`)
	if raw == "" {
		t.Fatalf("%s: no letter", path)
	}
	pdf := make([]byte, 0, len(raw))
	for _, r := range raw {
		pdf = append(pdf, byte(r&0xff))
	}
	text := letterstest.Text(t, pdf)
	for _, w := range want {
		if !strings.Contains(text, w) {
			t.Errorf("%s lacks %q: %s", path, w, text)
		}
	}
}

func nipOf(t *testing.T, s string) nip.NIP {
	t.Helper()
	n, err := nip.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return n
}
