package store_test

import (
	"testing"
	"time"

	"sigap/internal/apperr"
	"sigap/internal/calendar"
	"sigap/internal/db"
	"sigap/internal/nip"
	"sigap/internal/org"
	"sigap/internal/pledge"
	"sigap/internal/roster"
	"sigap/internal/store"
	"sigap/internal/testdb"
)

// Versions stay as written, coverage follows the campaign's scope and the
// renewal period, and another government's pledges are not found.
func TestPledges(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		dinas, err := f.s.CreateUnit(ctx, store.System, f.kab.ID, org.UnitInput{Name: "Dinas", Kind: org.KindDinas})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.s.CreateUnit(ctx, store.System, f.kab.ID, org.UnitInput{Name: "Bidang", Kind: org.KindDinas, ParentID: dinas.ID}); err != nil {
			t.Fatal(err)
		}
		if _, err := f.s.CreateUnit(ctx, store.System, f.kab.ID, org.UnitInput{Name: "Badan", Kind: org.KindDinas}); err != nil {
			t.Fatal(err)
		}
		var rows []roster.Row
		for i, r := range []struct {
			nip, unit string
			kind      roster.PositionKind
		}{{"197001011995031001", "Dinas", roster.JPTPratama}, {"197001011995031002", "Bidang", roster.Pelaksana}, {"197001011995031003", "Badan", roster.Pelaksana}} {
			n, _ := nip.Parse(r.nip)
			rows = append(rows, roster.Row{Line: i + 2, NIP: n, Name: "Pegawai " + r.unit, Status: roster.PNS, Position: "Staf", Kind: r.kind, Unit: r.unit, State: roster.Active})
		}
		if _, problems, err := f.s.ImportEmployees(ctx, store.System, f.kab.ID, rows, store.ImportOptions{}); err != nil || len(problems) > 0 {
			t.Fatal(err, problems)
		}
		emp := func(n string) roster.Employee {
			e, err := f.s.EmployeeByNIP(ctx, f.kab.ID, n)
			if err != nil {
				t.Fatal(err)
			}
			return e
		}
		head, staff, other := emp("197001011995031001"), emp("197001011995031002"), emp("197001011995031003")

		v1, err := f.s.AddPledgeVersion(ctx, store.System, f.kab.ID, "Pakta", pledge.DefaultText)
		if err != nil {
			t.Fatal(err)
		}
		v2, err := f.s.AddPledgeVersion(ctx, store.System, f.kab.ID, "Pakta", pledge.DefaultText+"\n8. tambahan.")
		if err != nil {
			t.Fatal(err)
		}
		again, _ := f.s.PledgeVersion(ctx, f.kab.ID, v1.ID)
		if v2.Number != 2 || again.Body != pledge.DefaultText || again.SHA256 != pledge.Hash(pledge.DefaultText) || v2.SHA256 == v1.SHA256 {
			t.Fatalf("versions: %+v %+v", again, v2)
		}
		// The unit campaign reaches the office and its sub-office only.
		c, err := f.s.AddPledgeCampaign(ctx, store.System, f.kab.ID, store.PledgeCampaign{VersionID: v2.ID, Name: "Dinas 2026", Scope: "unit", UnitID: dinas.ID, Due: calendar.NewDate(2026, 4, 1)})
		if err != nil {
			t.Fatal(err)
		}
		for e, want := range map[int64]bool{head.ID: true, staff.ID: true, other.ID: false} {
			if in, err := f.s.InPledgeCampaign(ctx, f.kab.ID, c, e); err != nil || in != want {
				t.Errorf("employee %d in campaign: %v %v", e, in, err)
			}
		}
		kind, _ := f.s.AddPledgeCampaign(ctx, store.System, f.kab.ID, store.PledgeCampaign{VersionID: v2.ID, Name: "Pelaksana", Scope: "kind", Kind: roster.Pelaksana, Due: calendar.NewDate(2026, 4, 1)})
		if in, _ := f.s.InPledgeCampaign(ctx, f.kab.ID, kind, head.ID); in {
			t.Error("a JPT is in the pelaksana campaign")
		}
		// A signature of the old version does not count for the campaign.
		if _, err := f.s.AddPledgeSignature(ctx, store.System, f.kab.ID, store.PledgeSignature{EmployeeID: head.ID, VersionID: v1.ID, Method: "electronic", Statement: pledge.Statement, SHA256: v1.SHA256}); err != nil {
			t.Fatal(err)
		}
		cov := func(renew int) (int, int) {
			rows, err := f.s.PledgeCoverage(ctx, f.kab.ID, c, pledge.Cutoff(f.s.Now(), renew), "unit")
			if err != nil {
				t.Fatal(err)
			}
			total, signed := 0, 0
			for _, r := range rows {
				total, signed = total+r.Total, signed+r.Signed
			}
			return total, signed
		}
		if total, signed := cov(0); total != 2 || signed != 0 {
			t.Fatalf("coverage before: %d/%d", signed, total)
		}
		if _, err := f.s.AddPledgeSignature(ctx, store.System, f.kab.ID, store.PledgeSignature{EmployeeID: head.ID, VersionID: v2.ID, CampaignID: c.ID, Method: "electronic", Statement: pledge.Statement, SHA256: v2.SHA256}); err != nil {
			t.Fatal(err)
		}
		if total, signed := cov(0); total != 2 || signed != 1 {
			t.Fatalf("coverage after: %d/%d", signed, total)
		}
		byKind, _ := f.s.PledgeCoverage(ctx, f.kab.ID, c, time.Time{}, "kind")
		if len(byKind) != 2 {
			t.Errorf("by kind: %+v", byKind)
		}
		missing, n, err := f.s.PledgeNotSigned(ctx, f.kab.ID, c, time.Time{}, 0, 10)
		if err != nil || n != 1 || missing[0].ID != staff.ID {
			t.Fatalf("not signed: %v %d %v", missing, n, err)
		}
		// Thirteen months on, a twelve-month renewal makes it stale.
		*f.clock = f.clock.AddDate(0, 13, 0)
		if _, signed := cov(12); signed != 0 {
			t.Errorf("a stale signature counts: %d", signed)
		}
		if _, signed := cov(0); signed != 1 {
			t.Errorf("without renewal the signature stops counting: %d", signed)
		}
		if err := f.s.SetPledgeSettings(ctx, store.System, f.kab.ID, store.PledgeSettings{RenewMonths: 12, RemindDays: 7}); err != nil {
			t.Fatal(err)
		}
		if n, _ := f.s.PledgeRenewMonths(ctx, f.kab.ID); n != 12 {
			t.Errorf("renew months %d", n)
		}
		// Another government sees none of it.
		_, err = f.s.PledgeVersion(ctx, f.kot.ID, v1.ID)
		wantCode(t, err, apperr.NotFound)
		_, err = f.s.PledgeCampaign(ctx, f.kot.ID, c.ID)
		wantCode(t, err, apperr.NotFound)
		sigs, _ := f.s.EmployeePledgeSignatures(ctx, f.kab.ID, head.ID)
		_, err = f.s.PledgeSignature(ctx, f.kot.ID, sigs[0].ID)
		wantCode(t, err, apperr.NotFound)
		_, err = f.s.AddPledgeCampaign(ctx, store.System, f.kot.ID, store.PledgeCampaign{VersionID: v1.ID, Name: "x", Scope: "all", Due: calendar.NewDate(2026, 4, 1)})
		wantCode(t, err, apperr.NotFound)
		if got, _ := f.s.PledgeVersions(ctx, f.kot.ID); len(got) != 0 {
			t.Error("another government lists the versions")
		}
	})
}
