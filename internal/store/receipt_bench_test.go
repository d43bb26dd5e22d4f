package store_test

import (
	"path/filepath"
	"testing"
	"time"

	"sigap/internal/db"
	"sigap/internal/report"
	"sigap/internal/store"
	"sigap/internal/testdb"
	"sigap/internal/vault"
)

// BenchmarkReceiptLookup is what the reporter's status page reads, below
// HTTP, on each engine: 200 confidential reports sealed under record keys,
// each with the reporter's own copy, a desk message and a rejection, looked
// up at random by their receipts (record secrets cached, as after the
// first look-up of each). separate reads the report, messages, files and
// outcomes one call each (six round trips before ReporterRecord, four
// after); together is ReporterRecord (two).
//
//	SIGAP_TEST_POSTGRES=... go test -run '^$' -bench BenchmarkReceiptLookup -benchmem -count 3 ./internal/store/
func BenchmarkReceiptLookup(b *testing.B) {
	for _, e := range testdb.Engines() {
		b.Run(string(e), func(b *testing.B) {
			d := testdb.Open(b, e)
			m, err := vault.GenerateMasterKeyFile(filepath.Join(b.TempDir(), "master.key"))
			if err != nil {
				b.Fatal(err)
			}
			s := store.New(d, func() time.Time { return time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC) })
			s.UseVault(m)
			var rk *store.RecordKeys
			if e == db.Postgres {
				rk, err = store.OpenRecordKeysPostgres(ctx, testdb.PostgresURL(b), nil)
			} else {
				rk, err = store.OpenRecordKeyFile(ctx, filepath.Join(b.TempDir(), "record-keys.db"))
			}
			if err != nil {
				b.Fatal(err)
			}
			defer rk.Close()
			s.UseRecordKeys(rk)
			if _, err := s.ImportRegions(ctx, store.System, testdb.BantenRegions(b)); err != nil {
				b.Fatal(err)
			}
			tn, err := s.CreateTenant(ctx, store.System, "36.04", "kab-serang", "Pemerintah Kabupaten Serang")
			if err != nil {
				b.Fatal(err)
			}
			sub := report.Submission{Category: "sexual_violence", What: "Kepala seksi menyentuh saya berulang kali di ruang arsip.",
				OccurredOn: "2026-02-20", District: "36.04.01", AccusedName: "Budi Santoso", Mode: "confidential", ReporterIsVictim: "yes",
				ReporterName: "Siti Aminah", ReporterContact: "0812-1111-2222", ContactVictim: "yes", ShareIdentity: "no"}
			c, err := sub.Check(report.DefaultCategories, anyPlace{}, time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC))
			if err != nil {
				b.Fatal(err)
			}
			const n = 200
			receipts := make([]report.Receipt, n)
			for i := range n {
				r, receipt, err := s.CreateReport(ctx, store.System, tn.ID, c)
				if err != nil {
					b.Fatal(err)
				}
				receipts[i] = receipt
				if _, err := s.AddReportMessage(ctx, store.System, tn.ID, r.ID, report.FromDesk, false, vault.NewSecret("Mohon datang ke kantor Inspektorat.")); err != nil {
					b.Fatal(err)
				}
				if _, err := s.AddOutcome(ctx, store.System, tn.ID, r.PublicID, report.Outcome{Kind: report.Reject, Note: vault.NewSecret("Bukan wewenang kami.")}); err != nil {
					b.Fatal(err)
				}
			}
			b.Run("separate", func(b *testing.B) {
				i := 0
				for b.Loop() {
					receipt := receipts[i%n]
					i++
					r, err := s.ReportByReceipt(ctx, tn.ID, receipt)
					if err != nil {
						b.Fatal(err)
					}
					msgs, err := s.ReporterMessages(ctx, tn.ID, r.ID, receipt)
					if err != nil || len(msgs) != 1 {
						b.Fatal(len(msgs), err)
					}
					if _, err := s.ReportAttachments(ctx, tn.ID, r.ID); err != nil {
						b.Fatal(err)
					}
					if outs, err := s.ReportOutcomes(ctx, tn.ID, r.ID); err != nil || len(outs) != 1 {
						b.Fatal(len(outs), err)
					}
				}
			})
			b.Run("together", func(b *testing.B) {
				i := 0
				for b.Loop() {
					rec, err := s.ReporterRecord(ctx, tn.ID, receipts[i%n])
					i++
					if err != nil || len(rec.Messages) != 1 || len(rec.Outcomes) != 1 {
						b.Fatal(err)
					}
				}
			})
		})
	}
}
