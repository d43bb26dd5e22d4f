package report

import (
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"sigap/internal/apperr"
	"sigap/internal/vault"
)

// Redactions: a span of a report's text or of a message, masked for
// everyone who may not see through it. Spans count runes, not bytes, so
// that an offset never cuts a letter in two.

// RedactionKind says whether a redaction may be lifted.
type RedactionKind string

// The kinds of redaction.
const (
	// Temporary masks the span when it is shown; the stored text keeps it.
	Temporary RedactionKind = "temporary"
	// Permanent rewrites the stored text with the span replaced by Mask.
	Permanent RedactionKind = "permanent"
)

// Mask replaces a redacted span, whatever its length: a fixed width, so
// that the mask does not tell how long a name or a number was.
const Mask = "█████"

// maskLen is Mask's length in runes.
var maskLen = utf8.RuneCountInString(Mask)

// RedactableFields are the content fields a redaction may cover, in the
// order the report page shows them; FieldBody is a message's body.
var RedactableFields = []string{"what", "place", "accused_name", "accused_office", "accused_position", "witnesses", "channel_ref"}

// FieldBody names a message's body as a redaction's field.
const FieldBody = "body"

// MaxRedactionReason is the longest reason, in characters.
const MaxRedactionReason = 300

// Span is a stretch of text in rune offsets, Start included, End not.
type Span struct{ Start, End int }

// Overlaps reports whether s and o share a rune.
func (s Span) Overlaps(o Span) bool { return s.Start < o.End && o.Start < s.End }

// Redaction is one redaction as stored. The masked words are not in it.
type Redaction struct {
	ID              int64
	PublicID        string
	Field           string // one of RedactableFields, or FieldBody
	MessageID       int64  // the message, for FieldBody
	MessagePublicID string
	Span
	Kind          RedactionKind
	Reason        vault.Secret // may name people: sealed
	CreatedBy     int64
	CreatedByName string
	CreatedAt     time.Time
	LiftedBy      int64
	LiftedByName  string
	LiftedAt      time.Time // zero while in force
	// LiftedHow is "lifted" when a person lifted it, "superseded" when a
	// permanent redaction swallowed its span.
	LiftedHow string
}

// Active reports whether a temporary redaction is in force.
func (r Redaction) Active() bool { return r.Kind == Temporary && r.LiftedAt.IsZero() }

// ContentField returns the text of one redactable field of c.
func ContentField(c *Content, field string) (*vault.Secret, bool) {
	switch field {
	case "what":
		return &c.What, true
	case "place":
		return &c.Place, true
	case "accused_name":
		return &c.AccusedName, true
	case "accused_office":
		return &c.AccusedOffice, true
	case "accused_position":
		return &c.AccusedPosition, true
	case "witnesses":
		return &c.Witnesses, true
	case "channel_ref":
		return &c.ChannelRef, true
	}
	return nil, false
}

// CheckSpan refuses a span that is empty or outside text.
func CheckSpan(text string, s Span) error {
	n := utf8.RuneCountInString(text)
	switch {
	case s.Start < 0 || s.End > n || s.Start > n:
		return apperr.InvalidField("words", "redaction.span.outside", nil)
	case s.End <= s.Start:
		return apperr.InvalidField("words", "redaction.span.empty", nil)
	}
	return nil
}

// FindSpan returns the span of the n-th (from 1) occurrence of words in
// text: the desk types the exact words to mask, which needs no script in
// the browser. Words are matched exactly, case included, after trimming
// the spaces around them.
func FindSpan(text, words string, n int) (Span, error) {
	words = strings.TrimSpace(words)
	if words == "" {
		return Span{}, apperr.InvalidField("words", "redaction.words.required", nil)
	}
	if n < 1 {
		return Span{}, apperr.InvalidField("occurrence", "redaction.occurrence.invalid", nil)
	}
	if !utf8.ValidString(words) || !utf8.ValidString(text) {
		// Stored texts are checked UTF-8; bytes that are not letters
		// cannot be words of them.
		return Span{}, apperr.InvalidField("words", "redaction.words.not_found", nil)
	}
	from := 0 // bytes
	for i := 1; ; i++ {
		k := strings.Index(text[from:], words)
		if k < 0 {
			if i == 1 {
				return Span{}, apperr.InvalidField("words", "redaction.words.not_found", nil)
			}
			return Span{}, apperr.InvalidField("occurrence", "redaction.occurrence.missing", map[string]any{"Count": i - 1})
		}
		at := from + k
		if i == n {
			start := utf8.RuneCountInString(text[:at])
			return Span{start, start + utf8.RuneCountInString(words)}, nil
		}
		from = at + len(words)
	}
}

