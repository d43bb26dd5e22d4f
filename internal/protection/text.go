package protection

import (
	"strings"
	"unicode/utf8"

	"sigap/internal/apperr"
)

// CleanLine trims a one-line text (a provider's or an organisation's name)
// and checks it: present, at most max characters, printable, no line
// breaks.
func CleanLine(field, s string, max int) (string, error) {
	s = strings.TrimSpace(s)
	switch n := utf8.RuneCountInString(s); {
	case n == 0:
		return "", apperr.InvalidField(field, "protection.text.required", nil)
	case n > max:
		return "", apperr.InvalidField(field, "protection.text.long", map[string]any{"Max": max})
	}
	if !cleanText(s) || strings.ContainsAny(s, "\r\n\t") {
		return "", apperr.InvalidField(field, "protection.text.unprintable", nil)
	}
	return s, nil
}
