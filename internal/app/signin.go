package app

import (
	"context"
	"math"
	"strings"
	"time"

	"sigap/internal/apperr"
	"sigap/internal/identity"
)

// errSignIn is the one answer to every failed sign-in, so that nobody can
// learn which usernames exist or which accounts are disabled.
var errSignIn = apperr.New(apperr.Unauthorized, "signin.failed")

// locked is the answer while a username is locked out; it is given for
// unknown usernames alike.
func locked(until, now time.Time) error {
	return &apperr.Error{Code: apperr.TooMany, Key: "signin.locked", Args: map[string]any{"Minutes": int(math.Ceil(until.Sub(now).Minutes()))}}
}

// SignIn checks a username and password and starts a session, full or
// waiting for the second factor. It returns the cookie secret and the
// session's stage.
func (a *App) SignIn(ctx context.Context, username, password, userAgent string) (string, identity.User, string, error) {
	username = identity.NormalizeUsername(username)
	if username == "" || password == "" || len(password) > 4*identity.MaxPasswordLen || len(username) > 64 {
		return "", identity.User{}, "", errSignIn
	}
	if identity.ValidateUsername(username) != nil {
		// No account has such a name, so nothing is looked up (PostgreSQL
		// refuses a NUL or bytes that are not UTF-8 in a query); the time
		// is spent as for an unknown name.
		identity.SpendPasswordTime(password)
		return "", identity.User{}, "", errSignIn
	}
	now := a.Store.Now()
	if until, err := a.Store.SignInLockedUntil(ctx, username); err != nil {
		return "", identity.User{}, "", err
	} else if now.Before(until) {
		return "", identity.User{}, "", locked(until, now)
	}
	u, hash, err := a.Store.UserForSignIn(ctx, username)
	if apperr.Is(err, apperr.NotFound) {
		identity.SpendPasswordTime(password)
		return "", identity.User{}, "", a.failSignIn(ctx, username, nil)
	} else if err != nil {
		return "", identity.User{}, "", err
	}
	if !identity.CheckPassword(password, hash) || u.Disabled {
		return "", identity.User{}, "", a.failSignIn(ctx, username, &u)
	}
	tf, err := a.Store.TOTP(ctx, u)
	if err != nil {
		return "", identity.User{}, "", err
	}
	stage := identity.StageFull
	switch {
	case tf.Enabled:
		stage = identity.StageTOTP
	case identity.NeedsTOTP(u.Roles):
		stage = identity.StageEnroll
	}
	// The count of failures is cleared only when the sign-in is whole:
	// a right password must not reset the count of wrong codes after it.
	if stage == identity.StageFull {
		if err := a.Store.ClearSignInFailures(ctx, username); err != nil {
			return "", identity.User{}, "", err
		}
	}
	secret, _, err := a.Store.CreateSession(ctx, u, a.SessionTTL, userAgent, stage)
	return secret, u, stage, err
}

// failSignIn counts a failure (locking the username after several) and
// audits it when the account exists.
func (a *App) failSignIn(ctx context.Context, username string, u *identity.User) error {
	until, err := a.Store.RecordSignInFailure(ctx, username)
	if err != nil {
		return err
	}
	if u != nil {
		if err := a.Store.AuditFailedSignIn(ctx, *u); err != nil {
			return err
		}
	}
	if now := a.Store.Now(); now.Before(until) {
		return locked(until, now)
	}
	return errSignIn
}

// SecondFactor completes a sign-in waiting for its code: a six-digit TOTP
// code or one of the recovery codes.
func (a *App) SecondFactor(ctx context.Context, u identity.User, se identity.Session, code string) error {
	if se.Stage != identity.StageTOTP {
		return apperr.New(apperr.Forbidden, "error.forbidden")
	}
	now := a.Store.Now()
	if until, err := a.Store.SignInLockedUntil(ctx, u.Username); err != nil {
		return err
	} else if now.Before(until) {
		return locked(until, now)
	}
	ok, err := a.checkCode(ctx, u, code, true)
	if err != nil {
		return err
	}
	if !ok {
		if err := a.failSignIn(ctx, u.Username, &u); apperr.Is(err, apperr.TooMany) {
			return err
		}
		return apperr.InvalidField("code", "signin.code_wrong", nil)
	}
	if err := a.Store.ClearSignInFailures(ctx, u.Username); err != nil {
		return err
	}
	return a.Store.CompleteSession(ctx, u, se.ID)
}

