package refdata

import (
	"bufio"
	"encoding/csv"
	"errors"
	"io"
	"io/fs"
	"strings"
	"unicode/utf8"
)

// table reads the rows of one reference CSV, reporting structural problems
// (header, field count, encoding, CSV syntax) so the per-file parsers only
// check values.
type table struct {
	r      *csv.Reader
	p      *problems
	header []string
}

// openTable checks the header of r against header (comma-separated column
// names). It returns false, with a problem recorded, when the rows cannot
// be interpreted at all.
func openTable(r io.Reader, p *problems, header string) (*table, bool) {
	// A large buffer measurably speeds up the 3.7 MB region table, but
	// would be waste for small files (and for fuzzing).
	br := bufio.NewReaderSize(r, int(min(max(readerSize(r), 4<<10), 64<<10)))
	// Spreadsheet programs on Windows like to prepend a UTF-8 byte order
	// mark; it is harmless, so skip it rather than fail on the header.
	if b, err := br.Peek(3); err == nil && string(b) == "\uFEFF" {
		_, _ = br.Discard(3)
	}
	cr := csv.NewReader(br)
	// Field counts are checked by next, to report them as ParseErrors and
	// keep going; records are copied out field by field, so reuse is safe.
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	t := &table{r: cr, p: p, header: strings.Split(header, ",")}

	want := header
	rec, err := cr.Read()
	switch {
	case errors.Is(err, io.EOF):
		p.add(0, "", "file is empty (expected header %s)", quote(want))
		return nil, false
	case err != nil:
		t.syntaxError(err)
		return nil, false
	}
	if got := strings.Join(rec, ","); got != want {
		p.add(1, "", "header is %s (expected %s)", quote(got), quote(want))
		return nil, false
	}
	return t, true
}

// next returns the next structurally sound row and its line, skipping (and
// reporting) broken rows. It returns ok == false at the end of the file, on
// a CSV syntax error (after which the reader cannot be trusted), or once
// MaxProblems have been reported. encoding/csv ignores blank lines, which
// also makes a blank trailing line harmless.
func (t *table) next() (rec []string, line int, ok bool) {
	for !t.p.full() {
		rec, err := t.r.Read()
		if errors.Is(err, io.EOF) {
			return nil, 0, false
		}
		if err != nil {
			t.syntaxError(err)
			return nil, 0, false
		}
		line, _ = t.r.FieldPos(0)
		if len(rec) != len(t.header) {
			t.p.add(line, "", "wrong number of fields: %d (expected %d: %s)", len(rec), len(t.header), strings.Join(t.header, ","))
			continue
		}
		if t.validUTF8(rec, line) {
			return rec, line, true
		}
	}
	return nil, 0, false
}

// validUTF8 reports (and records) fields that are not valid UTF-8, which
// would otherwise end up as mojibake in the database.
func (t *table) validUTF8(rec []string, line int) bool {
	ok := true
	for i, f := range rec {
		if !utf8.ValidString(f) {
			t.p.add(line, t.header[i], "%s is not valid UTF-8 text (save the file as UTF-8)", quote(f))
			ok = false
		}
	}
	return ok
}

// syntaxError records a CSV-level error such as a stray quote.
func (t *table) syntaxError(err error) {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		t.p.add(pe.Line, "", "malformed CSV at column %d: %v", pe.Column, pe.Err)
		return
	}
	t.p.add(0, "", "cannot read: %v", err)
}

// readerSize returns how many bytes r holds, when r can tell (strings,
// bytes and embedded or OS files can), else 0.
func readerSize(r io.Reader) int64 {
	switch v := r.(type) {
	case interface{ Len() int }:
		return int64(v.Len())
	case interface{ Stat() (fs.FileInfo, error) }:
		if fi, err := v.Stat(); err == nil {
			return fi.Size()
		}
	}
	return 0
}
