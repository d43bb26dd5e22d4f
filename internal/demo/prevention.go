package demo

import (
	"context"
	"fmt"
	"time"

	"sigap/internal/calendar"
	"sigap/internal/guidance"
	"sigap/internal/pledge"
	"sigap/internal/roster"
	"sigap/internal/store"
)

// demoPledgeText is the demo's integrity pledge, after the model of
// PermenPANRB 49/2011.
const demoPledgeText = `Dalam rangka mewujudkan pemerintahan yang bersih dan bebas dari korupsi, kolusi, dan nepotisme, saya menyatakan:
1. Berperan secara pro aktif dalam upaya pencegahan dan pemberantasan korupsi, kolusi, dan nepotisme.
2. Tidak meminta atau menerima pemberian secara langsung atau tidak langsung berupa suap, hadiah, bantuan, atau bentuk lainnya yang tidak sesuai dengan ketentuan.
3. Tidak melakukan dan menolak segala bentuk kekerasan dan pelecehan seksual di lingkungan kerja.
4. Bersikap transparan, jujur, objektif, dan akuntabel dalam melaksanakan tugas.
5. Menaati kode etik dan kode perilaku Aparatur Sipil Negara.`

// seedPrevention gives a government without a pledge text a year of
// prevention work that differs from office to office, so that the
// coverage matrix and the overview beside the cases have something to
// compare: sessions held in some quarters with attendance recorded, and a
// pledge campaign signed by part of the staff. It returns the sessions
// it planned.
func seedPrevention(ctx context.Context, s *store.Store, tenantID int64) (int, error) {
	if vs, err := s.PledgeVersions(ctx, tenantID); err != nil || len(vs) > 0 {
		return 0, err
	}
	today := calendar.DateOf(time.Now(), time.FixedZone("WIB", 7*3600))
	v, err := s.AddPledgeVersion(ctx, store.System, tenantID, "Pakta Integritas Aparatur Sipil Negara", demoPledgeText)
	if err != nil {
		return 0, err
	}
	c, err := s.AddPledgeCampaign(ctx, store.System, tenantID, store.PledgeCampaign{VersionID: v.ID,
		Name: fmt.Sprintf("Penandatanganan Pakta Integritas %d", today.Year()), Scope: "all", Due: today.AddDays(30)})
	if err != nil {
		return 0, err
	}
	units, err := s.Units(ctx, tenantID, false)
	if err != nil {
		return 0, err
	}
	quarters := guidance.Last(guidance.Quarterly, today, 4)
	sessions := 0
	for i, u := range units {
		if u.ParentID != 0 {
			continue
		}
		staff, _, err := s.SearchEmployees(ctx, tenantID, store.EmployeeQuery{UnitID: u.ID, Limit: 1000})
		if err != nil {
			return sessions, err
		}
		if len(staff) == 0 {
			continue
		}
		// How diligent the office is, from 0 to 9: the quarters it held a
		// session in, the share that came, the share that signed.
		care := (i * 7) % 10
		for q, p := range quarters {
			if q < len(quarters)-care/2 {
				continue // the most diligent hold one every quarter
			}
			on := p.Start.AddDays(20)
			if on.After(today) {
				continue
			}
			id, err := s.PlanGuidanceSession(ctx, store.System, tenantID, store.GuidanceSessionInput{UnitID: u.ID, HeldOn: on, StartsAt: "09:00",
				Topics: []string{guidance.DefaultTopics[q%len(guidance.DefaultTopics)], "Pencegahan pelecehan seksual"}, Place: "Aula " + u.Name,
				Facilitator: "Inspektorat", Audience: guidance.AllStaff})
			if err != nil {
				return sessions, err
			}
			sessions++
			marks := map[int64]guidance.Status{}
			came := len(staff) * (40 + care*6) / 100
			for j, e := range staff {
				switch {
				case j < came && j%9 == 4:
					marks[e.ID] = guidance.Late
				case j < came:
					marks[e.ID] = guidance.Present
				case j%4 == 0:
					marks[e.ID] = guidance.Excused
				default:
					marks[e.ID] = guidance.Absent
				}
			}
			if err := s.SetGuidanceAttendance(ctx, store.System, tenantID, id, marks, "tick"); err != nil {
				return sessions, err
			}
		}
		if err := signSome(ctx, s, tenantID, v, c, staff, care*10); err != nil {
			return sessions, err
		}
	}
	return sessions, nil
}

// signSome records electronic signatures of the version by the first
// share percent of staff.
func signSome(ctx context.Context, s *store.Store, tenantID int64, v store.PledgeVersion, c store.PledgeCampaign, staff []roster.Employee, share int) error {
	hash := pledge.Hash(v.Body)
	for _, e := range staff[:len(staff)*share/100] {
		if _, err := s.AddPledgeSignature(ctx, store.System, tenantID, store.PledgeSignature{EmployeeID: e.ID, VersionID: v.ID,
			CampaignID: c.ID, Method: "electronic", Statement: pledge.Statement, SHA256: hash}); err != nil {
			return err
		}
	}
	return nil
}
