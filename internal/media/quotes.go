package media

import (
	"slices"
	"strings"
)

// maxClause bounds how far back or ahead a rule looks within a sentence.
const maxClause = 40

// unitWords continue a title of office: the names of units and offices
// ("Kepala Dinas Pendidikan dan Kebudayaan").
var unitWords = map[string]bool{"dinas": true, "badan": true, "bidang": true, "bagian": true, "seksi": true, "sub": true, "subbag": true,
	"unit": true, "kantor": true, "sekretariat": true, "pendidikan": true, "kesehatan": true, "sosial": true, "kebudayaan": true,
	"perempuan": true, "anak": true, "perlindungan": true, "pemberdayaan": true, "kepegawaian": true, "pengembangan": true, "sumber": true,
	"daya": true, "manusia": true, "pengawasan": true, "penanganan": true, "pelayanan": true, "umum": true, "hukum": true, "humas": true,
	"pembinaan": true, "mutasi": true, "disiplin": true, "aparatur": true, "informasi": true, "komunikasi": true, "daerah": true,
	"inspektorat": true, "inspektur": true, "pembantu": true, "wilayah": true, "keluarga": true, "berencana": true, "kependudukan": true,
	"reserse": true, "kriminal": true, "satuan": true, "polisi": true, "pamong": true, "praja": true, "pemerintah": true, "pemerintahan": true,
	"kabupaten": true, "kota": true, "provinsi": true, "kecamatan": true, "sekolah": true, "puskesmas": true, "negeri": true, "smp": true, "sd": true,
	"sma": true, "smk": true, "uptd": true, "upt": true, "ppa": true, "pp": true, "teknis": true, "terpadu": true, "kasus": true,
	"kekerasan": true, "asn": true, "nasional": true, "komisi": true, "bkpsdm": true, "advokasi": true, "penegakan": true, "kinerja": true,
	"kepala": true, "sekretaris": true, "ketua": true, "tim": true, "satgas": true, "dan": true, "pelaporan": true, "pengaduan": true}

// ranks are police and honorific words before a name.
var ranks = map[string]bool{"akbp": true, "akp": true, "iptu": true, "ipda": true, "kompol": true, "kombes": true, "aiptu": true,
	"aipda": true, "bripka": true, "brigadir": true, "briptu": true, "irjen": true, "brigjen": true, "kombespol": true, "pol": true, "bripda": true, "bharada": true, "ipu": true}

// placeTitles are titles followed by the name of their place, not of the
// person.
var placeTitles = map[string]bool{"camat": true, "lurah": true, "bupati": true, "walikota": true, "kota": true, "gubernur": true, "kades": true, "desa": true}

var honorifics = map[string]bool{"h": true, "hj": true, "dr": true, "drs": true, "dra": true, "ir": true, "prof": true}

var notNames = map[string]bool{"ia": true, "dia": true, "beliau": true, "pihaknya": true, "mereka": true, "kami": true, "saya": true,
	"pemkab": true, "pemkot": true, "pemprov": true, "pemda": true, "pemerintah": true, "warga": true, "korban": true, "polisi": true,
	"tim": true, "pihak": true, "keluarga": true, "terlapor": true, "pelapor": true, "pelaku": true, "sekolah": true, "hal": true}

// quotes finds the people quoted with their title and agency: "kata
// Kepala BKPSDM Kabupaten Serang, Ahmad Riyadi" and "Kepala DP3A Kota
// Cilegon, Siti Aminah, mengatakan".
func quotes(d *doc) []Person {
	l := theLexicon()
	var out []Person
	at := map[string]int{}
	add := func(p Person) {
		key := strings.ToLower(p.Name)
		if k, ok := at[key]; ok {
			out[k].Spans = append(out[k].Spans, p.Spans...)
			if len(p.Title) > len(out[k].Title) {
				out[k].Title, out[k].Agency = p.Title, p.Agency
			}
			out[k].Confidence = max(out[k].Confidence, p.Confidence)
			return
		}
		at[key] = len(out)
		out = append(out, p)
	}
	for v := 0; v < len(d.toks); v++ {
		if verb, n, ok := l.attrib.at(d, v); ok && !strings.HasSuffix(verb, "nya") && (!d.toks[v].cap || verb == "menurut") {
			if p, ok := speakerAfter(d, v+n); ok {
				add(p)
				v += n - 1
				continue
			}
			// "..., Agus, mengaku belum tahu": a verb of both kinds, whose
			// speaker came before it
		}
		if _, n, ok := l.speech.at(d, v); ok {
			if p, ok := speakerBefore(d, v); ok {
				add(p)
			}
			v += n - 1
		}
	}
	return mergeShortNames(out)
}

