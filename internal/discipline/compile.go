package discipline

import (
	"slices"

	"sigap/internal/roster"
)

// compiled is an enabled rule reduced to bit sets, so that the lookup
// matches it without allocating.
type compiled struct {
	id             string
	article        string
	vacancyArticle string // article jo. the vacancy article
	holder         Holder
	relation       Relation
	distance       int
	official       postMask
	subject        postMask
	sanctions      sanctionSet
}

// postMask is a Filter as bits: bit i of kinds for roster.PositionKinds[i],
// bit i of levels for roster.FunctionalLevels[i]. Zero kinds or levels
// means any.
type postMask struct {
	kinds, exKinds   uint8
	levels, exLevels uint16
}

// match reports whether a post with the kind and level bits passes. A
// non-functional post has level bits 0, so a level list never matches it.
func (m postMask) match(kind uint8, level uint16) bool {
	return (m.kinds == 0 || m.kinds&kind != 0) && m.exKinds&kind == 0 &&
		(m.levels == 0 || m.levels&level != 0) && m.exLevels&level == 0
}

// kindBit returns the bit of a position kind, 0 if unknown.
func kindBit(k roster.PositionKind) uint8 {
	if i := slices.Index(roster.PositionKinds, k); i >= 0 {
		return 1 << i
	}
	return 0
}

// levelBit returns the bit of a functional level, 0 if unknown.
func levelBit(l string) uint16 {
	if i := slices.Index(roster.FunctionalLevels, l); i >= 0 {
		return 1 << i
	}
	return 0
}

// postBits returns the bits of a post; a level counts only on a functional
// post, where it is required.
func postBits(kind roster.PositionKind, level string) (uint8, uint16, bool) {
	k := kindBit(kind)
	if k == 0 {
		return 0, 0, false
	}
	if kind != roster.Fungsional {
		return k, 0, true
	}
	l := levelBit(level)
	return k, l, l != 0
}

// mask returns the filter as bits.
func (f Filter) mask() postMask {
	var m postMask
	for _, k := range f.Kinds {
		m.kinds |= kindBit(k)
	}
	for _, k := range f.ExcludeKinds {
		m.exKinds |= kindBit(k)
	}
	for _, l := range f.Levels {
		m.levels |= levelBit(l)
	}
	for _, l := range f.ExcludeLevels {
		m.exLevels |= levelBit(l)
	}
	return m
}

// compile reduces an enabled rule to what the lookup needs.
func (r *Rule) compile(vacancyArticle string) compiled {
	c := compiled{id: r.ID, article: r.Article, vacancyArticle: r.Article + " jo. " + vacancyArticle,
		holder: r.Holder, relation: r.Relation, distance: r.Distance,
		official: r.Official.mask(), subject: r.Subject.mask()}
	for _, s := range r.Sanctions {
		c.sanctions |= 1 << s.index()
	}
	return c
}
