package server_test

import (
	"bytes"
	"image/jpeg"
	"io/fs"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"sigap/internal/db"
	"sigap/internal/evidence/testphoto"
	"sigap/internal/identity"
	"sigap/internal/report"
	"sigap/internal/store"
	"sigap/internal/testserver"
	"sigap/internal/vault"
)

// goodReport is a complete anonymous report for Kabupaten Serang, using
// the form's first district and one of its villages.
func goodReport(t *testing.T, form *testserver.Response) url.Values {
	t.Helper()
	district := form.Doc.Find(`select[name="district"] option[value!=""]`).First().AttrOr("value", "")
	village := form.Doc.Find(`select[name="village"] optgroup[data-district="`+district+`"] option`).First().AttrOr("value", "")
	if district == "" || village == "" {
		t.Fatalf("no places in the form")
	}
	return url.Values{"category": {"sexual_violence"}, "what": {"Kepala seksi memegang tangan saya di ruang arsip tanpa izin."},
		"occurred_on": {"2026-01-15"}, "district": {district}, "village": {village}, "accused_name": {"Budi Santoso"},
		"reporter_is_victim": {"yes"}, "mode": {"anonymous"}}
}

var receiptRE = regexp.MustCompile(`\d{4} \d{4} \d{4} \d{4}`)

func countReports(t *testing.T, env *testserver.Env) int {
	t.Helper()
	var n int
	if err := env.Store.DB().R.QueryRow(`SELECT COUNT(*) FROM reports`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// A reporter sends a report without an account, keeps the receipt, and
// comes back with it to read the desk's question and answer it.
func TestPublicReportAndReceipt(t *testing.T) {
	eachEngine(t, func(t *testing.T, env *testserver.Env) {
		c := env.Client(t)
		form := c.Get("/lapor/kab-serang")
		if form.Status != http.StatusOK || form.Doc.Find(`input[name="category"]`).Length() != len(report.DefaultCategories) {
			t.Fatalf("form: %d", form.Status)
		}
		if form.Header.Get("Cache-Control") != "no-store" {
			t.Errorf("form cacheable: %q", form.Header.Get("Cache-Control"))
		}

		// Mistakes are all shown at once, and nothing is stored.
		bad := url.Values{"category": {"gossip"}, "what": {"pendek"}, "mode": {"named"}}
		res := c.Post("/lapor/kab-serang", bad)
		if res.Status != http.StatusUnprocessableEntity || res.Doc.Find(".field-error").Length() < 5 || receiptRE.MatchString(res.Body) {
			t.Fatalf("bad report: %d, %d field errors", res.Status, res.Doc.Find(".field-error").Length())
		}
		if v, _ := res.Doc.Find(`textarea[name="what"]`).Html(); v != "pendek" {
			t.Errorf("the typed text was not kept: %q", v)
		}
		// A village of another district is refused.
		v := goodReport(t, form)
		other := form.Doc.Find(`select[name="village"] optgroup[data-district!="`+v.Get("district")+`"] option`).First().AttrOr("value", "")
		v.Set("village", other)
		if res := c.Post("/lapor/kab-serang", v); res.Status != http.StatusUnprocessableEntity || res.Doc.Find(".field-error").Length() != 1 {
			t.Fatalf("village elsewhere: %d", res.Status)
		}
		// The honeypot turns a program away.
		v = goodReport(t, form)
		v.Set("website", "http://spam.example")
		if res := c.Post("/lapor/kab-serang", v); res.Status != http.StatusUnprocessableEntity {
			t.Fatalf("honeypot: %d", res.Status)
		}
		// A megabyte in a name field is refused with a message.
		v = goodReport(t, form)
		v.Set("accused_name", strings.Repeat("a", 900_000))
		if res := c.Post("/lapor/kab-serang", v); res.Status != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "200") {
			t.Fatalf("long name: %d", res.Status)
		}
		v.Set("accused_name", strings.Repeat("a", 1<<20))
		if res := c.Post("/lapor/kab-serang", v); res.Status != http.StatusUnprocessableEntity {
			t.Fatalf("over the body limit: %d", res.Status)
		}
		if n := countReports(t, env); n != 0 {
			t.Fatalf("%d reports stored from bad input", n)
		}

		res = c.Post("/lapor/kab-serang", goodReport(t, form))
		receipt := receiptRE.FindString(res.Text(".receipt"))
		if res.Status != http.StatusOK || receipt == "" || res.Header.Get("Cache-Control") != "no-store" {
			t.Fatalf("receipt page: %d %q", res.Status, res.Text(".receipt"))
		}
		if countReports(t, env) != 1 {
			t.Fatal("report not stored")
		}

		// Back with the receipt as typed by hand, dashes and all.
		typed := strings.ReplaceAll(receipt, " ", "-")
		res = c.Post("/lapor/kab-serang/status", url.Values{"receipt": {typed}})
		if res.Status != http.StatusOK || !strings.Contains(res.Body, "menunggu diperiksa") || !strings.Contains(res.Body, "ruang arsip") {
			t.Fatalf("status: %d %s", res.Status, res.Text(".alert"))
		}
		// Wrong length, wrong code, another tenant: clear messages, nothing shown.
		res = c.Post("/lapor/kab-serang/status", url.Values{"receipt": {receipt[:17]}})
		if res.Status != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "16 angka") {
			t.Fatalf("short receipt: %d", res.Status)
		}
		if res = c.Post("/lapor/kota-serang/status", url.Values{"receipt": {receipt}}); res.Status != http.StatusUnprocessableEntity || strings.Contains(res.Body, "ruang arsip") {
			t.Fatalf("receipt in another tenant: %d", res.Status)
		}

		// The desk asks; the reporter reads and answers.
		r, err := env.Store.ReportByReceipt(t.Context(), env.Kab.ID, report.Receipt(strings.ReplaceAll(receipt, " ", "")))
		if err != nil {
			t.Fatal(err)
		}
		desk := env.Users["examiner.kab"]
		if _, err := env.Store.AddReportMessage(t.Context(), storeActor(desk), env.Kab.ID, r.ID, report.FromDesk, false, secret("Apakah ada saksi di ruang arsip?")); err != nil {
			t.Fatal(err)
		}
		if _, err := env.Store.AddReportMessage(t.Context(), storeActor(desk), env.Kab.ID, r.ID, report.FromDesk, true, secret("CATATAN-INTERNAL")); err != nil {
			t.Fatal(err)
		}
		res = c.Post("/lapor/kab-serang/status", url.Values{"receipt": {receipt}})
		if !strings.Contains(res.Body, "Apakah ada saksi") || strings.Contains(res.Body, "CATATAN-INTERNAL") || strings.Contains(res.Body, desk.DisplayName) {
			t.Fatalf("reporter's view shows the wrong messages")
		}
		if res.Doc.Find(`form[action$="/reply"] input[name="receipt"]`).AttrOr("value", "") != receipt {
			t.Error("the reply form does not carry the receipt")
		}
		res = c.Post("/lapor/kab-serang/status/reply", url.Values{"receipt": {receipt}, "body": {"Ada, rekan saya Rina."}})
		if res.Status != http.StatusOK || !strings.Contains(res.Body, "Ada, rekan saya Rina.") {
			t.Fatalf("reply: %d", res.Status)
		}
		if res = c.Post("/lapor/kab-serang/status/reply", url.Values{"receipt": {receipt}, "body": {"  "}}); res.Status != http.StatusUnprocessableEntity {
			t.Fatalf("empty reply: %d", res.Status)
		}

		// Nothing the reporter typed, nor the receipt, reached the log.
		logs := env.Logs.String()
		for _, s := range []string{"ruang arsip", "Budi", "Rina", receipt, strings.ReplaceAll(receipt, " ", "")} {
			if strings.Contains(logs, s) {
				t.Errorf("%q in the log", s)
			}
		}
	})
}