// mergeShortNames folds "Rudi" into "Rudi Hartono": articles name a
// speaker in full once, then by one name.
func mergeShortNames(ps []Person) []Person {
	out := ps[:0:0]
	for i, p := range ps {
		merged := false
		if !strings.Contains(p.Name, " ") {
			for j := range ps {
				if j != i && strings.Contains(ps[j].Name, " ") && slices.Contains(strings.Fields(strings.ToLower(ps[j].Name)), strings.ToLower(p.Name)) {
					merged = true
					break
				}
			}
		}
		if !merged {
			out = append(out, p)
		}
	}
	for i, p := range ps {
		if strings.Contains(p.Name, " ") {
			continue
		}
		for k := range out {
			if out[k].Name != p.Name && slices.Contains(strings.Fields(strings.ToLower(out[k].Name)), strings.ToLower(p.Name)) {
				out[k].Spans = append(out[k].Spans, ps[i].Spans...)
				if out[k].Title == "" {
					out[k].Title, out[k].Agency = p.Title, p.Agency
				}
				break
			}
		}
	}
	return out
}

// speakerAfter reads "Title[,] Name" or "Name[, Title]" from token k.
func speakerAfter(d *doc, k int) (Person, bool) {
	if k >= len(d.toks) {
		return Person{}, false
	}
	if tEnd := readTitleAny(d, k); tEnd >= k {
		ns, ne := readName(d, tEnd+1)
		if ne < ns {
			return Person{}, false
		}
		return person(d, ns, ne, k, tEnd), true
	}
	ns, ne := readName(d, k)
	if ne < ns {
		return Person{}, false
	}
	if g := d.gap(ne); strings.HasPrefix(strings.TrimSpace(g), ",") && ne+1 < len(d.toks) && d.toks[ne+1].sentence == d.toks[ne].sentence {
		if tEnd := readTitle(d, ne+1); tEnd > ne {
			return person(d, ns, ne, ne+1, tEnd), true
		}
	}
	return person(d, ns, ne, -1, -1), true
}

// speakerBefore reads the speaker of a verb of saying from the comma
// parts of its sentence before it.
func speakerBefore(d *doc, v int) (Person, bool) {
	s := d.toks[v].sentence
	// A speaker is named in the few words before the verb; a bound keeps
	// a text without full stops linear.
	a := v
	for a > 0 && a > v-maxClause && d.toks[a-1].sentence == s {
		a--
	}
	if a == v {
		return Person{}, false
	}
	// comma parts of [a, v)
	type part struct{ from, to int }
	var parts []part
	start := a
	for k := a; k < v; k++ {
		if k == v-1 || strings.Contains(d.gap(k), ",") {
			parts = append(parts, part{start, k})
			start = k + 1
		}
	}
	last := parts[len(parts)-1]
	// the title may come after a discourse word ("Terpisah Kepala ...")
	titleAt := func(p part) int {
		for k := p.from; k <= p.to && k <= p.from+3; k++ {
			if _, _, ok := theLexicon().titles.at(d, k); ok && d.toks[k].cap {
				return k
			}
		}
		return -1
	}
	if tk := titleAt(last); tk >= 0 {
		tEnd := min(readTitle(d, tk), last.to)
		if ns, ne := readName(d, tEnd+1); ne >= ns && ne == last.to {
			return person(d, ns, ne, tk, tEnd), true // Title Name mengatakan
		}
		if len(parts) > 1 {
			prev := parts[len(parts)-2]
			if ns, ne := readName(d, prev.from); ne == prev.to {
				return person(d, ns, ne, tk, last.to), true // Name, Title, mengatakan
			}
		}
		return Person{}, false
	}
	ns, ne := readName(d, last.from)
	if ne != last.to {
		return Person{}, false
	}
	if len(parts) > 1 {
		prev := parts[len(parts)-2]
		if tk := titleAt(prev); tk >= 0 {
			return person(d, ns, ne, tk, prev.to), true // Title, Name, mengatakan
		}
	}
	if ns == a {
		return person(d, ns, ne, -1, -1), true // Name mengatakan
	}
	return Person{}, false
}

// readTitleAny is readTitle for a title right after a verb of saying,
// which may be written in lower case ("kata anggota Bawaslu").
func readTitleAny(d *doc, k int) int { return readTitleFrom(d, k, true) }

// readTitle returns the last token of a title of office starting at k, or
// k-1 when none starts there.
func readTitle(d *doc, k int) int { return readTitleFrom(d, k, false) }

