package store

import (
	"context"
	"database/sql"
	"time"

	"sigap/internal/apperr"
	"sigap/internal/calendar"
	"sigap/internal/discipline"
)

// Step is one step of a case's procedure as stored: what was done, its
// dates, and who did it.
type Step struct {
	ID       int64
	Kind     string // summon, missed, examine, decide, dismiss, deliver, object, resolve
	Day1     calendar.Date
	Day2     calendar.Date
	Sanction discipline.Sanction
	Outcome  string // a remedy's outcome; for deliver and object, which of their parts (DeliverParts, ObjectParts)
	Basis    string // a decision's set of "sedang" sanctions: "pp53" for the PP 53/2010 substitutes (Ps 42); a remedy against an official: "official"

	ActorID   int64
	ActorName string
	CreatedAt time.Time
}

// The parts of a delivery and of a remedy, kept in a step's outcome.
// Migration 00006 fixes the step kinds with a CHECK, which SQLite can
// change only by rebuilding the table; a delivery in the accused's
// absence (Ps 37(4)) and the answer to a pending remedy (PP 79 Ps 8(3),
// 13(1)) are parts of the deliver and object steps, so they are those
// kinds with an outcome naming the part, and no migration is needed:
//
//	deliver ""         handed over (day1) and received (day2)
//	deliver "absent"   the accused was absent on day1: to be sent
//	deliver "sent"     sent on day1; received on day2, or not known yet
//	deliver "received" the sent decision reached the accused on day1
//	object  ""         a remedy filed on day1
//	object  "response" the official or the PPK answered it on day1
//	object  "silent"   no answer came by its window; noted on day1
var (
	DeliverParts = []string{"", "absent", "sent", "received"}
	ObjectParts  = []string{"", "response", "silent"}
)

// Label is the message key naming a step: its kind, and its part when it
// is one of a delivery or a remedy.
func (s Step) Label() string {
	if s.Kind == "object" && (s.Outcome == objectionAdmissible || s.Outcome == objectionLate) {
		return "cases.step.object" // the filing; whether in time shows beside it
	}
	if s.Outcome != "" && (s.Kind == "deliver" || s.Kind == "object") {
		return "cases.step." + s.Kind + "." + s.Outcome
	}
	return "cases.step." + s.Kind
}

// basisOfficial marks a remedy against a decision of an official other
// than the PPK, which goes to that official's superior (PP 79 Ps 3(3)).
const basisOfficial = "official"

// apply replays one step on a case through the procedure. The decision's
// choices and authority were checked when the step was taken; a replay
// trusts them.
func applyStep(p discipline.Procedure, c *discipline.Case, cal *calendar.Calendar, s Step) error {
	switch s.Kind {
	case "summon":
		return p.Summon(c, cal, s.Day1, s.Day2)
	case "missed":
		return p.Missed(c)
	case "examine":
		return p.Examine(c, s.Day1)
	case "decide":
		all := discipline.Sanctions
		p.SedangPP53 = s.Basis == basisPP53
		return p.Decide(c, s.Day1, s.Sanction, all, all)
	case "dismiss":
		return p.Dismiss(c)
	case "deliver":
		switch s.Outcome {
		case "absent":
			return p.MissDelivery(c, s.Day1)
		case "sent":
			return p.Send(c, s.Day1, s.Day2)
		case "received":
			return p.Receive(c, s.Day1)
		}
		return p.Deliver(c, s.Day1, s.Day2)
	case "object":
		switch s.Outcome {
		case "response", "silent":
			// Only a keberatan against an official is answered (Ps 8(3)):
			// an answer stored says which it was, also for a filing
			// recorded before its basis was kept.
			c.ByOfficial = c.ByOfficial || c.Objection.Kind == discipline.Keberatan
			return p.Respond(c, cal, s.Day1, s.Outcome == "silent")
		}
		c.ByOfficial = c.ByOfficial || s.Basis == basisOfficial
		// The filing, judged in time or late when it was recorded; the
		// judgment stands.
		switch s.Outcome {
		case objectionAdmissible, objectionLate:
			return p.ReplayObjection(c, s.Day1, s.Outcome == objectionAdmissible)
		}
		return p.Object(c, cal, s.Day1)
	case "resolve":
		return p.Resolve(c, discipline.Remedy{Outcome: s.Outcome, Sanction: s.Sanction, Date: s.Day1})
	}
	return apperr.Wrap(errUnknownStep, s.Kind)
}

