package refdata

import (
	"errors"
	"strings"
	"testing"
)

// parser adapts the three parsers to one signature for table tests.
type parser func(string) error

func regions(s string) error  { _, err := ParseRegions(strings.NewReader(s)); return err }
func holidays(s string) error { _, err := ParseHolidays(strings.NewReader(s)); return err }
func offices(s string) error  { _, err := ParseOffices(strings.NewReader(s)); return err }

const (
	rh = "code,name,level,parent_code\n"
	hh = "date,name,kind\n"
	oh = "tenant,name,abbreviation,kind\n"
	// okRegions is a small valid table used as the base of bad cases.
	okRegions = rh + "36,Banten,province,\n36.04,Kabupaten Serang,regency,36\n36.04.05,Kramatwatu,district,36.04\n36.04.05.2001,Pejaten,village,36.04.05\n"
)

func TestMalformed(t *testing.T) {
	tests := []struct {
		name  string
		parse parser
		in    string
		line  int
		field string
		want  string // substring of the problem
	}{
		// Structure.
		{"empty file", regions, "", 0, "", "file is empty"},
		{"bad header", regions, "code,nama,level,parent_code\n", 1, "", `expected "code,name,level,parent_code"`},
		{"header extra column", holidays, "date,name,kind,note\n", 1, "", `header is "date,name,kind,note"`},
		{"header wrong order", offices, "name,tenant,abbreviation,kind\n", 1, "", "expected"},
		{"too few fields", regions, rh + "36,Banten,province\n", 2, "", "wrong number of fields: 3 (expected 4"},
		{"too many fields", holidays, hh + "2025-01-01,Tahun Baru,libur,x\n", 2, "", "wrong number of fields: 4"},
		{"stray quote", regions, rh + "36,Ban\"ten,province,\n", 2, "", "malformed CSV"},
		{"unterminated quote", offices, oh + "kab-serang,\"Dinas,X,dinas\n", 2, "", "malformed CSV"},
		{"non-UTF-8 name", regions, rh + "36,Bant\xe9n,province,\n", 2, "name", "not valid UTF-8"},
		{"non-UTF-8 kind", holidays, hh + "2025-01-01,Tahun Baru,lib\xffur\n", 2, "kind", "not valid UTF-8"},
		{"Latin-1 office", offices, oh + "kab-serang,Dinas Kesehat\xe1n,Dinkes,dinas\n", 2, "name", "not valid UTF-8"},

		// Regions.
		{"bad code", regions, rh + "36,Banten,province,\n36.4,X,regency,36\n", 3, "code", `"36.4" is not a valid regency code (expected NN.NN)`},
		{"bad district code", regions, rh + "36,Banten,province,\n36.04,K,regency,36\n36.04.5,X,district,36.04\n", 4, "code", "(expected NN.NN.NN)"},
		{"letters in code", regions, rh + "3A,Banten,province,\n", 2, "code", "not a valid province code"},
		{"village code 3 digits", regions, okRegions + "36.04.05.201,X,village,36.04.05\n", 6, "code", "(expected NN.NN.NN.NNNN)"},
		{"code level mismatch", regions, rh + "36,Banten,province,\n36.04,X,district,36\n", 3, "code", "not a valid district code"},
		{"bad level", regions, rh + "36,Banten,provinsi,\n", 2, "level", `"provinsi" is not a valid level`},
		{"wrong parent", regions, rh + "36,Banten,province,\n35,Jatim,province,\n36.04,X,regency,35\n", 4, "parent_code", `"35" is not the parent of "36.04" (expected "36")`},
		{"province with parent", regions, rh + "36,Banten,province,36\n", 2, "parent_code", "must be empty for a province"},
		{"orphan parent", regions, rh + "36,Banten,province,\n36.04.05,Kramatwatu,district,36.04\n", 3, "parent_code", `parent "36.04" of "36.04.05" is not in the file`},
		{"duplicate code", regions, okRegions + "36.04,Kabupaten Serang Lagi,regency,36\n", 6, "code", `duplicate code "36.04" (first on line 3)`},
		{"empty name", regions, rh + "36,,province,\n", 2, "name", "is empty"},
		{"blank name", regions, rh + "36,   ,province,\n", 2, "name", "is empty"},
		{"long name", regions, rh + "36," + strings.Repeat("a", 201) + ",province,\n", 2, "name", "too long (at most 200"},
		{"newline in name", regions, rh + "36,\"Ban\nten\",province,\n", 2, "name", "control character"},

		// Holidays.
		{"bad date", holidays, hh + "2025-02-29,Tahun Baru,libur\n", 2, "date", `"2025-02-29" is not a valid date (expected YYYY-MM-DD)`},
		{"date with slashes", holidays, hh + "01/01/2025,Tahun Baru,libur\n", 2, "date", "not a valid date"},
		{"empty holiday name", holidays, hh + "2025-01-01, ,libur\n", 2, "name", "is empty"},
		{"bad kind", holidays, hh + "2025-01-01,Tahun Baru,holiday\n", 2, "kind", `"holiday" is not a valid kind (expected libur or cuti_bersama)`},
		{"local kind", holidays, hh + "2025-01-01,Hari Jadi,local\n", 2, "kind", "not allowed in the national file"},
		{"duplicate date", holidays, hh + "2025-01-01,Tahun Baru,libur\n2025-01-01,Lain,libur\n", 3, "date", "duplicate date 2025-01-01 (first on line 2)"},
		{"cuti on weekend", holidays, hh + "2025-03-29,Nyepi,cuti_bersama\n", 2, "date", "a Saturday"},

		// Offices.
		{"bad tenant", offices, oh + "Kab Serang,Dinas Kesehatan,Dinkes,dinas\n", 2, "tenant", "not a valid tenant slug"},
		{"empty tenant", offices, oh + ",Dinas Kesehatan,Dinkes,dinas\n", 2, "tenant", "not a valid tenant slug"},
		{"bad office kind", offices, oh + "kab-serang,Dinas Kesehatan,Dinkes,kantor\n", 2, "kind", `"kantor" is not a valid kind`},
		{"empty office name", offices, oh + "kab-serang,,Dinkes,dinas\n", 2, "name", "is empty"},
		{"duplicate office", offices, oh + "kab-serang,Dinas Kesehatan,Dinkes,dinas\nkab-serang,Dinas Kesehatan,DK,dinas\n", 3, "name", "duplicate name"},
		{"duplicate abbreviation", offices, oh + "kab-serang,Dinas Kesehatan,Dinkes,dinas\nkab-serang,Dinas Kesehatan Hewan,Dinkes,dinas\n", 3, "abbreviation", "duplicate abbreviation"},
		{"long abbreviation", offices, oh + "kab-serang,Dinas Kesehatan," + strings.Repeat("D", 51) + ",dinas\n", 2, "abbreviation", "too long (at most 50"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.parse(tt.in)
			if err == nil {
				t.Fatal("accepted a malformed file")
			}
			var pes ParseErrors
			if !errors.As(err, &pes) || len(pes) == 0 {
				t.Fatalf("error %v (%T) is not a ParseErrors", err, err)
			}
			for _, pe := range pes {
				if pe.Line == tt.line && pe.Field == tt.field && strings.Contains(pe.Problem, tt.want) {
					return
				}
			}
			t.Errorf("no problem at line %d field %q containing %q; got:\n%v", tt.line, tt.field, tt.want, err)
		})
	}
}

