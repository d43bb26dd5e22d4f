package app

import (
	"context"
	"slices"
	"strconv"
	"strings"

	"sigap/internal/access"
	"sigap/internal/apperr"
	"sigap/internal/calendar"
	"sigap/internal/discipline"
	"sigap/internal/identity"
	"sigap/internal/roster"
	"sigap/internal/store"
)

// catalogue is the violation catalogue of PP 94/2021; a PPPK is charged
// under the government's own catalogue (catalogueFor).
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
	PPPK        bool                   // the accused is a PPPK: the government's own catalogue applies
	Procedure   ProcedureView
	// Repeat is the earlier sanction for a similar violation, when there
	// is one: the decision must be heavier (Ps 35(2)).
	Repeat      *RecordEntry
	RepeatFloor discipline.Sanction
}

// Cases returns a page of the caller's tenant's discipline cases.
func (a *App) Cases(ctx context.Context, u identity.User, q store.CaseQuery) ([]store.DisciplineCase, int, error) {
	if err := access.Check(u, access.ViewCases); err != nil {
		return nil, 0, err
	}
	return a.Store.DisciplineCases(ctx, u.TenantID, q)
}

// Case returns one discipline case of the caller's tenant.
func (a *App) Case(ctx context.Context, u identity.User, publicID string) (CaseView, error) {
	if err := access.Check(u, access.ViewCases); err != nil {
		return CaseView{}, err
	}
	v, err := a.caseView(ctx, u, publicID)
	if err != nil {
		return v, err
	}
	if err := a.notAboutCaller(ctx, u, v.Case); err != nil {
		return CaseView{}, err
	}
	return v, a.Store.MarkNotificationsRead(ctx, u.ID, publicID)
}

// notAboutCaller keeps the accused out of the staff's view of their own
// case, whatever their roles: it shows who reported, the victims, the
// statements and the BAP. They read their case under "Kasus saya", which
// shows them what is theirs to know.
func (a *App) notAboutCaller(ctx context.Context, u identity.User, c store.DisciplineCase) error {
	if c.EmployeeID == 0 {
		return nil
	}
	mine, err := a.Store.UserEmployee(ctx, u.ID)
	if err != nil {
		return err
	}
	if mine == c.EmployeeID {
		return apperr.New(apperr.Forbidden, "case.own.elsewhere")
	}
	return nil
}

// caseView builds a case's view once the caller's right to it is settled.
func (a *App) caseView(ctx context.Context, u identity.User, publicID string) (CaseView, error) {
	c, err := a.Store.DisciplineCaseByID(ctx, u.TenantID, publicID)
	if err != nil {
		return CaseView{}, err
	}
	v := CaseView{Case: c}
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
	cat, err := a.catalogueFor(ctx, u.TenantID, v.Employee)
	if err != nil {
		return v, err
	}
	v.Violations, v.PPPK = cat.Violations, v.Employee != nil && v.Employee.Status == roster.PPPK
	charges, err := a.Store.Charges(ctx, u.TenantID, c.ID)
	if err != nil {
		return v, err
	}
	var findings []discipline.Finding
	for _, ch := range charges {
		cv := ChargeView{Charge: ch}
		cv.Violation, _ = cat.Violation(ch.Code)
		if v.Employee != nil {
			cv.Charge.Kind = v.Employee.Kind
		}
		cv.Finding, _ = cat.Assess(cv.Charge.Charge)
		findings = append(findings, cv.Finding)
		v.Charges = append(v.Charges, cv)
	}
	if h, ok := discipline.Heaviest(findings); ok {
		v.Heaviest = &h
	}
	if c.EmployeeID != 0 && len(charges) > 0 {
		record, err := a.sanctionRecord(ctx, u.TenantID, c.EmployeeID, c.ID)
		if err != nil {
			return v, err
		}
		codes := make([]string, len(charges))
		for i, ch := range charges {
			codes[i] = ch.Code
		}
		v.RepeatFloor, v.Repeat = repeatFloor(record, codes)
	}
	return v, a.caseProcedure(ctx, u, &v)
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
	if err := a.caseConflict(ctx, u, c); err != nil {
		return err
	}
	ch := discipline.Charge{Code: strings.TrimSpace(in.Code), Impact: discipline.Impact(strings.TrimSpace(in.Impact))}
	if ch.DaysAbsent, err = optionalInt(in.DaysAbsent, "days_absent"); err != nil {
		return err
	}
	if ch.DaysConsecutive, err = optionalInt(in.DaysConsecutive, "days_consecutive"); err != nil {
		return err
	}
	var accused *roster.Employee
	if c.EmployeeID != 0 {
		if e, err := a.Store.Employee(ctx, u.TenantID, c.EmployeeID); err == nil {
			ch.Kind, accused = e.Kind, &e
		}
	}
	cat, err := a.catalogueFor(ctx, u.TenantID, accused)
	if err != nil {
		return err
	}
	v, ok := cat.Violation(ch.Code)
	if !ok {
		return apperr.InvalidField("code", "violation.unknown", nil)
	}
	if len(v.ByImpact) == 0 {
		ch.Impact = "" // only a violation judged by impact reads it
	}
	if _, err := cat.Assess(ch); err != nil {
		return err
	}
	return a.Store.AddCharge(ctx, actor(u), u.TenantID, casePublicID, ch)
}

