package letters

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"sigap/internal/apperr"
)

// Block is a fixed paragraph of a letter that a government may word its
// own way: its key ("decision.effect"), the letter it belongs to, its
// default wording and the placeholders its wording may use, each written
// {name} and filled in when the letter is made. A letter kind adds its
// blocks with Register.
type Block struct {
	Key          string
	Letter       string // summons, decision, ...
	Default      string
	Placeholders []string
}

// maxBlock bounds the length of a block's wording.
const maxBlock = 2000

var registry []Block

// Register adds a letter's text blocks, in the order its letter prints
// them. It is called from package initialisation; a key registered twice
// or a default using a placeholder it does not declare is a programming
// error and panics at start. The settings page names each block by the
// message keys "letters.letter.<Letter>" and "letters.block.<Key>", which
// a new block adds to both catalogues.
func Register(bs ...Block) {
	for _, b := range bs {
		if _, ok := Lookup(b.Key); ok {
			panic("letters: block registered twice: " + b.Key)
		}
		if err := b.Check(b.Default); err != nil {
			panic("letters: default of " + b.Key + ": " + err.Error())
		}
		registry = append(registry, b)
	}
}

// Blocks lists the registered blocks, by letter in registration order.
func Blocks() []Block { return slices.Clone(registry) }

// Lookup returns the block with key k.
func Lookup(k string) (Block, bool) {
	for _, b := range registry {
		if b.Key == k {
			return b, true
		}
	}
	return Block{}, false
}

// controlChar is a character a letter cannot print: any control but the
// line breaks and tabs of a paragraph.
func controlChar(r rune) bool { return r != '\n' && r != '\r' && r != '\t' && unicode.IsControl(r) }

// Check refuses a wording that is empty, too long, holds a character that
// cannot be printed, has a brace that opens no placeholder, or uses a
// placeholder the block does not offer; the error names it.
func (b Block) Check(text string) error {
	if strings.TrimSpace(text) == "" {
		return apperr.InvalidField("body", "letters.text.empty", nil)
	}
	if len(text) > maxBlock {
		return apperr.InvalidField("body", "letters.text.too_long", map[string]any{"Max": maxBlock})
	}
	if !utf8.ValidString(text) || strings.IndexFunc(text, controlChar) >= 0 {
		return apperr.InvalidField("body", "letters.text.control", nil)
	}
	for rest := text; ; {
		i := strings.IndexAny(rest, "{}")
		if i < 0 {
			return nil
		}
		if rest[i] == '}' {
			return apperr.InvalidField("body", "letters.text.brace", nil)
		}
		j := strings.IndexAny(rest[i+1:], "{}")
		if j < 0 || rest[i+1+j] == '{' {
			return apperr.InvalidField("body", "letters.text.brace", nil)
		}
		name := rest[i+1 : i+1+j]
		if !slices.Contains(b.Placeholders, name) {
			return apperr.InvalidField("body", "letters.text.unknown_placeholder", map[string]any{"Name": "{" + name + "}"})
		}
		rest = rest[i+2+j:]
	}
}

// Texts are a government's own wordings, by block key; a block it has not
// worded prints its default.
type Texts map[string]string

// fill writes block k in the government's wording, or the default, with
// its placeholders filled from vars. A wording stored before a placeholder
// was retired prints the default rather than a stray brace.
func (t Texts) fill(k string, vars map[string]string) string {
	b, ok := Lookup(k)
	if !ok {
		return ""
	}
	text := b.Default
	if own, ok := t[k]; ok && b.Check(own) == nil {
		text = own
	}
	pairs := make([]string, 0, 2*len(b.Placeholders))
	for _, p := range b.Placeholders {
		pairs = append(pairs, "{"+p+"}", vars[p])
	}
	return strings.NewReplacer(pairs...).Replace(text)
}
