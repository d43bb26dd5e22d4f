package discipline

import (
	_ "embed"
	"maps"
	"slices"
	"sync"

	"sigap/internal/roster"
)

// Holder says who holds a power to sanction.
type Holder string

// The holders.
const (
	// PPK is the Pejabat Pembina Kepegawaian: the Bupati or Wali Kota.
	PPK Holder = "ppk"
	// Official is a superior in the subject's chain (PyBM of Ps 16 e–g, or
	// a designated functional official of Ps 22(2) and 23(2)).
	Official Holder = "official"
	// Beyond is someone outside the region's government, named by the
	// rule's article (the President for B3 on an Ahli Utama, Ps 17(2)b).
	Beyond Holder = "beyond"
	// NotCovered means the table does not govern the subject: his status is
	// outside its scope (a PPPK under PP 94), or his post is not one the
	// table can place (unknown kind, functional post without a known level).
	NotCovered Holder = "not_covered"
)

// Relation is how a rule relates the holder to the subject.
type Relation string

// The relations.
const (
	// LevelsBelow: the subject is Distance levels below the official along
	// the chain of direct superiors ("n tingkat di bawahnya").
	LevelsBelow Relation = "levels_below"
	// FunctionalInUnit: the subject holds a functional post in the
	// official's unit or below it ("Pejabat Fungsional di lingkungannya").
	FunctionalInUnit Relation = "functional_in_unit"
	// Named: the article names the holder (the PPK, or someone beyond the
	// region) for subjects that match the rule's subject filter.
	Named Relation = "named"
	// Residual: PP 94 Ps 25, the power nobody in the chain holds passes to
	// the higher official; with the chain exhausted, that is the PPK.
	Residual Relation = "residual"
)

// Filter selects posts by position kind and, for functional posts, level.
// Empty lists mean "any". A level list only ever matches functional posts.
type Filter struct {
	Kinds         []roster.PositionKind `json:"kinds,omitempty"`
	Levels        []string              `json:"levels,omitempty"`
	ExcludeKinds  []roster.PositionKind `json:"exclude_kinds,omitempty"`
	ExcludeLevels []string              `json:"exclude_levels,omitempty"`
}

// Rule is one row of an authority table: who may impose which sanctions on
// whom, and the article that says so.
type Rule struct {
	ID      string // stable, e.g. "pengawas-one-level"; tenants override by it
	Article string // e.g. "PP 94/2021 Ps 23(1)a"
	Source  string // where the text was read, with its reliability
	Holder  Holder // PPK, Official or Beyond
	// Official selects the superiors the rule empowers (Holder == Official).
	Official Filter
	// Designated marks a power that rests on a PPK decree naming the
	// functional official (Ps 22(3), 23(3)). The roster records no decree,
	// so the lookup takes being the direct superior as designation; screens
	// should say that the decree is presumed.
	Designated bool
	Relation   Relation
	Distance   int    // levels between official and subject (LevelsBelow)
	Subject    Filter // the subjects the rule applies to
	Sanctions  []Sanction
	// Unconfirmed marks a rule whose reading is in doubt; only these may be
	// switched on or off per tenant (Table.With).
	Unconfirmed bool
	Enabled     bool
	// WhoID and WhoEN name the holder when Holder == Beyond.
	WhoID, WhoEN string
	// DescriptionID and DescriptionEN explain the rule to users.
	DescriptionID, DescriptionEN string
	// Note says why a default was chosen, for the rules where that matters.
	Note string
}

// Scope is which employees a table governs and what governs the others.
type Scope struct {
	Statuses []roster.Status // e.g. PNS and CPNS (PP 94 Ps 43)
	Article  string
	// Outside describes the regime for any other status; Authorities cites
	// its ID and Article when it answers NotCovered for such a subject.
	Outside Outside
}

// Outside names the rules that govern employees outside a table's scope.
type Outside struct {
	ID                           string
	Article                      string
	DescriptionID, DescriptionEN string
}

