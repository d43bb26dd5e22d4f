package media

import (
	"html"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxInput is the largest text accepted, in bytes. A long article with its
// page around it is some 50 KB; a megabyte is a mistake (a whole site, a
// log file) and is refused, not cut.
const MaxInput = 1 << 20

// cleaned is the text as the extractor reads it, with what was dropped.
type cleaned struct {
	text     string
	html     bool // tags were stripped
	dropped  int  // lines dropped as boilerplate ("Baca Juga", footer)
	headline string
}

var (
	tagRE      = regexp.MustCompile(`(?s)<!--.*?-->|<[a-zA-Z/!][^<>]*>`)
	blockRE    = regexp.MustCompile(`(?i)<(?:/?(?:p|div|h[1-6]|li|ul|ol|tr|table|section|article|header|footer|blockquote|figure|figcaption)\b[^<>]*|br\s*/?)>`)
	scriptRE   = regexp.MustCompile(`(?is)<(script|style|noscript|iframe|svg)\b.*?</(?:script|style|noscript|iframe|svg)\s*>`)
	looksTagRE = regexp.MustCompile(`(?i)</?(?:p|div|span|br|a|h[1-6]|html|body|strong|em|b|i|li|script|article)\b[^<>]*>`)
)

// readMoreRE matches the "read also" lines of news sites, which carry the
// headline of another article: every field ignores them.
var readMoreRE = regexp.MustCompile(`(?i)^(?:\W*)(?:baca juga|baca pula|simak juga|lihat juga|baca selengkapnya|artikel terkait|berita terkait|baca)\b\s*[:：\-–—]?\s*(.*)$`)

// footerRE matches the first line of a page's footer; the rest of the
// text after it is dropped.
var footerRE = regexp.MustCompile(`(?i)^(?:\W*)(?:rekomendasi untuk anda|ikuti kami|ikuti (?:berita|saluran|whatsapp|channel)|berita terkini|berita terpopuler|terpopuler|berita lainnya|artikel lainnya|tags?\s*:|topik\s*:|copyright|hak cipta|©|\(c\)\s*\d{4}|simak berita dan artikel|dapatkan (?:update|berita|informasi)|klik (?:di )?sini untuk)`)

// lineDropRE matches single lines of page furniture.
var lineDropRE = regexp.MustCompile(`(?i)^(?:\W*)(?:editor|penyunting|sumber|reporter|penulis|foto|advertisement|iklan|scroll to continue|gulir ke bawah|share|bagikan)\b\s*[:|\-–—]?`)

// clean strips tags, normalises spaces and line ends, and drops the
// "Baca Juga" lines and the footer.
func clean(in string) cleaned {
	var c cleaned
	if !utf8.ValidString(in) {
		in = strings.ToValidUTF8(in, "\uFFFD")
	}
	if looksTagRE.MatchString(in) {
		c.html = true
		in = scriptRE.ReplaceAllString(in, " ")
		in = blockRE.ReplaceAllString(in, "\n")
		in = tagRE.ReplaceAllString(in, "")
		in = html.UnescapeString(in)
	}
	in = strings.ReplaceAll(in, "\r\n", "\n")
	in = strings.ReplaceAll(in, "\r", "\n")
	in = strings.Map(func(r rune) rune {
		if r == '\n' || r == '\t' || !unicode.IsControl(r) && r != '\uFEFF' {
			return r
		}
		return -1
	}, in)

	lines := strings.Split(in, "\n")
	out := make([]string, 0, len(lines))
	skipNext := false
	for _, l := range lines {
		l = squeezeSpaces(l)
		if l == "" {
			continue
		}
		if skipNext {
			// "Baca Juga:" alone on its line names its article on the next.
			skipNext = false
			c.dropped++
			continue
		}
		if m := readMoreRE.FindStringSubmatch(l); m != nil && isReadMore(l) {
			c.dropped++
			skipNext = strings.TrimSpace(m[1]) == ""
			continue
		}
		if footerRE.MatchString(l) && len(out) > 0 {
			c.dropped++ // and every line after it, uncounted
			break
		}
		if lineDropRE.MatchString(l) && len(l) < 120 && !strings.ContainsAny(l, "0123456789") {
			c.dropped++
			continue
		}
		out = append(out, l)
	}
	c.text = strings.Join(out, "\n\n")
	if len(out) > 0 && isHeadline(out[0]) {
		c.headline = out[0]
	}
	return c
}

// isReadMore tells a "Baca juga: <headline>" line from prose that begins
// with "Baca": a bare "Baca" counts only with its colon ("Baca: ...").
func isReadMore(line string) bool {
	low := strings.ToLower(strings.TrimLeft(line, " *-•>[("))
	rest, ok := strings.CutPrefix(low, "baca")
	if !ok {
		return true // simak juga, lihat juga, artikel terkait, berita terkait
	}
	rest = strings.TrimSpace(rest)
	for _, p := range []string{"juga", "pula", "selengkapnya", ":"} {
		if strings.HasPrefix(rest, p) {
			return true
		}
	}
	return false
}

// isHeadline reports whether the first line reads as a headline: short,
// and not a sentence of the body.
func isHeadline(l string) bool {
	n := utf8.RuneCountInString(l)
	return n >= 10 && n <= 200 && !strings.HasSuffix(l, ".") && !dashRE.MatchString(l)
}

// squeezeSpaces trims a line and turns every run of spaces (tabs,
// no-break and typographic spaces included) into one plain space.
func squeezeSpaces(l string) string {
	clean := true
	for i := 0; i < len(l); i++ {
		c := l[i]
		if c == '\t' || c == '\f' || c == '\v' || c >= 0x80 || c == ' ' && i+1 < len(l) && l[i+1] == ' ' {
			clean = false
			break
		}
	}
	if clean {
		return strings.TrimSpace(l)
	}
	var b strings.Builder
	b.Grow(len(l))
	space := false
	for _, r := range l {
		if r == ' ' || r == '\t' || r == '\f' || r == '\v' || r == '\u00A0' || r >= '\u2000' && r <= '\u200B' || r == '\u202F' || r == '\u205F' || r == '\u3000' {
			space = true
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}
