package media

import "strings"

// cand is a mention of a person that may be the accused.
type cand struct {
	from, to int // tokens
	asn      bool
	score    float64
}

// accused finds who is accused: the description of a person that comes
// with a mark of accusation ("oknum ASN", "pejabat eselon III berinisial
// AB", "terduga pelaku, seorang kepala bidang"). Titles of the people
// quoted are not candidates: the head of the BKPSDM who speaks is not the
// accused.
func accused(d *doc, speakers []Span) (*Accused, *Flag) {
	l := theLexicon()
	var cands []cand
	anyASN := -1
	for i := 0; i < len(d.toks); i++ {
		isASN, n, ok := l.asn.at(d, i)
		if !ok {
			continue
		}
		c := cand{from: i, to: i + n - 1, asn: isASN, score: 1}
		if inSpans(d.toks[i].start, speakers) {
			i = c.to
			continue
		}
		if d.is(i-1, "bukan", "non", "selain") {
			// "pelaku bukan aparatur sipil negara": said of the accused,
			// and it says no
			i = c.to
			for k := range cands {
				if !cands[k].asn {
					cands[k].score += 2
				}
			}
			continue
		}
		// "aparatur sipil negara (ASN)": the acronym belongs to it
		if strings.HasSuffix(d.gap(c.to), "(") && c.to+1 < len(d.toks) && d.toks[c.to+1].upper && strings.HasPrefix(d.gap(c.to+1), ")") {
			c.to++
		}
		// qualifiers: "eselon III", "golongan IV/a", "berinisial AB"
		for k := c.to + 1; k < len(d.toks) && k <= c.to+2 && sameLine(d, i, k); k++ {
			if d.toks[k-1].low == "eselon" || d.toks[k-1].low == "golongan" {
				c.to = k
				continue
			}
			if d.is(k, "eselon", "golongan") {
				c.to = k
				continue
			}
			break
		}
		for k := max(0, i-3); k < i; k++ {
			if m, _, ok := l.marks.at(d, k); ok && d.toks[k].sentence == d.toks[i].sentence {
				c.score += 2
				if m == "oknum" && k >= i-2 {
					c.from = k
				}
			}
			if d.toks[k].low == "seorang" || d.toks[k].low == "salah" {
				c.score++
			}
		}
		for k := c.to + 1; k < len(d.toks) && k <= c.to+4; k++ {
			if d.is(k, "berinisial", "inisial", "diduga", "dilaporkan", "diadukan", "terlibat", "melakukan", "terbukti") {
				c.score += 2
				break
			}
		}
		if d.toks[i].line == 0 && d.headline {
			c.score++
		}
		if isASN && anyASN < 0 && strongASN(d.toks[i].low) {
			anyASN = i
		}
		i = c.to
		// "pejabat tersebut" speaks of the one named before: its marks
		// count for that mention, which says more.
		if d.is(c.to+1, "tersebut", "itu") {
			found := false
			for k := range cands {
				if d.toks[cands[k].from].word == d.toks[c.from].word || d.toks[cands[k].to].word == d.toks[c.to].word || headWord(d, cands[k]) == headWord(d, c) {
					cands[k].score += c.score - 1
					found = true
					break
				}
			}
			if found {
				continue
			}
		}
		cands = append(cands, c)
	}
	var best cand
	for _, c := range cands {
		if c.score > best.score || c.score == best.score && c.to-c.from > best.to-best.from {
			best = c
		}
	}
	if best.score == 0 {
		if anyASN >= 0 {
			return nil, &Flag{Value: true, Evidence: Evidence{Confidence: 0.6, Spans: []Span{d.span(anyASN, anyASN)}}}
		}
		return nil, &Flag{Value: false, Evidence: Evidence{Confidence: 0.55}}
	}
	conf := 0.4
	switch {
	case best.score >= 3:
		conf = 0.85
	case best.score >= 2:
		conf = 0.65
	case strongASN(d.toks[best.from].low):
		conf = 0.55
	}
	sp := d.span(best.from, best.to)
	flag := &Flag{Value: best.asn, Evidence: Evidence{Confidence: conf, Spans: []Span{sp}}}
	if !best.asn && anyASN >= 0 && best.score < 3 {
		// someone not a civil servant is accused, yet civil servants are
		// named: say so, unsure
		flag = &Flag{Value: true, Evidence: Evidence{Confidence: 0.5, Spans: []Span{d.span(anyASN, anyASN)}}}
	}
	if conf < MinConfidence {
		if flag.Confidence < MinConfidence {
			flag = nil
		}
		return nil, flag
	}
	return &Accused{Description: strings.Join(strings.Fields(sp.Text), " "), Evidence: Evidence{Confidence: conf, Spans: []Span{sp}}}, flag
}

// headWord is the civil-servant word of a candidate, past "oknum".
func headWord(d *doc, c cand) string {
	for k := c.from; k <= c.to; k++ {
		if d.toks[k].word != "oknum" {
			return d.toks[k].word
		}
	}
	return ""
}

// strongASN reports whether a word names a civil servant outright.
func strongASN(w string) bool {
	switch w {
	case "asn", "pns", "pppk", "aparatur", "pegawai":
		return true
	}
	return false
}

func inSpans(at int, spans []Span) bool {
	for _, s := range spans {
		if at >= s.Start && at < s.End {
			return true
		}
	}
	return false
}