// RemoveCharge withdraws a charge from a case.
func (a *App) RemoveCharge(ctx context.Context, u identity.User, casePublicID string, chargeID int64) error {
	if _, err := a.actOnCase(ctx, u, casePublicID, access.ManageCharges); err != nil {
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

// ProcedureView is where a case stands in its procedure.
type ProcedureView struct {
	Steps     []store.Step
	Case      *discipline.Case
	Due       discipline.Due
	HasDue    bool
	Effective calendar.Date // the day a delivered decision takes effect
	Choices   []discipline.Sanction
	Handling  store.CaseHandling // who handles it, since when its superior knows
	Watch     discipline.Watch   // the government's reminder and Ps 28 windows
	Inaction  bool               // the superior's summons is late (Ps 28)
	// ChoiceTexts name the choices as a decision taken now would (Ps 42).
	ChoiceTexts []discipline.SanctionText
	Remedies    RemedyView
}

// caseProcedure replays a case's steps and works out what is due and
// which sanctions a decision may impose.
func (a *App) caseProcedure(ctx context.Context, u identity.User, v *CaseView) error {
	cal, err := a.Store.Calendar(ctx, u.TenantID)
	if err != nil {
		return err
	}
	p, err := a.procedure(ctx, u.TenantID)
	if err != nil {
		return err
	}
	steps, c, err := a.Store.CaseProcedure(ctx, u.TenantID, v.Case.ID, p, cal)
	if err != nil {
		return err
	}
	c.ByOfficial = byOfficial(*v, c.Sanction)
	today := calendar.DateOf(a.Store.Now(), wib)
	p.Settle(c, cal, today)
	pv := ProcedureView{Steps: steps, Case: c, Effective: p.EffectiveOn(c, cal)}
	if pv.Handling, err = a.Store.CaseHandlingOf(ctx, u.TenantID, v.Case.ID); err != nil {
		return err
	}
	st, err := a.Store.ProcedureSettings(ctx, u.TenantID)
	if err != nil {
		return err
	}
	pv.Watch = st.Watch()
	pv.Due, pv.HasDue = pv.Watch.Due(p, c, cal, pv.Handling.SuperiorInformed)
	pv.Due.Late = pv.HasDue && today.After(pv.Due.By) && c.Stage != discipline.StageDelivered
	pv.Inaction = pv.Due.Late && discipline.Inaction(pv.Due)
	pv.Choices = decisionChoices(*v)
	for _, s := range pv.Choices {
		pv.ChoiceTexts = append(pv.ChoiceTexts, p.Text(s))
	}
	v.Procedure = pv
	return a.remedyView(ctx, u, v, p, cal, today)
}

// decisionChoices are the sanctions a decision may impose: those the
// heaviest finding calls for (Ps 35(1)) that an official in the region may
// impose on the accused (Ps 16–25).
func decisionChoices(v CaseView) []discipline.Sanction {
	if v.Heaviest == nil {
		return nil
	}
	allowed := map[discipline.Sanction]bool{}
	for _, au := range v.Authorities {
		if au.By == discipline.PPK || au.By == discipline.Official {
			allowed[au.Sanction] = true
		}
	}
	var out []discipline.Sanction
	for _, s := range discipline.Choices(*v.Heaviest, v.RepeatFloor) {
		if allowed[s] || v.Employee == nil {
			out = append(out, s)
		}
	}
	return out
}

// StepInput is a procedure step as the case page's forms send it.
type StepInput struct {
	Kind, Day1, Day2, Sanction, Outcome string
}

// CaseStep takes one step of a case's procedure. The examiner summons,
// records absence, the examination, delivery and an objection; the
// decider decides, dismisses and records a remedy's outcome. The
// procedure refuses any step its stage does not allow, and says why.
func (a *App) CaseStep(ctx context.Context, u identity.User, casePublicID string, in StepInput) error {
	need := access.ManageCharges
	switch in.Kind {
	case "decide", "dismiss", "resolve":
		need = access.DecideCases
	case "summon", "missed", "examine", "deliver", "object":
	default:
		return apperr.InvalidField("kind", "case.step.invalid", nil)
	}
	if err := access.Check(u, need); err != nil {
		return err
	}
	v, err := a.Case(ctx, u, casePublicID)
	if err != nil {
		return err
	}
	// Nobody examines or decides a case they have a stake in.
	if err := a.caseConflict(ctx, u, v.Case); err != nil {
		return err
	}
	cal, err := a.Store.Calendar(ctx, u.TenantID)
	if err != nil {
		return err
	}
	st := store.Step{Kind: in.Kind, Sanction: discipline.Sanction(strings.TrimSpace(in.Sanction)), Outcome: strings.TrimSpace(in.Outcome)}
	// A step keeps only what its kind reads: a sanction for a decision or
	// a remedy that sets one, an outcome for a remedy, the part of a
	// delivery or an objection.
	switch in.Kind {
	case "decide":
		st.Outcome = ""
	case "resolve":
		if !slices.Contains([]string{"lighten", "heavier", "change"}, st.Outcome) {
			st.Sanction = ""
		}
	case "deliver", "object":
		st.Sanction = ""
		if (st.Kind == "deliver" && !slices.Contains(store.DeliverParts, st.Outcome)) || (st.Kind == "object" && !slices.Contains(store.ObjectParts, st.Outcome)) {
			return apperr.InvalidField("outcome", "case.step.invalid", nil)
		}
	default:
		st.Sanction, st.Outcome = "", ""
	}
	if st.Day1, err = stepDate(in.Day1, "day1", in.Kind != "missed" && in.Kind != "dismiss"); err != nil {
		return err
	}
	// A decision handed over is received the same day; one sent may reach
	// the accused on a day not known yet (Ps 37(4)).
	needDay2 := in.Kind == "summon" || (in.Kind == "deliver" && st.Outcome == "")
	if st.Day2, err = stepDate(in.Day2, "day2", needDay2); err != nil {
		return err
	}
	if st.Kind == "deliver" && (st.Outcome == "absent" || st.Outcome == "received") || st.Kind == "object" {
		st.Day2 = calendar.Date{} // these parts have one date
	}
	p, err := a.procedure(ctx, u.TenantID)
	if err != nil {
		return err
	}
	choices, official := v.Procedure.Choices, v.Procedure.Case.ByOfficial
	return a.Store.AddStep(ctx, actor(u), u.TenantID, casePublicID, st, cal, func(c *discipline.Case) error {
		switch st.Kind {
		case "summon":
			return p.Summon(c, cal, st.Day1, st.Day2)
		case "missed":
			return p.Missed(c)
		case "examine":
			// Under the case's lock, which charge and team changes take
			// too: the case as it stands now, not as the request found it.
			now, err := a.caseView(ctx, u, casePublicID)
			if err != nil {
				return err
			}
			if err := a.examinationTeam(ctx, u, now); err != nil {
				return err
			}
			return p.Examine(c, st.Day1)
		case "decide":
			if len(choices) == 0 {
				return apperr.New(apperr.Conflict, "case.decide.no_charges")
			}
			return p.Decide(c, st.Day1, st.Sanction, choices, choices)
		case "dismiss":
			return p.Dismiss(c)
		case "deliver":
			switch st.Outcome {
			case "absent":
				return p.MissDelivery(c, st.Day1)
			case "sent":
				return p.Send(c, st.Day1, st.Day2)
			case "received":
				return p.Receive(c, st.Day1)
			}
			return p.Deliver(c, st.Day1, st.Day2)
		case "object":
			c.ByOfficial = official
			if st.Outcome != "" {
				return p.Respond(c, cal, st.Day1, st.Outcome == "silent")
			}
			return p.Object(c, cal, st.Day1)
		default: // resolve
			c.ByOfficial = official
			return p.Resolve(c, discipline.Remedy{Outcome: st.Outcome, Sanction: st.Sanction, Date: st.Day1})
		}
	})
}

func stepDate(s, field string, required bool) (calendar.Date, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		if required {
			return calendar.Date{}, apperr.InvalidField(field, "case.step.date_required", nil)
		}
		return calendar.Date{}, nil
	}
	d, err := calendar.ParseDate(s)
	if err != nil {
		return d, apperr.InvalidField(field, "case.step.date_invalid", nil)
	}
	return d, nil
}

// OpenCase opens a case about an employee of the roster, found by the
// examiner (BKPSDM, Inspektorat) rather than reported.
func (a *App) OpenCase(ctx context.Context, u identity.User, employeeID int64) (store.DisciplineCase, error) {
	if err := access.Check(u, access.ManageCharges); err != nil {
		return store.DisciplineCase{}, err
	}
	if employeeID <= 0 {
		return store.DisciplineCase{}, apperr.InvalidField("employee_id", "employee.not_found", nil)
	}
	return a.Store.OpenCase(ctx, actor(u), u.TenantID, employeeID)
}
