package discipline

import (
	"strconv"
	"strings"
	"time"

	"sigap/internal/apperr"
)

// DefaultNumberFormat is the case number a government gets until it sets
// its own: "KD/2026/0001".
const DefaultNumberFormat = "KD/{year}/{seq:04}"

// maxNumberFormat bounds a format's length; a letter number is short.
const maxNumberFormat = 60

// NumberFormat is how a government numbers its discipline cases: fixed
// text (its own classification code, "800/", an office code) and tokens
// filled in when a case is opened:
//
//	{year}         the year, 2026
//	{month}        the month, 01–12
//	{roman_month}  the month in Roman numerals, I–XII, as letter numbers often have it
//	{seq}          the case's place in the government's sequence of the year
//	{seq:NN}       the same, zero-padded to NN digits (1–9), e.g. {seq:04} → 0007
//
// The sequence starts again each year, so a format must carry {year} for
// numbers to stay unique; it must carry {seq} too.
type NumberFormat struct {
	parts []numberPart
}

type numberPart struct {
	text  string // fixed text, or the token's name
	token bool
	width int // zero padding of {seq:NN}
}

// NumberTokens lists the tokens a format may use, for the settings page.
var NumberTokens = []string{"{year}", "{month}", "{roman_month}", "{seq}", "{seq:NN}"}

func numberError(key string, args map[string]any) error {
	return apperr.InvalidField("number_format", key, args)
}

// ParseNumberFormat reads a format, refusing, with the reason, one that
// is empty or too long, has a character a letter number does not (only
// letters, digits and / . - _ are allowed around the tokens), an unknown
// or unclosed token, or lacks {seq} or {year}.
func ParseNumberFormat(s string) (NumberFormat, error) {
	var f NumberFormat
	s = strings.TrimSpace(s)
	if s == "" {
		return f, numberError("case.number.empty", nil)
	}
	if len(s) > maxNumberFormat {
		return f, numberError("case.number.too_long", map[string]any{"Max": maxNumberFormat})
	}
	var seq, year bool
	for rest := s; rest != ""; {
		open := strings.IndexAny(rest, "{}")
		if open < 0 {
			open = len(rest)
		}
		if lit := rest[:open]; lit != "" {
			for _, r := range lit {
				if !numberChar(r) {
					return f, numberError("case.number.bad_char", map[string]any{"Char": string(r)})
				}
			}
			f.parts = append(f.parts, numberPart{text: lit})
		}
		rest = rest[open:]
		if rest == "" {
			break
		}
		if rest[0] == '}' {
			return f, numberError("case.number.unopened", nil)
		}
		end := strings.IndexByte(rest, '}')
		if end < 0 || strings.ContainsRune(rest[1:end], '{') {
			return f, numberError("case.number.unclosed", nil)
		}
		tok := rest[1:end]
		rest = rest[end+1:]
		p := numberPart{text: tok, token: true}
		switch {
		case tok == "year":
			year = true
		case tok == "month", tok == "roman_month":
		case tok == "seq":
			seq = true
		case strings.HasPrefix(tok, "seq:"):
			w, err := strconv.Atoi(tok[4:])
			if err != nil || w < 1 || w > 9 || len(tok[4:]) > 2 {
				return f, numberError("case.number.seq_width", nil)
			}
			p.text, p.width, seq = "seq", w, true
		default:
			return f, numberError("case.number.unknown_token", map[string]any{"Token": "{" + tok + "}"})
		}
		f.parts = append(f.parts, p)
	}
	if !seq {
		return f, numberError("case.number.no_seq", nil)
	}
	if !year {
		return f, numberError("case.number.no_year", nil)
	}
	return f, nil
}

func numberChar(r rune) bool {
	return r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || strings.ContainsRune("/.-_", r)
}

var romanMonths = [...]string{"I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"}

// Format writes the number of the seq-th case of a year, opened in month.
func (f NumberFormat) Format(year int, month time.Month, seq int) string {
	var b strings.Builder
	for _, p := range f.parts {
		if !p.token {
			b.WriteString(p.text)
			continue
		}
		switch p.text {
		case "year":
			b.WriteString(strconv.Itoa(year))
		case "month":
			if month < 10 {
				b.WriteByte('0')
			}
			b.WriteString(strconv.Itoa(int(month)))
		case "roman_month":
			if month >= 1 && month <= 12 {
				b.WriteString(romanMonths[month-1])
			}
		case "seq":
			n := strconv.Itoa(seq)
			for i := len(n); i < p.width; i++ {
				b.WriteByte('0')
			}
			b.WriteString(n)
		}
	}
	return b.String()
}
