// Package api serves the JSON API under /api/v1. Callers authenticate with
// a personal API token (Authorization: Bearer sgp_…); errors have the body
// {"error":{"code":…,"message":…}} with the message in the caller's language.
package api

import (
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"time"

	"sigap/internal/app"
	"sigap/internal/apperr"
	"sigap/internal/db"
	"sigap/internal/i18n"
	"sigap/internal/identity"
	"sigap/internal/store"
)

//go:embed openapi.json
var openapiDoc []byte

// OpenAPI returns the OpenAPI document describing every route.
func OpenAPI() []byte { return openapiDoc }

// Route is one endpoint. The list in routes.go is the single source for the
// mux and for the test that holds the OpenAPI document to it.
type Route struct {
	Method string
	Path   string
	Public bool
	Handle func(a *API, w http.ResponseWriter, r *http.Request, u identity.User)
}

// API is the JSON API handler.
type API struct {
	app  *app.App
	cat  *i18n.Catalog
	log  *slog.Logger
	lang string
	mux  *http.ServeMux
	// receiptGate throttles receipt attempts per address, shared with the
	// pages so that guessing through either counts once.
	receiptGate func(*http.Request) (bool, time.Duration)
	reportSlots chan struct{}
	receiptMiss func() // counts a receipt that matched nothing, with the pages' metric
}

// SetReceiptMiss installs the counter of receipts that matched nothing.
func (a *API) SetReceiptMiss(f func()) { a.receiptMiss = f }

// SetReceiptGate installs the per-address throttle of receipt attempts.
func (a *API) SetReceiptGate(g func(*http.Request) (bool, time.Duration)) { a.receiptGate = g }

// SetReportSlots shares the pages' bound on reports taken at once.
func (a *API) SetReportSlots(slots chan struct{}) { a.reportSlots = slots }

// New builds the API.
func New(a *app.App, cat *i18n.Catalog, log *slog.Logger, defaultLang string) *API {
	api := &API{app: a, cat: cat, log: log, lang: defaultLang, mux: http.NewServeMux()}
	for _, rt := range Routes() {
		api.mux.Handle(rt.Method+" "+rt.Path, api.wrap(rt))
	}
	api.mux.HandleFunc("/api/v1/", func(w http.ResponseWriter, r *http.Request) {
		api.fail(w, r, identity.User{}, apperr.New(apperr.NotFound, "error.not_found"))
	})
	return api
}

func (a *API) ServeHTTP(w http.ResponseWriter, r *http.Request) { a.mux.ServeHTTP(w, r) }

type userKey struct{}

func (a *API) wrap(rt Route) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var u identity.User
		if !rt.Public {
			token, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
			if !ok {
				a.fail(w, r, u, apperr.New(apperr.Unauthorized, "api.unauthorized"))
				return
			}
			var scope string
			var err error
			if u, scope, err = a.app.AuthenticateToken(r.Context(), strings.TrimSpace(token)); err != nil {
				a.fail(w, r, u, err)
				return
			}
			if rt.Method != http.MethodGet && scope != identity.ScopeWrite {
				a.fail(w, r, u, apperr.New(apperr.Forbidden, "token.read_only"))
				return
			}
			r = r.WithContext(context.WithValue(r.Context(), userKey{}, u))
		}
		if rt.Method != http.MethodGet && strings.HasPrefix(rt.Path, "/api/v1/reports/{id}") {
			var err error
			if r, err = withIfMatch(r); err != nil {
				a.fail(w, r, u, err)
				return
			}
		}
		rt.Handle(a, w, r, u)
	})
}

// withIfMatch passes on the version a client read a report at (the ETag
// of its detail, sent back as If-Match), so that a change over someone
// else's change in between is refused with 409 instead of applied blind.
// Without the header nothing is checked.
func withIfMatch(r *http.Request) (*http.Request, error) {
	h := strings.TrimSpace(r.Header.Get("If-Match"))
	if h == "" || h == "*" {
		return r, nil
	}
	n, err := strconv.ParseInt(strings.Trim(strings.TrimPrefix(h, "W/"), `"`), 10, 64)
	if err != nil || n <= 0 {
		return r, apperr.New(apperr.Invalid, "api.if_match")
	}
	return r.WithContext(store.ExpectVersion(r.Context(), store.VersionReport, r.PathValue("id"), n)), nil
}

