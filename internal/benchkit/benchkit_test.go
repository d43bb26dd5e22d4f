package benchkit_test

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"sigap/internal/benchkit"
	"sigap/internal/db"
	"sigap/internal/store"
	"sigap/internal/testdb"
)

// TestNational runs the whole harness at a tiny scale on each engine and
// checks that the data set holds what the scale asks for, that its
// derived tables agree with the rows, and that the table has every
// scenario with a number.
func TestNational(t *testing.T) {
	targets := map[string]string{"sqlite": t.TempDir()}
	if os.Getenv(testdb.EnvPostgres) != "" {
		targets["postgres"] = testdb.PostgresURL(t)
	}
	for engine, database := range targets {
		t.Run(engine, func(t *testing.T) {
			spec := benchkit.Spec{Scale: 0.002, Seed: 7}
			o := benchkit.Options{Database: database, Spec: spec, Runs: 1, Duration: 300 * time.Millisecond, Limit: 100 * time.Millisecond, Keep: true}
			if engine == "sqlite" {
				o.KeysDir = t.TempDir()
			}
			res, err := benchkit.National(context.Background(), o)
			if err != nil {
				t.Fatal(err)
			}
			want := spec.Want()
			if want.Tenants != 1 || want.Employees != 8600 || want.Reports != 2000 || want.Cases != 1000 || want.Incidents != 2000 {
				t.Fatalf("want %+v", want)
			}
			if res.Dataset.Counts != want {
				t.Errorf("data set holds %+v, want %+v", res.Dataset.Counts, want)
			}
			seen := map[string]bool{}
			for _, r := range res.Rows {
				seen[r.Scenario] = true
				if r.Value <= 0 || !strings.ContainsAny(r.Measured, "0123456789") {
					t.Errorf("%s (%s): no figure: %+v", r.Scenario, r.What, r)
				}
				if r.Target != "" && r.Met == "" {
					t.Errorf("%s: a target but no verdict", r.Scenario)
				}
				if r.Scenario != "protection" || r.Target != "" {
					if r.Ceiling == "" || r.Ratio == "" {
						t.Errorf("%s (%s): no ceiling or ratio", r.Scenario, r.What)
					}
				}
				if r.Note != "" && (strings.Contains(r.Note, "failed") || strings.Contains(r.Note, "showed")) {
					t.Errorf("%s: %s", r.Scenario, r.Note)
				}
			}
			for _, s := range benchkit.Scenarios {
				if !seen[s] {
					t.Errorf("scenario %s missing from the table", s)
				}
			}
			table := benchkit.Table(res)
			if n := strings.Count(table, "\n"); n != len(res.Rows)+2 {
				t.Errorf("table of %d lines for %d rows:\n%s", n, len(res.Rows), table)
			}
			t.Logf("built in %s, scenarios %s\n%s", res.Dataset.Build, res.Took, table)

			// The derived tables agree with the rows they are worked out
			// from, by the store's own checks.
			opts := db.Options{DataDir: database}
			if engine == "postgres" {
				opts = db.Options{URL: database}
			}
			d, err := db.Open(context.Background(), opts)
			if err != nil {
				t.Fatal(err)
			}
			st := store.New(d, nil)
			// Sealed as the store seals new records: every report, case and
			// incident has its record key, every report the reporter's own
			// copy, and no government waits for the reseal pass.
			var bare int
			if err := d.R.QueryRow(`SELECT (SELECT COUNT(*) FROM reports WHERE record_key IS NULL OR reporter_copy IS NULL OR reporter_key IS NULL)
				+ (SELECT COUNT(*) FROM discipline_cases WHERE record_key IS NULL) + (SELECT COUNT(*) FROM protection_cases WHERE record_key IS NULL)
				+ (SELECT COUNT(*) FROM tenants WHERE record_keys_at IS NULL)`).Scan(&bare); err != nil || bare != 0 {
				t.Errorf("%d records or governments without record keys (%v)", bare, err)
			}
			for _, tn := range res.Dataset.Tenants {
				if n, err := st.CheckReportFacts(context.Background(), tn.ID); err != nil || n != 0 {
					t.Errorf("government %s: %d report facts differ (%v)", tn.Code, n, err)
				}
				if n, err := st.CheckProtectionCounts(context.Background(), tn.ID); err != nil || n != 0 {
					t.Errorf("government %s: %d protection cells differ (%v)", tn.Code, n, err)
				}
			}
			d.Close()

			// A second run finds the data set and reuses it.
			o.Only = []string{"rollup"}
			o.Keep = false
			again, err := benchkit.National(context.Background(), o)
			if err != nil {
				t.Fatal(err)
			}
			if !again.Dataset.Reused || again.Dataset.Counts != want || len(again.Rows) != 1 {
				t.Errorf("second run: reused %v, %+v, %d rows", again.Dataset.Reused, again.Dataset.Counts, len(again.Rows))
			}
		})
	}
}

// TestSpec checks the sizes asked for at scale 1.
func TestSpec(t *testing.T) {
	w := benchkit.Spec{Scale: 1, Seed: 1}.Want()
	if w.Tenants != 542 || w.Employees != 4_300_000 || w.Reports != 1_000_000 || w.Cases != 500_000 || w.Incidents != 1_000_000 {
		t.Fatalf("%+v", w)
	}
	if k := (benchkit.Spec{Scale: 0.01, Seed: 3}).Key(); k != "s0_01_3" {
		t.Fatal(k)
	}
}
