package refdata

import (
	"fmt"
	"strconv"
	"strings"
)

// MaxProblems is how many problems a parser reports before giving up: enough
// to fix a file in one pass, few enough to read.
const MaxProblems = 20

// maxEcho is the longest value, in characters, echoed in a problem.
const maxEcho = 60

// ParseError is one problem in a reference CSV.
type ParseError struct {
	// File is the reference file the parser expects (RegionsFile, …); the
	// parser reads an io.Reader and does not know the actual path.
	File string
	// Line is the 1-based line in the file, or 0 for the file as a whole.
	Line int
	// Field is the column name, or "" for the whole row.
	Field string
	// Problem says what is wrong, with the offending value quoted.
	Problem string
}

// Error formats the problem as
// `regions-id.csv line 42, field "code": "36.4" is not a valid district code (expected NN.NN.NN)`.
func (e *ParseError) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		fmt.Fprintf(&b, " line %d", e.Line)
	}
	if e.Field != "" {
		fmt.Fprintf(&b, ", field %q", e.Field)
	}
	b.WriteString(": ")
	b.WriteString(e.Problem)
	return b.String()
}

// ParseErrors is every problem found in one file (at most MaxProblems),
// ordered by line. Parsers return it as their error; use errors.As to get
// at it or at an individual *ParseError.
type ParseErrors []*ParseError

// Error lists the problems one per line.
func (es ParseErrors) Error() string {
	lines := make([]string, 0, len(es)+1)
	for _, e := range es {
		lines = append(lines, e.Error())
	}
	if len(es) >= MaxProblems {
		lines = append(lines, fmt.Sprintf("(stopped after %d problems; there may be more)", MaxProblems))
	}
	return strings.Join(lines, "\n")
}

// Unwrap exposes the individual problems to errors.Is and errors.As.
func (es ParseErrors) Unwrap() []error {
	out := make([]error, len(es))
	for i, e := range es {
		out[i] = e
	}
	return out
}

// quote returns v in Go quotes, shortened to maxEcho characters so that a
// runaway field (e.g. a missing closing quote swallowing the rest of the
// file) cannot flood the message. The data is public, so echoing is safe.
func quote(v string) string {
	n := 0
	for i := range v {
		if n == maxEcho {
			return strconv.Quote(v[:i]) + "…"
		}
		n++
	}
	return strconv.Quote(v)
}
