package store_test

import (
	"bytes"
	"testing"
	"time"

	"sigap/internal/apperr"
	"sigap/internal/db"
	"sigap/internal/report"
	"sigap/internal/store"
	"sigap/internal/testdb"
	"sigap/internal/vault"
)

// anyPlace accepts every region code; the report package tests the checks.
type anyPlace struct{}

func (anyPlace) IsDistrict(string) bool        { return true }
func (anyPlace) IsVillage(string, string) bool { return true }

func checkedReport(t *testing.T, mode string) report.Checked {
	t.Helper()
	s := report.Submission{Category: "sexual_violence", What: "Kepala seksi menyentuh saya berulang kali di ruang arsip.",
		OccurredOn: "2026-02-20", District: "36.04.01", Place: "Ruang arsip", AccusedName: "Budi Santoso", AccusedOffice: "Dinas Pendidikan",
		ReporterIsVictim: "yes", Mode: mode, ReporterName: "Siti Aminah", ReporterContact: "0812-1111-2222",
		ContactVictim: "yes", ShareIdentity: "no"}
	c, err := s.Check(report.DefaultCategories, anyPlace{}, time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestReportReceiptAndMessages(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		f, _ := vaultFixture(t, d)
		r, receipt, err := f.s.CreateReport(ctx, store.System, f.kab.ID, checkedReport(t, "confidential"))
		if err != nil {
			t.Fatal(err)
		}
		if len(receipt.Digits()) != report.ReceiptDigits || r.IdentityID == "" || r.Status != report.New {
			t.Fatalf("report %+v", r)
		}

		// With the receipt, in the right tenant only.
		got, err := f.s.ReportByReceipt(ctx, f.kab.ID, receipt)
		if err != nil || got.PublicID != r.PublicID || got.What.Reveal() != "Kepala seksi menyentuh saya berulang kali di ruang arsip." ||
			got.AccusedName.Reveal() != "Budi Santoso" || got.OccurredOn.Format("2006-01-02") != "2026-02-20" || !got.ContactVictim {
			t.Fatalf("by receipt: %+v %v", got, err)
		}
		_, err = f.s.ReportByReceipt(ctx, f.kot.ID, receipt)
		wantCode(t, err, apperr.NotFound)
		wrong := report.Receipt("0000000000000000")
		if wrong == receipt {
			wrong = "1111111111111111"
		}
		_, err = f.s.ReportByReceipt(ctx, f.kab.ID, wrong)
		wantCode(t, err, apperr.NotFound)

		// Nothing said is in the database in clear, nor the receipt.
		var content, lookup []byte
		if err := d.R.QueryRow(`SELECT content_enc, receipt_lookup FROM reports WHERE id = $1`, r.ID).Scan(&content, &lookup); err != nil {
			t.Fatal(err)
		}
		for _, clear := range []string{"Budi", "arsip", receipt.Digits()} {
			if bytes.Contains(content, []byte(clear)) || bytes.Contains(lookup, []byte(clear)) {
				t.Errorf("%q stored in clear", clear)
			}
		}
		// The reporter's identity is sealed apart, and opens with an audit event.
		who, err := f.s.OpenIdentity(ctx, store.Actor{UserID: 0}, f.kab.ID, r.IdentityID)
		if err != nil || who.Name.Reveal() != "Siti Aminah" {
			t.Fatalf("identity: %v", err)
		}

		// Messages: the reporter never sees internal notes or who wrote.
		desk := newUser(t, f, f.kab.ID, "meja.layanan").ID
		da := store.Actor{UserID: desk, TenantID: f.kab.ID}
		if _, err := f.s.AddReportMessage(ctx, da, f.kab.ID, r.ID, report.FromDesk, false, vault.NewSecret("Kapan kejadian pertama?")); err != nil {
			t.Fatal(err)
		}
		if _, err := f.s.AddReportMessage(ctx, da, f.kab.ID, r.ID, report.FromDesk, true, vault.NewSecret("Cek absensi ruang arsip")); err != nil {
			t.Fatal(err)
		}
		// A reporter's message is never internal, whatever is asked.
		if _, err := f.s.AddReportMessage(ctx, store.System, f.kab.ID, r.ID, report.FromReporter, true, vault.NewSecret("Awal Februari.")); err != nil {
			t.Fatal(err)
		}
		public, err := f.s.ReportMessages(ctx, f.kab.ID, r.ID, false)
		if err != nil || len(public) != 2 || public[0].Body.Reveal() != "Kapan kejadian pertama?" || public[0].AuthorName != "" ||
			public[0].AuthorID != 0 || public[1].Author != report.FromReporter {
			t.Fatalf("reporter's view %+v %v", public, err)
		}
		all, err := f.s.ReportMessages(ctx, f.kab.ID, r.ID, true)
		if err != nil || len(all) != 3 || !all[1].Internal || all[0].AuthorID != desk {
			t.Fatalf("desk's view %+v %v", all, err)
		}
		// Another tenant cannot write on it.
		_, err = f.s.AddReportMessage(ctx, store.System, f.kot.ID, r.ID, report.FromReporter, false, vault.NewSecret("x"))
		wantCode(t, err, apperr.NotFound)

		// The desk's read is recorded; the queue lists it without opening it.
		if _, err := f.s.OpenReport(ctx, da, f.kab.ID, r.PublicID); err != nil {
			t.Fatal(err)
		}
		var reads int
		d.R.QueryRow(`SELECT COUNT(*) FROM audit_events WHERE action = 'report.read' AND object_id = $1 AND actor_id = $2`, r.PublicID, desk).Scan(&reads)
		if reads != 1 {
			t.Errorf("%d audited reads", reads)
		}
		queue, total, err := f.s.Reports(ctx, f.kab.ID, store.ReportQuery{})
		if err != nil || total != 1 || len(queue) != 1 || queue[0].PublicID != r.PublicID || !queue[0].What.IsZero() {
			t.Fatalf("queue %+v %d %v", queue, total, err)
		}
		if _, total, _ := f.s.Reports(ctx, f.kot.ID, store.ReportQuery{}); total != 0 {
			t.Errorf("the other tenant's queue has %d", total)
		}
	})
}

