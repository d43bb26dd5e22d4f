package app

import (
	"context"
	"strconv"
	"strings"

	"sigap/internal/access"
	"sigap/internal/apperr"
	"sigap/internal/discipline"
	"sigap/internal/identity"
	"sigap/internal/roster"
	"sigap/internal/store"
)

// catalogue is the violation catalogue every government applies for now;
// a government's own catalogue (PPPK, local rules) is a later setting.
var catalogue = discipline.DefaultCatalogue()

// ChargeView is a charge with what it calls for.
type ChargeView struct {
	store.Charge
	Violation discipline.Violation
	Finding   discipline.Finding
}

// CaseView is a discipline case as its page shows it: the accused, the
// charges and the level each calls for, the level the case calls for
// (the heaviest, Ps 35(1)), and who may impose each sanction on the
// accused (Ps 16–25).
type CaseView struct {
	Case        store.DisciplineCase
	Employee    *roster.Employee
	Charges     []ChargeView
	Heaviest    *discipline.Finding
	Authorities []AuthorityView
	Violations  []discipline.Violation // for the form
}

// Cases returns a page of the caller's tenant's discipline cases.
func (a *App) Cases(ctx context.Context, u identity.User, offset, limit int) ([]store.DisciplineCase, int, error) {
	if err := access.Check(u, access.ViewCases); err != nil {
		return nil, 0, err
	}
	return a.Store.DisciplineCases(ctx, u.TenantID, offset, limit)
}

// Case returns one discipline case of the caller's tenant.
func (a *App) Case(ctx context.Context, u identity.User, publicID string) (CaseView, error) {
	if err := access.Check(u, access.ViewCases); err != nil {
		return CaseView{}, err
	}
	c, err := a.Store.DisciplineCaseByID(ctx, u.TenantID, publicID)
	if err != nil {
		return CaseView{}, err
	}
	v := CaseView{Case: c, Violations: catalogue.Violations}
	var chain []roster.Employee
	if c.EmployeeID != 0 {
		e, err := a.Store.Employee(ctx, u.TenantID, c.EmployeeID)
		if err != nil {
			return v, err
		}
		v.Employee = &e
		if chain, err = a.Store.SuperiorChain(ctx, u.TenantID, c.EmployeeID); err != nil {
			return v, err
		}
		if v.Authorities, err = a.authorities(ctx, u.TenantID, e, chain); err != nil {
			return v, err
		}
	}
	charges, err := a.Store.Charges(ctx, u.TenantID, c.ID)
	if err != nil {
		return v, err
	}
	var findings []discipline.Finding
	for _, ch := range charges {
		cv := ChargeView{Charge: ch}
		cv.Violation, _ = catalogue.Violation(ch.Code)
		if v.Employee != nil {
			cv.Charge.Kind = v.Employee.Kind
		}
		cv.Finding, _ = catalogue.Assess(cv.Charge.Charge)
		findings = append(findings, cv.Finding)
		v.Charges = append(v.Charges, cv)
	}
	if h, ok := discipline.Heaviest(findings); ok {
		v.Heaviest = &h
	}
	return v, nil
}

// ChargeInput is a charge as the form sends it.
type ChargeInput struct {
	Code, Impact, DaysAbsent, DaysConsecutive string
}

// AddCharge adds a violation to a case, after checking that the catalogue
// knows it and that what its level depends on is given.
func (a *App) AddCharge(ctx context.Context, u identity.User, casePublicID string, in ChargeInput) error {
	if err := access.Check(u, access.ManageCharges); err != nil {
		return err
	}
	c, err := a.Store.DisciplineCaseByID(ctx, u.TenantID, casePublicID)
	if err != nil {
		return err
	}
	ch := discipline.Charge{Code: strings.TrimSpace(in.Code), Impact: discipline.Impact(strings.TrimSpace(in.Impact))}
	if ch.DaysAbsent, err = optionalInt(in.DaysAbsent, "days_absent"); err != nil {
		return err
	}
	if ch.DaysConsecutive, err = optionalInt(in.DaysConsecutive, "days_consecutive"); err != nil {
		return err
	}
	v, ok := catalogue.Violation(ch.Code)
	if !ok {
		return apperr.InvalidField("code", "violation.unknown", nil)
	}
	if len(v.ByImpact) == 0 {
		ch.Impact = "" // only a violation judged by impact reads it
	}
	if c.EmployeeID != 0 {
		if e, err := a.Store.Employee(ctx, u.TenantID, c.EmployeeID); err == nil {
			ch.Kind = e.Kind
		}
	}
	if _, err := catalogue.Assess(ch); err != nil {
		return err
	}
	return a.Store.AddCharge(ctx, actor(u), u.TenantID, casePublicID, ch)
}

// RemoveCharge withdraws a charge from a case.
func (a *App) RemoveCharge(ctx context.Context, u identity.User, casePublicID string, chargeID int64) error {
	if err := access.Check(u, access.ManageCharges); err != nil {
		return err
	}
	return a.Store.RemoveCharge(ctx, actor(u), u.TenantID, casePublicID, chargeID)
}

func optionalInt(s, field string) (int, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 || n > 366 {
		return 0, apperr.InvalidField(field, "violation.absence.invalid", nil)
	}
	return n, nil
}
