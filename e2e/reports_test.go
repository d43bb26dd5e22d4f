package e2e

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"sigap/internal/db"
	"sigap/internal/evidence/testphoto"
	"sigap/internal/identity"
	"sigap/internal/report"
	"sigap/internal/store"
	"sigap/internal/testserver"
)

var receiptRE = regexp.MustCompile(`^\d{4} \d{4} \d{4} \d{4}$`)

// TestReportToCase is a report's way through sigap: a reporter without an
// account sends an anonymous report with a photo and keeps the receipt;
// the desk reads it and asks a question; the reporter comes back with the
// receipt and answers; the desk opens a discipline case; the reporter sees
// it in plain words. The photo reaches the desk without its GPS position;
// a wrong receipt and another government's address show nothing.
func TestReportToCase(t *testing.T) {
	t.Parallel()
	env := start(t)
	env.AddUser(t, "meja.kab", env.Kab.ID, identity.Intake)
	photo := filepath.Join(t.TempDir(), "IMG_20261120_0931.jpg")
	if err := os.WriteFile(photo, testphoto.JPEG(320, 240, 6), 0o600); err != nil {
		t.Fatal(err)
	}

	reporter := newBrowser(t, env)
	reporter.open("/lapor/kab-serang")
	reporter.wantText("h1", msg(t, "id", "lapor.title"))
	reporter.check(`input[name="category"][value="sexual_violence"]`)
	reporter.fill("#what", "Kepala seksi di kantor dinas berulang kali menyentuh saya tanpa izin di ruang arsip.")
	district := eval[string](reporter, `document.querySelector('#district option:nth-child(2)').value`)
	reporter.set("#district", district)
	village := eval[string](reporter, `document.querySelector('#village optgroup[data-district="`+district+`"] option').value`)
	reporter.set("#village", village)
	reporter.fill("#accused_name", "Budi")
	reporter.fill("#accused_office", "Dinas Pendidikan")
	reporter.check(`input[name="reporter_is_victim"][value="yes"]`)
	if !eval[bool](reporter, `document.querySelector('.identity-fields').hidden`) {
		t.Error("an anonymous reporter is asked who they are")
	}
	run(reporter, "choose the photo", chromedp.SetUploadFiles(`#files`, []string{photo}))
	reporter.shot("report-form")
	reporter.wantStatus("send", reporter.click(`form.report-form button.primary`), 200)
	receipt := reporter.text(".receipt")
	if !receiptRE.MatchString(receipt) {
		t.Fatalf("receipt %q", receipt)
	}
	reporter.shot("report-receipt")

	// Wrong receipts: one digit short, and the right one at the other government.
	reporter.open("/lapor/kab-serang/status")
	reporter.fill("#receipt", receipt[:len(receipt)-1])
	reporter.click(`form button.primary`)
	reporter.wantText(".field-error", msg(t, "id", "receipt.length", "Want", 16, "Got", 15))
	reporter.open("/lapor/kota-serang/status")
	reporter.fill("#receipt", receipt)
	reporter.click(`form button.primary`)
	reporter.wantText(".field-error", msg(t, "id", "receipt.not_found"))

	// The desk.
	desk := newBrowser(t, env)
	desk.signIn("meja.kab", testserver.Password)
	desk.wantText("a.notes .count", "1")
	desk.click(`nav.nav a[href="/reports"]`)
	desk.shot("desk-queue")
	desk.click(`table a[href^="/reports/"]`)
	if !strings.Contains(desk.text("p.pre"), "ruang arsip") {
		t.Fatalf("the report's text is not shown: %q", desk.text("p.pre"))
	}
	link := desk.attr(`a[href*="/files/"]`, "href")
	got := eval[string](desk, `(() => { const x = new XMLHttpRequest(); x.open('GET', `+jsString(link)+`, false);
		x.overrideMimeType('text/plain; charset=x-user-defined'); x.send();
		const b = x.responseText; return x.status + ' ' + (b.includes('Exif') ? 'exif' : 'clean') + ' ' + (b.charCodeAt(0) & 0xff) + ' ' + (b.charCodeAt(1) & 0xff) })()`)
	desk.want("the photo as downloaded", got, "200 clean 255 216")
	desk.click(`form[action$="/verify"] button`)
	desk.fill("#body", "Kapan kejadian terakhir, dan adakah saksi?")
	desk.click(`form[action$="/messages"] button[value="0"]`)
	desk.wantText(".flash", msg(t, "id", "flash.report_message_sent"))
	desk.shot("desk-report")

	// The reporter reads the question with the receipt and answers.
	reporter.open("/lapor/kab-serang/status")
	reporter.fill("#receipt", strings.ReplaceAll(receipt, " ", "-"))
	reporter.click(`form button.primary`)
	if !strings.Contains(reporter.text(".messages"), "adakah saksi") {
		t.Fatalf("the reporter does not see the question: %q", reporter.text(".messages"))
	}
	reporter.fill("#body", "Jumat lalu. Rekan saya Rina melihatnya.")
	reporter.click(`form[action$="/reply"] button.primary`)
	reporter.wantText(".flash", msg(t, "id", "lapor.reply.sent"))

	// The desk opens a discipline case.
	desk.open(desk.path())
	if !strings.Contains(desk.text(".messages"), "Rina melihatnya") {
		t.Fatalf("the desk does not see the answer")
	}
	desk.check(`input[name="kind"][value="discipline_case"]`)
	desk.click(`form[action$="/outcomes"] button.primary`)
	desk.wantText(".flash", msg(t, "id", "flash.report_outcome_added"))
	// The case is in the list of discipline cases, numbered.
	desk.click(`nav.nav a[href="/cases"]`)
	if !strings.HasPrefix(desk.text("table tbody td a"), "KD/") {
		t.Errorf("case number %q", desk.text("table tbody td a"))
	}
	desk.click(`table tbody td a`)
	desk.shot("case")

	// The reporter sees it in plain words, and nothing of the desk's people.
	reporter.open("/lapor/kab-serang/status")
	reporter.fill("#receipt", receipt)
	reporter.click(`form button.primary`)
	reporter.wantText(".status-word", msg(t, "id", "lapor.public_status.in_review"))
	if !strings.Contains(reporter.text(".outcomes"), msg(t, "id", "lapor.outcome.discipline_case")) {
		t.Errorf("outcome not shown: %q", reporter.text(".outcomes"))
	}
	if strings.Contains(eval[string](reporter, `document.body.innerText`), "meja.kab") {
		t.Error("the reporter sees who handles the report")
	}
	reporter.shot("report-status")
}

