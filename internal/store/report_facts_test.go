package store_test

import (
	"fmt"
	"io/fs"
	mrand "math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"sigap/internal/apperr"
	"sigap/internal/db"
	"sigap/internal/nip"
	"sigap/internal/org"
	"sigap/internal/report"
	"sigap/internal/roster"
	"sigap/internal/store"
	"sigap/internal/testdb"
	"sigap/internal/vault"
)

// The dashboard's report counts from report_facts equal the counts from
// the reports themselves, on both engines, for a varied data set written
// through the store's own writes (reports made over two years, verified,
// answered, closed, merged, linked to employees who then move office,
// anonymous reporters coming back, cases opened and rejections) and for
// every kind of filter the dashboard offers; and the facts kept equal the
// facts worked out again from the reports.
func TestReportFactsMatchRaw(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		f, _ := vaultFixture(t, d)
		s, tid := f.s, f.kab.ID
		a := store.Actor{TenantID: tid}
		at := func(day string, hour int) {
			tm := wibAt(day).Add(time.Duration(hour-10) * time.Hour)
			*f.clock = tm
		}
		var offices []int64
		unit := func(parent int64, name string) int64 {
			u, err := s.CreateUnit(ctx, a, tid, org.UnitInput{ParentID: parent, Name: name, Kind: org.KindDinas})
			if err != nil {
				t.Fatal(err)
			}
			return u.ID
		}
		for i := range 4 {
			offices = append(offices, unit(0, fmt.Sprintf("Dinas %d", i)))
		}
		sub := unit(offices[0], "Bidang 0.1")
		unitName := map[int64]string{sub: "Bidang 0.1"}
		for i, o := range offices {
			unitName[o] = fmt.Sprintf("Dinas %d", i)
		}
		units := append(slices.Clone(offices), sub)
		rng := mrand.New(mrand.NewPCG(24, 94))
		nips := make([]nip.NIP, 12)
		place := make([]int64, len(nips))
		importAll := func() {
			t.Helper()
			rows := make([]roster.Row, len(nips))
			for i, n := range nips {
				rows[i] = roster.Row{Line: i + 2, NIP: n, Name: fmt.Sprintf("Pegawai %d", i), Status: roster.PNS, Position: "Staf",
					Kind: roster.Pelaksana, Unit: unitName[place[i]], State: roster.Active}
			}
			if _, problems, err := s.ImportEmployees(ctx, store.System, tid, rows, store.ImportOptions{}); err != nil || len(problems) > 0 {
				t.Fatal(err, problems)
			}
		}
		for i := range nips {
			n, err := nip.Parse(fmt.Sprintf("19850404201003%04d", 1001+i))
			if err != nil {
				t.Fatal(err)
			}
			nips[i] = n
			place[i] = units[rng.IntN(len(units))]
		}
		var reports []report.Report
		cats := []string{"corruption", "sexual_violence", "abuse_of_power", "other"}
		modes := []report.Mode{report.Anonymous, report.Named, report.Confidential}
		channels := []report.Channel{report.Web, report.Phone, report.Letter}
		districts := []string{"", "36.04.01", "36.04.02"}
		create := func(day string, hour int) report.Report {
			t.Helper()
			at(day, hour)
			c := report.Checked{Category: cats[rng.IntN(len(cats))], Mode: modes[rng.IntN(len(modes))], Channel: channels[rng.IntN(len(channels))],
				Content: report.Content{What: vault.NewSecret("Uraian laporan uji."), DistrictCode: districts[rng.IntN(len(districts))]}}
			if c.Mode != report.Anonymous {
				c.ReporterName = vault.NewSecret("Pelapor Uji")
			}
			r, _, err := s.CreateReport(ctx, a, tid, c)
			if err != nil {
				t.Fatal(err)
			}
			reports = append(reports, r)
			return r
		}
		check := func(stage string) {
			t.Helper()
			if n, err := s.CheckReportFacts(ctx, tid); err != nil || n != 0 {
				t.Fatalf("%s: facts differing from the reports: %d, %v", stage, n, err)
			}
			cal, err := s.Calendar(ctx, tid)
			if err != nil {
				t.Fatal(err)
			}
			windows := [][2]string{{"2025-01-01", "2027-12-31"}, {"2026-01-01", "2026-11-30"}, {"2025-03-17", "2026-05-09"},
				{"2026-02-01", "2026-02-28"}, {"2025-07-02", "2025-07-02"}, {"2030-01-01", "2030-12-31"}}
			var filters []store.StatsFilter
			pick := mrand.New(mrand.NewPCG(1, 2))
			for _, w := range windows {
				base := store.StatsFilter{From: mustDate(w[0]), To: mustDate(w[1])}
				filters = append(filters, base)
				for _, o := range append(slices.Clone(offices), sub, 999999) {
					f := base
					f.Office = o
					filters = append(filters, f)
				}
				for _, dc := range districts {
					for _, c := range append(slices.Clone(cats), "") {
						f := base
						f.District, f.Category = dc, c
						f.Office = offices[pick.IntN(len(offices))] * int64(pick.IntN(2))
						filters = append(filters, f)
					}
				}
			}
			nonEmpty := 0
			for _, fl := range filters {
				want, err := s.ReportStatsRaw(ctx, tid, fl, cal)
				if err != nil {
					t.Fatal(err)
				}
				got, err := s.ReportStats(ctx, tid, fl, cal)
				if err != nil {
					t.Fatal(err)
				}
				for _, x := range []*store.ReportStats{&want, &got} {
					slices.Sort(x.FirstResponse)
					slices.Sort(x.Closing)
				}
				if !reflect.DeepEqual(want, got) {
					t.Errorf("%s, filter %+v: facts differ from the reports:\nraw   %+v\nfacts %+v", stage, fl, want, got)
				}
				if want.Total > 0 {
					nonEmpty++
				}
			}
			if stage == "archived" && nonEmpty < len(filters)/3 {
				t.Errorf("only %d of %d filters count anything: the comparison proves little", nonEmpty, len(filters))
			}
		}
		day := func(from string, n int) string { return mustDate(from).AddDays(n).String() }
		// Some reports before anyone is on the roster, then the roster.
		for i := range 40 {
			create(day("2025-01-05", i*4), rng.IntN(24))
		}
		at("2025-06-01", 9)
		importAll()
		for i := range 160 {
			create(day("2025-06-02", i*4), rng.IntN(24)) // into early 2027
		}
		check("made")
		for _, r := range reports {
			if rng.IntN(3) > 0 {
				e, err := s.EmployeeByNIP(ctx, tid, nips[rng.IntN(len(nips))].String())
				if err != nil {
					t.Fatal(err)
				}
				if err := s.LinkReportEmployee(ctx, a, tid, r.PublicID, e.ID); err != nil {
					t.Fatal(err)
				}
			}
		}
		check("linked")
		for i, r := range reports {
			*f.clock = r.CreatedAt.Add(time.Duration(1+rng.IntN(200)) * time.Hour)
			switch i % 6 {
			case 0:
				if err := s.VerifyReport(ctx, a, tid, r.PublicID); err != nil {
					t.Fatal(err)
				}
			case 1:
				if _, err := s.AddReportMessage(ctx, a, tid, r.ID, report.FromDesk, false, vault.NewSecret("Jawaban.")); err != nil {
					t.Fatal(err)
				}
				*f.clock = f.clock.Add(time.Duration(rng.IntN(100)) * time.Hour)
				if _, err := s.AddReportMessage(ctx, a, tid, r.ID, report.FromReporter, false, vault.NewSecret("Tambahan.")); err != nil {
					t.Fatal(err)
				}
			case 2:
				if err := s.CloseReport(ctx, a, tid, r.PublicID); err != nil {
					t.Fatal(err)
				}
			case 3:
				if i > 0 {
					if err := s.MergeReport(ctx, a, tid, r.PublicID, reports[i-1].PublicID); err != nil && !apperr.Is(err, apperr.Conflict) {
						t.Fatal(err)
					}
				}
			case 4:
				kind := report.OpenDisciplineCase
				if rng.IntN(2) == 0 {
					kind = report.Reject
				}
				if _, err := s.AddOutcome(ctx, a, tid, r.PublicID, report.Outcome{Kind: kind, Note: vault.NewSecret("Catatan.")}); err != nil {
					t.Fatal(err)
				}
			case 5:
				if _, err := s.AddReportMessage(ctx, a, tid, r.ID, report.FromReporter, false, vault.NewSecret("Sebelum jawaban.")); err != nil {
					t.Fatal(err)
				}
				*f.clock = f.clock.Add(time.Duration(rng.IntN(300)) * time.Hour)
				if err := s.CloseReport(ctx, a, tid, r.PublicID); err != nil {
					t.Fatal(err)
				}
			}
		}
		check("handled")
		// Everyone moves office twice: the reports from before their first
		// history row move with them, the others stay where they were.
		for _, when := range []string{"2026-02-01", "2026-08-15"} {
			for i := range place {
				place[i] = units[rng.IntN(len(units))]
			}
			at(when, 8)
			importAll()
			check("moved " + when)
		}
		// An office archived: its reports count as unplaced.
		if err := s.SetUnitArchived(ctx, a, tid, offices[3], true); err != nil {
			t.Fatal(err)
		}

		check("archived")
	})
}

