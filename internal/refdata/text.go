package refdata

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxName is the longest name accepted, in characters. The longest real
// name (70 characters) is far shorter; the limit catches a field that
// swallowed part of a line.
const maxName = 200

// checkText trims v and reports what is wrong with it as a display text of
// at most max characters, or "" if nothing is. Control characters are
// rejected because a newline or tab inside a name breaks lists, exports and
// logs, and never occurs in the official names.
func checkText(v string, max int, required bool) (clean, problem string) {
	clean = strings.TrimSpace(v)
	switch {
	case clean == "" && required:
		return clean, "is empty"
	case utf8.RuneCountInString(clean) > max:
		return clean, quote(clean) + " is too long (at most " + strconv.Itoa(max) + " characters)"
	case strings.IndexFunc(clean, unicode.IsControl) >= 0:
		return clean, quote(clean) + " contains a control character (tab, line break, …)"
	}
	return clean, ""
}
