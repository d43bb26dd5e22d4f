package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"time"

	"sigap/internal/apperr"
	"sigap/internal/calendar"
	"sigap/internal/discipline"
	"sigap/internal/vault"
)

// The examination part of a discipline case: the BAP (PP 94/2021 Ps 27,
// 32), the statements of other parties (Ps 30) and the temporary release
// from duties (Ps 31). What people said and who they are is sealed; every
// write and every opening for a page is audited.

// ExamRecord is a case's BAP, opened.
type ExamRecord struct {
	discipline.Exam
	UpdatedBy string
	UpdatedAt time.Time
}

// StatementRecord is a statement of another party, opened on the case
// page; on the removal page only its role and day are known (Name and
// Text stay empty).
type StatementRecord struct {
	PublicID string
	discipline.Statement
	CreatedBy string
	CreatedAt time.Time
}

// Release is a temporary release from duties as stored: from its day,
// with its acting official, an employee of the roster or a name typed in.
type Release struct {
	From           calendar.Date
	ActingEmployee int64
	ActingName     string
	ActingNIP      string
	ActingPosition string
	CreatedBy      string
	CreatedAt      time.Time
}

// ReleaseInput is a release to record: the acting official is either an
// employee of the tenant's roster or a name.
type ReleaseInput struct {
	From           calendar.Date
	ActingEmployee int64
	ActingName     vault.Secret
}

// sealedExam is the sealed part of a BAP, between sealing and opening.
type sealedExam struct {
	Place     string          `json:"place"`
	Examiners []string        `json:"examiners"`
	QAs       []discipline.QA `json:"qas,omitempty"`
}

// sealedStatement is the sealed part of a statement.
type sealedStatement struct {
	Name string `json:"name"`
	Text string `json:"text"`
}

