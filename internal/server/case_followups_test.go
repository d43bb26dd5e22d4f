package server_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"sigap/internal/calendar"
	"sigap/internal/discipline"
	"sigap/internal/identity"
	"sigap/internal/letters/letterstest"
	"sigap/internal/roster"
	"sigap/internal/testserver"
)

// followupCase opens a case about a pelaksana whose direct superior is an
// Inspektur, with the Tim Pemeriksa's people in the roster and the
// accused's account linked, and returns its page and the clients of the
// examiner, the decider and the accused.
func followupCase(t *testing.T, env *testserver.Env) (page string, ex, dec, me *testserver.Client) {
	t.Helper()
	importRoster(t, env, withTeam(t, []roster.Row{
		{Line: 2, NIP: mustNIP(t, "197001011995031001"), Name: "Inspektur Uji", Status: roster.PNS, Position: "Inspektur", Kind: roster.JPTPratama, Unit: "Inspektorat", State: roster.Active},
		{Line: 3, NIP: mustNIP(t, "198504042010031004"), Name: "Staf Uji", Status: roster.PNS, Position: "Pengadministrasi Umum", Kind: roster.Pelaksana, Unit: "Inspektorat", SuperiorNIP: "197001011995031001", State: roster.Active},
	}))
	staff, err := env.Store.EmployeeByNIP(t.Context(), env.Kab.ID, "198504042010031004")
	if err != nil {
		t.Fatal(err)
	}
	env.AddUser(t, "staf.uji", env.Kab.ID, identity.Employee)
	env.AddUser(t, "pemutus.kab", env.Kab.ID, identity.Decider)
	admin := env.Client(t)
	admin.SignIn("admin.kab")
	if res := admin.Post("/employees/"+strconv.FormatInt(staff.ID, 10)+"/account", url.Values{"username": {"staf.uji"}}); res.Status != http.StatusSeeOther {
		t.Fatalf("link: %d", res.Status)
	}
	ex, dec, me = env.Client(t), env.Client(t), env.Client(t)
	ex.SignIn("examiner.kab")
	dec.SignIn("pemutus.kab")
	me.SignIn("staf.uji")
	opened := ex.Post("/cases/new", url.Values{"employee_id": {strconv.FormatInt(staff.ID, 10)}})
	if opened.Status != http.StatusSeeOther {
		t.Fatalf("open: %d", opened.Status)
	}
	return opened.Location, ex, dec, me
}

func stepper(t *testing.T, page string) func(c *testserver.Client, want int, v url.Values) *testserver.Response {
	return func(c *testserver.Client, want int, v url.Values) *testserver.Response {
		t.Helper()
		res := c.Post(page+"/steps", v)
		if res.Status != want {
			t.Fatalf("%v: %d, want %d (%s %s)", v, res.Status, want, res.Text(".alert"), res.Text(".field-error"))
		}
		return res
	}
}

