package store_test

import (
	"fmt"
	mrand "math/rand/v2"
	"slices"
	"strconv"
	"testing"
	"time"

	"sigap/internal/calendar"
	"sigap/internal/db"
	"sigap/internal/protection"
	"sigap/internal/refdata"
	"sigap/internal/store"
	"sigap/internal/testdb"
	"sigap/internal/vault"
)

// countCase is a case as the test knows it, to count independently of the
// store.
type countCase struct {
	id       string
	day      calendar.Date
	district string
	forms    []protection.Form
	victims  [][2]string // sex, age band
}

// villagesOf returns up to n villages of each of the first districts of a
// regency.
func villagesOf(t *testing.T, s *store.Store, regency string, districts int) []string {
	t.Helper()
	ds, err := s.RegionChildren(ctx, regency)
	if err != nil || len(ds) < districts {
		t.Fatal(len(ds), err)
	}
	var out []string
	for _, d := range ds[:districts] {
		vs, err := s.RegionChildren(ctx, d.Code)
		if err != nil || len(vs) == 0 || vs[0].Level != refdata.LevelVillage {
			t.Fatal(d.Code, err)
		}
		out = append(out, vs[0].Code, vs[len(vs)-1].Code)
	}
	return out
}

func randomForms(rng *mrand.Rand) []protection.Form {
	var out []protection.Form
	for _, f := range protection.Forms {
		if rng.IntN(3) == 0 {
			out = append(out, f)
		}
	}
	if len(out) == 0 {
		out = []protection.Form{protection.Forms[rng.IntN(len(protection.Forms))]}
	}
	return out
}

func randomVictim(rng *mrand.Rand) protection.Victim {
	sex := protection.Female
	if rng.IntN(3) == 0 {
		sex = protection.Male
	}
	return protection.Victim{Name: "Korban Uji", Sex: sex, Age: rng.IntN(70) - 1} // -1: unknown
}

// The counts kept beside the cases equal a count of the cases themselves
// after random openings, corrected incidents and added victims, and every
// breakdown and filter (whole months, cut months, a district, a form, a
// sex, an age band) gives what a plain count of the test's own record of
// the cases gives.
func TestProtectionCountsExact(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		f, _ := vaultFixture(t, d)
		a := store.Actor{TenantID: f.kab.ID}
		villages := villagesOf(t, f.s, "36.04", 4)
		rng := mrand.New(mrand.NewPCG(14, 14))
		day := func() calendar.Date { return calendar.NewDate(2025, time.Month(1+rng.IntN(14)), 1+rng.IntN(28)) }
		var cases []*countCase
		for i := range 40 {
			in := protection.Incident{OccurredOn: day(), ReportedAt: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC),
				VillageCode: villages[rng.IntN(len(villages))], Place: protection.Household, Forms: randomForms(rng)}
			var vs []protection.Victim
			for range 1 + rng.IntN(3) {
				vs = append(vs, randomVictim(rng))
			}
			c, err := f.s.OpenProtectionCase(ctx, a, f.kab.ID, store.ProtectionInput{Via: protection.ViaWalkIn, Incident: in, Victims: vs,
				Chronology: vault.NewSecret("kronologi " + strconv.Itoa(i))})
			if err != nil {
				t.Fatal(err)
			}
			cc := &countCase{id: c.PublicID, day: in.OccurredOn, district: protection.DistrictOf(in.VillageCode), forms: in.Forms}
			for _, v := range vs {
				cc.victims = append(cc.victims, [2]string{string(v.Sex), string(protection.GroupOf(v.Age))})
			}
			cases = append(cases, cc)
		}
		// A case of Kota Serang counts only there.
		if _, err := f.s.OpenProtectionCase(ctx, store.Actor{TenantID: f.kot.ID}, f.kot.ID, store.ProtectionInput{Via: protection.ViaWalkIn,
			Incident: protection.Incident{OccurredOn: calendar.NewDate(2025, 5, 5), ReportedAt: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC),
				VillageCode: villagesOf(t, f.s, "36.73", 1)[0], Place: protection.School, Forms: []protection.Form{protection.Sexual}},
			Victims: []protection.Victim{randomVictim(rng)}}); err != nil {
			t.Fatal(err)
		}
		for range 60 {
			c := cases[rng.IntN(len(cases))]
			switch rng.IntN(3) {
			case 0: // the incident corrected: day, village, forms
				in := protection.Incident{OccurredOn: day(), ReportedAt: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC),
					VillageCode: villages[rng.IntN(len(villages))], Place: protection.School, Forms: randomForms(rng)}
				if err := f.s.SetIncident(ctx, a, f.kab.ID, c.id, in); err != nil {
					t.Fatal(err)
				}
				c.day, c.district, c.forms = in.OccurredOn, protection.DistrictOf(in.VillageCode), in.Forms
			case 1:
				v := randomVictim(rng)
				if err := f.s.AddVictim(ctx, a, f.kab.ID, c.id, v, c.day); err != nil {
					t.Fatal(err)
				}
				c.victims = append(c.victims, [2]string{string(v.Sex), string(protection.GroupOf(v.Age))})
			case 2: // closing does not move the counts
				if err := f.s.CloseProtectionCase(ctx, a, f.kab.ID, c.id, "services_done", calendar.Date{}); err == nil {
					if err := f.s.ReopenProtectionCase(ctx, a, f.kab.ID, c.id); err != nil {
						t.Fatal(err)
					}
				}
			}
		}
		for _, tenant := range []int64{f.kab.ID, f.kot.ID} {
			if diff, err := f.s.CheckProtectionCounts(ctx, tenant); err != nil || diff != 0 {
				t.Fatalf("tenant %d: %d cells differ from a recount (%v)", tenant, diff, err)
			}
		}

		filters := []store.CountFilter{
			{From: calendar.NewDate(2025, 1, 1), To: calendar.NewDate(2025, 12, 31)},
			{From: calendar.NewDate(2025, 1, 1), To: calendar.NewDate(2026, 12, 31)},
			{From: calendar.NewDate(2025, 3, 15), To: calendar.NewDate(2025, 11, 9)},
			{From: calendar.NewDate(2025, 4, 2), To: calendar.NewDate(2025, 4, 20)},
			{From: calendar.NewDate(2025, 6, 1), To: calendar.NewDate(2025, 7, 31), Sex: protection.Female},
			{From: calendar.NewDate(2025, 2, 10), To: calendar.NewDate(2026, 1, 31), Form: protection.Sexual},
			{From: calendar.NewDate(2025, 1, 1), To: calendar.NewDate(2026, 2, 28), District: cases[0].district},
			{From: calendar.NewDate(2025, 1, 5), To: calendar.NewDate(2026, 2, 27), AgeGroup: "13-17", Sex: protection.Male},
			{From: calendar.NewDate(2025, 5, 1), To: calendar.NewDate(2025, 12, 31), AgeGroup: "25-44", Form: protection.Physical, District: cases[1].district},
		}
		for _, flt := range filters {
			for _, dim := range []store.CountDimension{store.ByTotal, store.ByDistrict, store.ByForm, store.ByAgeSex, store.ByMonth} {
				got, err := f.s.ProtectionCounts(ctx, f.kab.ID, flt, dim)
				if err != nil {
					t.Fatal(err)
				}
				want := countByHand(cases, flt, dim)
				if fmt.Sprint(got) != fmt.Sprint(want) {
					t.Errorf("%+v by %q:\n got %v\nwant %v", flt, dim, got, want)
				}
			}
		}
		total, _ := f.s.ProtectionCounts(ctx, f.kab.ID, filters[1], store.ByTotal)
		if len(total) != 1 || total[0].Cases != len(cases) {
			t.Errorf("all cases: %v, want %d", total, len(cases))
		}
	})
}

