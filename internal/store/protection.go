package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"sigap/internal/apperr"
	"sigap/internal/calendar"
	"sigap/internal/protection"
	"sigap/internal/vault"
)

// ProtectionCase is what anyone who may list a protection case sees of it:
// nothing sealed.
type ProtectionCase struct {
	ID           int64
	Version      int64 // moves on with every change (see ExpectVersion)
	PublicID     string
	TenantID     int64
	Number       string
	Via          protection.Via
	ReportID     int64
	Status       protection.Status
	ReportedAt   time.Time // zero until the incident is recorded (a case opened by the desk)
	OccurredOn   calendar.Date
	OccurredTime string
	DistrictCode string
	DistrictName string
	VillageCode  string
	Place        protection.Place
	Forms        []protection.Form
	Outcome      protection.Outcome
	FollowUpOn   calendar.Date
	ClosedAt     time.Time
	OpenedAt     time.Time
	UpdatedAt    time.Time // when the case last moved
	Victims      int
	ClockDueAt   time.Time // the earliest TPKS clock still waiting; zero when none
	ClockDueKind string

	recordKey uint64 // for a new case: its record key, written with it
}

// Recorded reports whether the incident has been recorded.
func (c ProtectionCase) Recorded() bool { return !c.OccurredOn.IsZero() }

// ProtectionVictim is a victim as the case shows them without an unseal:
// the sex and the age band, and the sealed identity to ask for.
type ProtectionVictim struct {
	ID         int64
	PublicID   string
	IdentityID string // the sealed identity's public ID
	Sex        protection.Sex
	AgeGroup   protection.AgeGroup
	CreatedAt  time.Time
}

// VictimDetails are a victim's sealed details besides name, NIK and
// contact (which the sealed identity holds).
type VictimDetails struct {
	BirthDate   string `json:"birth_date,omitempty"`
	Age         int    `json:"age"`
	Disability  string `json:"disability,omitempty"`
	Address     string `json:"address,omitempty"`
	VillageCode string `json:"village,omitempty"`
	VillageName string `json:"-"`
	CaseID      string `json:"-"` // the public ID of the victim's case
}

// ProtectionPerpetrator is a perpetrator as the case shows them.
type ProtectionPerpetrator struct {
	ID                int64
	PublicID          string
	Name              vault.Secret
	Sex               protection.Sex
	Age               int
	Relation          protection.Relation
	EmployeeID        int64
	EmployeeName      string
	EmployeeNIP       string
	DisciplineCaseID  int64
	DisciplineCasePub string
	DisciplineCaseNum string
}

// ProtectionInput is a case opened at the office: the incident, its
// victims and perpetrators, the chronology and the summary for sharing.
type ProtectionInput struct {
	Via          protection.Via
	Incident     protection.Incident
	Victims      []protection.Victim
	Perpetrators []protection.Perpetrator
	Chronology   vault.Secret
	Summary      vault.Secret
}

// nextProtectionNumber takes the next number of the government's protection
// sequence for the year, in tx ("PPA/2026/0001").
func (s *Store) nextProtectionNumber(ctx context.Context, tx *sql.Tx, tenantID int64, at time.Time) (string, error) {
	year := at.In(protection.WIB).Year()
	var last int
	if err := tx.QueryRowContext(ctx, `INSERT INTO protection_case_numbers (tenant_id, year, last) VALUES ($1, $2, 1)
		ON CONFLICT (tenant_id, year) DO UPDATE SET last = protection_case_numbers.last + 1 RETURNING last`, tenantID, year).Scan(&last); err != nil {
		return "", apperr.Wrap(err, "protection case number")
	}
	return fmt.Sprintf("PPA/%d/%04d", year, last), nil
}

// insertProtectionCase writes a new case's row in tx and returns its ID.
func (s *Store) insertProtectionCase(ctx context.Context, tx *sql.Tx, a Actor, c *ProtectionCase) error {
	number, err := s.nextProtectionNumber(ctx, tx, c.TenantID, c.OpenedAt)
	if err != nil {
		return err
	}
	c.Number, c.Status, c.UpdatedAt = number, protection.Open, c.OpenedAt
	return apperr.Wrap(tx.QueryRowContext(ctx, `INSERT INTO protection_cases (tenant_id, public_id, number, opened_via, report_id, status, reported_at, opened_by, opened_at, updated_at, record_key)
		VALUES ($1, $2, $3, $4, $5, 'open', $6, $7, $8, $8, $9) RETURNING id`, c.TenantID, c.PublicID, c.Number, string(c.Via), nullID(c.ReportID),
		nullTime(c.ReportedAt), nullID(a.UserID), c.OpenedAt, nullID(int64(c.recordKey))).Scan(&c.ID), "insert protection case")
}

func nullTime(t time.Time) sql.NullTime { return sql.NullTime{Time: t, Valid: !t.IsZero()} }

// sealedVictim is a victim ready to be written: identity and details
// sealed outside the transaction.
type sealedVictim struct {
	identity identityRow
	publicID string
	sex      protection.Sex
	group    protection.AgeGroup
	details  vault.Ciphertext
}

// sealVictim seals a victim under rec, the record key of the case.
func (s *Store) sealVictim(ctx context.Context, tenantID int64, rec uint64, v protection.Victim, incident calendar.Date) (sealedVictim, error) {
	sv := sealedVictim{publicID: newPublicID(), sex: v.Sex, group: protection.GroupOf(v.AgeAt(incident))}
	var err error
	sv.identity, err = s.sealIdentity(ctx, tenantID, rec, Victim, "protection_victim", sv.publicID, IdentityFields{
		Name: vault.NewSecret(v.Name), Contact: vault.NewSecret(v.Contact), NIK: vault.NewSecret(v.NIK)})
	if err != nil {
		return sv, err
	}
	d := VictimDetails{Age: v.Age, Disability: string(v.Disability), Address: v.Address, VillageCode: v.VillageCode}
	if !v.BirthDate.IsZero() {
		d.BirthDate = v.BirthDate.String()
	}
	b, _ := json.Marshal(d)
	sv.details, err = s.keys.Seal(ctx, s.recordPlace(tenantID, "protection_victims", "details_enc", sv.publicID, rec), vault.NewSecretBytes(b))
	return sv, apperr.Wrap(err, "seal victim details")
}

