package web

import (
	"bytes"
	"context"
	"embed"
	"errors"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"path"
	"strings"
	"time"

	"sigap/internal/access"
	"sigap/internal/app"
	"sigap/internal/apperr"
	"sigap/internal/calendar"
	"sigap/internal/chart"
	"sigap/internal/db"
	"sigap/internal/guidance"
	"sigap/internal/i18n"
	"sigap/internal/identity"
	"sigap/internal/org"
	"sigap/internal/store"
)

//go:embed templates
var templateFS embed.FS

// parseTemplates builds one template set per page: the layout, the shared
// partials and the page itself.
func (s *Server) parseTemplates() (map[string]*template.Template, error) {
	funcs := template.FuncMap{
		"add":    func(a, b int) int { return a + b },
		"indent": func(depth int) string { return strings.Repeat("— ", depth) },
		"kb":     func(n int64) int { return int((n + 1023) / 1024) },
		// quarterName is the Roman numeral of a quarter period.
		"quarterName": func(p guidance.Period) string { return app.QuarterName((int(p.Start.Month())-1)/3 + 1) },
		// dict hands a template of the page several named values.
		"dict": func(kv ...any) (map[string]any, error) {
			if len(kv)%2 != 0 {
				return nil, errors.New("dict: odd number of arguments")
			}
			m := make(map[string]any, len(kv)/2)
			for i := 0; i < len(kv); i += 2 {
				k, ok := kv[i].(string)
				if !ok {
					return nil, errors.New("dict: a key is not text")
				}
				m[k] = kv[i+1]
			}
			return m, nil
		},
		// form hands a shared form part the page, the page's data and the
		// values to fill in.
		"form": func(p *Page, data, in any) formPart { return formPart{P: p, Data: data, In: in} },
		// coverage hands the pledge coverage table its rows, id, heading
		// and the key prefix of a row's name.
		"coverage": func(p *Page, rows any, id, head, prefix string) coverageTable {
			return coverageTable{P: p, Rows: rows, ID: id, Head: head, Prefix: prefix}
		},
	}
	shared := []string{"templates/layout.html", "templates/partials.html"}
	parts, err := fs.Glob(templateFS, "templates/partials/*.html") // partials of one page's parts
	if err != nil {
		return nil, err
	}
	shared = append(shared, parts...)
	pages, err := fs.Glob(templateFS, "templates/pages/*.html")
	if err != nil {
		return nil, err
	}
	out := map[string]*template.Template{}
	for _, p := range pages {
		name := strings.TrimSuffix(strings.TrimPrefix(p, "templates/pages/"), ".html")
		t, err := template.New(name).Funcs(funcs).ParseFS(templateFS, append(shared, p)...)
		if err != nil {
			return nil, err
		}
		if _, err := t.New("chart").Parse(chart.Partial); err != nil { // the charts drawn on the server
			return nil, err
		}
		out[name] = t
	}
	return out, nil
}

// Page is what every template receives: the request's language and user,
// helpers to translate and format, and the page's own data.
type Page struct {
	ctx       context.Context // the request's, for the few helpers that read the database
	Lang      string
	Langs     []langChoice
	User      identity.User
	SignedIn  bool
	Tenant    org.Tenant
	CSRF      string
	Path      string
	Flash     string
	Title     string
	Data      any
	Errors    map[string]string // field → translated message
	FormError string
	Version   string
	Nav       []navLink // the menu, worked out once per page
	Unread    int       // the user's unread notifications
	CSS, JS   string    // hashed asset paths of the layout
	Icon      string

	s *Server
}

// langChoice is one button of the language switch.
type langChoice struct {
	Code, Name string
	Current    bool
}

var langNames = map[string]string{"id": "Bahasa Indonesia", "en": "English"}

// formPart is what a form part shared by several pages is given.
type formPart struct {
	P    *Page
	Data any
	In   any
}

// navLink is one entry of the menu.
type navLink struct {
	Href, Label string
	Current     bool
}

