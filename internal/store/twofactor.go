package store

import (
	"context"
	"database/sql"

	"sigap/internal/apperr"
	"sigap/internal/identity"
	"sigap/internal/vault"
)

// totpPlace binds a TOTP secret to its account.
func totpPlace(u identity.User) vault.Place {
	return vault.Place{TenantID: u.TenantID, Table: "users", Column: "totp_secret_enc", RowKey: "user-" + itoa(u.ID)}
}

// TOTPState is an account's second factor as stored.
type TOTPState struct {
	Secret   vault.Secret // zero when none is set up or being set up
	Enabled  bool
	LastStep int64
}

// TOTP returns the second-factor state of an account.
func (s *Store) TOTP(ctx context.Context, u identity.User) (TOTPState, error) {
	var st TOTPState
	var ct vault.Ciphertext
	var enabled sql.NullTime
	err := s.db.R.QueryRowContext(ctx, `SELECT totp_secret_enc, totp_enabled_at, totp_last_step FROM users WHERE id = $1`, u.ID).Scan(&ct, &enabled, &st.LastStep)
	if err != nil {
		return st, notFound(err, "user.not_found", "totp state")
	}
	st.Enabled = enabled.Valid
	if len(ct) > 0 {
		if s.keys == nil {
			return st, apperr.Wrap(errNoVault, "totp secret")
		}
		if st.Secret, err = s.keys.Open(ctx, totpPlace(u), ct); err != nil {
			return st, apperr.Wrap(err, "open totp secret")
		}
	}
	return st, nil
}

// StartTOTP stores a new secret for an account that is setting up its
// second factor; it is not in force until EnableTOTP.
func (s *Store) StartTOTP(ctx context.Context, u identity.User, secret vault.Secret) error {
	if s.keys == nil {
		return apperr.Wrap(errNoVault, "start totp")
	}
	ct, err := s.keys.Seal(ctx, totpPlace(u), secret)
	if err != nil {
		return apperr.Wrap(err, "seal totp secret")
	}
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE users SET totp_secret_enc = $2, totp_enabled_at = NULL, totp_last_step = 0 WHERE id = $1`, u.ID, ct); err != nil {
			return err
		}
		return s.audit(ctx, tx, u.TenantID, Actor{UserID: u.ID, TenantID: u.TenantID}, "user.2fa_start", "user", itoa(u.ID))
	})
	return apperr.Wrap(err, "start totp")
}

// EnableTOTP puts the second factor in force with the step of the code
// that confirmed it, and replaces the recovery codes.
func (s *Store) EnableTOTP(ctx context.Context, u identity.User, step int64, recoveryHashes []string) error {
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE users SET totp_enabled_at = $2, totp_last_step = $3 WHERE id = $1 AND totp_secret_enc IS NOT NULL`, u.ID, s.Now(), step); err != nil {
			return apperr.Wrap(err, "enable totp")
		}
		if err := replaceRecoveryCodes(ctx, tx, u.ID, recoveryHashes); err != nil {
			return err
		}
		return s.audit(ctx, tx, u.TenantID, Actor{UserID: u.ID, TenantID: u.TenantID}, "user.2fa_enable", "user", itoa(u.ID))
	})
}

func replaceRecoveryCodes(ctx context.Context, tx *sql.Tx, userID int64, hashes []string) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM recovery_codes WHERE user_id = $1`, userID); err != nil {
		return apperr.Wrap(err, "recovery codes")
	}
	for _, h := range hashes {
		if _, err := tx.ExecContext(ctx, `INSERT INTO recovery_codes (user_id, code_hash) VALUES ($1, $2)`, userID, h); err != nil {
			return apperr.Wrap(err, "recovery codes")
		}
	}
	return nil
}

// ReplaceRecoveryCodes gives an account new recovery codes.
func (s *Store) ReplaceRecoveryCodes(ctx context.Context, u identity.User, hashes []string) error {
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		if err := replaceRecoveryCodes(ctx, tx, u.ID, hashes); err != nil {
			return err
		}
		return s.audit(ctx, tx, u.TenantID, Actor{UserID: u.ID, TenantID: u.TenantID}, "user.2fa_recovery_codes", "user", itoa(u.ID))
	})
}

// UnusedRecoveryCodes counts an account's recovery codes still unused.
func (s *Store) UnusedRecoveryCodes(ctx context.Context, userID int64) (int, error) {
	var n int
	err := s.db.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM recovery_codes WHERE user_id = $1 AND used_at IS NULL`, userID).Scan(&n)
	return n, apperr.Wrap(err, "count recovery codes")
}

// UseTOTPStep records that a code of step was used. It succeeds only if no
// code of that step or a later one was used before, which makes replay
// impossible even with several instances answering.
func (s *Store) UseTOTPStep(ctx context.Context, userID, step int64) (bool, error) {
	res, err := s.db.W.ExecContext(ctx, `UPDATE users SET totp_last_step = $2 WHERE id = $1 AND totp_last_step < $2`, userID, step)
	if err != nil {
		return false, apperr.Wrap(err, "use totp step")
	}
	n, _ := res.RowsAffected()
	return n == 1, nil
}

// UseRecoveryCode spends a recovery code; it succeeds once per code.
func (s *Store) UseRecoveryCode(ctx context.Context, u identity.User, hash string) (bool, error) {
	used := false
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE recovery_codes SET used_at = $3 WHERE user_id = $1 AND code_hash = $2 AND used_at IS NULL`, u.ID, hash, s.Now())
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return nil
		}
		used = true
		return s.audit(ctx, tx, u.TenantID, Actor{UserID: u.ID, TenantID: u.TenantID}, "user.2fa_recovery_used", "user", itoa(u.ID))
	})
	return used, apperr.Wrap(err, "use recovery code")
}

// ResetTOTP removes an account's second factor (a lost phone); the account
// must set one up again at its next sign-in if its roles need it. Its
// sessions end.
func (s *Store) ResetTOTP(ctx context.Context, a Actor, userID int64) error {
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		var tenantID int64
		err := tx.QueryRowContext(ctx, `UPDATE users SET totp_secret_enc = NULL, totp_enabled_at = NULL, totp_last_step = 0 WHERE id = $1 RETURNING COALESCE(tenant_id, 0)`, userID).Scan(&tenantID)
		if err != nil {
			return notFound(err, "user.not_found", "reset totp")
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM recovery_codes WHERE user_id = $1`, userID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = $1`, userID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE api_tokens SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL`, userID, s.Now()); err != nil {
			return err
		}
		return s.audit(ctx, tx, tenantID, a, "user.2fa_reset", "user", itoa(userID))
	})
}