func (s *Store) insertVictim(ctx context.Context, tx *sql.Tx, a Actor, tenantID, caseID int64, v *sealedVictim) error {
	if err := s.insertIdentity(ctx, tx, a, &v.identity); err != nil {
		return apperr.Wrap(err, "victim identity")
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO protection_victims (tenant_id, case_id, public_id, identity_id, sex, age_group, details_enc, created_by, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, tenantID, caseID, v.publicID, v.identity.ID, string(v.sex), string(v.group), v.details,
		nullID(a.UserID), s.Now())
	return apperr.Wrap(err, "insert victim")
}

type sealedPerpetrator struct {
	protection.Perpetrator
	publicID string
	name     vault.Ciphertext
}

// sealPerpetrator seals a perpetrator under rec, the record key of the case.
func (s *Store) sealPerpetrator(ctx context.Context, tenantID int64, rec uint64, p protection.Perpetrator) (sealedPerpetrator, error) {
	sp := sealedPerpetrator{Perpetrator: p, publicID: newPublicID()}
	var err error
	sp.name, err = s.sealOptional(ctx, s.recordPlace(tenantID, "protection_perpetrators", "name_enc", sp.publicID, rec), vault.NewSecret(p.Name))
	return sp, apperr.Wrap(err, "seal perpetrator")
}

func (s *Store) insertPerpetrator(ctx context.Context, tx *sql.Tx, a Actor, tenantID, caseID int64, p sealedPerpetrator) error {
	if p.EmployeeID != 0 {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM employees WHERE id = $1 AND tenant_id = $2`, p.EmployeeID, tenantID).Scan(&n); err != nil {
			return apperr.Wrap(err, "perpetrator employee")
		}
		if n == 0 {
			return apperr.InvalidField("employee", "protection.perpetrator.employee.unknown", nil)
		}
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO protection_perpetrators (tenant_id, case_id, public_id, name_enc, sex, age, relation, employee_id, discipline_case_id, created_by, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`, tenantID, caseID, p.publicID, p.name, string(p.Sex), p.Age, string(p.Relation),
		nullID(p.EmployeeID), nil, nullID(a.UserID), s.Now())
	if err != nil {
		return apperr.Wrap(err, "insert perpetrator")
	}
	return s.unassignAccused(ctx, tx, caseID)
}

// unassignAccused takes off a case every worker whose account is a
// perpetrator of it: nobody works on a case about themself.
func (s *Store) unassignAccused(ctx context.Context, tx *sql.Tx, caseID int64) error {
	_, err := tx.ExecContext(ctx, `DELETE FROM protection_workers WHERE case_id = $1 AND user_id IN
		(SELECT ue.user_id FROM user_employees ue JOIN protection_perpetrators p ON p.employee_id = ue.employee_id WHERE p.case_id = $1)`, caseID)
	return apperr.Wrap(err, "unassign accused")
}

// notAccusedSQL leaves out of a user query (aliased u) the accounts of the
// perpetrators of the case named by the parameter given.
func notAccusedSQL(caseParam string) string {
	return ` AND u.id NOT IN (SELECT ue.user_id FROM user_employees ue JOIN protection_perpetrators p ON p.employee_id = ue.employee_id WHERE p.case_id = ` + caseParam + `)`
}

// OpenProtectionCase opens a case at the office (walk-in or outreach) with
// everything recorded at once: nothing of it is written unless all is.
// The opener is its first case worker.
func (s *Store) OpenProtectionCase(ctx context.Context, a Actor, tenantID int64, in ProtectionInput) (ProtectionCase, error) {
	c := ProtectionCase{PublicID: newPublicID(), TenantID: tenantID, Via: in.Via, OpenedAt: s.Now(), ReportedAt: in.Incident.ReportedAt}
	if s.keys == nil {
		return c, apperr.Wrap(errNoVault, "open protection case")
	}
	var err error
	if c.recordKey, err = s.newRecordKey(ctx); err != nil {
		return c, err
	}
	texts, err := s.sealCaseTexts(ctx, tenantID, c.recordKey, c.PublicID, in.Chronology, in.Summary)
	if err != nil {
		return c, err
	}
	victims := make([]sealedVictim, len(in.Victims))
	for i, v := range in.Victims {
		if victims[i], err = s.sealVictim(ctx, tenantID, c.recordKey, v, in.Incident.OccurredOn); err != nil {
			return c, err
		}
	}
	perps := make([]sealedPerpetrator, len(in.Perpetrators))
	for i, p := range in.Perpetrators {
		if perps[i], err = s.sealPerpetrator(ctx, tenantID, c.recordKey, p); err != nil {
			return c, err
		}
	}
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		if err := s.insertProtectionCase(ctx, tx, a, &c); err != nil {
			return err
		}
		if err := s.recountCase(ctx, tx, tenantID, c.ID, func() error {
			if err := s.writeIncident(ctx, tx, c.ID, tenantID, in.Incident); err != nil {
				return err
			}
			for i := range victims {
				if err := s.insertVictim(ctx, tx, a, tenantID, c.ID, &victims[i]); err != nil {
					return err
				}
			}
			return nil
		}); err != nil {
			return err
		}
		if err := s.refreshClocks(ctx, tx, c.ID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE protection_cases SET chronology_enc = $2, summary_enc = $3 WHERE id = $1`, c.ID, texts[0], texts[1]); err != nil {
			return apperr.Wrap(err, "case texts")
		}
		for _, p := range perps {
			if err := s.insertPerpetrator(ctx, tx, a, tenantID, c.ID, p); err != nil {
				return err
			}
		}
		if a.UserID != 0 {
			if _, err := tx.ExecContext(ctx, `INSERT INTO protection_workers (case_id, user_id, tenant_id, assigned_by, assigned_at) VALUES ($1, $2, $3, $2, $4)`,
				c.ID, a.UserID, tenantID, c.OpenedAt); err != nil {
				return apperr.Wrap(err, "first worker")
			}
		}
		return s.audit(ctx, tx, tenantID, a, "protection.open", "protection_case", c.PublicID)
	})
	return c, err
}

// sealCaseTexts seals a case's chronology and summary (either may be
// empty) under rec, the case's record key.
func (s *Store) sealCaseTexts(ctx context.Context, tenantID int64, rec uint64, publicID string, chronology, summary vault.Secret) ([2]vault.Ciphertext, error) {
	var out [2]vault.Ciphertext
	var err error
	if out[0], err = s.sealOptional(ctx, s.recordPlace(tenantID, "protection_cases", "chronology_enc", publicID, rec), chronology); err != nil {
		return out, apperr.Wrap(err, "seal chronology")
	}
	out[1], err = s.sealOptional(ctx, s.recordPlace(tenantID, "protection_cases", "summary_enc", publicID, rec), summary)
	return out, apperr.Wrap(err, "seal summary")
}

// writeIncident stores the incident's fields and its forms on a case.
func (s *Store) writeIncident(ctx context.Context, tx *sql.Tx, caseID, tenantID int64, in protection.Incident) error {
	if _, err := tx.ExecContext(ctx, `UPDATE protection_cases SET occurred_on = $2, occurred_time = $3, reported_at = $4, district_code = $5,
		village_code = $6, place_kind = $7 WHERE id = $1`, caseID, in.OccurredOn, in.OccurredTime, in.ReportedAt,
		protection.DistrictOf(in.VillageCode), in.VillageCode, string(in.Place)); err != nil {
		return apperr.Wrap(err, "incident")
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM protection_case_forms WHERE case_id = $1`, caseID); err != nil {
		return apperr.Wrap(err, "forms")
	}
	for _, f := range in.Forms {
		if _, err := tx.ExecContext(ctx, `INSERT INTO protection_case_forms (case_id, tenant_id, form) VALUES ($1, $2, $3)`, caseID, tenantID, string(f)); err != nil {
			return apperr.Wrap(err, "form")
		}
	}
	return nil
}

// openProtectionCaseForUpdate locks an open or closed case of the tenant
// for a change and returns its ID and status.
func (s *Store) protectionCaseForUpdate(ctx context.Context, tx *sql.Tx, tenantID int64, publicID string) (int64, protection.Status, error) {
	var id int64
	var status string
	// The no-op update takes the row's lock on both engines. A purged
	// case takes no change (not even reopening): it is a tombstone.
	err := tx.QueryRowContext(ctx, `UPDATE protection_cases SET status = status WHERE tenant_id = $1 AND public_id = $2 AND purged_at IS NULL RETURNING id, status`,
		tenantID, publicID).Scan(&id, &status)
	if err != nil {
		return id, "", s.purgedOr(ctx, notFound(err, "protection.not_found", "lock protection case"), "protection_case", tenantID, publicID)
	}
	return id, protection.Status(status), nil
}

// changeProtectionCase runs change on an open case under its row's lock,
// marks the case as moved and writes action into the audit trail.
func (s *Store) changeProtectionCase(ctx context.Context, a Actor, tenantID int64, publicID, action string, change func(tx *sql.Tx, id int64) error) error {
	return s.changeAnyProtectionCase(ctx, a, tenantID, publicID, action, false, change)
}

// changeAnyProtectionCase is changeProtectionCase that, with closedToo,
// also changes a closed case: what concerns the world outside the office
// (a consent withdrawn, a partner's late answer) does not wait for a
// reopening.
func (s *Store) changeAnyProtectionCase(ctx context.Context, a Actor, tenantID int64, publicID, action string, closedToo bool, change func(tx *sql.Tx, id int64) error) error {
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		id, status, err := s.protectionCaseForUpdate(ctx, tx, tenantID, publicID)
		if err != nil {
			return err
		}
		if status != protection.Open && !closedToo {
			return apperr.New(apperr.Conflict, "protection.closed")
		}
		if err := s.bumpVersion(ctx, tx, VersionProtection, id, publicID); err != nil {
			return err
		}
		if err := change(tx, id); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE protection_cases SET updated_at = $2 WHERE id = $1`, id, s.Now()); err != nil {
			return apperr.Wrap(err, "case moved")
		}
		return s.audit(ctx, tx, tenantID, a, action, "protection_case", publicID)
	})
}

// SetIncident records or corrects the incident of a case.
func (s *Store) SetIncident(ctx context.Context, a Actor, tenantID int64, publicID string, in protection.Incident) error {
	return s.changeProtectionCase(ctx, a, tenantID, publicID, "protection.incident", func(tx *sql.Tx, id int64) error {
		// Once the police were reported to, the moment the victim reported
		// is fixed: moving it would restart a clock already met or late.
		var reported, police sql.NullTime
		if err := tx.QueryRowContext(ctx, `SELECT reported_at, police_reported_at FROM protection_cases WHERE id = $1`, id).Scan(&reported, &police); err != nil {
			return apperr.Wrap(err, "incident moments")
		}
		if police.Valid && reported.Valid && !reported.Time.Equal(in.ReportedAt) {
			return apperr.InvalidField("reported_at", "protection.incident.reported.locked", nil)
		}
		if err := s.recountCase(ctx, tx, tenantID, id, func() error {
			if err := s.writeIncident(ctx, tx, id, tenantID, in); err != nil {
				return err
			}
			return s.regroupVictims(ctx, tx, tenantID, id, in.OccurredOn, in.ReportedDay())
		}); err != nil {
			return err
		}
		return s.refreshClocks(ctx, tx, id) // the first clock runs from the report
	})
}

// regroupVictims checks each victim's age against a new day of the
// incident and sets their age band again: a victim whose birth date is
// known may be of another band on another day, and cannot have been born
// after it. Their details are opened for it, in the change's transaction,
// and nothing of them leaves it.
func (s *Store) regroupVictims(ctx context.Context, tx *sql.Tx, tenantID, caseID int64, incident, reported calendar.Date) error {
	rows, err := tx.QueryContext(ctx, `SELECT id, public_id, age_group, details_enc FROM protection_victims WHERE case_id = $1`, caseID)
	if err != nil {
		return apperr.Wrap(err, "victims to regroup")
	}
	type victim struct {
		id             int64
		publicID, band string
		details        vault.Ciphertext
	}
	var vs []victim
	for rows.Next() {
		var v victim
		if err := rows.Scan(&v.id, &v.publicID, &v.band, &v.details); err != nil {
			rows.Close()
			return apperr.Wrap(err, "scan victim")
		}
		vs = append(vs, v)
	}
	rows.Close()
	for i, v := range vs {
		d, err := s.openVictimDetails(ctx, tenantID, v.publicID, v.details)
		if err != nil {
			return err
		}
		pv := protection.Victim{Age: d.Age}
		if d.BirthDate != "" {
			if pv.BirthDate, err = calendar.ParseDate(d.BirthDate); err != nil {
				return apperr.Wrap(err, "victim birth date")
			}
		}
		// The new day must agree with a victim's birth date (an age as
		// stated is the age on the day of the incident, whichever it is).
		var fields apperr.Fields
		if !pv.BirthDate.IsZero() {
			pv.CheckAge("", incident, reported, &fields)
		}
		if len(fields) > 0 {
			return apperr.InvalidField("occurred_on", "protection.incident.victim_age", map[string]any{"N": i + 1})
		}
		band := string(protection.GroupOf(pv.AgeAt(incident)))
		if band == v.band {
			continue
		}
		if _, err := tx.ExecContext(ctx, `UPDATE protection_victims SET age_group = $2 WHERE id = $1`, v.id, band); err != nil {
			return apperr.Wrap(err, "regroup victim")
		}
	}
	return nil
}

// SetCaseTexts replaces a case's chronology and summary.
func (s *Store) SetCaseTexts(ctx context.Context, a Actor, tenantID int64, publicID string, chronology, summary vault.Secret) error {
	rec, err := s.recordKeyByPublicID(ctx, "protection_cases", tenantID, publicID)
	if err != nil {
		return err
	}
	texts, err := s.sealCaseTexts(ctx, tenantID, rec, publicID, chronology, summary)
	if err != nil {
		return err
	}
	return s.changeProtectionCase(ctx, a, tenantID, publicID, "protection.texts", func(tx *sql.Tx, id int64) error {
		_, err := tx.ExecContext(ctx, `UPDATE protection_cases SET chronology_enc = $2, summary_enc = $3 WHERE id = $1`, id, texts[0], texts[1])
		return apperr.Wrap(err, "case texts")
	})
}

// AddVictim adds a victim to a case. incident is the day of the incident
// the victim was checked against, for the age band: if the incident was
// corrected meanwhile, the victim is refused (to be checked again).
func (s *Store) AddVictim(ctx context.Context, a Actor, tenantID int64, publicID string, v protection.Victim, incident calendar.Date) error {
	rec, err := s.recordKeyByPublicID(ctx, "protection_cases", tenantID, publicID)
	if err != nil {
		return err
	}
	sv, err := s.sealVictim(ctx, tenantID, rec, v, incident)
	if err != nil {
		return err
	}
	return s.changeProtectionCase(ctx, a, tenantID, publicID, "protection.victim.add", func(tx *sql.Tx, id int64) error {
		var day calendar.Date
		if err := tx.QueryRowContext(ctx, `SELECT occurred_on FROM protection_cases WHERE id = $1`, id).Scan(&day); err != nil {
			return apperr.Wrap(err, "incident day")
		}
		if day != incident {
			return apperr.New(apperr.Conflict, "protection.changed")
		}
		return s.recountCase(ctx, tx, tenantID, id, func() error { return s.insertVictim(ctx, tx, a, tenantID, id, &sv) })
	})
}

// AddPerpetrator adds a perpetrator to a case. A civil servant is not
// linked to a discipline case by it: only the case opened from the same
// report is linked by itself (bridgeFromReport), any other by the lead
// (LinkDisciplineCase), so that no worker reads an unrelated case's course.
func (s *Store) AddPerpetrator(ctx context.Context, a Actor, tenantID int64, publicID string, p protection.Perpetrator) error {
	rec, err := s.recordKeyByPublicID(ctx, "protection_cases", tenantID, publicID)
	if err != nil {
		return err
	}
	sp, err := s.sealPerpetrator(ctx, tenantID, rec, p)
	if err != nil {
		return err
	}
	return s.changeProtectionCase(ctx, a, tenantID, publicID, "protection.perpetrator.add", func(tx *sql.Tx, id int64) error {
		return s.insertPerpetrator(ctx, tx, a, tenantID, id, sp)
	})
}

// RemovePerpetrator removes a perpetrator recorded by mistake.
func (s *Store) RemovePerpetrator(ctx context.Context, a Actor, tenantID int64, publicID, perpetratorID string) error {
	return s.changeProtectionCase(ctx, a, tenantID, publicID, "protection.perpetrator.remove", func(tx *sql.Tx, id int64) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM protection_perpetrators WHERE case_id = $1 AND public_id = $2`, id, perpetratorID)
		if err != nil {
			return apperr.Wrap(err, "remove perpetrator")
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return apperr.New(apperr.NotFound, "protection.perpetrator.not_found")
		}
		return nil
	})
}

