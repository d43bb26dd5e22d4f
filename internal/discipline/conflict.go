package discipline

import (
	_ "embed"
	"encoding/json"
	"slices"
	"sync"
)

// Role is where a person stands in a case: the accused, or one of the
// parties the examiner records beside them.
type Role string

// The roles. Reporters and victims have a stake in the outcome; someone
// involved took part in the violation without being the accused (a
// superior who ordered it, an accomplice), and so has one too; a witness
// only tells what they saw.
const (
	Accused  Role = "accused"
	Reporter Role = "reporter"
	Victim   Role = "victim"
	Witness  Role = "witness"
	Involved Role = "involved"
)

// PartyRoles are the roles a party of a case may have.
var PartyRoles = []Role{Reporter, Victim, Witness, Involved}

// RelationKind is one kind of relation that may put a person in a
// conflict of interest, with what it means.
type RelationKind struct {
	Code        string `json:"code"`
	NameID      string `json:"name_id"`
	NameEN      string `json:"name_en"`
	ExplainID   string `json:"explain_id"`
	ExplainEN   string `json:"explain_en"`
	Source      string `json:"source"`
	NeedsReason bool   `json:"needs_reason"`
}

//go:embed relations.json
var relationsJSON []byte

var relationKinds = sync.OnceValue(func() []RelationKind {
	var f struct {
		Kinds []RelationKind `json:"kinds"`
	}
	if err := json.Unmarshal(relationsJSON, &f); err != nil || len(f.Kinds) == 0 {
		panic("discipline: embedded relations.json is broken")
	}
	return f.Kinds
})

// RelationKinds lists the kinds of relation an examiner may declare, in
// the order the form offers them.
func RelationKinds() []RelationKind { return slices.Clone(relationKinds()) }

// RelationKindOf returns a kind of relation by its code.
func RelationKindOf(code string) (RelationKind, bool) {
	for _, k := range relationKinds() {
		if k.Code == code {
			return k, true
		}
	}
	return RelationKind{}, false
}

// Party is one person recorded in a case beside the accused; EmployeeID
// is 0 for someone outside the roster (named in free text, which the
// rules never read).
type Party struct {
	ID         int64
	Role       Role
	EmployeeID int64
}

// Tie is a declared relation: the roster employee EmployeeID is Kind to
// the party PartyID, or to the accused when PartyID is 0.
type Tie struct {
	EmployeeID int64
	Kind       string
	PartyID    int64
}

// People is who is who in one case, by roster employee.
type People struct {
	Accused int64 // 0 when the case names nobody of the roster yet
	Parties []Party
	Ties    []Tie
}

// Conflict says why a person may not act on a case: their own Role in it
// (Accused, Involved, Reporter, Victim), or a declared relation (Kind) to
// the one who holds Role.
type Conflict struct {
	Role Role
	Kind string // "" when Role is the person's own
}

// stake lists the roles whose holders, and those related to them, may not
// act on a case, heaviest first.
//
// Someone involved took part in the violation: examining or deciding it
// they would judge their own part (the same reason Ps 29(6) takes an
// involved superior off the team). A witness is not in it: a witness only
// tells what they saw, and the direct superior who saw an absence is often
// its only witness and, by Ps 27, its examiner; barring witnesses would
// leave such cases with nobody to examine them. A witness still does not
// sit on the team that hears them (People.Barred).
var stake = []Role{Accused, Involved, Reporter, Victim}

// ConflictOf reports whether the roster employee may not examine, decide
// or sit on the team of the case, and why: being the accused, involved in
// the violation, a reporter or a victim, or in a declared relation to one
// of them. A witness is not for that reason in conflict (see stake).
func (p People) ConflictOf(employeeID int64) (Conflict, bool) {
	if employeeID == 0 {
		return Conflict{}, false
	}
	roleOf := func(partyID int64) Role {
		if partyID == 0 {
			return Accused
		}
		for _, x := range p.Parties {
			if x.ID == partyID {
				return x.Role
			}
		}
		return ""
	}
	for _, r := range stake {
		if r == Accused && p.Accused == employeeID {
			return Conflict{Role: Accused}, true
		}
		for _, x := range p.Parties {
			if x.Role == r && x.EmployeeID == employeeID {
				return Conflict{Role: r}, true
			}
		}
	}
	for _, r := range stake {
		for _, t := range p.Ties {
			if t.EmployeeID == employeeID && roleOf(t.PartyID) == r {
				return Conflict{Role: r, Kind: t.Kind}, true
			}
		}
	}
	return Conflict{}, false
}

// InvolvedIn reports whether the roster employee is involved in the
// violation for Ps 29(6): a party of the case in any role, or in a
// conflict of interest over it.
func (p People) InvolvedIn(employeeID int64) bool {
	for _, x := range p.Parties {
		if x.EmployeeID != 0 && x.EmployeeID == employeeID {
			return true
		}
	}
	_, c := p.ConflictOf(employeeID)
	return c
}

// Key is the message key that explains the conflict, with prefix
// "case.conflict" for the person acting, "case.team.conflict" for
// someone proposed for the team and "case.team.barred" for a member
// who may no longer examine.
func (c Conflict) Key(prefix string) string {
	if c.Kind == "" {
		if c.Role == Accused && prefix == "case.conflict" {
			return "case.conflict.self"
		}
		return prefix + "." + string(c.Role)
	}
	return prefix + ".relation." + string(c.Role)
}

// Args are the message's data: the relation's name in both languages
// (each catalogue picks its own).
func (c Conflict) Args() map[string]any {
	if c.Kind == "" {
		return nil
	}
	k, _ := RelationKindOf(c.Kind)
	return map[string]any{"RelationID": k.NameID, "RelationEN": k.NameEN}
}
