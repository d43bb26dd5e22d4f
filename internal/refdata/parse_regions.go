package refdata

import (
	"io"
)

// regionsHeader is the exact header of RegionsFile.
const regionsHeader = "code,name,level,parent_code"

// ParseRegions reads a region table in the format of RegionsFile
// (code,name,level,parent_code) and returns its rows in file order.
//
// The file is treated as a whole table: besides per-row checks (code form
// matches level, parent_code is the code minus its last segment, name
// non-empty and at most 200 characters) codes must be unique and every
// parent_code must be a row of the same file. On any problem it returns nil
// and a ParseErrors listing up to MaxProblems of them. Names are trimmed.
func ParseRegions(r io.Reader) ([]Region, error) {
	p := &problems{file: RegionsFile}
	// Preallocate from the input size (~41 bytes per row in the national
	// file), capped so a huge or lying reader cannot force a huge allocation.
	hint := int(min(readerSize(r)/40+1, 1<<20))
	t, ok := openTable(r, p, regionsHeader)
	if !ok {
		return nil, p.err()
	}
	out := make([]Region, 0, hint)
	lines := make(map[string]int, hint) // code → line of first occurrence
	for {
		rec, line, ok := t.next()
		if !ok {
			break
		}
		reg, ok := checkRegion(p, rec, line)
		if !ok {
			continue
		}
		if first, dup := lines[reg.Code]; dup {
			p.add(line, "code", "duplicate code %s (first on line %d)", quote(reg.Code), first)
			continue
		}
		lines[reg.Code] = line
		out = append(out, reg)
	}
	// Orphans need the whole table, since a parent may come after a child.
	for _, reg := range out {
		if p.full() {
			break
		}
		if _, found := lines[reg.ParentCode]; reg.ParentCode != "" && !found {
			p.add(lines[reg.Code], "parent_code", "parent %s of %s is not in the file", quote(reg.ParentCode), quote(reg.Code))
		}
	}
	if err := p.err(); err != nil {
		return nil, err
	}
	return out, nil
}

// checkRegion validates one row. It returns ok == false when the code is
// unusable; when only other fields are wrong it still returns the row, so
// that the code counts for duplicate and orphan checks and one bad name does
// not produce a cascade of "parent is not in the file" reports.
func checkRegion(p *problems, rec []string, line int) (Region, bool) {
	code, name, level, parent := rec[0], rec[1], Level(rec[2]), rec[3]
	if !level.Valid() {
		p.add(line, "level", "%s is not a valid level (expected province, regency, district or village)", quote(string(level)))
		return Region{}, false
	}
	if !ValidRegionCode(code, level) {
		p.add(line, "code", "%s is not a valid %s code (expected %s)", quote(code), level, codeFormat(level))
		return Region{}, false
	}
	if want := parentCode(code); parent != want {
		if want == "" {
			p.add(line, "parent_code", "%s must be empty for a province", quote(parent))
		} else {
			p.add(line, "parent_code", "%s is not the parent of %s (expected %s)", quote(parent), quote(code), quote(want))
		}
	}
	clean, problem := checkText(name, maxName, true)
	if problem != "" {
		p.add(line, "name", "%s", problem)
	}
	return Region{Code: code, Name: clean, Level: level, ParentCode: parentCode(code)}, true
}
