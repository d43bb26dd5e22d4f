package discipline

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"sigap/internal/roster"
)

// MaxTableSize bounds the input of ParseTable. The default table is about
// 20 kB; a megabyte leaves room for any tenant's notes.
const MaxTableSize = 1 << 20

// TableError is one problem in an authority table.
type TableError struct {
	Rule    string // the rule's id, or "" for the table as a whole
	Index   int    // 1-based position of the rule in the file, 0 if none
	Field   string // the JSON field, e.g. "distance"
	Problem string
}

// Error formats the problem as
// `authority table: rule 4 "pengawas-one-level", field "distance": 3 is not 1 or 2`.
func (e *TableError) Error() string {
	var b strings.Builder
	b.WriteString("authority table")
	switch {
	case e.Index > 0:
		fmt.Fprintf(&b, ": rule %d %q", e.Index, e.Rule)
	case e.Rule != "":
		fmt.Fprintf(&b, ": rule %q", e.Rule)
	}
	if e.Field != "" {
		fmt.Fprintf(&b, ", field %q", e.Field)
	}
	b.WriteString(": ")
	b.WriteString(e.Problem)
	return b.String()
}

// joinErrors joins problems, one per line; errors.As reaches each
// *TableError.
func joinErrors(errs []error) error { return errors.Join(errs...) }

// jsonTable is the file format; see authority_kabkota.json.
type jsonTable struct {
	ID      string `json:"id"`
	Version string `json:"version"`
	TitleID string `json:"title_id"`
	TitleEN string `json:"title_en"`
	Source  string `json:"source"`
	Note    string `json:"note"`
	// VacancyArticle is cited, after the rule's own article, when a vacant
	// post's power passes to the next superior.
	VacancyArticle string     `json:"vacancy_article"`
	Scope          jsonScope  `json:"scope"`
	Rules          []jsonRule `json:"rules"`
}

type jsonScope struct {
	Statuses []roster.Status `json:"statuses"`
	Article  string          `json:"article"`
	Outside  struct {
		ID            string `json:"id"`
		Article       string `json:"article"`
		DescriptionID string `json:"description_id"`
		DescriptionEN string `json:"description_en"`
	} `json:"outside"`
}

type jsonRule struct {
	ID            string   `json:"id"`
	Article       string   `json:"article"`
	Source        string   `json:"source"`
	Holder        Holder   `json:"holder"`
	Official      Filter   `json:"official"`
	Designated    bool     `json:"designated"`
	Relation      Relation `json:"relation"`
	Distance      int      `json:"distance"`
	Subject       Filter   `json:"subject"`
	Sanctions     []string `json:"sanctions"`
	Unconfirmed   bool     `json:"unconfirmed"`
	Enabled       *bool    `json:"enabled"` // required: a rule is never off by omission
	WhoID         string   `json:"who_id"`
	WhoEN         string   `json:"who_en"`
	DescriptionID string   `json:"description_id"`
	DescriptionEN string   `json:"description_en"`
	Note          string   `json:"note"`
}

// ParseTable reads an authority table in the format of the embedded
// authority_kabkota.json and checks it: known fields only, every rule well
// formed, and every sanction on every kind of subject ending somewhere (in
// the chain, with the PPK, or named beyond the region). The error lists
// every problem found, each a *TableError where it concerns the content.
func ParseTable(data []byte) (*Table, error) {
	if len(data) > MaxTableSize {
		return nil, &TableError{Problem: fmt.Sprintf("the file is %d bytes, more than the %d allowed", len(data), MaxTableSize)}
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	// A misspelt field ("exclude_kind") would otherwise widen a rule
	// without a word.
	dec.DisallowUnknownFields()
	var jt jsonTable
	if err := dec.Decode(&jt); err != nil {
		return nil, &TableError{Problem: describeJSONError(data, err)}
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, &TableError{Problem: "unexpected content after the table's closing brace"}
	}

	var errs []error
	rules := make([]Rule, len(jt.Rules))
	for i, jr := range jt.Rules {
		r := Rule{ID: jr.ID, Article: jr.Article, Source: jr.Source, Holder: jr.Holder,
			Official: jr.Official, Designated: jr.Designated, Relation: jr.Relation,
			Distance: jr.Distance, Subject: jr.Subject, Unconfirmed: jr.Unconfirmed,
			WhoID: jr.WhoID, WhoEN: jr.WhoEN, DescriptionID: jr.DescriptionID,
			DescriptionEN: jr.DescriptionEN, Note: jr.Note}
		if jr.Enabled == nil {
			errs = append(errs, &TableError{Rule: jr.ID, Index: i + 1, Field: "enabled", Problem: "missing; say true or false"})
			r.Enabled = true // one message for one mistake: not also "must be enabled"
		} else {
			r.Enabled = *jr.Enabled
		}
		// A level name stands for its three sanctions, as the statute says
		// "jenis Hukuman Disiplin sebagaimana dimaksud dalam Pasal 8 ayat (2)".
		for _, s := range jr.Sanctions {
			if l := Level(s); l.Valid() {
				r.Sanctions = append(r.Sanctions, levelSet(l).list()...)
			} else {
				r.Sanctions = append(r.Sanctions, Sanction(s))
			}
		}
		rules[i] = r
	}
	info := Info{ID: jt.ID, Version: jt.Version, TitleID: jt.TitleID, TitleEN: jt.TitleEN,
		Source: jt.Source, Note: jt.Note, VacancyArticle: jt.VacancyArticle}
	scope := Scope{Statuses: jt.Scope.Statuses, Article: jt.Scope.Article, Outside: Outside(jt.Scope.Outside)}
	t, err := build(info, scope, rules)
	if err != nil {
		errs = append(errs, err)
	}
	if len(errs) > 0 {
		return nil, joinErrors(errs)
	}
	return t, nil
}

// describeJSONError turns a decoding error into a message with the line and
// column, which encoding/json reports only as a byte offset.
func describeJSONError(data []byte, err error) string {
	var off int64 = -1
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		off = syn.Offset
	case errors.As(err, &typ):
		off = typ.Offset
	}
	msg := strings.TrimPrefix(err.Error(), "json: ")
	if errors.Is(err, io.EOF) {
		return "the file is empty"
	}
	if typ != nil {
		// The default message names our Go types; say it in the file's terms.
		msg = fmt.Sprintf("field %q: expected %s, found a JSON %s", typ.Field, jsonKind(typ.Type.Kind().String()), typ.Value)
	}
	if off < 0 || off > int64(len(data)) {
		return "invalid JSON: " + msg
	}
	line := 1 + bytes.Count(data[:off], []byte("\n"))
	col := int(off) - bytes.LastIndexByte(data[:off], '\n')
	return fmt.Sprintf("invalid JSON at line %d, column %d: %s", line, col, msg)
}

// jsonKind names a Go kind the way the file's author thinks of it.
func jsonKind(goKind string) string {
	switch goKind {
	case "string":
		return "a string"
	case "slice", "array":
		return "a list"
	case "struct", "map":
		return "an object"
	case "bool":
		return "true or false"
	case "int", "int8", "int16", "int32", "int64", "uint", "uint8", "uint16", "uint32", "uint64":
		return "a whole number"
	}
	return "a number"
}
