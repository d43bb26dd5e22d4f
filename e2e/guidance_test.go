package e2e

import (
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"sigap/internal/identity"
	"sigap/internal/nip"
	"sigap/internal/roster"
	"sigap/internal/store"
	"sigap/internal/testserver"
)

// TestGuidanceSession: the prevention officer plans a session for the
// Inspektorat from the menu, opens a check-in code, an employee enters it
// on the check-in page, and the coverage shows the office as held.
func TestGuidanceSession(t *testing.T) {
	t.Parallel()
	env := start(t)
	ctx := t.Context()
	n, _ := nip.Parse("197001011995031001")
	if _, problems, err := env.Store.ImportEmployees(ctx, store.System, env.Kab.ID, []roster.Row{{Line: 2, NIP: n, Name: "Pegawai Satu",
		Status: roster.PNS, Position: "Inspektur", Kind: roster.JPTPratama, Unit: "Inspektorat", State: roster.Active}}, store.ImportOptions{}); err != nil || len(problems) > 0 {
		t.Fatal(err, problems)
	}
	e, _ := env.Store.EmployeeByNIP(ctx, env.Kab.ID, n.String())
	if err := env.Store.LinkUserEmployee(ctx, store.System, env.Kab.ID, env.Users["employee.kab"].ID, e.ID); err != nil {
		t.Fatal(err)
	}
	env.AddUser(t, "pembina.kab", env.Kab.ID, identity.Prevention)

	b := newBrowser(t, env)
	b.signIn("pembina.kab", testserver.Password)
	b.wantStatus("sessions", b.click(`nav.nav a[href="/guidance"]`), 200)
	b.wantText(".empty", msg(t, "id", "guidance.empty"))
	b.wantStatus("plan form", b.click(`a[href="/guidance/new"]`), 200)
	wib := env.Now().In(time.FixedZone("WIB", 7*3600))
	b.set("#unit", strconv.FormatInt(env.Units["kab/Inspektorat"].ID, 10))
	b.set("#date", wib.Format("2006-01-02"))
	b.set("#time", wib.Add(-5*time.Minute).Format("15:04"))
	b.check(`input[name="topics"][value="Etika"]`)
	b.fill("#place", "Aula Inspektorat")
	// Without a facilitator the form comes back with the error beside it.
	b.wantStatus("no facilitator", b.click(`#save`), 422)
	if b.count(`#facilitator[aria-invalid="true"]`) != 1 {
		t.Fatal("the facilitator field is not marked")
	}
	b.fill("#facilitator", "Inspektur Pembantu Wilayah I")
	b.wantStatus("plan", b.click(`#save`), 200)
	b.wantText(".flash", msg(t, "id", "flash.guidance_planned"))
	if !regexp.MustCompile(`^/guidance/\d+$`).MatchString(b.path()) {
		t.Fatalf("after planning: %s", b.path())
	}
	session := b.path()

	b.wantStatus("code", b.click(`form[action$="/code"] button`), 200)
	code := b.text("#checkin-code")
	if !regexp.MustCompile(`^\d{6}$`).MatchString(code) {
		t.Fatalf("code %q", code)
	}
	b.shot("guidance-code")

	emp := newBrowser(t, env)
	emp.signIn("employee.kab", testserver.Password)
	emp.wantStatus("check-in page", emp.click(`nav.nav a[href="/my/check-in"]`), 200)
	emp.fill("#code", code)
	emp.wantStatus("check in", emp.click(`form[action="/my/check-in"] button`), 200)
	if got := emp.text("#checkin-done"); !strings.Contains(got, "Inspektorat") {
		t.Fatalf("check-in answer %q", got)
	}

	b.open(session)
	if !strings.Contains(b.row("Pegawai Satu"), msg(t, "id", "guidance.how.self")) {
		t.Fatal("the session page does not show the self check-in")
	}
	b.wantStatus("sessions", b.click(`nav.nav a[href="/guidance"]`), 200)
	b.wantStatus("coverage", b.click(`main a[href="/guidance/coverage"]`), 200)
	if !strings.Contains(b.row("Inspektorat"), msg(t, "id", "guidance.cell.held")) {
		t.Fatalf("coverage row: %q", b.row("Inspektorat"))
	}
	b.shot("guidance-coverage")

	// Beside the cases: the office held guidance in one period of the
	// year, and its one employee came.
	b.wantStatus("overview", b.click(`nav.nav a[href="/prevention/overview"]`), 200)
	if got := b.row("Inspektorat"); !strings.Contains(got, "1 dari") || !strings.Contains(got, "100% pegawai hadir") {
		t.Fatalf("overview row: %q", got)
	}
	b.shot("prevention-overview")

	// A session for named people: the roster search finds Pegawai Satu,
	// who is ticked; the session page lists only them.
	b.wantStatus("plan form", b.open("/guidance/new"), 200)
	b.set("#unit", strconv.FormatInt(env.Units["kab/Inspektorat"].ID, 10))
	b.set("#date", wib.Format("2006-01-02"))
	b.check(`input[name="topics"][value="Etika"]`)
	b.fill("#place", "Ruang Rapat")
	b.fill("#facilitator", "Inspektur")
	b.check(`input[name="audience"][value="named"]`)
	b.fill("#find", "Pegawai Satu")
	b.wantStatus("search", b.click("#find-button"), 200)
	b.check(`#people-found input[name="people"]`)
	b.wantStatus("plan named", b.click("#save"), 200)
	b.wantText(".flash", msg(t, "id", "flash.guidance_planned"))
	if !strings.Contains(b.text("main"), "1 orang") || b.count(`select[name^="status."]`) != 1 {
		t.Fatalf("named session page: %q", b.text("main dl"))
	}

	// The first session is held (today, attendance recorded): its date
	// cannot move, and the page says why.
	b.open(session + "/edit")
	if b.text("#held-note") == "" {
		t.Fatal("the edit page does not say the session is held")
	}
	b.fill("#place", "Aula Baru")
	b.wantStatus("place fixed", b.click("#save"), 200)
	b.open(session + "/cancel")
	if b.text("#held-cancel") == "" || b.count("button.danger") != 0 {
		t.Fatal("a held session offers cancelling")
	}
}
