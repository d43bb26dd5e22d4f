package media

import (
	"errors"
	"regexp"
	"strings"
)

// ErrTooLarge refuses a text over MaxInput.
var ErrTooLarge = errors.New("media: text too large")

// dashRE matches a dateline at the start of the body: "KOTA SERANG -",
// "BANTENRAYA.COM –", "Cilegon (ANTARA) -".
var dashRE = regexp.MustCompile(`^[\p{Lu}][\p{L}\p{N} .,()/]{1,60}?\s(?:--|[-–—])\s`)

// Notes for the officer.
const (
	NoteEmpty         = "media.note.empty"
	NoteHTML          = "media.note.html"
	NoteNotIndonesian = "media.note.not_indonesian"
	NoteNothing       = "media.note.nothing"
	NoteOtherGov      = "media.note.other_government"
)

// Extract reads an article and proposes the fields of a report. It
// refuses only a text over MaxInput; an empty text, or one that is not
// Indonesian, gives a result with Nothing set and a note, not a guess.
func (x *Index) Extract(text string, opt Options) (Result, error) {
	if len(text) > MaxInput {
		return Result{}, ErrTooLarge
	}
	if _, known := x.regions[opt.Region]; !known {
		opt.Region = "" // not a province or regency of the table: no scope
	}
	c := clean(text)
	r := Result{Text: c.text, Headline: c.headline, Dropped: c.dropped}
	if c.html {
		r.Notes = append(r.Notes, NoteHTML)
	}
	if strings.TrimSpace(c.text) == "" {
		r.Notes = append(r.Notes, NoteEmpty)
		r.Nothing = true
		return r, nil
	}
	d := &doc{text: c.text, toks: tokenize(c.text), headline: c.headline != ""}
	l := theLexicon()
	for i := range d.toks {
		d.toks[i].word = l.typos.read(d.toks[i].low)
	}
	if !indonesian(d) {
		r.Notes = append(r.Notes, NoteNotIndonesian)
		r.Nothing = true
		return r, nil
	}
	d.bodyLine = bodyLine(d)
	for _, t := range d.toks {
		if t.line == d.bodyLine {
			if loc := dashRE.FindStringIndex(d.text[t.start:min(len(d.text), t.start+80)]); loc != nil {
				d.datelineEnd = t.start + loc[1]
			}
			break
		}
	}

	gov, mentions := x.government(d, opt)
	r.Government = gov
	r.Agencies = agencies(d)
	r.Category = category(d)
	r.Quoted = quotes(d)
	var speakers []Span
	for _, p := range r.Quoted {
		if len(p.Spans) > 1 {
			speakers = append(speakers, p.Spans[1:]...)
		}
	}
	r.Accused, r.CivilServant = accused(d, speakers)
	region := opt.Region
	if region == "" && gov != nil {
		region = gov.Code
	}
	// When the article is about another government, a bare name in the
	// asking tenant's table is a coincidence ("Bandung" is also a
	// kecamatan of Kabupaten Serang): only "Kecamatan X" and "Desa X" count.
	cueOnly := gov != nil && region != gov.Code && !strings.HasPrefix(region, gov.Code)
	r.Places = x.places(d, region, mentions, cueOnly)
	r.Published, r.Dates = dates(d, d.bodyLine)
	r.Figures = figures(d)
	if gov != nil && opt.Region != "" && gov.Code != opt.Region && !strings.HasPrefix(opt.Region, gov.Code) {
		r.Notes = append(r.Notes, NoteOtherGov)
	}
	if gov == nil && len(r.Agencies) == 0 && r.Category == nil && r.Accused == nil && len(r.Places) == 0 && len(r.Figures) == 0 && len(r.Quoted) == 0 {
		r.Nothing = true
		r.Notes = append(r.Notes, NoteNothing)
	}
	return r, nil
}

// indonesian reports whether enough of the words are common Indonesian
// ones. Names, numbers and acronyms aside, an Indonesian paragraph has one
// such word in six or so; English or Javanese prose has almost none.
func indonesian(d *doc) bool {
	n, hits := 0, 0
	for _, t := range d.toks {
		if t.digits || t.upper {
			continue
		}
		n++
		if stopwords[t.low] {
			hits++
		}
	}
	return hits >= 2 && float64(hits) >= 0.06*float64(n)
}

// bodyLine is the first line of the body: the first long line, or one
// that opens with a dateline.
func bodyLine(d *doc) int {
	count := map[int]int{}
	for _, t := range d.toks {
		count[t.line]++
	}
	lineStart := map[int]int{}
	for _, t := range d.toks {
		if _, ok := lineStart[t.line]; !ok {
			lineStart[t.line] = t.start
		}
	}
	for line := 0; line <= d.toks[len(d.toks)-1].line; line++ {
		if _, ok := lineStart[line]; !ok || line == 0 && d.headline {
			continue
		}
		if count[line] >= 18 || dashRE.MatchString(d.text[lineStart[line]:min(len(d.text), lineStart[line]+80)]) {
			return line
		}
	}
	return 0
}
