package store_test

import (
	"database/sql"
	"fmt"
	mrand "math/rand/v2"
	"strings"
	"testing"
	"time"

	"sigap/internal/calendar"
	"sigap/internal/discipline"
	"sigap/internal/identity"
	"sigap/internal/store"
	"sigap/internal/testdb"
)

// dueBenchCases is the size the due lists must answer in 100 ms at.
const dueBenchCases = 100_000

// BenchmarkDueCases measures the due lists over 100,000 open cases of one
// government, each about an employee of the 100,000 roster, handled by 40
// examiners, due dates spread over four months around today, a third of
// them late. Each operation is what the page does: the counts and one
// page of 50.
//
//   - tenant/first: the government's list, first page (the late ones);
//
//   - tenant/last: its last page (offset 99,950);
//
//   - handler/first: one examiner's list (about 2,500 cases);
//
//   - watch: one pass of the deadline watch with nothing left to send;
//
//   - ceiling: the case list's first page of 50 by id, no counting.
//
//     go test -run '^$' -bench BenchmarkDueCases -count 3 ./internal/store/
func BenchmarkDueCases(b *testing.B) {
	for _, e := range testdb.Engines() {
		s, tenantID := empLoaded(b, e)
		handlers := dueSeed(b, s, tenantID)
		cal, err := s.Calendar(ctx, tenantID)
		if err != nil {
			b.Fatal(err)
		}
		today := calendar.DateOf(s.Now(), time.FixedZone("WIB", 7*3600))
		list := func(b *testing.B, f store.DueFilter, want int) {
			for b.Loop() {
				items, n, err := s.DueCases(ctx, tenantID, today, f)
				if err != nil || len(items) != want || n.All == 0 || n.Late == 0 {
					b.Fatalf("%d items, %+v, %v", len(items), n, err)
				}
			}
		}
		b.Run(string(e)+"/tenant/first", func(b *testing.B) { list(b, store.DueFilter{Limit: 50}, 50) })
		b.Run(string(e)+"/tenant/last", func(b *testing.B) { list(b, store.DueFilter{Offset: dueBenchCases - 50, Limit: 50}, 50) })
		b.Run(string(e)+"/handler/first", func(b *testing.B) { list(b, store.DueFilter{HandlerID: handlers[7], Limit: 50}, 50) })
		b.Run(string(e)+"/watch", func(b *testing.B) {
			for b.Loop() {
				if r, err := s.WatchDeadlines(ctx, tenantID, cal, discipline.DefaultWatch, today); err != nil || r != (store.WatchResult{}) {
					b.Fatalf("%+v %v", r, err)
				}
			}
		})
		b.Run(string(e)+"/ceiling", func(b *testing.B) {
			for b.Loop() {
				if cs, _, err := s.DisciplineCases(ctx, tenantID, store.CaseQuery{Limit: 50}); err != nil || len(cs) != 50 {
					b.Fatal(len(cs), err)
				}
			}
		})
	}
}

// dueSeed writes 100,000 open cases as the steps would leave them (stage,
// due date, handler; the alerts already sent) and returns the handlers.
func dueSeed(b *testing.B, s *store.Store, tenantID int64) []int64 {
	b.Helper()
	var handlers []int64
	for i := range 40 {
		u, err := s.CreateUser(ctx, store.System, store.NewUser{TenantID: tenantID, Username: fmt.Sprintf("pemeriksa%02d", i),
			DisplayName: fmt.Sprintf("Pemeriksa %02d", i), Roles: []identity.Role{identity.Examiner}, PasswordHash: "x"})
		if err != nil {
			b.Fatal(err)
		}
		handlers = append(handlers, u.ID)
	}
	var employees []int64
	rows, err := s.DB().R.QueryContext(ctx, `SELECT id FROM employees WHERE tenant_id = $1 ORDER BY id`, tenantID)
	if err != nil {
		b.Fatal(err)
	}
	for rows.Next() {
		var id int64
		rows.Scan(&id)
		employees = append(employees, id)
	}
	rows.Close()
	today := calendar.DateOf(s.Now(), time.FixedZone("WIB", 7*3600))
	whats := []struct{ stage, what string }{{"summoned", "case.due.examination"}, {"summoned", "case.due.second_summons"},
		{"decided", "case.due.delivery"}, {"open", discipline.DueFirstSummons}}
	rng := mrand.New(mrand.NewPCG(6, 6))
	now := s.Now()
	const batch = 500
	for start := 0; start < dueBenchCases; start += batch {
		var sb strings.Builder
		sb.WriteString(`INSERT INTO discipline_cases (tenant_id, public_id, number, employee_id, status, opened_at, stage, due_what, due_by,
			handler_id, reminded_for, escalated_for) VALUES `)
		args := []any{tenantID, now}
		for i := start; i < start+batch; i++ {
			w := whats[rng.IntN(len(whats))]
			by := today.AddDays(rng.IntN(120) - 40)
			key := w.what + "@" + by.String()
			if i > start {
				sb.WriteString(",")
			}
			n := len(args)
			fmt.Fprintf(&sb, "($1, $%d, $%d, $%d, 'open', $2, $%d, $%d, $%d, $%d, $%d, $%d)", n+1, n+2, n+3, n+4, n+5, n+6, n+7, n+8, n+9)
			args = append(args, fmt.Sprintf("bench-%06d", i), fmt.Sprintf("KD/2026/%06d", i), employees[i%len(employees)],
				w.stage, w.what, by, handlers[rng.IntN(len(handlers))], key, key)
		}
		if err := s.DB().Tx(ctx, func(tx *sql.Tx) error {
			_, err := tx.ExecContext(ctx, sb.String(), args...)
			return err
		}); err != nil {
			b.Fatal(err)
		}
	}
	if _, err := s.DB().W.ExecContext(ctx, `ANALYZE`); err != nil {
		b.Fatal(err)
	}
	return handlers
}
