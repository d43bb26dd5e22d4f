package store

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"sigap/internal/apperr"
	"sigap/internal/identity"
)

const sessionCols = `s.id, s.user_id, s.created_at, s.last_seen_at, s.expires_at, s.user_agent, s.stage`

func scanSession(row interface{ Scan(...any) error }, extra ...any) (identity.Session, error) {
	var se identity.Session
	err := row.Scan(append([]any{&se.ID, &se.UserID, &se.CreatedAt, &se.LastSeenAt, &se.ExpiresAt, &se.UserAgent, &se.Stage}, extra...)...)
	return se, err
}

// CreateSession starts a session for a user and returns the secret for the
// cookie; only its hash is stored. The sign-in is audited with it.
func (s *Store) CreateSession(ctx context.Context, u identity.User, ttl time.Duration, userAgent, stage string) (string, identity.Session, error) {
	secret := identity.NewSecret()
	now := s.Now()
	se := identity.Session{ID: identity.HashSecret(secret), UserID: u.ID, CreatedAt: now, LastSeenAt: now, ExpiresAt: now.Add(ttl), UserAgent: truncate(userAgent, 200), Stage: stage}
	action := "session.sign_in"
	if stage != identity.StageFull {
		action = "session.password_ok"
	}
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO sessions (id, user_id, created_at, last_seen_at, expires_at, user_agent, stage) VALUES ($1, $2, $3, $3, $4, $5, $6)`,
			se.ID, se.UserID, now, se.ExpiresAt, se.UserAgent, stage); err != nil {
			return err
		}
		return s.audit(ctx, tx, u.TenantID, Actor{UserID: u.ID, TenantID: u.TenantID}, action, "user", itoa(u.ID))
	})
	return secret, se, apperr.Wrap(err, "create session")
}

// SessionBySecret returns the session of a cookie value and its enabled
// user. An unknown secret or a disabled user is NotFound; expiry is for the
// caller to judge with identity.Session.Active.
func (s *Store) SessionBySecret(ctx context.Context, secret string) (identity.Session, identity.User, error) {
	// One statement for session, account and roles: it runs on every
	// request of a signed-in user.
	var u identity.User
	var disabled sql.NullTime
	var roles sql.NullString
	se, err := scanSession(s.db.QueryRowHot(ctx,
		`SELECT `+sessionCols+`, u.id, COALESCE(u.tenant_id, 0), u.username, u.display_name, u.email, u.lang, u.disabled_at, u.created_at,
		   (SELECT `+s.db.StringAgg("r.role")+` FROM user_roles r WHERE r.user_id = u.id)
		 FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id = $1`, identity.HashSecret(secret)),
		&u.ID, &u.TenantID, &u.Username, &u.DisplayName, &u.Email, &u.Lang, &disabled, &u.CreatedAt, &roles)
	if err != nil {
		return se, u, notFound(err, "session.not_found", "session")
	}
	if disabled.Valid {
		return identity.Session{}, identity.User{}, apperr.New(apperr.NotFound, "session.not_found")
	}
	if roles.String != "" {
		for _, r := range strings.Split(roles.String, ",") {
			u.Roles = append(u.Roles, identity.Role(r))
		}
	}
	u.Roles = sortedRoles(u.Roles)
	return se, u, nil
}

// CompleteSession marks a session full once its second factor is given,
// and audits the completed sign-in.
func (s *Store) CompleteSession(ctx context.Context, u identity.User, id string) error {
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE sessions SET stage = 'full', last_seen_at = $3 WHERE id = $1 AND user_id = $2`, id, u.ID, s.Now()); err != nil {
			return err
		}
		return s.audit(ctx, tx, u.TenantID, Actor{UserID: u.ID, TenantID: u.TenantID}, "session.sign_in", "user", itoa(u.ID))
	})
}

// TouchSession records activity on a session.
func (s *Store) TouchSession(ctx context.Context, id string) error {
	_, err := s.db.W.ExecContext(ctx, `UPDATE sessions SET last_seen_at = $2 WHERE id = $1`, id, s.Now())
	return apperr.Wrap(err, "touch session")
}

// UserSessions lists a user's sessions, newest first.
func (s *Store) UserSessions(ctx context.Context, userID int64) ([]identity.Session, error) {
	rows, err := s.db.R.QueryContext(ctx, `SELECT `+sessionCols+` FROM sessions s WHERE s.user_id = $1 ORDER BY s.created_at DESC`, userID)
	if err != nil {
		return nil, apperr.Wrap(err, "sessions")
	}
	defer rows.Close()
	var out []identity.Session
	for rows.Next() {
		se, err := scanSession(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, se)
	}
	return out, rows.Err()
}

// EndSession deletes one session of a user (sign-out, or revoking another
// device). A session of another user is not found.
func (s *Store) EndSession(ctx context.Context, u identity.User, id string) error {
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE id = $1 AND user_id = $2`, id, u.ID)
		if err != nil {
			return apperr.Wrap(err, "end session")
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return apperr.New(apperr.NotFound, "session.not_found")
		}
		return s.audit(ctx, tx, u.TenantID, Actor{UserID: u.ID, TenantID: u.TenantID}, "session.end", "user", itoa(u.ID))
	})
}

// EndOtherSessions deletes every session of a user except keep.
func (s *Store) EndOtherSessions(ctx context.Context, u identity.User, keep string) (int, error) {
	var n int64
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = $1 AND id <> $2`, u.ID, keep)
		if err != nil {
			return apperr.Wrap(err, "end sessions")
		}
		n, _ = res.RowsAffected()
		return s.audit(ctx, tx, u.TenantID, Actor{UserID: u.ID, TenantID: u.TenantID}, "session.end_others", "user", itoa(u.ID))
	})
	return int(n), err
}

// PurgeSessions deletes sessions that expired or sat idle longer than idle.
func (s *Store) PurgeSessions(ctx context.Context, idle time.Duration) (int, error) {
	now := s.Now()
	res, err := s.db.W.ExecContext(ctx, `DELETE FROM sessions WHERE expires_at < $1 OR last_seen_at < $2`, now, now.Add(-idle))
	if err != nil {
		return 0, apperr.Wrap(err, "purge sessions")
	}
	n, _ := res.RowsAffected()
	return int(n), nil
}

// AuditFailedSignIn records a failed sign-in to an existing account.
func (s *Store) AuditFailedSignIn(ctx context.Context, u identity.User) error {
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		return s.audit(ctx, tx, u.TenantID, Actor{TenantID: u.TenantID}, "session.sign_in_failed", "user", itoa(u.ID))
	})
}

// EndAllSessions signs an account out everywhere, for example when its
// roles change so that it needs a second factor.
func (s *Store) EndAllSessions(ctx context.Context, userID int64) error {
	_, err := s.db.W.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = $1`, userID)
	return apperr.Wrap(err, "end sessions")
}
