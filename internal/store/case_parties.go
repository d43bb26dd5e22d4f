package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"sigap/internal/apperr"
	"sigap/internal/discipline"
	"sigap/internal/vault"
)

// CaseParty is a person recorded in a case beside the accused: an
// employee of the roster, or someone named in free text (sealed at rest,
// opened here for those who see cases).
type CaseParty struct {
	ID           int64
	PublicID     string
	Role         discipline.Role
	EmployeeID   int64 // 0 for someone outside the roster
	EmployeeName string
	EmployeeNIP  string
	UnitName     string
	Name         vault.Secret // the free-text name, when not of the roster
	CreatedAt    time.Time
}

// CaseRelation is a declared relation between a roster employee and the
// accused (PartyID 0) or a party of the case.
type CaseRelation struct {
	ID            int64
	PublicID      string
	EmployeeID    int64
	EmployeeName  string
	Kind          string
	PartyID       int64
	PartyPublicID string
	Reason        vault.Secret // why, for a relation of kind other (sealed at rest)
	CreatedAt     time.Time
}

// lockOpenCase locks an open case of the tenant for a change of its people
// or team and returns its ID and its accused (0 when none).
func (s *Store) lockOpenCase(ctx context.Context, tx *sql.Tx, tenantID int64, casePublicID string) (id, accused int64, err error) {
	var status string
	var emp sql.NullInt64
	if err := tx.QueryRowContext(ctx, `SELECT id, status, employee_id FROM discipline_cases WHERE tenant_id = $1 AND public_id = $2`+s.db.ForUpdate(),
		tenantID, casePublicID).Scan(&id, &status, &emp); err != nil {
		return 0, 0, notFound(err, "case.not_found", "case")
	}
	if status != "open" {
		return 0, 0, apperr.New(apperr.Conflict, "case.closed")
	}
	return id, emp.Int64, nil
}

// tenantEmployee checks that an employee is the tenant's.
func tenantEmployee(ctx context.Context, tx *sql.Tx, tenantID, employeeID int64) error {
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM employees WHERE id = $1 AND tenant_id = $2`, employeeID, tenantID).Scan(&n); err != nil {
		return apperr.Wrap(err, "employee")
	}
	if n == 0 {
		return apperr.InvalidField("employee_id", "employee.not_found", nil)
	}
	return nil
}

// AddCaseParty records a party of an open case: an employee of the
// tenant's roster (employeeID), or someone named in free text (name,
// sealed). Checked input is the caller's; the store refuses the accused,
// the same employee twice in one role, another government's employee, and
// a member of the case's Tim Pemeriksa, whom being a party would bar from
// it (they are taken off the team first).
func (s *Store) AddCaseParty(ctx context.Context, a Actor, tenantID int64, casePublicID string, role discipline.Role, employeeID int64, name vault.Secret) (CaseParty, error) {
	p := CaseParty{PublicID: newPublicID(), Role: role, EmployeeID: employeeID, Name: name, CreatedAt: s.Now()}
	var sealed vault.Ciphertext
	if employeeID == 0 {
		if s.keys == nil {
			return p, apperr.Wrap(errNoVault, "add party")
		}
		rec, err := s.recordKeyByPublicID(ctx, "discipline_cases", tenantID, casePublicID)
		if err != nil {
			return p, err
		}
		if sealed, err = s.keys.Seal(ctx, s.recordPlace(tenantID, "case_parties", "name_enc", p.PublicID, rec), name); err != nil {
			return p, apperr.Wrap(err, "seal party")
		}
	}
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		caseID, accused, err := s.lockOpenCase(ctx, tx, tenantID, casePublicID)
		if err != nil {
			return err
		}
		if employeeID != 0 {
			if err := tenantEmployee(ctx, tx, tenantID, employeeID); err != nil {
				return err
			}
			if employeeID == accused {
				return apperr.InvalidField("employee_id", "case.party.accused", nil)
			}
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM case_parties WHERE case_id = $1 AND role = $2 AND employee_id = $3`,
				caseID, string(role), employeeID).Scan(&n); err != nil {
				return apperr.Wrap(err, "party twice")
			}
			if n > 0 {
				return apperr.InvalidField("employee_id", "case.party.twice", nil)
			}
		}
		if err := tx.QueryRowContext(ctx, `INSERT INTO case_parties (tenant_id, case_id, public_id, role, employee_id, name_enc, created_by, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`, tenantID, caseID, p.PublicID, string(role), nullID(employeeID), sealed,
			nullID(a.UserID), p.CreatedAt).Scan(&p.ID); err != nil {
			return apperr.Wrap(err, "add party")
		}
		if err := s.refuseBarredMember(ctx, tx, tenantID, caseID, employeeID, "case.party.on_team"); err != nil {
			return err
		}
		return s.audit(ctx, tx, tenantID, a, "case.party.add", "discipline_case", casePublicID)
	})
	return p, err
}

