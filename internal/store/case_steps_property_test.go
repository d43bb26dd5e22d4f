package store_test

import (
	"math/rand/v2"
	"testing"
	"time"

	"sigap/internal/calendar"
	"sigap/internal/db"
	"sigap/internal/discipline"
	"sigap/internal/identity"
	"sigap/internal/store"
	"sigap/internal/testdb"
)

// Random walks of steps through the store, as the case page takes them:
// every step accepted is stored with exactly one audit event in its
// transaction, every step refused leaves nothing, and the stage and due
// date kept on the case's row are always what its steps replay to.
func TestCaseStepsProperty(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		rows := importSmallRoster(t, f, 5)
		a := store.Actor{UserID: newUser(t, f, f.kab.ID, "pemeriksa", identity.Examiner).ID, TenantID: f.kab.ID}
		cal, err := f.s.Calendar(ctx, f.kab.ID)
		if err != nil {
			t.Fatal(err)
		}
		p, w := discipline.DefaultProcedure, discipline.DefaultWatch
		r := rand.New(rand.NewPCG(7, 7))
		base := calendar.DateOf(f.s.Now(), time.FixedZone("WIB", 7*3600)).AddDays(-120)
		kinds := []string{"summon", "missed", "examine", "decide", "dismiss", "deliver", "object", "resolve"}
		var accepted, refused int
		for walk := range 12 {
			emp, err := f.s.EmployeeByNIP(ctx, f.kab.ID, rows[walk%len(rows)].NIP.String())
			if err != nil {
				t.Fatal(err)
			}
			c, err := f.s.OpenCase(ctx, a, f.kab.ID, emp.ID)
			if err != nil {
				t.Fatal(err)
			}
			sanction := discipline.Sanctions[r.IntN(6)]
			for i := range 10 {
				day := base.AddDays(i*6 + r.IntN(3))
				st := store.Step{Kind: kinds[r.IntN(len(kinds))], Day1: day, Day2: day.AddDays(r.IntN(8))}
				if st.Kind == "decide" {
					st.Sanction = sanction
				}
				if st.Kind == "resolve" {
					st.Outcome = "uphold"
				}
				check := func(pc *discipline.Case) error {
					switch st.Kind {
					case "summon":
						return p.Summon(pc, cal, st.Day1, st.Day2)
					case "missed":
						return p.Missed(pc)
					case "examine":
						return p.Examine(pc, st.Day1)
					case "decide":
						return p.Decide(pc, st.Day1, sanction, []discipline.Sanction{sanction}, []discipline.Sanction{sanction})
					case "dismiss":
						return p.Dismiss(pc)
					case "deliver":
						return p.Deliver(pc, st.Day1, st.Day2)
					case "object":
						return p.Object(pc, cal, st.Day1)
					default:
						return p.Resolve(pc, discipline.Remedy{Outcome: "uphold", Date: st.Day1})
					}
				}
				before := auditSteps(t, d, c.PublicID)
				steps, _, _ := f.s.CaseProcedure(ctx, f.kab.ID, c.ID, p, cal)
				err := f.s.AddStep(ctx, a, f.kab.ID, c.PublicID, st, cal, check)
				after := auditSteps(t, d, c.PublicID)
				stepsAfter, pc, rerr := f.s.CaseProcedure(ctx, f.kab.ID, c.ID, p, cal)
				if rerr != nil {
					t.Fatalf("walk %d: replay: %v", walk, rerr)
				}
				switch {
				case err == nil && (after != before+1 || len(stepsAfter) != len(steps)+1):
					t.Fatalf("walk %d: %s accepted with %d audit events and %d steps added", walk, st.Kind, after-before, len(stepsAfter)-len(steps))
				case err != nil && (after != before || len(stepsAfter) != len(steps)):
					t.Fatalf("walk %d: %s refused (%v) but %d audit events and %d steps added", walk, st.Kind, err, after-before, len(stepsAfter)-len(steps))
				}
				if err == nil {
					accepted++
				} else {
					refused++
				}
				// The row says what the steps say; a decision whose day
				// passed waits for the watch to give it effect.
				var stage, what string
				var by calendar.Date
				if err := d.R.QueryRow(`SELECT stage, due_what, due_by FROM discipline_cases WHERE id = $1`, c.ID).Scan(&stage, &what, &by); err != nil {
					t.Fatal(err)
				}
				want, ok := w.Due(p, pc, cal, calendar.Date{})
				if stage != string(pc.Stage) || what != want.What || (ok && by != want.By) || (!ok && !by.IsZero()) {
					t.Fatalf("walk %d after %s: row %s %s %s, steps replay to %s %+v", walk, st.Kind, stage, what, by, pc.Stage, want)
				}
			}
		}
		if accepted < 20 || refused < 20 {
			t.Errorf("%d accepted, %d refused: the walks test too little", accepted, refused)
		}
	})
}

func auditSteps(t *testing.T, d *db.DB, casePublicID string) int {
	t.Helper()
	var n int
	if err := d.R.QueryRow(`SELECT COUNT(*) FROM audit_events WHERE object_id = $1 AND action LIKE 'case.step.%'`, casePublicID).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
