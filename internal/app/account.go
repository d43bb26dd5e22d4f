package app

import (
	"context"

	"sigap/internal/apperr"
	"sigap/internal/i18n"
	"sigap/internal/identity"
)

// Sessions lists the caller's own sessions.
func (a *App) Sessions(ctx context.Context, u identity.User) ([]identity.Session, error) {
	return a.Store.UserSessions(ctx, u.ID)
}

// EndSession ends one of the caller's own sessions.
func (a *App) EndSession(ctx context.Context, u identity.User, id string) error {
	return a.Store.EndSession(ctx, u, id)
}

// EndOtherSessions signs the caller out everywhere but here.
func (a *App) EndOtherSessions(ctx context.Context, u identity.User, current string) (int, error) {
	return a.Store.EndOtherSessions(ctx, u, current)
}

// Tokens lists the caller's API tokens.
func (a *App) Tokens(ctx context.Context, u identity.User) ([]identity.Token, error) {
	return a.Store.Tokens(ctx, u.ID)
}

// CreateToken makes an API token for the caller; the secret is returned
// once and never again.
func (a *App) CreateToken(ctx context.Context, u identity.User, name, scope string) (string, identity.Token, error) {
	return a.Store.CreateToken(ctx, u, name, scope)
}

// RevokeToken revokes one of the caller's tokens.
func (a *App) RevokeToken(ctx context.Context, u identity.User, id int64) error {
	return a.Store.RevokeToken(ctx, u, id)
}

// SetLang remembers the caller's language.
func (a *App) SetLang(ctx context.Context, u identity.User, lang string) error {
	if !i18n.Supported(lang) {
		return apperr.InvalidField("lang", "lang.invalid", nil)
	}
	return a.Store.SetLang(ctx, u.ID, lang)
}

// ChangePassword changes the caller's password after checking the current one.
func (a *App) ChangePassword(ctx context.Context, u identity.User, current, next string) error {
	now := a.Store.Now()
	if until, err := a.Store.SignInLockedUntil(ctx, u.Username); err != nil {
		return err
	} else if now.Before(until) {
		return locked(until, now)
	}
	_, hash, err := a.Store.UserForSignIn(ctx, u.Username)
	if err != nil {
		return err
	}
	if !identity.CheckPassword(current, hash) {
		// A wrong current password counts like a wrong sign-in.
		if err := a.failSignIn(ctx, u.Username, &u); apperr.Is(err, apperr.TooMany) {
			return err
		}
		return apperr.InvalidField("current", "account.password.wrong", nil)
	}
	newHash, err := HashNewPassword(next, u.Username)
	if err != nil {
		return err
	}
	return a.Store.SetPassword(ctx, actor(u), u.ID, newHash)
}

// HashNewPassword validates a new password and returns its hash.
func HashNewPassword(password, username string) (string, error) {
	if err := identity.ValidatePassword(password, username); err != nil {
		return "", err
	}
	h, err := identity.HashPassword(password)
	return h, apperr.Wrap(err, "hash password")
}
