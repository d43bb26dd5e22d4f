package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"sigap/internal/apperr"
	"sigap/internal/calendar"
	"sigap/internal/db"
	"sigap/internal/protection"
	"sigap/internal/vault"
)

// ExportVictim is one row of the export as read: the victim with their
// case, and their sealed details opened apart from the record (exact age,
// disability, address, birth date: the caller copies them into the record
// only under an unseal grant), nothing of the identity.
type ExportVictim struct {
	protection.ExportRecord
	CaseID     int64
	VictimID   int64
	IdentityID string // the sealed identity's public ID
	Details    VictimDetails
	AgeAt      int // years at the incident (from the birth date when known); -1 unknown
}

// MaxExportRows bounds an export; a larger one is narrowed by its filter.
const MaxExportRows = 50_000

// ProtectionExport returns the victims of a government's cases that f
// chooses (the same choice as the counts: incident day, district, form of
// the case, victim's sex and age band), oldest incident first; workerID,
// when not 0, keeps only the cases that user works on; notAbout, when not
// 0, leaves out the cases where that employee is a perpetrator. The region names,
// forms, perpetrators and services come with each.
func (s *Store) ProtectionExport(ctx context.Context, tenantID int64, f CountFilter, workerID, notAbout int64) ([]ExportVictim, error) {
	if s.keys == nil {
		return nil, apperr.Wrap(errNoVault, "protection export")
	}
	var a db.Args
	where := `c.tenant_id = ` + a.Add(tenantID) + ` AND c.purged_at IS NULL AND c.occurred_on BETWEEN ` + a.Add(f.From) + ` AND ` + a.Add(f.To)
	if f.District != "" {
		where += ` AND c.district_code = ` + a.Add(f.District)
	}
	if f.Form != "" {
		where += ` AND EXISTS (SELECT 1 FROM protection_case_forms pf WHERE pf.case_id = c.id AND pf.form = ` + a.Add(string(f.Form)) + `)`
	}
	if f.Sex != "" {
		where += ` AND v.sex = ` + a.Add(string(f.Sex))
	}
	if f.AgeGroup != "" {
		where += ` AND v.age_group = ` + a.Add(string(f.AgeGroup))
	}
	if workerID != 0 {
		where += ` AND c.id IN (SELECT case_id FROM protection_workers WHERE user_id = ` + a.Add(workerID) + `)`
	}
	if notAbout != 0 {
		where += ` AND c.id NOT IN (SELECT case_id FROM protection_perpetrators WHERE employee_id = ` + a.Add(notAbout) + `)`
	}
	rows, err := s.db.R.QueryContext(ctx, `SELECT c.id, c.number, c.occurred_on, c.reported_at, c.place_kind, c.village_code, COALESCE(rv.name, ''),
			COALESCE(rd.name, ''), v.id, v.public_id, i.public_id, v.sex, v.age_group, v.details_enc
		FROM protection_victims v JOIN protection_cases c ON c.id = v.case_id JOIN sealed_identities i ON i.id = v.identity_id
		LEFT JOIN regions rv ON rv.code = c.village_code LEFT JOIN regions rd ON rd.code = c.district_code
		WHERE `+where+fmt.Sprintf(` ORDER BY c.occurred_on, c.id, v.id LIMIT %d`, MaxExportRows+1), a...)
	if err != nil {
		return nil, apperr.Wrap(err, "protection export")
	}
	var out []ExportVictim
	var sealed []vault.Ciphertext
	var pubs []string
	for rows.Next() {
		var r ExportVictim
		var reported sql.NullTime
		var place, sex, group, pub string
		var enc vault.Ciphertext
		if err := rows.Scan(&r.CaseID, &r.Number, &r.OccurredOn, &reported, &place, &r.RegionCode, &r.Village, &r.District,
			&r.VictimID, &pub, &r.IdentityID, &sex, &group, &enc); err != nil {
			rows.Close()
			return nil, apperr.Wrap(err, "scan protection export")
		}
		if reported.Valid {
			r.ReportedOn = calendar.DateOf(reported.Time, protection.WIB)
		}
		r.Place, r.Sex, r.AgeGroup = protection.Place(place), protection.Sex(sex), protection.AgeGroup(group)
		out, sealed, pubs = append(out, r), append(sealed, enc), append(pubs, pub)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, apperr.Wrap(err, "protection export")
	}
	if len(out) > MaxExportRows {
		return nil, apperr.InvalidField("period", "protection.export.too_many", map[string]any{"Max": MaxExportRows})
	}
	for i := range out {
		if out[i].Details, err = s.openVictimDetails(ctx, tenantID, pubs[i], sealed[i]); err != nil {
			return nil, err
		}
		// The record keeps only the band and sex: an exact age or a
		// disability, with the village and the day, can single out a victim.
		out[i].Age, out[i].Disability = -1, ""
		out[i].AgeAt = out[i].Details.Age
		if birth, err := calendar.ParseDate(out[i].Details.BirthDate); err == nil && out[i].AgeAt < 0 && !out[i].OccurredOn.IsZero() {
			out[i].AgeAt = protection.AgeOn(birth, out[i].OccurredOn)
		}
	}
	return out, s.fillExport(ctx, out)
}

