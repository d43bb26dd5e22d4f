package store_test

import (
	"io/fs"
	"strings"
	"testing"
	"time"

	"sigap/internal/db"
	"sigap/internal/report"
	"sigap/internal/store"
	"sigap/internal/testdb"
)

// Migration 00015 gives the protection cases the desk opened before cases
// were kept in full the time their report came in and a number: run here
// on such a row as the migration runs it.
func TestProtectionBackfillMigration(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		f, _ := vaultFixture(t, d)
		checked, err := (report.Submission{Category: "other", What: "Laporan lama untuk uji migrasi.", AccusedName: "Pegawai Uji", ReporterIsVictim: "yes", Mode: "anonymous"}).Check(report.DefaultCategories, nil, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		rep, _, err := f.s.CreateReport(ctx, store.System, f.kab.ID, checked)
		if err != nil {
			t.Fatal(err)
		}
		var reportID int64
		d.R.QueryRow(`SELECT id FROM reports WHERE public_id = $1`, rep.PublicID).Scan(&reportID)
		// A case as the desk wrote it before migration 00011.
		if _, err := d.W.Exec(`INSERT INTO protection_cases (tenant_id, public_id, report_id, status, opened_at) VALUES ($1, 'lama', $2, 'open', $3)`,
			f.kab.ID, reportID, time.Date(2026, 2, 1, 3, 0, 0, 0, time.UTC)); err != nil {
			t.Fatal(err)
		}
		src, err := fs.ReadFile(db.MigrationFiles(d.Engine), "00015_protection_backfill.sql")
		if err != nil {
			t.Fatal(err)
		}
		up, _, _ := strings.Cut(strings.SplitN(string(src), "-- +goose Up", 2)[1], "-- +goose Down")
		for _, stmt := range strings.Split(up, ";") {
			if strings.TrimSpace(stripComments(stmt)) == "" {
				continue
			}
			if _, err := d.W.Exec(stmt); err != nil {
				t.Fatalf("%s: %v", stmt, err)
			}
		}
		c, err := f.s.ProtectionCaseByID(ctx, f.kab.ID, "lama")
		if err != nil {
			t.Fatal(err)
		}
		var created time.Time
		d.R.QueryRow(`SELECT created_at FROM reports WHERE id = $1`, reportID).Scan(&created)
		if !strings.HasPrefix(c.Number, "PPA/2026/L") || !c.ReportedAt.Equal(created) || c.UpdatedAt.IsZero() {
			t.Errorf("backfilled case: number %q, reported %v (report %v), moved %v", c.Number, c.ReportedAt, created, c.UpdatedAt)
		}
	})
}

func stripComments(s string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if !strings.HasPrefix(strings.TrimSpace(l), "--") {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}