// LinkDisciplineCase links a perpetrator who is a civil servant to a
// discipline case about that same employee: the bridge.
func (s *Store) LinkDisciplineCase(ctx context.Context, a Actor, tenantID int64, publicID, perpetratorID, disciplineCase string) error {
	return s.changeProtectionCase(ctx, a, tenantID, publicID, "protection.link", func(tx *sql.Tx, id int64) error {
		var employee sql.NullInt64
		if err := tx.QueryRowContext(ctx, `SELECT employee_id FROM protection_perpetrators WHERE case_id = $1 AND public_id = $2`, id, perpetratorID).Scan(&employee); err != nil {
			return notFound(err, "protection.perpetrator.not_found", "perpetrator")
		}
		var dcID int64
		var dcEmployee sql.NullInt64
		if err := tx.QueryRowContext(ctx, `SELECT id, employee_id FROM discipline_cases WHERE tenant_id = $1 AND (public_id = $2 OR number = $2)`, tenantID, strings.TrimSpace(disciplineCase)).Scan(&dcID, &dcEmployee); err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				return apperr.InvalidField("discipline_case", "protection.link.no_match", nil)
			}
			return apperr.Wrap(err, "discipline case")
		}
		// One answer whether the number is unknown or about someone else:
		// the form must not tell who a case number is about.
		if !employee.Valid || dcEmployee.Int64 != employee.Int64 {
			return apperr.InvalidField("discipline_case", "protection.link.no_match", nil)
		}
		_, err := tx.ExecContext(ctx, `UPDATE protection_perpetrators SET discipline_case_id = $2 WHERE case_id = $1 AND public_id = $3`, id, dcID, perpetratorID)
		return apperr.Wrap(err, "link")
	})
}

