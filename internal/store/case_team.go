package store

import (
	"context"
	"database/sql"
	"time"

	"sigap/internal/apperr"
	"sigap/internal/discipline"
)

// teamSettled refuses a change of the team of a case already examined or
// decided: the team examines, and what it did stays as it was.
func teamSettled(ctx context.Context, tx *sql.Tx, caseID int64) error {
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM discipline_steps WHERE case_id = $1 AND kind NOT IN ('summon', 'missed')`, caseID).Scan(&n); err != nil {
		return apperr.Wrap(err, "team settled")
	}
	if n > 0 {
		return apperr.New(apperr.Conflict, "case.team.settled")
	}
	return nil
}

// TeamMember is one roster employee on a case's Tim Pemeriksa.
type TeamMember struct {
	ID         int64
	EmployeeID int64
	Seat       discipline.Seat
	Name       string
	NIP        string
	Position   string
	UnitName   string
	AddedAt    time.Time
}

func (s *Store) teamOf(ctx context.Context, q interface {
	QueryContext(context.Context, string, ...any) (*sql.Rows, error)
}, tenantID, caseID int64) ([]TeamMember, error) {
	rows, err := q.QueryContext(ctx, `SELECT m.id, m.employee_id, m.seat, e.name, e.nip, e.position, u.name, m.added_at
		FROM case_team_members m JOIN employees e ON e.id = m.employee_id JOIN units u ON u.id = e.unit_id
		WHERE m.tenant_id = $1 AND m.case_id = $2 ORDER BY m.id`, tenantID, caseID)
	if err != nil {
		return nil, apperr.Wrap(err, "team")
	}
	defer rows.Close()
	var out []TeamMember
	for rows.Next() {
		var m TeamMember
		var seat string
		if err := rows.Scan(&m.ID, &m.EmployeeID, &seat, &m.Name, &m.NIP, &m.Position, &m.UnitName, &m.AddedAt); err != nil {
			return nil, apperr.Wrap(err, "scan team")
		}
		m.Seat = discipline.Seat(seat)
		out = append(out, m)
	}
	return out, apperr.Wrap(rows.Err(), "team")
}

// CaseTeam returns the members of a case's team, in the order appointed.
func (s *Store) CaseTeam(ctx context.Context, tenantID, caseID int64) ([]TeamMember, error) {
	return s.teamOf(ctx, s.db.R, tenantID, caseID)
}

// Members returns a team as the rules read it.
func Members(team []TeamMember) []discipline.Member {
	out := make([]discipline.Member, len(team))
	for i, m := range team {
		out[i] = discipline.Member{EmployeeID: m.EmployeeID, Seat: m.Seat}
	}
	return out
}

// AddTeamMember appoints a roster employee of the tenant to an open case's
// team. check runs under the case's row lock on the team as it stands
// (the rules of Ps 29 refuse what they do not allow); the appointment is
// written with its audit event.
func (s *Store) AddTeamMember(ctx context.Context, a Actor, tenantID int64, casePublicID string, m discipline.Member,
	check func(team []discipline.Member) error) error {
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		caseID, _, err := s.lockOpenCase(ctx, tx, tenantID, casePublicID)
		if err != nil {
			return err
		}
		if err := teamSettled(ctx, tx, caseID); err != nil {
			return err
		}
		if err := tenantEmployee(ctx, tx, tenantID, m.EmployeeID); err != nil {
			return err
		}
		team, err := s.teamOf(ctx, tx, tenantID, caseID)
		if err != nil {
			return err
		}
		if err := check(Members(team)); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO case_team_members (tenant_id, case_id, employee_id, seat, added_by, added_at)
			VALUES ($1, $2, $3, $4, $5, $6)`, tenantID, caseID, m.EmployeeID, string(m.Seat), nullID(a.UserID), s.Now()); err != nil {
			return apperr.Wrap(err, "add team member")
		}
		return s.audit(ctx, tx, tenantID, a, "case.team.add", "discipline_case", casePublicID)
	})
}

// RemoveTeamMember takes a member off an open case's team.
func (s *Store) RemoveTeamMember(ctx context.Context, a Actor, tenantID int64, casePublicID string, memberID int64) error {
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		caseID, _, err := s.lockOpenCase(ctx, tx, tenantID, casePublicID)
		if err != nil {
			return err
		}
		if err := teamSettled(ctx, tx, caseID); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `DELETE FROM case_team_members WHERE case_id = $1 AND id = $2`, caseID, memberID)
		if err != nil {
			return apperr.Wrap(err, "remove team member")
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return apperr.New(apperr.NotFound, "case.team.not_found")
		}
		return s.audit(ctx, tx, tenantID, a, "case.team.remove", "discipline_case", casePublicID)
	})
}
