package refdata

import (
	"io"
	"strings"
	"testing"

	"sigap/internal/calendar"
)

// The figures below come from data/SOURCES.md, which were verified there
// against the upstream READMEs and independent copies.

func TestEmbeddedRegions(t *testing.T) {
	regions, err := ParseRegions(NationalRegions())
	if err != nil {
		t.Fatal(err)
	}
	if len(regions) != 91599 {
		t.Errorf("rows = %d, want 91,599", len(regions))
	}
	byLevel := map[Level]int{}
	for _, r := range regions {
		byLevel[r.Level]++
	}
	want := map[Level]int{LevelProvince: 38, LevelRegency: 514, LevelDistrict: 7285, LevelVillage: 83762}
	for l, n := range want {
		if byLevel[l] != n {
			t.Errorf("%s: %d, want %d", l, byLevel[l], n)
		}
	}
	serang := []struct {
		code, name          string
		districts, villages int
	}{
		{"36.04", "Kabupaten Serang", 29, 326},
		{"36.73", "Kota Serang", 6, 67},
	}
	for _, s := range serang {
		var districts, villages int
		found := false
		for _, r := range regions {
			switch {
			case r.Code == s.code:
				found = r.Name == s.name && r.Level == LevelRegency && r.ParentCode == "36"
			case r.Level == LevelDistrict && r.ParentCode == s.code:
				districts++
			case r.Level == LevelVillage && strings.HasPrefix(r.Code, s.code+"."):
				villages++
			}
		}
		if !found || districts != s.districts || villages != s.villages {
			t.Errorf("%s: found=%v districts=%d villages=%d, want %s with %d and %d",
				s.code, found, districts, villages, s.name, s.districts, s.villages)
		}
	}
}

func TestEmbeddedHolidays(t *testing.T) {
	days, err := ParseHolidays(NationalHolidays())
	if err != nil {
		t.Fatal(err)
	}
	if len(days) != 109 {
		t.Errorf("rows = %d, want 109", len(days))
	}
	type yk struct {
		year int
		kind calendar.Kind
	}
	count := map[yk]int{}
	for _, d := range days {
		count[yk{d.Date.Year(), d.Kind}]++
	}
	want := map[yk]int{
		{2023, calendar.KindHoliday}: 16, {2023, calendar.KindCutiBersama}: 11,
		{2024, calendar.KindHoliday}: 19, {2024, calendar.KindCutiBersama}: 10,
		{2025, calendar.KindHoliday}: 17, {2025, calendar.KindCutiBersama}: 11,
		{2026, calendar.KindHoliday}: 17, {2026, calendar.KindCutiBersama}: 8,
	}
	for k, n := range want {
		if count[k] != n {
			t.Errorf("%d %s: %d, want %d", k.year, k.kind, count[k], n)
		}
	}
	if len(count) != len(want) {
		t.Errorf("unexpected year/kind groups: %v", count)
	}
}

func TestEmbeddedOffices(t *testing.T) {
	offices, err := ParseOffices(SerangOffices())
	if err != nil {
		t.Fatal(err)
	}
	type tk struct{ tenant, kind string }
	count := map[tk]int{}
	perTenant := map[string]int{}
	for _, o := range offices {
		if !ValidOfficeKind(o.Kind) {
			t.Errorf("invalid kind %q", o.Kind)
		}
		if (o.Kind == OfficeKecamatan) != (o.Abbreviation == "") {
			t.Errorf("%s %q: only kecamatan rows lack an abbreviation", o.Tenant, o.Name)
		}
		count[tk{o.Tenant, o.Kind}]++
		perTenant[o.Tenant]++
	}
	if len(perTenant) != 2 || perTenant["kab-serang"] != 58 || perTenant["kota-serang"] != 33 {
		t.Errorf("per tenant = %v, want kab-serang 58, kota-serang 33", perTenant)
	}
	want := map[tk]int{
		{"kab-serang", OfficeSekretariat}: 2, {"kab-serang", OfficeInspektorat}: 1,
		{"kab-serang", OfficeBadan}: 6, {"kab-serang", OfficeDinas}: 18,
		{"kab-serang", OfficeSatpolPP}: 1, {"kab-serang", OfficeRSUD}: 1,
		{"kab-serang", OfficeKecamatan}:    29,
		{"kota-serang", OfficeSekretariat}: 2, {"kota-serang", OfficeInspektorat}: 1,
		{"kota-serang", OfficeBadan}: 6, {"kota-serang", OfficeDinas}: 16,
		{"kota-serang", OfficeSatpolPP}: 1, {"kota-serang", OfficeRSUD}: 1,
		{"kota-serang", OfficeKecamatan}: 6,
	}
	for k, n := range want {
		if count[k] != n {
			t.Errorf("%s %s: %d, want %d", k.tenant, k.kind, count[k], n)
		}
	}
}

// TestKecamatanMatchRegions: the kecamatan offices were cut from the region
// table, so each tenant's "Kecamatan <name>" rows must be exactly its
// districts; a drift means one of the files was updated alone.
func TestKecamatanMatchRegions(t *testing.T) {
	regions, err := ParseRegions(NationalRegions())
	if err != nil {
		t.Fatal(err)
	}
	offices, err := ParseOffices(SerangOffices())
	if err != nil {
		t.Fatal(err)
	}
	for tenant, code := range map[string]string{"kab-serang": "36.04", "kota-serang": "36.73"} {
		districts := map[string]bool{}
		for _, r := range regions {
			if r.ParentCode == code {
				districts["Kecamatan "+r.Name] = true
			}
		}
		n := 0
		for _, o := range offices {
			if o.Tenant == tenant && o.Kind == OfficeKecamatan {
				n++
				if !districts[o.Name] {
					t.Errorf("%s: %q is not a district of %s", tenant, o.Name, code)
				}
			}
		}
		if n != len(districts) {
			t.Errorf("%s: %d kecamatan offices, %d districts", tenant, n, len(districts))
		}
	}
}

// TestEmbeddedReadersAreFresh: every call must start at the beginning, or
// a second import in the same process would see an empty file.
func TestEmbeddedReadersAreFresh(t *testing.T) {
	for name, open := range map[string]func() io.Reader{
		RegionsFile: NationalRegions, HolidaysFile: NationalHolidays, OfficesFile: SerangOffices,
	} {
		a, _ := io.ReadAll(open())
		b, _ := io.ReadAll(open())
		if len(a) == 0 || string(a) != string(b) {
			t.Errorf("%s: second reader differs from the first", name)
		}
	}
}

func BenchmarkParseRegions(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseRegions(NationalRegions()); err != nil {
			b.Fatal(err)
		}
	}
}
