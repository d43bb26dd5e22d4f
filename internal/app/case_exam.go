package app

import (
	"context"
	"strings"
	"unicode/utf8"

	"sigap/internal/access"
	"sigap/internal/apperr"
	"sigap/internal/calendar"
	"sigap/internal/discipline"
	"sigap/internal/identity"
	"sigap/internal/nip"
	"sigap/internal/store"
	"sigap/internal/vault"
)

// ExamView is the examination part of a case as its page shows it: the
// BAP, the statements of other parties and the temporary release, opened
// (the opening is audited), with whether a release is possible now.
type ExamView struct {
	store.CaseExam
	// ReleaseEnded is set once the decision (or a dismissal) ended the
	// release, on ReleaseEnd (Ps 31: until the decision).
	ReleaseEnded bool
	ReleaseEnd   calendar.Date
	// ReleaseRefusal is why a release cannot be recorded now, a message
	// key; empty when it can.
	ReleaseRefusal string
}

// CaseExam opens the examination part of a case whose view the caller
// already holds.
func (a *App) CaseExam(ctx context.Context, u identity.User, v CaseView) (ExamView, error) {
	if err := access.Check(u, access.ViewCases); err != nil {
		return ExamView{}, err
	}
	ce, err := a.Store.OpenCaseExam(ctx, actor(u), u.TenantID, v.Case.ID, v.Case.PublicID)
	if err != nil {
		return ExamView{}, err
	}
	ev := ExamView{CaseExam: ce}
	ev.ReleaseEnd, ev.ReleaseEnded = releaseEnd(v.Procedure.Steps)
	switch {
	case ce.Release != nil:
		ev.ReleaseRefusal = "case.release.exists"
	default:
		if v.Procedure.Case != nil {
			if err := discipline.DefaultProcedure.Release(v.Procedure.Case, likelyLevel(v), calendar.Date{}); apperr.CodeOf(err) == apperr.Conflict {
				ev.ReleaseRefusal = apperr.As(err).Key
			}
		}
	}
	return ev, nil
}

// releaseEnd is the day a release ends: the decision's day, or the day a
// case was dismissed.
func releaseEnd(steps []store.Step) (calendar.Date, bool) {
	for _, st := range steps {
		switch st.Kind {
		case "decide":
			return st.Day1, true
		case "dismiss":
			return calendar.DateOf(st.CreatedAt, wib), true
		}
	}
	return calendar.Date{}, false
}

// ExamInput is the examination's record as the form sends it. Examiners
// come one a line; questions and answers as "T:" and "J:" lines.
type ExamInput struct {
	Day, Mode, Place, Examiners, QA, Signature string
}

// empty reports whether no part of the BAP was filled in: the examination
// is then recorded without it.
func (in ExamInput) empty() bool {
	return strings.TrimSpace(in.Place) == "" && strings.TrimSpace(in.Examiners) == "" && strings.TrimSpace(in.QA) == ""
}

func (in ExamInput) exam() (discipline.Exam, error) {
	e := discipline.Exam{Mode: strings.TrimSpace(in.Mode), Place: strings.TrimSpace(in.Place), Examiners: discipline.Lines(in.Examiners),
		Signature: strings.TrimSpace(in.Signature)}
	var err error
	if e.QAs, err = discipline.ParseQA(in.QA); err != nil {
		return e, err
	}
	return e, discipline.CheckExam(e)
}

// RecordExam records the examination with its BAP (Ps 27, 32): on a
// summoned case it takes the examination step, on its day, and writes the
// BAP with it; on an examined case not yet decided it records or corrects
// the BAP. The examiner does it; never on a case about themself.
func (a *App) RecordExam(ctx context.Context, u identity.User, casePublicID string, in ExamInput) error {
	if err := access.Check(u, access.ManageCharges); err != nil {
		return err
	}
	v, err := a.Case(ctx, u, casePublicID)
	if err != nil {
		return err
	}
	if err := a.caseConflict(ctx, u, v.Case); err != nil {
		return err
	}
	cal, err := a.Store.Calendar(ctx, u.TenantID)
	if err != nil {
		return err
	}
	p, err := a.procedure(ctx, u.TenantID)
	if err != nil {
		return err
	}
	if v.Procedure.Case.Stage == discipline.StageExamined {
		e, err := in.exam()
		if err != nil {
			return err
		}
		return a.Store.SaveBAP(ctx, actor(u), u.TenantID, casePublicID, cal, func(c *discipline.Case) error {
			if c.Stage != discipline.StageExamined {
				return apperr.New(apperr.Conflict, "case.bap.not_now")
			}
			return nil
		}, e)
	}
	day, err := stepDate(in.Day, "day1", true)
	if err != nil {
		return err
	}
	st := store.Step{Kind: "examine", Day1: day}
	check := func(c *discipline.Case) error {
		// Ps 29(2): no examination of a likely berat case without its team;
		// checked under the case's lock, which team changes take too.
		now, err := a.caseView(ctx, u, casePublicID)
		if err != nil {
			return err
		}
		if err := a.examinationTeam(ctx, u, now); err != nil {
			return err
		}
		return p.Examine(c, day)
	}
	if in.empty() {
		return a.Store.AddStep(ctx, actor(u), u.TenantID, casePublicID, st, cal, check)
	}
	e, err := in.exam()
	if err != nil {
		return err
	}
	return a.Store.ExamineWithBAP(ctx, actor(u), u.TenantID, casePublicID, st, cal, check, e)
}

