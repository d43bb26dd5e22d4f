package letters

import (
	"strings"
	"testing"

	"sigap/internal/apperr"
)

// FuzzBlockCheck feeds a government's own wording of a letter block (the
// letter texts settings page): a refusal is an input error on the body; an
// accepted wording fills every placeholder, leaving no brace in the letter.
func FuzzBlockCheck(f *testing.F) {
	blocks := Blocks()
	if len(blocks) == 0 {
		f.Skip("no blocks registered")
	}
	for i, b := range blocks {
		f.Add(i, b.Default)
	}
	f.Add(0, "Kepada {nama} {")
	f.Add(0, "}{")
	f.Add(0, "{tidak_ada}")
	f.Add(0, "teks\x00")
	f.Add(0, "")
	f.Fuzz(func(t *testing.T, i int, text string) {
		b := blocks[(i%len(blocks)+len(blocks))%len(blocks)]
		if err := b.Check(text); err != nil {
			if e := apperr.As(err); e.Code != apperr.Invalid || e.Field != "body" {
				t.Fatalf("%q: %v", text, err)
			}
			return
		}
		vars := map[string]string{}
		for _, p := range b.Placeholders {
			vars[p] = "nilai"
		}
		out := Texts{b.Key: text}.fill(b.Key, vars)
		if strings.ContainsAny(out, "{}") || strings.TrimSpace(out) == "" {
			t.Fatalf("block %s: %q filled as %q", b.Key, text, out)
		}
	})
}
