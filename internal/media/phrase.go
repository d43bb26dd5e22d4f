package media

import "strings"

// phrases finds lexicon phrases in the words of a text, longest first.
type phrases[T any] struct {
	byFirst map[string][]phrase[T]
	// raw matches the words as written, not as read through the typo
	// table: names of places are not misspelt lexicon words.
	raw bool
}

type phrase[T any] struct {
	words []string
	val   T
}

func newPhrases[T any]() *phrases[T] { return &phrases[T]{byFirst: map[string][]phrase[T]{}} }

// add adds a phrase of space-separated lower-case words.
func (p *phrases[T]) add(text string, val T) {
	ws := strings.Fields(strings.ToLower(text))
	if len(ws) == 0 {
		return
	}
	list := append(p.byFirst[ws[0]], phrase[T]{ws, val})
	// longest first, so the first match is the longest
	for i := len(list) - 1; i > 0 && len(list[i].words) > len(list[i-1].words); i-- {
		list[i], list[i-1] = list[i-1], list[i]
	}
	p.byFirst[ws[0]] = list
}

// at returns the longest phrase starting at token i, and its word count.
func (p *phrases[T]) at(d *doc, i int) (T, int, bool) {
	first := d.toks[i].word
	if p.raw {
		first = d.toks[i].low
	}
	for _, ph := range p.byFirst[first] {
		if (p.raw && d.lows(i, ph.words...) || !p.raw && d.words(i, ph.words...)) && sameLine(d, i, i+len(ph.words)-1) {
			return ph.val, len(ph.words), true
		}
	}
	var zero T
	return zero, 0, false
}

// vocabulary lists every word of the phrases, for the typo table.
func (p *phrases[T]) vocabulary(into []string) []string {
	for _, list := range p.byFirst {
		for _, ph := range list {
			into = append(into, ph.words...)
		}
	}
	return into
}

func sameLine(d *doc, i, j int) bool { return d.toks[i].line == d.toks[j].line }
