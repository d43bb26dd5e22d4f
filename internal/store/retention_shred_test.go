package store_test

import (
	"errors"
	"testing"

	"sigap/internal/db"
	"sigap/internal/report"
	"sigap/internal/store"
	"sigap/internal/testdb"
	"sigap/internal/vault"
)

// The purge reaches the backups: a copy of the database taken before a
// report was purged, opened with the same master key and the live record
// key store, no longer opens anything the purged report held, nor its
// reporter's own copy through the receipt; the report kept opens as before.
func TestPurgeShredsBackups(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		b := newPurgeBed(t, d)
		f := b.f
		rk := testRecordKeys(t, d.Engine)
		f.s.UseRecordKeys(rk)
		sys := store.Actor{TenantID: f.kab.ID}
		gone, goneReceipt, err := f.s.CreateReport(ctx, store.System, f.kab.ID, checkedReport(t, "confidential"))
		if err != nil {
			t.Fatal(err)
		}
		kept, keptReceipt, err := f.s.CreateReport(ctx, store.System, f.kab.ID, checkedReport(t, "confidential"))
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range []report.Report{gone, kept} {
			if _, err := f.s.AddReportMessage(ctx, sys, f.kab.ID, r.ID, report.FromDesk, false, vault.NewSecret("ZZJAWABANZZ")); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := f.s.AddOutcome(ctx, sys, f.kab.ID, gone.PublicID, report.Outcome{Kind: report.Reject, Note: vault.NewSecret("ZZALASANZZ")}); err != nil {
			t.Fatal(err)
		}
		goneKey, err := f.s.ReportRecordKey(ctx, f.kab.ID, gone.PublicID)
		if err != nil || goneKey == 0 {
			t.Fatalf("record key %d, %v", goneKey, err)
		}

		// Two years and a day later the rejected report is due.
		*f.clock = f.clock.AddDate(2, 0, 1)
		backup := copyDatabase(t, d)
		if res := b.purge(t); res.Reports != 1 {
			t.Fatalf("purge: %+v", res)
		}

		bs := store.New(backup, nil)
		bs.UseVault(b.master)
		bs.UseRecordKeys(rk)
		fields, err := bs.OpenAllSealed(ctx, f.kab.ID)
		if err != nil {
			t.Fatal(err)
		}
		shredded := map[string]int{}
		for _, fl := range fields {
			switch {
			case fl.Record == goneKey:
				if !errors.Is(fl.Err, vault.ErrShredded) {
					t.Errorf("%s.%s of the purged report in the backup: %v, want shredded", fl.Table, fl.Column, fl.Err)
				}
				shredded[fl.Table+"."+fl.Column]++
			case fl.Err != nil:
				t.Errorf("%s.%s (record %d) in the backup: %v", fl.Table, fl.Column, fl.Record, fl.Err)
			}
		}
		for _, col := range []string{"reports.content_enc", "sealed_identities.name_enc", "sealed_identities.contact_enc",
			"report_messages.body_enc", "report_outcomes.note_enc"} {
			if shredded[col] != 1 {
				t.Errorf("%s: %d values of the purged report in the backup, want 1 (%v)", col, shredded[col], shredded)
			}
		}
		if _, err := bs.ReportByReceipt(ctx, f.kab.ID, goneReceipt); !vault.IsShredded(err) {
			t.Errorf("the purged report by its receipt in the backup: %v", err)
		}
		if _, err := bs.ReporterMessages(ctx, f.kab.ID, gone.ID, goneReceipt); !vault.IsShredded(err) {
			t.Errorf("the reporter's copy of the messages in the backup: %v", err)
		}
		r, err := bs.ReportByReceipt(ctx, f.kab.ID, keptReceipt)
		if err != nil || r.Content.What.Reveal() == "" {
			t.Errorf("the kept report by its receipt in the backup: %v", err)
		}
		ms, err := bs.ReporterMessages(ctx, f.kab.ID, kept.ID, keptReceipt)
		if err != nil || len(ms) != 1 || ms[0].Body.Reveal() != "ZZJAWABANZZ" {
			t.Errorf("the kept report's messages in the backup: %v %v", ms, err)
		}
	})
}
