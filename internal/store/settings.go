package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"sigap/internal/apperr"
	"sigap/internal/discipline"
)

// ProcedureSettings returns the tenant's choices on its discipline
// procedure, the defaults where it has made none.
func (s *Store) ProcedureSettings(ctx context.Context, tenantID int64) (discipline.Settings, error) {
	return s.procedureSettings(ctx, s.db.R, tenantID)
}

func (s *Store) procedureSettings(ctx context.Context, q querier, tenantID int64) (discipline.Settings, error) {
	st := discipline.DefaultSettings()
	err := q.QueryRowContext(ctx, `SELECT number_format, effect_in_hk, summons_notice, sedang_pp53, remind_days, inaction_days
		FROM procedure_settings WHERE tenant_id = $1`,
		tenantID).Scan(&st.NumberFormat, &st.EffectInHK, &st.SummonsNotice, &st.SedangPP53, &st.RemindDays, &st.InactionDays)
	if errors.Is(err, sql.ErrNoRows) {
		return discipline.DefaultSettings(), nil
	}
	return st, apperr.Wrap(err, "procedure settings")
}

// SetProcedureSettings records the tenant's choices, checked by the
// caller, with an audit event. Numbers already given stay as they are: a
// new format applies to cases opened from now on.
func (s *Store) SetProcedureSettings(ctx context.Context, a Actor, tenantID int64, st discipline.Settings) error {
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO procedure_settings (tenant_id, number_format, effect_in_hk, summons_notice, sedang_pp53,
				remind_days, inaction_days, updated_by, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
			ON CONFLICT (tenant_id) DO UPDATE SET number_format = excluded.number_format, effect_in_hk = excluded.effect_in_hk,
				summons_notice = excluded.summons_notice, sedang_pp53 = excluded.sedang_pp53, remind_days = excluded.remind_days,
				inaction_days = excluded.inaction_days, updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
			tenantID, st.NumberFormat, st.EffectInHK, st.SummonsNotice, st.SedangPP53, st.RemindDays, st.InactionDays, nullID(a.UserID), s.Now()); err != nil {
			return apperr.Wrap(err, "set procedure settings")
		}
		if err := s.requestRecount(ctx, tx, tenantID); err != nil {
			return err
		}
		return s.audit(ctx, tx, tenantID, a, "procedure.settings", "tenant", itoa(tenantID))
	})
}

// caseNumberFormat is the tenant's case-number format, in tx; a stored
// format that no longer parses (a token retired by a new release) falls
// back to the default rather than stop cases being opened.
func (s *Store) caseNumberFormat(ctx context.Context, tx *sql.Tx, tenantID int64) (discipline.NumberFormat, error) {
	st, err := s.procedureSettings(ctx, tx, tenantID)
	if err != nil {
		return discipline.NumberFormat{}, err
	}
	f, err := discipline.ParseNumberFormat(st.NumberFormat)
	if err != nil {
		f, _ = discipline.ParseNumberFormat(discipline.DefaultNumberFormat)
	}
	return f, nil
}

// NextCaseNumberPreview is the number the tenant's next case would get
// this year under format f, without taking it.
func (s *Store) NextCaseNumberPreview(ctx context.Context, tenantID int64, f discipline.NumberFormat) (string, error) {
	at := s.Now().Add(7 * time.Hour) // Western Indonesian Time
	var last int
	err := s.db.R.QueryRowContext(ctx, `SELECT last FROM case_numbers WHERE tenant_id = $1 AND year = $2`, tenantID, at.Year()).Scan(&last)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return "", apperr.Wrap(err, "case number preview")
	}
	return f.Format(at.Year(), at.Month(), last+1), nil
}

// LetterTexts returns the tenant's own wording of letter text blocks, by
// block key.
func (s *Store) LetterTexts(ctx context.Context, tenantID int64) (map[string]string, error) {
	rows, err := s.db.R.QueryContext(ctx, `SELECT block, body FROM letter_texts WHERE tenant_id = $1`, tenantID)
	if err != nil {
		return nil, apperr.Wrap(err, "letter texts")
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var k, b string
		if err := rows.Scan(&k, &b); err != nil {
			return nil, apperr.Wrap(err, "scan letter text")
		}
		out[k] = b
	}
	return out, apperr.Wrap(rows.Err(), "letter texts")
}

// SetLetterText records the tenant's wording of one block, checked by the
// caller, with an audit event.
func (s *Store) SetLetterText(ctx context.Context, a Actor, tenantID int64, block, body string) error {
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO letter_texts (tenant_id, block, body, updated_by, updated_at) VALUES ($1, $2, $3, $4, $5)
			ON CONFLICT (tenant_id, block) DO UPDATE SET body = excluded.body, updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
			tenantID, block, body, nullID(a.UserID), s.Now()); err != nil {
			return apperr.Wrap(err, "set letter text")
		}
		return s.audit(ctx, tx, tenantID, a, "letter.text.set", "letter_text", block)
	})
}

// ResetLetterText drops the tenant's wording of one block: the default
// applies again.
func (s *Store) ResetLetterText(ctx context.Context, a Actor, tenantID int64, block string) error {
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM letter_texts WHERE tenant_id = $1 AND block = $2`, tenantID, block); err != nil {
			return apperr.Wrap(err, "reset letter text")
		}
		return s.audit(ctx, tx, tenantID, a, "letter.text.reset", "letter_text", block)
	})
}

// PPPKCatalogue returns the tenant's own catalogue of PPPK violations, in
// its order.
func (s *Store) PPPKCatalogue(ctx context.Context, tenantID int64) ([]discipline.PPPKEntry, error) {
	rows, err := s.db.R.QueryContext(ctx, `SELECT code, text, level FROM pppk_violations WHERE tenant_id = $1 ORDER BY position`, tenantID)
	if err != nil {
		return nil, apperr.Wrap(err, "pppk catalogue")
	}
	defer rows.Close()
	var out []discipline.PPPKEntry
	for rows.Next() {
		var e discipline.PPPKEntry
		var level string
		if err := rows.Scan(&e.Code, &e.Text, &level); err != nil {
			return nil, apperr.Wrap(err, "scan pppk violation")
		}
		e.Level = discipline.Level(level)
		out = append(out, e)
	}
	return out, apperr.Wrap(rows.Err(), "pppk catalogue")
}

// SetPPPKCatalogue replaces the tenant's PPPK catalogue with entries,
// checked by the caller, with an audit event.
func (s *Store) SetPPPKCatalogue(ctx context.Context, a Actor, tenantID int64, entries []discipline.PPPKEntry) error {
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM pppk_violations WHERE tenant_id = $1`, tenantID); err != nil {
			return apperr.Wrap(err, "clear pppk catalogue")
		}
		for i, e := range entries {
			if _, err := tx.ExecContext(ctx, `INSERT INTO pppk_violations (tenant_id, code, text, level, position) VALUES ($1, $2, $3, $4, $5)`,
				tenantID, e.Code, e.Text, string(e.Level), i); err != nil {
				return apperr.Wrap(err, "add pppk violation")
			}
		}
		return s.audit(ctx, tx, tenantID, a, "procedure.pppk", "tenant", itoa(tenantID))
	})
}
