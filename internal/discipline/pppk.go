package discipline

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"sigap/internal/apperr"
)

// PPPKEntry is one violation of a government's own discipline rules for
// PPPK. PP 94/2021 does not cover PPPK: the PPK of each agency sets their
// discipline (PP 49/2018 Ps 52(1)–(2)), so the catalogue is the
// government's data, a code, the violation's text and the level it calls
// for.
type PPPKEntry struct {
	Code  string
	Text  string
	Level Level
}

// PPPKSource is the basis of a government's PPPK catalogue.
const PPPKSource = "PP 49/2018 Ps 52(1)–(2); peraturan PPK / perjanjian kerja"

// MaxPPPKEntries bounds a PPPK catalogue.
const MaxPPPKEntries = 200

// CheckPPPK tidies and checks a PPPK catalogue as the settings form sends
// it: rows left empty are dropped; every other row needs a code (letters,
// digits, . - _; at most 20), unique, a text (at most 300 characters) and
// a level. Every mistake is reported against its row.
func CheckPPPK(rows []PPPKEntry) ([]PPPKEntry, error) {
	var errs apperr.Fields
	var out []PPPKEntry
	seen := map[string]bool{}
	for i, r := range rows {
		r.Code, r.Text = strings.TrimSpace(r.Code), strings.TrimSpace(r.Text)
		if r.Code == "" && r.Text == "" {
			continue
		}
		n := strconv.Itoa(i)
		switch {
		case r.Code == "":
			errs.Add("pppk_code."+n, "pppk.code.required", nil)
		case len(r.Code) > 20 || strings.IndexFunc(r.Code, func(c rune) bool { return !numberChar(c) || c == '/' }) >= 0:
			errs.Add("pppk_code."+n, "pppk.code.invalid", nil)
		case seen[strings.ToUpper(r.Code)]:
			errs.Add("pppk_code."+n, "pppk.code.duplicate", map[string]any{"Code": r.Code})
		}
		seen[strings.ToUpper(r.Code)] = true
		if r.Text == "" || utf8.RuneCountInString(r.Text) > 300 || !utf8.ValidString(r.Text) || strings.IndexFunc(r.Text, unicode.IsControl) >= 0 {
			errs.Add("pppk_text."+n, "pppk.text.invalid", nil)
		}
		if !r.Level.Valid() {
			errs.Add("pppk_level."+n, "pppk.level.invalid", nil)
		}
		out = append(out, r)
	}
	if len(out) > MaxPPPKEntries {
		errs.Add("pppk", "pppk.too_many", map[string]any{"Max": MaxPPPKEntries})
	}
	return out, errs.Err()
}

// PPPKCatalogue is the catalogue the charge form uses for a PPPK: each
// entry a violation of one level, set by the government's rules.
func PPPKCatalogue(entries []PPPKEntry) *Catalogue {
	c := &Catalogue{ID: "pppk", Version: "tenant", Source: PPPKSource}
	for _, e := range entries {
		c.Violations = append(c.Violations, Violation{Code: e.Code, Article: "PPPK", NameID: e.Text, NameEN: e.Text,
			Rule: ruleAlways, Level: e.Level, LevelArticle: PPPKSource})
	}
	return c
}
