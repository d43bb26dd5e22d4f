package media

import (
	"unicode"
	"unicode/utf8"
)

// Span is a piece of the cleaned text: bytes Start to End, and the words
// there, so that a reader (or a test) can check the span says what it
// claims.
type Span struct {
	Start int    `json:"start"`
	End   int    `json:"end"`
	Text  string `json:"text"`
}

// token is one word of the cleaned text: letters and digits, with its byte
// offsets, its lower-case form, and the word of a lexicon it was read as
// when it is a misspelling of one.
type token struct {
	start, end int
	low        string // lower case
	word       string // low, or the lexicon word it is one typo away from
	cap        bool   // begins with an upper-case letter
	upper      bool   // every letter upper case (datelines, acronyms)
	digits     bool   // only digits
	sentence   int    // index of its sentence
	line       int    // index of its line (paragraph)
}

// doc is the cleaned text cut into words, sentences and lines.
type doc struct {
	text string
	toks []token
	// bodyLine is the first line of the body, after the headline and the
	// byline block; headline says whether line 0 is a headline.
	bodyLine    int
	headline    bool
	datelineEnd int // byte offset where the dateline of the body ends, 0 if none
}

// tokenize cuts text into words. A sentence ends at . ! ? or a line end;
// a full stop inside an abbreviation or a number (Kab. 3.000) is taken
// for an end too, which costs little: sentences only bound how far a
// figure looks for its period and a quote for its speaker.
func tokenize(text string) []token {
	toks := make([]token, 0, len(text)/6)
	sentence, line := 0, 0
	for i := 0; i < len(text); {
		r, n := utf8.DecodeRuneInString(text[i:])
		if !isWordRune(r) {
			switch r {
			case '\n':
				if i == 0 || text[i-1] != '\n' {
					line++
					sentence++
				}
			case '.', '!', '?':
				// "S.Pd." and "3.000" do not end a sentence when a word
				// character follows at once, nor does the full stop of an
				// abbreviation or an initial ("Dra. Apendi", "Kec. Ciruas").
				if j := i + n; (j >= len(text) || !isWordRune(rune(text[j]))) && !(r == '.' && len(toks) > 0 && toks[len(toks)-1].end == i && abbreviation(toks[len(toks)-1])) {
					sentence++
				}
			}
			i += n
			continue
		}
		start := i
		upper, allDigits := true, true
		var low []byte
		first := true
		t := token{start: start}
		for i < len(text) {
			r, n = utf8.DecodeRuneInString(text[i:])
			if !isWordRune(r) {
				break
			}
			if first {
				t.cap = unicode.IsUpper(r)
				first = false
			}
			if unicode.IsLower(r) {
				upper = false
			}
			if !unicode.IsDigit(r) {
				allDigits = false
			}
			low = utf8.AppendRune(low, unicode.ToLower(r))
			i += n
		}
		t.end = i
		t.low = string(low)
		t.word = t.low
		t.upper = upper && !allDigits
		t.digits = allDigits
		t.sentence = sentence
		t.line = line
		toks = append(toks, t)
	}
	return toks
}

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

// span returns the span from token i to token j inclusive.
func (d *doc) span(i, j int) Span {
	s, e := d.toks[i].start, d.toks[j].end
	return Span{Start: s, End: e, Text: d.text[s:e]}
}

// spanBytes returns the span of bytes s to e.
func (d *doc) spanBytes(s, e int) Span { return Span{Start: s, End: e, Text: d.text[s:e]} }

// words reports whether the words from i are ws (lower case, as read
// through the typo table).
func (d *doc) words(i int, ws ...string) bool {
	if i < 0 || i+len(ws) > len(d.toks) {
		return false
	}
	for k, w := range ws {
		if d.toks[i+k].word != w {
			return false
		}
	}
	return true
}

// lows is words on the words as written.
func (d *doc) lows(i int, ws ...string) bool {
	if i < 0 || i+len(ws) > len(d.toks) {
		return false
	}
	for k, w := range ws {
		if d.toks[i+k].low != w {
			return false
		}
	}
	return true
}

// is reports whether token i reads as one of ws.
func (d *doc) is(i int, ws ...string) bool {
	if i < 0 || i >= len(d.toks) {
		return false
	}
	for _, w := range ws {
		if d.toks[i].word == w {
			return true
		}
	}
	return false
}

// gap returns the text between tokens i and i+1 ("" at the ends).
func (d *doc) gap(i int) string {
	if i < 0 || i+1 >= len(d.toks) {
		return ""
	}
	return d.text[d.toks[i].end:d.toks[i+1].start]
}

// abbreviations end in a full stop that does not end the sentence.
var abbreviations = map[string]bool{"h": true, "hj": true, "dr": true, "drs": true, "dra": true, "ir": true, "prof": true, "kab": true,
	"kec": true, "kel": true, "ds": true, "no": true, "jl": true, "st": true, "pd": true, "si": true, "sh": true, "mh": true, "se": true,
	"mm": true, "sos": true, "kom": true, "ag": true, "ak": true, "sp": true, "mt": true, "hum": true, "ma": true, "rp": true, "sdn": true, "bpk": true, "ibu": true}

func abbreviation(t token) bool {
	return abbreviations[t.low] || t.upper && len(t.low) == 1
}