// RemoveCaseParty removes a party from an open case, with the relations
// declared to it.
func (s *Store) RemoveCaseParty(ctx context.Context, a Actor, tenantID int64, casePublicID, partyPublicID string) error {
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		caseID, _, err := s.lockOpenCase(ctx, tx, tenantID, casePublicID)
		if err != nil {
			return err
		}
		var id int64
		if err := tx.QueryRowContext(ctx, `SELECT id FROM case_parties WHERE case_id = $1 AND public_id = $2`, caseID, partyPublicID).Scan(&id); err != nil {
			return notFound(err, "case.party.not_found", "party")
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM case_relations WHERE case_id = $1 AND party_id = $2`, caseID, id); err != nil {
			return apperr.Wrap(err, "remove party relations")
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM case_parties WHERE id = $1`, id); err != nil {
			return apperr.Wrap(err, "remove party")
		}
		return s.audit(ctx, tx, tenantID, a, "case.party.remove", "discipline_case", casePublicID)
	})
}

// partyRows reads a case's parties in the order recorded, names still
// sealed.
func (s *Store) partyRows(ctx context.Context, q querier, tenantID, caseID int64) ([]CaseParty, []vault.Ciphertext, error) {
	rows, err := q.QueryContext(ctx, `SELECT p.id, p.public_id, p.role, COALESCE(p.employee_id, 0), COALESCE(e.name, ''), COALESCE(e.nip, ''),
		COALESCE(u.name, ''), p.name_enc, p.created_at
		FROM case_parties p LEFT JOIN employees e ON e.id = p.employee_id LEFT JOIN units u ON u.id = e.unit_id
		WHERE p.tenant_id = $1 AND p.case_id = $2 ORDER BY p.id`, tenantID, caseID)
	if err != nil {
		return nil, nil, apperr.Wrap(err, "parties")
	}
	defer rows.Close()
	var out []CaseParty
	var names []vault.Ciphertext
	for rows.Next() {
		var p CaseParty
		var role string
		var name vault.Ciphertext
		if err := rows.Scan(&p.ID, &p.PublicID, &role, &p.EmployeeID, &p.EmployeeName, &p.EmployeeNIP, &p.UnitName, &name, &p.CreatedAt); err != nil {
			return nil, nil, apperr.Wrap(err, "scan party")
		}
		p.Role = discipline.Role(role)
		out, names = append(out, p), append(names, name)
	}
	return out, names, apperr.Wrap(rows.Err(), "parties")
}