func readTitleFrom(d *doc, k int, lower bool) int {
	l := theLexicon()
	_, n, ok := l.titles.at(d, k)
	if !ok || !lower && !d.toks[k].cap && !d.toks[k].upper {
		return k - 1
	}
	end := k + n - 1
	if placeTitles[d.toks[k+n-1].word] && end+1 < len(d.toks) && d.toks[end+1].cap && sameLine(d, k, end+1) && !strings.Contains(d.gap(end), ",") {
		// "Camat Kramatwatu", "Bupati Lebak": the name after is a place
		end++
	}
	for j := end + 1; j < len(d.toks) && j <= k+14 && sameLine(d, k, j) && d.toks[j].sentence == d.toks[k].sentence; j++ {
		if strings.Contains(d.gap(j-1), ",") {
			break
		}
		w := d.toks[j].low
		_, an, isAgency := l.agencies.at(d, j)
		_, tn, isTitle := l.titles.at(d, j)
		switch {
		case isAgency:
			end = j + an - 1
			j = end
		case isTitle && d.toks[j].cap:
			end = j + tn - 1
			j = end
		case unitWords[d.toks[j].word] && (d.toks[j].cap || d.toks[j].upper || w == "dan"):
			end = j
		case d.toks[j].upper && len(w) >= 2 && !ranks[w]:
			end = j
		case j > 0 && (d.toks[j-1].low == "kabupaten" || d.toks[j-1].low == "kota" || d.toks[j-1].low == "provinsi" || d.toks[j-1].low == "kecamatan") && d.toks[j].cap:
			end = j
			// multi-word names ("Kota Tangerang Selatan"): take capitalised
			// words that the name index knows; here, one more when it is
			// a compass word.
			if j+1 < len(d.toks) && (d.toks[j+1].low == "selatan" || d.toks[j+1].low == "utara" || d.toks[j+1].low == "barat" || d.toks[j+1].low == "timur" || d.toks[j+1].low == "tengah") {
				end = j + 1
				j++
			}
		case ranks[w]:
			end = j
		case d.toks[j].cap && commaThenName(d, j):
			// "Kepala BKPSDM Pandeglang, Ahmad Fauzi": what stands before
			// the comma that a name follows is still the title.
			end = j
		default:
			return end
		}
	}
	return end
}

// commaThenName reports whether token j ends with a comma (at most two
// capitalised words further) that a name follows.
func commaThenName(d *doc, j int) bool {
	for k := j; k < len(d.toks) && k <= j+2 && d.toks[k].cap; k++ {
		if strings.Contains(d.gap(k), ",") {
			ns, ne := readName(d, k+1)
			return ne >= ns
		}
	}
	return false
}

// readName reads a person's name from k: one to four capitalised words,
// honorifics and ranks skipped. It returns ns > ne when there is none.
func readName(d *doc, k int) (ns, ne int) {
	l := theLexicon()
	for k < len(d.toks) && (ranks[d.toks[k].low] || honorifics[d.toks[k].low] && strings.HasPrefix(d.gap(k), ".")) {
		k++
	}
	ns, ne = k, k-1
	for j := k; j < len(d.toks) && j < k+4; j++ {
		t := d.toks[j]
		if j > k && (d.gap(j-1) != " " && !(d.gap(j-1) == ". " && abbreviation(d.toks[j-1])) || d.toks[j].sentence != d.toks[k].sentence) {
			break
		}
		if !t.cap || t.digits || notNames[t.low] || stopwords[t.low] || dayNames[t.low] || unitWords[t.low] || ranks[t.low] {
			break
		}
		if _, ok := months[t.low]; ok {
			break
		}
		if _, _, ok := l.titles.at(d, j); ok {
			break
		}
		if _, _, ok := l.agencies.at(d, j); ok {
			break
		}
		if t.upper && len(t.low) > 2 { // an acronym, not a name
			break
		}
		ne = j
	}
	if ne >= ns && ne == ns && len(d.toks[ns].low) < 3 {
		return ns, ns - 1 // a lone initial
	}
	return ns, ne
}

// person builds a Person from the token ranges of the name and title
// (tFrom < 0: no title).
func person(d *doc, ns, ne, tFrom, tTo int) Person {
	name := d.span(ns, ne)
	p := Person{Name: name.Text, Evidence: Evidence{Confidence: 0.65, Spans: []Span{name}}}
	if tFrom >= 0 && tTo >= tFrom {
		title := d.span(tFrom, tTo)
		p.Title = strings.Join(strings.Fields(title.Text), " ")
		p.Spans = append(p.Spans, title)
		p.Confidence = 0.85
		for k := tFrom; k <= tTo; k++ {
			if v, _, ok := theLexicon().agencies.at(d, k); ok {
				if v < 0 {
					v = -v - 1
				}
				p.Agency = agencyDefs[v].ID
				break
			}
		}
	}
	return p
}