// StatementInput is a statement of another party as the form sends it.
type StatementInput struct {
	Name, Role, Day, Text string
}

// AddStatement records the statement of another party (Ps 30): the
// victim, a colleague, a superior.
func (a *App) AddStatement(ctx context.Context, u identity.User, casePublicID string, in StatementInput) error {
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
	st := discipline.Statement{Name: strings.TrimSpace(in.Name), Role: strings.TrimSpace(in.Role), Text: strings.TrimSpace(in.Text)}
	if st.On, err = stepDate(in.Day, "statement_day", true); err != nil { // the form's field
		return err
	}
	if err := discipline.CheckStatement(st); err != nil {
		return err
	}
	_, err = a.Store.AddStatement(ctx, actor(u), u.TenantID, casePublicID, st)
	return err
}

// StatementToRemove returns what the removal page shows of a statement:
// its role and day, not what was said.
func (a *App) StatementToRemove(ctx context.Context, u identity.User, casePublicID, statementID string) (store.StatementRecord, error) {
	if err := access.Check(u, access.ManageCharges); err != nil {
		return store.StatementRecord{}, err
	}
	return a.Store.Statement(ctx, u.TenantID, casePublicID, statementID)
}

// RemoveStatement removes a statement from an open case.
func (a *App) RemoveStatement(ctx context.Context, u identity.User, casePublicID, statementID string) error {
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
	return a.Store.RemoveStatement(ctx, actor(u), u.TenantID, casePublicID, statementID)
}

// ReleaseInput is a temporary release as the form sends it: the day and
// the acting official, by NIP for an employee of the roster or by name.
type ReleaseInput struct {
	Day, Acting string
}

// Release records a temporary release of the accused from the duties of
// the post (Ps 31): only when berat is likely, from the start of the
// examination until the decision, which ends it.
func (a *App) Release(ctx context.Context, u identity.User, casePublicID string, in ReleaseInput) error {
	if err := access.Check(u, access.ManageCharges); err != nil {
		return err
	}
	v, err := a.Case(ctx, u, casePublicID)
	if err != nil {
		return err
	}
	if err := a.caseConflict(ctx, u, v.Case); err != nil {
		return err
	}
	likely := likelyLevel(v)
	if likely != discipline.Berat { // said before anything else is asked
		return apperr.New(apperr.Conflict, "case.release.not_berat")
	}
	r := store.ReleaseInput{}
	if r.From, err = stepDate(in.Day, "release_day", true); err != nil { // the form's field, not the steps' day1
		return err
	}
	acting := strings.TrimSpace(in.Acting)
	digits := strings.NewReplacer(" ", "", ".", "").Replace(acting)
	switch {
	case acting == "" || utf8.RuneCountInString(acting) > 200:
		return apperr.InvalidField("acting", "case.release.acting", nil)
	case len(digits) == 18 && isDigits(digits):
		n, err := nip.Parse(digits)
		if err != nil {
			return apperr.InvalidField("acting", "case.release.acting_nip", nil)
		}
		e, err := a.Store.EmployeeByNIP(ctx, u.TenantID, n.String())
		if err != nil {
			return apperr.InvalidField("acting", "case.release.acting_nip", nil)
		}
		if e.ID == v.Case.EmployeeID {
			return apperr.InvalidField("acting", "case.release.acting_self", nil)
		}
		r.ActingEmployee = e.ID
	default:
		r.ActingName = vault.NewSecret(acting)
	}
	cal, err := a.Store.Calendar(ctx, u.TenantID)
	if err != nil {
		return err
	}
	return a.Store.SetRelease(ctx, actor(u), u.TenantID, casePublicID, cal, func(c *discipline.Case) error {
		return discipline.DefaultProcedure.Release(c, likely, r.From)
	}, r)
}

func isDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

// OwnExam is what the accused's own view lists of the examination and
// after: their copy of the BAP once examined (Ps 32(3)), the decision
// releasing them from duties, the receipt of the sanction decision and
// the decision on their objection. Nothing about other parties.
type OwnExam struct {
	Examined  calendar.Date
	Released  calendar.Date // the day a release began; zero when none
	Delivered bool
	Resolved  calendar.Date // the day the objection was decided
	Appeal    bool          // the remedy was an appeal of a dismissal, decided by the BPASN
}

func (a *App) ownExam(ctx context.Context, u identity.User, caseID int64, pc *discipline.Case, steps []store.Step) (OwnExam, error) {
	oe := OwnExam{Examined: pc.Examined, Delivered: !pc.Received.IsZero(), Resolved: pc.Remedy.Date}
	oe.Appeal = decidedSanction(CaseView{Procedure: ProcedureView{Steps: steps, Case: pc}}) == discipline.B3
	var err error
	oe.Released, err = a.Store.ReleaseFrom(ctx, u.TenantID, caseID)
	return oe, err
}