// verifyCode is checkCode for an account already signed in: a locked
// username is refused, and a wrong code counts towards the lock, so a
// stolen session cannot guess codes without limit.
func (a *App) verifyCode(ctx context.Context, u identity.User, code string) error {
	now := a.Store.Now()
	if until, err := a.Store.SignInLockedUntil(ctx, u.Username); err != nil {
		return err
	} else if now.Before(until) {
		return locked(until, now)
	}
	ok, err := a.checkCode(ctx, u, code, false)
	if err != nil {
		return err
	}
	if !ok {
		if err := a.failSignIn(ctx, u.Username, &u); apperr.Is(err, apperr.TooMany) {
			return err
		}
		return apperr.InvalidField("code", "signin.code_wrong", nil)
	}
	return nil
}

// checkCode accepts a TOTP code of a step not used before, or (when
// allowRecovery) an unused recovery code.
func (a *App) checkCode(ctx context.Context, u identity.User, code string, allowRecovery bool) (bool, error) {
	tf, err := a.Store.TOTP(ctx, u)
	if err != nil || !tf.Enabled {
		return false, err
	}
	code = strings.TrimSpace(code)
	if allowRecovery && len(code) >= 10 {
		return a.Store.UseRecoveryCode(ctx, u, identity.HashRecoveryCode(code))
	}
	step, ok := identity.CheckTOTP(tf.Secret.Reveal(), code, a.Store.Now(), tf.LastStep)
	if !ok {
		return false, nil
	}
	return a.Store.UseTOTPStep(ctx, u.ID, step)
}

// touchEvery bounds how often a session's last activity is written: often
// enough for the idle timeout, rarely enough that reads stay reads.
const touchEvery = time.Minute

// Authenticate returns the live session and user of a cookie secret. The
// session may still be waiting for its second factor: see Session.Stage.
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
	idle := a.SessionIdle
	if se.Stage != identity.StageFull {
		// Half a sign-in does not wait long for its second step.
		idle = min(idle, 15*time.Minute)
	}
	if !se.Active(now, idle) {
		return identity.Session{}, identity.User{}, apperr.New(apperr.Unauthorized, "session.expired")
	}
	if now.Sub(se.LastSeenAt) >= touchEvery {
		if err := a.Store.TouchSession(ctx, se.ID); err != nil {
			return se, u, err
		}
	}
	return se, u, nil
}

// AuthenticateToken returns the user of an API bearer token and the
// token's scope. Accounts that must use a second factor can use tokens
// only once they have set one up.
func (a *App) AuthenticateToken(ctx context.Context, token string) (identity.User, string, error) {
	if !identity.ParseToken(token) {
		return identity.User{}, "", apperr.New(apperr.Unauthorized, "token.invalid")
	}
	t, u, err := a.Store.TokenBySecret(ctx, token)
	if apperr.Is(err, apperr.NotFound) {
		return u, "", apperr.New(apperr.Unauthorized, "token.invalid")
	} else if err != nil {
		return u, "", err
	}
	if identity.NeedsTOTP(u.Roles) {
		tf, err := a.Store.TOTP(ctx, u)
		if err != nil {
			return u, "", err
		}
		if !tf.Enabled {
			return identity.User{}, "", apperr.New(apperr.Unauthorized, "token.needs_2fa")
		}
	}
	return u, t.Scope, a.Store.TouchToken(ctx, t)
}

// SignOut ends the given session of u.
func (a *App) SignOut(ctx context.Context, u identity.User, sessionID string) error {
	return a.Store.EndSession(ctx, u, sessionID)
}
