package app

import (
	"context"
	"strings"
	"time"

	"sigap/internal/apperr"
	"sigap/internal/identity"
)

// errSignIn is the one answer to every failed sign-in, so that nobody can
// learn which usernames exist or which accounts are disabled.
var errSignIn = apperr.New(apperr.Unauthorized, "signin.failed")

// SignIn checks a username and password and starts a session. It returns
// the cookie secret.
func (a *App) SignIn(ctx context.Context, username, password, userAgent string) (string, identity.User, error) {
	username = identity.NormalizeUsername(username)
	if username == "" || password == "" || len(password) > 4*identity.MaxPasswordLen {
		return "", identity.User{}, errSignIn
	}
	u, hash, err := a.Store.UserForSignIn(ctx, username)
	if apperr.Is(err, apperr.NotFound) {
		identity.SpendPasswordTime(password)
		return "", identity.User{}, errSignIn
	} else if err != nil {
		return "", identity.User{}, err
	}
	if !identity.CheckPassword(password, hash) || u.Disabled {
		return "", identity.User{}, errSignIn
	}
	secret, _, err := a.Store.CreateSession(ctx, u, a.SessionTTL, userAgent)
	return secret, u, err
}

// touchEvery bounds how often a session's last activity is written: often
// enough for the idle timeout, rarely enough that reads stay reads.
const touchEvery = time.Minute

// Authenticate returns the live session and user of a cookie secret.
func (a *App) Authenticate(ctx context.Context, secret string) (identity.Session, identity.User, error) {
	if !identity.ValidSecret(secret) {
		return identity.Session{}, identity.User{}, apperr.New(apperr.Unauthorized, "session.expired")
	}
	se, u, err := a.Store.SessionBySecret(ctx, secret)
	if apperr.Is(err, apperr.NotFound) {
		return se, u, apperr.New(apperr.Unauthorized, "session.expired")
	} else if err != nil {
		return se, u, err
	}
	now := a.Store.Now()
	if !se.Active(now, a.SessionIdle) {
		return identity.Session{}, identity.User{}, apperr.New(apperr.Unauthorized, "session.expired")
	}
	if now.Sub(se.LastSeenAt) >= touchEvery {
		if err := a.Store.TouchSession(ctx, se.ID); err != nil {
			return se, u, err
		}
	}
	return se, u, nil
}

// AuthenticateToken returns the user of an API bearer token.
func (a *App) AuthenticateToken(ctx context.Context, token string) (identity.User, error) {
	secret, ok := strings.CutPrefix(token, identity.TokenPrefix)
	if !ok || !identity.ValidSecret(secret) {
		return identity.User{}, apperr.New(apperr.Unauthorized, "token.invalid")
	}
	t, u, err := a.Store.TokenBySecret(ctx, token)
	if apperr.Is(err, apperr.NotFound) {
		return u, apperr.New(apperr.Unauthorized, "token.invalid")
	} else if err != nil {
		return u, err
	}
	return u, a.Store.TouchToken(ctx, t)
}

// SignOut ends the given session of u.
func (a *App) SignOut(ctx context.Context, u identity.User, sessionID string) error {
	return a.Store.EndSession(ctx, u, sessionID)
}
