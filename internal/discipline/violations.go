package discipline

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"slices"

	"sigap/internal/roster"
)

// Impact is where the harm of a violation falls, which for most duties
// decides the level of the sanction (PP 94/2021 Ps 9–14).
type Impact string

// The three impacts, narrowest first.
const (
	OnUnit   Impact = "unit"   // the Unit Kerja
	OnAgency Impact = "agency" // the instansi
	OnState  Impact = "state"  // the state and/or the government
)

// Impacts lists the impacts, narrowest first.
var Impacts = []Impact{OnUnit, OnAgency, OnState}

// How a violation's level is found.
const (
	ruleImpact   = "impact"   // by where the harm falls (Ps 9–14)
	ruleAlways   = "always"   // one level whatever the impact
	rulePosition = "position" // by the position of the accused (Ps 10(2)e, 11(2)c)
	ruleAbsence  = "absence"  // by days absent without a valid reason (Ps 9(2)b, 10(2)f, 11(2)d)
	ruleChoose   = "choose"   // the statute names no level: the examiner chooses
)

// Violation is one duty or prohibition of PP 94/2021 Ps 3–5, or a breach of
// the marriage rules (Ps 41), with how its level is found.
type Violation struct {
	Code    string `json:"code"`
	Article string `json:"article"`
	NameID  string `json:"name_id"`
	NameEN  string `json:"name_en"`
	Rule    string `json:"rule"`

	ByImpact     map[Impact]levelAt `json:"by_impact,omitempty"`
	ByPosition   map[string]levelAt `json:"by_position,omitempty"`
	Level        Level              `json:"level,omitempty"`
	LevelArticle string             `json:"level_article,omitempty"`
	Absence      []absenceBand      `json:"absence,omitempty"`
	Consecutive  *absenceRun        `json:"consecutive,omitempty"`
	Note         string             `json:"note,omitempty"`
}

type levelAt struct {
	Level   Level  `json:"level"`
	Article string `json:"article"`
}

type absenceBand struct {
	From     int      `json:"from"`
	To       int      `json:"to"`
	Sanction Sanction `json:"sanction"`
	Article  string   `json:"article"`
}

type absenceRun struct {
	Days     int      `json:"days"`
	Sanction Sanction `json:"sanction"`
	Article  string   `json:"article"`
}

// Catalogue is the catalogue of violations a government applies.
type Catalogue struct {
	ID         string      `json:"id"`
	Version    string      `json:"version"`
	Source     string      `json:"source"`
	Violations []Violation `json:"violations"`
}

//go:embed violations_pp94.json
var violationsJSON []byte

// DefaultCatalogue returns the catalogue of PP 94/2021 with the marriage
// rules of PP 10/1983 jo PP 45/1990.
func DefaultCatalogue() *Catalogue {
	c, err := ParseCatalogue(violationsJSON)
	if err != nil {
		panic("discipline: the embedded catalogue does not parse: " + err.Error())
	}
	return c
}

// ParseCatalogue reads and checks a catalogue: every violation with a
// known rule and what that rule needs, levels and sanctions that exist,
// absence bands in order without gaps.
func ParseCatalogue(data []byte) (*Catalogue, error) {
	var c Catalogue
	if err := json.Unmarshal(data, &c); err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	for _, v := range c.Violations {
		if v.Code == "" || seen[v.Code] {
			return nil, fmt.Errorf("violation %q: missing or repeated code", v.Code)
		}
		seen[v.Code] = true
		if v.Article == "" || v.NameID == "" || v.NameEN == "" {
			return nil, fmt.Errorf("violation %s: article and names are required", v.Code)
		}
		switch v.Rule {
		case ruleImpact:
			if len(v.ByImpact) == 0 {
				return nil, fmt.Errorf("violation %s: no level for any impact", v.Code)
			}
			for i, l := range v.ByImpact {
				if !slices.Contains(Impacts, i) || !l.Level.Valid() || l.Article == "" {
					return nil, fmt.Errorf("violation %s: bad level for impact %q", v.Code, i)
				}
			}
		case ruleAlways:
			if !v.Level.Valid() || v.LevelArticle == "" {
				return nil, fmt.Errorf("violation %s: bad level", v.Code)
			}
		case rulePosition:
			for k, l := range v.ByPosition {
				if !slices.Contains(roster.PositionKinds, roster.PositionKind(k)) || !l.Level.Valid() || l.Article == "" {
					return nil, fmt.Errorf("violation %s: bad level for position %q", v.Code, k)
				}
			}
		case ruleAbsence:
			next := 0
			for _, b := range v.Absence {
				if !b.Sanction.Valid() || b.From > b.To || (next != 0 && b.From != next) || b.Article == "" {
					return nil, fmt.Errorf("violation %s: absence bands must run on without gaps", v.Code)
				}
				next = b.To + 1
			}
			if len(v.Absence) == 0 {
				return nil, fmt.Errorf("violation %s: no absence bands", v.Code)
			}
		case ruleChoose:
		default:
			return nil, fmt.Errorf("violation %s: unknown rule %q", v.Code, v.Rule)
		}
	}
	return &c, nil
}

// Violation returns the violation with a code.
func (c *Catalogue) Violation(code string) (Violation, bool) {
	for _, v := range c.Violations {
		if v.Code == code {
			return v, true
		}
	}
	return Violation{}, false
}
