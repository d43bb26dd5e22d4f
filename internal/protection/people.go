package protection

import (
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"sigap/internal/apperr"
	"sigap/internal/calendar"
)

// AgeGroup is an age band of Simfoni PPA's statistics.
type AgeGroup string

// The age bands, youngest first; "" is unknown.
var AgeGroups = []AgeGroup{"0-5", "6-12", "13-17", "18-24", "25-44", "45-59", "60+"}

// GroupOf returns the band of an age in years.
func GroupOf(age int) AgeGroup {
	switch {
	case age < 0:
		return ""
	case age <= 5:
		return "0-5"
	case age <= 12:
		return "6-12"
	case age <= 17:
		return "13-17"
	case age <= 24:
		return "18-24"
	case age <= 44:
		return "25-44"
	case age <= 59:
		return "45-59"
	}
	return "60+"
}

// Child reports whether the band is under 18 (UU 35/2014 Ps 1 angka 1).
func (g AgeGroup) Child() bool { return g == "0-5" || g == "6-12" || g == "13-17" }

// AgeOn returns the age in whole years on day of someone born on birth.
func AgeOn(birth, day calendar.Date) int {
	age := day.Year() - birth.Year()
	if day.Month() < birth.Month() || day.Month() == birth.Month() && day.Day() < birth.Day() {
		age--
	}
	return age
}

// Victim is a victim as the case worker records them. Name, NIK, contact,
// birth date, disability and address are sealed; only the sex and the age
// band are kept in clear, for the counts.
type Victim struct {
	Name        string
	NIK         string // 16 digits, optional
	Sex         Sex
	BirthDate   calendar.Date // optional when Age is given
	Age         int           // years at the incident; -1 unknown (then BirthDate)
	Disability  Disability
	Contact     string
	Address     string // street and house, sealed
	VillageCode string // the village of the address, from the region table; sealed
}

// AgeAt returns the victim's age at the incident: from the birth date when
// known, else as stated.
func (v Victim) AgeAt(incident calendar.Date) int {
	if !v.BirthDate.IsZero() && !incident.IsZero() {
		return AgeOn(v.BirthDate, incident)
	}
	return v.Age
}

// Check returns every problem of a victim at once, field names prefixed
// with prefix (the form's names). incident is the day of the incident,
// reported the day it was reported.
func (v *Victim) Check(prefix string, incident, reported calendar.Date, fields *apperr.Fields) {
	v.Name = strings.TrimSpace(v.Name)
	v.Contact = strings.TrimSpace(v.Contact)
	v.Address = strings.TrimSpace(v.Address)
	v.NIK = strings.Join(strings.Fields(v.NIK), "")
	switch n := utf8.RuneCountInString(v.Name); {
	case n == 0:
		fields.Add(prefix+"name", "protection.victim.name.required", nil)
	case n > 200:
		fields.Add(prefix+"name", "protection.text.long", map[string]any{"Max": 200})
	}
	if !v.Sex.Valid() {
		fields.Add(prefix+"sex", "protection.sex.invalid", nil)
	}
	if !v.Disability.Valid() {
		fields.Add(prefix+"disability", "protection.disability.invalid", nil)
	}
	if utf8.RuneCountInString(v.Contact) > 200 {
		fields.Add(prefix+"contact", "protection.text.long", map[string]any{"Max": 200})
	}
	if utf8.RuneCountInString(v.Address) > 500 {
		fields.Add(prefix+"address", "protection.text.long", map[string]any{"Max": 500})
	}
	for field, text := range map[string]string{"name": v.Name, "contact": v.Contact, "address": v.Address} {
		if !cleanText(text) {
			fields.Add(prefix+field, "protection.text.unprintable", nil)
		}
	}
	v.CheckAge(prefix, incident, reported, fields)
	if v.NIK != "" {
		v.checkNIK(prefix, fields)
	}
}

// CheckAge adds the problems of the victim's age and birth date against
// the day of the incident and of its report.
func (v *Victim) CheckAge(prefix string, incident, reported calendar.Date, fields *apperr.Fields) {
	switch {
	case v.BirthDate.IsZero() && v.Age < 0:
		fields.Add(prefix+"age", "protection.victim.age.required", nil)
		return
	case v.Age > 120 || v.Age < -1:
		fields.Add(prefix+"age", "protection.age.range", nil)
		return
	}
	if v.BirthDate.IsZero() || incident.IsZero() {
		return
	}
	if incident.Before(v.BirthDate) {
		fields.Add(prefix+"birth_date", "protection.victim.born_after_incident", nil)
		return
	}
	if AgeOn(v.BirthDate, incident) > 120 {
		fields.Add(prefix+"birth_date", "protection.age.range", nil)
		return
	}
	// An age given with a birth date must be the age at the incident, or
	// at the report (people give their age as it is now).
	if v.Age >= 0 && v.Age != AgeOn(v.BirthDate, incident) && (reported.IsZero() || v.Age != AgeOn(v.BirthDate, reported)) {
		fields.Add(prefix+"age", "protection.victim.age.contradicts", map[string]any{"Age": AgeOn(v.BirthDate, incident)})
	}
}