// menu lists the pages the user may open, in order.
var menu = []struct {
	href, label string
	cap         access.Capability // "" for everyone signed in
}{
	{"/", "nav.home", ""},
	{"/reports", "nav.reports", access.HandleReports},
	{"/cases", "nav.cases", access.ViewCases},
	{"/protection/dashboard", "nav.protection_dashboard", access.WorkProtection},
	{"/protection", "nav.protection", access.WorkProtection},
	{"/protection/stats", "nav.protection_stats", access.ViewProtectionStats},
	{"/my/cases", "nav.own_cases", access.ViewOwnCases},
	{"/my/check-in", "nav.check_in", access.CheckInGuidance},
	{"/guidance", "nav.guidance", access.ViewPrevention},
	{"/prevention/overview", "nav.prevention_overview", access.ViewPreventionOutcomes},
	{"/stats", "nav.stats", access.ViewStatistics},
	{"/my/pledges", "nav.own_pledges", access.ViewOwnCases},
	{"/pledges", "nav.pledges", access.ManagePledges},
	{"/employees", "nav.employees", access.ViewRoster},
	{"/admin/units", "nav.units", access.ViewUnits},
	{"/admin/users", "nav.users", access.ManageUsers},
	{"/admin/calendar", "nav.calendar", access.ViewCalendar},
	{"/admin/report-categories", "nav.categories", access.ManageReportCategories},
	{"/admin/procedure", "nav.procedure", access.ManageProcedure},
	{"/admin/protection-codes", "nav.protection_codes", access.ManageProtectionCodes},
	{"/admin/guidance", "nav.guidance_settings", access.ManageGuidanceSettings},
	{"/admin/statistics", "nav.statistics_settings", access.ManageStatistics},
	{"/admin/retention", "nav.retention", access.ViewRetention},
	{"/custodian/requests", "nav.custodian", access.DecideUnseal},
	{"/audit", "nav.audit", access.ViewAudit},
	{"/operator/tenants", "nav.tenants", access.ViewTenants},
	{"/oversight", "nav.oversight", access.ViewOversight},
}

func (p *Page) buildNav() {
	for _, m := range menu {
		if m.cap == "" || access.Can(p.User, m.cap) {
			p.Nav = append(p.Nav, navLink{Href: m.href, Label: p.L(m.label), Current: p.Path == m.href})
		}
	}
}

// L translates a key that takes no data. Templates call it for most texts:
// a call without variadic arguments costs the template engine far less.
func (p *Page) L(key string) string { return p.s.cat.T(p.Lang, key, nil) }

// T translates key; kv are alternating template names and values.
func (p *Page) T(key string, kv ...any) string {
	var data map[string]any
	if len(kv) > 1 {
		data = map[string]any{}
		for i := 0; i+1 < len(kv); i += 2 {
			if k, ok := kv[i].(string); ok {
				data[k] = kv[i+1]
			}
		}
	}
	return p.s.cat.T(p.Lang, key, data)
}

// Num formats a whole number for the page's language.
func (p *Page) Num(n int) string { return p.s.cat.Number(p.Lang, int64(n)) }

// Dec formats a number with one decimal for the page's language (12,5 or
// 12.5).
func (p *Page) Dec(v float64) string { return p.s.cat.Decimal(p.Lang, v) }

// Hidden formats a count of a statistics page: a number, "<least" for
// one hidden as too small (app.HiddenCount), a dash for one hidden to
// protect a small one (app.ProtectedCount).
func (p *Page) Hidden(least, n int) string {
	switch n {
	case app.HiddenCount:
		return p.T("protection.stats.small", "Least", least)
	case app.ProtectedCount:
		return "–"
	}
	return p.Num(n)
}

// Date formats a calendar day.
func (p *Page) Date(d calendar.Date) string {
	if d.IsZero() {
		return ""
	}
	return p.s.cat.Date(p.Lang, d.Year(), d.Month(), d.Day())
}

// Day formats the calendar day of a date kept as midnight UTC, such as the
// day a report says something happened.
func (p *Page) Day(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return p.Date(calendar.DateOf(t, time.UTC))
}