// PP 94/2021 Ps 37(4), Ps 38(1), Perban BKN 6/2022 Ps 49(8) (unconfirmed):
// the accused is absent at delivery; the 3 working days to send the
// decision are on the due list with their article marked unconfirmed; the
// decision sent without a known receipt has no day of effect, waits for
// its receipt and takes no remedy; the receipt recorded later gives the
// effect date. Then PP 79/2021 Ps 8(3): the keberatan against the
// official's decision waits for the official's answer within 6 working
// days, on the due list; the watch escalates it late; and once the
// superior's 21 working days pass undecided, the case page and the
// accused's page tell of the administrative court (Ps 8(7)).
func TestCaseDeliveryByPostAndOfficialResponse(t *testing.T) {
	eachEngine(t, func(t *testing.T, env *testserver.Env) {
		ctx := t.Context()
		page, ex, dec, me := followupCase(t, env)
		pid := page[strings.LastIndex(page, "/")+1:]
		step := stepper(t, page)
		if res := ex.Post(page+"/charges", url.Values{"code": {"K4f"}, "days_absent": {"4"}}); res.Status != http.StatusSeeOther {
			t.Fatal(res.Status)
		}
		step(ex, http.StatusSeeOther, url.Values{"kind": {"summon"}, "day1": {"2026-05-04"}, "day2": {"2026-05-08"}})
		step(ex, http.StatusSeeOther, url.Values{"kind": {"examine"}, "day1": {"2026-05-08"}})
		step(dec, http.StatusSeeOther, url.Values{"kind": {"decide"}, "sanction": {"R2"}, "day1": {"2026-05-12"}})
		// An unknown part of a delivery, and a handover without its receipt, are refused.
		step(ex, http.StatusUnprocessableEntity, url.Values{"kind": {"deliver"}, "outcome": {"lost"}, "day1": {"2026-05-13"}})
		step(ex, http.StatusUnprocessableEntity, url.Values{"kind": {"deliver"}, "day1": {"2026-05-13"}})

		step(ex, http.StatusSeeOther, url.Values{"kind": {"deliver"}, "outcome": {"absent"}, "day1": {"2026-05-13"}})
		got := ex.Get(page)
		if p := got.Doc.Find("section.card").Text(); !strings.Contains(p, "Perban BKN 6/2022 Ps 49(8)") || !strings.Contains(p, "belum terkonfirmasi") || !strings.Contains(p, "20 Mei 2026") {
			t.Errorf("the sending window on the case page: %q", p)
		}
		row := ex.Get("/cases/due").Doc.Find("tbody tr").First().Text()
		if !strings.Contains(row, "Perban BKN 6/2022 Ps 49(8)") || !strings.Contains(row, "belum terkonfirmasi") || !strings.Contains(row, "terlambat") {
			t.Errorf("the due list's sending window: %q", row)
		}
		if n := auditCount(t, env, "case.step.deliver.absent"); n != 1 {
			t.Errorf("%d audited absences", n)
		}

		// Sent by post, the day it arrives not known yet.
		step(ex, http.StatusSeeOther, url.Values{"kind": {"deliver"}, "outcome": {"sent"}, "day1": {"2026-05-20"}})
		cal, err := env.Store.Calendar(ctx, env.Kab.ID)
		if err != nil {
			t.Fatal(err)
		}
		caseID := func() int64 {
			c, err := env.Store.DisciplineCaseByID(ctx, env.Kab.ID, pid)
			if err != nil {
				t.Fatal(err)
			}
			return c.ID
		}()
		effect := func() calendar.Date {
			t.Helper()
			_, c, err := env.Store.CaseProcedure(ctx, env.Kab.ID, caseID, discipline.DefaultProcedure, cal)
			if err != nil {
				t.Fatal(err)
			}
			return discipline.DefaultProcedure.EffectiveOn(c, cal)
		}
		if e := effect(); !e.IsZero() {
			t.Errorf("a decision not known to be received takes effect on %s", e)
		}
		got = ex.Get(page)
		if got.Doc.Find("#received-form").Length() != 1 || !strings.Contains(got.Body, "Menunggu konfirmasi tanggal diterimanya") {
			t.Errorf("the case does not wait for the receipt")
		}
		if rows := ex.Get("/cases/due").Doc.Find("tbody tr"); rows.Length() != 0 {
			t.Errorf("a receipt with no date on the due list: %q", rows.Text())
		}
		if r, err := env.Server.App.WatchDeadlines(ctx); err != nil || r.Settled != 0 {
			t.Errorf("the watch gave effect to a decision not known to be received: %+v %v", r, err)
		}
		if own := me.Get("/my/cases"); !strings.Contains(own.Body, "dikirim karena Anda tidak hadir") {
			t.Errorf("the accused is not told it was sent: %q", own.Text("section.card"))
		}
		step(ex, http.StatusConflict, url.Values{"kind": {"object"}, "day1": {"2026-05-25"}})
		step(ex, http.StatusUnprocessableEntity, url.Values{"kind": {"deliver"}, "outcome": {"received"}, "day1": {"2026-05-19"}})
		step(ex, http.StatusSeeOther, url.Values{"kind": {"deliver"}, "outcome": {"received"}, "day1": {"2026-05-22"}})
		step(ex, http.StatusConflict, url.Values{"kind": {"deliver"}, "outcome": {"received"}, "day1": {"2026-05-25"}})
		if e := effect(); e.String() != "2026-06-18" {
			t.Errorf("Ps 38(1) effect from the receipt: %s", e)
		}
		if steps := ex.Get(page).Text("ol.steps"); !strings.Contains(steps, "Keputusan dikirim") || !strings.Contains(steps, "Keputusan yang dikirim diterima · 2026-05-22") {
			t.Errorf("the steps: %q", steps)
		}
		if res := ex.Get(page + "/letters/receipt"); res.Status != http.StatusOK || !strings.Contains(letterstest.Text(t, []byte(res.Body)), "18 Juni 2026") {
			t.Errorf("the receipt's effect date: %d", res.Status)
		}

		// The keberatan goes to the official's superior, who waits for
		// the official's answer (PP 79 Ps 8(3)).
		step(ex, http.StatusSeeOther, url.Values{"kind": {"object"}, "day1": {"2026-06-10"}})
		got = ex.Get(page)
		if r := got.Text("#respond-by"); !strings.Contains(r, "19 Juni 2026") || !strings.Contains(r, "PP 79/2021 Ps 8(3)") || !strings.Contains(r, "terlambat") {
			t.Errorf("the official's answer: %q (%q)", r, got.Text("#remedy"))
		}
		row = ex.Get("/cases/due").Doc.Find("tbody tr").First().Text()
		if !strings.Contains(row, "Tanggapan tertulis pejabat") || !strings.Contains(row, "19") {
			t.Errorf("the due list's answer: %q", row)
		}
		before := auditCount(t, env, "case.escalated")
		if r, err := env.Server.App.WatchDeadlines(ctx); err != nil || r.Escalated != 1 {
			t.Errorf("the late answer is not escalated: %+v %v", r, err)
		}
		if auditCount(t, env, "case.escalated") != before+1 {
			t.Error("the escalation is not audited")
		}
		ns, _, err := env.Store.Notifications(ctx, env.Users["pemutus.kab"].ID, 10)
		if err != nil || len(ns) == 0 || ns[0].Kind != "case.late" || ns[0].ObjectID != pid {
			t.Errorf("the decider is not told of the late answer: %+v %v", ns, err)
		}
		// Silence is noted only after the window; an answer closes it.
		step(ex, http.StatusUnprocessableEntity, url.Values{"kind": {"object"}, "outcome": {"silent"}, "day1": {"2026-06-19"}})
		step(ex, http.StatusSeeOther, url.Values{"kind": {"object"}, "outcome": {"response"}, "day1": {"2026-06-18"}})
		if n := auditCount(t, env, "case.step.object.response"); n != 1 {
			t.Errorf("%d audited answers", n)
		}
		got = ex.Get(page)
		if got.Doc.Find("#respond-by").Length() != 0 || !strings.Contains(got.Text("#remedy"), "18 Juni 2026") {
			t.Errorf("after the answer: %q", got.Text("#remedy"))
		}
		// The superior's 21 working days passed long ago: the court is open.
		if w := got.Text("#court-open"); !strings.Contains(w, "Pengadilan Tata Usaha Negara") || !strings.Contains(w, "PP 79/2021 Ps 8(7)") {
			t.Errorf("the court notice on the case page: %q", w)
		}
		if w := me.Get("/my/cases").Text("p.warn"); !strings.Contains(w, "Pengadilan Tata Usaha Negara") {
			t.Errorf("the accused is not told of the court: %q", w)
		}
		row = ex.Get("/cases/due").Doc.Find("tbody tr").First().Text()
		if !strings.Contains(row, "Keputusan atas keberatan") {
			t.Errorf("after the answer the due list shows %q", row)
		}
	})
}

