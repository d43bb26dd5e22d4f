package app

import (
	"context"
	"strconv"
	"strings"

	"sigap/internal/access"
	"sigap/internal/apperr"
	"sigap/internal/calendar"
	"sigap/internal/discipline"
	"sigap/internal/identity"
	"sigap/internal/letters"
	"sigap/internal/org"
	"sigap/internal/roster"
	"sigap/internal/store"
)

// CaseLetter renders a letter of a case as PDF and records its generation
// in the audit trail. It returns the file name and the PDF.
func (a *App) CaseLetter(ctx context.Context, u identity.User, casePublicID, kind string) (string, []byte, error) {
	if err := access.Check(u, access.ViewCases); err != nil {
		return "", nil, err
	}
	c, err := a.Store.DisciplineCaseByID(ctx, u.TenantID, casePublicID)
	if err != nil {
		return "", nil, err
	}
	if err := a.notAboutCaller(ctx, u, c); err != nil {
		return "", nil, err
	}
	return a.caseLetter(ctx, u, casePublicID, kind)
}

// caseLetter renders a letter once the caller's right to it is settled.
func (a *App) caseLetter(ctx context.Context, u identity.User, casePublicID, kind string) (string, []byte, error) {
	v, err := a.caseView(ctx, u, casePublicID)
	if err != nil {
		return "", nil, err
	}
	t, err := a.Store.Tenant(ctx, u.TenantID)
	if err != nil {
		return "", nil, err
	}
	if v.Employee == nil {
		return "", nil, apperr.New(apperr.Conflict, "case.letter.no_employee")
	}
	texts, err := a.letterTexts(ctx, u.TenantID)
	if err != nil {
		return "", nil, err
	}
	to := person(*v.Employee)
	charges := chargeLines(v)
	file := strings.ReplaceAll(v.Case.Number, "/", "-")
	var pdf []byte
	pc := v.Procedure.Case
	switch kind {
	case "summons1", "summons2":
		round := 1
		if kind == "summons2" {
			round = 2
		}
		if len(pc.Summonses) < round {
			return "", nil, apperr.New(apperr.Conflict, "case.letter.not_yet")
		}
		sm := pc.Summonses[round-1]
		chain, err := a.Store.SuperiorChain(ctx, u.TenantID, v.Employee.ID)
		if err != nil {
			return "", nil, err
		}
		signer := letters.Person{Name: "…", Position: "Atasan langsung"}
		if len(chain) > 0 {
			signer = person(chain[0])
		}
		pdf, err = letters.SummonsPDF(letters.Summons{Government: t.Name, Number: v.Case.Number + "/PGL-" + map[int]string{1: "I", 2: "II"}[round],
			Round: round, Date: sm.Letter, To: to, Exam: sm.Exam, Place: "Kantor " + v.Employee.UnitName, Charges: charges, Signer: signer, Texts: texts,
			KeepUntil: a.keepLetter(ctx, u.TenantID, sm.Letter)})
		if err != nil {
			return "", nil, apperr.Wrap(err, "render summons")
		}
		file = "panggilan-" + map[int]string{1: "1", 2: "2"}[round] + "-" + file
	case "decision":
		decided := decidedSanction(v) // as decided, whatever a remedy made of it later
		if decided == "" || pc.Decided.IsZero() {
			return "", nil, apperr.New(apperr.Conflict, "case.letter.not_yet")
		}
		signer, role := decider(t, v, decided)
		d := letters.Decision{Government: t.Name, Number: v.Case.Number + "/HD", Date: pc.Decided, To: to, Charges: charges,
			Signer: signer, SignerRole: role, Texts: texts, KeepUntil: a.keepLetter(ctx, u.TenantID, pc.Decided)}
		if err := a.decisionTerms(ctx, u.TenantID, v, decided, &d); err != nil {
			return "", nil, err
		}
		pdf, err = letters.DecisionPDF(d)
		if err != nil {
			return "", nil, apperr.Wrap(err, "render decision")
		}
		file = "keputusan-" + file
	case "team":
		if pdf, err = a.teamLetter(ctx, u, t, v, texts); err != nil {
			return "", nil, err
		}
		file = "pembentukan-tim-" + file
	default: // the letters of the examination and after
		var prefix string
		if prefix, pdf, err = a.examLetter(ctx, u, t, v, kind); err != nil {
			return "", nil, err
		}
		file = prefix + "-" + file
	}
	if err := a.Store.RecordLetter(ctx, actor(u), u.TenantID, casePublicID, kind); err != nil {
		return "", nil, err
	}
	return file + ".pdf", pdf, nil
}

