package app

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"sigap/internal/access"
	"sigap/internal/apperr"
	"sigap/internal/discipline"
	"sigap/internal/identity"
	"sigap/internal/roster"
	"sigap/internal/store"
	"sigap/internal/vault"
)

// conflictOf returns the caller's conflict of interest in a case, when
// their account is linked to a roster employee who is the accused, a
// reporter, a victim, or in a declared relation to one of them.
func (a *App) conflictOf(ctx context.Context, u identity.User, caseID int64) (discipline.Conflict, bool, error) {
	mine, err := a.Store.UserEmployee(ctx, u.ID)
	if err != nil || mine == 0 {
		return discipline.Conflict{}, false, err
	}
	people, err := a.Store.CasePeople(ctx, u.TenantID, caseID)
	if err != nil {
		return discipline.Conflict{}, false, err
	}
	c, ok := people.ConflictOf(mine)
	return c, ok, nil
}

// caseConflict is the one check made wherever a case is acted on (charges,
// steps, decisions, its people and its team): someone in a conflict of
// interest may read the case but not act on it, and is told why.
func (a *App) caseConflict(ctx context.Context, u identity.User, c store.DisciplineCase) error {
	conflict, ok, err := a.conflictOf(ctx, u, c.ID)
	if err != nil || !ok {
		return err
	}
	return &apperr.Error{Code: apperr.Forbidden, Key: conflict.Key("case.conflict"), Args: conflict.Args()}
}

// actOnCase settles the caller's right to act on a case: the capability,
// the case being the caller's government's, and no conflict of interest.
func (a *App) actOnCase(ctx context.Context, u identity.User, casePublicID string, need access.Capability) (store.DisciplineCase, error) {
	if err := access.Check(u, need); err != nil {
		return store.DisciplineCase{}, err
	}
	c, err := a.Store.DisciplineCaseByID(ctx, u.TenantID, casePublicID)
	if err != nil {
		return c, err
	}
	return c, a.caseConflict(ctx, u, c)
}

// RelationView is a declared relation with its kind and whom it ties the
// employee to.
type RelationView struct {
	store.CaseRelation
	KindInfo discipline.RelationKind
	ToRole   discipline.Role
	ToName   string
}

// PeopleView is what the case page shows of a case's people and team, to
// those who see cases.
type PeopleView struct {
	Parties   []store.CaseParty
	Relations []RelationView
	Team      []store.TeamMember
	// Likely is the level the case likely calls for: its heaviest charge,
	// lifted by a repeat (Ps 35(2)); Need follows from it (Ps 29(1), (2)).
	Likely discipline.Level
	Need   discipline.TeamNeed
	Formed bool
	// Direct is the accused's direct superior in the roster; Seated is the
	// superior who sits on the team, another when Direct is involved
	// (Ps 29(6)).
	Direct, Seated *roster.Employee
	SuperiorTaken  bool // the superior's seat is filled
	// TeamOpen is whether the team may still change: before the
	// examination, while the case is open.
	TeamOpen bool
	// Conflict is the caller's conflict of interest, when there is one.
	Conflict      *discipline.Conflict
	RelationKinds []discipline.RelationKind
	PartyRoles    []discipline.Role
	Seats         []discipline.Seat
}

// likelyLevel is the level the case likely calls for: the heaviest
// charge's (Ps 35(1)), or the repeat floor's when that is heavier (Ps
// 35(2)); none while the heaviest charge's level is for the examiner to
// determine.
func likelyLevel(v CaseView) discipline.Level {
	var l discipline.Level
	if v.Heaviest != nil && !v.Heaviest.Undetermined {
		l = v.Heaviest.Level
	}
	if v.RepeatFloor != "" && slices.Index(discipline.Levels, v.RepeatFloor.Level()) > slices.Index(discipline.Levels, l) {
		l = v.RepeatFloor.Level()
	}
	return l
}

// teamMayChange reports whether a case's team may still change: it
// examines, so it is settled once the examination is recorded.
func teamMayChange(v CaseView) bool {
	if v.Case.Status != "open" || v.Procedure.Case == nil {
		return false
	}
	st := v.Procedure.Case.Stage
	return st == discipline.StageOpen || st == discipline.StageSummoned
}