// PP 79/2021 Ps 13(1), 18: a banding waits for the PPK's answer to BPASN
// within 21 working days, on the due list, escalated when late; BPASN's
// window passed, the case page tells of the high administrative court.
// The Tim Pemeriksa's formation letter (Ps 29) is refused before the
// three seats are filled, then read back: its members with their seats,
// NIP and positions, signed for the Bupati, numbered from the case,
// RAHASIA, with the government's own wording of a block, audited, and not
// offered to the accused.
func TestCaseBandingResponseAndTeamLetter(t *testing.T) {
	eachEngine(t, func(t *testing.T, env *testserver.Env) {
		ctx := t.Context()
		page, ex, dec, me := followupCase(t, env)
		pid := page[strings.LastIndex(page, "/")+1:]
		step := stepper(t, page)
		if res := ex.Post(page+"/charges", url.Values{"code": {"K4f"}, "days_absent": {"28"}}); res.Status != http.StatusSeeOther {
			t.Fatal(res.Status)
		}
		if res := ex.Get(page + "/letters/team"); res.Status != http.StatusConflict {
			t.Errorf("the team letter before the team: %d", res.Status)
		}
		if ex.Get(page).Doc.Find("#team-letter").Length() != 0 {
			t.Error("the team letter is offered before the team is formed")
		}
		formTeam(t, env, pid)
		if ex.Get(page).Doc.Find("#team-letter").Length() != 1 {
			t.Error("the team letter is not offered once the team is formed")
		}
		admin := env.Client(t)
		admin.SignIn("admin.kab")
		if res := admin.Post("/admin/letters/team.task", url.Values{"body": {"KEDUA: Tim Pemeriksa memeriksa {nama} dan melapor kepada {penetap}."}}); res.Status != http.StatusSeeOther {
			t.Fatalf("edit the team letter: %d %s", res.Status, res.Text(".field-error"))
		}
		res := ex.Get(page + "/letters/team")
		if res.Status != http.StatusOK || res.Header.Get("Content-Type") != "application/pdf" {
			t.Fatalf("team letter: %d", res.Status)
		}
		text := strings.Join(strings.Fields(letterstest.Text(t, []byte(res.Body))), " ")
		c, _ := env.Store.DisciplineCaseByID(ctx, env.Kab.ID, pid)
		for _, want := range []string{"RAHASIA", "PEMBENTUKAN TIM PEMERIKSA", "KEPUTUSAN BUPATI SERANG", "Nomor: " + c.Number + "/TIM",
			"Sekretaris Tim Uji, NIP " + teamNIPs[discipline.SeatSuperior] + ", Sekretaris — unsur atasan langsung",
			"Auditor Tim Uji, NIP " + teamNIPs[discipline.SeatOversight] + ", Auditor Ahli Madya — unsur pengawasan",
			"Analis Tim Uji, NIP " + teamNIPs[discipline.SeatPersonnel] + ", Analis SDM Aparatur — unsur kepegawaian",
			"Staf Uji", "K4f", "KEDUA: Tim Pemeriksa memeriksa Staf Uji dan melapor kepada Bupati Serang.", "Bupati Serang,"} {
			if !strings.Contains(text, want) {
				t.Errorf("the team letter lacks %q:\n%s", want, text)
			}
		}
		if n := auditCount(t, env, "case.letter.team"); n != 1 {
			t.Errorf("%d audited team letters", n)
		}
		if res := me.Get("/my/cases/" + pid + "/letters/team"); res.Status != http.StatusNotFound {
			t.Errorf("the accused reads the team letter: %d", res.Status)
		}

		step(ex, http.StatusSeeOther, url.Values{"kind": {"summon"}, "day1": {"2026-02-16"}, "day2": {"2026-02-19"}})
		step(ex, http.StatusSeeOther, url.Values{"kind": {"examine"}, "day1": {"2026-02-19"}})
		step(dec, http.StatusSeeOther, url.Values{"kind": {"decide"}, "sanction": {"B3"}, "day1": {"2026-02-24"}})
		step(ex, http.StatusSeeOther, url.Values{"kind": {"deliver"}, "day1": {"2026-03-02"}, "day2": {"2026-03-02"}})
		step(ex, http.StatusSeeOther, url.Values{"kind": {"object"}, "day1": {"2026-03-27"}})
		if r := ex.Get(page).Text("#respond-by"); !strings.Contains(r, "28 April 2026") || !strings.Contains(r, "PP 79/2021 Ps 13(1)") || !strings.Contains(r, "BPASN") {
			t.Errorf("the PPK's answer: %q", r)
		}
		row := ex.Get("/cases/due").Doc.Find("tbody tr").First().Text()
		if !strings.Contains(row, "Tanggapan PPK atas banding administratif") || !strings.Contains(row, "terlambat") {
			t.Errorf("the due list's answer: %q", row)
		}
		if r, err := env.Server.App.WatchDeadlines(ctx); err != nil || r.Escalated != 1 {
			t.Errorf("the late answer is not escalated: %+v %v", r, err)
		}
		step(ex, http.StatusSeeOther, url.Values{"kind": {"object"}, "outcome": {"response"}, "day1": {"2026-04-20"}})
		got := dec.Get(page)
		if w := got.Text("#court-open"); !strings.Contains(w, "Pengadilan Tinggi Tata Usaha Negara") || !strings.Contains(w, "PP 79/2021 Ps 18") {
			t.Errorf("the high court notice: %q", w)
		}
		var dueWhat string
		if err := env.Store.DB().R.QueryRow(`SELECT due_what FROM discipline_cases WHERE public_id = $1`, pid).Scan(&dueWhat); err != nil || dueWhat != "case.due.remedy.banding" {
			t.Errorf("after the answer the case waits for %q %v", dueWhat, err)
		}
		// The stored basis replays the same: a new step re-reads it.
		if _, c, err := env.Store.CaseProcedure(ctx, env.Kab.ID, c.ID, discipline.DefaultProcedure, mustCal(t, env)); err != nil || c.Response.IsZero() {
			t.Errorf("replay: %v", err)
		}
	})
}

func mustCal(t *testing.T, env *testserver.Env) *calendar.Calendar {
	t.Helper()
	cal, err := env.Store.Calendar(t.Context(), env.Kab.ID)
	if err != nil {
		t.Fatal(err)
	}
	return cal
}
