package refdata

import (
	"fmt"
	"slices"
)

// problems collects ParseErrors for one file up to MaxProblems.
type problems struct {
	file string
	list ParseErrors
}

// add records a problem unless the limit has been reached.
func (p *problems) add(line int, field, format string, args ...any) {
	if p.full() {
		return
	}
	p.list = append(p.list, &ParseError{File: p.file, Line: line, Field: field, Problem: fmt.Sprintf(format, args...)})
}

// full reports whether parsing should stop.
func (p *problems) full() bool { return len(p.list) >= MaxProblems }

// count returns the number of problems so far, so a row can tell whether it
// added any.
func (p *problems) count() int { return len(p.list) }

// err returns the problems sorted by line (whole-table checks run after the
// row pass), or nil when there are none. It returns a plain nil error, not a
// nil ParseErrors, so callers' err != nil checks work.
func (p *problems) err() error {
	if len(p.list) == 0 {
		return nil
	}
	slices.SortStableFunc(p.list, func(a, b *ParseError) int { return a.Line - b.Line })
	return p.list
}
