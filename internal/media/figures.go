package media

import (
	"regexp"
	"strings"
)

// figureFillers may stand between a number and what it counts: "13
// diantaranya kasus", "13 di antaranya merupakan kasus".
var figureFillers = map[string]bool{"diantaranya": true, "di": true, "antaranya": true, "merupakan": true, "adalah": true, "berupa": true,
	"yakni": true, "ialah": true, "buah": true}

// figureStops end the phrase of what a figure counts.
var figureStops = map[string]bool{"yang": true, "dan": true, "di": true, "dengan": true, "sejak": true, "selama": true, "sepanjang": true,
	"dalam": true, "pada": true, "ini": true, "itu": true, "tersebut": true, "telah": true, "sudah": true, "masih": true, "dari": true,
	"ke": true, "oleh": true, "untuk": true, "hingga": true, "sampai": true, "serta": true, "atau": true, "sedangkan": true, "sementara": true,
	"diantaranya": true, "terdiri": true, "tercatat": true, "masuk": true, "ditangani": true, "dilaporkan": true, "sisanya": true, "lainnya": true}

// bounds are the words that make a figure a bound.
var bounds = []struct {
	words []string
	bound string
}{
	{[]string{"di", "bawah"}, "<"}, {[]string{"kurang", "dari"}, "<"}, {[]string{"tidak", "sampai"}, "<"}, {[]string{"hampir"}, "<"},
	{[]string{"lebih", "dari"}, ">"}, {[]string{"di", "atas"}, ">"},
	{[]string{"sedikitnya"}, ">="}, {[]string{"setidaknya"}, ">="}, {[]string{"minimal"}, ">="}, {[]string{"paling", "sedikit"}, ">="},
	{[]string{"sekurangnya"}, ">="}, {[]string{"maksimal"}, "<="}, {[]string{"paling", "banyak"}, "<="},
	{[]string{"sekitar"}, "~"}, {[]string{"kurang", "lebih"}, "~"}, {[]string{"sekira"}, "~"},
}

const periodNum = `(?:\d+|satu|dua|tiga|empat|lima|enam|tujuh|delapan|sembilan|sepuluh|sebelas|dua belas)`
const monthRE = `(?:januari|februari|maret|april|mei|juni|juli|agustus|september|oktober|november|desember)`

// periodRE matches the period a figure covers.
var periodRE = regexp.MustCompile(`(?i)\b(?:(?:dalam|selama|sepanjang)\s+)?` + periodNum + `\s+(?:hari|minggu|pekan|bulan|tahun)\s+(?:terakhir|belakangan(?:\s+ini)?)\b` +
	`|\b(?:sepanjang|selama|sejak|periode|hingga|sampai)\s+(?:awal\s+|akhir\s+|pertengahan\s+)?(?:tahun\s+)?(?:` + monthRE + `\s+)?(?:(?:hingga|sampai|s\.d\.?|-|–)\s*` + monthRE + `\s+)?(?:19|20)\d{2}\b` +
	`|\b(?:sepanjang\s+|selama\s+)?(?:tahun|bulan|pekan|minggu)\s+(?:ini|lalu)\b` +
	`|\b` + monthRE + `\s*(?:hingga|sampai|-|–)\s*` + monthRE + `\s+(?:19|20)\d{2}\b`)

// figures reads numbers with what they count ("18 kasus", "tiga kasus",
// "di bawah lima kasus") and the period of the sentence they are in.
func figures(d *doc) []Figure {
	l := theLexicon()
	var out []Figure
	periods := map[int]periodHit{} // by sentence: one search each
	for i := 0; i < len(d.toks); i++ {
		v, n, ok := readNumber(d, i)
		if !ok || d.is(i-1, "salah") {
			continue
		}
		// what it counts
		j := i + n
		for j < len(d.toks) && j < i+n+3 && figureFillers[d.toks[j].word] && d.gap(j-1) == " " {
			j++
		}
		if j >= len(d.toks) || !l.countNouns[d.toks[j].word] || d.gap(j-1) != " " {
			i += n - 1
			continue
		}
		end := j
		for k := j + 1; k < len(d.toks) && k <= j+3 && d.toks[k].sentence == d.toks[i].sentence && !figureStops[d.toks[k].low] &&
			!strings.ContainsAny(d.gap(k-1), ",;:()\"“”") && !d.toks[k].digits; k++ {
			if _, isNum := numberWords[d.toks[k].low]; isNum {
				break
			}
			end = k
		}
		from := i
		bound := ""
		for _, b := range bounds {
			if d.words(i-len(b.words), b.words...) && d.toks[i-len(b.words)].sentence == d.toks[i].sentence {
				bound, from = b.bound, i-len(b.words)
				break
			}
		}
		f := Figure{Value: v, Bound: bound, Unit: d.toks[j].word, Counts: strings.ToLower(d.text[d.toks[j].start:d.toks[end].end]),
			Evidence: Evidence{Confidence: 0.85, Spans: []Span{d.span(from, end)}}}
		if !d.toks[i].digits {
			f.Confidence = 0.75
		}
		hit, seen := periods[d.toks[i].sentence]
		if !seen {
			hit.text, hit.span, hit.ok = periodOf(d, i)
			periods[d.toks[i].sentence] = hit
		}
		if hit.ok {
			f.Period = hit.text
			f.Spans = append(f.Spans, hit.span)
		}
		out = addFigure(out, f)
		i = end
	}
	return out
}