// checkNIK checks the NIK's form and that its birth date and sex (digits
// 7–12, DDMMYY with 40 added to the day for women) agree with what else
// was recorded.
func (v *Victim) checkNIK(prefix string, fields *apperr.Fields) {
	if len(v.NIK) != 16 || strings.Trim(v.NIK, "0123456789") != "" {
		fields.Add(prefix+"nik", "protection.nik.format", nil)
		return
	}
	day, _ := strconv.Atoi(v.NIK[6:8])
	month, _ := strconv.Atoi(v.NIK[8:10])
	sex := Male
	if day > 40 {
		day -= 40
		sex = Female
	}
	if day < 1 || day > 31 || month < 1 || month > 12 {
		fields.Add(prefix+"nik", "protection.nik.birth", nil)
		return
	}
	if v.Sex.Valid() && v.Sex != sex {
		fields.Add(prefix+"nik", "protection.nik.sex", nil)
	}
	if !v.BirthDate.IsZero() {
		yy, _ := strconv.Atoi(v.NIK[10:12])
		if v.BirthDate.Day() != day || int(v.BirthDate.Month()) != month || v.BirthDate.Year()%100 != yy {
			fields.Add(prefix+"nik", "protection.nik.birth_contradicts", nil)
		}
	}
}

// Perpetrator is a person who did the violence, as far as it is known.
type Perpetrator struct {
	Name       string // sealed; optional
	Sex        Sex    // "" when not known
	Age        int    // -1 when not known
	Relation   Relation
	EmployeeID int64 // a civil servant of the roster, when they are one
}

// Check returns every problem of a perpetrator at once.
func (p *Perpetrator) Check(prefix string, fields *apperr.Fields) {
	p.Name = strings.TrimSpace(p.Name)
	if p.Sex != "" && !p.Sex.Valid() {
		fields.Add(prefix+"sex", "protection.sex.invalid", nil)
	}
	if p.Age < -1 || p.Age > 120 || p.Age >= 0 && p.Age < 5 {
		fields.Add(prefix+"age", "protection.age.range", nil)
	}
	if !p.Relation.Valid() {
		fields.Add(prefix+"relation", "protection.relation.invalid", nil)
	}
	if utf8.RuneCountInString(p.Name) > 200 {
		fields.Add(prefix+"name", "protection.text.long", map[string]any{"Max": 200})
	} else if !cleanText(p.Name) {
		fields.Add(prefix+"name", "protection.text.unprintable", nil)
	}
}

// Incident is what happened, where and when.
type Incident struct {
	OccurredOn   calendar.Date
	OccurredTime string    // "HH:MM" when known
	ReportedAt   time.Time // when the victim's report reached the office: the TPKS clocks run from it
	VillageCode  string    // the village of the incident, from the region table
	Place        Place
	Forms        []Form
}

// WIB is the time zone of the governments served first; the day of a
// report is its day in WIB.
var WIB = time.FixedZone("WIB", 7*3600)

// Check returns every problem of an incident at once. now is the present:
// nothing can have happened or been reported after it.
func (in *Incident) Check(now time.Time, fields *apperr.Fields) {
	today := calendar.DateOf(now, WIB)
	if in.OccurredOn.IsZero() {
		fields.Add("occurred_on", "protection.incident.day.required", nil)
	} else if in.OccurredOn.After(today) {
		fields.Add("occurred_on", "protection.incident.future", nil)
	}
	if in.OccurredTime != "" {
		if t, err := time.Parse("15:04", in.OccurredTime); err != nil || t.Format("15:04") != in.OccurredTime {
			fields.Add("occurred_time", "protection.incident.time", nil)
		}
	}
	if in.ReportedAt.IsZero() {
		fields.Add("reported_at", "protection.incident.reported.required", nil)
	} else if in.ReportedAt.After(now.Add(time.Minute)) {
		fields.Add("reported_at", "protection.incident.reported.future", nil)
	} else if !in.OccurredOn.IsZero() && !in.OccurredOn.After(today) && calendar.DateOf(in.ReportedAt, WIB).Before(in.OccurredOn) {
		fields.Add("occurred_on", "protection.incident.after_report", nil)
	}
	if in.VillageCode == "" {
		fields.Add("village", "protection.village.required", nil)
	}
	if !in.Place.Valid() {
		fields.Add("place", "protection.place.invalid", nil)
	}
	if len(in.Forms) == 0 {
		fields.Add("forms", "protection.forms.required", nil)
	}
	seen := map[Form]bool{}
	for _, f := range in.Forms {
		if !f.Valid() || seen[f] {
			fields.Add("forms", "protection.forms.invalid", nil)
			break
		}
		seen[f] = true
	}
}

// ReportedDay is the day the report reached the office, in WIB.
func (in Incident) ReportedDay() calendar.Date {
	if in.ReportedAt.IsZero() {
		return calendar.Date{}
	}
	return calendar.DateOf(in.ReportedAt, WIB)
}

// DistrictOf returns the district (kecamatan) code of a village code
// "PP.KK.CC.DDDD": its first three parts.
func DistrictOf(village string) string {
	parts := strings.Split(village, ".")
	if len(parts) != 4 {
		return ""
	}
	return strings.Join(parts[:3], ".")
}

// InRegion reports whether a region code lies inside the government's
// region (a regency or city code "PP.KK").
func InRegion(code, region string) bool {
	return region != "" && strings.HasPrefix(code, region+".")
}

// cleanText refuses control characters other than line breaks and tabs:
// nothing a form can type, and nothing a letter or export can print.
func cleanText(s string) bool {
	if !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if r < 0x20 && r != '\n' && r != '\r' && r != '\t' || r == 0x7f {
			return false
		}
	}
	return true
}

// CleanLongText trims a long text (a chronology, a summary, a note) and
// checks it: at most max characters, printable.
func CleanLongText(field, s string, max int) (string, error) {
	s = strings.TrimSpace(strings.ReplaceAll(s, "\r\n", "\n"))
	if utf8.RuneCountInString(s) > max {
		return "", apperr.InvalidField(field, "protection.text.long", map[string]any{"Max": max})
	}
	if !cleanText(s) {
		return "", apperr.InvalidField(field, "protection.text.unprintable", nil)
	}
	return s, nil
}
