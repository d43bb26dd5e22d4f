package store_test

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"sigap/internal/calendar"
	"sigap/internal/db"
	"sigap/internal/discipline"
	"sigap/internal/identity"
	"sigap/internal/testdb"
)

// Every instance runs the deadline watch: two passes at once still send
// each escalation once.
func TestWatchTwiceAtOnce(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		examiner := newUser(t, f, f.kab.ID, "pemeriksa", identity.Examiner)
		today := calendar.DateOf(f.s.Now(), time.FixedZone("WIB", 7*3600))
		const late = 30
		for i := range late {
			if _, err := d.W.Exec(`INSERT INTO discipline_cases (tenant_id, public_id, number, status, opened_at, stage, due_what, due_by)
				VALUES ($1, $2, $3, 'open', $4, 'summoned', 'case.due.examination', $5)`,
				f.kab.ID, fmt.Sprintf("late-%02d", i), fmt.Sprintf("KD/2026/%04d", i+1), f.s.Now(), today.AddDays(-1-i%5)); err != nil {
				t.Fatal(err)
			}
		}
		cal, err := f.s.Calendar(ctx, f.kab.ID)
		if err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		errs := make([]error, 2)
		for i := range errs {
			wg.Go(func() {
				_, errs[i] = f.s.WatchDeadlines(ctx, f.kab.ID, cal, discipline.DefaultWatch, today)
			})
		}
		wg.Wait()
		if errs[0] != nil || errs[1] != nil {
			t.Fatal(errs)
		}
		var escalated, told int
		d.R.QueryRow(`SELECT COUNT(*) FROM audit_events WHERE action = 'case.escalated'`).Scan(&escalated)
		d.R.QueryRow(`SELECT COUNT(*) FROM notifications WHERE user_id = $1 AND kind = 'case.late'`, examiner.ID).Scan(&told)
		if escalated != late || told != late {
			t.Errorf("%d escalations and %d notifications for %d late cases", escalated, told, late)
		}
	})
}
