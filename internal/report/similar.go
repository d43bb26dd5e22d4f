package report

import (
	"strings"
	"unicode"
)

// Similarity compares two texts by their letter trigrams, after folding
// case and punctuation: 1 for the same words, near 0 for unrelated ones.
// It is how the desk is offered likely duplicates: the same events told
// twice, by two witnesses or twice by one person, share most trigrams.
func Similarity(a, b string) float64 {
	ta, tb := trigrams(a), trigrams(b)
	if len(ta) == 0 || len(tb) == 0 {
		return 0
	}
	common := 0
	for t := range ta {
		if tb[t] {
			common++
		}
	}
	return float64(common) / float64(len(ta)+len(tb)-common)
}

func trigrams(s string) map[string]bool {
	var b strings.Builder
	space := true
	for _, r := range strings.ToLower(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
			space = false
		} else if !space {
			b.WriteByte(' ')
			space = true
		}
	}
	runes := []rune(" " + strings.TrimSpace(b.String()) + " ")
	out := map[string]bool{}
	for i := 0; i+3 <= len(runes); i++ {
		out[string(runes[i:i+3])] = true
	}
	return out
}

// DuplicateThreshold is the similarity from which a report is offered as a
// likely duplicate of another.
const DuplicateThreshold = 0.5
