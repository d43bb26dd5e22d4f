package api

import (
	"bytes"
	"encoding/json"
	"net/http/httptest"
	"net/url"
	"reflect"
	"strings"
	"testing"

	"sigap/internal/apperr"
)

// FuzzDecode feeds the API's JSON reader bodies for a report (the largest
// body it takes): each is either refused as bad input, or read into
// values that are free of NUL and that encode and read back the same.
func FuzzDecode(f *testing.F) {
	for _, s := range []string{`{"category":"other","what":"Sesuatu terjadi.","reporter_is_victim":false,"files":[{"name":"a.pdf","data":"JVBERi0="}]}`,
		`{}`, `{"what":"\u0000"}`, `{"x":1}`, `{} {}`, `[]`, `{"what":"\xff"}`, `{"files":null}`, `{"reporter_is_victim":"yes"}`, ``, `{"what":"a"`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		r := httptest.NewRequest("POST", "/api/v1/public/x/reports", bytes.NewReader(body))
		var v submissionBody
		if err := decode(r, httptest.NewRecorder(), &v); err != nil {
			if e := apperr.As(err); e.Code != apperr.Invalid {
				t.Fatalf("%q: %v", body, err)
			}
			return
		}
		if !cleanStrings(reflect.ValueOf(v)) {
			t.Fatalf("%q: a NUL got through", body)
		}
		again, _ := json.Marshal(v)
		var back submissionBody
		if err := decode(httptest.NewRequest("POST", "/x", bytes.NewReader(again)), httptest.NewRecorder(), &back); err != nil || !reflect.DeepEqual(v, back) {
			t.Fatalf("%q: does not read back: %v", body, err)
		}
	})
}

func FuzzQueryDate(f *testing.F) {
	for _, s := range []string{"2026-03-02", "", "2026-02-30", "0001-01-01", "9999-12-31", "26-3-2", "2026-03-02T00:00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r := httptest.NewRequest("GET", "/x?from="+url.QueryEscape(s), nil)
		d, err := queryDate(r, "from")
		if err != nil {
			if e := apperr.As(err); e.Code != apperr.Invalid || e.Field != "from" {
				t.Fatalf("%q: %v", s, err)
			}
			return
		}
		if d.String() != strings.TrimSpace(s) {
			t.Fatalf("%q read as %v", s, d)
		}
	})
}
