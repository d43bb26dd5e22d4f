package report

import (
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"sigap/internal/apperr"
)

// Category is a kind of misconduct a reporter can choose.
type Category struct {
	Code   string
	NameID string
	NameEN string
}

// DefaultCategories is the catalogue a tenant starts with. Its codes are
// stable: statistics count by them.
var DefaultCategories = []Category{
	{"sexual_violence", "Pelecehan atau kekerasan seksual", "Sexual harassment or violence"},
	{"infidelity", "Perselingkuhan atau hidup bersama di luar perkawinan yang sah", "Infidelity or living together unmarried"},
	{"abuse_of_authority", "Penyalahgunaan wewenang", "Abuse of authority"},
	{"absence", "Tidak masuk kerja atau meninggalkan tugas", "Absence from work"},
	{"gratification", "Gratifikasi, pungutan liar atau pemerasan", "Gratification, illegal levies or extortion"},
	{"political_neutrality", "Pelanggaran netralitas politik", "Breach of political neutrality"},
	{"other", "Lainnya", "Other"},
}

// Name returns the category's name in the language given ("id" or "en").
func (c Category) Name(lang string) string {
	if lang == "en" && c.NameEN != "" {
		return c.NameEN
	}
	return c.NameID
}

func hasCategory(cs []Category, code string) bool {
	for _, c := range cs {
		if c.Code == code {
			return true
		}
	}
	return false
}

// CatalogueEntry is a category as the government's admin keeps it.
type CatalogueEntry struct {
	Category
	Active bool // offered on the form; inactive ones still name old reports
}

// MaxCategories bounds a catalogue: a reporter reads every choice.
const MaxCategories = 30

// CheckCatalogue validates a government's catalogue: codes of lower-case
// letters, digits and underscores, each once; names in both languages;
// at least one category offered.
func CheckCatalogue(entries []CatalogueEntry) ([]CatalogueEntry, error) {
	var errs apperr.Fields
	seen := map[string]bool{}
	active := 0
	out := make([]CatalogueEntry, 0, len(entries))
	for i, e := range entries {
		e.Code = strings.TrimSpace(e.Code)
		e.NameID = strings.Join(strings.Fields(e.NameID), " ")
		e.NameEN = strings.Join(strings.Fields(e.NameEN), " ")
		if e.Code == "" && e.NameID == "" && e.NameEN == "" {
			continue // an empty row of the form
		}
		field := func(name string) string { return name + "." + strconv.Itoa(i) }
		if !codeRE.MatchString(e.Code) {
			errs.Add(field("code"), "category.code.invalid", nil)
		} else if seen[e.Code] {
			errs.Add(field("code"), "category.code.twice", nil)
		}
		seen[e.Code] = true
		if e.NameID == "" || utf8.RuneCountInString(e.NameID) > 100 {
			errs.Add(field("name_id"), "category.name.invalid", nil)
		}
		if e.NameEN == "" || utf8.RuneCountInString(e.NameEN) > 100 {
			errs.Add(field("name_en"), "category.name.invalid", nil)
		}
		if e.Active {
			active++
		}
		out = append(out, e)
	}
	if len(out) > MaxCategories {
		errs.Add("categories", "category.too_many", map[string]any{"Max": MaxCategories})
	}
	if active == 0 {
		errs.Add("categories", "category.none_active", nil)
	}
	return out, errs.Err()
}

var codeRE = regexp.MustCompile(`^[a-z][a-z0-9_]{1,39}$`)
