package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"sigap/internal/apperr"
	"sigap/internal/calendar"
	"sigap/internal/protection"
	"sigap/internal/vault"
)

// ProtectionService is a service given to a victim (UU 12/2022 Ps 66–70;
// Simfoni PPA's kinds). Its notes, counselling among them, are the most
// sensitive thing a case holds: sealed, opened only for the case's own
// workers, and never shared through a consent.
type ProtectionService struct {
	ID             int64
	PublicID       string
	VictimID       int64 // 0: for the case's victims together
	VictimPublicID string
	Kind           protection.Service
	GivenOn        calendar.Date
	Provider       string
	HasNotes       bool
	Notes          vault.Secret // opened only for the case's workers
	CreatedBy      int64
	CreatedByName  string
	CreatedAt      time.Time
}

// AddService records a service given to a victim of a case. victimID is
// a victim of the case, or 0.
func (s *Store) AddService(ctx context.Context, a Actor, tenantID int64, publicID string, sv ProtectionService) (ProtectionService, error) {
	if s.keys == nil {
		return sv, apperr.Wrap(errNoVault, "add service")
	}
	sv.PublicID, sv.CreatedBy, sv.CreatedAt = newPublicID(), a.UserID, s.Now()
	rec, err := s.recordKeyByPublicID(ctx, "protection_cases", tenantID, publicID)
	if err != nil {
		return sv, err
	}
	notes, err := s.sealOptional(ctx, s.recordPlace(tenantID, "protection_services", "notes_enc", sv.PublicID, rec), sv.Notes)
	if err != nil {
		return sv, apperr.Wrap(err, "seal service notes")
	}
	sv.HasNotes = len(notes) > 0
	err = s.changeProtectionCase(ctx, a, tenantID, publicID, "protection.service.add", func(tx *sql.Tx, id int64) error {
		if err := victimOfCase(ctx, tx, id, sv.VictimID); err != nil {
			return err
		}
		return apperr.Wrap(tx.QueryRowContext(ctx, `INSERT INTO protection_services (tenant_id, case_id, public_id, victim_id, kind, given_on, provider, notes_enc, created_by, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`, tenantID, id, sv.PublicID, nullID(sv.VictimID), string(sv.Kind), sv.GivenOn,
			sv.Provider, notes, nullID(a.UserID), sv.CreatedAt).Scan(&sv.ID), "insert service")
	})
	return sv, err
}

// victimOfCase refuses a victim who is not one of the case's (0 is the
// case's victims together).
func victimOfCase(ctx context.Context, tx *sql.Tx, caseID, victimID int64) error {
	if victimID == 0 {
		return nil
	}
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM protection_victims WHERE id = $1 AND case_id = $2`, victimID, caseID).Scan(&n); err != nil {
		return apperr.Wrap(err, "victim of case")
	}
	if n == 0 {
		return apperr.InvalidField("victim", "protection.victim.not_of_case", nil)
	}
	return nil
}

// RemoveService removes a service recorded by mistake; the audit trail
// keeps that it was there.
func (s *Store) RemoveService(ctx context.Context, a Actor, tenantID int64, publicID, serviceID string) error {
	return s.changeProtectionCase(ctx, a, tenantID, publicID, "protection.service.remove", func(tx *sql.Tx, id int64) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM protection_services WHERE case_id = $1 AND tenant_id = $2 AND public_id = $3`, id, tenantID, serviceID)
		if err != nil {
			return apperr.Wrap(err, "remove service")
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return apperr.New(apperr.NotFound, "protection.service.not_found")
		}
		return nil
	})
}

const serviceCols = `p.id, p.public_id, COALESCE(p.victim_id, 0), COALESCE(v.public_id, ''), p.kind, p.given_on, p.provider, p.notes_enc,
	COALESCE(p.created_by, 0), COALESCE(u.display_name, ''), p.created_at
	FROM protection_services p LEFT JOIN protection_victims v ON v.id = p.victim_id LEFT JOIN users u ON u.id = p.created_by`