// Guessing receipts is throttled and logged.
func TestReceiptGuessingIsThrottled(t *testing.T) {
	env := testserver.Start(t, db.SQLite)
	c := env.Client(t)
	var last *testserver.Response
	for i := range 12 {
		last = c.Post("/lapor/kab-serang/status", url.Values{"receipt": {strings.Repeat("1", 15) + string(rune('0'+i%10))}})
	}
	if last.Status != http.StatusTooManyRequests || last.Header.Get("Retry-After") == "" {
		t.Fatalf("12th guess: %d", last.Status)
	}
	if !strings.Contains(env.Logs.String(), "receipt not found") || !strings.Contains(env.Logs.String(), "receipt attempts throttled") {
		t.Error("guesses not logged")
	}
}

func storeActor(u identity.User) store.Actor { return store.Actor{UserID: u.ID, TenantID: u.TenantID} }

func secret(s string) vault.Secret { return vault.NewSecret(s) }

// A photo with its GPS position in EXIF reaches the desk without it; a
// program dressed as a photo is refused and nothing is kept.
func TestReportEvidence(t *testing.T) {
	eachEngine(t, func(t *testing.T, env *testserver.Env) {
		c := env.Client(t)
		form := c.Get("/lapor/kab-serang")
		if form.Doc.Find(`form.report-form[enctype="multipart/form-data"] input[type="file"][name="files"]`).Length() != 1 {
			t.Fatal("the form takes no files")
		}
		exe := append([]byte("MZ\x90\x00"), bytes.Repeat([]byte{0}, 200)...)
		res := c.Upload("/lapor/kab-serang", "files", "foto-kejadian.jpg", exe, goodReport(t, form))
		if res.Status != http.StatusUnprocessableEntity || !strings.Contains(res.Text(".field-error"), "foto-kejadian.jpg") || receiptRE.MatchString(res.Body) {
			t.Fatalf("disguised program: %d %q", res.Status, res.Text(".field-error"))
		}
		if n := countReports(t, env); n != 0 {
			t.Fatalf("%d reports stored", n)
		}
		photo := testphoto.JPEG(64, 48, 1)
		res = c.Upload("/lapor/kab-serang", "files", "IMG_0042.jpg", photo, goodReport(t, form))
		if res.Status != http.StatusOK || receiptRE.FindString(res.Text(".receipt")) == "" {
			t.Fatalf("report with a photo: %d %s", res.Status, res.Text(".alert"))
		}

		env.AddUser(t, "meja.kab", env.Kab.ID, identity.Intake)
		desk := env.Client(t)
		desk.SignIn("meja.kab")
		link := desk.Get("/reports").Doc.Find(`table a[href^="/reports/"]`).First().AttrOr("href", "")
		page := desk.Get(link)
		file := page.Doc.Find(`a[href*="/files/"]`).First()
		if file.Text() != "IMG_0042.jpg" {
			t.Fatalf("file listed as %q", file.Text())
		}
		got := desk.Get(file.AttrOr("href", ""))
		if got.Status != http.StatusOK || got.Header.Get("Content-Type") != "image/jpeg" || !strings.HasPrefix(got.Header.Get("Content-Disposition"), "attachment") {
			t.Fatalf("download: %d %s %s", got.Status, got.Header.Get("Content-Type"), got.Header.Get("Content-Disposition"))
		}
		if strings.Contains(got.Body, "Exif") || bytes.Contains([]byte(got.Body), testphoto.GPSMarker) {
			t.Error("the photo still carries its EXIF")
		}
		if _, err := jpeg.Decode(strings.NewReader(got.Body)); err != nil {
			t.Errorf("not a photo: %v", err)
		}
		// On disk the photo is encrypted: no JPEG marker in any stored file.
		err := filepath.WalkDir(filepath.Join(env.DataDir, "files"), func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			b, err := os.ReadFile(p)
			if bytes.Contains(b, []byte("JFIF")) || bytes.Contains(b, []byte{0xFF, 0xD8, 0xFF}) {
				t.Errorf("%s holds a plain JPEG", p)
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		// A file gone from the store is answered with a page, not a cut
		// connection.
		if err := os.RemoveAll(filepath.Join(env.DataDir, "files")); err != nil {
			t.Fatal(err)
		}
		gone := desk.Get(file.AttrOr("href", ""))
		if gone.Status != http.StatusNotFound || gone.Header.Get("Content-Disposition") != "" {
			t.Fatalf("vanished file: %d %q", gone.Status, gone.Header.Get("Content-Disposition"))
		}
	})
}

// When every report slot is taken, a sender is told at once to come back
// (429 with Retry-After), through the form and the API, and nothing is
// stored; once a slot frees, the report goes in.
func TestReportSurgeIsRefusedPolitely(t *testing.T) {
	env := testserver.Start(t, db.SQLite)
	c := env.Client(t)
	form := c.Get("/lapor/kab-serang")
	slots := env.Server.Web.ReportSlots()
	for range cap(slots) {
		slots <- struct{}{}
	}
	res := c.Post("/lapor/kab-serang", goodReport(t, form))
	if res.Status != http.StatusTooManyRequests || res.Header.Get("Retry-After") == "" || receiptRE.MatchString(res.Body) {
		t.Fatalf("full: %d %q", res.Status, res.Header.Get("Retry-After"))
	}
	st, body := apiClient{t: t, base: env.URL}.call("POST", "/api/v1/public/kab-serang/reports", `{}`)
	if st != http.StatusTooManyRequests || errCode(t, body) != "too_many" {
		t.Fatalf("API when full: %d %v", st, body)
	}
	if n := countReports(t, env); n != 0 {
		t.Fatalf("%d reports stored while refusing", n)
	}
	<-slots
	if res := c.Post("/lapor/kab-serang", goodReport(t, form)); res.Status != http.StatusOK || !receiptRE.MatchString(res.Body) {
		t.Fatalf("a slot free: %d", res.Status)
	}
}

// With the proof of work on, a report without it is refused with the
// form shown again; with a solved challenge it goes in, once.
func TestReportProofOfWork(t *testing.T) {
	env := testserver.Start(t, db.SQLite, "SIGAP_REPORT_POW_BITS=8")
	c := env.Client(t)
	form := c.Get("/lapor/kab-serang")
	challenge := form.Doc.Find(`input[name="pow_challenge"]`).AttrOr("value", "")
	if form.Doc.Find(`form[data-pow-bits="8"]`).Length() != 1 || challenge == "" {
		t.Fatal("the form asks no proof of work")
	}
	v := goodReport(t, form)
	v.Set("pow_challenge", challenge)
	if res := c.Post("/lapor/kab-serang", v); res.Status != http.StatusUnprocessableEntity || res.Doc.Find(`textarea[name="what"]`).Text() == "" {
		t.Fatalf("without the work: %d", res.Status)
	}
	n := 0
	for report.LeadingZeroBits(challenge+":"+strconv.Itoa(n)) < 8 {
		n++
	}
	v.Set("pow", strconv.Itoa(n))
	if res := c.Post("/lapor/kab-serang", v); res.Status != http.StatusOK || !receiptRE.MatchString(res.Body) {
		t.Fatalf("with the work: %d", res.Status)
	}
	if res := c.Post("/lapor/kab-serang", v); res.Status != http.StatusUnprocessableEntity {
		t.Errorf("the same challenge twice: %d", res.Status)
	}
}

// The government's admin adds a kind of report; the public form offers it.
func TestReportCategoriesPage(t *testing.T) {
	env := testserver.Start(t, db.SQLite)
	admin := env.Client(t)
	admin.SignIn("admin.kab")
	page := admin.Get("/admin/report-categories")
	rows := page.Doc.Find(`input[name="rows"]`).AttrOr("value", "")
	if page.Status != http.StatusOK || rows != strconv.Itoa(len(report.DefaultCategories)+3) {
		t.Fatalf("page: %d, rows %q", page.Status, rows)
	}
	v := url.Values{"rows": {rows}, "known": {strconv.Itoa(len(report.DefaultCategories))}}
	for i, c := range report.DefaultCategories {
		k := strconv.Itoa(i)
		v.Set("code."+k, c.Code)
		v.Set("name_id."+k, c.NameID)
		v.Set("name_en."+k, c.NameEN)
		if c.Code != "political_neutrality" {
			v.Set("active."+k, "1")
		}
	}
	n := strconv.Itoa(len(report.DefaultCategories))
	v.Set("code."+n, "Pungli Izin") // not a code
	v.Set("name_id."+n, "Pungutan liar perizinan")
	v.Set("name_en."+n, "Permit levies")
	v.Set("active."+n, "1")
	if res := admin.Post("/admin/report-categories", v); res.Status != http.StatusUnprocessableEntity || res.Doc.Find(".field-error").Length() != 1 {
		t.Fatalf("bad code: %d", res.Status)
	}
	v.Set("code."+n, "pungli_izin")
	if res := admin.Post("/admin/report-categories", v); res.Status != http.StatusSeeOther {
		t.Fatalf("save: %d %s", res.Status, res.Text(".alert"))
	}
	form := env.Client(t).Get("/lapor/kab-serang")
	if form.Doc.Find(`input[name="category"][value="pungli_izin"]`).Length() != 1 || form.Doc.Find(`input[name="category"][value="political_neutrality"]`).Length() != 0 {
		t.Error("the form does not offer the new list")
	}
	// The other government's form is unchanged, and the desk may not edit.
	if env.Client(t).Get("/lapor/kota-serang").Doc.Find(`input[name="category"][value="political_neutrality"]`).Length() != 1 {
		t.Error("Kota Serang's form changed")
	}
	env.AddUser(t, "meja.kab", env.Kab.ID, identity.Intake)
	desk := env.Client(t)
	desk.SignIn("meja.kab")
	if res := desk.Get("/admin/report-categories"); res.Status != http.StatusForbidden {
		t.Errorf("the desk opened the catalogue: %d", res.Status)
	}
}

// The reporter's side is rate-limited per address whatever cookie or
// token a sender adds (staff pages are not limited by this limiter).
func TestPublicLimitIgnoresCookies(t *testing.T) {
	env := testserver.Start(t, db.SQLite, "SIGAP_RATE_PUBLIC=5")
	var last int
	for range 7 {
		req, _ := http.NewRequest(http.MethodGet, env.URL+"/lapor/kab-serang", nil)
		req.AddCookie(&http.Cookie{Name: "sigap_session", Value: "not-a-session"})
		req.Header.Set("Authorization", "Bearer sgp_fake")
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		last = res.StatusCode
	}
	if last != http.StatusTooManyRequests {
		t.Fatalf("7th request with a made-up cookie: %d", last)
	}
}
