package server_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"sigap/internal/db"
	"sigap/internal/identity"
	"sigap/internal/roster"
	"sigap/internal/store"
	"sigap/internal/testserver"
)

// The desk's day with a report: it arrives in the queue with its clocks,
// the desk reads it (audited), verifies it, asks the reporter, notes
// something internal, finds the accused in the roster, opens a discipline
// case; the reporter reads the question and the outcome in plain words.
func TestDeskHandlesAReport(t *testing.T) {
	eachEngine(t, func(t *testing.T, env *testserver.Env) {
		importRoster(t, env, []roster.Row{{Line: 2, NIP: mustNIP(t, "197001011995031001"), Name: "Drs. Budi Santoso, M.Si.",
			Status: roster.PNS, Position: "Inspektur", Kind: roster.JPTPratama, Unit: "Inspektorat", State: roster.Active}})
		env.AddUser(t, "meja.kab", env.Kab.ID, identity.Intake)
		reporter := env.Client(t)
		form := reporter.Get("/lapor/kab-serang")
		res := reporter.Post("/lapor/kab-serang", goodReport(t, form))
		receipt := receiptRE.FindString(res.Text(".receipt"))
		if receipt == "" {
			t.Fatalf("no receipt: %d", res.Status)
		}

		desk := env.Client(t)
		desk.SignIn("meja.kab")
		home := desk.Get("/")
		if home.Text(".notes .count") != "1" {
			t.Errorf("unread notifications: %q", home.Text(".notes .count"))
		}
		queue := desk.Get("/reports")
		link, _ := queue.Doc.Find(`table a[href^="/reports/"]`).First().Attr("href")
		if queue.Status != http.StatusOK || link == "" || !strings.Contains(queue.Body, "Pelecehan") || !strings.Contains(queue.Body, "0 hari kerja") {
			t.Fatalf("queue: %d %q", queue.Status, link)
		}
		page := desk.Get(link)
		if page.Status != http.StatusOK || !strings.Contains(page.Body, "memegang tangan saya") {
			t.Fatalf("report page: %d", page.Status)
		}
		if desk.Get("/").Text(".notes .count") != "" {
			t.Error("reading the report did not mark its notification read")
		}
		// Another government's desk cannot open it.
		env.AddUser(t, "meja.kota", env.Kota.ID, identity.Intake)
		other := env.Client(t)
		other.SignIn("meja.kota")
		if res := other.Get(link); res.Status != http.StatusNotFound {
			t.Errorf("other tenant's desk: %d", res.Status)
		}

		post := func(path string, v url.Values) *testserver.Response {
			t.Helper()
			res := desk.Post(link+path, v)
			if res.Status != http.StatusSeeOther {
				t.Fatalf("%s: %d %s", path, res.Status, res.Text(".alert"))
			}
			return desk.Get(link)
		}
		post("/verify", nil)
		if res := desk.Post(link+"/verify", nil); res.Status != http.StatusConflict {
			t.Errorf("verify twice: %d", res.Status)
		}
		post("/messages", url.Values{"body": {"Apakah ada saksi lain?"}, "internal": {"0"}})
		post("/messages", url.Values{"body": {"Cek daftar hadir ruang arsip."}, "internal": {"1"}})
		found := desk.Get(link + "?employee_q=budi")
		empID := found.Doc.Find(`form[action$="/employee"] input[name="employee_id"]`).AttrOr("value", "")
		if empID == "" {
			t.Fatal("the roster search found nobody")
		}
		page = post("/employee", url.Values{"employee_id": {empID}})
		if !strings.Contains(page.Body, "Budi Santoso") {
			t.Error("linked employee not shown")
		}
		// A referral needs its target; the error is shown beside the field.
		if res := desk.Post(link+"/outcomes", url.Values{"kind": {"referral"}}); res.Status != http.StatusUnprocessableEntity || res.Doc.Find(".field-error").Length() != 1 {
			t.Errorf("referral without a target: %d", res.Status)
		}
		page = post("/outcomes", url.Values{"kind": {"discipline_case"}})
		if !strings.Contains(page.Body, "Buka kasus disiplin") {
			t.Error("outcome not listed")
		}
		// A rejection is confirmed first, then closes the report.
		confirm := desk.Post(link+"/outcomes", url.Values{"kind": {"rejection"}, "note": {"Sudah ditangani dalam kasus disiplin."}})
		if confirm.Status != http.StatusOK || confirm.Doc.Find(`input[name="confirm"]`).Length() != 1 {
			t.Fatalf("rejection confirmation: %d", confirm.Status)
		}
		page = post("/outcomes", url.Values{"kind": {"rejection"}, "note": {"Sudah ditangani dalam kasus disiplin."}, "confirm": {"1"}})
		if !strings.Contains(page.Body, "Selesai") || page.Doc.Find(`form[action$="/outcomes"]`).Length() != 0 {
			t.Error("rejected report still open")
		}

		// The reporter's view: the question, the outcomes in plain words,
		// no internal note, no name of who handled it.
		view := reporter.Post("/lapor/kab-serang/status", url.Values{"receipt": {receipt}})
		for _, want := range []string{"Apakah ada saksi lain?", "pemeriksaan disiplin", "Sudah ditangani dalam kasus disiplin.", "Penanganan laporan Anda sudah selesai"} {
			if !strings.Contains(view.Body, want) {
				t.Errorf("reporter does not see %q", want)
			}
		}
		for _, hidden := range []string{"Cek daftar hadir", "Uji meja.kab", "Budi Santoso"} {
			if strings.Contains(view.Body, hidden) {
				t.Errorf("reporter sees %q", hidden)
			}
		}

		// The desk records a walk-in report and hands a receipt on paper.
		v := goodReport(t, form)
		v.Set("channel", "walk_in")
		rec := desk.Post("/reports/new", v)
		if rec.Status != http.StatusOK || receiptRE.FindString(rec.Text(".receipt")) == "" {
			t.Fatalf("recorded report: %d %s", rec.Status, rec.Text(".alert"))
		}
		v.Del("channel")
		if res := desk.Post("/reports/new", v); res.Status != http.StatusUnprocessableEntity || res.Doc.Find(`fieldset[aria-invalid="true"] input[name="channel"]`).Length() == 0 {
			t.Errorf("recorded report without a channel: %d", res.Status)
		}
	})
}

