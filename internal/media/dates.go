package media

import (
	"strconv"
	"time"
)

// rawDate is a date read before the publication date is known, which the
// dates without a year and "kemarin" need.
type rawDate struct {
	y, m, day int // y == 0: no year given
	rel       int // for "kemarin" (-1) and "hari ini" (0): days from publication; y, m, day unset
	relative  bool
	from, to  int
	kind      string
	paren     bool // "Jumat (1/9/2023)"
}

// dates reads the dates in the forms news sites use: "Senin, 3 Maret
// 2025", "Jumat (1/9/2023)", "3/3/2025", "Senin (3/3)" and "kemarin"
// against the publication date. The publication date is the first date
// of the lines above the body (the byline block).
func dates(d *doc, bodyLine int) (*Date, []Date) {
	var raws []rawDate
	for i := 0; i < len(d.toks); i++ {
		r, ok := readDate(d, i)
		if !ok {
			continue
		}
		r.kind = dateKind(d, r, bodyLine)
		raws = append(raws, r)
		i = r.to
	}
	var pub *Date
	var pubT time.Time
	for _, r := range raws {
		if r.kind == DatePublished && r.y != 0 {
			pubT = time.Date(r.y, time.Month(r.m), r.day, 0, 0, 0, 0, time.UTC)
			pub = &Date{Date: pubT.Format(time.DateOnly), Kind: DatePublished, Evidence: Evidence{Confidence: 0.9, Spans: []Span{d.span(r.from, r.to)}}}
			break
		}
	}
	var out []Date
	seen := map[string]int{}
	for _, r := range raws {
		var t time.Time
		conf := 0.9
		switch {
		case r.relative:
			if pub == nil {
				continue
			}
			t = pubT.AddDate(0, 0, r.rel)
			conf = 0.7
		case r.y == 0:
			if pub == nil {
				continue
			}
			t = time.Date(pubT.Year(), time.Month(r.m), r.day, 0, 0, 0, 0, time.UTC)
			if t.After(pubT.AddDate(0, 1, 0)) {
				t = t.AddDate(-1, 0, 0) // "(28/12)" in an article of January
			}
			conf = 0.7
		default:
			t = time.Date(r.y, time.Month(r.m), r.day, 0, 0, 0, 0, time.UTC)
		}
		iso := t.Format(time.DateOnly)
		sp := d.span(r.from, r.to)
		if k, ok := seen[iso]; ok {
			out[k].Spans = append(out[k].Spans, sp)
			continue
		}
		seen[iso] = len(out)
		out = append(out, Date{Date: iso, Kind: r.kind, Evidence: Evidence{Confidence: conf, Spans: []Span{sp}}})
	}
	return pub, out
}

// readDate reads a date starting at token i.
func readDate(d *doc, i int) (rawDate, bool) {
	t := d.toks[i]
	if !t.digits {
		switch {
		case t.low == "kemarin" && !d.is(i+1, "lalu"):
			return rawDate{rel: -1, relative: true, from: i, to: i}, true
		case t.low == "hari" && d.is(i+1, "ini") && d.toks[i].sentence == d.toks[min(i+1, len(d.toks)-1)].sentence:
			return rawDate{rel: 0, relative: true, from: i, to: i + 1}, true
		}
		return rawDate{}, false
	}
	day := atoi(t.low)
	from := i
	paren := i > 0 && d.gap(i-1) != "" && d.gap(i - 1)[len(d.gap(i-1))-1] == '('
	if i > 0 && (dayNames[d.toks[i-1].low] || i > 1 && dayNames[d.toks[i-2].low] && d.toks[i-1].low == "tanggal") {
		from = i - 1
		if d.toks[i-1].low == "tanggal" {
			from = i - 2
		}
	}
	// 3 Maret 2025, 3 Maret
	if m, ok := months[tokLow(d, i+1)]; ok && d.gap(i) == " " && day >= 1 && day <= 31 && len(t.low) <= 2 {
		if i+2 < len(d.toks) && d.toks[i+2].digits && len(d.toks[i+2].low) == 4 && (d.gap(i+1) == " " || d.gap(i+1) == ", ") {
			y := atoi(d.toks[i+2].low)
			if validDate(y, m, day) {
				return rawDate{y: y, m: m, day: day, from: from, to: i + 2, paren: paren}, true
			}
			return rawDate{}, false
		}
		if from < i && validDate(2000, m, day) { // a yearless date needs its day name
			return rawDate{m: m, day: day, from: from, to: i + 1, paren: paren}, true
		}
		return rawDate{}, false
	}
	// 3/3/2025, 03-03-2025, (3/3)
	sep := d.gap(i)
	if (sep == "/" || sep == "-") && i+1 < len(d.toks) && d.toks[i+1].digits && len(t.low) <= 2 && len(d.toks[i+1].low) <= 2 {
		m := atoi(d.toks[i+1].low)
		if i+2 < len(d.toks) && d.gap(i+1) == sep && d.toks[i+2].digits && (len(d.toks[i+2].low) == 4 || len(d.toks[i+2].low) == 2) {
			y := atoi(d.toks[i+2].low)
			if y < 100 {
				y += 2000
			}
			if validDate(y, m, day) {
				return rawDate{y: y, m: m, day: day, from: from, to: i + 2, paren: paren}, true
			}
			return rawDate{}, false
		}
		if paren && from < i && validDate(2000, m, day) && (i+2 >= len(d.toks) || d.gap(i+1) != sep) {
			return rawDate{m: m, day: day, from: from, to: i + 1, paren: paren}, true
		}
	}
	return rawDate{}, false
}

// dateKind tells the publication date (in the lines above the body), the
// date of the interview (in a sentence that quotes someone, or the news
// convention "ujarnya, Senin (3/3/2025)") and a date merely mentioned.
func dateKind(d *doc, r rawDate, bodyLine int) string {
	if line := d.toks[r.from].line; line < bodyLine && (line > 0 || !d.headline) {
		return DatePublished
	}
	if d.is(r.from-1, "pada", "sejak", "hingga", "sampai", "tanggal", "mulai", "sebelum", "setelah", "sesudah") {
		return DateMentioned // "diperiksa pada Jumat (28/2)": when something happened
	}
	l := theLexicon()
	s := d.toks[r.from].sentence
	for k := r.from - 1; k >= 0 && k >= r.from-14 && d.toks[k].sentence == s; k-- {
		if d.is(k, "ditemui", "dikonfirmasi", "dihubungi", "diwawancarai", "wartawan", "awak", "media", "keterangannya", "konferensi", "pers") {
			return DateInterview
		}
		if _, _, ok := l.attrib.at(d, k); ok {
			return DateInterview
		}
		if _, _, ok := l.speech.at(d, k); ok && r.paren {
			return DateInterview
		}
	}
	return DateMentioned
}

func validDate(y, m, day int) bool {
	if y < 1980 || y > 2100 || m < 1 || m > 12 || day < 1 {
		return false
	}
	return day <= time.Date(y, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

func tokLow(d *doc, i int) string {
	if i < 0 || i >= len(d.toks) {
		return ""
	}
	return d.toks[i].low
}

func atoi(s string) int {
	if len(s) > 9 {
		return -1
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return -1
	}
	return n
}
