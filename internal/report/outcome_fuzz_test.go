package report

import (
	"slices"
	"testing"
	"unicode/utf8"

	"sigap/internal/apperr"
)

// FuzzOutcomeCheck feeds the desk's outcome form: refusals name one of its
// fields; an accepted outcome is a known kind, a referral names a known
// target, a rejection gives a reason, and the note is clean text.
func FuzzOutcomeCheck(f *testing.F) {
	f.Add("referral", "police", "Diteruskan ke polres.")
	f.Add("rejection", "", "")
	f.Add("discipline_case", "ombudsman", "\x00")
	f.Add(" rejection ", "x", "Bukan wewenang pemerintah daerah.")
	f.Fuzz(func(t *testing.T, kind, to, note string) {
		o, err := OutcomeInput{Kind: kind, ReferralTo: to, Note: note}.Check()
		if err != nil {
			for _, e := range apperr.FieldsOf(err) {
				if e.Code != apperr.Invalid || !slices.Contains([]string{"kind", "note", "referral_to"}, e.Field) {
					t.Fatalf("%q %q %q: %+v", kind, to, note, e)
				}
			}
			return
		}
		n := o.Note.Reveal()
		switch {
		case !slices.Contains(OutcomeKinds, o.Kind):
			t.Fatalf("kind %q", o.Kind)
		case o.Kind == Refer && !slices.Contains(ReferralTargets, o.ReferralTo), o.Kind != Refer && o.ReferralTo != "":
			t.Fatalf("%s to %q", o.Kind, o.ReferralTo)
		case o.Kind == Reject && n == "":
			t.Fatal("a rejection without a reason")
		case !utf8.ValidString(n) || utf8.RuneCountInString(n) > MaxLongText:
			t.Fatalf("note %q", n)
		}
	})
}
