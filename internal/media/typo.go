package media

// typos reads misspelt words as the lexicon word they are one edit away
// from ("seskual" → "seksual", "pejebat" → "pejabat"): a table of every
// lexicon word with one letter deleted, looked up with every one-letter
// deletion of the word read (symmetric deletion), then confirmed by the
// Damerau–Levenshtein distance. Words shorter than minTypoLen are never
// corrected: among short words one edit turns one real word into another.
type typos struct {
	vocab   map[string]bool
	deletes map[string]string // a deletion of a lexicon word → the word ("" when two words share it)
}

const minTypoLen = 6

func newTypos(words []string) *typos {
	t := &typos{vocab: map[string]bool{}, deletes: map[string]string{}}
	for _, w := range words {
		t.vocab[w] = true
	}
	add := func(key, w string) {
		if old, ok := t.deletes[key]; ok && old != w {
			t.deletes[key] = "" // ambiguous: correct neither
			return
		}
		t.deletes[key] = w
	}
	for w := range t.vocab {
		if len(w) < minTypoLen {
			continue
		}
		add(w, w)
		for i := range len(w) {
			add(w[:i]+w[i+1:], w)
		}
	}
	return t
}

// read returns the lexicon word w stands for: w itself when known or too
// short, else the one word within one edit, else w.
func (t *typos) read(w string) string {
	if t.vocab[w] || len(w) < minTypoLen || len(w) > 24 || !ascii(w) {
		return w
	}
	cand := ""
	try := func(key string) bool {
		c, ok := t.deletes[key]
		if !ok {
			return true
		}
		if c == "" || cand != "" && cand != c {
			cand = "-"
			return false
		}
		if osa(w, c) <= 1 {
			cand = c
		}
		return true
	}
	if !try(w) {
		return w
	}
	for i := range len(w) {
		if !try(w[:i] + w[i+1:]) {
			return w
		}
	}
	if cand == "" || cand == "-" {
		return w
	}
	return cand
}

func ascii(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// osa is the optimal string alignment distance (Levenshtein with adjacent
// transpositions) of two ASCII words, capped at 2.
func osa(a, b string) int {
	if d := len(a) - len(b); d > 1 || d < -1 {
		return 2
	}
	prev2 := make([]int, len(b)+1)
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return min(prev[len(b)], 2)
}