// Info describes a table as a whole.
type Info struct {
	ID               string // e.g. "pp94-2021-kabkota"
	Version          string // the date the rules took effect
	TitleID, TitleEN string
	Source           string
	Note             string
	// VacancyArticle is the article on vacant posts (PP 94/2021 Ps 25),
	// cited when a vacant post's power passes up the chain.
	VacancyArticle string
}

// Table is a validated authority table. It is immutable: With returns a new
// one, so a table may be shared between goroutines and tenants.
type Table struct {
	info  Info
	scope Scope
	rules []Rule

	// The enabled rules, compiled to bit sets and split by the order in
	// which Authorities consults them.
	officials []compiled
	named     []compiled
	residual  []compiled
}

//go:embed authority_kabkota.json
var defaultJSON []byte

// defaultTable parses the embedded table once; the result is immutable.
var defaultTable = sync.OnceValue(func() *Table {
	t, err := ParseTable(defaultJSON)
	if err != nil {
		// Only a defective build can get here, and the tests parse the
		// same bytes, so failing loudly beats returning an error to every
		// caller.
		panic("discipline: embedded authority_kabkota.json: " + err.Error())
	}
	return t
})

// DefaultTable returns the authority table for a Kabupaten/Kota government
// under PP 94/2021 (Ps 17–25), as embedded in the binary. Tenants adjust it
// with With, or replace it with their own file through ParseTable.
func DefaultTable() *Table { return defaultTable() }

// DefaultJSON returns a copy of the embedded table's source, for a tenant
// to start its own from.
func DefaultJSON() []byte { return slices.Clone(defaultJSON) }

// Info describes the table.
func (t *Table) Info() Info { return t.info }

// Scope returns which statuses the table governs.
func (t *Table) Scope() Scope {
	s := t.scope
	s.Statuses = slices.Clone(s.Statuses)
	return s
}

// Covers reports whether the table governs employees of the status.
func (t *Table) Covers(st roster.Status) bool { return slices.Contains(t.scope.Statuses, st) }

// Rules returns the rules in the table's order, disabled ones included.
// The result is a copy.
func (t *Table) Rules() []Rule {
	out := make([]Rule, len(t.rules))
	for i, r := range t.rules {
		out[i] = r.clone()
	}
	return out
}

// Rule returns the rule with the id, for display of an Authority's Rule.
func (t *Table) Rule(id string) (Rule, bool) {
	for _, r := range t.rules {
		if r.ID == id {
			return r.clone(), true
		}
	}
	return Rule{}, false
}

// With returns a copy of the table with the rules named in overrides
// switched on (true) or off (false). Only rules marked Unconfirmed may be
// switched: the others are the law as read, and a tenant that reads the law
// differently must supply its own table. An unknown id is an error, so that
// a misspelt override is not silently ignored.
func (t *Table) With(overrides map[string]bool) (*Table, error) {
	rules := t.Rules()
	var errs []error
	// In order, so that the errors come out the same way every time.
	for _, id := range slices.Sorted(maps.Keys(overrides)) {
		i := slices.IndexFunc(rules, func(r Rule) bool { return r.ID == id })
		switch {
		case i < 0:
			errs = append(errs, &TableError{Rule: id, Problem: "no rule has this id"})
		case !rules[i].Unconfirmed:
			errs = append(errs, &TableError{Rule: id, Index: i + 1, Field: "enabled",
				Problem: "the rule is not marked unconfirmed, so it cannot be switched"})
		default:
			rules[i].Enabled = overrides[id]
		}
	}
	if len(errs) > 0 {
		return nil, joinErrors(errs)
	}
	return build(t.info, t.Scope(), rules)
}

// clone copies the rule's slices, so that callers cannot change a table.
func (r Rule) clone() Rule {
	r.Official = r.Official.clone()
	r.Subject = r.Subject.clone()
	r.Sanctions = slices.Clone(r.Sanctions)
	return r
}

// clone copies the filter's slices.
func (f Filter) clone() Filter {
	return Filter{Kinds: slices.Clone(f.Kinds), Levels: slices.Clone(f.Levels),
		ExcludeKinds: slices.Clone(f.ExcludeKinds), ExcludeLevels: slices.Clone(f.ExcludeLevels)}
}
