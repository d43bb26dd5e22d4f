package store_test

import (
	"errors"
	"testing"
	"time"

	"sigap/internal/apperr"
	"sigap/internal/db"
	"sigap/internal/identity"
	"sigap/internal/org"
	"sigap/internal/report"
	"sigap/internal/roster"
	"sigap/internal/store"
	"sigap/internal/testdb"
	"sigap/internal/vault"
)

func TestDeskDecisions(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		f, _ := vaultFixture(t, d)
		desk := newUser(t, f, f.kab.ID, "meja", identity.Intake)
		a := store.Actor{UserID: desk.ID, TenantID: f.kab.ID}
		r, _, err := f.s.CreateReport(ctx, store.System, f.kab.ID, checkedReport(t, "anonymous"))
		if err != nil {
			t.Fatal(err)
		}
		// Verify once; a second time is a conflict.
		if err := f.s.VerifyReport(ctx, a, f.kab.ID, r.PublicID); err != nil {
			t.Fatal(err)
		}
		wantCode(t, f.s.VerifyReport(ctx, a, f.kab.ID, r.PublicID), apperr.Conflict)
		wantCode(t, f.s.VerifyReport(ctx, a, f.kot.ID, r.PublicID), apperr.NotFound)

		// The accused, found in the roster, and the outcomes.
		rows := importSmallRoster(t, f, 20)
		e, err := f.s.EmployeeByNIP(ctx, f.kab.ID, rows[5].NIP.String())
		if err != nil {
			t.Fatal(err)
		}
		if err := f.s.LinkReportEmployee(ctx, a, f.kab.ID, r.PublicID, e.ID); err != nil {
			t.Fatal(err)
		}
		wantCode(t, f.s.LinkReportEmployee(ctx, a, f.kab.ID, r.PublicID, 999999), apperr.Invalid)
		dc, err := f.s.AddOutcome(ctx, a, f.kab.ID, r.PublicID, report.Outcome{Kind: report.OpenDisciplineCase})
		if err != nil || dc.CaseID == 0 {
			t.Fatalf("discipline case: %+v %v", dc, err)
		}
		var caseEmployee int64
		d.R.QueryRow(`SELECT employee_id FROM discipline_cases WHERE id = $1`, dc.CaseID).Scan(&caseEmployee)
		if caseEmployee != e.ID {
			t.Errorf("the case is about %d, want %d", caseEmployee, e.ID)
		}
		if _, err := f.s.AddOutcome(ctx, a, f.kab.ID, r.PublicID, report.Outcome{Kind: report.OpenProtectionCase}); err != nil {
			t.Fatal(err)
		}
		if _, err := f.s.AddOutcome(ctx, a, f.kab.ID, r.PublicID, report.Outcome{Kind: report.Refer, ReferralTo: "police", Note: vault.NewSecret("unsur pidana")}); err != nil {
			t.Fatal(err)
		}
		got, err := f.s.OpenReport(ctx, a, f.kab.ID, r.PublicID)
		if err != nil || got.Status != report.InReview || got.FollowedUpAt.IsZero() || got.EmployeeID != e.ID {
			t.Fatalf("after outcomes: %+v %v", got, err)
		}
		outs, err := f.s.ReportOutcomes(ctx, f.kab.ID, r.ID)
		if err != nil || len(outs) != 3 || outs[0].CasePublicID == "" || outs[1].CasePublicID == "" || outs[2].Note.Reveal() != "unsur pidana" ||
			outs[0].CreatedByName == "" {
			t.Fatalf("outcomes %+v %v", outs, err)
		}
		// A rejection closes; nothing more can be decided.
		if _, err := f.s.AddOutcome(ctx, a, f.kab.ID, r.PublicID, report.Outcome{Kind: report.Reject, Note: vault.NewSecret("bukan kewenangan")}); err != nil {
			t.Fatal(err)
		}
		_, err = f.s.AddOutcome(ctx, a, f.kab.ID, r.PublicID, report.Outcome{Kind: report.Refer, ReferralTo: "police"})
		wantCode(t, err, apperr.Conflict)
		if got, _ := f.s.OpenReport(ctx, a, f.kab.ID, r.PublicID); got.Status != report.Closed || got.ClosedAt.IsZero() {
			t.Errorf("rejected report: %s", got.Status)
		}
	})
}

// importSmallRoster gives the fixture's Kabupaten the offices of
// rosterUnits and a synthetic roster of n people.
func importSmallRoster(t *testing.T, f *fixture, n int) []roster.Row {
	t.Helper()
	var ins []org.UnitInput
	for _, u := range rosterUnits {
		ins = append(ins, org.UnitInput{Name: u.Name, Kind: u.Kind})
	}
	if _, err := f.s.EnsureUnits(ctx, store.System, f.kab.ID, ins); err != nil {
		t.Fatal(err)
	}
	rows := roster.NewSynth(1, 2026).Roster(rosterUnits, n)
	importRows(t, f, f.kab.ID, rows, store.ImportOptions{})
	return rows
}