// With the proof of work on, the reporter's browser does it on sending,
// without the reporter noticing more than a moment's wait.
func TestReportProofOfWorkInTheBrowser(t *testing.T) {
	t.Parallel()
	chromiumPath(t)
	env := testserver.Start(t, db.SQLite, "SIGAP_REPORT_POW_BITS=12")
	b := newBrowser(t, env)
	b.open("/lapor/kab-serang")
	b.check(`input[name="category"][value="absence"]`)
	b.fill("#what", "Pegawai kelurahan tidak pernah masuk kerja sejak awal bulan ini.")
	b.fill("#accused_office", "Kelurahan")
	b.check(`input[name="reporter_is_victim"][value="no"]`)
	b.wantStatus("send", b.click(`form.report-form button.primary`), 200)
	if !receiptRE.MatchString(b.text(".receipt")) {
		t.Fatalf("no receipt: %q", b.text(".field-error"))
	}
}

// The government's admin adds a kind of report from the menu, and stops
// offering another; the public form follows.
func TestReportCategories(t *testing.T) {
	t.Parallel()
	env := start(t)
	b := newBrowser(t, env)
	b.signIn("admin.kab", testserver.Password)
	b.click(`nav.nav a[href="/admin/report-categories"]`)
	b.wantText("h1", msg(t, "id", "categories.title"))
	rows := b.count(`tbody tr`)
	b.fill(`input[name="code.7"]`, "pungli_izin")
	b.fill(`input[name="name_id.7"]`, "Pungutan liar perizinan")
	b.fill(`input[name="name_en.7"]`, "Permit levies")
	run(b, "stop offering political neutrality", chromedp.Click(chromedp.CSS(`input[name="active.5"]`)))
	b.shot("report-categories")
	b.click(`form button.primary`)
	b.wantText(".flash", msg(t, "id", "flash.categories_saved"))
	if got := b.count(`tbody tr`); got != rows+1 {
		t.Errorf("%d rows after saving, want %d", got, rows+1)
	}
	public := newBrowser(t, env)
	public.open("/lapor/kab-serang")
	if public.count(`input[name="category"][value="pungli_izin"]`) != 1 || public.count(`input[name="category"][value="political_neutrality"]`) != 0 {
		t.Error("the public form does not follow the catalogue")
	}
}

// The examiner records a charge and a summons on the case page.
func TestCasePage(t *testing.T) {
	t.Parallel()
	env := start(t)
	checked, err := (report.Submission{Category: "absence", What: "Pegawai tidak masuk kerja berhari-hari tanpa keterangan.",
		AccusedOffice: "Inspektorat", ReporterIsVictim: "no", Mode: "anonymous"}).Check(report.DefaultCategories, nil, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	rep, _, err := env.Store.CreateReport(t.Context(), store.System, env.Kab.ID, checked)
	if err != nil {
		t.Fatal(err)
	}
	o, err := env.Store.AddOutcome(t.Context(), store.System, env.Kab.ID, rep.PublicID, report.Outcome{Kind: report.OpenDisciplineCase})
	if err != nil {
		t.Fatal(err)
	}
	b := newBrowser(t, env)
	b.signIn("examiner.kab", testserver.Password)
	b.click(`nav.nav a[href="/cases"]`)
	b.click(`table tbody td a`)
	b.set("#code", "K4f")
	b.fill("#days_absent", "12")
	b.click(`form[action$="/charges"] button.primary`)
	b.wantText(".flash", msg(t, "id", "flash.charge_added"))
	b.set("#s-letter", "2026-07-01")
	b.set("#s-exam", "2026-07-08")
	b.click(`form.step button.primary`)
	b.wantText(".flash", msg(t, "id", "flash.step_recorded"))
	if n := b.count("ol.steps li"); n != 1 {
		t.Errorf("%d steps shown", n)
	}
	b.shot("case-procedure")
	if !strings.HasSuffix(b.path(), o.CasePublicID) {
		t.Errorf("on %s", b.path())
	}
}
