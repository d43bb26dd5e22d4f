package store

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// lower folds a search term; both engines' LOWER agree on ASCII, which is
// what usernames are.
func lower(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// truncate cuts s to at most n bytes without splitting a character.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}
