package refdata

import "strings"

// Level is the tier of a Kemendagri region.
type Level string

// The four tiers of the Kemendagri code. Kabupaten and kota share
// LevelRegency, and desa and kelurahan share LevelVillage, exactly as in the
// code itself.
const (
	LevelProvince Level = "province"
	LevelRegency  Level = "regency"
	LevelDistrict Level = "district"
	LevelVillage  Level = "village"
)

// Valid reports whether l is one of the four levels.
func (l Level) Valid() bool { return l.Depth() != 0 }

// Depth returns 1 for a province down to 4 for a village, which is also the
// number of segments in its code; 0 for an invalid level.
func (l Level) Depth() int {
	switch l {
	case LevelProvince:
		return 1
	case LevelRegency:
		return 2
	case LevelDistrict:
		return 3
	case LevelVillage:
		return 4
	}
	return 0
}

// Region is one row of the Kemendagri kode wilayah table.
type Region struct {
	// Code is the dotted code, e.g. "36.04.05.2001".
	Code string
	// Name is the official name, e.g. "Kabupaten Serang".
	Name string
	// Level is the tier, implied by the number of segments in Code.
	Level Level
	// ParentCode is Code without its last segment, "" for provinces.
	ParentCode string
}

// segmentWidth is the digit count of the code segment at depth (1..4):
// province "36", regency "36.04", district "36.04.05", village
// "36.04.05.2001".
func segmentWidth(depth int) int {
	if depth == 4 {
		return 4
	}
	return 2
}

// codeFormat describes a level's code for error messages.
func codeFormat(l Level) string {
	switch l {
	case LevelProvince:
		return "NN"
	case LevelRegency:
		return "NN.NN"
	case LevelDistrict:
		return "NN.NN.NN"
	}
	return "NN.NN.NN.NNNN"
}

// ValidRegionCode reports whether code is a well-formed Kemendagri code of
// the given level: exactly 2, 2, 2 and 4 ASCII digits per segment, with as
// many segments as the level's depth. It checks the form only, not that the
// region exists.
func ValidRegionCode(code string, level Level) bool {
	depth := level.Depth()
	if depth == 0 {
		return false
	}
	seg := 0
	for rest := code; ; seg++ {
		part, tail, more := strings.Cut(rest, ".")
		if seg >= depth || len(part) != segmentWidth(seg+1) || !allDigits(part) {
			return false
		}
		if !more {
			return seg+1 == depth
		}
		rest = tail
	}
}

// parentCode returns code without its last segment ("" for a province).
func parentCode(code string) string {
	if i := strings.LastIndexByte(code, '.'); i >= 0 {
		return code[:i]
	}
	return ""
}

// allDigits reports whether s consists of ASCII digits only.
func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