// langOf picks the user's language, else the request's Accept-Language,
// else the default.
func (a *API) langOf(r *http.Request, u identity.User) string {
	if i18n.Supported(u.Lang) {
		return u.Lang
	}
	for _, part := range strings.Split(r.Header.Get("Accept-Language"), ",") {
		tag := strings.ToLower(strings.TrimSpace(strings.SplitN(part, ";", 2)[0]))
		if base := strings.SplitN(tag, "-", 2)[0]; i18n.Supported(base) {
			return base
		}
	}
	return a.lang
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

// errorBody is the shape of every error answer.
type errorBody struct {
	Error struct {
		Code    string       `json:"code"`
		Message string       `json:"message"`
		Field   string       `json:"field,omitempty"`
		Fields  []fieldError `json:"fields,omitempty"` // every field's problem, for long forms
	} `json:"error"`
}

type fieldError struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

func (a *API) fail(w http.ResponseWriter, r *http.Request, u identity.User, err error) {
	if r.Context().Err() != nil {
		// The client went away and took the request's context with it:
		// nothing failed here, and nobody reads the answer.
		a.log.Info("request abandoned by the client", "route", r.Pattern)
		return
	}
	if db.IsBadText(err) {
		// The field should have been checked before the query: say so, so
		// that the check gets written.
		a.log.Warn("unchecked text reached the database", "route", r.Pattern)
		err = apperr.New(apperr.Invalid, "error.bad_text")
	}
	ae := apperr.As(err)
	if ae.Code == apperr.Internal {
		a.log.Error("api internal error", "route", r.Pattern, "err", ae.Err)
	}
	var body errorBody
	body.Error.Code, body.Error.Field = string(ae.Code), ae.Field
	body.Error.Message = a.cat.T(a.langOf(r, u), ae.Key, ae.Args)
	if fields := apperr.FieldsOf(err); len(fields) > 1 {
		for _, f := range fields {
			body.Error.Fields = append(body.Error.Fields, fieldError{f.Field, a.cat.T(a.langOf(r, u), f.Key, f.Args)})
		}
	}
	if ae.Code == apperr.Unauthorized {
		w.Header().Set("WWW-Authenticate", `Bearer realm="sigap"`)
	}
	if ae.Code == apperr.TooMany && w.Header().Get("Retry-After") == "" {
		w.Header().Set("Retry-After", "1")
	}
	writeJSON(w, apperr.Status(ae), body)
}

// decode reads one JSON object into v, refusing unknown fields and trailing
// data, so that a typo in a field name is an error rather than ignored.
func decode(r *http.Request, w http.ResponseWriter, v any) error {
	return decodeMax(r, w, v, 1<<20)
}

// decodeMax is decode with a body limit of its own, for bodies that carry
// files.
func decodeMax(r *http.Request, w http.ResponseWriter, v any, limit int64) error {
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, limit))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return apperr.New(apperr.Invalid, "api.bad_json")
	}
	if err := dec.Decode(&struct{}{}); !errors.Is(err, io.EOF) {
		return apperr.New(apperr.Invalid, "api.bad_json")
	}
	if !cleanStrings(reflect.ValueOf(v)) {
		return apperr.New(apperr.Invalid, "error.bad_text")
	}
	return nil
}

// cleanStrings reports whether every string in v is free of NUL. The
// decoder has already made them valid UTF-8, but "\u0000" decodes to a
// NUL byte, which no form sends and PostgreSQL refuses in a query.
func cleanStrings(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.String:
		return strings.IndexByte(v.String(), 0) < 0
	case reflect.Pointer, reflect.Interface:
		return v.IsNil() || cleanStrings(v.Elem())
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() && !cleanStrings(v.Field(i)) {
				return false
			}
		}
	case reflect.Slice, reflect.Array:
		if v.Type().Elem().Kind() == reflect.Uint8 {
			return true // bytes, such as a file's content
		}
		for i := range v.Len() {
			if !cleanStrings(v.Index(i)) {
				return false
			}
		}
	case reflect.Map:
		for it := v.MapRange(); it.Next(); {
			if !cleanStrings(it.Key()) || !cleanStrings(it.Value()) {
				return false
			}
		}
	}
	return true
}

func badQuery(name string) error {
	return &apperr.Error{Code: apperr.Invalid, Key: "api.bad_query", Field: name, Args: map[string]any{"Name": name}}
}
