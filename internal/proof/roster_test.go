package proof

import (
	"bytes"
	"context"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"sigap/internal/db"
	"sigap/internal/org"
	"sigap/internal/roster"
	"sigap/internal/store"
)

// A roster import started on one instance is followed on another: its
// page, its problems and its second step ("import the valid rows") are
// there. An import whose instance is killed is shown as interrupted on the
// other instance, and wrote nothing.
func TestRosterImportOnAnyInstance(t *testing.T) {
	if testing.Short() {
		t.Skip("starts processes")
	}
	needPostgres(t)
	t.Parallel()
	ctx := context.Background()
	s := newSite(t, db.Postgres)
	if _, err := s.store.CreateUnit(ctx, store.System, s.tenant, org.UnitInput{Name: "Dinas Kesehatan", Kind: org.KindDinas}); err != nil {
		t.Fatal(err)
	}
	a, b := s.start("a"), s.start("b")
	cookie, csrf := signIn(t, a.url)
	file := func(n int, bad bool) []byte {
		var buf bytes.Buffer
		if err := roster.WriteCSV(&buf, roster.NewSynth(5, 2026).Roster([]roster.SynthUnit{{Name: "Dinas Kesehatan", Kind: org.KindDinas}}, n)); err != nil {
			t.Fatal(err)
		}
		if bad { // one more row whose NIP cannot be read
			lines := strings.Split(strings.TrimRight(buf.String(), "\r\n"), "\n")
			last := lines[len(lines)-1]
			buf.WriteString(strings.Replace(last, strings.SplitN(last, ",", 2)[0], "12345", 1) + "\n")
		}
		return buf.Bytes()
	}
	employees := func() int {
		var n int
		s.db.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM employees`).Scan(&n)
		return n
	}

	// Killed under way: the other instance says so, and nothing was written.
	job := upload(t, a.url, cookie, csrf, file(30000, false))
	a.kill()
	var page string
	waitFor(t, 60*time.Second, func() bool {
		page = get(t, b.url+job, cookie)
		return strings.Contains(page, "terhenti karena server")
	})
	if n := employees(); n != 0 {
		t.Errorf("the interrupted import wrote %d employees", n)
	}

	// Problems found on b; the valid rows imported from a (started again).
	a = s.start("a2")
	job = upload(t, b.url, cookie, csrf, file(200, true))
	waitFor(t, 30*time.Second, func() bool {
		page = get(t, a.url+job, cookie)
		return strings.Contains(page, "Berkas memuat kesalahan")
	})
	if !strings.Contains(page, "/valid-only") {
		t.Fatalf("the other instance offers no second step:\n%s", page)
	}
	res, err := client.Do(formPost(a.url+job+"/valid-only", cookie, url.Values{"csrf": {csrf}}))
	if err != nil || res.StatusCode != http.StatusSeeOther {
		t.Fatalf("valid rows: %v %v", err, res)
	}
	res.Body.Close()
	waitFor(t, 30*time.Second, func() bool {
		page = get(t, b.url+job, cookie)
		return strings.Contains(page, "Impor selesai")
	})
	if n := employees(); n != 200 {
		t.Errorf("%d employees after importing the 200 valid rows", n)
	}
	// A second click starts nothing.
	if res, err := client.Do(formPost(b.url+job+"/valid-only", cookie, url.Values{"csrf": {csrf}})); err == nil {
		res.Body.Close()
	}
	time.Sleep(500 * time.Millisecond)
	var imports int
	s.db.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM employee_imports`).Scan(&imports)
	if imports != 1 {
		t.Errorf("%d imports recorded, want 1", imports)
	}
	a.stop(t)
	b.stop(t)
	s.auditVerify()
}

var csrfField = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// signIn signs the admin in and returns the session cookie and the form token.
func signIn(t *testing.T, base string) (*http.Cookie, string) {
	t.Helper()
	res, err := client.PostForm(base+"/login", url.Values{"username": {signer}, "password": {password}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	for _, c := range res.Cookies() {
		if c.Name == "sigap_session" {
			m := csrfField.FindStringSubmatch(get(t, base+"/admin/employees/import", c))
			if m == nil {
				t.Fatal("no form token on the import page")
			}
			return c, m[1]
		}
	}
	t.Fatalf("sign-in: %d", res.StatusCode)
	return nil, ""
}

func get(t *testing.T, u string, c *http.Cookie) string {
	t.Helper()
	req, _ := http.NewRequest("GET", u, nil)
	req.AddCookie(c)
	res, err := client.Do(req)
	if err != nil {
		return ""
	}
	defer res.Body.Close()
	var b bytes.Buffer
	b.ReadFrom(res.Body)
	return b.String()
}

func formPost(u string, c *http.Cookie, v url.Values) *http.Request {
	req, _ := http.NewRequest("POST", u, strings.NewReader(v.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.AddCookie(c)
	return req
}

// upload sends a roster file and returns the job's page.
func upload(t *testing.T, base string, c *http.Cookie, csrf string, data []byte) string {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	mw.WriteField("csrf", csrf)
	fw, _ := mw.CreateFormFile("file", "pegawai.csv")
	fw.Write(data)
	mw.Close()
	req, _ := http.NewRequest("POST", base+"/admin/employees/import", &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.AddCookie(c)
	res, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("upload: %d", res.StatusCode)
	}
	return res.Header.Get("Location")
}
