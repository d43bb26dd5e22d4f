package app

import (
	"context"

	"sigap/internal/access"
	"sigap/internal/apperr"
	"sigap/internal/identity"
	"sigap/internal/vault"
)

// TOTPSetup is what the set-up page shows: the secret to type in by hand
// and the QR code of its otpauth URI.
type TOTPSetup struct {
	Secret string
	QRPNG  []byte
}

// BeginTOTP returns the secret an account is setting up, creating it on
// the first visit; reloading the page shows the same one.
func (a *App) BeginTOTP(ctx context.Context, u identity.User) (TOTPSetup, error) {
	tf, err := a.Store.TOTP(ctx, u)
	if err != nil {
		return TOTPSetup{}, err
	}
	if tf.Enabled {
		return TOTPSetup{}, apperr.New(apperr.Conflict, "totp.already")
	}
	secret := tf.Secret.Reveal()
	if secret == "" {
		if secret, _, err = identity.NewTOTP(u.Username); err != nil {
			return TOTPSetup{}, apperr.Wrap(err, "new totp")
		}
		if err := a.Store.StartTOTP(ctx, u, vault.NewSecret(secret)); err != nil {
			return TOTPSetup{}, err
		}
	}
	png, err := identity.QRCode(totpURI(secret, u.Username))
	return TOTPSetup{Secret: secret, QRPNG: png}, apperr.Wrap(err, "qr code")
}

// totpURI is the otpauth address of a secret, as authenticator apps read it.
func totpURI(secret, account string) string {
	return "otpauth://totp/sigap:" + account + "?algorithm=SHA1&digits=6&issuer=sigap&period=30&secret=" + secret
}

// ConfirmTOTP puts the second factor in force when the code from the app
// matches, and returns the recovery codes, shown this once. A session that
// was waiting for the set-up becomes full.
func (a *App) ConfirmTOTP(ctx context.Context, u identity.User, se identity.Session, code string) ([]string, error) {
	tf, err := a.Store.TOTP(ctx, u)
	if err != nil {
		return nil, err
	}
	if tf.Enabled || tf.Secret.IsZero() {
		return nil, apperr.New(apperr.Conflict, "totp.already")
	}
	step, ok := identity.CheckTOTP(tf.Secret.Reveal(), code, a.Store.Now(), 0)
	if !ok {
		return nil, apperr.InvalidField("code", "signin.code_wrong", nil)
	}
	codes := identity.NewRecoveryCodes()
	if err := a.Store.EnableTOTP(ctx, u, step, hashCodes(codes)); err != nil {
		return nil, err
	}
	if se.Stage == identity.StageEnroll {
		if err := a.Store.CompleteSession(ctx, u, se.ID); err != nil {
			return nil, err
		}
	}
	return codes, nil
}

func hashCodes(codes []string) []string {
	out := make([]string, len(codes))
	for i, c := range codes {
		out[i] = identity.HashRecoveryCode(c)
	}
	return out
}

// TOTPStatus says whether the caller's second factor is on and how many
// recovery codes remain.
func (a *App) TOTPStatus(ctx context.Context, u identity.User) (enabled bool, codesLeft int, err error) {
	tf, err := a.Store.TOTP(ctx, u)
	if err != nil || !tf.Enabled {
		return false, 0, err
	}
	n, err := a.Store.UnusedRecoveryCodes(ctx, u.ID)
	return true, n, err
}

// NewRecoveryCodes replaces the caller's recovery codes after a current
// code from the app proves the phone is at hand.
func (a *App) NewRecoveryCodes(ctx context.Context, u identity.User, code string) ([]string, error) {
	if err := a.verifyCode(ctx, u, code); err != nil {
		return nil, err
	}
	codes := identity.NewRecoveryCodes()
	return codes, a.Store.ReplaceRecoveryCodes(ctx, u, hashCodes(codes))
}

// DisableTOTP turns the caller's second factor off, which only accounts
// whose roles do not require one may do.
func (a *App) DisableTOTP(ctx context.Context, u identity.User, code string) error {
	if identity.NeedsTOTP(u.Roles) {
		return apperr.New(apperr.Forbidden, "totp.required_role")
	}
	if err := a.verifyCode(ctx, u, code); err != nil {
		return err
	}
	return a.Store.ResetTOTP(ctx, actor(u), u.ID)
}

// ResetUserTOTP removes the second factor of an account the caller manages
// (a lost phone); the account sets up a new one at its next sign-in.
func (a *App) ResetUserTOTP(ctx context.Context, u identity.User, id int64) error {
	if err := access.Check(u, access.ManageUsers); err != nil {
		return err
	}
	if _, err := a.User(ctx, u, id); err != nil {
		return err
	}
	return a.Store.ResetTOTP(ctx, actor(u), id)
}
