// Package roster holds the rules about civil servants as people: names
// with academic and religious titles, and a generator of realistic
// synthetic rosters for tests, the demo and benchmarks. No I/O.
package roster

import (
	"strings"
	"unicode"
)

// frontTitles are written before a name: academic (Dr., Drs., Ir., Prof.),
// medical (dr., drg.) and the pilgrimage titles H. and Hj.
var frontTitles = map[string]bool{
	"dr": true, "drs": true, "dra": true, "drg": true, "ir": true, "prof": true,
	"h": true, "hj": true, "kh": true, "ns": true, "apt": true,
}

// SearchName folds a name for search: lower case, titles and degrees
// dropped, spaces squeezed. "Hj. Siti Aminah, S.Pd., M.Si." becomes
// "siti aminah", so that a search for "siti" or "aminah" finds her with or
// without the titles typed.
func SearchName(name string) string {
	// Degrees follow the name after a comma: "…, S.Pd., M.Si.".
	if i := strings.IndexByte(name, ','); i >= 0 {
		name = name[:i]
	}
	fields := strings.Fields(name)
	out := fields[:0]
	for i, f := range fields {
		bare := strings.ToLower(strings.TrimRight(f, "."))
		// A title ends with a dot and stands before the name proper.
		if strings.HasSuffix(f, ".") && frontTitles[bare] && len(out) == 0 && i < len(fields)-1 {
			continue
		}
		// Degrees written without a comma, like "Budi S.Pd", contain a dot
		// inside; a name never does.
		if len(out) > 0 && strings.Contains(strings.TrimRight(f, "."), ".") {
			break
		}
		out = append(out, strings.Map(func(r rune) rune {
			if unicode.IsLetter(r) || r == '\'' || r == '-' {
				return unicode.ToLower(r)
			}
			return -1
		}, f))
	}
	return strings.Join(strings.Fields(strings.Join(out, " ")), " ")
}
