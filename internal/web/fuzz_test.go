package web

import (
	"bytes"
	"mime"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"sigap/internal/apperr"
)

// The parsers of what a browser sends before any handler runs: the
// "next" address after signing in, numeric ids in paths and forms, the
// form token, and form bodies of either encoding.

func FuzzLocalPath(f *testing.F) {
	for _, s := range []string{"/", "/cases/12?tab=a", "//evil.example", "/\\evil", "https://evil.example/", "/a/../../b", "/%2f%2fevil", "\r\n/x", "/a/", "?x", "/%zz", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p := localPath(s)
		u, err := url.Parse(p)
		if err != nil || !strings.HasPrefix(p, "/") || strings.HasPrefix(p, "//") || strings.ContainsAny(p, "\\\r\n") ||
			u.Scheme != "" || u.Host != "" {
			t.Fatalf("%q gave %q, which leaves the site", s, p)
		}
		// Browsers read "/\t/evil" as "//evil".
		if clean := strings.Map(func(r rune) rune {
			if r == '\t' || r == '\n' || r == '\r' {
				return -1
			}
			return r
		}, p); strings.HasPrefix(clean, "//") || strings.HasPrefix(clean, "/\\") {
			t.Fatalf("%q gave %q, which a browser reads as another host", s, p)
		}
		if localPath(p) != p {
			t.Fatalf("%q gave %q, which is not stable", s, p)
		}
	})
}

func FuzzPathID(f *testing.F) {
	for _, s := range []string{"1", "0", "-1", "007", "9223372036854775807", "9223372036854775808", "1e3", " 1", "+1", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r := httptest.NewRequest("GET", "/x", nil)
		r.SetPathValue("id", s)
		id, err := pathID(r, "id")
		if err != nil {
			if apperr.CodeOf(err) != apperr.NotFound || id != 0 {
				t.Fatalf("%q: %d %v", s, id, err)
			}
			return
		}
		if id <= 0 {
			t.Fatalf("%q gave %d", s, id)
		}
		if back := strconv.FormatInt(id, 10); strings.TrimLeft(strings.TrimPrefix(s, "+"), "0") != back {
			t.Fatalf("%q read as %d", s, id)
		}
	})
}

func FuzzFormID(f *testing.F) {
	for _, s := range []string{"", "1", "0", "-1", "x", "9223372036854775808"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r := httptest.NewRequest("POST", "/x", strings.NewReader(url.Values{"unit": {s}}.Encode()))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		id, err := formID(r, "unit")
		switch {
		case err != nil:
			if e := apperr.As(err); e.Code != apperr.Invalid || e.Field != "unit" || id != 0 {
				t.Fatalf("%q: %d %v", s, id, err)
			}
		case s == "":
			if id != 0 {
				t.Fatalf("empty gave %d", id)
			}
		case id < 0 || strconv.FormatInt(id, 10) != strings.TrimLeft(strings.TrimPrefix(s, "+"), "0") && id != 0:
			t.Fatalf("%q read as %d", s, id)
		}
	})
}

func FuzzValidCSRF(f *testing.F) {
	f.Add("session-a", csrfToken("session-a"))
	f.Add("session-a", "")
	f.Add("", csrfToken(""))
	f.Fuzz(func(t *testing.T, session, got string) {
		if validCSRF(session, got) != (got == csrfToken(session)) {
			t.Fatalf("session %q token %q: accepted %v", session, got, validCSRF(session, got))
		}
	})
}

// FuzzParseForm feeds parseForm and parseReportForm bodies of either
// encoding, broken ones included: each either refuses the body with an
// input error, or reads a URL-encoded one exactly as the standard parser
// does and a multipart one into no more text than was sent. Which field
// holds bad text is for each form to say.
func FuzzParseForm(f *testing.F) {
	var mp bytes.Buffer
	mw := multipart.NewWriter(&mp)
	mw.WriteField("name", "Inspektorat")
	fw, _ := mw.CreateFormFile("files", "a.pdf")
	fw.Write([]byte("%PDF-1.4"))
	mw.Close()
	f.Add(mp.Bytes(), mw.FormDataContentType())
	f.Add(mp.Bytes()[:mp.Len()/2], mw.FormDataContentType())
	f.Add([]byte("name=Inspektorat&csrf=x"), "application/x-www-form-urlencoded")
	f.Add([]byte("name=%ff&a=%00"), "application/x-www-form-urlencoded")
	f.Add([]byte("%zz=1"), "application/x-www-form-urlencoded")
	f.Add([]byte("--x\r\n\r\n"), "multipart/form-data; boundary=x")
	f.Add([]byte("x"), "multipart/form-data")
	f.Fuzz(func(t *testing.T, body []byte, contentType string) {
		for _, parse := range []func(*http.Request) error{parseForm, parseReportForm} {
			r := httptest.NewRequest("POST", "/x", bytes.NewReader(body))
			r.Header.Set("Content-Type", contentType)
			if err := parse(r); err != nil {
				if e := apperr.As(err); e.Code != apperr.Invalid || (e.Key != "error.bad_form" && e.Key != "lapor.too_large") {
					t.Fatalf("%q: %v", body, err)
				}
				continue
			}
			if r.MultipartForm != nil {
				n := 0
				for k, vs := range r.MultipartForm.Value {
					for _, v := range vs {
						n += len(k) + len(v)
					}
				}
				if n > len(body) {
					t.Fatalf("%q: %d bytes of fields from %d", body, n, len(body))
				}
				continue
			}
			if mt, _, _ := mime.ParseMediaType(contentType); mt == "application/x-www-form-urlencoded" {
				if want, err := url.ParseQuery(string(body)); err == nil && !reflect.DeepEqual(map[string][]string(r.PostForm), map[string][]string(want)) {
					t.Fatalf("%q read as %v", body, r.PostForm)
				}
			}
		}
	})
}
