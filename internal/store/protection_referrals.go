package store

import (
	"context"
	"database/sql"
	"time"
	"unicode/utf8"

	"sigap/internal/apperr"
	"sigap/internal/protection"
	"sigap/internal/vault"
)

// Referral is a case referred to a partner outside the office. It went
// ahead under a consent in force for its recipient, or under the lead's
// override with a reason.
type Referral struct {
	ID              int64
	PublicID        string
	Recipient       protection.Recipient
	Organisation    string // the partner's public name, e.g. "Polres Serang"
	ReferredAt      time.Time
	HasNote         bool
	Note            vault.Secret // what was sent along; opened only for the case's workers
	ConsentID       int64
	ConsentPublicID string
	HasReason       bool
	OverrideReason  vault.Secret // the lead's reason, when no consent held; opened only for the case's workers
	OverriddenBy    int64
	OverriddenName  string
	Status          protection.ReferralStatus
	RespondedAt     time.Time
	CreatedBy       int64
	CreatedByName   string
	CreatedAt       time.Time
}

// Overridden reports whether the referral went ahead without consent.
func (r Referral) Overridden() bool { return r.ConsentID == 0 }

// ReferralInput is a referral to record. Override asks to go ahead without
// consent (the caller has checked that the actor may), with Reason.
type ReferralInput struct {
	Recipient    protection.Recipient
	Organisation string
	ReferredAt   time.Time
	Note         vault.Secret
	Override     bool
	Reason       vault.Secret
}

// Refer records a referral of a case. It is refused, writing nothing,
// unless a consent in force names the recipient, read under the case's
// lock (a withdrawal waits for it or comes before it); without one, an
// override with a reason of at least protection.MinOverrideReason
// characters lets it go ahead, and the override is its own audit event in
// the same transaction.
func (s *Store) Refer(ctx context.Context, a Actor, tenantID int64, publicID string, in ReferralInput) (Referral, error) {
	r := Referral{PublicID: newPublicID(), Recipient: in.Recipient, Organisation: in.Organisation, ReferredAt: in.ReferredAt,
		Status: protection.ReferralSent, CreatedBy: a.UserID, CreatedAt: s.Now()}
	if s.keys == nil {
		return r, apperr.Wrap(errNoVault, "refer")
	}
	if !in.Recipient.Valid() {
		return r, apperr.InvalidField("recipient", "protection.consent.recipient", nil)
	}
	rec, err := s.recordKeyByPublicID(ctx, "protection_cases", tenantID, publicID)
	if err != nil {
		return r, err
	}
	note, err := s.sealOptional(ctx, s.recordPlace(tenantID, "protection_referrals", "note_enc", r.PublicID, rec), in.Note)
	if err != nil {
		return r, apperr.Wrap(err, "seal referral note")
	}
	var reason vault.Ciphertext
	if in.Override {
		if utf8.RuneCountInString(in.Reason.Reveal()) < protection.MinOverrideReason {
			return r, apperr.InvalidField("override_reason", "protection.referral.reason.short", map[string]any{"Min": protection.MinOverrideReason})
		}
		if reason, err = s.keys.Seal(ctx, s.recordPlace(tenantID, "protection_referrals", "override_reason_enc", r.PublicID, rec), in.Reason); err != nil {
			return r, apperr.Wrap(err, "seal override reason")
		}
	}
	err = s.changeProtectionCase(ctx, a, tenantID, publicID, "protection.referral.add", func(tx *sql.Tx, id int64) error {
		// Nothing is referred before the victim reported to the office.
		var reported sql.NullTime
		if err := tx.QueryRowContext(ctx, `SELECT reported_at FROM protection_cases WHERE id = $1`, id).Scan(&reported); err != nil {
			return apperr.Wrap(err, "case reported")
		}
		if reported.Valid && r.ReferredAt.Before(reported.Time) {
			return apperr.InvalidField("referred_on", "protection.referral.before_report", nil)
		}
		consents, err := consentsOf(ctx, tx, id)
		if err != nil {
			return err
		}
		c, ok := protection.ConsentFor(consents, in.Recipient)
		switch {
		case ok:
			r.ConsentID, r.ConsentPublicID = c.ID, c.PublicID
			reason = nil // a consent holds: nothing is overridden
		case !in.Override:
			return apperr.New(apperr.Conflict, "protection.referral.no_consent."+string(in.Recipient))
		default:
			r.OverriddenBy, r.OverrideReason = a.UserID, in.Reason
		}
		var overriddenBy any
		if !ok {
			overriddenBy = nullID(a.UserID)
		}
		if err := tx.QueryRowContext(ctx, `INSERT INTO protection_referrals (tenant_id, case_id, public_id, recipient, organisation, referred_at, note_enc,
			consent_id, override_reason_enc, overridden_by, status, created_by, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'sent', $11, $12) RETURNING id`, tenantID, id, r.PublicID, string(r.Recipient), r.Organisation,
			r.ReferredAt, note, nullID(r.ConsentID), reason, overriddenBy, nullID(a.UserID), r.CreatedAt).Scan(&r.ID); err != nil {
			return apperr.Wrap(err, "insert referral")
		}
		// A referral to the police is the office's report to them
		// (UU 12/2022 Ps 41(2)): it meets the 3×24-hour clock.
		if r.Recipient == protection.Police {
			if err := s.markPoliceReported(ctx, tx, id, r.ReferredAt); err != nil {
				return err
			}
		}
		if ok {
			return nil
		}
		return s.audit(ctx, tx, tenantID, a, "protection.referral.override", "protection_case", publicID)
	})
	if err != nil {
		return Referral{}, err
	}
	r.Note = in.Note
	return r, nil
}

