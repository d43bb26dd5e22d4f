// Package store holds all of sigap's SQL. Every query is written once with
// $N placeholders and runs on SQLite and PostgreSQL alike; every method that
// touches tenant data takes the tenant and filters by it.
package store

import (
	"database/sql"
	"errors"
	"sync"
	"time"

	"sigap/internal/apperr"
	"sigap/internal/calendar"
	"sigap/internal/db"
	"sigap/internal/org"
	"sigap/internal/refdata"
	"sigap/internal/vault"
)

// Store is the data access layer.
type Store struct {
	db  *db.DB
	now func() time.Time

	mu          sync.Mutex
	national    []calendar.DayOff  // cached national days off; nil until loaded
	nationalCal *calendar.Calendar // the same as a calendar

	master  vault.MasterKey // zero until UseVault
	keys    *vault.Keyring
	records *RecordKeys // the record key store; nil until UseRecordKeys

	tenants         map[int64]org.Tenant             // tenants never change once made
	regionSummaries map[string]map[refdata.Level]int // by root code; cleared on import
}

// New returns a store over d. now may be nil for the wall clock.
func New(d *db.DB, now func() time.Time) *Store {
	if now == nil {
		now = time.Now
	}
	return &Store{db: d, now: now}
}

// DB returns the underlying database.
func (s *Store) DB() *db.DB { return s.db }

// Now returns the store's clock in UTC, at the microsecond precision both
// engines keep, so that a value written reads back equal.
func (s *Store) Now() time.Time { return s.now().UTC().Truncate(time.Microsecond) }

// Actor is who causes a change, for the audit trail. UserID is zero for the
// system itself (command line, migrations, jobs).
type Actor struct {
	UserID   int64
	TenantID int64
}

// System is the actor for changes made by the command line and by sigap itself.
var System = Actor{}

// nullID turns the zero ID into SQL NULL.
func nullID(id int64) sql.NullInt64 { return sql.NullInt64{Int64: id, Valid: id != 0} }

// notFound maps sql.ErrNoRows to a NotFound error with key.
func notFound(err error, key, context string) error {
	if errors.Is(err, sql.ErrNoRows) {
		return apperr.New(apperr.NotFound, key)
	}
	return apperr.Wrap(err, context)
}
