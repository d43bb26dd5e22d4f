package e2e

import (
	"context"
	"strings"
	"testing"
	"time"

	"sigap/internal/identity"
	"sigap/internal/report"
	"sigap/internal/store"
	"sigap/internal/testserver"
)

// TestRedaction: the desk masks a name in a report for a while (every
// mention of it) and erases a phone number for good (after a page that
// asks to confirm); the examiner handling the case behind the report follows the case page's
// link and reads the report with both masked and nothing to act on.
func TestRedaction(t *testing.T) {
	t.Parallel()
	env := start(t)
	ctx := context.Background()
	env.AddUser(t, "meja.kab", env.Kab.ID, identity.Intake)
	ex := env.AddUser(t, "pemeriksa.kab", env.Kab.ID, identity.Examiner)
	checked, err := (report.Submission{Category: "other", What: "Pak Budi Santoso meminta uang pelicin; nomornya 0812-3456-7890, kata Budi Santoso sendiri.",
		AccusedName: "Budi Santoso", ReporterIsVictim: "no", Mode: "anonymous"}).Check(report.DefaultCategories, nil, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	r, _, err := env.Store.CreateReport(ctx, store.System, env.Kab.ID, checked)
	if err != nil {
		t.Fatal(err)
	}
	o, err := env.Store.AddOutcome(ctx, store.System, env.Kab.ID, r.PublicID, report.Outcome{Kind: report.OpenDisciplineCase})
	if err != nil {
		t.Fatal(err)
	}
	if err := env.Store.SetCaseHandler(ctx, store.System, env.Kab.ID, o.CasePublicID, ex.ID); err != nil {
		t.Fatal(err)
	}

	desk := newBrowser(t, env)
	desk.signIn("meja.kab", testserver.Password)
	desk.open("/reports/" + r.PublicID)
	// Every mention of the name, for a while.
	desk.set("#target", "what")
	desk.fill("#words", "Budi Santoso")
	desk.check(`input[name="all"]`)
	desk.click(`form[action$="/redactions"] button.primary`)
	desk.wantText(".flash", msg(t, "id", "flash.report_redacted"))
	// The phone number, for good: a page asks first.
	desk.set("#target", "what")
	desk.fill("#words", "0812-3456-7890")
	desk.check(`input[name="kind"][value="permanent"]`)
	desk.click(`form[action$="/redactions"] button.primary`)
	desk.wantText("h1", msg(t, "id", "redaction.confirm"))
	desk.shot("redaction-confirm")
	desk.click(`form[action$="/redactions"] button.danger`)
	desk.wantText(".flash", msg(t, "id", "flash.report_redacted_permanently"))
	desk.want("the desk's text", desk.text("p.pre"), "Pak Budi Santoso meminta uang pelicin; nomornya █████, kata Budi Santoso sendiri.")
	desk.want("the desk sees through the temporary ones", strings.Join(desk.texts("p.pre mark.redacted-seen"), "|"), "Budi Santoso|Budi Santoso")
	if n := desk.count(`#redactions form[action$="/lift"]`); n != 2 {
		t.Errorf("%d lift buttons", n)
	}
	desk.shot("redaction-desk")

	// The examiner, from the case page.
	exb := newBrowser(t, env)
	exb.signIn("pemeriksa.kab", testserver.Password)
	exb.open("/cases/" + o.CasePublicID)
	exb.click(`a[href="/reports/` + r.PublicID + `"]`)
	if !strings.Contains(exb.text(".head"), msg(t, "id", "reports.read.badge")) {
		t.Errorf("not the read-only view: %q", exb.text(".head"))
	}
	what := exb.text("#report-what")
	exb.want("the examiner's text", what, "Pak █████ meminta uang pelicin; nomornya █████, kata █████ sendiri.")
	if exb.count("#report-what .redacted") != 3 || strings.Contains(what, "0812") || strings.Contains(what, "Budi") {
		t.Errorf("masks in %q", what)
	}
	if n := exb.count(`main form[method="post"]`); n != 0 {
		t.Errorf("%d forms on the examiner's read-only page", n)
	}
	exb.shot("redaction-examiner")
}
