package media

import "sort"

// category reads the kind of misconduct from the words that tell it,
// tolerant of one-letter typos ("seskual"). The headline counts double.
// Two kinds told about as much give a low confidence: the field is left
// for the officer.
func category(d *doc) *Category {
	l := theLexicon()
	score := map[string]float64{}
	spans := map[string][]Span{}
	for i := 0; i < len(d.toks); i++ {
		c, n, ok := l.categories.at(d, i)
		if !ok {
			continue
		}
		w := c.weight
		if d.toks[i].line == 0 && d.headline {
			w *= 2
		}
		score[c.category] += w
		spans[c.category] = append(spans[c.category], d.span(i, i+n-1))
		i += n - 1
	}
	if len(score) == 0 {
		return nil
	}
	codes := make([]string, 0, len(score))
	for c := range score {
		codes = append(codes, c)
	}
	sort.Slice(codes, func(i, j int) bool {
		if score[codes[i]] != score[codes[j]] {
			return score[codes[i]] > score[codes[j]]
		}
		return codes[i] < codes[j]
	})
	best := score[codes[0]]
	conf := min(0.95, 0.4+0.1*best)
	if len(codes) > 1 {
		if second := score[codes[1]]; second >= best*0.8 {
			conf = min(conf, 0.45) // two kinds told about as much: the officer decides
		} else if second >= best*0.5 {
			conf *= 0.85
		}
	}
	if conf < MinConfidence {
		return nil
	}
	return &Category{Code: codes[0], Evidence: Evidence{Confidence: round2(conf), Spans: spans[codes[0]]}}
}
