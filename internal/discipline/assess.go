package discipline

import (
	"slices"

	"sigap/internal/apperr"
	"sigap/internal/roster"
)

// Charge is one alleged violation as the examiner states it.
type Charge struct {
	Code   string
	Impact Impact // where the harm falls, for violations judged by impact
	// For absence (K4f): working days absent without a valid reason in the
	// calendar year, and whether DaysConsecutive of them ran on end.
	DaysAbsent      int
	DaysConsecutive int
	// Position of the accused, for the wealth report (K4e).
	Kind roster.PositionKind
}

// Finding is the level a charge calls for, and why.
type Finding struct {
	Code  string
	Level Level
	// Sanction is set when the rule names the sanction itself, not only
	// the level (the attendance bands).
	Sanction Sanction
	Article  string // the article that sets the level
	// Undetermined is set when the statute names no level for this charge
	// (an impact or position it does not list, or Ps 5 n angka 1): the
	// examiner chooses, with a reason, and Reason says why.
	Undetermined bool
	Reason       string // a message key explaining an undetermined level
}

// Assess works out the level of one charge under the catalogue.
func (c *Catalogue) Assess(ch Charge) (Finding, error) {
	v, ok := c.Violation(ch.Code)
	if !ok {
		return Finding{}, apperr.InvalidField("code", "violation.unknown", nil)
	}
	f := Finding{Code: v.Code}
	switch v.Rule {
	case ruleAlways:
		f.Level, f.Article = v.Level, v.LevelArticle
	case ruleImpact:
		if !slices.Contains(Impacts, ch.Impact) {
			return f, apperr.InvalidField("impact", "violation.impact.required", nil)
		}
		l, ok := v.ByImpact[ch.Impact]
		if !ok {
			f.Undetermined, f.Reason = true, "violation.level.impact_not_listed"
			return f, nil
		}
		f.Level, f.Article = l.Level, l.Article
	case rulePosition:
		l, ok := v.ByPosition[string(ch.Kind)]
		if !ok {
			f.Undetermined, f.Reason = true, "violation.level.position_not_listed"
			return f, nil
		}
		f.Level, f.Article = l.Level, l.Article
	case ruleAbsence:
		if ch.DaysAbsent < 0 || ch.DaysConsecutive < 0 || ch.DaysConsecutive > ch.DaysAbsent || ch.DaysAbsent > 366 {
			return f, apperr.InvalidField("days_absent", "violation.absence.invalid", nil)
		}
		if v.Consecutive != nil && ch.DaysConsecutive >= v.Consecutive.Days {
			f.Sanction, f.Article = v.Consecutive.Sanction, v.Consecutive.Article
		} else {
			for _, b := range v.Absence {
				if ch.DaysAbsent >= b.From && ch.DaysAbsent <= b.To {
					f.Sanction, f.Article = b.Sanction, b.Article
				}
			}
		}
		if f.Sanction == "" {
			// Fewer days than the first band: PP 94 sets no sanction.
			f.Undetermined, f.Reason = true, "violation.absence.below"
			return f, nil
		}
		f.Level = f.Sanction.Level()
	case ruleChoose:
		f.Undetermined, f.Reason = true, "violation.level.not_set"
	}
	return f, nil
}

// Heaviest returns the finding with the heaviest level (and, within a
// level, the heaviest named sanction): for several violations PP 94/2021
// Ps 35(1) imposes one sanction, the heaviest. Undetermined findings take
// part only once the examiner has chosen their level.
func Heaviest(fs []Finding) (Finding, bool) {
	var best Finding
	found := false
	for _, f := range fs {
		if f.Undetermined {
			continue
		}
		if !found || rank(f) > rank(best) {
			best, found = f, true
		}
	}
	return best, found
}

func rank(f Finding) int {
	r := slices.Index(Levels, f.Level) * 100
	if f.Sanction != "" {
		r += slices.Index(Sanctions, f.Sanction) + 1
	}
	return r
}

// RepeatFloor returns the lightest sanction a repeat may receive: one
// heavier than the sanction last imposed for a similar violation
// (PP 94/2021 Ps 35(2)). B3 has nothing heavier and stays B3.
func RepeatFloor(last Sanction) Sanction {
	i := slices.Index(Sanctions, last)
	if i < 0 {
		return ""
	}
	return Sanctions[min(i+1, len(Sanctions)-1)]
}

// Choices returns the sanctions a decision may impose for a finding: the
// sanction the rule names, or those of its level, none lighter than floor
// (the repeat rule, Ps 35(2)); when floor is heavier than all of them, the
// sanctions from floor up within floor's level.
func Choices(f Finding, floor Sanction) []Sanction {
	lowest := 0
	if floor != "" {
		lowest = slices.Index(Sanctions, floor)
	}
	var out []Sanction
	for i, s := range Sanctions {
		if i < lowest {
			continue
		}
		if (f.Sanction != "" && s == f.Sanction) || (f.Sanction == "" && s.Level() == f.Level) {
			out = append(out, s)
		}
	}
	if len(out) == 0 && floor != "" {
		for i, s := range Sanctions {
			if i >= lowest && s.Level() == floor.Level() {
				out = append(out, s)
			}
		}
	}
	return out
}