// TestAcceptedVariants: harmless variations real files show up with.
func TestAcceptedVariants(t *testing.T) {
	tests := []struct {
		name  string
		parse parser
		in    string
	}{
		{"base", regions, okRegions},
		{"BOM", regions, "\uFEFF" + okRegions},
		{"trailing blank line", regions, okRegions + "\n"},
		{"no final newline", regions, strings.TrimSuffix(okRegions, "\n")},
		{"CRLF", regions, strings.ReplaceAll(okRegions, "\n", "\r\n")},
		{"child before parent", regions, rh + "36.04,Kabupaten Serang,regency,36\n36,Banten,province,\n"},
		{"header only", regions, rh},
		{"quoted name with comma", offices, oh + "kab-serang,\"Dinas Koperasi, UMKM\",Diskoumperindag,dinas\n"},
		{"kecamatan without abbreviation", offices, oh + "kab-serang,Kecamatan Ciruas,,kecamatan\n"},
		{"same name in two tenants", offices, oh + "kab-serang,Dinas Sosial,Dinsos,dinas\nkota-serang,Dinas Sosial,Dinsos,dinas\n"},
		{"cuti on a weekday", holidays, hh + "2025-03-28,Nyepi,cuti_bersama\n2025-03-29,Nyepi,libur\n"},
		{"BOM holidays", holidays, "\uFEFF" + hh + "2025-01-01,Tahun Baru,libur\n\n"},
	}
	for _, tt := range tests {
		if err := tt.parse(tt.in); err != nil {
			t.Errorf("%s: %v", tt.name, err)
		}
	}
}

func TestParsedValues(t *testing.T) {
	regs, err := ParseRegions(strings.NewReader(rh + "36,  Banten ,province,\n36.04,Kabupaten Serang,regency,36\n"))
	if err != nil {
		t.Fatal(err)
	}
	want := []Region{{"36", "Banten", LevelProvince, ""}, {"36.04", "Kabupaten Serang", LevelRegency, "36"}}
	if len(regs) != 2 || regs[0] != want[0] || regs[1] != want[1] {
		t.Errorf("got %+v, want %+v (names trimmed)", regs, want)
	}
	offs, err := ParseOffices(strings.NewReader(oh + "kab-serang,\"Dinas Koperasi, UMKM\", DK ,dinas\n"))
	if err != nil {
		t.Fatal(err)
	}
	if offs[0] != (Office{"kab-serang", "Dinas Koperasi, UMKM", "DK", "dinas"}) {
		t.Errorf("got %+v", offs[0])
	}
	days, err := ParseHolidays(strings.NewReader(hh + "2025-03-28,Nyepi,cuti_bersama\n"))
	if err != nil {
		t.Fatal(err)
	}
	if days[0].Date.String() != "2025-03-28" || days[0].Name != "Nyepi" || days[0].Kind != "cuti_bersama" {
		t.Errorf("got %+v", days[0])
	}
}