func scanService(row interface{ Scan(...any) error }) (ProtectionService, vault.Ciphertext, error) {
	var sv ProtectionService
	var kind string
	var notes vault.Ciphertext
	err := row.Scan(&sv.ID, &sv.PublicID, &sv.VictimID, &sv.VictimPublicID, &kind, &sv.GivenOn, &sv.Provider, &notes, &sv.CreatedBy, &sv.CreatedByName, &sv.CreatedAt)
	sv.Kind, sv.HasNotes = protection.Service(kind), len(notes) > 0
	return sv, notes, err
}

// Service returns one service of a case without its notes (for the
// confirmation of its removal).
func (s *Store) Service(ctx context.Context, tenantID, caseID int64, serviceID string) (ProtectionService, error) {
	sv, _, err := scanService(s.db.R.QueryRowContext(ctx, `SELECT `+serviceCols+` WHERE p.tenant_id = $1 AND p.case_id = $2 AND p.public_id = $3`,
		tenantID, caseID, serviceID))
	return sv, notFound(err, "protection.service.not_found", "service")
}

// Services returns a case's services, the latest given first. The notes
// are opened only when the actor is one of the case's workers (a lead who
// is not assigned sees that there are notes, not what they say), and
// that opening is written into the audit trail (protection.services.read)
// before anything is opened.
func (s *Store) Services(ctx context.Context, a Actor, tenantID int64, casePublicID string) ([]ProtectionService, error) {
	var out []ProtectionService
	var sealed []vault.Ciphertext
	worker := false
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		var caseID int64
		if err := tx.QueryRowContext(ctx, `SELECT id FROM protection_cases WHERE tenant_id = $1 AND public_id = $2`, tenantID, casePublicID).Scan(&caseID); err != nil {
			return notFound(err, "protection.not_found", "services case")
		}
		rows, err := tx.QueryContext(ctx, `SELECT `+serviceCols+` WHERE p.tenant_id = $1 AND p.case_id = $2 ORDER BY p.given_on DESC, p.id DESC`, tenantID, caseID)
		if err != nil {
			return apperr.Wrap(err, "services")
		}
		for rows.Next() {
			sv, notes, err := scanService(rows)
			if err != nil {
				rows.Close()
				return apperr.Wrap(err, "scan service")
			}
			out, sealed = append(out, sv), append(sealed, notes)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return apperr.Wrap(err, "services")
		}
		if a.UserID != 0 {
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM protection_workers WHERE case_id = $1 AND user_id = $2`, caseID, a.UserID).Scan(&n); err != nil {
				return apperr.Wrap(err, "is worker")
			}
			worker = n > 0
		}
		if !worker || !anyNotes(out) {
			return nil
		}
		return s.audit(ctx, tx, tenantID, a, "protection.services.read", "protection_case", casePublicID)
	})
	if err != nil || !worker {
		return out, err
	}
	for i := range out {
		if out[i].Notes, err = s.openOptional(ctx, s.place(tenantID, "protection_services", "notes_enc", out[i].PublicID), sealed[i]); err != nil {
			return nil, apperr.Wrap(err, "open service notes")
		}
	}
	return out, nil
}

func anyNotes(svs []ProtectionService) bool {
	for _, sv := range svs {
		if sv.HasNotes {
			return true
		}
	}
	return false
}

// UserNames returns the display names of a tenant's accounts by ID, for
// showing who recorded what.
func (s *Store) UserNames(ctx context.Context, tenantID int64, ids []int64) (map[int64]string, error) {
	out := map[int64]string{}
	var want []string
	for _, id := range ids {
		if id != 0 {
			want = append(want, fmt.Sprint(id))
		}
	}
	if len(want) == 0 {
		return out, nil
	}
	rows, err := s.db.R.QueryContext(ctx, `SELECT id, display_name FROM users WHERE tenant_id = $1 AND id IN (`+strings.Join(want, ",")+`)`, tenantID)
	if err != nil {
		return nil, apperr.Wrap(err, "user names")
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var name string
		if err := rows.Scan(&id, &name); err != nil {
			return nil, apperr.Wrap(err, "scan user name")
		}
		out[id] = name
	}
	return out, apperr.Wrap(rows.Err(), "user names")
}