func (s *Store) sealJSON(ctx context.Context, p vault.Place, v any) (vault.Ciphertext, error) {
	if s.keys == nil {
		return nil, errNoVault
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	return s.keys.Seal(ctx, p, vault.NewSecretBytes(b))
}

func (s *Store) openJSON(ctx context.Context, p vault.Place, c vault.Ciphertext, into any) error {
	if s.keys == nil {
		return errNoVault
	}
	plain, err := s.keys.Open(ctx, p, c)
	if err != nil {
		return err
	}
	return json.Unmarshal(plain.Bytes(), into)
}

// sealedBAP is a BAP sealed for its row, ready to be written.
type sealedBAP struct {
	publicID string
	exam     discipline.Exam
	content  vault.Ciphertext
}

// sealBAP seals a BAP under the record key of its case.
func (s *Store) sealBAP(ctx context.Context, tenantID int64, casePublicID string, e discipline.Exam) (sealedBAP, error) {
	b := sealedBAP{publicID: newPublicID(), exam: e}
	rec, err := s.recordKeyByPublicID(ctx, "discipline_cases", tenantID, casePublicID)
	if err != nil {
		return b, err
	}
	b.content, err = s.sealJSON(ctx, s.recordPlace(tenantID, "discipline_examinations", "content_enc", b.publicID, rec),
		sealedExam{Place: e.Place, Examiners: e.Examiners, QAs: e.QAs})
	return b, apperr.Wrap(err, "seal BAP")
}

// writeBAP writes a case's BAP in tx, replacing the one before (a
// correction takes a new row key, as its content is sealed anew).
func (s *Store) writeBAP(ctx context.Context, tx *sql.Tx, a Actor, tenantID, caseID int64, casePublicID string, b sealedBAP) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM discipline_examinations WHERE tenant_id = $1 AND case_id = $2`, tenantID, caseID); err != nil {
		return apperr.Wrap(err, "replace BAP")
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO discipline_examinations (tenant_id, case_id, public_id, mode, signature, content_enc, updated_by, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, tenantID, caseID, b.publicID, b.exam.Mode, b.exam.Signature, b.content, nullID(a.UserID), s.Now()); err != nil {
		return apperr.Wrap(err, "write BAP")
	}
	return s.audit(ctx, tx, tenantID, a, "case.bap.save", "discipline_case", casePublicID)
}

// ExamineWithBAP takes the examination step (check runs it on the
// replayed case) and writes its BAP in the same transaction.
func (s *Store) ExamineWithBAP(ctx context.Context, a Actor, tenantID int64, casePublicID string, st Step, cal *calendar.Calendar,
	check func(*discipline.Case) error, e discipline.Exam) error {
	b, err := s.sealBAP(ctx, tenantID, casePublicID, e)
	if err != nil {
		return err
	}
	return s.AddStep(ctx, a, tenantID, casePublicID, st, cal, check, func(tx *sql.Tx, caseID int64) error {
		return s.writeBAP(ctx, tx, a, tenantID, caseID, casePublicID, b)
	})
}

// SaveBAP records or corrects the BAP of a case whose examination was
// recorded; check says whether the case's stage allows it.
func (s *Store) SaveBAP(ctx context.Context, a Actor, tenantID int64, casePublicID string, cal *calendar.Calendar,
	check func(*discipline.Case) error, e discipline.Exam) error {
	b, err := s.sealBAP(ctx, tenantID, casePublicID, e)
	if err != nil {
		return err
	}
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		cs, err := s.lockedCase(ctx, tx, tenantID, casePublicID, cal)
		if err != nil {
			return err
		}
		id, c := cs.id, cs.c
		if err := check(c); err != nil {
			return err
		}
		return s.writeBAP(ctx, tx, a, tenantID, id, casePublicID, b)
	})
}

// BAP returns a case's BAP opened, nil when none was recorded. It does
// not audit: its callers do (the page's reading, a letter's generation).
func (s *Store) BAP(ctx context.Context, tenantID, caseID int64) (*ExamRecord, error) {
	return s.bap(ctx, s.db.R, tenantID, caseID)
}

// bapRow is a BAP read, still sealed.
type bapRow struct {
	rec      ExamRecord
	publicID string
	content  vault.Ciphertext
}

func (s *Store) bapRow(ctx context.Context, q querier, tenantID, caseID int64) (*bapRow, error) {
	var r bapRow
	err := q.QueryRowContext(ctx, `SELECT x.public_id, x.mode, x.signature, x.content_enc, COALESCE(u.display_name, ''), x.updated_at
		FROM discipline_examinations x LEFT JOIN users u ON u.id = x.updated_by WHERE x.tenant_id = $1 AND x.case_id = $2`, tenantID, caseID).
		Scan(&r.publicID, &r.rec.Mode, &r.rec.Signature, &r.content, &r.rec.UpdatedBy, &r.rec.UpdatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	return &r, apperr.Wrap(err, "BAP")
}

func (s *Store) openBAP(ctx context.Context, tenantID int64, r *bapRow) (*ExamRecord, error) {
	if r == nil {
		return nil, nil
	}
	var c sealedExam
	if err := s.openJSON(ctx, s.place(tenantID, "discipline_examinations", "content_enc", r.publicID), r.content, &c); err != nil {
		return nil, apperr.Wrap(err, "open BAP")
	}
	r.rec.Place, r.rec.Examiners, r.rec.QAs = c.Place, c.Examiners, c.QAs
	return &r.rec, nil
}

func (s *Store) bap(ctx context.Context, q querier, tenantID, caseID int64) (*ExamRecord, error) {
	r, err := s.bapRow(ctx, q, tenantID, caseID)
	if err != nil {
		return nil, err
	}
	return s.openBAP(ctx, tenantID, r)
}

// statementRow is a statement read, still sealed.
type statementRow struct {
	rec     StatementRecord
	content vault.Ciphertext
}

func (s *Store) statementRows(ctx context.Context, q querier, tenantID, caseID int64) ([]statementRow, error) {
	rows, err := q.QueryContext(ctx, `SELECT st.public_id, st.role, st.taken_on, st.content_enc, COALESCE(u.display_name, ''), st.created_at
		FROM discipline_statements st LEFT JOIN users u ON u.id = st.created_by WHERE st.tenant_id = $1 AND st.case_id = $2 ORDER BY st.taken_on, st.id`, tenantID, caseID)
	if err != nil {
		return nil, apperr.Wrap(err, "statements")
	}
	defer rows.Close()
	var out []statementRow
	for rows.Next() {
		var r statementRow
		if err := rows.Scan(&r.rec.PublicID, &r.rec.Role, &r.rec.On, &r.content, &r.rec.CreatedBy, &r.rec.CreatedAt); err != nil {
			return nil, apperr.Wrap(err, "scan statement")
		}
		out = append(out, r)
	}
	return out, apperr.Wrap(rows.Err(), "statements")
}

// releaseRow is a release read, its typed name still sealed.
type releaseRow struct {
	rec      Release
	publicID string
	acting   vault.Ciphertext
}

func (s *Store) releaseRow(ctx context.Context, q querier, tenantID, caseID int64) (*releaseRow, error) {
	var r releaseRow
	err := q.QueryRowContext(ctx, `SELECT rl.public_id, rl.from_day, COALESCE(rl.acting_employee_id, 0), COALESCE(e.name, ''), COALESCE(e.nip, ''),
		COALESCE(e.position, ''), rl.acting_enc, COALESCE(u.display_name, ''), rl.created_at
		FROM discipline_releases rl LEFT JOIN employees e ON e.id = rl.acting_employee_id LEFT JOIN users u ON u.id = rl.created_by
		WHERE rl.tenant_id = $1 AND rl.case_id = $2`, tenantID, caseID).
		Scan(&r.publicID, &r.rec.From, &r.rec.ActingEmployee, &r.rec.ActingName, &r.rec.ActingNIP, &r.rec.ActingPosition, &r.acting, &r.rec.CreatedBy, &r.rec.CreatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	return &r, apperr.Wrap(err, "release")
}

func (s *Store) openRelease(ctx context.Context, tenantID int64, r *releaseRow) (*Release, error) {
	if r == nil {
		return nil, nil
	}
	if len(r.acting) > 0 {
		name, err := s.openOptional(ctx, s.place(tenantID, "discipline_releases", "acting_enc", r.publicID), r.acting)
		if err != nil {
			return nil, apperr.Wrap(err, "open release")
		}
		r.rec.ActingName = name.Reveal()
	}
	return &r.rec, nil
}

// CaseRelease returns a case's temporary release, nil when there is none.
// Its callers audit (a letter's generation).
func (s *Store) CaseRelease(ctx context.Context, tenantID, caseID int64) (*Release, error) {
	r, err := s.releaseRow(ctx, s.db.R, tenantID, caseID)
	if err != nil {
		return nil, err
	}
	return s.openRelease(ctx, tenantID, r)
}

// CaseExam is the examination part of a case, opened for its page.
type CaseExam struct {
	BAP        *ExamRecord
	Statements []StatementRecord
	Release    *Release
}

// OpenCaseExam reads the examination part of a case and, when there is
// sealed content to open, writes the reading into the audit trail in the
// same transaction (case.exam.read): nobody reads what was said at an
// examination without it being recorded.
func (s *Store) OpenCaseExam(ctx context.Context, a Actor, tenantID, caseID int64, casePublicID string) (CaseExam, error) {
	var out CaseExam
	var b *bapRow
	var sts []statementRow
	var rl *releaseRow
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		var err error
		if b, err = s.bapRow(ctx, tx, tenantID, caseID); err != nil {
			return err
		}
		if sts, err = s.statementRows(ctx, tx, tenantID, caseID); err != nil {
			return err
		}
		if rl, err = s.releaseRow(ctx, tx, tenantID, caseID); err != nil {
			return err
		}
		if b == nil && len(sts) == 0 && rl == nil {
			return nil
		}
		return s.audit(ctx, tx, tenantID, a, "case.exam.read", "discipline_case", casePublicID)
	})
	if err != nil {
		return out, err
	}
	if out.BAP, err = s.openBAP(ctx, tenantID, b); err != nil {
		return out, err
	}
	for _, r := range sts {
		var c sealedStatement
		if err := s.openJSON(ctx, s.place(tenantID, "discipline_statements", "content_enc", r.rec.PublicID), r.content, &c); err != nil {
			return out, apperr.Wrap(err, "open statement")
		}
		r.rec.Name, r.rec.Text = c.Name, c.Text
		out.Statements = append(out.Statements, r.rec)
	}
	out.Release, err = s.openRelease(ctx, tenantID, rl)
	return out, err
}

// AddStatement adds a statement of another party to an open case.
func (s *Store) AddStatement(ctx context.Context, a Actor, tenantID int64, casePublicID string, st discipline.Statement) (string, error) {
	publicID := newPublicID()
	rec, err := s.recordKeyByPublicID(ctx, "discipline_cases", tenantID, casePublicID)
	if err != nil {
		return "", err
	}
	content, err := s.sealJSON(ctx, s.recordPlace(tenantID, "discipline_statements", "content_enc", publicID, rec), sealedStatement{Name: st.Name, Text: st.Text})
	if err != nil {
		return "", apperr.Wrap(err, "seal statement")
	}
	return publicID, s.db.Tx(ctx, func(tx *sql.Tx) error {
		var id int64
		var status string
		if err := tx.QueryRowContext(ctx, `SELECT id, status FROM discipline_cases WHERE tenant_id = $1 AND public_id = $2`+s.db.ForUpdate(),
			tenantID, casePublicID).Scan(&id, &status); err != nil {
			return notFound(err, "case.not_found", "case")
		}
		if status != "open" {
			return apperr.New(apperr.Conflict, "case.closed")
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO discipline_statements (tenant_id, case_id, public_id, role, taken_on, content_enc, created_by, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, tenantID, id, publicID, st.Role, st.On, content, nullID(a.UserID), s.Now()); err != nil {
			return apperr.Wrap(err, "add statement")
		}
		return s.audit(ctx, tx, tenantID, a, "case.statement.add", "discipline_case", casePublicID)
	})
}

// Statement returns what may be known of a statement of a case without
// opening it: its role, day and who recorded it.
func (s *Store) Statement(ctx context.Context, tenantID int64, casePublicID, publicID string) (StatementRecord, error) {
	var r StatementRecord
	err := s.db.R.QueryRowContext(ctx, `SELECT st.public_id, st.role, st.taken_on, COALESCE(u.display_name, ''), st.created_at
		FROM discipline_statements st JOIN discipline_cases c ON c.id = st.case_id LEFT JOIN users u ON u.id = st.created_by
		WHERE st.tenant_id = $1 AND c.public_id = $2 AND st.public_id = $3`, tenantID, casePublicID, publicID).
		Scan(&r.PublicID, &r.Role, &r.On, &r.CreatedBy, &r.CreatedAt)
	return r, notFound(err, "case.statement.not_found", "statement")
}

// RemoveStatement removes a statement from an open case.
func (s *Store) RemoveStatement(ctx context.Context, a Actor, tenantID int64, casePublicID, publicID string) error {
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		var id int64
		var status string
		if err := tx.QueryRowContext(ctx, `SELECT id, status FROM discipline_cases WHERE tenant_id = $1 AND public_id = $2`+s.db.ForUpdate(),
			tenantID, casePublicID).Scan(&id, &status); err != nil {
			return notFound(err, "case.not_found", "case")
		}
		if status != "open" {
			return apperr.New(apperr.Conflict, "case.closed")
		}
		res, err := tx.ExecContext(ctx, `DELETE FROM discipline_statements WHERE tenant_id = $1 AND public_id = $2 AND case_id = $3`, tenantID, publicID, id)
		if err != nil {
			return apperr.Wrap(err, "remove statement")
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return apperr.New(apperr.NotFound, "case.statement.not_found")
		}
		return s.audit(ctx, tx, tenantID, a, "case.statement.remove", "discipline_case", casePublicID)
	})
}

// SetRelease records a temporary release from duties: check runs the
// procedure's rule on the replayed case under its row lock. A case has
// one release; it ends with the decision.
func (s *Store) SetRelease(ctx context.Context, a Actor, tenantID int64, casePublicID string, cal *calendar.Calendar,
	check func(*discipline.Case) error, in ReleaseInput) error {
	publicID := newPublicID()
	var acting vault.Ciphertext
	if in.ActingEmployee == 0 {
		rec, err := s.recordKeyByPublicID(ctx, "discipline_cases", tenantID, casePublicID)
		if err != nil {
			return err
		}
		if acting, err = s.sealOptional(ctx, s.recordPlace(tenantID, "discipline_releases", "acting_enc", publicID, rec), in.ActingName); err != nil {
			return apperr.Wrap(err, "seal release")
		}
	}
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		cs, err := s.lockedCase(ctx, tx, tenantID, casePublicID, cal)
		if err != nil {
			return err
		}
		id, c := cs.id, cs.c
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM discipline_releases WHERE case_id = $1`, id).Scan(&n); err != nil {
			return apperr.Wrap(err, "release")
		}
		if n > 0 {
			return apperr.New(apperr.Conflict, "case.release.exists")
		}
		if err := check(c); err != nil {
			return err
		}
		if in.ActingEmployee != 0 {
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM employees WHERE tenant_id = $1 AND id = $2`, tenantID, in.ActingEmployee).Scan(&n); err != nil || n == 0 {
				return apperr.InvalidField("acting", "employee.not_found", nil)
			}
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO discipline_releases (tenant_id, case_id, public_id, from_day, acting_employee_id, acting_enc, created_by, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, tenantID, id, publicID, in.From, nullID(in.ActingEmployee), acting, nullID(a.UserID), s.Now()); err != nil {
			return apperr.Wrap(err, "release")
		}
		return s.audit(ctx, tx, tenantID, a, "case.release.set", "discipline_case", casePublicID)
	})
}

// ReleaseFrom returns the day a case's release began, zero when there is
// none, without opening anything sealed.
func (s *Store) ReleaseFrom(ctx context.Context, tenantID, caseID int64) (calendar.Date, error) {
	var from calendar.Date
	err := s.db.R.QueryRowContext(ctx, `SELECT from_day FROM discipline_releases WHERE tenant_id = $1 AND case_id = $2`, tenantID, caseID).Scan(&from)
	if errors.Is(err, sql.ErrNoRows) {
		return from, nil
	}
	return from, apperr.Wrap(err, "release")
}
