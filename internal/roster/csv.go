package roster

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"

	"sigap/internal/apperr"
	"sigap/internal/nip"
)

// Row is one employee as read from a roster file, checked but not yet
// matched against the database.
type Row struct {
	Line        int
	NIP         nip.NIP
	Name        string
	Status      Status
	Rank        string
	Position    string
	Kind        PositionKind
	Level       string // functional level, when Kind is fungsional
	Echelon     string
	Unit        string
	SuperiorNIP string // empty for the head of the region
	State       State
}

// Problem is what is wrong with one cell (or a whole line) of a file.
type Problem struct {
	Line   int
	Column string // the column's name as written in the file's header
	Key    string // message key, translated for the user
	Args   map[string]any
	NIP    string // the row's NIP when it could be read, so that a skipped row is not taken for someone who left
}

// columns are the fields of the documented column set, with the header
// names personnel systems and spreadsheets use for each (compared after
// folding case, spaces and underscores).
var columns = []struct {
	field    string
	required bool
	names    []string
}{
	{"nip", true, []string{"nip", "nip baru", "ni pppk", "nomor induk pegawai"}},
	{"name", true, []string{"nama", "nama lengkap", "nama pegawai", "name"}},
	{"status", true, []string{"status", "status pegawai", "jenis pegawai", "kedudukan"}},
	{"rank", false, []string{"golongan", "gol", "gol ruang", "golongan ruang", "pangkat golongan", "pangkat/golongan"}},
	{"position", true, []string{"jabatan", "nama jabatan"}},
	{"kind", true, []string{"jenis jabatan"}},
	{"level", false, []string{"jenjang", "jenjang jabatan"}},
	{"echelon", false, []string{"eselon"}},
	{"unit", true, []string{"unit kerja", "unit", "opd", "perangkat daerah", "satuan kerja"}},
	{"superior", false, []string{"nip atasan", "nip atasan langsung", "atasan langsung"}},
	{"state", false, []string{"keadaan", "status aktif", "keaktifan", "state"}},
}

func foldHeader(s string) string {
	s = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(s, "\ufeff")))
	s = strings.NewReplacer("_", " ", ".", "", "-", " ").Replace(s)
	return strings.Join(strings.Fields(s), " ")
}

// decode turns the bytes of a file into UTF-8: a BOM is dropped, and a
// file that is not valid UTF-8 is read as Windows-1252, which is what
// Excel on Indonesian Windows saves as "CSV".
func decode(b []byte) []byte {
	b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
	if utf8.Valid(b) {
		return b
	}
	out, err := charmap.Windows1252.NewDecoder().Bytes(b)
	if err != nil {
		return b
	}
	return out
}

// delimiter guesses the separator from the header line: Excel in an
// Indonesian locale writes semicolons.
func delimiter(b []byte) rune {
	line, _, _ := bytes.Cut(b, []byte("\n"))
	best, n := ',', bytes.Count(line, []byte(","))
	for _, d := range []rune{';', '\t'} {
		if c := bytes.Count(line, []byte(string(d))); c > n {
			best, n = d, c
		}
	}
	return best
}

// NewSheetReader returns a CSV reader for a file saved from a spreadsheet,
// as people in the offices save them: a BOM dropped, Windows-1252 read as
// such, the separator (comma, semicolon or tab) found from the header
// line, rows of any length.
func NewSheetReader(raw []byte) *csv.Reader {
	data := decode(raw)
	cr := csv.NewReader(bytes.NewReader(data))
	cr.Comma = delimiter(data)
	cr.FieldsPerRecord = -1
	return cr
}

// MaxProblems is how many problems pages and the command line show; the
// rest are counted.
const MaxProblems = 200

