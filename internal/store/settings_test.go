package store_test

import (
	"testing"

	"sigap/internal/calendar"
	"sigap/internal/db"
	"sigap/internal/discipline"
	"sigap/internal/store"
	"sigap/internal/testdb"
)

// A government's settings are its own and default until set; a decision
// keeps the set of "sedang" sanctions it was taken under (PP 94 Ps 42)
// when the setting changes afterwards; letter wordings are set and reset
// per government.
func TestProcedureSettingsStore(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		f, rows := rosterFixture(t, d, 1)
		if st, err := f.s.ProcedureSettings(ctx, f.kab.ID); err != nil || st != discipline.DefaultSettings() {
			t.Fatalf("defaults: %+v %v", st, err)
		}
		if _, problems := importRows(t, f, f.kab.ID, rows, store.ImportOptions{}); len(problems) > 0 {
			t.Fatal(problems)
		}
		e, err := f.s.EmployeeByNIP(ctx, f.kab.ID, rows[0].NIP.String())
		if err != nil {
			t.Fatal(err)
		}
		cal, err := f.s.Calendar(ctx, f.kab.ID)
		if err != nil {
			t.Fatal(err)
		}
		decide := func(p discipline.Procedure, s discipline.Sanction) string {
			t.Helper()
			c, err := f.s.OpenCase(ctx, store.System, f.kab.ID, e.ID)
			if err != nil {
				t.Fatal(err)
			}
			day := func(s string) calendar.Date { x, _ := calendar.ParseDate(s); return x }
			steps := []struct {
				st    store.Step
				check func(*discipline.Case) error
			}{
				{store.Step{Kind: "summon", Day1: day("2026-07-01"), Day2: day("2026-07-03")}, func(c *discipline.Case) error { return p.Summon(c, cal, day("2026-07-01"), day("2026-07-03")) }},
				{store.Step{Kind: "examine", Day1: day("2026-07-03")}, func(c *discipline.Case) error { return p.Examine(c, day("2026-07-03")) }},
				{store.Step{Kind: "decide", Day1: day("2026-07-06"), Sanction: s}, func(c *discipline.Case) error {
					return p.Decide(c, day("2026-07-06"), s, discipline.Sanctions, discipline.Sanctions)
				}},
			}
			for _, x := range steps {
				if err := f.s.AddStep(ctx, store.System, f.kab.ID, c.PublicID, x.st, cal, x.check); err != nil {
					t.Fatal(err)
				}
			}
			return c.PublicID
		}
		transitional := decide(discipline.DefaultProcedure, discipline.S2)
		st := discipline.DefaultSettings()
		st.SedangPP53, st.EffectInHK = false, false
		if err := f.s.SetProcedureSettings(ctx, store.System, f.kab.ID, st); err != nil {
			t.Fatal(err)
		}
		if got, _ := f.s.ProcedureSettings(ctx, f.kab.ID); got != st {
			t.Errorf("stored %+v, want %+v", got, st)
		}
		if got, _ := f.s.ProcedureSettings(ctx, f.kot.ID); got != discipline.DefaultSettings() {
			t.Errorf("the other government's settings changed: %+v", got)
		}
		current := decide(st.Procedure(), discipline.S2)
		for id, want := range map[string]string{transitional: "penundaan kenaikan pangkat selama 1 tahun", current: discipline.S2.NameID()} {
			c, _ := f.s.DisciplineCaseByID(ctx, f.kab.ID, id)
			_, pc, err := f.s.CaseProcedure(ctx, f.kab.ID, c.ID, st.Procedure(), cal)
			if err != nil {
				t.Fatal(err)
			}
			if got := pc.SanctionText().NameID; got != want {
				t.Errorf("%s: %q, want %q", c.Number, got, want)
			}
		}

		if err := f.s.SetLetterText(ctx, store.System, f.kab.ID, "decision.effect", "Berlaku pada {hari_berlaku}."); err != nil {
			t.Fatal(err)
		}
		if own, _ := f.s.LetterTexts(ctx, f.kab.ID); own["decision.effect"] != "Berlaku pada {hari_berlaku}." {
			t.Errorf("letter texts %v", own)
		}
		if own, _ := f.s.LetterTexts(ctx, f.kot.ID); len(own) != 0 {
			t.Errorf("the other government's texts: %v", own)
		}
		if err := f.s.ResetLetterText(ctx, store.System, f.kab.ID, "decision.effect"); err != nil {
			t.Fatal(err)
		}
		if own, _ := f.s.LetterTexts(ctx, f.kab.ID); len(own) != 0 {
			t.Errorf("after reset: %v", own)
		}
	})
}
