package e2e

import (
	"strings"
	"testing"
	"time"

	"sigap/internal/calendar"
	"sigap/internal/identity"
	"sigap/internal/roster"
	"sigap/internal/store"
	"sigap/internal/testserver"
)

// TestCaseTeamInBrowser forms a Tim Pemeriksa in the browser: the examiner
// records a berat charge, the reporter and the involved Kepala Bidang; the
// decider finds the head of the Dinas proposed in the Kepala Bidang's
// place (Ps 29(6)), appoints him, is refused the reporter with the reason,
// and completes the team; the examination then goes through. The reporter,
// whose account is linked to the roster, reads the case with a notice of
// the conflict and no form to act with.
func TestCaseTeamInBrowser(t *testing.T) {
	t.Parallel()
	env := start(t)
	rows := []roster.Row{
		{Line: 2, NIP: nipOf(t, "197001011995031001"), Name: "Kepala Dinas Uji", Status: roster.PNS, Position: "Kepala Dinas", Kind: roster.JPTPratama, Unit: "Dinas Kesehatan", State: roster.Active},
		{Line: 3, NIP: nipOf(t, "197505052000031002"), Name: "Kabid Uji", Status: roster.PNS, Position: "Kepala Bidang", Kind: roster.Administrator, Unit: "Dinas Kesehatan", SuperiorNIP: "197001011995031001", State: roster.Active},
		{Line: 4, NIP: nipOf(t, "198504042010031004"), Name: "Staf Uji", Status: roster.PNS, Position: "Pengadministrasi Umum", Kind: roster.Pelaksana, Unit: "Dinas Kesehatan", SuperiorNIP: "197505052000031002", State: roster.Active},
		{Line: 5, NIP: nipOf(t, "198001012005011003"), Name: "Auditor Uji", Status: roster.PNS, Position: "Auditor Ahli Muda", Kind: roster.Fungsional, Level: "ahli_muda", Unit: "Inspektorat", State: roster.Active},
		{Line: 6, NIP: nipOf(t, "198202022006042005"), Name: "Analis Kepegawaian Uji", Status: roster.PNS, Position: "Analis SDM Aparatur", Kind: roster.Pelaksana, Unit: "Inspektorat", State: roster.Active},
		{Line: 7, NIP: nipOf(t, "199001012015031006"), Name: "Pelapor Uji", Status: roster.PNS, Position: "Pengadministrasi Umum", Kind: roster.Pelaksana, Unit: "Dinas Kesehatan", SuperiorNIP: "197505052000031002", State: roster.Active},
	}
	if _, problems, err := env.Store.ImportEmployees(t.Context(), store.System, env.Kab.ID, rows, store.ImportOptions{}); err != nil || len(problems) > 0 {
		t.Fatal(err, problems)
	}
	today := calendar.DateOf(env.Now(), time.FixedZone("WIB", 7*3600)).String()
	env.AddUser(t, "pemutus.kab", env.Kab.ID, identity.Decider)
	// The reporter is a decider too: the roster link keeps them off this case.
	env.AddUser(t, "pelapor.uji", env.Kab.ID, identity.Decider)
	pelapor, err := env.Store.EmployeeByNIP(t.Context(), env.Kab.ID, "199001012015031006")
	if err != nil {
		t.Fatal(err)
	}
	if err := env.Store.LinkUserEmployee(t.Context(), store.System, env.Kab.ID, env.Users["pelapor.uji"].ID, pelapor.ID); err != nil {
		t.Fatal(err)
	}

	ex := newBrowser(t, env)
	ex.signIn("examiner.kab", testserver.Password)
	ex.open("/cases/new?q=staf")
	ex.click(`form[method="post"][action="/cases/new"] button`)
	casePath := ex.path()
	ex.set("#code", "K4i")
	ex.click(`form[action$="/charges"] button.primary`)
	party := func(who, role string) {
		t.Helper()
		ex.fill("#who", who)
		ex.click(`#people form[role="search"] button`)
		ex.set(`form.party-add select[name="role"]`, role)
		ex.click(`form.party-add button`)
		ex.wantText(".flash", msg(t, "id", "flash.party_added"))
	}
	party("pelapor", "reporter")
	party("kabid", "involved")
	ex.fill("#who", "analis")
	ex.click(`#people form[role="search"] button`)
	ex.shot("case-people-search")
	if got := ex.text("table.parties"); !strings.Contains(got, "Pelapor Uji") || !strings.Contains(got, msg(t, "id", "cases.role.involved")) {
		t.Fatalf("parties: %q", got)
	}
	ex.set("#s-letter", today)
	ex.set("#s-exam", today)
	ex.click(`form.step button.primary`)

	dec := ex.incognito()
	dec.signIn("pemutus.kab", testserver.Password)
	dec.open(casePath)
	if seated := dec.text("#team p.seated"); !strings.Contains(seated, "Kepala Dinas Uji") || !strings.Contains(seated, "Kabid Uji") {
		t.Fatalf("the next superior is not proposed: %q", seated)
	}
	dec.click(`form.superior-add button`)
	dec.wantText(".flash", msg(t, "id", "flash.member_added"))
	appoint := func(who, seat string) {
		t.Helper()
		dec.fill("#who", who)
		dec.click(`#people form[role="search"] button`)
		dec.set(`form.team-add select[name="seat"]`, seat)
		dec.click(`form.team-add button`)
	}
	// The reporter is refused, with the reason.
	appoint("pelapor", "oversight")
	dec.wantText(".field-error", msg(t, "id", "case.team.conflict.reporter"))
	dec.shot("case-team-refused")
	appoint("auditor", "oversight")
	dec.wantText(".flash", msg(t, "id", "flash.member_added"))
	appoint("analis", "personnel")
	if got := dec.text("#team"); !strings.Contains(got, msg(t, "id", "cases.team.formed")) || dec.count("table.team tbody tr") != 3 {
		t.Fatalf("team: %q", got)
	}
	dec.shot("case-team")
	// The PPK's decision forming the team (Ps 29), linked once it is formed.
	if dec.count("#team-letter") != 1 {
		t.Fatal("the team letter is not linked")
	}
	readLetter(t, dec, casePath+"/letters/team", "PEMBENTUKAN TIM PEMERIKSA", "RAHASIA", "Kepala Dinas Uji", "Auditor Uji", "unsur pengawasan",
		"Analis Kepegawaian Uji", "unsur kepegawaian", "Staf Uji")

	// The reporter reads the case, is told why they may not act, and has
	// no form to act with.
	rep := ex.incognito()
	rep.signIn("pelapor.uji", testserver.Password)
	rep.open(casePath)
	rep.shot("case-conflict")
	if got := rep.text(".alert.conflict"); !strings.Contains(got, msg(t, "id", "case.conflict.reporter")) {
		t.Fatalf("conflict notice: %q", got)
	}
	if n := rep.count(`main form[method="post"]`); n != 0 {
		t.Errorf("%d forms to act with for someone in conflict", n)
	}

	// With the team formed, the berat case is examined.
	ex.open(casePath)
	ex.set("#e-day", today)
	ex.click(`form.step button.primary`)
	ex.wantText(".flash", msg(t, "id", "flash.bap_recorded"))

	// Decided; the accused is absent at delivery, so the decision goes by
	// post (Ps 37(4)), and its receipt is recorded when it is known.
	dec.open(casePath)
	dec.set("#x-day", today)
	dec.click(`form.step button.primary`)
	dec.wantText(".flash", msg(t, "id", "flash.step_recorded"))
	ex.open(casePath)
	ex.set("#a-day", today)
	ex.click(`#absent-form button`)
	ex.wantText(".flash", msg(t, "id", "flash.step_recorded"))
	if body := ex.text("main"); !strings.Contains(body, "Perban BKN 6/2022 Ps 49(8)") {
		t.Errorf("the sending window is not shown: %q", body)
	}
	ex.check("#d-sent")
	ex.set("#d-day", today)
	ex.click(`#deliver-form button.primary`)
	ex.wantText(".flash", msg(t, "id", "flash.step_recorded"))
	ex.shot("case-sent-by-post")
	if ex.count("#received-form") != 1 || !strings.Contains(ex.text("main"), msg(t, "id", "case.due.received")) {
		t.Fatal("the case does not wait for the receipt of the decision sent")
	}
	ex.set("#rc-day", today)
	ex.click(`#received-form button.primary`)
	ex.wantText(".flash", msg(t, "id", "flash.step_recorded"))
	if got := ex.text("ol.steps"); !strings.Contains(got, msg(t, "id", "cases.step.deliver.sent")) || !strings.Contains(got, msg(t, "id", "cases.step.deliver.received")) {
		t.Errorf("the steps: %q", got)
	}
	if !strings.Contains(ex.text("main"), msg(t, "id", "cases.effective_on")) {
		t.Error("no effect date once the receipt is known")
	}
}
