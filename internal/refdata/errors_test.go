package refdata

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestParseErrorFormat(t *testing.T) {
	tests := []struct {
		e    ParseError
		want string
	}{
		{ParseError{RegionsFile, 42, "code", `"36.4" is not a valid district code (expected NN.NN.NN)`},
			`regions-id.csv line 42, field "code": "36.4" is not a valid district code (expected NN.NN.NN)`},
		{ParseError{HolidaysFile, 3, "", "wrong number of fields: 2 (expected 3: date,name,kind)"},
			"holidays-id.csv line 3: wrong number of fields: 2 (expected 3: date,name,kind)"},
		{ParseError{OfficesFile, 0, "", "file is empty"}, "opd-serang.csv: file is empty"},
	}
	for _, tt := range tests {
		if got := tt.e.Error(); got != tt.want {
			t.Errorf("got  %s\nwant %s", got, tt.want)
		}
	}
	// The exact message of the brief, produced by the parser itself.
	err := regions(rh + "36,Banten,province,\n36.04,K,regency,36\n36.4,X,district,36\n")
	if want := `regions-id.csv line 4, field "code": "36.4" is not a valid district code (expected NN.NN.NN)`; err == nil || err.Error() != want {
		t.Errorf("got  %v\nwant %s", err, want)
	}
}

// TestStopsAtMaxProblems: a file full of errors yields exactly MaxProblems,
// in line order, and says it stopped.
func TestStopsAtMaxProblems(t *testing.T) {
	var b strings.Builder
	b.WriteString(rh)
	for i := range 100 {
		fmt.Fprintf(&b, "%d,,province,\n", 10+i) // empty names
	}
	err := regions(b.String())
	var pes ParseErrors
	if !errors.As(err, &pes) {
		t.Fatalf("got %T", err)
	}
	if len(pes) != MaxProblems {
		t.Fatalf("got %d problems, want %d", len(pes), MaxProblems)
	}
	for i, pe := range pes {
		if pe.Line != i+2 {
			t.Errorf("problem %d on line %d, want %d", i, pe.Line, i+2)
		}
	}
	if !strings.Contains(err.Error(), "stopped after 20 problems") {
		t.Errorf("message should say it stopped: %s", err)
	}
	if n := strings.Count(err.Error(), "\n"); n != MaxProblems {
		t.Errorf("message has %d lines, want one per problem plus the note", n+1)
	}
}

// TestReportsAllProblems: several independent problems are all reported,
// sorted by line even when found by the whole-table pass.
func TestReportsAllProblems(t *testing.T) {
	in := rh +
		"36,Banten,province,\n" +
		"36.04.05,Kramatwatu,district,36.04\n" + // line 3: orphan (found in pass 2)
		"36.73,,regency,36\n" + // line 4: empty name
		"36.74,Kota X,kota,36\n" // line 5: bad level
	err := regions(in)
	var pes ParseErrors
	if !errors.As(err, &pes) || len(pes) != 3 {
		t.Fatalf("want 3 problems, got %v", err)
	}
	for i, want := range []struct {
		line  int
		field string
	}{{3, "parent_code"}, {4, "name"}, {5, "level"}} {
		if pes[i].Line != want.line || pes[i].Field != want.field {
			t.Errorf("problem %d = line %d %q, want line %d %q", i, pes[i].Line, pes[i].Field, want.line, want.field)
		}
	}
	var one *ParseError
	if !errors.As(err, &one) || one != pes[0] {
		t.Error("errors.As should reach an individual *ParseError")
	}
}

