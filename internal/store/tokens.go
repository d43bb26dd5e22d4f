package store

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"sigap/internal/apperr"
	"sigap/internal/identity"
)

// CreateToken makes an API token for a user and returns it; it is shown once
// and only its hash is kept.
func (s *Store) CreateToken(ctx context.Context, u identity.User, name, scope string) (string, identity.Token, error) {
	name = strings.Join(strings.Fields(name), " ")
	if name == "" || len(name) > 80 {
		return "", identity.Token{}, apperr.InvalidField("name", "token.name.invalid", nil)
	}
	if scope != identity.ScopeRead && scope != identity.ScopeWrite {
		return "", identity.Token{}, apperr.InvalidField("scope", "token.scope.invalid", nil)
	}
	secret := identity.TokenPrefix + identity.NewSecret()
	t := identity.Token{UserID: u.ID, Name: name, CreatedAt: s.Now(), Scope: scope}
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, `INSERT INTO api_tokens (user_id, name, token_hash, created_at, scope) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
			u.ID, name, identity.HashSecret(secret), t.CreatedAt, scope).Scan(&t.ID); err != nil {
			return err
		}
		return s.audit(ctx, tx, u.TenantID, Actor{UserID: u.ID, TenantID: u.TenantID}, "token.create", "api_token", itoa(t.ID))
	})
	return secret, t, apperr.Wrap(err, "create token")
}

// TokenBySecret returns an unrevoked token and its enabled user.
func (s *Store) TokenBySecret(ctx context.Context, secret string) (identity.Token, identity.User, error) {
	var t identity.Token
	var last sql.NullTime
	var userID int64
	err := s.db.R.QueryRowContext(ctx, `SELECT t.id, t.user_id, t.name, t.created_at, t.last_used_at, t.scope FROM api_tokens t
		JOIN users u ON u.id = t.user_id WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND u.disabled_at IS NULL`,
		identity.HashSecret(secret)).Scan(&t.ID, &userID, &t.Name, &t.CreatedAt, &last, &t.Scope)
	if err != nil {
		return t, identity.User{}, notFound(err, "token.not_found", "token")
	}
	t.UserID, t.LastUsedAt = userID, last.Time
	u, err := s.User(ctx, userID)
	return t, u, err
}

// TouchToken records a use of a token, at most once a minute so that API
// reads do not each cost a write.
func (s *Store) TouchToken(ctx context.Context, t identity.Token) error {
	now := s.Now()
	if now.Sub(t.LastUsedAt) < time.Minute {
		return nil
	}
	_, err := s.db.W.ExecContext(ctx, `UPDATE api_tokens SET last_used_at = $2 WHERE id = $1`, t.ID, now)
	return apperr.Wrap(err, "touch token")
}

// Tokens lists a user's tokens, newest first, revoked ones included.
func (s *Store) Tokens(ctx context.Context, userID int64) ([]identity.Token, error) {
	rows, err := s.db.R.QueryContext(ctx, `SELECT id, user_id, name, created_at, last_used_at, revoked_at, scope FROM api_tokens WHERE user_id = $1 ORDER BY id DESC`, userID)
	if err != nil {
		return nil, apperr.Wrap(err, "tokens")
	}
	defer rows.Close()
	var out []identity.Token
	for rows.Next() {
		var t identity.Token
		var last, revoked sql.NullTime
		if err := rows.Scan(&t.ID, &t.UserID, &t.Name, &t.CreatedAt, &last, &revoked, &t.Scope); err != nil {
			return nil, err
		}
		t.LastUsedAt, t.Revoked = last.Time, revoked.Valid
		out = append(out, t)
	}
	return out, rows.Err()
}

// RevokeToken revokes one of the user's tokens.
func (s *Store) RevokeToken(ctx context.Context, u identity.User, id int64) error {
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE api_tokens SET revoked_at = $3 WHERE id = $1 AND user_id = $2 AND revoked_at IS NULL`, id, u.ID, s.Now())
		if err != nil {
			return apperr.Wrap(err, "revoke token")
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return apperr.New(apperr.NotFound, "token.not_found")
		}
		return s.audit(ctx, tx, u.TenantID, Actor{UserID: u.ID, TenantID: u.TenantID}, "token.revoke", "api_token", itoa(id))
	})
}