// AddCaseRelation declares a relation of a roster employee to the accused
// (partyPublicID "") or to a party of an open case; reason, when given, is
// sealed. The kind is the caller's to check. A relation that would bar a
// member of the case's Tim Pemeriksa from it is refused while they sit on
// it.
func (s *Store) AddCaseRelation(ctx context.Context, a Actor, tenantID int64, casePublicID string, employeeID int64, kind, partyPublicID string, reason vault.Secret) (CaseRelation, error) {
	r := CaseRelation{PublicID: newPublicID(), EmployeeID: employeeID, Kind: kind, PartyPublicID: partyPublicID, Reason: reason, CreatedAt: s.Now()}
	var sealed vault.Ciphertext
	if !reason.IsZero() {
		if s.keys == nil {
			return r, apperr.Wrap(errNoVault, "add relation")
		}
		rec, err := s.recordKeyByPublicID(ctx, "discipline_cases", tenantID, casePublicID)
		if err != nil {
			return r, err
		}
		if sealed, err = s.keys.Seal(ctx, s.recordPlace(tenantID, "case_relations", "reason_enc", r.PublicID, rec), reason); err != nil {
			return r, apperr.Wrap(err, "seal relation")
		}
	}
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		caseID, accused, err := s.lockOpenCase(ctx, tx, tenantID, casePublicID)
		if err != nil {
			return err
		}
		if err := tenantEmployee(ctx, tx, tenantID, employeeID); err != nil {
			return err
		}
		other := accused // the one the employee is related to
		if partyPublicID != "" {
			var emp sql.NullInt64
			if err := tx.QueryRowContext(ctx, `SELECT id, employee_id FROM case_parties WHERE case_id = $1 AND public_id = $2`,
				caseID, partyPublicID).Scan(&r.PartyID, &emp); err != nil {
				if errors.Is(err, sql.ErrNoRows) {
					return apperr.InvalidField("target", "case.relation.target", nil)
				}
				return apperr.Wrap(err, "relation party")
			}
			other = emp.Int64
		}
		if employeeID == other {
			return apperr.InvalidField("employee_id", "case.relation.self", nil)
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM case_relations WHERE case_id = $1 AND employee_id = $2 AND kind = $3
			AND COALESCE(party_id, 0) = $4`, caseID, employeeID, kind, r.PartyID).Scan(&n); err != nil {
			return apperr.Wrap(err, "relation twice")
		}
		if n > 0 {
			return apperr.InvalidField("employee_id", "case.relation.twice", nil)
		}
		if err := tx.QueryRowContext(ctx, `INSERT INTO case_relations (tenant_id, case_id, public_id, employee_id, kind, party_id, reason_enc, created_by, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`, tenantID, caseID, r.PublicID, employeeID, kind, nullID(r.PartyID), sealed,
			nullID(a.UserID), r.CreatedAt).Scan(&r.ID); err != nil {
			return apperr.Wrap(err, "add relation")
		}
		if err := s.refuseBarredMember(ctx, tx, tenantID, caseID, employeeID, "case.relation.on_team"); err != nil {
			return err
		}
		return s.audit(ctx, tx, tenantID, a, "case.relation.add", "discipline_case", casePublicID)
	})
	return r, err
}

// RemoveCaseRelation withdraws a declared relation from an open case.
func (s *Store) RemoveCaseRelation(ctx context.Context, a Actor, tenantID int64, casePublicID, relationPublicID string) error {
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		caseID, _, err := s.lockOpenCase(ctx, tx, tenantID, casePublicID)
		if err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `DELETE FROM case_relations WHERE case_id = $1 AND public_id = $2`, caseID, relationPublicID)
		if err != nil {
			return apperr.Wrap(err, "remove relation")
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return apperr.New(apperr.NotFound, "case.relation.not_found")
		}
		return s.audit(ctx, tx, tenantID, a, "case.relation.remove", "discipline_case", casePublicID)
	})
}

// relationRows reads the relations declared in a case, reasons still
// sealed.
func (s *Store) relationRows(ctx context.Context, q querier, tenantID, caseID int64) ([]CaseRelation, []vault.Ciphertext, error) {
	rows, err := q.QueryContext(ctx, `SELECT r.id, r.public_id, r.employee_id, e.name, r.kind, COALESCE(r.party_id, 0), COALESCE(p.public_id, ''),
		r.reason_enc, r.created_at
		FROM case_relations r JOIN employees e ON e.id = r.employee_id LEFT JOIN case_parties p ON p.id = r.party_id
		WHERE r.tenant_id = $1 AND r.case_id = $2 ORDER BY r.id`, tenantID, caseID)
	if err != nil {
		return nil, nil, apperr.Wrap(err, "relations")
	}
	defer rows.Close()
	var out []CaseRelation
	var reasons []vault.Ciphertext
	for rows.Next() {
		var r CaseRelation
		var reason vault.Ciphertext
		if err := rows.Scan(&r.ID, &r.PublicID, &r.EmployeeID, &r.EmployeeName, &r.Kind, &r.PartyID, &r.PartyPublicID, &reason, &r.CreatedAt); err != nil {
			return nil, nil, apperr.Wrap(err, "scan relation")
		}
		out, reasons = append(out, r), append(reasons, reason)
	}
	return out, reasons, apperr.Wrap(rows.Err(), "relations")
}

// OpenCaseParties reads a case's parties (in the order recorded) and the
// relations declared in it, and opens the sealed names and reasons. Who
// reported, who was harmed and who testified is sensitive whether the
// person is of the roster or named in free text, so when there is anyone
// to show the reading is written into the audit trail in the same
// transaction (case.parties.read), like the examination's record
// (OpenCaseExam): one event each time a page shows them.
func (s *Store) OpenCaseParties(ctx context.Context, a Actor, tenantID, caseID int64, casePublicID string) ([]CaseParty, []CaseRelation, error) {
	var parties []CaseParty
	var relations []CaseRelation
	var names, reasons []vault.Ciphertext
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		var err error
		if parties, names, err = s.partyRows(ctx, tx, tenantID, caseID); err != nil {
			return err
		}
		if relations, reasons, err = s.relationRows(ctx, tx, tenantID, caseID); err != nil {
			return err
		}
		if len(parties) == 0 && len(relations) == 0 {
			return nil
		}
		return s.audit(ctx, tx, tenantID, a, "case.parties.read", "discipline_case", casePublicID)
	})
	if err != nil {
		return nil, nil, err
	}
	for i := range parties {
		if len(names[i]) == 0 {
			continue
		}
		if s.keys == nil {
			return nil, nil, apperr.Wrap(errNoVault, "open party")
		}
		if parties[i].Name, err = s.keys.Open(ctx, s.place(tenantID, "case_parties", "name_enc", parties[i].PublicID), names[i]); err != nil {
			return nil, nil, apperr.Wrap(err, "open party")
		}
	}
	for i := range relations {
		if len(reasons[i]) == 0 {
			continue
		}
		if s.keys == nil {
			return nil, nil, apperr.Wrap(errNoVault, "open relation")
		}
		if relations[i].Reason, err = s.keys.Open(ctx, s.place(tenantID, "case_relations", "reason_enc", relations[i].PublicID), reasons[i]); err != nil {
			return nil, nil, apperr.Wrap(err, "open relation")
		}
	}
	return parties, relations, nil
}

// CasePeople returns who is who in a case, by roster employee, for the
// conflict-of-interest rules; nothing sealed is opened.
func (s *Store) CasePeople(ctx context.Context, tenantID, caseID int64) (discipline.People, error) {
	return s.casePeople(ctx, s.db.R, tenantID, caseID)
}

func (s *Store) casePeople(ctx context.Context, q querier, tenantID, caseID int64) (discipline.People, error) {
	var p discipline.People
	var accused sql.NullInt64
	if err := q.QueryRowContext(ctx, `SELECT employee_id FROM discipline_cases WHERE tenant_id = $1 AND id = $2`, tenantID, caseID).Scan(&accused); err != nil {
		return p, notFound(err, "case.not_found", "case")
	}
	p.Accused = accused.Int64
	rows, err := q.QueryContext(ctx, `SELECT id, role, COALESCE(employee_id, 0) FROM case_parties WHERE tenant_id = $1 AND case_id = $2 ORDER BY id`, tenantID, caseID)
	if err != nil {
		return p, apperr.Wrap(err, "people")
	}
	for rows.Next() {
		var x discipline.Party
		var role string
		if err := rows.Scan(&x.ID, &role, &x.EmployeeID); err != nil {
			rows.Close()
			return p, apperr.Wrap(err, "scan people")
		}
		x.Role = discipline.Role(role)
		p.Parties = append(p.Parties, x)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return p, apperr.Wrap(err, "people")
	}
	ties, err := q.QueryContext(ctx, `SELECT employee_id, kind, COALESCE(party_id, 0) FROM case_relations WHERE tenant_id = $1 AND case_id = $2 ORDER BY id`, tenantID, caseID)
	if err != nil {
		return p, apperr.Wrap(err, "ties")
	}
	defer ties.Close()
	for ties.Next() {
		var t discipline.Tie
		if err := ties.Scan(&t.EmployeeID, &t.Kind, &t.PartyID); err != nil {
			return p, apperr.Wrap(err, "scan ties")
		}
		p.Ties = append(p.Ties, t)
	}
	return p, apperr.Wrap(ties.Err(), "ties")
}

// refuseBarredMember refuses, inside the transaction that just recorded a
// party or a relation of the roster employee, what would leave them on the
// case's Tim Pemeriksa though the rules now bar them from it (Ps 29; the
// rules are discipline.People.Barred, read on the case as it now stands).
// key says why, beside the employee's field. A member is taken off the
// team first; the examination itself refuses a member barred some other
// way (discipline.RequireTeam).
func (s *Store) refuseBarredMember(ctx context.Context, tx *sql.Tx, tenantID, caseID, employeeID int64, key string) error {
	if employeeID == 0 {
		return nil
	}
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM case_team_members WHERE case_id = $1 AND employee_id = $2`, caseID, employeeID).Scan(&n); err != nil {
		return apperr.Wrap(err, "on the team")
	}
	if n == 0 {
		return nil
	}
	people, err := s.casePeople(ctx, tx, tenantID, caseID)
	if err != nil {
		return err
	}
	if _, barred := people.Barred(employeeID); barred {
		return apperr.InvalidField("employee_id", key, nil)
	}
	return nil
}
