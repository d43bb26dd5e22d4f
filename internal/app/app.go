// Package app holds sigap's use cases. Each method checks the caller's
// permission with package access, validates the input, applies the domain
// rules and writes through the store; the web pages, the JSON API and the
// command line all come through here.
package app

import (
	"time"

	"sigap/internal/identity"
	"sigap/internal/org"
	"sigap/internal/report"
	"sigap/internal/store"
)

// App is the set of use cases.
type App struct {
	Store       *store.Store
	SessionTTL  time.Duration
	SessionIdle time.Duration
	Evidence    Evidence
	// Reports, when set, writes reports in groups (store.ReportWriter);
	// without it each report is its own transaction.
	Reports *store.ReportWriter
	// Work is the public form's optional proof of work; nil or 0 bits: off.
	Work *ReportWork

	tenants    *ttlCache[string, org.Tenant]       // by slug or code, for public addresses
	categories *ttlCache[int64, []report.Category] // offered on a government's form
	// allCategories are all of a government's categories, those no longer
	// offered included, for naming reports.
	allCategories *ttlCache[int64, []report.Category]
	// figures are the public figures of a government's year, and
	// figureYears the years it has figures for.
	figures     *ttlCache[figuresKey, PublicFiguresView]
	figureYears *ttlCache[int64, []int]
}

// New returns an App over s.
func New(s *store.Store, ttl, idle time.Duration) *App {
	return &App{Store: s, SessionTTL: ttl, SessionIdle: idle,
		tenants: newTTLCache[string, org.Tenant](time.Minute), categories: newTTLCache[int64, []report.Category](time.Minute),
		allCategories: newTTLCache[int64, []report.Category](time.Minute),
		figures:       newTTLCache[figuresKey, PublicFiguresView](FiguresTTL), figureYears: newTTLCache[int64, []int](FiguresTTL)}
}

// actor turns a user into the store's audit actor.
func actor(u identity.User) store.Actor { return store.Actor{UserID: u.ID, TenantID: u.TenantID} }
