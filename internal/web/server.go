// Package web serves sigap's HTML pages: server-rendered, usable without
// JavaScript, in Indonesian or English.
package web

import (
	"html/template"
	"log/slog"
	"net/http"
	"net/netip"
	"sync"
	"time"

	"sigap/internal/app"
	"sigap/internal/db"
	"sigap/internal/i18n"
)

// Options configure a Server.
type Options struct {
	App          *app.App
	DB           *db.DB
	Catalog      *i18n.Catalog
	Log          *slog.Logger
	DefaultLang  string
	SecureCookie bool
	Location     *time.Location // for showing times; Asia/Jakarta by default
	Version      string
	API          http.Handler   // the JSON API, mounted at /api/v1/
	Proxies      []netip.Prefix // reverse proxies whose X-Forwarded-For is believed
	SignInRate   int            // sign-in attempts per minute per address; 0: 20
	PublicRate   int            // other requests per minute per address before sign-in; 0: 300
	ReceiptRate  int            // receipt attempts per minute per address; 0: 10
}

// Server is the web front end.
type Server struct {
	app     *app.App
	db      *db.DB
	cat     *i18n.Catalog
	log     *slog.Logger
	lang    string
	secure  bool
	loc     *time.Location
	version string
	api     http.Handler
	pages   map[string]*template.Template
	assets  *assets
	metrics *metrics
	proxies []netip.Prefix
	limits  struct{ signIn, public, receipt *limiter }
	// reportSlots holds a token per report being taken (see reportSlots).
	reportSlots chan struct{}
	// runningJobs are the roster imports this instance runs now, by job
	// ID, with their progress (see runImport).
	runningJobs sync.Map
	figurePages figurePages
}

// New prepares the templates and assets.
func New(o Options) (*Server, error) {
	s := &Server{app: o.App, db: o.DB, cat: o.Catalog, log: o.Log, lang: o.DefaultLang, secure: o.SecureCookie, loc: o.Location, version: o.Version, api: o.API}
	if s.loc == nil {
		s.loc = jakarta()
	}
	if s.lang == "" {
		s.lang = i18n.Default
	}
	if s.log == nil {
		s.log = slog.Default()
	}
	var err error
	if s.assets, err = loadAssets(); err != nil {
		return nil, err
	}
	if s.pages, err = s.parseTemplates(); err != nil {
		return nil, err
	}
	s.metrics = newMetrics()
	s.proxies = o.Proxies
	signIn, public := o.SignInRate, o.PublicRate
	if signIn == 0 {
		signIn = 20
	}
	if public == 0 {
		public = 300
	}
	s.limits.signIn, s.limits.public = newLimiter(signIn, signIn), newLimiter(public, public)
	// A reporter types their receipt a few times a week; ten tries a
	// minute per address leaves room for typing mistakes and none for
	// guessing among 10^16 codes.
	receipt := o.ReceiptRate
	if receipt == 0 {
		receipt = 10
	}
	s.limits.receipt = newLimiter(receipt, receipt)
	s.reportSlots = make(chan struct{}, reportSlots)
	return s, nil
}

// jakarta is Western Indonesian Time; Serang is in it. A fixed zone is used
// when the system has no zone database, which is correct since WIB has no
// daylight saving.
func jakarta() *time.Location {
	if loc, err := time.LoadLocation("Asia/Jakarta"); err == nil {
		return loc
	}
	return time.FixedZone("WIB", 7*3600)
}
