package store_test

import (
	"regexp"
	"testing"

	"sigap/internal/apperr"
	"sigap/internal/calendar"
	"sigap/internal/db"
	"sigap/internal/discipline"
	"sigap/internal/nip"
	"sigap/internal/org"
	"sigap/internal/roster"
	"sigap/internal/store"
	"sigap/internal/testdb"
	"sigap/internal/vault"
)

// The BAP, the statements and the release of a case: sealed in the
// database, opened for the tenant only, written with their step under the
// case's lock, audited, and resealed with a new data key.
func TestCaseExamStore(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		f, _ := vaultFixture(t, d)
		a := store.Actor{TenantID: f.kab.ID}
		n, _ := nip.Parse("198504042010031004")
		if _, err := f.s.CreateUnit(ctx, a, f.kab.ID, org.UnitInput{Name: "Inspektorat", Kind: org.KindDinas}); err != nil {
			t.Fatal(err)
		}
		if _, problems, err := f.s.ImportEmployees(ctx, store.System, f.kab.ID, []roster.Row{{Line: 2, NIP: n, Name: "Staf Uji", Status: roster.PNS,
			Position: "Pengadministrasi Umum", Kind: roster.Pelaksana, Unit: "Inspektorat", State: roster.Active}}, store.ImportOptions{}); err != nil || len(problems) > 0 {
			t.Fatal(err, problems)
		}
		staff, _ := f.s.EmployeeByNIP(ctx, f.kab.ID, n.String())
		c, err := f.s.OpenCase(ctx, a, f.kab.ID, staff.ID)
		if err != nil {
			t.Fatal(err)
		}
		cal, err := f.s.Calendar(ctx, f.kab.ID)
		if err != nil {
			t.Fatal(err)
		}
		p := discipline.DefaultProcedure
		letter, exam := calendar.NewDate(2026, 7, 1), calendar.NewDate(2026, 7, 8)
		if err := f.s.AddStep(ctx, a, f.kab.ID, c.PublicID, store.Step{Kind: "summon", Day1: letter, Day2: exam}, cal,
			func(dc *discipline.Case) error { return p.Summon(dc, cal, letter, exam) }); err != nil {
			t.Fatal(err)
		}
		bap := discipline.Exam{Mode: "in_person", Place: "Ruang ZZRUANGZZ", Examiners: []string{"ZZPEMERIKSAZZ"}, Signature: "signed",
			QAs: []discipline.QA{{Q: "ZZTANYAZZ?", A: "ZZJAWABZZ."}}}
		examine := func(e discipline.Exam) error {
			return f.s.ExamineWithBAP(ctx, a, f.kab.ID, c.PublicID, store.Step{Kind: "examine", Day1: exam}, cal,
				func(dc *discipline.Case) error { return p.Examine(dc, exam) }, e)
		}
		if err := examine(bap); err != nil {
			t.Fatal(err)
		}
		// Examined twice: refused, and the BAP is not replaced.
		other := bap
		other.Place = "Tempat lain"
		wantCode(t, examine(other), apperr.Conflict)
		got, err := f.s.BAP(ctx, f.kab.ID, c.ID)
		if err != nil || got == nil || got.Place != bap.Place || got.QAs[0].A != "ZZJAWABZZ." || got.Examiners[0] != "ZZPEMERIKSAZZ" {
			t.Fatalf("BAP %+v %v", got, err)
		}
		if _, err := f.s.AddStatement(ctx, a, f.kab.ID, c.PublicID, discipline.Statement{Name: "ZZSAKSIZZ", Role: "victim", On: exam, Text: "ZZKATANYAZZ"}); err != nil {
			t.Fatal(err)
		}
		// A release the procedure refuses writes nothing.
		refuse := func(*discipline.Case) error { return apperr.New(apperr.Conflict, "case.release.not_berat") }
		wantCode(t, f.s.SetRelease(ctx, a, f.kab.ID, c.PublicID, cal, refuse, store.ReleaseInput{From: exam, ActingName: vault.NewSecret("ZZPLHZZ")}), apperr.Conflict)
		if from, _ := f.s.ReleaseFrom(ctx, f.kab.ID, c.ID); !from.IsZero() {
			t.Fatal("a refused release was written")
		}
		ok := func(*discipline.Case) error { return nil }
		if err := f.s.SetRelease(ctx, a, f.kab.ID, c.PublicID, cal, ok, store.ReleaseInput{From: exam, ActingName: vault.NewSecret("ZZPLHZZ")}); err != nil {
			t.Fatal(err)
		}
		wantCode(t, f.s.SetRelease(ctx, a, f.kab.ID, c.PublicID, cal, ok, store.ReleaseInput{From: exam, ActingName: vault.NewSecret("x")}), apperr.Conflict)
		wantCode(t, f.s.SetRelease(ctx, a, f.kab.ID, "nope", cal, ok, store.ReleaseInput{From: exam}), apperr.NotFound)

		// Nothing of it in clear, in any of its tables. The markers are
		// matched whole: two letters alone turn up in ciphertext by chance.
		planted := regexp.MustCompile(`ZZ[A-Z]{3,}ZZ`)
		for _, table := range []string{"discipline_examinations", "discipline_statements", "discipline_releases"} {
			rows, err := d.R.Query(`SELECT * FROM ` + table)
			if err != nil {
				t.Fatal(err)
			}
			cols, _ := rows.Columns()
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			found := 0
			for rows.Next() {
				found++
				rows.Scan(ptrs...)
				for i, v := range vals {
					if b, ok := v.([]byte); ok && planted.Match(b) || planted.MatchString(toString(v)) {
						t.Errorf("%s.%s holds clear text", table, cols[i])
					}
				}
			}
			rows.Close()
			if found != 1 {
				t.Errorf("%s: %d rows", table, found)
			}
		}

		// Opened for the page, audited once; another government gets
		// nothing even with the case's row ID, and nothing is audited.
		ce, err := f.s.OpenCaseExam(ctx, a, f.kab.ID, c.ID, c.PublicID)
		if err != nil || ce.BAP == nil || len(ce.Statements) != 1 || ce.Statements[0].Text != "ZZKATANYAZZ" || ce.Release == nil || ce.Release.ActingName != "ZZPLHZZ" {
			t.Fatalf("open: %+v %v", ce, err)
		}
		if ce, err := f.s.OpenCaseExam(ctx, store.Actor{TenantID: f.kot.ID}, f.kot.ID, c.ID, c.PublicID); err != nil || ce.BAP != nil || ce.Statements != nil || ce.Release != nil {
			t.Errorf("another government: %+v %v", ce, err)
		}
		wantCode(t, f.s.RemoveStatement(ctx, store.Actor{TenantID: f.kot.ID}, f.kot.ID, c.PublicID, ce.Statements[0].PublicID), apperr.NotFound)
		if _, err := f.s.AddStatement(ctx, store.Actor{TenantID: f.kot.ID}, f.kot.ID, c.PublicID, discipline.Statement{Name: "x", Role: "other", On: exam, Text: "x"}); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("another government adding a statement: %v", err)
		}
		events, _ := f.s.AuditEvents(ctx, store.AuditFilter{Chain: f.kab.ID, Limit: 100})
		counts := map[string]int{}
		for _, e := range events {
			if e.ObjectID == c.PublicID {
				counts[e.Action]++
			}
		}
		for action, want := range map[string]int{"case.bap.save": 1, "case.step.examine": 1, "case.statement.add": 1, "case.release.set": 1, "case.exam.read": 1} {
			if counts[action] != want {
				t.Errorf("%s audited %d times, want %d", action, counts[action], want)
			}
		}

		// A new data key: the examination's fields move to it and still open.
		if _, err := f.s.AddDataKeyVersion(ctx, a, f.kab.ID); err != nil {
			t.Fatal(err)
		}
		if n, err := f.s.ResealTenant(ctx, f.kab.ID, 10); err != nil || n < 3 {
			t.Fatalf("resealed %d: %v", n, err)
		}
		if ce, err := f.s.OpenCaseExam(ctx, a, f.kab.ID, c.ID, c.PublicID); err != nil || ce.BAP.QAs[0].Q != "ZZTANYAZZ?" || ce.Release.ActingName != "ZZPLHZZ" {
			t.Fatalf("after rotation: %v", err)
		}
		if err := f.s.RemoveStatement(ctx, a, f.kab.ID, c.PublicID, ce.Statements[0].PublicID); err != nil {
			t.Fatal(err)
		}
		wantCode(t, f.s.RemoveStatement(ctx, a, f.kab.ID, c.PublicID, ce.Statements[0].PublicID), apperr.NotFound)
	})
}

func toString(v any) string {
	if s, ok := v.(string); ok {
		return s
	}
	return ""
}