func TestAnonymousReportHasNoIdentity(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		f, _ := vaultFixture(t, d)
		r, receipt, err := f.s.CreateReport(ctx, store.System, f.kab.ID, checkedReport(t, "anonymous"))
		if err != nil {
			t.Fatal(err)
		}
		var identities int
		d.R.QueryRow(`SELECT COUNT(*) FROM sealed_identities WHERE subject_id = $1`, r.PublicID).Scan(&identities)
		got, err := f.s.ReportByReceipt(ctx, f.kab.ID, receipt)
		if err != nil || identities != 0 || got.IdentityID != "" || got.ContactVictim || got.ShareIdentity {
			t.Fatalf("anonymous report: %d identities, %+v %v", identities, got, err)
		}
	})
}

// A government's own catalogue replaces the defaults; a category that
// names reports cannot disappear, it is only no longer offered.
func TestReportCatalogue(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		f, _ := vaultFixture(t, d)
		if cats, _ := f.s.ReportCategories(ctx, f.kab.ID); len(cats) != len(report.DefaultCategories) {
			t.Fatalf("defaults: %d", len(cats))
		}
		if _, _, err := f.s.CreateReport(ctx, store.System, f.kab.ID, checkedReport(t, "anonymous")); err != nil { // sexual_violence
			t.Fatal(err)
		}
		own := []report.CatalogueEntry{
			{Category: report.Category{Code: "pungli_perizinan", NameID: "Pungutan liar perizinan", NameEN: "Permit levies"}, Active: true},
			{Category: report.Category{Code: "other", NameID: "Lainnya", NameEN: "Other"}, Active: true},
		}
		if err := f.s.SetReportCatalogue(ctx, store.System, f.kab.ID, own); err != nil {
			t.Fatal(err)
		}
		offered, _ := f.s.ReportCategories(ctx, f.kab.ID)
		all, _ := f.s.ReportCatalogue(ctx, f.kab.ID)
		if len(offered) != 2 || offered[0].Code != "pungli_perizinan" || len(all) != 3 || all[2].Code != "sexual_violence" || all[2].Active {
			t.Fatalf("offered %+v, all %+v", offered, all)
		}
		if other, _ := f.s.ReportCategories(ctx, f.kot.ID); len(other) != len(report.DefaultCategories) {
			t.Errorf("the other government's catalogue changed: %d", len(other))
		}
	})
}
