package demo

import (
	"context"
	"fmt"
	"time"

	"sigap/internal/calendar"
	"sigap/internal/protection"
	"sigap/internal/refdata"
	"sigap/internal/store"
	"sigap/internal/vault"
)

// seedProtection gives a government without protection cases three made-up
// ones, assigned to its demo case worker: a child neglected at home (a
// community case, no civil servant involved), a woman reached by outreach,
// and a staff member harassed by her superior, a civil servant with an
// open discipline case, who agreed that the personnel agency may read the
// summary. Victims' identities are sealed like real ones.
func seedProtection(ctx context.Context, s *store.Store, tenantID int64, regionCode, workerName string) (int, error) {
	if s.Keyring() == nil {
		return 0, nil
	}
	if _, total, err := s.ProtectionCases(ctx, tenantID, store.ProtectionFilter{Limit: 1}); err != nil || total > 0 {
		return 0, err
	}
	worker, err := s.UserIDByUsername(ctx, tenantID, workerName)
	if err != nil {
		return 0, err
	}
	villages, err := firstVillages(ctx, s, regionCode, 3)
	if err != nil || len(villages) < 3 {
		return 0, err
	}
	a := store.Actor{UserID: worker, TenantID: tenantID}
	now := time.Now()
	today := calendar.DateOf(now, protection.WIB)
	open := func(via protection.Via, daysAgo int, village string, place protection.Place, forms []protection.Form,
		v protection.Victim, p []protection.Perpetrator, chronology, summary string) (store.ProtectionCase, error) {
		return s.OpenProtectionCase(ctx, a, tenantID, store.ProtectionInput{Via: via,
			Incident: protection.Incident{OccurredOn: today.AddDays(-daysAgo - 2), ReportedAt: now.Add(-time.Duration(daysAgo*24+3) * time.Hour),
				VillageCode: village, Place: place, Forms: forms},
			Victims: []protection.Victim{v}, Perpetrators: p, Chronology: vault.NewSecret(chronology), Summary: vault.NewSecret(summary)})
	}
	if _, err := open(protection.ViaWalkIn, 10, villages[0], protection.Household, []protection.Form{protection.Neglect, protection.Psychological},
		protection.Victim{Name: "(Contoh demo) Anak A", Sex: protection.Male, Age: 9},
		[]protection.Perpetrator{{Sex: protection.Male, Age: 41, Relation: "orang_tua"}},
		"(Contoh demo) Tetangga mengantar anak ke kantor; anak tidak bersekolah sejak dua bulan dan sering ditinggal sendirian.",
		"(Contoh demo) Anak usia sekolah ditelantarkan di rumah."); err != nil {
		return 0, fmt.Errorf("walk-in case: %w", err)
	}
	if _, err := open(protection.ViaOutreach, 1, villages[1], protection.Household, []protection.Form{protection.Physical},
		protection.Victim{Name: "(Contoh demo) Ibu B", Sex: protection.Female, Age: 34},
		[]protection.Perpetrator{{Sex: protection.Male, Age: 38, Relation: "suami_istri"}},
		"(Contoh demo) Kader desa melaporkan luka memar; petugas menjangkau korban di rumah orang tuanya.",
		"(Contoh demo) Kekerasan fisik dalam rumah tangga."); err != nil {
		return 0, fmt.Errorf("outreach case: %w", err)
	}
	// The harassment case: the perpetrator is the accused of an open
	// discipline case, linked to it.
	openCases, err := s.OpenCases(ctx, tenantID, 50)
	if err != nil {
		return 0, err
	}
	var perps []protection.Perpetrator
	var discipline string
	for _, dc := range openCases {
		if dc.EmployeeID != 0 {
			perps = []protection.Perpetrator{{Sex: protection.Male, Age: -1, Relation: "atasan", EmployeeID: dc.EmployeeID}}
			discipline = dc.PublicID
			break
		}
	}
	c, err := open(protection.ViaWalkIn, 0, villages[2], protection.Workplace, []protection.Form{protection.Sexual, protection.Psychological},
		protection.Victim{Name: "(Contoh demo) Staf C", Sex: protection.Female, Age: 27}, perps,
		"(Contoh demo) Korban menceritakan komentar dan sentuhan yang tidak diinginkan dari atasannya di ruang kerja selama tiga bulan.",
		"(Contoh demo) Staf perempuan melaporkan pelecehan oleh atasannya di kantor; korban bersedia memberi keterangan.")
	if err != nil {
		return 0, fmt.Errorf("harassment case: %w", err)
	}
	if len(perps) > 0 {
		linked, err := s.ProtectionPerpetrators(ctx, tenantID, c.ID)
		if err != nil {
			return 0, err
		}
		if err := s.LinkDisciplineCase(ctx, store.System, tenantID, c.PublicID, linked[0].PublicID, discipline); err != nil {
			return 0, fmt.Errorf("link the discipline case: %w", err)
		}
	}
	if _, err := s.RecordConsent(ctx, a, tenantID, c.PublicID, protection.Consent{Recipient: protection.Personnel,
		Scopes: []protection.Scope{protection.ScopeSummary}, GivenBy: protection.ByVictim, GivenOn: now}); err != nil {
		return 0, err
	}
	return 3, nil
}

// firstVillages returns the first n villages of a government's region.
func firstVillages(ctx context.Context, s *store.Store, regionCode string, n int) ([]string, error) {
	districts, err := s.RegionChildren(ctx, regionCode)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, d := range districts {
		vs, err := s.RegionChildren(ctx, d.Code)
		if err != nil {
			return nil, err
		}
		for _, v := range vs {
			if v.Level == refdata.LevelVillage && len(out) < n {
				out = append(out, v.Code)
			}
		}
	}
	return out, nil
}