// An objection step keeps whether it was filed in time, as judged when it
// was recorded: a later change of the calendar must not undo it.
const (
	objectionAdmissible = "admissible"
	objectionLate       = "late"
)

var errUnknownStep = apperr.New(apperr.Internal, "error.internal")

// basisPP53 marks a decision taken under PP 94/2021 Ps 42's substitutes.
const basisPP53 = "pp53"

func (s *Store) stepsOf(ctx context.Context, q interface {
	QueryContext(context.Context, string, ...any) (*sql.Rows, error)
}, tenantID, caseID int64) ([]Step, error) {
	rows, err := q.QueryContext(ctx, `SELECT st.id, st.kind, st.day1, st.day2, st.sanction, st.outcome, st.basis, COALESCE(st.actor_id, 0), COALESCE(u.display_name, ''), st.created_at
		FROM discipline_steps st LEFT JOIN users u ON u.id = st.actor_id WHERE st.tenant_id = $1 AND st.case_id = $2 ORDER BY st.id`, tenantID, caseID)
	if err != nil {
		return nil, apperr.Wrap(err, "steps")
	}
	defer rows.Close()
	var out []Step
	for rows.Next() {
		var st Step
		var sanction string
		if err := rows.Scan(&st.ID, &st.Kind, &st.Day1, &st.Day2, &sanction, &st.Outcome, &st.Basis, &st.ActorID, &st.ActorName, &st.CreatedAt); err != nil {
			return nil, apperr.Wrap(err, "scan step")
		}
		st.Sanction = discipline.Sanction(sanction)
		out = append(out, st)
	}
	return out, apperr.Wrap(rows.Err(), "steps")
}

// CaseProcedure returns a case's steps and its procedural state, replayed.
func (s *Store) CaseProcedure(ctx context.Context, tenantID, caseID int64, p discipline.Procedure, cal *calendar.Calendar) ([]Step, *discipline.Case, error) {
	steps, err := s.stepsOf(ctx, s.db.R, tenantID, caseID)
	if err != nil {
		return nil, nil, err
	}
	p = p.Replay()
	c := &discipline.Case{Stage: discipline.StageOpen}
	for _, st := range steps {
		if err := applyStep(p, c, cal, st); err != nil {
			return nil, nil, apperr.Wrap(err, "replay case")
		}
	}
	return steps, c, nil
}

// AddStep takes one step of a case's procedure: the case's steps are
// replayed under a lock of the case's row, check runs the new step on that
// state (it refuses what the procedure does not allow), and the step is
// written with its audit event. A case whose procedure ended is closed.
// Each of then writes what goes with the step (the BAP of an examination)
// in the same transaction.
func (s *Store) AddStep(ctx context.Context, a Actor, tenantID int64, casePublicID string, st Step, cal *calendar.Calendar,
	check func(*discipline.Case) error, then ...func(tx *sql.Tx, caseID int64) error) error {
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		cs, err := s.lockedCase(ctx, tx, tenantID, casePublicID, cal)
		if err != nil {
			return err
		}
		if err := s.bumpVersion(ctx, tx, VersionCase, cs.id, casePublicID); err != nil {
			return err
		}
		id, c := cs.id, cs.c
		if err := check(c); err != nil {
			return err
		}
		if st.Kind == "decide" && c.SedangPP53 {
			st.Basis = basisPP53
		}
		if st.Kind == "object" && st.Outcome == "" {
			if c.ByOfficial {
				st.Basis = basisOfficial
			}
			st.Outcome = objectionLate
			if c.Objection.Admissible {
				st.Outcome = objectionAdmissible
			}
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO discipline_steps (tenant_id, case_id, kind, day1, day2, sanction, outcome, basis, actor_id, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`, tenantID, id, st.Kind, st.Day1, st.Day2, string(st.Sanction), st.Outcome, st.Basis, nullID(a.UserID), s.Now()); err != nil {
			return apperr.Wrap(err, "add step")
		}
		if err := cs.refreshDue(ctx, tx, cal); err != nil {
			return err
		}
		if cs.settled { // its day came before the watch did
			if err := s.audit(ctx, tx, tenantID, System, "case.effective", "discipline_case", casePublicID); err != nil {
				return err
			}
		}
		for _, f := range then {
			if err := f(tx, id); err != nil {
				return err
			}
		}
		action := "case.step." + st.Kind
		if st.Label() != "cases.step."+st.Kind {
			action += "." + st.Outcome
		}
		return s.audit(ctx, tx, tenantID, a, action, "discipline_case", casePublicID)
	})
}
