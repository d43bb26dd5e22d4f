package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"sigap/internal/apperr"
)

// Sign-in lockout: after freeAttempts failures an account locks, first for
// a minute, then twice as long at each further failure, up to maxLock. The
// count is kept per username whether the account exists or not, so the
// lockout itself tells nobody which accounts exist.
const (
	freeAttempts = 5
	maxLock      = time.Hour
	forgetAfter  = 24 * time.Hour // failures older than this no longer count
)

// SignInLockedUntil returns when a username may try again (zero: now).
func (s *Store) SignInLockedUntil(ctx context.Context, username string) (time.Time, error) {
	var until sql.NullTime
	err := s.db.R.QueryRowContext(ctx, `SELECT locked_until FROM signin_failures WHERE username = $1`, username).Scan(&until)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && !until.Valid) {
		return time.Time{}, nil
	}
	return until.Time, apperr.Wrap(err, "sign-in lock")
}

// RecordSignInFailure counts a failed attempt and returns the lock it
// causes (zero when none).
func (s *Store) RecordSignInFailure(ctx context.Context, username string) (time.Time, error) {
	now := s.Now()
	// One statement counts the failure, so that a burst of parallel
	// attempts on PostgreSQL cannot all read the same count.
	var failures int
	err := s.db.W.QueryRowContext(ctx, `INSERT INTO signin_failures (username, failures, last_at) VALUES ($1, 1, $2)
		ON CONFLICT (username) DO UPDATE SET
		  failures = CASE WHEN signin_failures.last_at < $3 THEN 1 ELSE signin_failures.failures + 1 END,
		  last_at = excluded.last_at
		RETURNING failures`, username, now, now.Add(-forgetAfter)).Scan(&failures)
	if err != nil {
		return time.Time{}, apperr.Wrap(err, "record sign-in failure")
	}
	if failures < freeAttempts {
		return time.Time{}, nil
	}
	lock := now.Add(min(time.Minute<<min(failures-freeAttempts, 10), maxLock))
	_, err = s.db.W.ExecContext(ctx, `UPDATE signin_failures SET locked_until = $2 WHERE username = $1`, username, lock)
	return lock, apperr.Wrap(err, "lock sign-in")
}

// ClearSignInFailures forgets the failures of a username after a sign-in
// succeeds.
func (s *Store) ClearSignInFailures(ctx context.Context, username string) error {
	_, err := s.db.W.ExecContext(ctx, `DELETE FROM signin_failures WHERE username = $1`, username)
	return apperr.Wrap(err, "clear sign-in failures")
}
