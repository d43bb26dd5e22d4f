package store_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"sigap/internal/db"
	"sigap/internal/report"
	"sigap/internal/store"
	"sigap/internal/testdb"
	"sigap/internal/vault"
)

// BenchmarkReportWriter is the report channel below HTTP on SQLite: 64
// goroutines sending anonymous reports of 2 KB through the group-commit
// writer, sealed under the tenant's data key alone (tenant-key) or under a
// record key of each report's own (record-keys), to show what record keys
// cost the channel.
//
//	go test -run '^$' -bench BenchmarkReportWriter -count 5 ./internal/store/
func BenchmarkReportWriter(b *testing.B) {
	for _, withRecords := range []bool{false, true} {
		name := "tenant-key"
		if withRecords {
			name = "record-keys"
		}
		b.Run(name, func(b *testing.B) {
			d := testdb.Open(b, db.SQLite)
			m, err := vault.GenerateMasterKeyFile(filepath.Join(b.TempDir(), "master.key"))
			if err != nil {
				b.Fatal(err)
			}
			s := store.New(d, nil)
			s.UseVault(m)
			if withRecords {
				rk, err := store.OpenRecordKeyFile(b.Context(), filepath.Join(b.TempDir(), "record-keys.db"))
				if err != nil {
					b.Fatal(err)
				}
				defer rk.Close()
				s.UseRecordKeys(rk)
			}
			if _, err := s.ImportRegions(b.Context(), store.System, testdb.BantenRegions(b)); err != nil {
				b.Fatal(err)
			}
			tn, err := s.CreateTenant(b.Context(), store.System, "36.04", "kab-serang", "Pemerintah Kabupaten Serang")
			if err != nil {
				b.Fatal(err)
			}
			sub := report.Submission{Category: "sexual_violence", What: strings.Repeat("Kepala seksi menyentuh saya di ruang arsip. ", 45),
				OccurredOn: "2026-02-20", District: "36.04.01", AccusedName: "Budi Santoso", AccusedOffice: "Dinas Pendidikan", Mode: "anonymous", ReporterIsVictim: "yes", ContactVictim: "no", ShareIdentity: "no"}
			c, err := sub.Check(report.DefaultCategories, anyPlace{}, time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC))
			if err != nil {
				b.Fatal(err)
			}
			wctx, stop := context.WithCancel(b.Context())
			defer stop()
			w := s.NewReportWriter(wctx, 2048, 64)
			b.SetParallelism(32) // 64 senders on two cores
			b.ResetTimer()
			start := time.Now()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					if _, _, err := w.Create(b.Context(), store.System, tn.ID, c); err != nil {
						b.Error(err)
						return
					}
				}
			})
			b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "reports/s")
		})
	}
}
