package app

import (
	"context"
	"strconv"
	"strings"
	"time"

	"sigap/internal/access"
	"sigap/internal/apperr"
	"sigap/internal/calendar"
	"sigap/internal/identity"
	"sigap/internal/protection"
)

// The forms of a protection case as typed, parsed here so that every
// problem, a date that is no date among them, is reported at once.

// IncidentForm is the incident as typed.
type IncidentForm struct {
	OccurredOn, OccurredTime string
	ReportedOn, ReportedTime string // when the victim reported, WIB
	Village, Place           string
	Forms                    []string
	Fixed                    bool // the report time is the report's own and cannot be changed
}

// VictimForm is a victim as typed.
type VictimForm struct {
	Name, NIK, Sex, BirthDate, Age, Disability, Contact, Address, Village string
}

// PerpetratorForm is a perpetrator as typed; NIP names a civil servant of
// the roster.
type PerpetratorForm struct {
	Name, Sex, Age, Relation, NIP string
}

// ProtectionNewForm is a walk-in or outreach case as typed.
type ProtectionNewForm struct {
	Via         string
	Incident    IncidentForm
	Victim      VictimForm
	Perpetrator PerpetratorForm // optional: empty when not known yet
	Chronology  string
	Summary     string
}

func parseDay(field, s string, fields *apperr.Fields) calendar.Date {
	s = strings.TrimSpace(s)
	if s == "" {
		return calendar.Date{}
	}
	d, err := calendar.ParseDate(s)
	if err != nil {
		fields.Add(field, "protection.date.invalid", nil)
	}
	return d
}

// parseIncident turns the typed incident into the domain's, noting what
// cannot be parsed; the domain's checks follow.
func parseIncident(f IncidentForm, fields *apperr.Fields) protection.Incident {
	in := protection.Incident{OccurredOn: parseDay("occurred_on", f.OccurredOn, fields), OccurredTime: strings.TrimSpace(f.OccurredTime),
		VillageCode: strings.TrimSpace(f.Village), Place: protection.Place(f.Place)}
	for _, v := range f.Forms {
		in.Forms = append(in.Forms, protection.Form(v))
	}
	day := parseDay("reported_at", f.ReportedOn, fields)
	if !day.IsZero() {
		clock := strings.TrimSpace(f.ReportedTime)
		if clock == "" {
			clock = "00:00"
		}
		t, err := time.ParseInLocation("2006-01-02 15:04", day.String()+" "+clock, protection.WIB)
		if err != nil {
			fields.Add("reported_at", "protection.incident.time", nil)
		} else {
			in.ReportedAt = t
		}
	}
	return in
}

func parseAge(field, s string, fields *apperr.Fields) int {
	s = strings.TrimSpace(s)
	if s == "" {
		return -1
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		fields.Add(field, "protection.age.range", nil)
		return -1
	}
	return n
}

func parseVictim(f VictimForm, fields *apperr.Fields) protection.Victim {
	return protection.Victim{Name: f.Name, NIK: f.NIK, Sex: protection.Sex(f.Sex), BirthDate: parseDay("victim_birth_date", f.BirthDate, fields),
		Age: parseAge("victim_age", f.Age, fields), Disability: protection.Disability(f.Disability), Contact: f.Contact, Address: f.Address,
		VillageCode: strings.TrimSpace(f.Village)}
}

// parsePerpetrator reads a perpetrator and finds the civil servant a NIP
// names in the caller's roster.
func (a *App) parsePerpetrator(ctx context.Context, u identity.User, f PerpetratorForm, fields *apperr.Fields) protection.Perpetrator {
	p := protection.Perpetrator{Name: f.Name, Sex: protection.Sex(f.Sex), Age: parseAge("perpetrator_age", f.Age, fields), Relation: protection.Relation(f.Relation)}
	if nip := strings.Join(strings.Fields(f.NIP), ""); nip != "" {
		e, err := a.Store.EmployeeByNIP(ctx, u.TenantID, nip)
		if err != nil {
			fields.Add("perpetrator_nip", "protection.perpetrator.employee.unknown", nil)
		} else {
			p.EmployeeID = e.ID
			if p.Name == "" {
				p.Name = e.Name
			}
		}
	}
	return p
}

// Empty reports whether nothing was typed about a perpetrator.
func (f PerpetratorForm) Empty() bool {
	return strings.TrimSpace(f.Name+f.Sex+f.Age+f.Relation+f.NIP) == ""
}

// OpenProtectionForm opens a walk-in or outreach case from its form.
func (a *App) OpenProtectionForm(ctx context.Context, u identity.User, f ProtectionNewForm) (string, error) {
	var fields apperr.Fields
	in := ProtectionCaseInput{Via: protection.Via(f.Via), Incident: parseIncident(f.Incident, &fields),
		Victims: []protection.Victim{parseVictim(f.Victim, &fields)}, Chronology: f.Chronology, Summary: f.Summary}
	if !f.Perpetrator.Empty() {
		in.Perpetrators = []protection.Perpetrator{a.parsePerpetrator(ctx, u, f.Perpetrator, &fields)}
	}
	if len(fields) > 0 {
		// What could not be parsed comes first, then the rest of the
		// checks; nothing is written.
		if err := access.Check(u, access.WorkProtection); err != nil {
			return "", err
		}
		a.checkProtectionCase(ctx, u, &in, &fields)
		return "", fields.Err()
	}
	c, err := a.OpenProtectionCase(ctx, u, in)
	return c.PublicID, err
}

// SetIncidentForm records or corrects a case's incident from its form.
func (a *App) SetIncidentForm(ctx context.Context, u identity.User, publicID string, f IncidentForm) error {
	var fields apperr.Fields
	in := parseIncident(f, &fields)
	err := a.SetIncident(ctx, u, publicID, in)
	if len(fields) > 0 && (err == nil || apperr.CodeOf(err) == apperr.Invalid) {
		fields = append(fields, apperr.FieldsOf(err)...)
		return fields.Err()
	}
	return err
}

// AddVictimForm adds a victim from its form.
func (a *App) AddVictimForm(ctx context.Context, u identity.User, publicID string, f VictimForm) error {
	var fields apperr.Fields
	v := parseVictim(f, &fields)
	if err := fields.Err(); err != nil {
		return err
	}
	return a.AddVictim(ctx, u, publicID, v)
}

// AddPerpetratorForm adds a perpetrator from its form.
func (a *App) AddPerpetratorForm(ctx context.Context, u identity.User, publicID string, f PerpetratorForm) error {
	if _, err := a.protectionCase(ctx, u, publicID); err != nil {
		return err
	}
	var fields apperr.Fields
	p := a.parsePerpetrator(ctx, u, f, &fields)
	if err := fields.Err(); err != nil {
		return err
	}
	return a.AddPerpetrator(ctx, u, publicID, p)
}

// CloseProtectionForm closes a case from its form.
func (a *App) CloseProtectionForm(ctx context.Context, u identity.User, publicID, outcome, followUp string) error {
	var fields apperr.Fields
	day := parseDay("follow_up", followUp, &fields)
	if err := fields.Err(); err != nil {
		return err
	}
	return a.CloseProtectionCase(ctx, u, publicID, protection.Outcome(outcome), day)
}

// ProtectionPlaces returns the districts and villages of the caller's
// government, for the forms.
func (a *App) ProtectionPlaces(ctx context.Context, u identity.User) ([]District, error) {
	t, err := a.Store.Tenant(ctx, u.TenantID)
	if err != nil {
		return nil, err
	}
	p, err := a.placesOf(ctx, t.Code)
	return p.districts, err
}
