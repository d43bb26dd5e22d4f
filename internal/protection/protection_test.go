package protection

import (
	"testing"
	"time"

	"sigap/internal/apperr"
	"sigap/internal/calendar"
)

func TestGroupOf(t *testing.T) {
	for age, want := range map[int]AgeGroup{-1: "", 0: "0-5", 5: "0-5", 6: "6-12", 12: "6-12", 13: "13-17", 17: "13-17", 18: "18-24",
		24: "18-24", 25: "25-44", 44: "25-44", 45: "45-59", 59: "45-59", 60: "60+", 99: "60+"} {
		if got := GroupOf(age); got != want {
			t.Errorf("%d: %q, want %q", age, got, want)
		}
	}
	if !GroupOf(17).Child() || GroupOf(18).Child() {
		t.Error("a child is under 18")
	}
}

func TestAgeOn(t *testing.T) {
	birth := calendar.NewDate(2010, 7, 5)
	for day, want := range map[calendar.Date]int{
		calendar.NewDate(2026, 7, 4): 15, calendar.NewDate(2026, 7, 5): 16, calendar.NewDate(2026, 1, 1): 15, calendar.NewDate(2010, 7, 5): 0,
	} {
		if got := AgeOn(birth, day); got != want {
			t.Errorf("%s: %d, want %d", day, got, want)
		}
	}
}

func fieldsOf(check func(*apperr.Fields)) map[string]string {
	var f apperr.Fields
	check(&f)
	out := map[string]string{}
	for _, e := range f {
		out[e.Field] = e.Key
	}
	return out
}

// Each contradiction between ages, dates, the NIK and the sex is named on
// its field.
func TestVictimCheck(t *testing.T) {
	incident, reported := calendar.NewDate(2026, 2, 27), calendar.NewDate(2026, 3, 1)
	good := Victim{Name: "Korban", NIK: "3604054507100001", Sex: Female, BirthDate: calendar.NewDate(2010, 7, 5), Age: -1}
	cases := []struct {
		name  string
		edit  func(*Victim)
		field string
		key   string
	}{
		{"good", func(*Victim) {}, "", ""},
		{"age at the incident agrees", func(v *Victim) { v.Age = 15 }, "", ""},
		{"age at the report agrees too", func(v *Victim) { v.Age = 15; v.BirthDate = calendar.NewDate(2010, 2, 28); v.NIK = "" }, "", ""},
		{"age contradicts", func(v *Victim) { v.Age = 30 }, "v_age", "protection.victim.age.contradicts"},
		{"no age at all", func(v *Victim) { v.BirthDate = calendar.Date{}; v.NIK = "" }, "v_age", "protection.victim.age.required"},
		{"age out of range", func(v *Victim) { v.BirthDate = calendar.Date{}; v.NIK = ""; v.Age = 121 }, "v_age", "protection.age.range"},
		{"born after the incident", func(v *Victim) { v.BirthDate = calendar.NewDate(2026, 3, 1); v.NIK = "" }, "v_birth_date", "protection.victim.born_after_incident"},
		{"NIK of a man", func(v *Victim) { v.NIK = "3604050507100001" }, "v_nik", "protection.nik.sex"},
		{"NIK of another birthday", func(v *Victim) { v.NIK = "3604054607100001" }, "v_nik", "protection.nik.birth_contradicts"},
		{"NIK with no date", func(v *Victim) { v.NIK = "3604057513100001" }, "v_nik", "protection.nik.birth"},
		{"NIK too short", func(v *Victim) { v.NIK = "360405" }, "v_nik", "protection.nik.format"},
		{"NIK with letters", func(v *Victim) { v.NIK = "36040545071000AB" }, "v_nik", "protection.nik.format"},
		{"no sex", func(v *Victim) { v.Sex = "" }, "v_sex", "protection.sex.invalid"},
		{"no name", func(v *Victim) { v.Name = "  " }, "v_name", "protection.victim.name.required"},
		{"control character", func(v *Victim) { v.Address = "a\x07b" }, "v_address", "protection.text.unprintable"},
		{"unknown disability", func(v *Victim) { v.Disability = "lain" }, "v_disability", "protection.disability.invalid"},
	}
	for _, c := range cases {
		v := good
		c.edit(&v)
		got := fieldsOf(func(f *apperr.Fields) { v.Check("v_", incident, reported, f) })
		if c.field == "" && len(got) > 0 || c.field != "" && got[c.field] != c.key {
			t.Errorf("%s: %v, want %s=%s", c.name, got, c.field, c.key)
		}
	}
}