// ReadCSV reads a roster file whole and checks every row. It returns the
// good rows and every problem found; the caller decides whether to import
// nothing or the good rows only. Every problem is kept, however many: an
// import of the valid rows must know each skipped row, or it would take
// the people on them for people who left. Errors other than problems mean
// the file could not be read at all.
func ReadCSV(r io.Reader) ([]Row, []Problem, error) {
	raw, err := io.ReadAll(io.LimitReader(r, 512<<20))
	if err != nil {
		return nil, nil, err
	}
	cr := NewSheetReader(raw)
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err != nil {
		return nil, nil, errors.New("the file is empty or not a CSV file")
	}
	index := map[string]int{}
	names := map[string]string{}
	for i, h := range header {
		f := foldHeader(h)
		for _, c := range columns {
			if slices.Contains(c.names, f) {
				if _, dup := index[c.field]; !dup {
					index[c.field], names[c.field] = i, strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))
				}
			}
		}
	}
	var problems []Problem
	add := func(p Problem) { problems = append(problems, p) }
	for _, c := range columns {
		if _, ok := index[c.field]; c.required && !ok {
			add(Problem{Line: 1, Column: c.names[0], Key: "roster.column.missing", Args: map[string]any{"Column": c.names[0]}})
		}
	}
	if len(problems) > 0 {
		return nil, problems, nil
	}
	var rows []Row
	seen := map[string]int{}
	for line := 2; ; line++ {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			add(Problem{Line: line, Key: "roster.line.unreadable"})
			break
		}
		cell := func(field string) string {
			if i, ok := index[field]; ok && i < len(rec) {
				return strings.TrimSpace(rec[i])
			}
			return ""
		}
		if strings.TrimSpace(strings.Join(rec, "")) == "" {
			continue // Excel leaves empty lines at the end
		}
		row, rowProblems := checkRow(line, cell, names)
		if row.NIP != (nip.NIP{}) {
			for i := range rowProblems {
				rowProblems[i].NIP = row.NIP.String()
			}
		}
		if prev, dup := seen[row.NIP.String()]; dup && len(rowProblems) == 0 {
			rowProblems = append(rowProblems, Problem{Line: line, Column: names["nip"], Key: "roster.nip.duplicate", Args: map[string]any{"Line": prev}})
		}
		if len(rowProblems) > 0 {
			for _, p := range rowProblems {
				add(p)
			}
			continue
		}
		seen[row.NIP.String()] = line
		rows = append(rows, row)
	}
	return rows, problems, nil
}

func checkRow(line int, cell func(string) string, names map[string]string) (Row, []Problem) {
	var ps []Problem
	bad := func(field, key string, args map[string]any) {
		ps = append(ps, Problem{Line: line, Column: names[field], Key: key, Args: args})
	}
	r := Row{Line: line, Name: strings.Join(strings.Fields(cell("name")), " "), Position: cell("position"), Unit: cell("unit"),
		Echelon: cell("echelon"), Level: strings.ReplaceAll(strings.ToLower(cell("level")), " ", "_")}
	n, err := nip.Parse(cell("nip"))
	var why *apperr.Error
	switch {
	case errors.As(err, &why):
		bad("nip", why.Key, why.Args) // says which part of the NIP is wrong
	case err != nil:
		bad("nip", "roster.nip.invalid", map[string]any{"Value": truncate(cell("nip"))})
	}
	r.NIP = n
	if r.Name == "" || utf8.RuneCountInString(r.Name) > 150 {
		bad("name", "roster.name.invalid", nil)
	}
	r.Status = Status(strings.ToUpper(cell("status")))
	if !slices.Contains([]Status{PNS, CPNS, PPPK}, r.Status) {
		bad("status", "roster.status.invalid", map[string]any{"Value": truncate(cell("status"))})
	}
	if rank := cell("rank"); rank != "" {
		if !ValidRank(r.Status, rank) {
			bad("rank", "roster.rank.invalid", map[string]any{"Value": truncate(rank)})
		}
		r.Rank = NormalizeRank(rank)
	}
	if r.Position == "" {
		bad("position", "roster.position.missing", nil)
	}
	r.Kind = PositionKind(strings.ReplaceAll(strings.ToLower(cell("kind")), " ", "_"))
	if !slices.Contains(PositionKinds, r.Kind) {
		bad("kind", "roster.kind.invalid", map[string]any{"Value": truncate(cell("kind"))})
	}
	if r.Kind == Fungsional && !slices.Contains(FunctionalLevels, r.Level) {
		bad("level", "roster.level.invalid", map[string]any{"Value": truncate(cell("level"))})
	}
	if r.Echelon != "" && !slices.Contains(Echelons, r.Echelon) {
		bad("echelon", "roster.echelon.invalid", map[string]any{"Value": truncate(r.Echelon)})
	}
	if r.Unit == "" {
		bad("unit", "roster.unit.missing", nil)
	}
	if s := cell("superior"); s != "" {
		sup, err := nip.Parse(s)
		switch {
		case err != nil:
			bad("superior", "roster.superior.invalid", map[string]any{"Value": truncate(s)})
		case sup == n:
			bad("superior", "roster.superior.self", nil)
		default:
			r.SuperiorNIP = sup.String()
		}
	}
	r.State = Active
	if v := cell("state"); v != "" {
		st, ok := ParseState(v)
		if !ok {
			bad("state", "roster.state.invalid", map[string]any{"Value": truncate(v)})
		}
		r.State = st
	}
	return r, ps
}

// truncate keeps echoed values short in messages.
func truncate(s string) string {
	if utf8.RuneCountInString(s) <= 40 {
		return s
	}
	return string([]rune(s)[:40]) + "…"
}

// String is a problem in English, for logs of the command line.
func (p Problem) String() string {
	return fmt.Sprintf("line %d, column %q: %s", p.Line, p.Column, p.Key)
}