// addFigure adds f, or folds it into the same figure told before (the
// headline's "18 Kasus" and the body's "18 kasus kekerasan ... dalam dua
// bulan terakhir"), keeping the fuller reading.
func addFigure(out []Figure, f Figure) []Figure {
	for k, g := range out {
		if g.Value != f.Value || g.Bound != f.Bound || g.Unit != f.Unit {
			continue
		}
		if len(f.Counts) > len(g.Counts) {
			out[k].Counts = f.Counts
		}
		if out[k].Period == "" {
			out[k].Period = f.Period
		}
		out[k].Confidence = max(g.Confidence, f.Confidence)
		out[k].Spans = append(out[k].Spans, f.Spans...)
		return out
	}
	return append(out, f)
}

// readNumber reads a number in digits (not part of a date, a time or a
// decimal) or in words ("tiga", "dua belas", "dua puluh tiga").
func readNumber(d *doc, i int) (int, int, bool) {
	t := d.toks[i]
	if t.digits {
		if len(t.low) > 6 {
			return 0, 0, false
		}
		if g := d.gap(i - 1); i > 0 && d.toks[i-1].digits && (g == "/" || g == "-" || g == ":" || g == "." || g == ",") {
			return 0, 0, false
		}
		// thousands: "1.200", "12.500"
		v, n := atoi(t.low), 1
		for len(t.low) <= 3 && i+n < len(d.toks) && d.gap(i+n-1) == "." && d.toks[i+n].digits && len(d.toks[i+n].low) == 3 && v < 1e6 {
			v = v*1000 + atoi(d.toks[i+n].low)
			n++
		}
		if g := d.gap(i + n - 1); i+n < len(d.toks) && d.toks[i+n].digits && (g == "/" || g == "-" || g == ":" || g == "." || g == ",") {
			return 0, 0, false
		}
		return v, n, true
	}
	v, ok := numberWords[t.low]
	if !ok {
		return 0, 0, false
	}
	n := 1
	if v >= 1 && v <= 9 {
		switch {
		case d.is(i+1, "belas"):
			v, n = 10+v, 2
		case d.is(i+1, "puluh"):
			v, n = v*10, 2
			if u, ok := numberWords[tokLow(d, i+2)]; ok && u >= 1 && u <= 9 {
				v, n = v+u, 3
			}
		case d.is(i+1, "ratus"):
			v, n = v*100, 2
		}
	}
	return v, n, true
}

type periodHit struct {
	text string
	span Span
	ok   bool
}

// periodCues are the words without which no period is looked for.
var periodCues = map[string]bool{"terakhir": true, "belakangan": true, "sepanjang": true, "selama": true, "sejak": true, "periode": true,
	"hingga": true, "sampai": true, "ini": true, "lalu": true}

// periodOf finds the period in the sentence of token i.
func periodOf(d *doc, i int) (string, Span, bool) {
	s := d.toks[i].sentence
	a, b := i, i
	for a > 0 && a > i-maxClause && d.toks[a-1].sentence == s {
		a--
	}
	for b+1 < len(d.toks) && b < i+maxClause && d.toks[b+1].sentence == s {
		b++
	}
	cue := false
	for k := a; k <= b && !cue; k++ {
		_, month := months[d.toks[k].low]
		cue = periodCues[d.toks[k].low] || month && len(d.toks[k].low) > 3
	}
	if !cue {
		return "", Span{}, false
	}
	start, end := d.toks[a].start, d.toks[b].end
	loc := periodRE.FindStringIndex(d.text[start:end])
	if loc == nil {
		return "", Span{}, false
	}
	sp := d.spanBytes(start+loc[0], start+loc[1])
	return strings.ToLower(strings.Join(strings.Fields(sp.Text), " ")), sp, true
}