// Weekday names the day of the week of d.
func (p *Page) Weekday(d calendar.Date) string { return p.s.cat.Weekday(p.Lang, d.Weekday()) }

// When formats an instant in the server's zone.
func (p *Page) When(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return p.s.cat.DateTime(p.Lang, t, p.s.loc)
}

// Device summarises a User-Agent header for people.
func (p *Page) Device(ua string) string { return deviceName(ua) }

// Asset returns the cache-busting URL of a static file.
func (p *Page) Asset(name string) string { return p.s.assets.URL(name) }

// Can reports whether the user holds a capability, for showing links.
func (p *Page) Can(c string) bool { return access.Can(p.User, access.Capability(c)) }

// Has reports whether the user holds a role.
func (p *Page) Has(r string) bool { return p.User.Has(identity.Role(r)) }

// Pick returns the Indonesian or the English text by the page's language,
// for texts that come with their data (rule descriptions, sanction names).
func (p *Page) Pick(id, en string) string {
	if p.Lang == "en" && en != "" {
		return en
	}
	return id
}

// Field returns the error message of a form field, if any.
func (p *Page) Field(name string) string { return p.Errors[name] }

// page prepares a Page for the request.
func (s *Server) page(w http.ResponseWriter, r *http.Request, title string, data any) *Page {
	st := stateOf(r)
	p := &Page{ctx: r.Context(), CSS: s.assets.URL("app.css"), JS: s.assets.URL("app.js"), Icon: s.assets.URL("favicon.svg"), Lang: st.lang, User: st.user, SignedIn: st.signedIn, Path: r.URL.Path, Title: title, Data: data, Version: s.version, s: s}
	for _, l := range i18n.Languages {
		p.Langs = append(p.Langs, langChoice{Code: l, Name: langNames[l], Current: l == p.Lang})
	}
	if st.signedIn {
		if st.session.Stage == identity.StageFull {
			p.buildNav() // a half-signed-in session has nowhere else to go yet
			p.Unread, _ = s.app.UnreadNotifications(r.Context(), st.user)
		}
		p.CSRF = csrfToken(st.session.ID)
		if t, err := s.app.OwnTenant(r.Context(), st.user); err == nil {
			p.Tenant = t
		}
	}
	if c, err := r.Cookie(flashCookie); err == nil {
		p.Flash = s.cat.T(st.lang, "flash."+c.Value, nil)
		s.clearCookie(w, flashCookie)
	}
	return p
}

// render writes a page with the given status.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name string, p *Page) {
	b, ok := s.renderBytes(w, name, p)
	if !ok {
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write(b)
}