// AssignWorker adds a case worker to a case.
func (s *Store) AssignWorker(ctx context.Context, a Actor, tenantID int64, publicID string, userID int64) error {
	return s.changeProtectionCase(ctx, a, tenantID, publicID, "protection.worker.add", func(tx *sql.Tx, id int64) error {
		var accused int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM users u WHERE u.id = $2 AND NOT (true`+notAccusedSQL("$1")+`)`, id, userID).Scan(&accused); err != nil {
			return apperr.Wrap(err, "worker accused")
		}
		if accused > 0 {
			return apperr.InvalidField("worker", "protection.worker.accused", nil)
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO protection_workers (case_id, user_id, tenant_id, assigned_by, assigned_at) VALUES ($1, $2, $3, $4, $5)
			ON CONFLICT (case_id, user_id) DO NOTHING`, id, userID, tenantID, nullID(a.UserID), s.Now())
		return apperr.Wrap(err, "assign worker")
	})
}

// UnassignWorker takes a case worker off a case; the last one stays.
func (s *Store) UnassignWorker(ctx context.Context, a Actor, tenantID int64, publicID string, userID int64) error {
	return s.changeProtectionCase(ctx, a, tenantID, publicID, "protection.worker.remove", func(tx *sql.Tx, id int64) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM protection_workers WHERE case_id = $1`, id).Scan(&n); err != nil {
			return apperr.Wrap(err, "workers")
		}
		if n <= 1 {
			return apperr.New(apperr.Conflict, "protection.worker.last")
		}
		res, err := tx.ExecContext(ctx, `DELETE FROM protection_workers WHERE case_id = $1 AND user_id = $2`, id, userID)
		if err != nil {
			return apperr.Wrap(err, "unassign worker")
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return apperr.InvalidField("worker", "protection.worker.not_assigned", nil)
		}
		return nil
	})
}

// CloseProtectionCase closes a case with an outcome and a follow-up date.
func (s *Store) CloseProtectionCase(ctx context.Context, a Actor, tenantID int64, publicID string, o protection.Outcome, followUp calendar.Date) error {
	return s.changeProtectionCase(ctx, a, tenantID, publicID, "protection.close", func(tx *sql.Tx, id int64) error {
		var recorded sql.NullString
		if err := tx.QueryRowContext(ctx, `SELECT occurred_on FROM protection_cases WHERE id = $1`, id).Scan(&recorded); err != nil {
			return apperr.Wrap(err, "close")
		}
		if !recorded.Valid {
			return apperr.New(apperr.Conflict, "protection.close.unrecorded")
		}
		_, err := tx.ExecContext(ctx, `UPDATE protection_cases SET status = 'closed', outcome = $2, follow_up_on = $3, closed_at = $4 WHERE id = $1`,
			id, string(o), followUp, s.Now())
		return apperr.Wrap(err, "close")
	})
}

// ReopenProtectionCase opens a closed case again; its history stays (the
// audit trail keeps the closing, its outcome stays until the next close).
func (s *Store) ReopenProtectionCase(ctx context.Context, a Actor, tenantID int64, publicID string) error {
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		id, status, err := s.protectionCaseForUpdate(ctx, tx, tenantID, publicID)
		if err != nil {
			return err
		}
		if status != protection.Closed {
			return apperr.New(apperr.Conflict, "protection.reopen.open")
		}
		if _, err := tx.ExecContext(ctx, `UPDATE protection_cases SET status = 'open', closed_at = NULL, updated_at = $2 WHERE id = $1`, id, s.Now()); err != nil {
			return apperr.Wrap(err, "reopen")
		}
		return s.audit(ctx, tx, tenantID, a, "protection.reopen", "protection_case", publicID)
	})
}

const protectionCols = `c.id, c.public_id, c.tenant_id, c.number, c.opened_via, COALESCE(c.report_id, 0), c.status, c.reported_at, c.occurred_on,
	c.occurred_time, c.district_code, COALESCE(r.name, ''), c.village_code, c.place_kind, c.outcome, c.follow_up_on, c.closed_at, c.opened_at,
	c.updated_at, (SELECT COUNT(*) FROM protection_victims v WHERE v.case_id = c.id), c.clock_due_at, c.clock_due_kind, c.version`

const protectionFrom = ` FROM protection_cases c LEFT JOIN regions r ON r.code = c.district_code`

func scanProtectionCase(row interface{ Scan(...any) error }) (ProtectionCase, error) {
	var c ProtectionCase
	var via, status, place, outcome string
	var reported, closed, updated, due sql.NullTime
	err := row.Scan(&c.ID, &c.PublicID, &c.TenantID, &c.Number, &via, &c.ReportID, &status, &reported, &c.OccurredOn, &c.OccurredTime,
		&c.DistrictCode, &c.DistrictName, &c.VillageCode, &place, &outcome, &c.FollowUpOn, &closed, &c.OpenedAt, &updated, &c.Victims, &due, &c.ClockDueKind, &c.Version)
	c.Via, c.Status, c.Place, c.Outcome = protection.Via(via), protection.Status(status), protection.Place(place), protection.Outcome(outcome)
	c.ReportedAt, c.ClosedAt, c.UpdatedAt, c.ClockDueAt = reported.Time, closed.Time, updated.Time, due.Time
	if !updated.Valid {
		c.UpdatedAt = c.OpenedAt // a case the desk opened before cases were kept here
	}
	return c, err
}

// ProtectionFilter chooses the cases of a list.
type ProtectionFilter struct {
	WorkerID int64 // only the cases this user works on; 0 for all
	NotAbout int64 // leave out the cases where this employee is a perpetrator; 0 for none
	// FollowUpFrom and FollowUpTo, when set, keep the cases whose
	// follow-up day falls between them.
	FollowUpFrom, FollowUpTo calendar.Date
	Status                   protection.Status // "" for both
	Offset                   int
	Limit                    int
}

// ProtectionCases lists a government's cases, newest first, with the
// total; purged cases are left out.
func (s *Store) ProtectionCases(ctx context.Context, tenantID int64, f ProtectionFilter) ([]ProtectionCase, int, error) {
	where := ` WHERE c.tenant_id = $1 AND c.purged_at IS NULL`
	args := []any{tenantID}
	if f.Status != "" {
		args = append(args, string(f.Status))
		where += fmt.Sprintf(` AND c.status = $%d`, len(args))
	}
	if f.WorkerID != 0 {
		args = append(args, f.WorkerID)
		where += fmt.Sprintf(` AND c.id IN (SELECT case_id FROM protection_workers WHERE user_id = $%d)`, len(args))
	}
	if !f.FollowUpFrom.IsZero() {
		args = append(args, f.FollowUpFrom, f.FollowUpTo)
		where += fmt.Sprintf(` AND c.follow_up_on BETWEEN $%d AND $%d`, len(args)-1, len(args))
	}
	if f.NotAbout != 0 {
		args = append(args, f.NotAbout)
		where += fmt.Sprintf(` AND c.id NOT IN (SELECT case_id FROM protection_perpetrators WHERE employee_id = $%d)`, len(args))
	}
	var total int
	if err := s.db.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM protection_cases c`+where, args...).Scan(&total); err != nil {
		return nil, 0, apperr.Wrap(err, "count protection cases")
	}
	rows, err := s.db.R.QueryContext(ctx, `SELECT `+protectionCols+protectionFrom+where+fmt.Sprintf(` ORDER BY c.id DESC LIMIT %d OFFSET %d`, f.Limit, f.Offset), args...)
	if err != nil {
		return nil, 0, apperr.Wrap(err, "protection cases")
	}
	defer rows.Close()
	var out []ProtectionCase
	for rows.Next() {
		c, err := scanProtectionCase(rows)
		if err != nil {
			return nil, 0, apperr.Wrap(err, "scan protection case")
		}
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, apperr.Wrap(err, "protection cases")
	}
	return out, total, s.fillForms(ctx, out)
}

