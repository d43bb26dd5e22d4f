package discipline

import (
	"slices"
	"strings"
	"unicode/utf8"

	"sigap/internal/apperr"
	"sigap/internal/calendar"
)

// The record of an examination (berita acara pemeriksaan, BAP; PP 94/2021
// Ps 27, 32), the statements of other parties (Ps 30) and the temporary
// release from the duties of the post (Ps 31).

// ExamModes are the ways an examination is held: face to face or virtual
// (Ps 27(2) and its elucidation).
var ExamModes = []string{"in_person", "virtual"}

// Signatures say whether the accused signed the BAP. A refusal does not
// stop the BAP being used (Ps 32).
var Signatures = []string{"signed", "refused"}

// StatementRoles are whose statement the examiner takes (Ps 30).
var StatementRoles = []string{"victim", "colleague", "superior", "other"}

// QA is one question put to the accused and the answer given.
type QA struct {
	Q, A string
}

// Limits of a BAP's text, so that a record stays a record.
const (
	MaxQAs      = 200
	maxQAText   = 8000 // one question or answer, in characters
	maxLineText = 500  // a place, an examiner's name
)

// ParseQA reads the questions and answers as the form sends them: a
// question starts with "T:" (tanya) and its answer with "J:" (jawab), each
// on its own line; the lines that follow continue the text. "P:" and "Q:"
// are read as questions, "A:" as answers, in either case, so that English
// and "Pertanyaan"-style forms work too. Blank lines are ignored; text
// before the first marker is an error, and so is an answer without its
// question. A question may stay unanswered.
func ParseQA(text string) ([]QA, error) {
	var out []QA
	var cur *QA
	inAnswer := false
	for _, raw := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n") {
		line := strings.TrimSpace(raw)
		if line == "" {
			continue
		}
		switch kind, rest := qaMarker(line); kind {
		case 'Q':
			if len(out) == MaxQAs {
				return nil, apperr.InvalidField("qa", "case.bap.qa.too_many", map[string]any{"Max": MaxQAs})
			}
			out = append(out, QA{Q: rest})
			cur, inAnswer = &out[len(out)-1], false
		case 'A':
			if cur == nil || inAnswer {
				return nil, apperr.InvalidField("qa", "case.bap.qa.answer_first", nil)
			}
			cur.A, inAnswer = rest, true
		default:
			if cur == nil {
				return nil, apperr.InvalidField("qa", "case.bap.qa.no_marker", nil)
			}
			if inAnswer {
				cur.A = join(cur.A, line)
			} else {
				cur.Q = join(cur.Q, line)
			}
		}
	}
	for _, qa := range out {
		if qa.Q == "" {
			return nil, apperr.InvalidField("qa", "case.bap.qa.empty_question", nil)
		}
		if utf8.RuneCountInString(qa.Q) > maxQAText || utf8.RuneCountInString(qa.A) > maxQAText {
			return nil, apperr.InvalidField("qa", "case.bap.qa.too_long", map[string]any{"Max": maxQAText})
		}
	}
	return out, nil
}

func join(a, b string) string {
	if a == "" {
		return b
	}
	return a + "\n" + b
}

// qaMarker says whether a line starts a question ('Q') or an answer ('A')
// and returns the rest of it.
func qaMarker(line string) (byte, string) {
	if len(line) < 2 || line[1] != ':' {
		return 0, line
	}
	switch line[0] {
	case 'T', 't', 'P', 'p', 'Q', 'q':
		return 'Q', strings.TrimSpace(line[2:])
	case 'J', 'j', 'A', 'a':
		return 'A', strings.TrimSpace(line[2:])
	}
	return 0, line
}

// FormatQA writes questions and answers back as ParseQA reads them.
func FormatQA(qas []QA) string {
	var b strings.Builder
	for i, qa := range qas {
		if i > 0 {
			b.WriteString("\n")
		}
		b.WriteString("T: " + qa.Q + "\n")
		if qa.A != "" {
			b.WriteString("J: " + qa.A + "\n")
		}
	}
	return b.String()
}

// Exam is a BAP as the examiner states it.
type Exam struct {
	Mode      string // in_person or virtual
	Place     string // the room, or the video meeting
	Examiners []string
	QAs       []QA
	Signature string // signed or refused
}

// CheckExam checks a BAP: its mode and signature are known values, the
// place and at least one examiner are given, and no text is too long.
func CheckExam(e Exam) error {
	if !slices.Contains(ExamModes, e.Mode) {
		return apperr.InvalidField("mode", "case.bap.mode", nil)
	}
	if strings.TrimSpace(e.Place) == "" || utf8.RuneCountInString(e.Place) > maxLineText {
		return apperr.InvalidField("place", "case.bap.place", nil)
	}
	if len(e.Examiners) == 0 || len(e.Examiners) > 20 {
		return apperr.InvalidField("examiners", "case.bap.examiners", nil)
	}
	for _, x := range e.Examiners {
		if utf8.RuneCountInString(x) > maxLineText {
			return apperr.InvalidField("examiners", "case.bap.examiners", nil)
		}
	}
	if !slices.Contains(Signatures, e.Signature) {
		return apperr.InvalidField("signature", "case.bap.signature", nil)
	}
	return nil
}

// Lines splits a text field into its non-blank lines, trimmed.
func Lines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// Statement is the statement of another party (Ps 30).
type Statement struct {
	Name string
	Role string // victim, colleague, superior, other
	On   calendar.Date
	Text string
}

// CheckStatement checks a statement: a name, a known role, a day, and its
// text, within the limits of a record.
func CheckStatement(s Statement) error {
	if strings.TrimSpace(s.Name) == "" || utf8.RuneCountInString(s.Name) > maxLineText {
		return apperr.InvalidField("name", "case.statement.name", nil)
	}
	if !slices.Contains(StatementRoles, s.Role) {
		return apperr.InvalidField("role", "case.statement.role", nil)
	}
	if s.On.IsZero() {
		return apperr.InvalidField("statement_day", "case.step.date_required", nil)
	}
	if strings.TrimSpace(s.Text) == "" || utf8.RuneCountInString(s.Text) > 4*maxQAText {
		return apperr.InvalidField("text", "case.statement.text", nil)
	}
	return nil
}

// Release checks a temporary release from the duties of the post (Ps 31):
// only when the likely sanction is berat, from the start of the
// examination (a summons is out, or the accused was examined) until the
// decision, on a day no earlier than the first summons.
func (p Procedure) Release(c *Case, likely Level, on calendar.Date) error {
	if likely != Berat {
		return apperr.New(apperr.Conflict, "case.release.not_berat")
	}
	if c.Stage != StageSummoned && c.Stage != StageExamined {
		return apperr.New(apperr.Conflict, "case.release.not_now")
	}
	if on.IsZero() {
		return apperr.InvalidField("release_day", "case.step.date_required", nil)
	}
	if on.Before(c.Summonses[0].Letter) {
		return apperr.InvalidField("release_day", "case.release.early", map[string]any{"First": c.Summonses[0].Letter.String()})
	}
	return nil
}