// consentsOf reads a case's consents in tx.
func consentsOf(ctx context.Context, tx *sql.Tx, caseID int64) ([]protection.Consent, error) {
	rows, err := tx.QueryContext(ctx, `SELECT id, public_id, recipient, scopes, withdrawn_at FROM protection_consents WHERE case_id = $1 ORDER BY id`, caseID)
	if err != nil {
		return nil, apperr.Wrap(err, "consents")
	}
	defer rows.Close()
	var out []protection.Consent
	for rows.Next() {
		var c protection.Consent
		var rec, scopes string
		var withdrawn sql.NullTime
		if err := rows.Scan(&c.ID, &c.PublicID, &rec, &scopes, &withdrawn); err != nil {
			return nil, apperr.Wrap(err, "scan consent")
		}
		c.Recipient, c.WithdrawnAt, c.Scopes = protection.Recipient(rec), withdrawn.Time, splitScopes(scopes)
		out = append(out, c)
	}
	return out, apperr.Wrap(rows.Err(), "consents")
}

func splitScopes(list string) []protection.Scope {
	var out []protection.Scope
	start := 0
	for i := 0; i <= len(list); i++ {
		if i == len(list) || list[i] == ',' {
			if i > start {
				out = append(out, protection.Scope(list[start:i]))
			}
			start = i + 1
		}
	}
	return out
}

// SetReferralStatus records the partner's answer to a referral; only the
// moves of protection.ReferralStatus.Answers are allowed.
func (s *Store) SetReferralStatus(ctx context.Context, a Actor, tenantID int64, publicID, referralID string, to protection.ReferralStatus) error {
	// A partner's answer is recorded also after the case was closed.
	return s.changeAnyProtectionCase(ctx, a, tenantID, publicID, "protection.referral.status", true, func(tx *sql.Tx, id int64) error {
		var from string
		if err := tx.QueryRowContext(ctx, `SELECT status FROM protection_referrals WHERE case_id = $1 AND tenant_id = $2 AND public_id = $3`,
			id, tenantID, referralID).Scan(&from); err != nil {
			return notFound(err, "protection.referral.not_found", "referral")
		}
		if !protection.ReferralStatus(from).CanBecome(to) {
			return apperr.InvalidField("status", "protection.referral.status.invalid", nil)
		}
		_, err := tx.ExecContext(ctx, `UPDATE protection_referrals SET status = $3, responded_at = $4 WHERE case_id = $1 AND public_id = $2`,
			id, referralID, string(to), s.Now())
		return apperr.Wrap(err, "referral status")
	})
}

