package store

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"sigap/internal/apperr"
	"sigap/internal/calendar"
	"sigap/internal/db"
	"sigap/internal/protection"
)

// The counts of protection cases are kept in protection_counts, one row per
// cell (government, month of the incident, district, form, sex, age band),
// written in the transaction of every change to a case that moves one of
// those dimensions. A cell's form, sex or age band may be "*", meaning any:
// a victim of a case with the forms fisik and psikis adds one to the cells
// (fisik|psikis|*) × (their sex|*) × (their band|*). A case adds one to each
// cell that at least one of its victims (or, for "*", the case itself)
// falls in. So every question with a fixed value or "any" in each dimension
// reads the cells that answer it directly, and the number of cases is exact
// too: a case with a girl and a boy counts once among all cases, once among
// girls' cases and once among boys'.
//
// Months wholly inside the period asked for are read from the cells; the
// days of a month cut by the period's ends are counted from the cases
// themselves (countBetween), so a date range is as exact as a year.

// countAny is the value of a dimension in a cell that counts every value.
const countAny = "*"

// countCell is one cell of protection_counts (without its government).
type countCell struct {
	month    int // yyyymm of the incident day
	district string
	form     string
	sex      string
	age      string
}

// countValue is what a cell holds, or a change to it.
type countValue struct{ victims, cases int }

// monthOf is the yyyymm of a day.
func monthOf(d calendar.Date) int { return d.Year()*100 + int(d.Month()) }

// caseCells returns what a case contributes to the counts as it stands in
// tx: nothing until its incident is recorded.
func (s *Store) caseCells(ctx context.Context, tx *sql.Tx, caseID int64) (map[countCell]countValue, error) {
	var occurred calendar.Date
	var district string
	if err := tx.QueryRowContext(ctx, `SELECT occurred_on, district_code FROM protection_cases WHERE id = $1`, caseID).Scan(&occurred, &district); err != nil {
		return nil, apperr.Wrap(err, "case for counts")
	}
	if occurred.IsZero() {
		return nil, nil
	}
	forms, err := queryStrings(ctx, tx, `SELECT form FROM protection_case_forms WHERE case_id = $1`, caseID)
	if err != nil {
		return nil, apperr.Wrap(err, "forms for counts")
	}
	rows, err := tx.QueryContext(ctx, `SELECT sex, age_group FROM protection_victims WHERE case_id = $1`, caseID)
	if err != nil {
		return nil, apperr.Wrap(err, "victims for counts")
	}
	var victims [][2]string
	for rows.Next() {
		var v [2]string
		if err := rows.Scan(&v[0], &v[1]); err != nil {
			rows.Close()
			return nil, apperr.Wrap(err, "scan victim for counts")
		}
		victims = append(victims, v)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, apperr.Wrap(err, "victims for counts")
	}
	return cellsOf(monthOf(occurred), district, forms, victims), nil
}

// cellsOf is the counting rule: the cells one case adds to, and by how
// much. countCellsSQL says the same in SQL; the tests hold the two together.
func cellsOf(month int, district string, forms []string, victims [][2]string) map[countCell]countValue {
	out := map[countCell]countValue{}
	for _, f := range append(slices.Clone(forms), countAny) {
		cell := func(sex, age string) countCell { return countCell{month, district, f, sex, age} }
		seen := map[countCell]bool{cell(countAny, countAny): true}
		for _, v := range victims {
			for _, sex := range []string{v[0], countAny} {
				for _, age := range []string{v[1], countAny} {
					c := cell(sex, age)
					n := out[c]
					n.victims++
					out[c] = n
					seen[c] = true
				}
			}
		}
		for c := range seen {
			n := out[c]
			n.cases = 1
			out[c] = n
		}
	}
	return out
}

// recountCase runs change in tx and moves the counts by what it changed
// of the case: the case's cells are read before and after. The caller
// holds the case's row (its lock, or its insert), so nothing else moves
// the case in between.
func (s *Store) recountCase(ctx context.Context, tx *sql.Tx, tenantID, caseID int64, change func() error) error {
	before, err := s.caseCells(ctx, tx, caseID)
	if err != nil {
		return err
	}
	if err := change(); err != nil {
		return err
	}
	after, err := s.caseCells(ctx, tx, caseID)
	if err != nil {
		return err
	}
	delta := map[countCell]countValue{}
	for c, v := range after {
		delta[c] = v
	}
	for c, v := range before {
		d := delta[c]
		d.victims -= v.victims
		d.cases -= v.cases
		delta[c] = d
	}
	return s.addCounts(ctx, tx, tenantID, delta)
}

