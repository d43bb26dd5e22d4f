package store

import (
	"context"
	"database/sql"
	"time"

	"sigap/internal/apperr"
	"sigap/internal/guidance"
)

// GuidanceMaterial is a file kept with a session (slides, a handout): the
// content is in the encrypted file store under FileID.
type GuidanceMaterial struct {
	ID          int64
	SessionID   int64
	FileID      string
	Name        string
	ContentType string
	Size        int64
	Flagged     bool // kept as sent (PDF, office document): opened with care
	Scanned     bool
	AddedBy     string
	AddedAt     time.Time
}

// AddGuidanceMaterials links files already in the file store to a session
// that is not cancelled, with one audit event per file; a session may keep
// guidance.MaxMaterials.
func (s *Store) AddGuidanceMaterials(ctx context.Context, a Actor, tenantID, sessionID int64, ms []GuidanceMaterial) error {
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		var cancelled bool
		err := tx.QueryRowContext(ctx, `SELECT cancelled FROM guidance_sessions WHERE id = $1 AND tenant_id = $2`, sessionID, tenantID).Scan(&cancelled)
		if err != nil {
			return notFound(err, "guidance.error.session_not_found", "guidance session")
		}
		if cancelled {
			return apperr.New(apperr.Conflict, "guidance.error.cancelled")
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM guidance_materials WHERE session_id = $1 AND removed_at IS NULL`, sessionID).Scan(&n); err != nil {
			return apperr.Wrap(err, "count materials")
		}
		if n+len(ms) > guidance.MaxMaterials {
			return apperr.InvalidField("files", "guidance.material.too_many", map[string]any{"Max": guidance.MaxMaterials})
		}
		for _, m := range ms {
			var id int64
			if err := tx.QueryRowContext(ctx, `INSERT INTO guidance_materials (tenant_id, session_id, file_id, name, content_type, size, flagged, scanned, added_by, added_at)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`, tenantID, sessionID, m.FileID, m.Name, m.ContentType, m.Size,
				m.Flagged, m.Scanned, nullID(a.UserID), s.Now()).Scan(&id); err != nil {
				return apperr.Wrap(err, "add material")
			}
			if err := s.audit(ctx, tx, tenantID, a, "guidance.material.add", "guidance_session", itoa(sessionID)+"/"+itoa(id)); err != nil {
				return err
			}
		}
		return nil
	})
}

const guidanceMaterialCols = `m.id, m.session_id, m.file_id, m.name, m.content_type, m.size, m.flagged, m.scanned, COALESCE(u.username, ''), m.added_at`

func scanGuidanceMaterial(row interface{ Scan(...any) error }) (GuidanceMaterial, error) {
	var m GuidanceMaterial
	err := row.Scan(&m.ID, &m.SessionID, &m.FileID, &m.Name, &m.ContentType, &m.Size, &m.Flagged, &m.Scanned, &m.AddedBy, &m.AddedAt)
	return m, err
}

// GuidanceMaterials lists a session's materials not removed, oldest first.
func (s *Store) GuidanceMaterials(ctx context.Context, tenantID, sessionID int64) ([]GuidanceMaterial, error) {
	rows, err := s.db.R.QueryContext(ctx, `SELECT `+guidanceMaterialCols+` FROM guidance_materials m LEFT JOIN users u ON u.id = m.added_by
		WHERE m.tenant_id = $1 AND m.session_id = $2 AND m.removed_at IS NULL ORDER BY m.id`, tenantID, sessionID)
	if err != nil {
		return nil, apperr.Wrap(err, "materials")
	}
	defer rows.Close()
	var out []GuidanceMaterial
	for rows.Next() {
		m, err := scanGuidanceMaterial(rows)
		if err != nil {
			return nil, apperr.Wrap(err, "scan material")
		}
		out = append(out, m)
	}
	return out, apperr.Wrap(rows.Err(), "materials")
}

// GuidanceMaterial returns one material of a session, not removed.
func (s *Store) GuidanceMaterial(ctx context.Context, tenantID, sessionID, id int64) (GuidanceMaterial, error) {
	m, err := scanGuidanceMaterial(s.db.R.QueryRowContext(ctx, `SELECT `+guidanceMaterialCols+` FROM guidance_materials m LEFT JOIN users u ON u.id = m.added_by
		WHERE m.tenant_id = $1 AND m.session_id = $2 AND m.id = $3 AND m.removed_at IS NULL`, tenantID, sessionID, id))
	return m, notFound(err, "guidance.material.not_found", "material")
}

// liveMaterial reads a material of the session not removed, in tx.
func liveMaterial(ctx context.Context, tx *sql.Tx, tenantID, sessionID, id int64) (GuidanceMaterial, error) {
	m, err := scanGuidanceMaterial(tx.QueryRowContext(ctx, `SELECT `+guidanceMaterialCols+` FROM guidance_materials m LEFT JOIN users u ON u.id = m.added_by
		WHERE m.tenant_id = $1 AND m.session_id = $2 AND m.id = $3 AND m.removed_at IS NULL`, tenantID, sessionID, id))
	return m, notFound(err, "guidance.material.not_found", "material")
}

// AttendedGuidance reports whether the employee attended the session
// (present or late).
func (s *Store) AttendedGuidance(ctx context.Context, tenantID, sessionID, employeeID int64) (bool, error) {
	var n int
	err := s.db.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM guidance_attendance a JOIN guidance_sessions g ON g.id = a.session_id
		WHERE g.tenant_id = $1 AND a.session_id = $2 AND a.employee_id = $3 AND a.status IN ('present','late')`, tenantID, sessionID, employeeID).Scan(&n)
	return n > 0, apperr.Wrap(err, "attended guidance")
}

// OpenGuidanceMaterial returns a material for download and writes the read
// into the audit trail first.
func (s *Store) OpenGuidanceMaterial(ctx context.Context, a Actor, tenantID, sessionID, id int64) (GuidanceMaterial, error) {
	var m GuidanceMaterial
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		var err error
		if m, err = liveMaterial(ctx, tx, tenantID, sessionID, id); err != nil {
			return err
		}
		return s.audit(ctx, tx, tenantID, a, "guidance.material.read", "guidance_session", itoa(sessionID)+"/"+itoa(id))
	})
	return m, err
}

// RemoveGuidanceMaterial marks a material removed, with an audit event,
// and returns it; the caller deletes its file once this has committed.
func (s *Store) RemoveGuidanceMaterial(ctx context.Context, a Actor, tenantID, sessionID, id int64) (GuidanceMaterial, error) {
	var m GuidanceMaterial
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		var err error
		if m, err = liveMaterial(ctx, tx, tenantID, sessionID, id); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE guidance_materials SET removed_by = $2, removed_at = $3 WHERE id = $1`, id, nullID(a.UserID), s.Now()); err != nil {
			return apperr.Wrap(err, "remove material")
		}
		return s.audit(ctx, tx, tenantID, a, "guidance.material.remove", "guidance_session", itoa(sessionID)+"/"+itoa(id))
	})
	return m, err
}

// GuidanceInAudience reports whether the employee is of the session's
// audience or has attendance recorded at it.
func (s *Store) GuidanceInAudience(ctx context.Context, tenantID int64, g GuidanceSession, employeeID int64) (bool, error) {
	members, err := s.GuidanceAudience(ctx, tenantID, g)
	if err != nil {
		return false, err
	}
	for _, m := range members {
		if m.EmployeeID == employeeID {
			return true, nil
		}
	}
	return false, nil
}
