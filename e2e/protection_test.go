package e2e

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"sigap/internal/calendar"
	"sigap/internal/identity"
	"sigap/internal/roster"
	"sigap/internal/store"
	"sigap/internal/testserver"
)

// TestProtectionBridge reproduces the coordination the protection office
// lacked: a report of harassment by an echelon III official opens a
// discipline case and a protection case, linked; the office's lead
// assigns a case worker; the worker records the incident, a counselling
// session and the victim's consent to share a summary only with the
// personnel agency; the examiner reads that summary and nothing else;
// the worker sees the discipline case move.
func TestProtectionBridge(t *testing.T) {
	t.Parallel()
	env := start(t)
	if _, problems, err := env.Store.ImportEmployees(t.Context(), store.System, env.Kab.ID, []roster.Row{
		{Line: 2, NIP: nipOf(t, "197001011995031001"), Name: "Kepala Dinas Uji", Status: roster.PNS, Position: "Kepala Dinas", Kind: roster.JPTPratama, Unit: "Inspektorat", State: roster.Active},
		{Line: 3, NIP: nipOf(t, "197505052000031002"), Name: "Kepala Bidang Uji", Status: roster.PNS, Position: "Kepala Bidang Pelayanan", Kind: roster.Administrator,
			Echelon: "III.b", Unit: "Inspektorat", SuperiorNIP: "197001011995031001", State: roster.Active},
	}, store.ImportOptions{}); err != nil || len(problems) > 0 {
		t.Fatal(err, problems)
	}
	today := calendar.DateOf(env.Now(), time.FixedZone("WIB", 7*3600))
	env.AddUser(t, "meja.kab", env.Kab.ID, identity.Intake)
	env.AddUser(t, "kepala.ppa", env.Kab.ID, identity.ProtectionLead)
	worker := env.AddUser(t, "pendamping.ppa", env.Kab.ID, identity.Protection)

	reporter := newBrowser(t, env)
	reporter.open("/lapor/kab-serang")
	reporter.check(`input[name="category"][value="sexual_violence"]`)
	reporter.fill("#what", "Kepala bidang di kantor saya berulang kali menyentuh dan berkomentar tidak pantas kepada saya di ruang kerja.")
	reporter.fill("#accused_name", "Kepala Bidang Uji")
	reporter.check(`input[name="reporter_is_victim"][value="yes"]`)
	reporter.click(`form.report-form button.primary`)

	// The desk links the accused and opens both cases from the report.
	desk := newBrowser(t, env)
	desk.signIn("meja.kab", testserver.Password)
	desk.open("/reports")
	desk.click(`table a[href^="/reports/"]`)
	report := desk.path()
	desk.fill("#employee_q", "kepala bidang")
	desk.click(`form[role="search"] button`)
	desk.click(`form[action$="/employee"] button`)
	desk.check(`input[name="kind"][value="discipline_case"]`)
	desk.click(`form[action$="/outcomes"] button.primary`)
	desk.open(report)
	desk.check(`input[name="kind"][value="protection_case"]`)
	desk.click(`form[action$="/outcomes"] button.primary`)

	// The lead is told, and assigns the case worker.
	lead := newBrowser(t, env)
	lead.signIn("kepala.ppa", testserver.Password)
	lead.open("/notifications")
	lead.click(`ul.notifications a[href^="/protection/"]:not([href$="/clocks"])`)
	casePath := lead.path()
	lead.set("#worker", strconv.FormatInt(worker.ID, 10))
	lead.click(`form[action$="/workers"] button`)
	lead.wantText(".flash", msg(t, "id", "flash.protection_workers"))

	// The worker records the incident, the chronology and the summary.
	pw := newBrowser(t, env)
	pw.signIn("pendamping.ppa", testserver.Password)
	pw.open("/protection")
	pw.click(`table a[href^="/protection/"]`)
	pw.wantPath(casePath)
	if !strings.Contains(pw.text("#perpetrators"), "Kepala Bidang Uji") {
		t.Fatal("the accused is not the case's perpetrator")
	}
	pw.set("#occurred_on", today.AddDays(-1).String())
	pw.set("#village", "36.04.05.2001")
	pw.set("#place", "tempat_kerja")
	pw.check(`input[name="forms"][value="seksual"]`)
	pw.check(`input[name="forms"][value="psikis"]`)
	pw.click(`form[action$="/incident"] button.primary`)
	pw.wantText(".flash", msg(t, "id", "flash.protection_incident"))
	run(pw, "open the texts", chromedp.Click(chromedp.CSS(`details:has(form[action$="/texts"]) > summary`)))
	pw.fill("#chronology", "ZZKRONOLOGIZZ Sejak tiga bulan terakhir atasan korban menyentuh bahu dan berkomentar tentang tubuhnya.")
	pw.fill("#summary", "ZZRINGKASANZZ Staf perempuan melaporkan pelecehan oleh atasannya; korban bersedia memberi keterangan.")
	pw.click(`form[action$="/texts"] button.primary`)
	pw.shot("protection-case")

	// A counselling session, its notes sealed and never shared.
	pw.open(casePath + "/services")
	pw.set("#kind", "kesehatan_psikologis")
	pw.set("#given_on", today.String())
	pw.fill("#provider", "Psikolog UPTD PPA")
	pw.fill("#notes", "ZZKONSELINGZZ Korban cemas setiap kali bertemu atasannya.")
	pw.click(`form[action$="/services"] button.primary`)

	// Consent: a summary only, to the personnel agency, by the victim.
	pw.open(casePath + "/consents")
	pw.set("#recipient", "bkpsdm")
	pw.check(`input[name="scopes"][value="summary"]`)
	pw.check(`input[name="given_by"][value="victim"]`)
	pw.set("#given_on", today.String())
	pw.click(`form[action$="/consents"] button.primary`)
	pw.shot("protection-consent")

	// The examiner sees the summary, not the chronology nor the counselling.
	ex := newBrowser(t, env)
	ex.signIn("examiner.kab", testserver.Password)
	ex.open("/cases")
	ex.click(`table tbody td a`)
	discipline := ex.path()
	bridge := ex.text("#protection")
	if !strings.Contains(bridge, "ZZRINGKASANZZ") {
		t.Errorf("the examiner does not see the consented summary: %q", bridge)
	}
	page := ex.text("main")
	for _, hidden := range []string{"ZZKRONOLOGIZZ", "ZZKONSELINGZZ", "Psikolog UPTD PPA"} {
		if strings.Contains(page, hidden) {
			t.Errorf("the examiner sees %q", hidden)
		}
	}
	if code := ex.open(casePath); code != 403 {
		t.Errorf("the examiner opened the protection case: %d", code)
	}
	ex.open(discipline)
	ex.shot("discipline-bridge")

	// The examiner summons; the worker sees the discipline case move.
	ex.set("#s-letter", today.String())
	ex.set("#s-exam", today.AddDays(2).String())
	ex.click(`form.step button.primary`)
	pw.open(casePath)
	if got := pw.text("#perpetrators"); !strings.Contains(got, msg(t, "id", "cases.stage.summoned")) {
		t.Errorf("the worker does not see the summons: %q", got)
	}
	pw.shot("protection-sees-discipline")

	// The worker's other pages, as they look.
	for path, name := range map[string]string{casePath + "/clocks": "protection-clocks", "/protection/dashboard": "protection-dashboard",
		"/protection/stats": "protection-stats", "/protection/new": "protection-new", "/protection": "protection-list"} {
		if code := pw.open(path); code != 200 {
			t.Errorf("%s: %d", path, code)
		}
		pw.shot(name)
	}
}