// Referrals returns a case's referrals, the latest first. Their notes and
// override reasons are opened only when the actor is one of the case's
// workers (anyone else, a lead who is not assigned among them, sees that
// there is a note, not what it says), and that opening is written into
// the audit trail (protection.referrals.read) in the transaction that
// reads them, as for the services' notes.
func (s *Store) Referrals(ctx context.Context, a Actor, tenantID int64, casePublicID string) ([]Referral, error) {
	type sealedRow struct{ note, reason vault.Ciphertext }
	var out []Referral
	var sealed []sealedRow
	worker := false
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		var caseID int64
		if err := tx.QueryRowContext(ctx, `SELECT id FROM protection_cases WHERE tenant_id = $1 AND public_id = $2`, tenantID, casePublicID).Scan(&caseID); err != nil {
			return notFound(err, "protection.not_found", "referrals case")
		}
		rows, err := tx.QueryContext(ctx, `SELECT r.id, r.public_id, r.recipient, r.organisation, r.referred_at, r.note_enc, COALESCE(r.consent_id, 0),
			COALESCE(c.public_id, ''), r.override_reason_enc, COALESCE(r.overridden_by, 0), COALESCE(o.display_name, ''), r.status, r.responded_at,
			COALESCE(r.created_by, 0), COALESCE(u.display_name, ''), r.created_at
			FROM protection_referrals r LEFT JOIN protection_consents c ON c.id = r.consent_id LEFT JOIN users o ON o.id = r.overridden_by
			LEFT JOIN users u ON u.id = r.created_by
			WHERE r.tenant_id = $1 AND r.case_id = $2 ORDER BY r.referred_at DESC, r.id DESC`, tenantID, caseID)
		if err != nil {
			return apperr.Wrap(err, "referrals")
		}
		for rows.Next() {
			var r Referral
			var sr sealedRow
			var rec, status string
			var responded sql.NullTime
			if err := rows.Scan(&r.ID, &r.PublicID, &rec, &r.Organisation, &r.ReferredAt, &sr.note, &r.ConsentID, &r.ConsentPublicID, &sr.reason,
				&r.OverriddenBy, &r.OverriddenName, &status, &responded, &r.CreatedBy, &r.CreatedByName, &r.CreatedAt); err != nil {
				rows.Close()
				return apperr.Wrap(err, "scan referral")
			}
			r.Recipient, r.Status, r.RespondedAt = protection.Recipient(rec), protection.ReferralStatus(status), responded.Time
			r.HasNote, r.HasReason = len(sr.note) > 0, len(sr.reason) > 0
			out, sealed = append(out, r), append(sealed, sr)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return apperr.Wrap(err, "referrals")
		}
		if a.UserID != 0 {
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM protection_workers WHERE case_id = $1 AND user_id = $2`, caseID, a.UserID).Scan(&n); err != nil {
				return apperr.Wrap(err, "is worker")
			}
			worker = n > 0
		}
		if !worker || !anySealedReferral(out) {
			return nil
		}
		return s.audit(ctx, tx, tenantID, a, "protection.referrals.read", "protection_case", casePublicID)
	})
	if err != nil || !worker {
		return out, err
	}
	for i := range out {
		if out[i].Note, err = s.openOptional(ctx, s.place(tenantID, "protection_referrals", "note_enc", out[i].PublicID), sealed[i].note); err != nil {
			return nil, apperr.Wrap(err, "open referral note")
		}
		if out[i].OverrideReason, err = s.openOptional(ctx, s.place(tenantID, "protection_referrals", "override_reason_enc", out[i].PublicID), sealed[i].reason); err != nil {
			return nil, apperr.Wrap(err, "open override reason")
		}
	}
	return out, nil
}

func anySealedReferral(rs []Referral) bool {
	for _, r := range rs {
		if r.HasNote || r.HasReason {
			return true
		}
	}
	return false
}

// PoliceReferredAt returns when a case was first referred to the police
// (protection.Police), whatever the police answered; the zero time when it
// never was. The TPKS clocks read it.
func (s *Store) PoliceReferredAt(ctx context.Context, caseID int64) (time.Time, error) {
	var at sql.NullTime
	err := s.db.R.QueryRowContext(ctx, `SELECT referred_at FROM protection_referrals WHERE case_id = $1 AND recipient = $2 ORDER BY referred_at, id LIMIT 1`,
		caseID, string(protection.Police)).Scan(&at)
	if err == sql.ErrNoRows {
		return time.Time{}, nil
	}
	return at.Time, apperr.Wrap(err, "police referred at")
}
