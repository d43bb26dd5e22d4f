package store

import (
	"context"
	"database/sql"
	"time"

	"sigap/internal/apperr"
	"sigap/internal/vault"
)

// UnsealStatus is where a request to see a sealed identity stands.
type UnsealStatus string

// The request states.
const (
	UnsealPending  UnsealStatus = "pending"
	UnsealApproved UnsealStatus = "approved"
	UnsealRefused  UnsealStatus = "refused"
)

// UnsealRequest is a request to see a sealed identity. Reason and note are
// sealed like the identity itself: they often say why a person matters.
type UnsealRequest struct {
	ID          int64
	PublicID    string
	TenantID    int64
	IdentityID  int64
	Identity    string // the identity's public ID
	RequesterID int64
	Status      UnsealStatus
	DecidedBy   int64
	DecidedAt   time.Time
	ExpiresAt   time.Time // approved access ends here
	CreatedAt   time.Time
}

// Active reports whether approved access is still running at now.
func (r UnsealRequest) Active(now time.Time) bool {
	return r.Status == UnsealApproved && now.Before(r.ExpiresAt)
}

// RequestUnseal records a request by the actor to see an identity.
func (s *Store) RequestUnseal(ctx context.Context, a Actor, tenantID int64, identityPublicID string, reason vault.Secret) (UnsealRequest, error) {
	if s.keys == nil {
		return UnsealRequest{}, apperr.Wrap(errNoVault, "request unseal")
	}
	ident, err := s.SealedIdentity(ctx, tenantID, identityPublicID)
	if err != nil {
		return UnsealRequest{}, err
	}
	r := UnsealRequest{PublicID: newPublicID(), TenantID: tenantID, IdentityID: ident.ID, Identity: ident.PublicID, RequesterID: a.UserID, Status: UnsealPending, CreatedAt: s.Now()}
	sealed, err := s.keys.Seal(ctx, s.place(tenantID, "unseal_requests", "reason_enc", r.PublicID), reason)
	if err != nil {
		return r, apperr.Wrap(err, "seal reason")
	}
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, `INSERT INTO unseal_requests (tenant_id, public_id, identity_id, requester_id, reason_enc, status, created_at)
			VALUES ($1, $2, $3, $4, $5, 'pending', $6) RETURNING id`, tenantID, r.PublicID, ident.ID, a.UserID, sealed, r.CreatedAt).Scan(&r.ID); err != nil {
			return err
		}
		return s.audit(ctx, tx, tenantID, a, "unseal.request", "unseal_request", r.PublicID)
	})
	return r, apperr.Wrap(err, "request unseal")
}

// DecideUnseal approves (for ttl) or refuses a pending request.
func (s *Store) DecideUnseal(ctx context.Context, a Actor, tenantID int64, requestPublicID string, approve bool, note vault.Secret, ttl time.Duration) error {
	if s.keys == nil {
		return apperr.Wrap(errNoVault, "decide unseal")
	}
	noteCT, err := s.sealOptional(ctx, s.place(tenantID, "unseal_requests", "note_enc", requestPublicID), note)
	if err != nil {
		return apperr.Wrap(err, "seal note")
	}
	now := s.Now()
	status, action := UnsealRefused, "unseal.refuse"
	var expires any
	if approve {
		status, action, expires = UnsealApproved, "unseal.approve", now.Add(ttl)
	}
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE unseal_requests SET status = $3, decided_by = $4, decided_at = $5, note_enc = $6, expires_at = $7
			WHERE tenant_id = $1 AND public_id = $2 AND status = 'pending'`, tenantID, requestPublicID, string(status), a.UserID, now, noteCT, expires)
		if err != nil {
			return apperr.Wrap(err, "decide unseal")
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return apperr.New(apperr.Conflict, "unseal.not_pending")
		}
		return s.audit(ctx, tx, tenantID, a, action, "unseal_request", requestPublicID)
	})
}

const unsealCols = `r.id, r.public_id, r.tenant_id, r.identity_id, i.public_id, r.requester_id, r.status, COALESCE(r.decided_by, 0), r.decided_at, r.expires_at, r.created_at`

func scanUnseal(row interface{ Scan(...any) error }) (UnsealRequest, error) {
	var r UnsealRequest
	var status string
	var decided, expires sql.NullTime
	err := row.Scan(&r.ID, &r.PublicID, &r.TenantID, &r.IdentityID, &r.Identity, &r.RequesterID, &status, &r.DecidedBy, &decided, &expires, &r.CreatedAt)
	r.Status, r.DecidedAt, r.ExpiresAt = UnsealStatus(status), decided.Time, expires.Time
	return r, err
}

// UnsealRequest returns one request of the tenant.
func (s *Store) UnsealRequest(ctx context.Context, tenantID int64, publicID string) (UnsealRequest, error) {
	r, err := scanUnseal(s.db.R.QueryRowContext(ctx, `SELECT `+unsealCols+` FROM unseal_requests r JOIN sealed_identities i ON i.id = r.identity_id
		WHERE r.tenant_id = $1 AND r.public_id = $2`, tenantID, publicID))
	return r, notFound(err, "unseal.not_found", "unseal request")
}

// UnsealRequests lists a tenant's requests, pending first, newest first.
func (s *Store) UnsealRequests(ctx context.Context, tenantID int64, limit int) ([]UnsealRequest, error) {
	return s.queryUnseal(ctx, `WHERE r.tenant_id = $1 ORDER BY CASE WHEN r.status = 'pending' THEN 0 ELSE 1 END, r.id DESC LIMIT $2`, tenantID, limit)
}

// UserUnsealRequests lists the requests one user made for one identity.
func (s *Store) UserUnsealRequests(ctx context.Context, tenantID, userID int64, identityPublicID string) ([]UnsealRequest, error) {
	return s.queryUnseal(ctx, `WHERE r.tenant_id = $1 AND r.requester_id = $2 AND i.public_id = $3 ORDER BY r.id DESC`, tenantID, userID, identityPublicID)
}

func (s *Store) queryUnseal(ctx context.Context, where string, args ...any) ([]UnsealRequest, error) {
	rows, err := s.db.R.QueryContext(ctx, `SELECT `+unsealCols+` FROM unseal_requests r JOIN sealed_identities i ON i.id = r.identity_id `+where, args...)
	if err != nil {
		return nil, apperr.Wrap(err, "unseal requests")
	}
	defer rows.Close()
	var out []UnsealRequest
	for rows.Next() {
		r, err := scanUnseal(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// UnsealReason opens the reason of a request, for the custodian deciding
// it; the read is audited.
func (s *Store) UnsealReason(ctx context.Context, a Actor, tenantID int64, publicID string) (vault.Secret, error) {
	if s.keys == nil {
		return vault.Secret{}, apperr.Wrap(errNoVault, "unseal reason")
	}
	var reason vault.Secret
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		var ct vault.Ciphertext
		if err := tx.QueryRowContext(ctx, `SELECT reason_enc FROM unseal_requests WHERE tenant_id = $1 AND public_id = $2`, tenantID, publicID).Scan(&ct); err != nil {
			return notFound(err, "unseal.not_found", "unseal reason")
		}
		var err error
		if reason, err = s.keys.Open(ctx, s.place(tenantID, "unseal_requests", "reason_enc", publicID), ct); err != nil {
			return err
		}
		return s.audit(ctx, tx, tenantID, a, "unseal.read_reason", "unseal_request", publicID)
	})
	return reason, apperr.Wrap(err, "unseal reason")
}
