package server_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"io"
	"maps"
	"math/rand/v2"
	"mime/multipart"
	"net"
	"net/http"
	"net/textproto"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"sigap/internal/calendar"
	"sigap/internal/db"
	"sigap/internal/nip"
	"sigap/internal/protection"
	"sigap/internal/report"
	"sigap/internal/roster"
	"sigap/internal/store"
	"sigap/internal/testdb"
	"sigap/internal/testserver"
	"sigap/internal/vault"
)

// The HTTP fuzz run sends malformed and oversized requests to every route
// of a live server, signed out and signed in with several roles, and
// fails on any 5xx answer, any recovered panic, goroutines that do not
// settle back, or a heap that keeps what it was sent. It is seeded, so a
// failure reproduces: SIGAP_HTTP_FUZZ sets the number of requests on SQLite
// (default httpFuzzDefault; PostgreSQL gets half), SIGAP_HTTP_FUZZ_SEED the
// seed. docs/FUZZING.md describes the run.
const httpFuzzDefault = 10000

func TestHTTPFuzz(t *testing.T) {
	if testing.Short() {
		t.Skip("long")
	}
	n := httpFuzzDefault
	if v := os.Getenv("SIGAP_HTTP_FUZZ"); v != "" {
		var err error
		if n, err = strconv.Atoi(v); err != nil || n < 1 {
			t.Fatalf("SIGAP_HTTP_FUZZ=%q", v)
		}
	}
	seed := uint64(1)
	if v := os.Getenv("SIGAP_HTTP_FUZZ_SEED"); v != "" {
		var err error
		if seed, err = strconv.ParseUint(v, 10, 64); err != nil {
			t.Fatalf("SIGAP_HTTP_FUZZ_SEED=%q", v)
		}
	}
	for _, e := range testdb.Engines() {
		count := n
		if e != db.SQLite {
			count = n / 2 // the same handlers; the second engine checks its own errors
		}
		t.Run(string(e), func(t *testing.T) { httpFuzz(t, e, count, seed) })
	}
}

// fuzzRoute is one route with how to fill its path.
type fuzzRoute struct {
	method, path string
	api          bool
}

// fuzzAccount is a signed-in caller: its cookies, form token and API token.
type fuzzAccount struct {
	name, session, csrf, token string
}

