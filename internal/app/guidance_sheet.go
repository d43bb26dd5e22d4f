package app

import (
	"errors"
	"io"
	"strings"

	"sigap/internal/apperr"
	"sigap/internal/guidance"
	"sigap/internal/nip"
	"sigap/internal/roster"
)

// SheetProblem is one bad line of a sign-in sheet.
type SheetProblem struct {
	Line int
	Key  string
}

// MaxSheetRows bounds a sign-in sheet.
const MaxSheetRows = 5000

// sheetStatuses are the words a sign-in sheet may use in its status column.
var sheetStatuses = map[string]guidance.Status{
	"": guidance.Present, "hadir": guidance.Present, "present": guidance.Present,
	"terlambat": guidance.Late, "late": guidance.Late,
	"izin": guidance.Excused, "excused": guidance.Excused,
	"tidak hadir": guidance.Absent, "absent": guidance.Absent, "alpa": guidance.Absent,
}

// readSheet reads a sign-in sheet's bytes against the session's audience
// (NIP → employee): the marks of a sheet without a bad line, else every
// bad line's problem. It does no I/O, so that it can be fuzzed.
func readSheet(data []byte, members map[string]int64) (map[int64]guidance.Status, []SheetProblem, error) {
	r := roster.NewSheetReader(data)
	header, err := r.Read()
	if err != nil {
		return nil, nil, apperr.New(apperr.Invalid, "guidance.sheet.empty")
	}
	nipCol, stCol := -1, -1
	for i, h := range header {
		switch strings.ToLower(strings.TrimSpace(h)) {
		case "nip":
			nipCol = i
		case "status", "kehadiran", "keterangan":
			stCol = i
		}
	}
	if nipCol < 0 {
		return nil, nil, apperr.New(apperr.Invalid, "guidance.sheet.no_nip")
	}
	marks := map[int64]guidance.Status{}
	var problems []SheetProblem
	line := 1
	for {
		rec, err := r.Read()
		line++
		if errors.Is(err, io.EOF) {
			break
		}
		// Unreadable lines count too, or a sheet of them would list a
		// problem for each however many there were.
		if line-1 > MaxSheetRows {
			return nil, nil, &apperr.Error{Code: apperr.Invalid, Key: "guidance.sheet.too_long", Args: map[string]any{"Max": MaxSheetRows}}
		}
		if err != nil {
			problems = append(problems, SheetProblem{Line: line, Key: "guidance.sheet.bad_line"})
			continue
		}
		if len(rec) <= nipCol || strings.TrimSpace(strings.Join(rec, "")) == "" {
			if strings.TrimSpace(strings.Join(rec, "")) == "" {
				continue
			}
			problems = append(problems, SheetProblem{Line: line, Key: "guidance.sheet.nip_missing"})
			continue
		}
		n, err := nip.Parse(strings.ReplaceAll(strings.TrimSpace(rec[nipCol]), " ", ""))
		if err != nil {
			problems = append(problems, SheetProblem{Line: line, Key: "guidance.sheet.nip_invalid"})
			continue
		}
		emp, ok := members[n.String()]
		if !ok {
			problems = append(problems, SheetProblem{Line: line, Key: "guidance.sheet.not_audience"})
			continue
		}
		word := ""
		if stCol >= 0 && stCol < len(rec) {
			word = strings.ToLower(strings.TrimSpace(rec[stCol]))
		}
		st, ok := sheetStatuses[word]
		if !ok {
			problems = append(problems, SheetProblem{Line: line, Key: "guidance.sheet.status"})
			continue
		}
		if _, dup := marks[emp]; dup {
			problems = append(problems, SheetProblem{Line: line, Key: "guidance.sheet.duplicate"})
			continue
		}
		marks[emp] = st
	}
	if len(problems) > 0 {
		return nil, problems, nil
	}
	if len(marks) == 0 {
		return nil, nil, apperr.New(apperr.Invalid, "guidance.sheet.empty")
	}
	return marks, nil, nil
}