func (s *Store) fillForms(ctx context.Context, cs []ProtectionCase) error {
	for i := range cs {
		rows, err := s.db.R.QueryContext(ctx, `SELECT form FROM protection_case_forms WHERE case_id = $1`, cs[i].ID)
		if err != nil {
			return apperr.Wrap(err, "forms")
		}
		var got []protection.Form
		for rows.Next() {
			var f string
			if err := rows.Scan(&f); err != nil {
				rows.Close()
				return apperr.Wrap(err, "scan form")
			}
			got = append(got, protection.Form(f))
		}
		rows.Close()
		// In Simfoni's order, whatever order they were stored in.
		for _, f := range protection.Forms {
			for _, g := range got {
				if f == g {
					cs[i].Forms = append(cs[i].Forms, f)
				}
			}
		}
	}
	return nil
}

// ProtectionCaseByID returns a case of the tenant, nothing sealed.
func (s *Store) ProtectionCaseByID(ctx context.Context, tenantID int64, publicID string) (ProtectionCase, error) {
	c, err := scanProtectionCase(s.db.R.QueryRowContext(ctx, `SELECT `+protectionCols+protectionFrom+` WHERE c.tenant_id = $1 AND c.public_id = $2 AND c.purged_at IS NULL`, tenantID, publicID))
	if err != nil {
		return c, s.purgedOr(ctx, notFound(err, "protection.not_found", "protection case"), "protection_case", tenantID, publicID)
	}
	cs := []ProtectionCase{c}
	err = s.fillForms(ctx, cs)
	return cs[0], err
}

