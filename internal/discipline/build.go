package discipline

import (
	"fmt"
	"slices"
	"strings"

	"sigap/internal/roster"
)

// shape is one kind of subject the coverage check tries.
type shape struct {
	name  string
	kind  uint8
	level uint16
}

// shapes lists every kind of post, each functional level separately.
var shapes = func() []shape {
	var out []shape
	for _, k := range roster.PositionKinds {
		if k != roster.Fungsional {
			out = append(out, shape{string(k), kindBit(k), 0})
			continue
		}
		for _, l := range roster.FunctionalLevels {
			out = append(out, shape{string(k) + "/" + l, kindBit(k), levelBit(l)})
		}
	}
	return out
}()

// build validates a table and compiles its enabled rules.
func build(info Info, scope Scope, rules []Rule) (*Table, error) {
	var errs []error
	tableErr := func(field, format string, args ...any) {
		errs = append(errs, &TableError{Field: field, Problem: fmt.Sprintf(format, args...)})
	}
	if info.ID == "" {
		tableErr("id", "missing")
	}
	if info.Source == "" {
		tableErr("source", "missing")
	}
	if info.VacancyArticle == "" {
		tableErr("vacancy_article", "missing")
	}
	if len(scope.Statuses) == 0 {
		tableErr("scope.statuses", "missing; name the statuses the table governs")
	}
	for i, st := range scope.Statuses {
		if !knownStatus(st) {
			tableErr("scope.statuses", "%q is not PNS, CPNS or PPPK", st)
		} else if slices.Index(scope.Statuses, st) < i {
			tableErr("scope.statuses", "%q is listed twice", st)
		}
	}
	if scope.Article == "" {
		tableErr("scope.article", "missing")
	}
	if !validID(scope.Outside.ID) {
		tableErr("scope.outside.id", "%q is not an id (lower-case letters, digits and single hyphens)", scope.Outside.ID)
	}
	if scope.Outside.Article == "" || scope.Outside.DescriptionID == "" || scope.Outside.DescriptionEN == "" {
		tableErr("scope.outside", "article, description_id and description_en are required")
	}
	if len(rules) == 0 {
		tableErr("rules", "the table has no rules")
	}

	t := &Table{info: info, scope: scope, rules: rules}
	seen := map[string]bool{scope.Outside.ID: true}
	for i := range rules {
		r := &rules[i]
		rerrs := checkRule(r)
		if r.ID != "" && seen[r.ID] {
			rerrs = append(rerrs, [2]string{"id", "used twice (the scope's outside id counts)"})
		}
		seen[r.ID] = true
		for _, e := range rerrs {
			errs = append(errs, &TableError{Rule: r.ID, Index: i + 1, Field: e[0], Problem: e[1]})
		}
		if len(rerrs) > 0 || !r.Enabled {
			continue
		}
		c := r.compile(info.VacancyArticle)
		switch {
		case r.Holder == Official:
			t.officials = append(t.officials, c)
		case r.Relation == Residual:
			t.residual = append(t.residual, c)
		default:
			t.named = append(t.named, c)
		}
	}
	if len(errs) > 0 {
		return nil, joinErrors(errs)
	}
	if err := t.checkCoverage(); err != nil {
		return nil, err
	}
	return t, nil
}