// CasePeople returns a case's parties, declared relations and team, and
// the caller's own conflict of interest, for the case page; the opening of
// the parties is audited.
func (a *App) CasePeople(ctx context.Context, u identity.User, v CaseView) (PeopleView, error) {
	if err := access.Check(u, access.ViewCases); err != nil {
		return PeopleView{}, err
	}
	pv := PeopleView{RelationKinds: discipline.RelationKinds(), PartyRoles: discipline.PartyRoles, Seats: discipline.Seats,
		Likely: likelyLevel(v), TeamOpen: teamMayChange(v)}
	pv.Need = discipline.NeedTeam(pv.Likely)
	// Opening the names and reasons is audited, once for the page.
	parties, relations, err := a.Store.OpenCaseParties(ctx, actor(u), u.TenantID, v.Case.ID, v.Case.PublicID)
	if err != nil {
		return pv, err
	}
	pv.Parties = parties
	for _, r := range relations {
		rv := RelationView{CaseRelation: r, ToRole: discipline.Accused}
		rv.KindInfo, _ = discipline.RelationKindOf(r.Kind)
		if v.Employee != nil {
			rv.ToName = v.Employee.Name
		}
		for _, p := range pv.Parties {
			if p.ID == r.PartyID {
				rv.ToRole, rv.ToName = p.Role, p.EmployeeName
				if p.EmployeeID == 0 {
					rv.ToName = p.Name.Reveal()
				}
			}
		}
		pv.Relations = append(pv.Relations, rv)
	}
	if pv.Team, err = a.Store.CaseTeam(ctx, u.TenantID, v.Case.ID); err != nil {
		return pv, err
	}
	pv.Formed = discipline.Formed(store.Members(pv.Team))
	pv.SuperiorTaken = slices.ContainsFunc(pv.Team, func(m store.TeamMember) bool { return m.Seat == discipline.SeatSuperior })
	people, err := a.Store.CasePeople(ctx, u.TenantID, v.Case.ID)
	if err != nil {
		return pv, err
	}
	if v.Case.EmployeeID != 0 {
		chain, err := a.Store.SuperiorChain(ctx, u.TenantID, v.Case.EmployeeID)
		if err != nil {
			return pv, err
		}
		if len(chain) > 0 {
			pv.Direct = &chain[0]
		}
		if i := discipline.SeatedSuperior(employeeIDs(chain), people); i >= 0 {
			pv.Seated = &chain[i]
		}
	}
	if mine, err := a.Store.UserEmployee(ctx, u.ID); err != nil {
		return pv, err
	} else if c, ok := people.ConflictOf(mine); ok {
		pv.Conflict = &c
	}
	return pv, nil
}

func employeeIDs(es []roster.Employee) []int64 {
	out := make([]int64, len(es))
	for i, e := range es {
		out[i] = e.ID
	}
	return out
}

// PartyInput is a party as the case page's form sends it: a roster
// employee, or a name in free text.
type PartyInput struct {
	Role, EmployeeID, Name string
}

// maxPartyName bounds a free-text name.
const maxPartyName = 200

// AddCaseParty records a reporter, victim, witness or someone involved in
// a case: an employee of the roster, or a person named in free text,
// sealed.
func (a *App) AddCaseParty(ctx context.Context, u identity.User, casePublicID string, in PartyInput) error {
	if _, err := a.actOnCase(ctx, u, casePublicID, access.ManageCharges); err != nil {
		return err
	}
	role := discipline.Role(strings.TrimSpace(in.Role))
	if !slices.Contains(discipline.PartyRoles, role) {
		return apperr.InvalidField("role", "case.party.role", nil)
	}
	var employeeID int64
	name := strings.TrimSpace(in.Name)
	if s := strings.TrimSpace(in.EmployeeID); s != "" {
		id, err := strconv.ParseInt(s, 10, 64)
		if err != nil || id <= 0 {
			return apperr.InvalidField("employee_id", "employee.not_found", nil)
		}
		employeeID, name = id, ""
	} else if name == "" {
		return apperr.InvalidField("name", "case.party.who", nil)
	} else if utf8.RuneCountInString(name) > maxPartyName {
		return apperr.InvalidField("name", "case.party.name_long", map[string]any{"Max": maxPartyName})
	}
	_, err := a.Store.AddCaseParty(ctx, actor(u), u.TenantID, casePublicID, role, employeeID, vault.NewSecret(name))
	return err
}

// RemoveCaseParty removes a party from a case, with the relations declared
// to it.
func (a *App) RemoveCaseParty(ctx context.Context, u identity.User, casePublicID, partyPublicID string) error {
	if _, err := a.actOnCase(ctx, u, casePublicID, access.ManageCharges); err != nil {
		return err
	}
	if strings.TrimSpace(partyPublicID) == "" {
		return apperr.InvalidField("party", "case.party.not_found", nil)
	}
	return a.Store.RemoveCaseParty(ctx, actor(u), u.TenantID, casePublicID, partyPublicID)
}

// RelationInput is a declared relation as the form sends it: the roster
// employee, the kind, to whom ("accused" or a party's public ID), and why.
type RelationInput struct {
	EmployeeID, Kind, Target, Reason string
}

// maxRelationReason bounds the reason given for another relation.
const maxRelationReason = 1000