// ProtectionWorkers returns the users working on a case.
func (s *Store) ProtectionWorkers(ctx context.Context, caseID int64) ([]UserRef, error) {
	rows, err := s.db.R.QueryContext(ctx, `SELECT u.id, u.display_name FROM protection_workers w JOIN users u ON u.id = w.user_id WHERE w.case_id = $1 ORDER BY w.assigned_at, u.id`, caseID)
	if err != nil {
		return nil, apperr.Wrap(err, "workers")
	}
	defer rows.Close()
	var out []UserRef
	for rows.Next() {
		var r UserRef
		if err := rows.Scan(&r.ID, &r.Name); err != nil {
			return nil, apperr.Wrap(err, "scan worker")
		}
		out = append(out, r)
	}
	return out, apperr.Wrap(rows.Err(), "workers")
}

// UserRef names a user.
type UserRef struct {
	ID   int64
	Name string
}

// IsProtectionWorker reports whether a user works on a case.
func (s *Store) IsProtectionWorker(ctx context.Context, caseID, userID int64) (bool, error) {
	var n int
	err := s.db.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM protection_workers WHERE case_id = $1 AND user_id = $2`, caseID, userID).Scan(&n)
	return n > 0, apperr.Wrap(err, "is worker")
}

// ProtectionVictims returns a case's victims without opening anything.
func (s *Store) ProtectionVictims(ctx context.Context, caseID int64) ([]ProtectionVictim, error) {
	rows, err := s.db.R.QueryContext(ctx, `SELECT v.id, v.public_id, i.public_id, v.sex, v.age_group, v.created_at
		FROM protection_victims v JOIN sealed_identities i ON i.id = v.identity_id WHERE v.case_id = $1 ORDER BY v.id`, caseID)
	if err != nil {
		return nil, apperr.Wrap(err, "victims")
	}
	defer rows.Close()
	var out []ProtectionVictim
	for rows.Next() {
		var v ProtectionVictim
		var sex, group string
		if err := rows.Scan(&v.ID, &v.PublicID, &v.IdentityID, &sex, &group, &v.CreatedAt); err != nil {
			return nil, apperr.Wrap(err, "scan victim")
		}
		v.Sex, v.AgeGroup = protection.Sex(sex), protection.AgeGroup(group)
		out = append(out, v)
	}
	return out, apperr.Wrap(rows.Err(), "victims")
}

// OpenVictimDetails opens the sealed details of the victim an identity
// belongs to. The caller has checked the unseal grant and audited the
// opening of the identity (identity.read), which this is part of.
func (s *Store) OpenVictimDetails(ctx context.Context, tenantID int64, identityPublicID string) (VictimDetails, error) {
	var d VictimDetails
	var pub, caseID string
	var enc vault.Ciphertext
	err := s.db.R.QueryRowContext(ctx, `SELECT v.public_id, v.details_enc, c.public_id FROM protection_victims v JOIN sealed_identities i ON i.id = v.identity_id
		JOIN protection_cases c ON c.id = v.case_id WHERE v.tenant_id = $1 AND i.public_id = $2 AND c.purged_at IS NULL`, tenantID, identityPublicID).Scan(&pub, &enc, &caseID)
	if err != nil {
		return d, notFound(err, "protection.not_found", "victim details")
	}
	if d, err = s.openVictimDetails(ctx, tenantID, pub, enc); err != nil {
		return d, err
	}
	d.CaseID = caseID
	if d.VillageCode != "" {
		if r, err := s.Region(ctx, d.VillageCode); err == nil {
			d.VillageName = r.Name
		}
	}
	return d, nil
}

// ProtectionPerpetrators returns a case's perpetrators, names opened (the
// caller reads them under the case's audited read).
func (s *Store) ProtectionPerpetrators(ctx context.Context, tenantID, caseID int64) ([]ProtectionPerpetrator, error) {
	rows, err := s.db.R.QueryContext(ctx, `SELECT p.id, p.public_id, p.name_enc, p.sex, p.age, p.relation, COALESCE(p.employee_id, 0), COALESCE(e.name, ''), COALESCE(e.nip, ''),
		COALESCE(p.discipline_case_id, 0), COALESCE(d.public_id, ''), COALESCE(d.number, '')
		FROM protection_perpetrators p LEFT JOIN employees e ON e.id = p.employee_id LEFT JOIN discipline_cases d ON d.id = p.discipline_case_id
		WHERE p.tenant_id = $1 AND p.case_id = $2 ORDER BY p.id`, tenantID, caseID)
	if err != nil {
		return nil, apperr.Wrap(err, "perpetrators")
	}
	defer rows.Close()
	var out []ProtectionPerpetrator
	for rows.Next() {
		var p ProtectionPerpetrator
		var name vault.Ciphertext
		var sex, rel string
		if err := rows.Scan(&p.ID, &p.PublicID, &name, &sex, &p.Age, &rel, &p.EmployeeID, &p.EmployeeName, &p.EmployeeNIP,
			&p.DisciplineCaseID, &p.DisciplineCasePub, &p.DisciplineCaseNum); err != nil {
			return nil, apperr.Wrap(err, "scan perpetrator")
		}
		p.Sex, p.Relation = protection.Sex(sex), protection.Relation(rel)
		if p.Name, err = s.openOptional(ctx, s.place(tenantID, "protection_perpetrators", "name_enc", p.PublicID), name); err != nil {
			return nil, apperr.Wrap(err, "open perpetrator")
		}
		out = append(out, p)
	}
	return out, apperr.Wrap(rows.Err(), "perpetrators")
}

// CaseTexts are a case's chronology and summary, opened.
type CaseTexts struct {
	Chronology vault.Secret
	Summary    vault.Secret
}

// OpenCaseTexts opens a case's chronology and summary and writes the
// reading into the audit trail in the same transaction (action names who
// read and why: protection.read for the case workers, protection.bridge.read
// for the discipline side reading what was consented).
func (s *Store) OpenCaseTexts(ctx context.Context, a Actor, tenantID int64, publicID, action string) (CaseTexts, error) {
	var t CaseTexts
	var chron, sum vault.Ciphertext
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, `SELECT chronology_enc, summary_enc FROM protection_cases WHERE tenant_id = $1 AND public_id = $2`, tenantID, publicID).Scan(&chron, &sum); err != nil {
			return notFound(err, "protection.not_found", "case texts")
		}
		return s.audit(ctx, tx, tenantID, a, action, "protection_case", publicID)
	})
	if err != nil {
		return t, err
	}
	if t.Chronology, err = s.openOptional(ctx, s.place(tenantID, "protection_cases", "chronology_enc", publicID), chron); err != nil {
		return t, apperr.Wrap(err, "open chronology")
	}
	t.Summary, err = s.openOptional(ctx, s.place(tenantID, "protection_cases", "summary_enc", publicID), sum)
	return t, apperr.Wrap(err, "open summary")
}

// RecordConsent records what a victim or guardian agreed to share.
func (s *Store) RecordConsent(ctx context.Context, a Actor, tenantID int64, publicID string, c protection.Consent) (protection.Consent, error) {
	c.PublicID, c.RecordedBy, c.RecordedAt = newPublicID(), a.UserID, s.Now()
	scopes := make([]string, len(c.Scopes))
	for i, sc := range c.Scopes {
		scopes[i] = string(sc)
	}
	err := s.changeProtectionCase(ctx, a, tenantID, publicID, "protection.consent.record", func(tx *sql.Tx, id int64) error {
		if c.VictimID != 0 {
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM protection_victims WHERE id = $1 AND case_id = $2`, c.VictimID, id).Scan(&n); err != nil || n == 0 {
				return apperr.InvalidField("victim", "protection.consent.victim", nil)
			}
		}
		return apperr.Wrap(tx.QueryRowContext(ctx, `INSERT INTO protection_consents (tenant_id, case_id, public_id, victim_id, recipient, scopes, given_by, given_on, recorded_by, recorded_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`, tenantID, id, c.PublicID, nullID(c.VictimID), string(c.Recipient),
			strings.Join(scopes, ","), string(c.GivenBy), c.GivenOn, nullID(a.UserID), c.RecordedAt).Scan(&c.ID), "insert consent")
	})
	return c, err
}

