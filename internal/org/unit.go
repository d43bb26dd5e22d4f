package org

import (
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"sigap/internal/apperr"
)

// UnitKind says what sort of office a unit is. The first seven are the kinds
// of perangkat daerah; Subunit covers bidang, bagian, UPTD and the like.
type UnitKind string

// The unit kinds.
const (
	KindSekretariat UnitKind = "sekretariat"
	KindInspektorat UnitKind = "inspektorat"
	KindBadan       UnitKind = "badan"
	KindDinas       UnitKind = "dinas"
	KindSatpolPP    UnitKind = "satpol_pp"
	KindRSUD        UnitKind = "rsud"
	KindKecamatan   UnitKind = "kecamatan"
	KindSubunit     UnitKind = "subunit"
)

// UnitKinds lists every kind in display order.
var UnitKinds = []UnitKind{KindSekretariat, KindInspektorat, KindBadan, KindDinas, KindSatpolPP, KindRSUD, KindKecamatan, KindSubunit}

// Valid reports whether k is a known kind.
func (k UnitKind) Valid() bool { return slices.Contains(UnitKinds, k) }

// Unit is an office or a part of one. ParentID is zero for a top-level OPD.
type Unit struct {
	ID           int64
	TenantID     int64
	ParentID     int64
	Name         string
	Abbreviation string
	Kind         UnitKind
	Archived     bool
	UpdatedAt    time.Time
}

// UnitInput is what an administrator submits to create or change a unit.
type UnitInput struct {
	ParentID     int64
	Name         string
	Abbreviation string
	Kind         UnitKind
}

// Clean trims the input and checks each field, returning the first problem.
func (in UnitInput) Clean() (UnitInput, error) {
	in.Name = strings.Join(strings.Fields(in.Name), " ")
	in.Abbreviation = strings.TrimSpace(in.Abbreviation)
	if in.Name == "" || utf8.RuneCountInString(in.Name) > 200 {
		return in, apperr.InvalidField("name", "unit.name.invalid", nil)
	}
	if utf8.RuneCountInString(in.Abbreviation) > 40 {
		return in, apperr.InvalidField("abbreviation", "unit.abbreviation.long", nil)
	}
	for field, text := range map[string]string{"name": in.Name, "abbreviation": in.Abbreviation} {
		if !printable(text) {
			return in, apperr.InvalidField(field, "unit.text.unprintable", nil)
		}
	}
	if !in.Kind.Valid() {
		return in, apperr.InvalidField("kind", "unit.kind.invalid", nil)
	}
	if in.ParentID < 0 {
		return in, apperr.InvalidField("parent_id", "unit.parent.invalid", nil)
	}
	return in, nil
}

// CheckMove reports whether unit id may hang under newParent, given each
// unit's parent. It refuses a parent that is the unit itself or one of its
// descendants, which would cut the branch off the tree.
func CheckMove(id, newParent int64, parentOf map[int64]int64) error {
	for p, steps := newParent, 0; p != 0; p, steps = parentOf[p], steps+1 {
		if p == id || steps > len(parentOf) {
			return apperr.InvalidField("parent_id", "unit.parent.cycle", nil)
		}
	}
	return nil
}

// TreeNode is a unit with its depth, for listing a tree in order.
type TreeNode struct {
	Unit  Unit
	Depth int
}

// Tree orders units depth-first, children by name, so that a list shows the
// hierarchy. Units whose parent is missing are treated as roots.
func Tree(units []Unit) []TreeNode {
	byID := make(map[int64]bool, len(units))
	for _, u := range units {
		byID[u.ID] = true
	}
	children := map[int64][]Unit{}
	for _, u := range units {
		p := u.ParentID
		if !byID[p] {
			p = 0
		}
		children[p] = append(children[p], u)
	}
	for _, c := range children {
		slices.SortFunc(c, func(a, b Unit) int { return strings.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name)) })
	}
	out := make([]TreeNode, 0, len(units))
	var walk func(parent int64, depth int)
	walk = func(parent int64, depth int) {
		for _, u := range children[parent] {
			out = append(out, TreeNode{Unit: u, Depth: depth})
			walk(u.ID, depth+1)
		}
	}
	walk(0, 0)
	return out
}

// printable reports whether s is valid UTF-8 without control characters:
// a name is printed on letters and pages, and PostgreSQL refuses NUL and
// bytes that are not UTF-8.
func printable(s string) bool {
	return utf8.ValidString(s) && strings.IndexFunc(s, unicode.IsControl) < 0
}