// The desk is told of a new report by mail; without a mail server the
// mail goes to the log, with a link and nothing of the report.
func TestNewReportIsMailed(t *testing.T) {
	env := testserver.Start(t, db.SQLite, "SIGAP_BASE_URL=https://sigap.serangkab.go.id")
	u := env.AddUser(t, "meja.kab", env.Kab.ID, identity.Intake)
	if err := env.Store.UpdateUser(t.Context(), store.System, env.Kab.ID, u.ID, store.UserUpdate{DisplayName: "Meja Layanan", Email: "meja@serangkab.go.id", Roles: u.Roles}); err != nil {
		t.Fatal(err)
	}
	c := env.Client(t)
	form := c.Get("/lapor/kab-serang")
	if res := c.Post("/lapor/kab-serang", goodReport(t, form)); res.Status != http.StatusOK {
		t.Fatalf("report: %d", res.Status)
	}
	n, err := env.Server.SendMails(t.Context())
	if err != nil || n != 1 {
		t.Fatalf("sent %d: %v", n, err)
	}
	logs := env.Logs.String()
	if !strings.Contains(logs, "to=meja@serangkab.go.id") || !strings.Contains(logs, "Laporan baru masuk") || strings.Contains(logs, "ruang arsip") {
		t.Errorf("mail log: %s", logs)
	}
	if n, _ := env.Server.SendMails(t.Context()); n != 0 {
		t.Errorf("sent again: %d", n)
	}
}
