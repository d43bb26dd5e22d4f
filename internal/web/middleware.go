package web

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"sigap/internal/apperr"
	"sigap/internal/i18n"
	"sigap/internal/identity"
	"sigap/internal/store"
)

// Cookie names.
const (
	sessionCookie = "sigap_session"
	langCookie    = "sigap_lang"
	flashCookie   = "sigap_flash"
)

type ctxKey int

const (
	stateKey ctxKey = iota
	routeKey        // *string the mux's matched pattern is copied into
)

// recordRoute runs the mux and hands the pattern it matched back to
// observe. Middleware between them copies the request, so observe's own
// request never sees the mux set its Pattern.
func recordRoute(mux http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if slot, ok := r.Context().Value(routeKey).(*string); ok {
				*slot = r.Pattern
			}
		}()
		mux.ServeHTTP(w, r)
	})
}

// state is what the middleware learns about a request.
type state struct {
	user     identity.User
	session  identity.Session
	signedIn bool
	lang     string
}

func stateOf(r *http.Request) *state {
	if st, ok := r.Context().Value(stateKey).(*state); ok {
		return st
	}
	return &state{lang: i18n.Default}
}

// statusWriter remembers the status code for logs and metrics.
type statusWriter struct {
	http.ResponseWriter
	code int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.code == 0 {
		w.code = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.code == 0 {
		w.code = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// observe logs each request and counts it. Only the method, the route
// pattern and the status are logged: paths and queries may hold things a
// user typed.
func (s *Server) observe(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w}
		route := new(string)
		next.ServeHTTP(sw, r.WithContext(context.WithValue(r.Context(), routeKey, route)))
		if sw.code == 0 {
			sw.code = http.StatusOK
		}
		d := time.Since(start)
		s.metrics.observe(*route, sw.code, d)
		level := slog.LevelDebug
		if sw.code >= 500 {
			level = slog.LevelWarn
		}
		// Checked first: building the record allocates, and most servers
		// run without debug logging.
		if s.log.Enabled(r.Context(), level) {
			s.log.Log(r.Context(), level, "request", "method", r.Method, "route", *route, "status", sw.code, "ms", float64(d.Microseconds())/1000)
		}
	})
}

// recoverPanics turns a panic into a 500 page; the stack goes to the log.
func (s *Server) recoverPanics(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.log.Error("panic", "route", r.Pattern, "panic", fmt.Sprint(v), "stack", string(debug.Stack()))
				s.fail(w, r, apperr.New(apperr.Internal, "error.internal"))
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// secureHeaders sets the headers every response carries. The policy allows
// no inline script or style and no third-party origin at all.
func (s *Server) secureHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		if s.secure {
			h.Set("Strict-Transport-Security", "max-age=63072000; includeSubDomains")
		}
		next.ServeHTTP(w, r)
	})
}

// loadSession finds the signed-in user, if any, and the language.
func (s *Server) loadSession(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		st := &state{}
		if c, err := r.Cookie(sessionCookie); err == nil {
			se, u, err := s.app.Authenticate(r.Context(), c.Value)
			switch {
			case err == nil:
				st.user, st.session, st.signedIn = u, se, true
			case apperr.Is(err, apperr.Unauthorized):
				s.clearCookie(w, sessionCookie)
			default:
				s.fail(w, r, err)
				return
			}
		}
		st.lang = s.resolveLang(r, st)
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), stateKey, st)))
	})
}

// resolveLang picks the user's saved language, else the language cookie,
// else the installation default.
func (s *Server) resolveLang(r *http.Request, st *state) string {
	if st.signedIn && i18n.Supported(st.user.Lang) {
		return st.user.Lang
	}
	if c, err := r.Cookie(langCookie); err == nil && i18n.Supported(c.Value) {
		return c.Value
	}
	return s.lang
}

// requireUser sends visitors who have not signed in to the sign-in page,
// sends half-signed-in sessions to their second-factor step, and checks the
// form token on every request that changes something.
func (s *Server) requireUser(h http.HandlerFunc) http.Handler {
	return s.requireStage(h, identity.StageFull)
}

// requireStage is requireUser for pages that a session at one of stages
// may reach: the second-factor pages answer sessions still waiting for it.
func (s *Server) requireStage(h http.HandlerFunc, stages ...string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		st := stateOf(r)
		if st.signedIn && !slices.Contains(stages, st.session.Stage) {
			switch st.session.Stage {
			case identity.StageTOTP:
				http.Redirect(w, r, "/login/totp", http.StatusSeeOther)
			case identity.StageEnroll:
				http.Redirect(w, r, "/account/2fa", http.StatusSeeOther)
			default:
				s.fail(w, r, apperr.New(apperr.Forbidden, "error.forbidden"))
			}
			return
		}
		if !st.signedIn {
			if r.Method == http.MethodGet {
				http.Redirect(w, r, "/login?next="+safeNext(r.URL.RequestURI()), http.StatusSeeOther)
				return
			}
			s.fail(w, r, apperr.New(apperr.Unauthorized, "session.expired"))
			return
		}
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			if err := parseForm(r); err != nil {
				s.fail(w, r, err)
				return
			}
			if !validCSRF(st.session.ID, r.PostFormValue("csrf")) {
				s.fail(w, r, apperr.New(apperr.Forbidden, "error.csrf"))
				return
			}
			r = withFormVersion(r)
		}
		h(w, r)
	})
}