// AddCaseRelation declares a relation between a roster employee and the
// accused or a party of a case.
func (a *App) AddCaseRelation(ctx context.Context, u identity.User, casePublicID string, in RelationInput) error {
	if _, err := a.actOnCase(ctx, u, casePublicID, access.ManageCharges); err != nil {
		return err
	}
	employeeID, err := strconv.ParseInt(strings.TrimSpace(in.EmployeeID), 10, 64)
	if err != nil || employeeID <= 0 {
		return apperr.InvalidField("employee_id", "employee.not_found", nil)
	}
	kind, ok := discipline.RelationKindOf(strings.TrimSpace(in.Kind))
	if !ok {
		return apperr.InvalidField("kind", "case.relation.kind", nil)
	}
	reason := strings.TrimSpace(in.Reason)
	if kind.NeedsReason && reason == "" {
		return apperr.InvalidField("reason", "case.relation.reason", nil)
	}
	if utf8.RuneCountInString(reason) > maxRelationReason {
		return apperr.InvalidField("reason", "case.relation.reason_long", map[string]any{"Max": maxRelationReason})
	}
	target := strings.TrimSpace(in.Target)
	switch target {
	case "":
		return apperr.InvalidField("target", "case.relation.target", nil)
	case string(discipline.Accused):
		target = ""
	}
	_, err = a.Store.AddCaseRelation(ctx, actor(u), u.TenantID, casePublicID, employeeID, kind.Code, target, vault.NewSecret(reason))
	return err
}

// RemoveCaseRelation withdraws a declared relation.
func (a *App) RemoveCaseRelation(ctx context.Context, u identity.User, casePublicID, relationPublicID string) error {
	if _, err := a.actOnCase(ctx, u, casePublicID, access.ManageCharges); err != nil {
		return err
	}
	if strings.TrimSpace(relationPublicID) == "" {
		return apperr.InvalidField("relation", "case.relation.not_found", nil)
	}
	return a.Store.RemoveCaseRelation(ctx, actor(u), u.TenantID, casePublicID, relationPublicID)
}

// MemberInput is an appointment to the team as the form sends it.
type MemberInput struct {
	EmployeeID, Seat string
}

// teamCase settles the right to change a case's team: the decider (the
// PPK or the official designated to form it, Ps 29(5)), no conflict of
// interest, and a case not yet examined.
func (a *App) teamCase(ctx context.Context, u identity.User, casePublicID string) (CaseView, error) {
	if _, err := a.actOnCase(ctx, u, casePublicID, access.DecideCases); err != nil {
		return CaseView{}, err
	}
	v, err := a.Case(ctx, u, casePublicID)
	if err != nil {
		return v, err
	}
	if !teamMayChange(v) {
		return v, apperr.New(apperr.Conflict, "case.team.settled")
	}
	return v, nil
}

// AppointTeamMember appoints a roster employee to a case's Tim Pemeriksa
// (Ps 29): the superior the roster names for the superior's seat (the
// next one up when the direct superior is involved, Ps 29(6)), nobody in
// a conflict of interest.
func (a *App) AppointTeamMember(ctx context.Context, u identity.User, casePublicID string, in MemberInput) error {
	v, err := a.teamCase(ctx, u, casePublicID)
	if err != nil {
		return err
	}
	m := discipline.Member{Seat: discipline.Seat(strings.TrimSpace(in.Seat))}
	if m.EmployeeID, err = strconv.ParseInt(strings.TrimSpace(in.EmployeeID), 10, 64); err != nil || m.EmployeeID <= 0 {
		return apperr.InvalidField("employee_id", "employee.not_found", nil)
	}
	people, err := a.Store.CasePeople(ctx, u.TenantID, v.Case.ID)
	if err != nil {
		return err
	}
	var chain []int64
	if v.Case.EmployeeID != 0 {
		es, err := a.Store.SuperiorChain(ctx, u.TenantID, v.Case.EmployeeID)
		if err != nil {
			return err
		}
		chain = employeeIDs(es)
	}
	return a.Store.AddTeamMember(ctx, actor(u), u.TenantID, casePublicID, m, func(team []discipline.Member) error {
		return people.Appoint(team, m, chain)
	})
}

// RemoveTeamMember takes a member off a case's team.
func (a *App) RemoveTeamMember(ctx context.Context, u identity.User, casePublicID, memberID string) error {
	if _, err := a.teamCase(ctx, u, casePublicID); err != nil {
		return err
	}
	id, err := strconv.ParseInt(strings.TrimSpace(memberID), 10, 64)
	if err != nil || id <= 0 {
		return apperr.InvalidField("member", "case.team.not_found", nil)
	}
	return a.Store.RemoveTeamMember(ctx, actor(u), u.TenantID, casePublicID, id)
}

// examinationTeam refuses to record the examination of a case whose
// likely sanction is berat before its team is formed (Ps 29(2)), or by a
// team on which sits someone the conflict rules now bar. Its callers hold
// the case's row lock, which changes of the team, the parties and the
// relations take too, so what it reads stays true until the step is
// written.
func (a *App) examinationTeam(ctx context.Context, u identity.User, v CaseView) error {
	team, err := a.Store.CaseTeam(ctx, u.TenantID, v.Case.ID)
	if err != nil {
		return err
	}
	people, err := a.Store.CasePeople(ctx, u.TenantID, v.Case.ID)
	if err != nil {
		return err
	}
	return discipline.RequireTeam(likelyLevel(v), store.Members(team), people)
}