// WithdrawConsent ends a consent, also on a closed case; what was shared
// under it is not shared again from then on.
func (s *Store) WithdrawConsent(ctx context.Context, a Actor, tenantID int64, publicID, consentID string) error {
	return s.changeAnyProtectionCase(ctx, a, tenantID, publicID, "protection.consent.withdraw", true, func(tx *sql.Tx, id int64) error {
		res, err := tx.ExecContext(ctx, `UPDATE protection_consents SET withdrawn_at = $3, withdrawn_by = $4 WHERE case_id = $1 AND public_id = $2 AND withdrawn_at IS NULL`,
			id, consentID, s.Now(), nullID(a.UserID))
		if err != nil {
			return apperr.Wrap(err, "withdraw consent")
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return apperr.New(apperr.NotFound, "protection.consent.not_found")
		}
		return nil
	})
}

// Consents returns a case's consents, in force and withdrawn, oldest first.
func (s *Store) Consents(ctx context.Context, caseID int64) ([]protection.Consent, error) {
	rows, err := s.db.R.QueryContext(ctx, `SELECT id, public_id, COALESCE(victim_id, 0), recipient, scopes, given_by, given_on, COALESCE(recorded_by, 0), recorded_at,
		withdrawn_at, COALESCE(withdrawn_by, 0) FROM protection_consents WHERE case_id = $1 ORDER BY id`, caseID)
	if err != nil {
		return nil, apperr.Wrap(err, "consents")
	}
	defer rows.Close()
	var out []protection.Consent
	for rows.Next() {
		var c protection.Consent
		var rec, scopes, by string
		var withdrawn sql.NullTime
		if err := rows.Scan(&c.ID, &c.PublicID, &c.VictimID, &rec, &scopes, &by, &c.GivenOn, &c.RecordedBy, &c.RecordedAt, &withdrawn, &c.WithdrawnBy); err != nil {
			return nil, apperr.Wrap(err, "scan consent")
		}
		c.Recipient, c.GivenBy, c.WithdrawnAt = protection.Recipient(rec), protection.GivenBy(by), withdrawn.Time
		for _, sc := range strings.Split(scopes, ",") {
			if sc != "" {
				c.Scopes = append(c.Scopes, protection.Scope(sc))
			}
		}
		out = append(out, c)
	}
	return out, apperr.Wrap(rows.Err(), "consents")
}

// LinkedProtectionCases returns the protection cases whose perpetrators
// are linked to a discipline case: the other side of the bridge.
func (s *Store) LinkedProtectionCases(ctx context.Context, tenantID, disciplineCaseID int64) ([]ProtectionCase, error) {
	rows, err := s.db.R.QueryContext(ctx, `SELECT `+protectionCols+protectionFrom+` WHERE c.tenant_id = $1 AND c.id IN
		(SELECT case_id FROM protection_perpetrators WHERE discipline_case_id = $2) ORDER BY c.id`, tenantID, disciplineCaseID)
	if err != nil {
		return nil, apperr.Wrap(err, "linked protection cases")
	}
	defer rows.Close()
	var out []ProtectionCase
	for rows.Next() {
		c, err := scanProtectionCase(rows)
		if err != nil {
			return nil, apperr.Wrap(err, "scan linked")
		}
		out = append(out, c)
	}
	return out, apperr.Wrap(rows.Err(), "linked protection cases")
}