// parseForm reads a form body of either encoding. A multipart body (a file
// upload) is kept in memory whole: limitBody bounds it, and an uploaded
// roster should not land in a temporary file.
func parseForm(r *http.Request) error {
	var err error
	if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
		err = r.ParseMultipartForm(maxRosterUpload + 1<<20)
	} else {
		err = r.ParseForm()
	}
	var tooLarge *http.MaxBytesError
	switch {
	case errors.As(err, &tooLarge):
		return apperr.New(apperr.Invalid, "error.form_too_large")
	case err != nil:
		return apperr.New(apperr.Invalid, "error.bad_form")
	}
	return nil
}

// cleanText reports whether s is text a person could have typed: valid
// UTF-8 without NUL. No page or stored object is named by anything else,
// and PostgreSQL refuses such bytes in a query outright, which surfaced as
// a system error instead of a complaint about the address. Form fields
// are not checked here: each form says which field is wrong, beside it,
// and keeps what was typed.
func cleanText(s string) bool { return utf8.ValidString(s) && strings.IndexByte(s, 0) < 0 }

func cleanValues(v url.Values) bool {
	for k, vs := range v {
		if !cleanText(k) {
			return false
		}
		for _, x := range vs {
			if !cleanText(x) {
				return false
			}
		}
	}
	return true
}

// errBadText answers a request carrying bytes no form sends.
var errBadText = apperr.New(apperr.Invalid, "error.bad_text")

// refuseBadText answers a path that is not clean text as not found (no
// page has such a name) and a query that is not as bad input, before any
// handler looks them up.
func (s *Server) refuseBadText(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !cleanText(r.URL.Path) {
			s.fail(w, r, apperr.New(apperr.NotFound, "error.not_found"))
			return
		}
		if q, _ := url.ParseQuery(r.URL.RawQuery); !cleanValues(q) {
			s.fail(w, r, errBadText)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// csrfToken is derived from the session, so it needs no storage and dies
// with the session.
func csrfToken(sessionID string) string {
	sum := sha256.Sum256([]byte("sigap-csrf\x00" + sessionID))
	return base64.RawURLEncoding.EncodeToString(sum[:24])
}

func validCSRF(sessionID, got string) bool {
	want := csrfToken(sessionID)
	return len(got) == len(want) && subtle.ConstantTimeCompare([]byte(got), []byte(want)) == 1
}

func (s *Server) setCookie(w http.ResponseWriter, name, value string, maxAge time.Duration) {
	http.SetCookie(w, &http.Cookie{Name: name, Value: value, Path: "/", MaxAge: int(maxAge.Seconds()),
		HttpOnly: true, Secure: s.secure, SameSite: http.SameSiteLaxMode})
}

func (s *Server) clearCookie(w http.ResponseWriter, name string) {
	http.SetCookie(w, &http.Cookie{Name: name, Value: "", Path: "/", MaxAge: -1, HttpOnly: true, Secure: s.secure, SameSite: http.SameSiteLaxMode})
}

// limitBody caps form bodies; no page of this issue takes more than a few
// kilobytes.
func limitBody(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		limit := int64(1 << 20)
		if r.URL.Path == "/admin/employees/import" {
			limit = maxRosterUpload + 1<<20 // the file and the form around it
		} else if r.URL.Path == "/reports/media" {
			limit = maxMediaBody
		} else if n := evidenceLimit(r); n > 0 {
			limit = n
		}
		r.Body = http.MaxBytesReader(w, r.Body, limit)
		next.ServeHTTP(w, r)
	})
}

// versionedPages maps the first segment of a record's pages to the kind
// of record whose version its edit forms carry.
var versionedPages = map[string]string{"reports": store.VersionReport, "cases": store.VersionCase, "protection": store.VersionProtection}

// withFormVersion passes on the version an edit form was read at (its
// hidden "version" field), so that saving it over a change someone else
// made in between is refused instead of silently overwriting that change.
func withFormVersion(r *http.Request) *http.Request {
	v, id := r.PostFormValue("version"), r.PathValue("id")
	if v == "" || id == "" {
		return r
	}
	n, err := strconv.ParseInt(v, 10, 64)
	first, _, _ := strings.Cut(strings.TrimPrefix(r.URL.Path, "/"), "/")
	if err != nil || versionedPages[first] == "" {
		return r
	}
	return r.WithContext(store.ExpectVersion(r.Context(), versionedPages[first], id, n))
}