func httpFuzz(t *testing.T, e db.Engine, n int, seed uint64) {
	env := testserver.Start(t, e)
	routes := fuzzRoutes(t)
	fields, jsonFields := fuzzFieldNames(t)

	// Objects to aim at: real ones of both governments, so that handlers
	// get past their lookups, and accounts nobody signs in with, so that
	// a request that disables an account cannot lock the run out.
	target := env.AddUser(t, "sasaran.fuzz", env.Kab.ID)
	ids := []string{strconv.FormatInt(env.Units["kab/Inspektorat"].ID, 10), strconv.FormatInt(env.Units["kota/Inspektorat"].ID, 10),
		strconv.FormatInt(target.ID, 10), "0", "-1", "9223372036854775807", "9223372036854775808", "1e3", "0x10", "%00", "%ff%fe",
		"..%2f..%2fetc%2fpasswd", "..", "%2e%2e", strings.Repeat("9", 400), "R-" + strings.Repeat("A", 30), "2026-03-02", "9999-99-99", "summons1", "bap", "%E2%80%AE"}
	ids = append(ids, slices.Sorted(maps.Values(fuzzObjects(t, env)))...)
	// The accounts the run signs in with are not aimed at by the user
	// pages, which could disable them or reset their passwords.
	var ours []string
	for _, u := range env.Users {
		if u.ID != target.ID {
			ours = append(ours, strconv.FormatInt(u.ID, 10))
		}
	}
	tenants := []string{"kab-serang", "kota-serang", "tidak-ada", "KAB-SERANG", "%00", "..", "kab-serang%2f..", strings.Repeat("x", 300), "%ff"}

	var accounts []fuzzAccount
	for _, name := range []string{"admin.kab", "examiner.kab", "employee.kab", "custodian.kab", "operator", "admin.kota"} {
		c := env.Client(t)
		c.SignIn(name)
		acc := fuzzAccount{name: name, csrf: c.CSRF}
		for _, ck := range c.Cookies() {
			if ck.Name == "sigap_session" {
				acc.session = ck.Value
			}
		}
		if res := c.Post("/account/tokens", url.Values{"name": {"fuzz"}, "scope": {"write"}}); res.Status == http.StatusOK {
			acc.token = res.Text("#new-token")
		}
		if acc.session == "" || acc.token == "" {
			t.Fatalf("%s: no session or token", name)
		}
		accounts = append(accounts, acc)
	}

	transport := &http.Transport{MaxIdleConnsPerHost: 4, DisableCompression: true}
	client := &http.Client{Transport: transport, Timeout: 30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	g := &fuzzGen{rng: rand.New(rand.NewPCG(seed, 0x5164a9)), fields: fields, jsonFields: jsonFields}

	send := func(req *http.Request) (int, error) {
		res, err := client.Do(req)
		if err != nil {
			return 0, err
		}
		io.Copy(io.Discard, res.Body)
		res.Body.Close()
		return res.StatusCode, nil
	}
	// A first pass settles the caches, the templates and the pools, so
	// that the measure of goroutines and heap after it is a baseline.
	for _, r := range routes[:min(20, len(routes))] {
		req, _ := http.NewRequest(r.method, env.URL+strings.NewReplacer("{tenant}", "kab-serang").Replace(r.path), nil)
		send(req)
	}
	transport.CloseIdleConnections()
	goroutines, heap := settle(0)

	statuses := map[int]int{}
	start := time.Now()
	for i := range n {
		r := routes[g.rng.IntN(len(routes))]
		pathIDs := ids
		if strings.Contains(r.path, "/users/{id}") {
			pathIDs = slices.DeleteFunc(slices.Clone(ids), func(id string) bool { return slices.Contains(ours, id) })
		}
		fr := g.request(env.URL, r, pathIDs, tenants, accounts)
		req, err := fr.build()
		if err != nil {
			continue // a request the client refuses to send; the raw part below covers those
		}
		st, err := send(req)
		switch {
		case err != nil && !fr.oversized:
			t.Errorf("request %d (%s): %v", i, fr, err)
		case st >= 500:
			t.Errorf("request %d (%s): status %d", i, fr, st)
		}
		statuses[st]++
	}
	// Requests no well-behaved client sends, written on the wire.
	host := strings.TrimPrefix(env.URL, "http://")
	for i := range n / 20 {
		raw := g.raw(routes, host)
		st, err := rawRequest(host, raw)
		if err == nil && st >= 500 && st != http.StatusHTTPVersionNotSupported {
			t.Errorf("raw request %d %q: status %d", i, truncate(raw, 200), st)
		}
		statuses[st]++
	}
	t.Logf("%d requests in %v; statuses %v", n+n/20, time.Since(start).Round(time.Millisecond), statuses)

	if logs := env.Logs.String(); strings.Contains(logs, "msg=panic") || strings.Contains(logs, "http: panic serving") {
		i := strings.Index(logs, "panic")
		t.Errorf("a handler panicked: %s", truncate(logs[max(0, i-200):], 3000))
	}
	for _, line := range strings.Split(env.Logs.String(), "\n") {
		if strings.Contains(line, "level=ERROR") || strings.Contains(line, "unchecked text reached the database") {
			t.Errorf("logged an error: %s", truncate(line, 600))
			break
		}
	}
	// Every account is still signed in: the run did not lose its
	// sessions on the way, so the signed-in routes were reached.
	for _, acc := range accounts {
		req, _ := http.NewRequest("GET", env.URL+"/", nil)
		req.Header.Set("Cookie", "sigap_session="+acc.session)
		if st, err := send(req); err != nil || st != http.StatusOK {
			t.Errorf("%s: signed out during the run (%d %v)", acc.name, st, err)
		}
	}
	transport.CloseIdleConnections()
	// Goroutines: the server's connections close once the client's do;
	// the margin allows for background upkeep that happens to be running.
	if got, _ := settle(goroutines + 5); got > goroutines+5 {
		buf := make([]byte, 1<<20)
		t.Errorf("goroutines grew from %d to %d:\n%s", goroutines, got, truncate(string(buf[:runtime.Stack(buf, true)]), 8000))
	}
	if _, after := settle(0); after > heap+64<<20 {
		t.Errorf("heap grew from %d MB to %d MB", heap>>20, after>>20)
	}
}

// fuzzObjects makes one object of each kind the routes name in the first
// government (a report with a file and a discipline case, a protection
// case with its parts, a guidance session with a material, an employee),
// so that requests reach the handlers behind the lookups.
func fuzzObjects(t *testing.T, env *testserver.Env) objects {
	ctx := t.Context()
	o := objects{}
	tenant := env.Kab.ID
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	n, _ := nip.Parse("198001012005011003")
	_, problems, err := env.Store.ImportEmployees(ctx, store.System, tenant, []roster.Row{{Line: 2, NIP: n, Name: "Pegawai Sasaran",
		Status: roster.PNS, Position: "Analis", Kind: roster.Pelaksana, Unit: "Inspektorat", State: roster.Active}}, store.ImportOptions{})
	must(err)
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	e, err := env.Store.EmployeeByNIP(ctx, tenant, n.String())
	must(err)
	o["employee"] = strconv.FormatInt(e.ID, 10)
	checked, err := (report.Submission{Category: "other", What: "Laporan untuk uji fuzz.", AccusedName: "Pegawai Sasaran",
		ReporterIsVictim: "no", Mode: "anonymous"}).Check(report.DefaultCategories, nil, time.Now())
	must(err)
	fileID, size, err := env.Server.App.Evidence.Files.Put(ctx, tenant, 0, strings.NewReader("%PDF-1.4 uji"))
	must(err)
	checked.Files = []report.Attachment{{FileID: fileID, Name: vault.NewSecret("uji.pdf"), ContentType: "application/pdf", Size: size, Flagged: true}}
	rep, _, err := env.Store.CreateReport(ctx, store.System, tenant, checked)
	must(err)
	o["report"] = rep.PublicID
	files, err := env.Store.ReportAttachments(ctx, tenant, rep.ID)
	must(err)
	o["file"] = files[0].PublicID
	dc, err := env.Store.AddOutcome(ctx, store.System, tenant, rep.PublicID, report.Outcome{Kind: report.OpenDisciplineCase})
	must(err)
	o["case"] = dc.CasePublicID
	day := calendar.NewDate(2026, 3, 2)
	pc, err := env.Store.OpenProtectionCase(ctx, store.System, tenant, store.ProtectionInput{Via: protection.ViaWalkIn,
		Incident: protection.Incident{OccurredOn: day, ReportedAt: day.Time(time.UTC).Add(26 * time.Hour), VillageCode: "36.04.05.2001",
			Place: protection.Workplace, Forms: []protection.Form{protection.Sexual}},
		Victims:      []protection.Victim{{Name: "Korban Uji", Sex: protection.Female, Age: 30}},
		Perpetrators: []protection.Perpetrator{{Sex: protection.Male, Age: 50, Relation: "atasan", EmployeeID: e.ID}}})
	must(err)
	o["protection"] = pc.PublicID
	must(addProtectionParts(ctx, env, tenant, o))
	must(addGuidanceMaterial(ctx, env, tenant, o))
	return o
}

// settle waits up to five seconds for the number of goroutines to fall to
// want (0: one collection only) and returns it with the live heap.
func settle(want int) (int, uint64) {
	deadline := time.Now().Add(5 * time.Second)
	for {
		runtime.GC()
		n := runtime.NumGoroutine()
		if want == 0 || n <= want || time.Now().After(deadline) {
			var m runtime.MemStats
			runtime.ReadMemStats(&m)
			return n, m.HeapAlloc
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// fuzzRoutes lists every route the access matrix knows, which the
// matrix's own test checks against the registered ones.
func fuzzRoutes(t *testing.T) []fuzzRoute {
	var all []string
	all = append(all, slices.Collect(maps.Keys(pageGates))...)
	all = append(all, slices.Collect(maps.Keys(apiGates))...)
	all = append(all, openRoutes...)
	slices.Sort(all)
	var out []fuzzRoute
	for _, p := range all {
		method, path, _ := strings.Cut(p, " ")
		out = append(out, fuzzRoute{method: method, path: strings.TrimSuffix(path, "{$}"), api: strings.HasPrefix(path, "/api/")})
	}
	if len(out) < 100 {
		t.Fatalf("only %d routes", len(out))
	}
	return out
}

// fuzzFieldNames reads the names of the pages' form fields from the
// templates and of the API's JSON fields from its source, so that the
// garbage reaches the code that reads them.
func fuzzFieldNames(t *testing.T) (forms, jsonFields []string) {
	seen := map[string]bool{}
	re := regexp.MustCompile(`name="([A-Za-z0-9_.\-\[\]]+)"`)
	err := filepath.WalkDir("../web/templates", func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		for _, m := range re.FindAllStringSubmatch(string(b), -1) {
			seen[m[1]] = true
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	forms = slices.Sorted(maps.Keys(seen))
	seen = map[string]bool{}
	jre := regexp.MustCompile(`json:"([a-z0-9_]+)`)
	srcs, _ := filepath.Glob("../api/*.go")
	for _, p := range srcs {
		b, _ := os.ReadFile(p)
		for _, m := range jre.FindAllStringSubmatch(string(b), -1) {
			seen[m[1]] = true
		}
	}
	jsonFields = slices.Sorted(maps.Keys(seen))
	if len(forms) < 50 || len(jsonFields) < 20 {
		t.Fatalf("found %d form fields and %d JSON fields; the scan is broken", len(forms), len(jsonFields))
	}
	return forms, jsonFields
}

// fuzzGen makes the requests from one seeded source.
type fuzzGen struct {
	rng              *rand.Rand
	fields           []string
	jsonFields       []string
	sentOversizeOnce bool
}

// fuzzRequest is a request before it is built, kept so that a failure
// can say what was sent.
type fuzzRequest struct {
	method, url, contentType, kind string
	header                         http.Header
	body                           []byte
	bodyLen                        int64 // a generated body of this many bytes instead of body
	oversized                      bool  // the server may close the connection before reading it all
}

func (f *fuzzRequest) String() string {
	return fmt.Sprintf("%s %s; %s; content-type %q; %d bytes; cookie %q; auth %q", f.method, truncate(f.url, 300), f.kind,
		truncate(f.contentType, 80), max(int64(len(f.body)), f.bodyLen), truncate(f.header.Get("Cookie"), 120), truncate(f.header.Get("Authorization"), 60))
}

func (f *fuzzRequest) build() (*http.Request, error) {
	var body io.Reader = bytes.NewReader(f.body)
	if f.bodyLen > 0 {
		body = io.LimitReader(repeatReader('a'), f.bodyLen)
	}
	req, err := http.NewRequestWithContext(context.Background(), f.method, f.url, body)
	if err != nil {
		return nil, err
	}
	if f.bodyLen > 0 {
		req.ContentLength = f.bodyLen
	}
	req.Header = f.header
	if f.contentType != "" {
		req.Header.Set("Content-Type", f.contentType)
	}
	return req, nil
}

type repeatReader byte

func (r repeatReader) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = byte(r)
	}
	return len(p), nil
}

// Values that have broken parsers before, or could.
var fuzzValues = []string{"", " ", "0", "-1", "1", "2", "007", "9223372036854775807", "9223372036854775808", "-9223372036854775808", "1e309", "NaN", "0x1F",
	"2026-02-30", "2026-02-28", "0000-00-00", "0001-01-01", "9999-12-31", "2026-13-01", "26-1-1", "2026-03-02T10:00", "2026-03-02T25:61", "10:00", "24:00", "99:99",
	"\u202e", "e\u0301", "𝕏", "👍🏽", "\t", "\x01", "\x7f", strings.Repeat("a", 10000), strings.Repeat("é", 3000), strings.Repeat("1", 19), strings.Repeat(" ", 500),
	"<script>alert(1)</script>", "{{.}}", "../../etc/passwd", "%", "%zz", "' OR 1=1 --", "\"", "\\", "\r\n", "36", "36.04", "36.04.05", "36.04.05.2001", "36.73.01.1001", "99.99",
	"kab-serang", "197001011995031001", "197001011995031002", "1970 0101 1995 03 1 001", "3604010101700001", "sgp_", "1234 5678 9012 3456", "true", "on", "yes", "no",
	"anonymous", "named", "confidential", "other", "sexual_violence", "K3f", "summons1", "present", "late", "absent", "admin", "operator", "id", "en", "xlsx", "csv", "pdf",
	"ytd", "custom", "last_12_months", "female", "male", "0-5", "18+", "physical", "sexual", "read", "write", "all", "https://evil.example/", "//evil.example", "/\\evil"}

// badValues are bytes no form sends; the edge refuses them, so they are
// sent rarely enough that most requests get past it.
var badValues = []string{"\x00", "a\x00b", "\xff\xfe", "\xc3", "\xed\xa0\x80"}

func (g *fuzzGen) value() string {
	switch g.rng.IntN(40) {
	case 0:
		b := make([]byte, g.rng.IntN(64))
		for i := range b {
			b[i] = byte(g.rng.IntN(256))
		}
		return string(b)
	case 1:
		return g.pick(badValues)
	case 2, 3, 4, 5:
		r := make([]rune, g.rng.IntN(40))
		for i := range r {
			r[i] = rune(0x20 + g.rng.IntN(0x2fff))
		}
		return string(r)
	}
	return fuzzValues[g.rng.IntN(len(fuzzValues))]
}

func (g *fuzzGen) pick(list []string) string { return list[g.rng.IntN(len(list))] }

// form makes form values: real field names mostly, sometimes repeated
// many times, sometimes names nobody reads.
func (g *fuzzGen) form() url.Values {
	v := url.Values{}
	for range g.rng.IntN(12) {
		name := g.pick(g.fields)
		if g.rng.IntN(10) == 0 {
			name = g.value()
		}
		reps := 1
		if g.rng.IntN(20) == 0 {
			reps = 1 + g.rng.IntN(2000)
		}
		for range reps {
			v.Add(name, g.value())
		}
	}
	return v
}

var fuzzQueryKeys = []string{"preset", "from", "to", "office", "district", "category", "year", "form", "sex", "age", "page", "q", "status", "format",
	"table", "next", "id", "unit", "lang", "kind", "state", "role", "quarter", "date", "days", "n", "tenant", "actor", "action", "object", "size", "sort"}

func (g *fuzzGen) query() string {
	if g.rng.IntN(3) == 0 {
		return ""
	}
	v := url.Values{}
	for range g.rng.IntN(8) {
		k := g.pick(fuzzQueryKeys)
		if g.rng.IntN(3) == 0 {
			k = g.pick(g.fields)
		}
		v.Add(k, g.value())
	}
	if g.rng.IntN(30) == 0 { // thousands of parameters, within the header limit
		for i := range 3000 {
			v.Add(g.pick(fuzzQueryKeys), strconv.Itoa(i))
		}
	}
	q := v.Encode()
	if g.rng.IntN(10) == 0 {
		q += g.pick([]string{"&%zz=1", "&a=%", ";x=1", "&=&&=", "&x=%00", "&y=%ff%fe", "&" + strings.Repeat("k", 5000) + "=v"})
	}
	return "?" + q
}

func (g *fuzzGen) path(r fuzzRoute, ids, tenants []string) string {
	p := r.path
	for strings.Contains(p, "{") {
		i := strings.Index(p, "{")
		j := strings.Index(p[i:], "}")
		name := p[i+1 : i+j]
		val := g.pick(ids)
		if name == "tenant" {
			val = g.pick(tenants)
		}
		if name == "name" { // a static asset
			val = g.pick([]string{"app.css", "app.js", "..%2fserver.go", "%00", "x.css", strings.Repeat("a", 300)})
		}
		p = p[:i] + val + p[i+j+1:]
	}
	switch g.rng.IntN(25) {
	case 0:
		p += "/" + g.pick([]string{"..", "%2e%2e/%2e%2e", "x", "%00", "%ff", "//", "."})
	case 1:
		p = "/" + p
	case 2:
		p = strings.ReplaceAll(p, "/", "//")
	case 3:
		p += strings.Repeat("/a", 2000)
	}
	return p
}

func (g *fuzzGen) request(base string, r fuzzRoute, ids, tenants []string, accounts []fuzzAccount) *fuzzRequest {
	f := &fuzzRequest{method: r.method, header: http.Header{}}
	if g.rng.IntN(12) == 0 {
		f.method = g.pick([]string{"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "TRACE", "PROPFIND", "get"})
	}
	f.url = base + g.path(r, ids, tenants) + g.query()

	// Who asks: nobody, a signed-in account (with its form token or a bad
	// one), an API token, or something that looks like one.
	var acc *fuzzAccount
	if g.rng.IntN(4) != 0 {
		acc = &accounts[g.rng.IntN(len(accounts))]
	}
	cookies := []string{}
	csrf := ""
	switch {
	case acc != nil && !r.api:
		cookies = append(cookies, "sigap_session="+acc.session)
		csrf = acc.csrf
		if g.rng.IntN(8) == 0 || r.path == "/logout" { // signing out would end the run's session
			csrf = g.pick([]string{"", acc.csrf[1:], acc.csrf + "x", strings.ToUpper(acc.csrf), g.value()})
		}
	case acc != nil:
		f.header.Set("Authorization", "Bearer "+acc.token)
	}
	switch g.rng.IntN(10) {
	case 0:
		cookies = append(cookies, "sigap_session="+g.pick([]string{"", "x", strings.Repeat("A", 43), strings.Repeat("A", 5000), "%00", "\xff", "a b", "\"q\""}))
	case 1:
		cookies = append(cookies, "sigap_lang="+g.pick([]string{"en", "id", "xx", "", strings.Repeat("e", 3000), "\xff"}), "sigap_flash="+g.pick([]string{"x", "%zz", "\xff", strings.Repeat("f", 3000)}))
	case 2:
		f.header.Set("Authorization", g.pick([]string{"Bearer", "Bearer ", "Bearer sgp_", "Bearer sgp_" + strings.Repeat("A", 43), "Basic YTpi", "bearer " + strings.Repeat("x", 4000), "Bearer \xff"}))
	case 3:
		f.header.Set("Sec-Fetch-Site", g.pick([]string{"cross-site", "same-origin", "none", "\xff"}))
		f.header.Set("Origin", g.pick([]string{"https://evil.example", "null", base}))
	case 4:
		f.header.Set("Accept-Language", g.pick([]string{"en", "id-ID,id;q=0.9", strings.Repeat("en,", 2000), "\xff", ";;;,,,"}))
	case 5:
		f.header.Set("X-Forwarded-For", g.pick([]string{"1.2.3.4", "garbage", strings.Repeat("1.1.1.1, ", 1000), "::1"}))
	}
	if len(cookies) > 0 {
		f.header.Set("Cookie", strings.Join(cookies, "; "))
	}
	g.body(f, r, csrf)
	return f
}

// body chooses the body and its content type.
func (g *fuzzGen) body(f *fuzzRequest, r fuzzRoute, csrf string) {
	form := g.form()
	if csrf != "" {
		form.Set("csrf", csrf)
	}
	switch k := g.rng.IntN(20); {
	case f.method == "GET" && k < 14 || f.method == "HEAD":
		f.kind = "no body"
	case r.api && k < 12:
		f.kind, f.contentType, f.body = "json", g.pick([]string{"application/json", "", "text/plain", "application/json; charset=latin1"}), g.json()
	case k < 8:
		f.kind, f.contentType, f.body = "form", "application/x-www-form-urlencoded", []byte(form.Encode())
	case k < 12:
		f.kind = "multipart"
		f.body, f.contentType = g.multipart(form)
	case k < 14:
		f.kind = "broken multipart"
		body, ct := g.multipart(form)
		switch g.rng.IntN(5) {
		case 0:
			f.body, f.contentType = body[:g.rng.IntN(len(body)+1)], ct
		case 1:
			f.body, f.contentType = body, "multipart/form-data"
		case 2:
			f.body, f.contentType = body, "multipart/form-data; boundary=nope"
		case 3:
			f.body, f.contentType = bytes.ReplaceAll(body, []byte("\r\n"), []byte("\n")), ct
		default:
			f.body, f.contentType = append([]byte("--x\r\nContent-Disposition: form-data; name=\"files\"; filename=\"a\"\r\n\r\n"), body...), "multipart/form-data; boundary=x"
		}
	case k < 16:
		f.kind, f.contentType = "wrong content type", g.pick([]string{"text/plain", "application/json", "application/xml", "image/png", "", "application/x-www-form-urlencoded; charset=\xff", ";;;", "multipart/mixed; boundary=x"})
		f.body = []byte(form.Encode())
		if g.rng.IntN(2) == 0 {
			f.body = g.json()
		}
	case k < 18:
		f.kind, f.contentType = "garbage", g.pick([]string{"application/x-www-form-urlencoded", "application/json"})
		f.body = []byte(g.value() + "=" + g.value() + "&%%%&\x00=\xff")
	default:
		// Beyond the limits: the form limit, and now and then the upload
		// limit, with a body the server must stop reading.
		f.kind, f.oversized = "oversized", true
		f.contentType = g.pick([]string{"application/x-www-form-urlencoded", "multipart/form-data; boundary=aaaa", "application/json"})
		f.bodyLen = 1<<20 + 1 + int64(g.rng.IntN(1<<20))
		if !g.sentOversizeOnce || g.rng.IntN(40) == 0 {
			g.sentOversizeOnce = true
			f.bodyLen = 72 << 20
		}
	}
}

func (g *fuzzGen) json() []byte {
	switch g.rng.IntN(10) {
	case 0:
		return []byte(g.pick([]string{"", "{", "[]", "null", "\"x\"", "1", "{}{}", "{} x", "{\"a\":}", "\xff", strings.Repeat("[", 100000), "{\"files\":[{\"data\":\"!!!\"}]}", "{\"what\":\"\\ud800\"}"}))
	case 1:
		return []byte(strings.Repeat(`{"a":`, 5000) + "1" + strings.Repeat("}", 5000))
	}
	var b bytes.Buffer
	b.WriteString("{")
	for i := range g.rng.IntN(8) {
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, "%q:", g.pick(g.jsonFields))
		switch g.rng.IntN(8) {
		case 0:
			b.WriteString(g.pick([]string{"1", "-1", "1e400", "0.5", "9223372036854775808", "true", "null", "[]", "{}", "[1,\"a\",null]"}))
		case 1:
			fmt.Fprintf(&b, "[{\"name\":%q,\"data\":%q}]", g.value(), base64.StdEncoding.EncodeToString([]byte(g.fileBody())))
		default:
			s := g.value()
			b.WriteString(`"`)
			b.WriteString(strings.NewReplacer(`"`, `\"`, `\`, `\\`, "\n", `\n`, "\r", `\r`, "\x00", `\u0000`).Replace(s))
			b.WriteString(`"`)
		}
	}
	b.WriteString("}")
	return b.Bytes()
}

// fileBody is the content of an uploaded file: garbage behind the magic
// numbers the sniffer looks for, or nothing at all.
func (g *fuzzGen) fileBody() string {
	tail := g.value()
	switch g.rng.IntN(8) {
	case 0:
		return "\x89PNG\r\n\x1a\n" + tail
	case 1:
		return "\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR\x7f\xff\xff\xff\x7f\xff\xff\xff\x08\x02\x00\x00\x00" + tail // 2^31 by 2^31 pixels
	case 2:
		return "\xff\xd8\xff\xe1\x00\x10Exif\x00\x00MM\x00*\x00\x00\x00\x08" + tail
	case 3:
		return "%PDF-1.4\n" + tail
	case 4:
		return "PK\x03\x04" + tail
	case 5:
		return ""
	case 6:
		return "nip;status\n197001011995031001;hadir\n" + tail + "\n" + tail
	}
	return tail
}

func (g *fuzzGen) multipart(form url.Values) ([]byte, string) {
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	for k, vs := range form {
		for _, v := range vs {
			mw.WriteField(k, v)
		}
	}
	for range g.rng.IntN(4) {
		name := g.pick([]string{"files", "files", "sheet", "file", "scan", g.pick(g.fields)})
		h := textproto.MIMEHeader{}
		h.Set("Content-Disposition", fmt.Sprintf(`form-data; name=%q; filename=%q`, name, g.pick([]string{"a.jpg", "", "../../x.pdf", "\xff.png", strings.Repeat("n", 500), "a\x00b.csv", "C:\\x\\y.pdf"})))
		h.Set("Content-Type", g.pick([]string{"application/octet-stream", "image/jpeg", "text/csv", "\xff"}))
		w, _ := mw.CreatePart(h)
		w.Write([]byte(g.fileBody()))
	}
	mw.Close()
	return b.Bytes(), mw.FormDataContentType()
}

// raw makes a request as bytes, with what clients refuse to send: NUL
// and control bytes, bad request lines, conflicting lengths.
func (g *fuzzGen) raw(routes []fuzzRoute, host string) string {
	r := routes[g.rng.IntN(len(routes))]
	p := strings.NewReplacer("{tenant}", "kab-serang").Replace(r.path)
	p = regexp.MustCompile(`\{[a-z]+\}`).ReplaceAllString(p, "1")
	switch g.rng.IntN(8) {
	case 0:
		return fmt.Sprintf("%s %s\x00x HTTP/1.1\r\nHost: %s\r\n\r\n", r.method, p, host)
	case 1:
		return fmt.Sprintf("%s %s\xff\xfe HTTP/1.1\r\nHost: %s\r\n\r\n", r.method, p, host)
	case 2:
		return fmt.Sprintf("%s %s HTTP/1.1\r\nHost: %s\r\nCookie: sigap_session=a\x01b\r\n\r\n", r.method, p, host)
	case 3:
		return fmt.Sprintf("POST %s HTTP/1.1\r\nHost: %s\r\nContent-Length: 5\r\nContent-Length: 7\r\n\r\nab", p, host)
	case 4:
		return fmt.Sprintf("POST %s HTTP/1.1\r\nHost: %s\r\nTransfer-Encoding: chunked\r\nContent-Type: application/x-www-form-urlencoded\r\n\r\nzz\r\nab\r\n", p, host)
	case 5:
		return fmt.Sprintf("%s %s HTTP/1.1\r\nHost: %s\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\nshort", r.method, p, host)
	case 6:
		return fmt.Sprintf("%s %s HTTP/9.9\r\nHost: %s\r\n\r\n", r.method, p, host)
	}
	return fmt.Sprintf("%s %s HTTP/1.1\r\nHost: %s\r\nX-Long: %s\r\n\r\n", r.method, p, host, strings.Repeat("h", 70<<10))
}

// rawRequest writes raw on a new connection and reads the status of the
// answer; a server that closes the connection instead answers 0.
func rawRequest(host, raw string) (int, error) {
	c, err := net.DialTimeout("tcp", host, 5*time.Second)
	if err != nil {
		return 0, err
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(5 * time.Second))
	if _, err := io.WriteString(c, raw); err != nil {
		return 0, nil
	}
	if tc, ok := c.(*net.TCPConn); ok {
		tc.CloseWrite()
	}
	line, err := bufio.NewReader(c).ReadString('\n')
	if err != nil {
		return 0, nil
	}
	parts := strings.Fields(line)
	if len(parts) < 2 {
		return 0, nil
	}
	st, _ := strconv.Atoi(parts[1])
	return st, nil
}

func truncate(s string, n int) string {
	if len(s) > n {
		return s[:n] + "…"
	}
	return s
}