// checkRule returns the rule's problems as (field, problem) pairs.
func checkRule(r *Rule) [][2]string {
	var out [][2]string
	bad := func(field, format string, args ...any) {
		out = append(out, [2]string{field, fmt.Sprintf(format, args...)})
	}
	if !validID(r.ID) {
		bad("id", "%q is not an id (lower-case letters, digits and single hyphens)", r.ID)
	}
	if strings.TrimSpace(r.Article) == "" {
		bad("article", "missing; cite the article that grants the power")
	}
	if r.DescriptionID == "" || r.DescriptionEN == "" {
		bad("description_id", "description_id and description_en are both required")
	}
	switch r.Holder {
	case Official:
		if r.Relation != LevelsBelow && r.Relation != FunctionalInUnit {
			bad("relation", "%q: an official's rule is levels_below or functional_in_unit", r.Relation)
		}
		if len(r.Official.Kinds) == 0 {
			bad("official.kinds", "missing; say which officials hold the power")
		}
		if len(r.Official.ExcludeKinds)+len(r.Official.ExcludeLevels) > 0 {
			bad("official", "exclusions are not supported for officials; list kinds and levels")
		}
		checkFilter("official", r.Official, bad)
	case PPK, Beyond:
		if r.Holder == PPK && r.Relation != Named && r.Relation != Residual {
			bad("relation", "%q: a ppk rule is named or residual", r.Relation)
		}
		if r.Holder == Beyond && r.Relation != Named {
			bad("relation", "%q: a beyond rule is named", r.Relation)
		}
		if !filterEmpty(r.Official) {
			bad("official", "only an official's rule selects officials")
		}
	default:
		bad("holder", "%q is not ppk, official or beyond", r.Holder)
	}
	if r.Holder == Beyond && (r.WhoID == "" || r.WhoEN == "") {
		bad("who_id", "a beyond rule names the holder in who_id and who_en")
	}
	if r.Holder != Beyond && (r.WhoID != "" || r.WhoEN != "") {
		bad("who_id", "only a beyond rule names a holder outside the region")
	}
	switch {
	case r.Relation == LevelsBelow && r.Distance != 1 && r.Distance != 2:
		// PP 94 speaks of one and two levels only (Ps 19–23).
		bad("distance", "%d is not 1 or 2", r.Distance)
	case r.Relation != LevelsBelow && r.Distance != 0:
		bad("distance", "only a levels_below rule has a distance")
	}
	if r.Designated && (r.Holder != Official || r.Relation != LevelsBelow) {
		bad("designated", "only an official's levels_below rule can rest on a designation")
	}
	checkFilter("subject", r.Subject, bad)
	subj := r.Subject.mask()
	fn := kindBit(roster.Fungsional)
	if !slices.ContainsFunc(shapes, func(s shape) bool {
		return subj.match(s.kind, s.level) && (r.Relation != FunctionalInUnit || s.kind == fn)
	}) {
		bad("subject", "matches no subject")
	}
	if len(r.Sanctions) == 0 {
		bad("sanctions", "missing")
	}
	for i, s := range r.Sanctions {
		switch {
		case !s.Valid():
			bad("sanctions", "%q is not a sanction code (R1–R3, S1–S3, B1–B3) or level (ringan, sedang, berat)", s)
		case slices.Index(r.Sanctions, s) < i:
			bad("sanctions", "%s is listed twice", s)
		case r.Holder == Official && s.Level() == Berat:
			// PP 94 Ps 19–23 never give a berat sanction to anyone below
			// the PPK; a table that does is a typing error, not a reading.
			bad("sanctions", "%s is berat: only the PPK or someone beyond the region imposes berat", s)
		}
	}
	if !r.Unconfirmed && !r.Enabled {
		bad("enabled", "a rule not marked unconfirmed is the law and must be enabled")
	}
	return out
}

// checkFilter checks the kinds and levels of a filter.
func checkFilter(field string, f Filter, bad func(string, string, ...any)) {
	for _, k := range slices.Concat(f.Kinds, f.ExcludeKinds) {
		if kindBit(k) == 0 {
			bad(field, "%q is not a position kind (%s)", k, joinKinds())
		}
	}
	for _, l := range slices.Concat(f.Levels, f.ExcludeLevels) {
		if levelBit(l) == 0 {
			bad(field, "%q is not a functional level (%s)", l, strings.Join(roster.FunctionalLevels, ", "))
		}
	}
	if len(f.Levels)+len(f.ExcludeLevels) > 0 && len(f.Kinds) > 0 && !slices.Contains(f.Kinds, roster.Fungsional) {
		bad(field, "levels are given but the kinds do not include fungsional")
	}
}

func filterEmpty(f Filter) bool {
	return len(f.Kinds)+len(f.Levels)+len(f.ExcludeKinds)+len(f.ExcludeLevels) == 0
}

func joinKinds() string {
	s := make([]string, len(roster.PositionKinds))
	for i, k := range roster.PositionKinds {
		s[i] = string(k)
	}
	return strings.Join(s, ", ")
}

// validID accepts "pengawas-two-levels": lower-case letters and digits in
// parts joined by single hyphens, so that ids read well in URLs and logs.
func validID(id string) bool {
	if id == "" || len(id) > 64 || id[0] == '-' || id[len(id)-1] == '-' || strings.Contains(id, "--") {
		return false
	}
	for _, c := range id {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

// checkCoverage makes sure every sanction on every kind of subject ends
// with someone even when the chain is empty: a named rule or the residual
// one. Without it a gap in a tenant's table would surface as an answer
// with no rule behind it. It also refuses two named rules for the same
// sanction and subject, whose order would then decide silently.
func (t *Table) checkCoverage() error {
	var errs []error
	for _, s := range shapes {
		var covered sanctionSet
		var by [9]string
		for _, c := range t.named {
			if !c.subject.match(s.kind, s.level) {
				continue
			}
			for i := range Sanctions {
				if c.sanctions&(1<<i) == 0 {
					continue
				}
				if by[i] != "" {
					errs = append(errs, &TableError{Rule: c.id, Field: "subject",
						Problem: fmt.Sprintf("%s on %s is also named by rule %q; say which holds", Sanctions[i], s.name, by[i])})
				}
				by[i] = c.id
			}
			covered |= c.sanctions
		}
		for _, c := range t.residual {
			if c.subject.match(s.kind, s.level) {
				covered |= c.sanctions
			}
		}
		if missing := allSanctions &^ covered; missing != 0 {
			errs = append(errs, &TableError{Field: "rules", Problem: fmt.Sprintf(
				"nobody is named for %v on %s when no official in the chain may impose it; add a ppk or beyond rule",
				missing.list(), s.name)})
		}
	}
	if len(errs) > 0 {
		return joinErrors(errs)
	}
	return nil
}