// renderBytes renders a page into memory; on failure it logs, answers
// 500 and returns false.
func (s *Server) renderBytes(w http.ResponseWriter, name string, p *Page) ([]byte, bool) {
	t, ok := s.pages[name]
	if !ok {
		s.log.Error("missing template", "name", name)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return nil, false
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", p); err != nil {
		s.log.Error("render", "template", name, "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return nil, false
	}
	return buf.Bytes(), true
}

// formError re-renders a form page with the error of err shown beside its
// field, or fails the request when err is not about the input.
func (s *Server) formError(w http.ResponseWriter, r *http.Request, name string, p *Page, err error) {
	ae := apperr.As(err)
	if ae.Code != apperr.Invalid && ae.Code != apperr.Conflict && ae.Code != apperr.TooMany && ae.Code != apperr.Unavailable {
		s.fail(w, r, err)
		return
	}
	if (ae.Code == apperr.TooMany || ae.Code == apperr.Unavailable) && w.Header().Get("Retry-After") == "" {
		w.Header().Set("Retry-After", "1") // the form is shown again, with what was typed
	}
	p.FormError = s.cat.T(p.Lang, ae.Key, ae.Args)
	if fields := apperr.FieldsOf(err); len(fields) > 0 {
		// Each message stands beside its field; the top of the form only
		// points there, so it is not read twice.
		p.Errors = map[string]string{}
		for _, e := range fields {
			if _, ok := p.Errors[e.Field]; !ok {
				p.Errors[e.Field] = s.cat.T(p.Lang, e.Key, e.Args)
			}
		}
		p.FormError = s.cat.T(p.Lang, "form.check_fields", nil)
	}
	s.render(w, r, apperr.Status(err), name, p)
}

// fail renders an error page for err. Internal errors are logged with
// their cause; the user sees only a general message.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	if r.Context().Err() != nil {
		// The client went away (a closed tab, a load tool ending its run)
		// and took the request's context with it: nothing failed here,
		// and nobody reads the answer.
		s.log.Info("request abandoned by the client", "route", r.Pattern)
		return
	}
	if db.IsBadText(err) {
		// The field should have been checked before the query: say so, so
		// that the check gets written.
		s.log.Warn("unchecked text reached the database", "route", r.Pattern)
		err = errBadText
	}
	if gone, ok := store.PurgedOf(err); ok {
		s.destroyed(w, r, gone)
		return
	}
	ae := apperr.As(err)
	status := apperr.Status(ae)
	if ae.Code == apperr.Internal {
		s.log.Error("internal error", "route", r.Pattern, "err", ae.Err)
	}
	if ae.Code == apperr.TooMany && w.Header().Get("Retry-After") == "" {
		w.Header().Set("Retry-After", "1")
	}
	if ae.Code == apperr.Unauthorized && r.Method == http.MethodGet {
		http.Redirect(w, r, "/login", http.StatusSeeOther)
		return
	}
	if strings.HasPrefix(r.URL.Path, "/api/") {
		writeJSONError(w, status, string(ae.Code), s.cat.T(stateOf(r).lang, ae.Key, ae.Args))
		return
	}
	p := s.page(w, r, "error.title", nil)
	p.FormError = s.cat.T(p.Lang, ae.Key, ae.Args)
	p.Data = errorData{Status: status, Back: backPath(r)}
	s.render(w, r, status, "error", p)
}

type errorData struct {
	Status int
	Back   string // the page the user came from, when it is on this site
}

// backPath returns the path of the Referer when it points at this site and
// is not the page that failed, so the error page can offer a way back.
func backPath(r *http.Request) string {
	ref, err := url.Parse(r.Referer())
	if err != nil || ref.Host != r.Host || ref.Path == "" || ref.Path == r.URL.Path {
		return ""
	}
	return localPath(ref.RequestURI())
}

// redirect ends a successful form post (post/redirect/get) with a flash
// message key shown on the next page.
func (s *Server) redirect(w http.ResponseWriter, r *http.Request, to, flash string) {
	if flash != "" {
		s.setCookie(w, flashCookie, flash, time.Minute)
	}
	http.Redirect(w, r, to, http.StatusSeeOther)
}

// safeNext keeps a return path only when it stays on this site, escaped
// for use in a query.
func safeNext(p string) string { return url.QueryEscape(localPath(p)) }

// localPath returns p when it is a path on this site, else "/". The path
// is cleaned first, as http.Redirect will clean it, so that "/./\host"
// cannot turn into "/\host", which browsers read as another host; and a
// backslash is refused even when percent-encoded.
func localPath(p string) string {
	u, err := url.Parse(p)
	if err != nil || u.Scheme != "" || u.Host != "" || u.Opaque != "" || !strings.HasPrefix(p, "/") || strings.ContainsAny(p, "\\\r\n") {
		return "/"
	}
	clean := path.Clean(u.EscapedPath())
	if strings.ContainsRune(u.Path, '\\') || strings.HasPrefix(clean, "//") || !strings.HasPrefix(clean, "/") {
		return "/"
	}
	if strings.HasSuffix(u.Path, "/") && clean != "/" {
		clean += "/"
	}
	if u.RawQuery != "" {
		clean += "?" + u.RawQuery
	}
	return clean
}

var errForbiddenCSRF = apperr.New(apperr.Forbidden, "error.csrf")