func TestDuplicatesAndMerge(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		f, _ := vaultFixture(t, d)
		a := store.Actor{UserID: newUser(t, f, f.kab.ID, "meja", identity.Intake).ID, TenantID: f.kab.ID}
		first, _, err := f.s.CreateReport(ctx, store.System, f.kab.ID, checkedReport(t, "anonymous"))
		if err != nil {
			t.Fatal(err)
		}
		c := checkedReport(t, "anonymous")
		c.What = vault.NewSecret("Kepala seksi menyentuh saya berulang kali di ruang arsip, sudah tiga kali.")
		second, _, err := f.s.CreateReport(ctx, store.System, f.kab.ID, c)
		if err != nil {
			t.Fatal(err)
		}
		c.What = vault.NewSecret("Pungutan liar untuk surat keterangan usaha di kantor kecamatan.")
		other, _, err := f.s.CreateReport(ctx, store.System, f.kab.ID, c)
		if err != nil {
			t.Fatal(err)
		}
		open, err := f.s.OpenReport(ctx, a, f.kab.ID, second.PublicID)
		if err != nil {
			t.Fatal(err)
		}
		dups, err := f.s.DuplicateCandidates(ctx, f.kab.ID, open)
		if err != nil || len(dups) != 1 || dups[0].PublicID != first.PublicID || !dups[0].What.IsZero() {
			t.Fatalf("candidates %+v %v", dups, err)
		}
		if err := f.s.MergeReport(ctx, a, f.kab.ID, second.PublicID, first.PublicID); err != nil {
			t.Fatal(err)
		}
		// Merging into a merged report goes to the one it was merged into.
		if err := f.s.MergeReport(ctx, a, f.kab.ID, other.PublicID, second.PublicID); err != nil {
			t.Fatal(err)
		}
		if got, _ := f.s.OpenReport(ctx, a, f.kab.ID, other.PublicID); got.DuplicateOf != first.PublicID || got.Status != report.Closed {
			t.Errorf("merged: %q %s", got.DuplicateOf, got.Status)
		}
		wantCode(t, f.s.MergeReport(ctx, a, f.kab.ID, first.PublicID, first.PublicID), apperr.Invalid)
		wantCode(t, f.s.MergeReport(ctx, a, f.kab.ID, first.PublicID, "nope"), apperr.Invalid)
	})
}

func TestNotificationsAndMail(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		f, _ := vaultFixture(t, d)
		withMail, err := f.s.CreateUser(ctx, store.System, store.NewUser{TenantID: f.kab.ID, Username: "meja.satu", DisplayName: "Meja Satu",
			Email: "meja1@serangkab.go.id", Roles: []identity.Role{identity.Intake}, PasswordHash: "x"})
		if err != nil {
			t.Fatal(err)
		}
		noMail := newUser(t, f, f.kab.ID, "meja.dua", identity.Intake)
		examiner := newUser(t, f, f.kab.ID, "pemeriksa", identity.Examiner)
		elsewhere := newUser(t, f, f.kot.ID, "meja.kota", identity.Intake)
		r, _, err := f.s.CreateReport(ctx, store.System, f.kab.ID, checkedReport(t, "anonymous"))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.s.AddReportMessage(ctx, store.System, f.kab.ID, r.ID, report.FromReporter, false, vault.NewSecret("tambahan")); err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			u    int64
			want int
		}{{withMail.ID, 2}, {noMail.ID, 2}, {examiner.ID, 0}, {elsewhere.ID, 0}} {
			ns, unread, err := f.s.Notifications(ctx, c.u, 10)
			if err != nil || unread != c.want || len(ns) != c.want {
				t.Errorf("user %d: %d unread %v", c.u, unread, err)
			}
		}
		if err := f.s.MarkNotificationsRead(ctx, noMail.ID, r.PublicID); err != nil {
			t.Fatal(err)
		}
		if n, _ := f.s.UnreadNotifications(ctx, noMail.ID); n != 0 {
			t.Errorf("%d unread after reading", n)
		}

		// Only the user with an address gets mail; a claimed mail is not
		// claimed again while leased; a failure is retried later.
		mails, err := f.s.ClaimMails(ctx, 10)
		if err != nil || len(mails) != 2 || mails[0].To != "meja1@serangkab.go.id" {
			t.Fatalf("mails %+v %v", mails, err)
		}
		if again, _ := f.s.ClaimMails(ctx, 10); len(again) != 0 {
			t.Errorf("claimed twice: %d", len(again))
		}
		if err := f.s.MailSent(ctx, mails[0].ID, nil); err != nil {
			t.Fatal(err)
		}
		if err := f.s.MailSent(ctx, mails[1].ID, errors.New("421 try later")); err != nil {
			t.Fatal(err)
		}
		*f.clock = f.clock.Add(3 * time.Minute)
		if again, _ := f.s.ClaimMails(ctx, 10); len(again) != 1 || again[0].ID != mails[1].ID {
			t.Errorf("retry: %+v", again)
		}
	})
}