// TestEchoTruncated: values are shortened to 60 characters (not bytes, so
// multi-byte names are not cut mid-character).
func TestEchoTruncated(t *testing.T) {
	long := strings.Repeat("ü", 500)
	err := regions(rh + long + ",X,province,\n")
	var pe *ParseError
	if !errors.As(err, &pe) {
		t.Fatalf("got %v", err)
	}
	want := `"` + strings.Repeat("ü", 60) + `"…`
	if !strings.HasPrefix(pe.Problem, want+" ") {
		t.Errorf("problem %q should start with %s", pe.Problem, want)
	}
	if !utf8.ValidString(pe.Problem) {
		t.Error("truncation produced invalid UTF-8")
	}
	if q := quote(strings.Repeat("a", 60)); q != `"`+strings.Repeat("a", 60)+`"` {
		t.Errorf("a 60-character value must not be truncated: %s", q)
	}
}

// TestNoPartialResult: a rejected file returns no rows at all, so callers
// cannot accidentally import half of it.
func TestNoPartialResult(t *testing.T) {
	regs, err := ParseRegions(strings.NewReader(okRegions + "36.04.06,,district,36.04\n"))
	if err == nil || regs != nil {
		t.Errorf("got %d rows, %v; want nil and an error", len(regs), err)
	}
	days, err := ParseHolidays(strings.NewReader(hh + "2025-01-01,Tahun Baru,libur\n2025-13-01,X,libur\n"))
	if err == nil || days != nil {
		t.Errorf("got %d rows, %v; want nil and an error", len(days), err)
	}
	offs, err := ParseOffices(strings.NewReader(oh + "kab-serang,Dinas Sosial,Dinsos,dinas\nkab-serang,X,Y,z\n"))
	if err == nil || offs != nil {
		t.Errorf("got %d rows, %v; want nil and an error", len(offs), err)
	}
}

func TestValidRegionCode(t *testing.T) {
	tests := []struct {
		code  string
		level Level
		want  bool
	}{
		{"36", LevelProvince, true},
		{"36.04", LevelRegency, true},
		{"36.04.05", LevelDistrict, true},
		{"36.04.05.2001", LevelVillage, true},
		{"36.04", LevelProvince, false},
		{"36", LevelRegency, false},
		{"3", LevelProvince, false},
		{"360", LevelProvince, false},
		{"36.4", LevelRegency, false},
		{"36.04.5", LevelDistrict, false},
		{"36.04.05.201", LevelVillage, false},
		{"36.04.05.20011", LevelVillage, false},
		{"36.04.05.2001.1", LevelVillage, false},
		{"36.04.05.20", LevelVillage, false},
		{"36.04.05.2001", LevelDistrict, false},
		{"36..05", LevelDistrict, false},
		{"36.04.", LevelDistrict, false},
		{".36", LevelRegency, false},
		{"36-04", LevelRegency, false},
		{"3604", LevelRegency, false},
		{"٣٦", LevelProvince, false}, // Arabic-Indic digits
		{"+6", LevelProvince, false},
		{"", LevelProvince, false},
		{"36", "", false},
		{"36", "kabupaten", false},
	}
	for _, tt := range tests {
		if got := ValidRegionCode(tt.code, tt.level); got != tt.want {
			t.Errorf("ValidRegionCode(%q, %q) = %v, want %v", tt.code, tt.level, got, tt.want)
		}
	}
}

func TestLevel(t *testing.T) {
	for l, depth := range map[Level]int{LevelProvince: 1, LevelRegency: 2, LevelDistrict: 3, LevelVillage: 4, "": 0, "kota": 0, "Province": 0} {
		if l.Depth() != depth || l.Valid() != (depth > 0) {
			t.Errorf("%q: Depth %d Valid %v, want %d", l, l.Depth(), l.Valid(), depth)
		}
	}
}

func TestValidTenant(t *testing.T) {
	for s, want := range map[string]bool{
		"kab-serang": true, "kota-serang": true, "kab2": true,
		"": false, "-kab": false, "kab-": false, "kab--serang": false, "Kab-serang": false,
		"kab serang": false, "kab_serang": false, strings.Repeat("a", 64): false, strings.Repeat("a", 63): true,
	} {
		if validTenant(s) != want {
			t.Errorf("validTenant(%q) = %v, want %v", s, !want, want)
		}
	}
}