func TestIncidentCheck(t *testing.T) {
	now := time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)
	good := Incident{OccurredOn: calendar.NewDate(2026, 2, 27), ReportedAt: time.Date(2026, 3, 1, 2, 0, 0, 0, time.UTC),
		VillageCode: "36.04.05.2001", Place: Workplace, Forms: []Form{Sexual}}
	cases := []struct {
		name  string
		edit  func(*Incident)
		field string
		key   string
	}{
		{"good", func(*Incident) {}, "", ""},
		{"same day", func(in *Incident) { in.OccurredOn = calendar.NewDate(2026, 3, 1) }, "", ""},
		// 23:30 UTC on 28 Feb is 06:30 WIB on 1 March: the report's day is in WIB.
		{"report's day in WIB", func(in *Incident) {
			in.OccurredOn = calendar.NewDate(2026, 3, 1)
			in.ReportedAt = time.Date(2026, 2, 28, 23, 30, 0, 0, time.UTC)
		}, "", ""},
		{"after its report", func(in *Incident) { in.OccurredOn = calendar.NewDate(2026, 3, 2) }, "occurred_on", "protection.incident.after_report"},
		{"in the future", func(in *Incident) { in.OccurredOn = calendar.NewDate(2026, 3, 3) }, "occurred_on", "protection.incident.future"},
		{"reported in the future", func(in *Incident) { in.ReportedAt = now.Add(time.Hour) }, "reported_at", "protection.incident.reported.future"},
		{"bad time", func(in *Incident) { in.OccurredTime = "25:00" }, "occurred_time", "protection.incident.time"},
		{"no forms", func(in *Incident) { in.Forms = nil }, "forms", "protection.forms.required"},
		{"twice the same form", func(in *Incident) { in.Forms = []Form{Sexual, Sexual} }, "forms", "protection.forms.invalid"},
		{"unknown place", func(in *Incident) { in.Place = "pasar" }, "place", "protection.place.invalid"},
		{"no village", func(in *Incident) { in.VillageCode = "" }, "village", "protection.village.required"},
	}
	for _, c := range cases {
		in := good
		c.edit(&in)
		got := fieldsOf(func(f *apperr.Fields) { in.Check(now, f) })
		if c.field == "" && len(got) > 0 || c.field != "" && got[c.field] != c.key {
			t.Errorf("%s: %v, want %s=%s", c.name, got, c.field, c.key)
		}
	}
}

func TestConsentAllows(t *testing.T) {
	cs := []Consent{
		{Recipient: Personnel, Scopes: []Scope{ScopeSummary}},
		{Recipient: Police, Scopes: []Scope{ScopeIdentity, ScopeChronology}, WithdrawnAt: time.Now()},
	}
	if !Allows(cs, Personnel, ScopeSummary) || Allows(cs, Personnel, ScopeChronology) {
		t.Error("the summary alone is shared with the personnel agency")
	}
	if Allows(cs, Police, ScopeChronology) || Shares(cs, Police) {
		t.Error("a withdrawn consent still holds")
	}
	if !Shares(cs, Personnel) || Shares(cs, Health) {
		t.Error("Shares")
	}
}

func TestPlaces(t *testing.T) {
	if DistrictOf("36.04.05.2001") != "36.04.05" || DistrictOf("36.04.05") != "" {
		t.Error("DistrictOf")
	}
	if !InRegion("36.04.05.2001", "36.04") || InRegion("36.73.01.1001", "36.04") || InRegion("36.040.1", "36.04") || InRegion("36.04.05", "") {
		t.Error("InRegion")
	}
}

// One victim's consent does not release what the case says about the
// others; a consent for the whole case does.
func TestConsentAllowsCase(t *testing.T) {
	one := []Consent{{VictimID: 1, Recipient: Personnel, Scopes: []Scope{ScopeChronology}}}
	if AllowsCase(one, []int64{1, 2}, Personnel, ScopeChronology) {
		t.Error("victim 1's consent released the chronology about victim 2")
	}
	if !AllowsCase(one, []int64{1}, Personnel, ScopeChronology) {
		t.Error("the only victim's consent does not release the chronology")
	}
	both := append(one, Consent{VictimID: 2, Recipient: Personnel, Scopes: []Scope{ScopeChronology}})
	if !AllowsCase(both, []int64{1, 2}, Personnel, ScopeChronology) || AllowsCase(both, []int64{1, 2}, Personnel, ScopeSummary) {
		t.Error("both victims' consents")
	}
	whole := []Consent{{Recipient: Personnel, Scopes: []Scope{ScopeSummary}}}
	if !AllowsCase(whole, []int64{1, 2}, Personnel, ScopeSummary) || !AllowsCase(whole, nil, Personnel, ScopeSummary) {
		t.Error("a consent for the whole case")
	}
	if AllowsCase(one, nil, Personnel, ScopeChronology) {
		t.Error("a victim's consent on a case with no victims")
	}
}