// teamSeats names the seats of the Tim Pemeriksa as its formation letter
// does (PP 94/2021 Ps 29(3)–(4)).
var teamSeats = map[discipline.Seat]string{
	discipline.SeatSuperior:  "unsur atasan langsung",
	discipline.SeatOversight: "unsur pengawasan",
	discipline.SeatPersonnel: "unsur kepegawaian",
	discipline.SeatOther:     "pejabat lain yang ditunjuk",
}

// teamLetter renders the PPK's decision forming the case's Tim Pemeriksa
// (Ps 29), once the three seats it requires are filled; it is dated the
// day the last of them was.
func (a *App) teamLetter(ctx context.Context, u identity.User, t org.Tenant, v CaseView, texts letters.Texts) ([]byte, error) {
	team, err := a.Store.CaseTeam(ctx, u.TenantID, v.Case.ID)
	if err != nil {
		return nil, err
	}
	if !discipline.Formed(store.Members(team)) {
		return nil, apperr.New(apperr.Conflict, "case.letter.team_not_formed")
	}
	signer, role := decider(t, CaseView{}, "") // the PPK: the head of the region
	lt := letters.Team{Government: t.Name, Number: v.Case.Number + "/TIM", Accused: person(*v.Employee), Charges: chargeLines(v),
		Signer: signer, SignerRole: role, Texts: texts}
	for _, seat := range discipline.Seats {
		for _, m := range team {
			if m.Seat != seat {
				continue
			}
			lt.Members = append(lt.Members, letters.TeamSeat{Person: letters.Person{Name: m.Name, NIP: m.NIP, Position: m.Position, Unit: m.UnitName}, Seat: teamSeats[seat]})
			if seat != discipline.SeatOther {
				if d := calendar.DateOf(m.AddedAt, wib); d.After(lt.Date) {
					lt.Date = d
				}
			}
		}
	}
	lt.KeepUntil = a.keepLetter(ctx, u.TenantID, lt.Date)
	pdf, err := letters.TeamPDF(lt)
	return pdf, apperr.Wrap(err, "render team")
}

func person(e roster.Employee) letters.Person {
	return letters.Person{Name: e.Name, NIP: e.NIP, Position: e.Position, Unit: e.UnitName}
}

// chargeLines names each charge with its article, and the harm where the
// level depends on it.
func chargeLines(v CaseView) []string {
	var out []string
	for _, c := range v.Charges {
		line := c.Code + " — " + c.Violation.NameID + " (" + c.Violation.Article + ")"
		if c.Impact != "" {
			line += ", dampak pada " + map[discipline.Impact]string{discipline.OnUnit: "unit kerja", discipline.OnAgency: "instansi", discipline.OnState: "negara dan/atau pemerintah"}[c.Impact]
		}
		if c.DaysAbsent > 0 {
			line += ", " + strconv.Itoa(c.DaysAbsent) + " hari kerja tidak masuk"
		}
		out = append(out, line)
	}
	return out
}

// decider is who signs the decision: the official the authority table
// names for the sanction, or the head of the region as PPK.
func decider(t org.Tenant, v CaseView, s discipline.Sanction) (letters.Person, string) {
	head := "Bupati " + letters.Place(t.Name)
	if strings.HasPrefix(t.Name, "Pemerintah Kota") {
		head = "Wali Kota " + letters.Place(t.Name)
	}
	for _, au := range v.Authorities {
		if au.Sanction == s && au.By == discipline.Official {
			return person(au.Official), au.Official.Position
		}
	}
	return letters.Person{Name: "…"}, head
}
