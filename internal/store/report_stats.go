package store

import (
	"context"
	"database/sql"
	"strconv"
	"strings"
	"time"

	"sigap/internal/apperr"
	"sigap/internal/calendar"
)

// ReportStats counts the tenant's reports the filter chooses, from
// report_facts: the database groups the facts of the period by every
// dimension the page shows (a few thousand groups for a year of a large
// regency) and by the days of the answers and closings; the working
// days and each unit's office are worked out here from the groups, with
// today's calendar and office tree, so that a holiday or a moved office
// changes the figures as it changes reportStatsRaw's.
func (s *Store) ReportStats(ctx context.Context, tenantID int64, f StatsFilter, cal *calendar.Calendar) (ReportStats, error) {
	v := ReportStats{ByCategory: map[string]int{}, ByMonth: map[string]int{}, ByDistrict: map[string]int{}, ByOffice: map[string]int{},
		ByStatus: map[string]int{}, ByChannel: map[string]int{}, ByMode: map[string]int{}, MonthCategory: map[[2]string]int{},
		MonthDistrict: map[[2]string]int{}}
	tree, err := s.officeTree(ctx, tenantID)
	if err != nil {
		return v, err
	}
	where, args := f.factsWhere(tenantID, tree, true)
	if where == "" {
		return v, nil // an office without units: nothing counted
	}
	offices := map[int64]string{} // unit → office key, once per unit
	officeOf := func(unit int64) string {
		of, ok := offices[unit]
		if !ok {
			of = tree.office(sql.NullInt64{Int64: unit, Valid: unit != 0})
			offices[unit] = of
		}
		return of
	}
	months := map[int]string{}
	err = s.eachRow(ctx, `SELECT month, category, channel, status, mode, district_code, unit_id, COUNT(*) FROM report_facts WHERE `+where+`
		GROUP BY month, category, channel, status, mode, district_code, unit_id`, args, func(rows *sql.Rows) error {
		var month, n int
		var unit int64
		var cat, channel, status, mode, district string
		if err := rows.Scan(&month, &cat, &channel, &status, &mode, &district, &unit, &n); err != nil {
			return err
		}
		m, ok := months[month]
		if !ok {
			m = strconv.Itoa(month/100) + "-" + twoDigits(month%100)
			months[month] = m
		}
		v.Total += n
		v.ByCategory[cat] += n
		v.ByMonth[m] += n
		v.ByDistrict[district] += n
		v.ByOffice[officeOf(unit)] += n
		v.ByStatus[status] += n
		v.ByChannel[channel] += n
		v.ByMode[mode] += n
		v.MonthCategory[[2]string{m, cat}] += n
		v.MonthDistrict[[2]string{m, district}] += n
		return nil
	})
	if err != nil {
		return v, apperr.Wrap(err, "report stats")
	}
	// The durations, from the groups of (day, day answered, day closed);
	// the working days between two days are counted once per pair.
	wd := map[[2]int]int{}
	between := func(from, to int) int {
		k := [2]int{from, to}
		n, ok := wd[k]
		if !ok {
			n = max(0, cal.WorkingDaysBetween(ymdDate(from), ymdDate(to)))
			wd[k] = n
		}
		return n
	}
	// Without the month: the days alone bound this read of its own index.
	where, args = f.factsWhere(tenantID, tree, false)
	err = s.eachRow(ctx, `SELECT day, responded, closed, mode, back, COUNT(*) FROM report_facts WHERE `+where+` AND (responded > 0 OR closed > 0)
		GROUP BY day, responded, closed, mode, back`, args, func(rows *sql.Rows) error {
		var day, responded, closed, back, n int
		var mode string
		if err := rows.Scan(&day, &responded, &closed, &mode, &back, &n); err != nil {
			return err
		}
		if responded > 0 {
			d := between(day, responded)
			for range n {
				v.FirstResponse = append(v.FirstResponse, d)
			}
			if mode == "anonymous" {
				v.AnonAnswered += n
				v.AnonReturned += back * n
			}
		}
		if closed > 0 {
			d := between(day, closed)
			for range n {
				v.Closing = append(v.Closing, d)
			}
		}
		return nil
	})
	return v, apperr.Wrap(err, "report durations")
}

// ymdDate is the day of a yyyymmdd number.
func ymdDate(n int) calendar.Date {
	return calendar.NewDate(n/10000, time.Month(n/100%100), n%100)
}

// factsWhere is the filter on report_facts with its arguments, bounding
// the months as well as the days when byMonth (the counts' index starts
// with the month); "" when it chooses an office without units.
func (f StatsFilter) factsWhere(tenantID int64, tree officeTree, byMonth bool) (string, []any) {
	from, to := f.From, f.To
	args := []any{tenantID, ymd(from), ymd(to)}
	where := `tenant_id = $1 AND day BETWEEN $2 AND $3`
	if byMonth {
		args = append(args, monthOf(from), monthOf(to))
		where += ` AND month BETWEEN $4 AND $5`
	}
	if f.District != "" {
		args = append(args, f.District)
		where += ` AND district_code = $` + strconv.Itoa(len(args))
	}
	if f.Category != "" {
		args = append(args, f.Category)
		where += ` AND category = $` + strconv.Itoa(len(args))
	}
	if want := f.officeKey(); want != "" {
		var ps []string
		for unit := range tree.parent {
			if tree.office(sql.NullInt64{Int64: unit, Valid: true}) == want {
				args = append(args, unit)
				ps = append(ps, "$"+strconv.Itoa(len(args)))
			}
		}
		if len(ps) == 0 {
			return "", nil
		}
		where += ` AND unit_id IN (` + strings.Join(ps, ", ") + `)`
	}
	return where, args
}

// ymd is a day as the yyyymmdd number report_facts keeps.
func ymd(d calendar.Date) int { return d.Year()*10000 + int(d.Month())*100 + d.Day() }