// Migration 00024 works out the facts of the reports made before it with
// the same rule as the store's writes: run here on the golden data set
// with its facts cleared.
func TestReportFactsBackfillMigration(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		s, tid, other, _, a1, b := statsTenants(t, d)
		seedGolden(t, s, tid, other, a1, b)
		if _, err := d.W.Exec(`DELETE FROM report_facts`); err != nil {
			t.Fatal(err)
		}
		if n, err := s.CheckReportFacts(ctx, tid); err != nil || n != 6 {
			t.Fatalf("cleared facts: %d differ (%v), want the 6 counted reports", n, err)
		}
		src, err := fs.ReadFile(db.MigrationFiles(d.Engine), "00024_report_facts.sql")
		if err != nil {
			t.Fatal(err)
		}
		up, _, _ := strings.Cut(strings.SplitN(string(src), "-- +goose Up", 2)[1], "-- +goose Down")
		ran := 0
		for _, stmt := range strings.Split(up, ";") {
			if stmt = strings.TrimSpace(stripComments(stmt)); strings.HasPrefix(stmt, "INSERT") {
				if _, err := d.W.Exec(stmt); err != nil {
					t.Fatalf("%s: %v", stmt, err)
				}
				ran++
			}
		}
		for _, id := range []int64{tid, other} {
			if n, err := s.CheckReportFacts(ctx, id); err != nil || n != 0 || ran != 1 {
				t.Errorf("after the backfill (%d statements): %d facts differ, %v", ran, n, err)
			}
		}
	})
}