// openProtectionFromReport opens a protection case for a report's victim,
// in the desk's transaction. The report's time is when the victim's
// report reached the government: the TPKS clocks run from it. When the
// report names a civil servant, they are the case's first perpetrator,
// linked to the discipline case opened from the same report, if any.
func (s *Store) openProtectionFromReport(ctx context.Context, tx *sql.Tx, a Actor, tenantID, reportID int64, publicID string, rec uint64, at time.Time) (int64, error) {
	var reported time.Time
	var employee sql.NullInt64
	if err := tx.QueryRowContext(ctx, `SELECT created_at, employee_id FROM reports WHERE id = $1`, reportID).Scan(&reported, &employee); err != nil {
		return 0, apperr.Wrap(err, "report for protection case")
	}
	c := ProtectionCase{PublicID: publicID, TenantID: tenantID, Via: protection.ViaReport, ReportID: reportID, ReportedAt: reported, OpenedAt: at, recordKey: rec}
	if err := s.insertProtectionCase(ctx, tx, a, &c); err != nil {
		return 0, err
	}
	if err := s.refreshClocks(ctx, tx, c.ID); err != nil {
		return 0, err
	}
	if employee.Valid {
		var discipline sql.NullInt64
		if err := tx.QueryRowContext(ctx, `SELECT MAX(dc.id) FROM discipline_case_reports r JOIN discipline_cases dc ON dc.id = r.case_id
			WHERE r.report_id = $1 AND dc.employee_id = $2`, reportID, employee.Int64).Scan(&discipline); err != nil {
			return 0, apperr.Wrap(err, "discipline case of report")
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO protection_perpetrators (tenant_id, case_id, public_id, sex, age, relation, employee_id, discipline_case_id, created_by, created_at)
			VALUES ($1, $2, $3, '', -1, 'lainnya', $4, $5, $6, $7)`, tenantID, c.ID, newPublicID(), employee.Int64, discipline, nullID(a.UserID), at); err != nil {
			return 0, apperr.Wrap(err, "perpetrator from report")
		}
	}
	// Nobody works on it yet: the office's leads are told, to assign it;
	// a lead who is its perpetrator is not.
	if _, err := tx.ExecContext(ctx, `INSERT INTO notifications (tenant_id, user_id, kind, object_type, object_id, created_at, mail_state, mail_next_at)
		SELECT $1, u.id, 'protection.new', 'protection_case', $2, $3, CASE WHEN u.email <> '' THEN 'pending' ELSE 'none' END, $3
		FROM users u JOIN user_roles r ON r.user_id = u.id AND r.role = 'protection_lead'
		WHERE u.tenant_id = $1 AND u.disabled_at IS NULL`+notAccusedSQL("$4"), tenantID, publicID, s.Now(), c.ID); err != nil {
		return 0, apperr.Wrap(err, "notify leads")
	}
	return c.ID, nil
}

// bridgeFromReport links a discipline case opened from a report to the
// perpetrator rows of the protection cases opened from the same report
// about the same employee and not yet linked.
func (s *Store) bridgeFromReport(ctx context.Context, tx *sql.Tx, reportID, disciplineCaseID, employeeID int64) error {
	if employeeID == 0 {
		return nil
	}
	_, err := tx.ExecContext(ctx, `UPDATE protection_perpetrators SET discipline_case_id = $1
		WHERE employee_id = $2 AND discipline_case_id IS NULL AND case_id IN (SELECT id FROM protection_cases WHERE report_id = $3)`,
		disciplineCaseID, employeeID, reportID)
	return apperr.Wrap(err, "bridge from report")
}

// DisciplineTrack is what the protection side may know of a linked
// discipline case: where it stands and when it moved, never its record of
// examination, statements or parties.
type DisciplineTrack struct {
	PublicID  string
	Number    string
	Status    string
	Stage     string
	DueWhat   string
	DueBy     calendar.Date
	OpenedAt  time.Time
	LastMoved time.Time
	Steps     []TrackStep
}

// TrackStep is a step of a discipline case without its content: its kind,
// its day and, for a decision or a remedy, the sanction.
type TrackStep struct {
	Kind     string
	Day      calendar.Date
	Sanction string
	Outcome  string
}

// DisciplineTrack returns a discipline case of the tenant as the protection
// side sees it.
func (s *Store) DisciplineTrack(ctx context.Context, tenantID, caseID int64) (DisciplineTrack, error) {
	var t DisciplineTrack
	err := s.db.R.QueryRowContext(ctx, `SELECT public_id, number, status, stage, due_what, due_by, opened_at FROM discipline_cases WHERE tenant_id = $1 AND id = $2`,
		tenantID, caseID).Scan(&t.PublicID, &t.Number, &t.Status, &t.Stage, &t.DueWhat, &t.DueBy, &t.OpenedAt)
	if err != nil {
		return t, notFound(err, "case.not_found", "discipline track")
	}
	t.LastMoved = t.OpenedAt
	steps, err := s.stepsOf(ctx, s.db.R, tenantID, caseID)
	if err != nil {
		return t, err
	}
	for _, st := range steps {
		ts := TrackStep{Kind: st.Kind, Day: st.Day1, Sanction: string(st.Sanction)}
		if st.Kind == "resolve" {
			ts.Outcome = st.Outcome
		}
		t.Steps = append(t.Steps, ts)
		if st.CreatedAt.After(t.LastMoved) {
			t.LastMoved = st.CreatedAt
		}
	}
	return t, nil
}

// ProtectionStaff returns the government's active case workers and leads
// whom a case may be assigned to: not its perpetrators.
func (s *Store) ProtectionStaff(ctx context.Context, tenantID, caseID int64) ([]UserRef, error) {
	rows, err := s.db.R.QueryContext(ctx, `SELECT DISTINCT u.id, u.display_name FROM users u JOIN user_roles r ON r.user_id = u.id AND r.role IN ('protection','protection_lead')
		WHERE u.tenant_id = $1 AND u.disabled_at IS NULL`+notAccusedSQL("$2")+` ORDER BY u.display_name, u.id`, tenantID, caseID)
	if err != nil {
		return nil, apperr.Wrap(err, "protection staff")
	}
	defer rows.Close()
	var out []UserRef
	for rows.Next() {
		var r UserRef
		if err := rows.Scan(&r.ID, &r.Name); err != nil {
			return nil, apperr.Wrap(err, "scan staff")
		}
		out = append(out, r)
	}
	return out, apperr.Wrap(rows.Err(), "protection staff")
}

// IsPerpetrator reports whether an employee is a perpetrator of a case.
func (s *Store) IsPerpetrator(ctx context.Context, caseID, employeeID int64) (bool, error) {
	if employeeID == 0 {
		return false, nil
	}
	var n int
	err := s.db.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM protection_perpetrators WHERE case_id = $1 AND employee_id = $2`, caseID, employeeID).Scan(&n)
	return n > 0, apperr.Wrap(err, "is perpetrator")
}

// openVictimDetails opens the sealed details of the victim with the given
// public ID.
func (s *Store) openVictimDetails(ctx context.Context, tenantID int64, victimPublicID string, enc vault.Ciphertext) (VictimDetails, error) {
	var d VictimDetails
	sec, err := s.keys.Open(ctx, s.place(tenantID, "protection_victims", "details_enc", victimPublicID), enc)
	if err != nil {
		return d, apperr.Wrap(err, "open victim details")
	}
	return d, apperr.Wrap(json.Unmarshal(sec.Bytes(), &d), "victim details")
}
