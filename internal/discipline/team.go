package discipline

import (
	"slices"

	"sigap/internal/apperr"
)

// Seat is a place on the Tim Pemeriksa of PP 94/2021 Ps 29.
type Seat string

// The seats: the direct superior (or, when he is involved, the next
// superior up, Ps 29(6)), an oversight element (Inspektorat) and a
// personnel element (BKPSDM), all three required (Ps 29(3)); other
// officials the PPK designates may join (Ps 29(4)).
const (
	SeatSuperior  Seat = "superior"
	SeatOversight Seat = "oversight"
	SeatPersonnel Seat = "personnel"
	SeatOther     Seat = "other"
)

// Seats lists the seats in the order the team is shown.
var Seats = []Seat{SeatSuperior, SeatOversight, SeatPersonnel, SeatOther}

// Member is one roster employee on a case's team.
type Member struct {
	EmployeeID int64
	Seat       Seat
}

// TeamNeed says whether a case is examined by a team.
type TeamNeed string

// A team may examine a case whose likely sanction is sedang (Ps 29(1))
// and must examine one whose likely sanction is berat (Ps 29(2)); the
// direct superior examines a ringan case alone (Ps 27).
const (
	TeamNotUsed  TeamNeed = "none"
	TeamOptional TeamNeed = "optional"
	TeamRequired TeamNeed = "required"
)

// NeedTeam returns whether a case whose likely level is l needs a team. An
// unknown level (no charge assessed yet) needs none yet.
func NeedTeam(l Level) TeamNeed {
	switch l {
	case Sedang:
		return TeamOptional
	case Berat:
		return TeamRequired
	}
	return TeamNotUsed
}

// Formed reports whether a team holds the three seats Ps 29(3) requires.
func Formed(team []Member) bool {
	for _, s := range Seats[:3] {
		if !slices.ContainsFunc(team, func(m Member) bool { return m.Seat == s }) {
			return false
		}
	}
	return true
}

// RequireTeam refuses to examine a case whose likely sanction is berat
// before its team is formed (Ps 29(2)), and refuses any examination by a
// team on which someone sits whom the rules now bar (p.Barred): a member
// later recorded as a party, or declared related to one with a stake, was
// appointed lawfully but may not examine. Such a member does not count
// towards the team; the refusal says why, with the key "case.team.barred"
// and the member's conflict, so the decider replaces them. A case whose
// likely level calls for no team is examined by the direct superior
// (Ps 27), and what its team would be is not looked at.
func RequireTeam(l Level, team []Member, p People) error {
	need := NeedTeam(l)
	if need == TeamNotUsed {
		return nil
	}
	for _, m := range team {
		if c, barred := p.Barred(m.EmployeeID); barred {
			return &apperr.Error{Code: apperr.Conflict, Key: c.Key("case.team.barred"), Args: c.Args()}
		}
	}
	if need == TeamRequired && !Formed(team) {
		return apperr.New(apperr.Conflict, "case.team.required")
	}
	return nil
}

// SeatedSuperior returns the index in chain (the accused's superiors,
// nearest first) of the superior who sits on the team: the direct
// superior, or, when he is involved in the violation or in a conflict of
// interest, the next one up who is not (Ps 29(6)). It returns -1 when the
// roster has nobody for the seat.
func SeatedSuperior(chain []int64, p People) int {
	for i, id := range chain {
		if _, barred := p.Barred(id); !barred {
			return i
		}
	}
	return -1
}

// Barred says why a roster employee may not sit on the team: a conflict
// of interest, or being a party at all (a witness testifies before the
// team; someone involved took part in the violation).
func (p People) Barred(employeeID int64) (Conflict, bool) {
	if c, ok := p.ConflictOf(employeeID); ok {
		return c, true
	}
	for _, x := range p.Parties {
		if x.EmployeeID != 0 && x.EmployeeID == employeeID {
			return Conflict{Role: x.Role}, true
		}
	}
	return Conflict{}, false
}

// Appoint checks one appointment to a case's team (Ps 29(3)–(6)): a seat
// that exists and is free, nobody twice, nobody in a conflict of interest
// or a party of the case, and on the superior's seat the superior
// SeatedSuperior names, when the roster has one.
func (p People) Appoint(team []Member, m Member, chain []int64) error {
	if !slices.Contains(Seats, m.Seat) {
		return apperr.InvalidField("seat", "case.team.seat", nil)
	}
	if m.EmployeeID <= 0 {
		return apperr.InvalidField("employee_id", "employee.not_found", nil)
	}
	if c, barred := p.Barred(m.EmployeeID); barred {
		return apperr.InvalidField("employee_id", c.Key("case.team.conflict"), c.Args())
	}
	if m.Seat == SeatSuperior {
		if i := SeatedSuperior(chain, p); i >= 0 && chain[i] != m.EmployeeID {
			return apperr.InvalidField("employee_id", "case.team.superior.not_seated", nil)
		}
	}
	for _, x := range team {
		if x.EmployeeID == m.EmployeeID {
			return apperr.InvalidField("employee_id", "case.team.already", nil)
		}
		if x.Seat == m.Seat && m.Seat != SeatOther {
			return apperr.InvalidField("seat", "case.team.seat_taken", nil)
		}
	}
	return nil
}