// FindAll returns the spans of every occurrence of words in text, in
// order and not overlapping.
func FindAll(text, words string) ([]Span, error) {
	var out []Span
	for n := 1; ; n++ {
		s, err := FindSpan(text, words, n)
		if err != nil {
			if n > 1 {
				return out, nil
			}
			return nil, err
		}
		out = append(out, s)
	}
}

// Rewrite returns text with span replaced by Mask, for a permanent
// redaction; span must have passed CheckSpan.
func Rewrite(text string, s Span) string {
	r := []rune(text)
	return string(r[:s.Start]) + Mask + string(r[s.End:])
}

// MaskedSpan is where the mask of a permanent redaction of s lies in the
// rewritten text.
func MaskedSpan(s Span) Span { return Span{s.Start, s.Start + maskLen} }

// AfterRewrite moves a temporary redaction's span to where its words are
// once p has been rewritten to Mask. A span inside p disappears (ok
// false): its words are gone. A span overlapping p keeps only its part
// outside p; one covering p on both sides keeps both ends and the mask
// between. A span after p moves by the change of length.
func AfterRewrite(t, p Span) (Span, bool) {
	delta := maskLen - (p.End - p.Start)
	switch {
	case t.End <= p.Start:
		return t, true
	case t.Start >= p.End:
		return Span{t.Start + delta, t.End + delta}, true
	case t.Start >= p.Start && t.End <= p.End:
		return Span{}, false
	case t.Start < p.Start && t.End <= p.End:
		return Span{t.Start, p.Start}, true
	case t.Start >= p.Start: // starts inside, ends after
		return Span{p.Start + maskLen, t.End + delta}, true
	default: // covers p
		return Span{t.Start, t.End + delta}, true
	}
}

// Segment is a piece of a text as shown: clear, or redacted. For a viewer
// who may not see through, a redacted segment has no Text at all; the
// mask of a permanent redaction has none for anyone (its words are gone).
type Segment struct {
	Text     string
	Redacted bool
}

// Segments cuts text at the spans of temporary redactions and at the
// masks permanent ones left. When see is false the temporarily redacted
// pieces lose their text, so that it never reaches a page; touching masks
// become one, so their number is not told either. Spans outside the text
// are clipped; an empty text has no segments.
func Segments(text string, spans, masks []Span, see bool) []Segment {
	r := []rune(text)
	if len(r) == 0 {
		return nil
	}
	type cut struct {
		Span
		gone bool
	}
	cuts := make([]cut, 0, len(spans)+len(masks))
	for _, s := range spans {
		cuts = append(cuts, cut{s, false})
	}
	for _, s := range masks {
		cuts = append(cuts, cut{s, true})
	}
	slices.SortFunc(cuts, func(a, b cut) int { return a.Start - b.Start })
	var out []Segment
	at := 0
	for _, c := range cuts {
		s := c.Span
		s.Start, s.End = max(s.Start, at), min(s.End, len(r))
		if s.End <= s.Start {
			continue
		}
		if s.Start > at {
			out = append(out, Segment{Text: string(r[at:s.Start])})
		}
		seg := Segment{Redacted: true}
		if see && !c.gone {
			seg.Text = string(r[s.Start:s.End])
		}
		if n := len(out); n > 0 && out[n-1].Redacted && out[n-1].Text == "" && seg.Text == "" && at == s.Start {
			// one mask
		} else if n > 0 && out[n-1].Redacted && out[n-1].Text != "" && seg.Text != "" && at == s.Start {
			out[n-1].Text += seg.Text
		} else {
			out = append(out, seg)
		}
		at = s.End
	}
	if at < len(r) {
		out = append(out, Segment{Text: string(r[at:])})
	}
	return out
}