// addCounts adds delta to the cells in one statement. Cells go in one
// order, so that two transactions touching the same cells on PostgreSQL
// wait for each other instead of deadlocking. A cell that falls to zero
// stays (the reads skip it).
func (s *Store) addCounts(ctx context.Context, tx *sql.Tx, tenantID int64, delta map[countCell]countValue) error {
	cells := make([]countCell, 0, len(delta))
	for c, v := range delta {
		if v != (countValue{}) {
			cells = append(cells, c)
		}
	}
	if len(cells) == 0 {
		return nil
	}
	slices.SortFunc(cells, func(a, b countCell) int {
		return cmp.Or(strings.Compare(a.form, b.form), strings.Compare(a.sex, b.sex), strings.Compare(a.age, b.age),
			cmp.Compare(a.month, b.month), strings.Compare(a.district, b.district))
	})
	args := make([]any, 0, len(cells)*8)
	for _, c := range cells {
		v := delta[c]
		args = append(args, tenantID, c.month, c.district, c.form, c.sex, c.age, v.victims, v.cases)
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO protection_counts (tenant_id, month, district_code, form, sex, age_group, victims, cases) VALUES `+
		s.db.Rows(len(cells), 8)+` ON CONFLICT (tenant_id, form, sex, age_group, month, district_code)
		DO UPDATE SET victims = protection_counts.victims + excluded.victims, cases = protection_counts.cases + excluded.cases`, args...)
	return apperr.Wrap(err, "protection counts")
}

func queryStrings(ctx context.Context, q querier, query string, args ...any) ([]string, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// countCellsSQL counts the cells of the cases chosen by where (over
// protection_cases c) from the cases themselves: the rule of cellsOf in
// SQL. It gives the columns tenant_id, month, district_code, form, sex,
// age_group, victims, cases. Migration 00014 fills the table with it.
func countCellsSQL(e db.Engine, where string) string {
	month := `CAST(strftime('%Y%m', c.occurred_on) AS INTEGER)`
	if e == db.Postgres {
		month = `CAST(EXTRACT(YEAR FROM c.occurred_on) * 100 + EXTRACT(MONTH FROM c.occurred_on) AS INTEGER)`
	}
	two := `(SELECT 0 AS k UNION ALL SELECT 1 AS k)`
	sex := `CASE WHEN x.k = 1 THEN '*' ELSE v.sex END`
	age := `CASE WHEN y.k = 1 THEN '*' ELSE v.age_group END`
	victims := ` FROM protection_cases c JOIN protection_victims v ON v.case_id = c.id CROSS JOIN ` + two + ` x CROSS JOIN ` + two + ` y`
	forms := ` JOIN protection_case_forms pf ON pf.case_id = c.id`
	w := ` WHERE c.occurred_on IS NOT NULL AND ` + where
	head := `c.tenant_id, ` + month + `, c.district_code`
	return `SELECT tenant_id, month, district_code, form, sex, age_group, SUM(victims) AS victims, SUM(cases) AS cases FROM (
		SELECT c.tenant_id AS tenant_id, ` + month + ` AS month, c.district_code AS district_code, pf.form AS form, ` + sex + ` AS sex, ` + age + ` AS age_group, 1 AS victims, 0 AS cases` + victims + forms + w + `
		UNION ALL SELECT ` + head + `, '*', ` + sex + `, ` + age + `, 1, 0` + victims + w + `
		UNION ALL SELECT tenant_id, month, district_code, form, sex, age_group, 0, 1 FROM (
			SELECT c.id AS id, c.tenant_id AS tenant_id, ` + month + ` AS month, c.district_code AS district_code, pf.form AS form, ` + sex + ` AS sex, ` + age + ` AS age_group` + victims + forms + w + `
			UNION SELECT c.id, ` + head + `, '*', ` + sex + `, ` + age + victims + w + `
			UNION SELECT c.id, ` + head + `, pf.form, '*', '*' FROM protection_cases c` + forms + w + `
			UNION SELECT c.id, ` + head + `, '*', '*', '*' FROM protection_cases c` + w + `
		) cs
	) u GROUP BY tenant_id, month, district_code, form, sex, age_group`
}

// RebuildProtectionCounts counts a government's cases again from the cases
// themselves and replaces its cells: the repair if the cells were ever
// found to differ (CheckProtectionCounts).
func (s *Store) RebuildProtectionCounts(ctx context.Context, a Actor, tenantID int64) error {
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM protection_counts WHERE tenant_id = $1`, tenantID); err != nil {
			return apperr.Wrap(err, "clear protection counts")
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO protection_counts (tenant_id, month, district_code, form, sex, age_group, victims, cases) `+
			countCellsSQL(s.db.Engine, `c.tenant_id = $1`), tenantID); err != nil {
			return apperr.Wrap(err, "rebuild protection counts")
		}
		return s.audit(ctx, tx, tenantID, a, "protection.counts.rebuild", "tenant", itoa(tenantID))
	})
}

// CheckProtectionCounts compares a government's cells with a count from
// the cases themselves and returns how many cells differ.
func (s *Store) CheckProtectionCounts(ctx context.Context, tenantID int64) (int, error) {
	read := func(q string) (map[countCell]countValue, error) {
		rows, err := s.db.R.QueryContext(ctx, q, tenantID)
		if err != nil {
			return nil, err
		}
		defer rows.Close()
		out := map[countCell]countValue{}
		for rows.Next() {
			var c countCell
			var v countValue
			var tenant int64
			if err := rows.Scan(&tenant, &c.month, &c.district, &c.form, &c.sex, &c.age, &v.victims, &v.cases); err != nil {
				return nil, err
			}
			if v != (countValue{}) {
				out[c] = v
			}
		}
		return out, rows.Err()
	}
	kept, err := read(`SELECT tenant_id, month, district_code, form, sex, age_group, victims, cases FROM protection_counts WHERE tenant_id = $1`)
	if err != nil {
		return 0, apperr.Wrap(err, "protection counts")
	}
	counted, err := read(countCellsSQL(s.db.Engine, `c.tenant_id = $1`))
	if err != nil {
		return 0, apperr.Wrap(err, "recount protection")
	}
	return differing(kept, counted), nil
}

// CountDimension is what a breakdown of the counts is by.
type CountDimension string

// The breakdowns.
const (
	ByTotal    CountDimension = ""
	ByDistrict CountDimension = "district"
	ByForm     CountDimension = "form"
	ByAgeSex   CountDimension = "age_sex"
	ByMonth    CountDimension = "month"
)

// CountFilter chooses the incidents counted: From and To bound the day of
// the incident (both included, both required); the others are "" for any.
type CountFilter struct {
	From, To calendar.Date
	District string
	Form     protection.Form
	Sex      protection.Sex
	AgeGroup protection.AgeGroup // a band; unknown ages are not a filter
}

// CountRow is one row of a breakdown: its keys (district code, form, age
// band and sex, or yyyymm month) and the numbers.
type CountRow struct {
	Key     string
	Key2    string // the sex, for ByAgeSex
	Victims int
	Cases   int
}

// ProtectionCounts returns a government's counts for f, broken down by
// dim; rows with nothing counted are left out. Whole months are read from
// the cells; the days of months cut by the period are counted from the
// cases themselves (countBetween). Each case has one day, so the two
// parts never count a case twice.
func (s *Store) ProtectionCounts(ctx context.Context, tenantID int64, f CountFilter, dim CountDimension) ([]CountRow, error) {
	if f.From.IsZero() || f.To.IsZero() || f.To.Before(f.From) {
		return nil, apperr.New(apperr.Invalid, "protection.stats.period.invalid")
	}
	keys := map[CountDimension]string{ByTotal: `''`, ByDistrict: `district_code`, ByForm: `form`, ByAgeSex: `age_group`, ByMonth: `month`}
	key, ok := keys[dim]
	if !ok {
		return nil, apperr.New(apperr.Invalid, "error.invalid_choice")
	}
	q := cellQuery{f: f, dim: dim}
	sums := map[[2]string]countValue{}
	fullFrom, fullTo, partial := splitMonths(f.From, f.To)
	if fullFrom <= fullTo {
		if err := s.sumCells(ctx, tenantID, q, key, fullFrom, fullTo, sums); err != nil {
			return nil, err
		}
	}
	for _, p := range partial {
		if err := s.countBetween(ctx, tenantID, p[0], p[1], q, sums); err != nil {
			return nil, err
		}
	}
	out := make([]CountRow, 0, len(sums))
	for k, v := range sums {
		if v != (countValue{}) {
			out = append(out, CountRow{Key: k[0], Key2: k[1], Victims: v.victims, Cases: v.cases})
		}
	}
	// Sorted here, byte by byte: PostgreSQL's collations may skip the dots
	// and dashes of codes and bands. Months are all six digits.
	slices.SortFunc(out, func(a, b CountRow) int { return cmp.Or(strings.Compare(a.Key, b.Key), strings.Compare(a.Key2, b.Key2)) })
	return out, nil
}

// cellQuery is a question: the filter and the breakdown.
type cellQuery struct {
	f   CountFilter
	dim CountDimension
}

// sumCells adds the cells of the months fullFrom..fullTo that answer q,
// summed by key.
func (s *Store) sumCells(ctx context.Context, tenantID int64, q cellQuery, key string, fullFrom, fullTo int, sums map[[2]string]countValue) error {
	var a db.Args
	in := func(vals []string) string {
		ps := make([]string, len(vals))
		for i, v := range vals {
			ps[i] = a.Add(v)
		}
		return strings.Join(ps, ", ")
	}
	cond := func(col, filter string, grouped bool, all []string) string {
		switch {
		case filter != "":
			return col + ` = ` + a.Add(filter)
		case grouped: // an IN list, not <> '*': the key's columns are searched by value
			return col + ` IN (` + in(all) + `)`
		}
		return col + ` = '*'`
	}
	var forms, groups []string
	for _, x := range protection.Forms {
		forms = append(forms, string(x))
	}
	for _, g := range protection.AgeGroups {
		groups = append(groups, string(g))
	}
	groups = append(groups, "") // unknown
	where := `tenant_id = ` + a.Add(tenantID) + ` AND ` + cond("form", string(q.f.Form), q.dim == ByForm, forms) +
		` AND ` + cond("sex", string(q.f.Sex), q.dim == ByAgeSex, []string{string(protection.Female), string(protection.Male)}) +
		` AND ` + cond("age_group", string(q.f.AgeGroup), q.dim == ByAgeSex, groups) +
		` AND month BETWEEN ` + a.Add(fullFrom) + ` AND ` + a.Add(fullTo)
	if q.f.District != "" {
		where += ` AND district_code = ` + a.Add(q.f.District)
	}
	key2 := `''`
	if q.dim == ByAgeSex {
		key2 = `sex`
	}
	var group []string
	for _, k := range []string{key, key2} {
		if k != `''` {
			group = append(group, k)
		}
	}
	sql := `SELECT ` + key + `, ` + key2 + `, CAST(COALESCE(SUM(victims), 0) AS BIGINT), CAST(COALESCE(SUM(cases), 0) AS BIGINT) FROM protection_counts WHERE ` + where
	if len(group) > 0 {
		sql += ` GROUP BY ` + strings.Join(group, ", ")
	}
	rows, err := s.db.Stats.QueryContext(ctx, sql, a...)
	if err != nil {
		return apperr.Wrap(err, "protection counts")
	}
	defer rows.Close()
	for rows.Next() {
		var k any
		var k2 string
		var v countValue
		if err := rows.Scan(&k, &k2, &v.victims, &v.cases); err != nil {
			return apperr.Wrap(err, "scan protection counts")
		}
		kk := [2]string{textOf(k), k2}
		n := sums[kk]
		n.victims += v.victims
		n.cases += v.cases
		sums[kk] = n
	}
	return apperr.Wrap(rows.Err(), "protection counts")
}

// countBetween adds the numbers of the cases whose incident falls
// from..to that answer q, counted from the cases themselves: victims as
// rows of victims (times forms, by form), cases as distinct cases. Days
// are grouped by their date and folded into months here.
func (s *Store) countBetween(ctx context.Context, tenantID int64, from, to calendar.Date, q cellQuery, sums map[[2]string]countValue) error {
	var a db.Args
	join := ` LEFT JOIN protection_victims v ON v.case_id = c.id`
	where := ` WHERE c.tenant_id = ` + a.Add(tenantID) + ` AND c.occurred_on BETWEEN ` + a.Add(from) + ` AND ` + a.Add(to)
	if q.f.District != "" {
		where += ` AND c.district_code = ` + a.Add(q.f.District)
	}
	if q.f.Sex != "" || q.f.AgeGroup != "" || q.dim == ByAgeSex {
		join = ` JOIN protection_victims v ON v.case_id = c.id` // only cases with a victim who answers
	}
	if q.f.Sex != "" {
		where += ` AND v.sex = ` + a.Add(string(q.f.Sex))
	}
	if q.f.AgeGroup != "" {
		where += ` AND v.age_group = ` + a.Add(string(q.f.AgeGroup))
	}
	if q.dim == ByForm {
		join += ` JOIN protection_case_forms pf ON pf.case_id = c.id`
		if q.f.Form != "" {
			where += ` AND pf.form = ` + a.Add(string(q.f.Form))
		}
	} else if q.f.Form != "" {
		where += ` AND EXISTS (SELECT 1 FROM protection_case_forms pf WHERE pf.case_id = c.id AND pf.form = ` + a.Add(string(q.f.Form)) + `)`
	}
	keys := map[CountDimension][2]string{ByTotal: {`''`, `''`}, ByDistrict: {`c.district_code`, `''`}, ByForm: {`pf.form`, `''`},
		ByAgeSex: {`v.age_group`, `v.sex`}, ByMonth: {`c.occurred_on`, `''`}}
	k := keys[q.dim]
	query := `SELECT ` + k[0] + `, ` + k[1] + `, COUNT(v.id), COUNT(DISTINCT c.id) FROM protection_cases c` + join + where
	var group []string
	for _, x := range k {
		if x != `''` {
			group = append(group, x)
		}
	}
	if len(group) > 0 {
		query += ` GROUP BY ` + strings.Join(group, ", ")
	}
	return apperr.Wrap(eachRow(ctx, s.db.R, query, a, func(scan func(...any) error) error {
		var k1 any
		var k2 string
		var v countValue
		if err := scan(&k1, &k2, &v.victims, &v.cases); err != nil {
			return err
		}
		key := [2]string{textOf(k1), k2}
		if q.dim == ByMonth {
			var day calendar.Date
			if err := day.Scan(k1); err != nil {
				return err
			}
			key[0] = strconv.Itoa(monthOf(day))
		}
		n := sums[key]
		n.victims += v.victims
		n.cases += v.cases
		sums[key] = n
		return nil
	}), "protection counts from cases")
}

// textOf is a scanned key as text.
func textOf(v any) string {
	switch v := v.(type) {
	case []byte:
		return string(v)
	case string:
		return v
	case nil:
		return ""
	}
	return fmt.Sprint(v)
}

// splitMonths splits the days from..to into the months wholly inside
// (fullFrom..fullTo as yyyymm, empty when fullFrom > fullTo) and at most
// two ranges of days of months cut by the ends.
func splitMonths(from, to calendar.Date) (fullFrom, fullTo int, partial [][2]calendar.Date) {
	first := func(d calendar.Date) calendar.Date { return calendar.NewDate(d.Year(), d.Month(), 1) }
	last := func(d calendar.Date) calendar.Date { return calendar.NewDate(d.Year(), d.Month()+1, 0) }
	addMonths := func(d calendar.Date, n int) calendar.Date {
		return calendar.NewDate(d.Year(), d.Month()+time.Month(n), 1)
	}
	if first(from) == first(to) {
		if from == first(from) && to == last(to) {
			return monthOf(from), monthOf(to), nil
		}
		return 1, 0, [][2]calendar.Date{{from, to}}
	}
	start, end := first(from), first(to)
	if from != first(from) {
		partial = append(partial, [2]calendar.Date{from, last(from)})
		start = addMonths(start, 1)
	}
	if to != last(to) {
		partial = append(partial, [2]calendar.Date{end, to})
		end = addMonths(end, -1)
	}
	if end.Before(start) {
		return 1, 0, partial
	}
	return monthOf(start), monthOf(end), partial
}