// fillExport adds the forms, perpetrators and services of the rows'
// cases, a few hundred cases per query.
func (s *Store) fillExport(ctx context.Context, out []ExportVictim) error {
	byCase := map[int64][]int{}
	var ids []any
	for i, r := range out {
		if _, ok := byCase[r.CaseID]; !ok {
			ids = append(ids, r.CaseID)
		}
		byCase[r.CaseID] = append(byCase[r.CaseID], i)
	}
	const chunk = 500
	for start := 0; start < len(ids); start += chunk {
		part := ids[start:min(start+chunk, len(ids))]
		in := `(` + db.Params(1, len(part)) + `)`
		if err := eachRow(ctx, s.db.R, `SELECT case_id, form FROM protection_case_forms WHERE case_id IN `+in+` ORDER BY case_id`, part, func(sc func(...any) error) error {
			var id int64
			var form string
			if err := sc(&id, &form); err != nil {
				return err
			}
			for _, i := range byCase[id] {
				out[i].Forms = append(out[i].Forms, protection.Form(form))
			}
			return nil
		}); err != nil {
			return apperr.Wrap(err, "export forms")
		}
		if err := eachRow(ctx, s.db.R, `SELECT case_id, sex, age, relation FROM protection_perpetrators WHERE case_id IN `+in+` ORDER BY id`, part, func(sc func(...any) error) error {
			var id int64
			var p protection.Perpetrator
			var sex, rel string
			if err := sc(&id, &sex, &p.Age, &rel); err != nil {
				return err
			}
			p.Sex, p.Relation = protection.Sex(sex), protection.Relation(rel)
			for _, i := range byCase[id] {
				out[i].Perpetrators = append(out[i].Perpetrators, p)
			}
			return nil
		}); err != nil {
			return apperr.Wrap(err, "export perpetrators")
		}
		// A service for the case as a whole (no victim) counts for each of
		// its victims.
		if err := eachRow(ctx, s.db.R, `SELECT case_id, COALESCE(victim_id, 0), kind, given_on, provider FROM protection_services WHERE case_id IN `+in+` ORDER BY given_on, id`, part, func(sc func(...any) error) error {
			var id, victim int64
			var sv protection.ExportService
			var kind string
			if err := sc(&id, &victim, &kind, &sv.On, &sv.Provider); err != nil {
				return err
			}
			sv.Kind = protection.Service(kind)
			for _, i := range byCase[id] {
				if victim == 0 || out[i].VictimID == victim {
					out[i].Services = append(out[i].Services, sv)
				}
			}
			return nil
		}); err != nil {
			return apperr.Wrap(err, "export services")
		}
	}
	for i := range out {
		// In Simfoni's order, whatever order they were stored in.
		var forms []protection.Form
		for _, f := range protection.Forms {
			for _, g := range out[i].Forms {
				if f == g {
					forms = append(forms, f)
				}
			}
		}
		out[i].Forms = forms
	}
	return nil
}

func eachRow(ctx context.Context, q querier, query string, args []any, fn func(scan func(...any) error) error) error {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows.Scan); err != nil {
			return err
		}
	}
	return rows.Err()
}

// ActiveUnsealGrants returns the sealed identities (public IDs) a user
// holds a running approval for at now.
func (s *Store) ActiveUnsealGrants(ctx context.Context, tenantID, userID int64, now time.Time) (map[string]bool, error) {
	ids, err := queryStrings(ctx, s.db.R, `SELECT i.public_id FROM unseal_requests r JOIN sealed_identities i ON i.id = r.identity_id
		WHERE r.tenant_id = $1 AND r.requester_id = $2 AND r.status = 'approved' AND r.expires_at > $3`, tenantID, userID, now)
	if err != nil {
		return nil, apperr.Wrap(err, "unseal grants")
	}
	out := map[string]bool{}
	for _, id := range ids {
		out[id] = true
	}
	return out, nil
}

// AuditProtectionExport writes an export into the audit trail: what was
// asked for (the filter, never the content).
func (s *Store) AuditProtectionExport(ctx context.Context, a Actor, tenantID int64, filter string) error {
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		return s.audit(ctx, tx, tenantID, a, "protection.export", "protection_export", filter)
	})
}

// ExportCodes returns a government's codes for Simfoni's lists.
func (s *Store) ExportCodes(ctx context.Context, tenantID int64) (protection.Codes, error) {
	out := protection.Codes{}
	err := eachRow(ctx, s.db.R, `SELECT list, value, code FROM protection_export_codes WHERE tenant_id = $1`, []any{tenantID}, func(sc func(...any) error) error {
		var list, value, code string
		if err := sc(&list, &value, &code); err != nil {
			return err
		}
		if out[list] == nil {
			out[list] = map[string]string{}
		}
		out[list][value] = code
		return nil
	})
	return out, apperr.Wrap(err, "export codes")
}

// SetExportCodes replaces a government's codes (checked by the caller);
// a value without a code, or whose code is the value itself, keeps no row.
func (s *Store) SetExportCodes(ctx context.Context, a Actor, tenantID int64, codes protection.Codes) error {
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM protection_export_codes WHERE tenant_id = $1`, tenantID); err != nil {
			return apperr.Wrap(err, "clear export codes")
		}
		now := s.Now()
		for _, l := range protection.CodeLists {
			for _, v := range l.Values {
				code := codes[l.Name][v]
				if code == "" || code == v {
					continue
				}
				if _, err := tx.ExecContext(ctx, `INSERT INTO protection_export_codes (tenant_id, list, value, code, updated_by, updated_at) VALUES ($1, $2, $3, $4, $5, $6)`,
					tenantID, l.Name, v, code, nullID(a.UserID), now); err != nil {
					return apperr.Wrap(err, "export code")
				}
			}
		}
		return s.audit(ctx, tx, tenantID, a, "protection.codes", "tenant", itoa(tenantID))
	})
}