// countByHand counts the test's record of the cases for a filter and a
// breakdown, the plain way.
func countByHand(cases []*countCase, f store.CountFilter, dim store.CountDimension) []store.CountRow {
	victims, caseSets := map[key]int{}, map[key]map[string]bool{}
	for _, c := range cases {
		if c.day.Before(f.From) || c.day.After(f.To) || f.District != "" && c.district != f.District {
			continue
		}
		if f.Form != "" && !slices.Contains(c.forms, f.Form) {
			continue
		}
		forms := []string{""}
		if dim == store.ByForm {
			forms = nil
			for _, x := range c.forms {
				if f.Form == "" || x == f.Form {
					forms = append(forms, string(x))
				}
			}
		}
		for _, form := range forms {
			k := key{}
			switch dim {
			case store.ByDistrict:
				k.k = c.district
			case store.ByForm:
				k.k = form
			case store.ByMonth:
				k.k = strconv.Itoa(c.day.Year()*100 + int(c.day.Month()))
			}
			if f.Sex == "" && f.AgeGroup == "" && dim != store.ByAgeSex {
				mark(caseSets, k, c.id)
			}
			for _, v := range c.victims {
				if f.Sex != "" && v[0] != string(f.Sex) || f.AgeGroup != "" && v[1] != string(f.AgeGroup) {
					continue
				}
				vk := k
				if dim == store.ByAgeSex {
					vk = key{v[1], v[0]}
				}
				victims[vk]++
				mark(caseSets, vk, c.id)
			}
		}
	}
	var out []store.CountRow
	for k, set := range caseSets {
		out = append(out, store.CountRow{Key: k.k, Key2: k.k2, Victims: victims[k], Cases: len(set)})
	}
	slices.SortFunc(out, func(a, b store.CountRow) int {
		if a.Key != b.Key {
			return compareStrings(a.Key, b.Key)
		}
		return compareStrings(a.Key2, b.Key2)
	})
	return out
}

type key struct{ k, k2 string }

func mark(sets map[key]map[string]bool, k key, id string) {
	if sets[k] == nil {
		sets[k] = map[string]bool{}
	}
	sets[k][id] = true
}

func compareStrings(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
