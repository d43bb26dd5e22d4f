package protection

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"sigap/internal/apperr"
	"sigap/internal/calendar"
)

func FuzzCheckCode(f *testing.F) {
	for _, s := range []string{"", "KS-01", " 3 ", "a,b", "a;b", "a\tb", strings.Repeat("x", MaxCode+1), "\xff", "\x00", "é"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		code, err := CheckCode(s)
		if err != nil {
			if apperr.CodeOf(err) != apperr.Invalid || code != "" {
				t.Fatalf("%q: %q %v", s, code, err)
			}
			return
		}
		if code != strings.TrimSpace(s) || utf8.RuneCountInString(code) > MaxCode || !utf8.ValidString(code) || strings.ContainsAny(code, ",;\n\r\t\x00") {
			t.Fatalf("%q accepted as %q", s, code)
		}
		if again, err := CheckCode(code); err != nil || again != code {
			t.Fatalf("%q: not stable", s)
		}
	})
}

// FuzzPeopleAndIncident feeds the protection forms' victim and incident
// through their checks: every problem is an input error on a field of the
// form; what passes has a name, a valid sex, an age in range or a birth
// date, clean text, and an incident neither in the future nor reported
// before it happened.
func FuzzPeopleAndIncident(f *testing.F) {
	f.Add("Korban", "female", 30, "3604010101900001", "", "2026-03-02", "10:00", 26, "workplace", "sexual")
	f.Add("", "x", -2, "12", "\x00", "2027-01-01", "25:00", -100, "", "")
	f.Add(" Siti ", "male", 200, "", "Jl. Uji", "0001-01-01", "9:00", 0, "home", "physical")
	now := time.Date(2026, 11, 20, 12, 0, 0, 0, WIB)
	f.Fuzz(func(t *testing.T, name, sex string, age int, nik, address, day, clock string, reportedAfterHours int, place, form string) {
		d, _ := calendar.ParseDate(day)
		var fields apperr.Fields
		v := Victim{Name: name, Sex: Sex(sex), Age: age, NIK: nik, Address: address}
		v.Check("victim_", d, d, &fields)
		in := Incident{OccurredOn: d, OccurredTime: clock, VillageCode: "36.04.05.2001", Place: Place(place), Forms: []Form{Form(form)}}
		if !d.IsZero() {
			in.ReportedAt = d.Time(WIB).Add(time.Duration(reportedAfterHours%100000) * time.Hour)
		}
		in.Check(now, &fields)
		victimOK := true
		for _, e := range fields {
			if e.Code != apperr.Invalid || e.Field == "" || e.Key == "" {
				t.Fatalf("bad problem %+v", e)
			}
			if strings.HasPrefix(e.Field, "victim_") {
				victimOK = false
			}
		}
		if victimOK && (v.Name == "" || !v.Sex.Valid() || v.Age > 120 || v.Age < -1 || !utf8.ValidString(v.Name) || strings.ContainsRune(v.Name+v.Address, 0)) {
			t.Fatalf("victim passed: %+v", v)
		}
		if len(fields) == 0 && (in.OccurredOn.After(calendar.DateOf(now, WIB)) || in.ReportedAt.After(now.Add(time.Minute)) || calendar.DateOf(in.ReportedAt, WIB).Before(in.OccurredOn)) {
			t.Fatalf("incident passed: %+v", in)
		}
	})
}
