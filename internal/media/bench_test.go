package media

import (
	"regexp"
	"strings"
	"testing"

	"sigap/internal/refdata"
)

// BenchmarkExtract reads a 5 KB article (three golden articles, with
// their boilerplate) with the index built once.
func BenchmarkExtract(b *testing.B) {
	x := testIndex(b)
	text := benchArticle(b)
	opt := Options{Region: "36.04", Tenants: []string{"36.04", "36.73"}}
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		if _, err := x.Extract(text, opt); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCeilingLowerFields is the floor of any reading of the text:
// lower-casing it and cutting it into words, with nothing else.
func BenchmarkCeilingLowerFields(b *testing.B) {
	text := benchArticle(b)
	b.SetBytes(int64(len(text)))
	n := 0
	for b.Loop() {
		n += len(strings.Fields(strings.ToLower(text)))
	}
	_ = n
}

var wordRE = regexp.MustCompile(`\p{L}+`)

// BenchmarkCeilingRegexpScan is one regular-expression pass over the text
// that finds every word.
func BenchmarkCeilingRegexpScan(b *testing.B) {
	text := benchArticle(b)
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		_ = wordRE.FindAllStringIndex(text, -1)
	}
}

// BenchmarkNewIndex builds the index of the national table, which a
// process does once.
func BenchmarkNewIndex(b *testing.B) {
	regions, err := refdata.ParseRegions(refdata.NationalRegions())
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		_ = NewIndex(regions)
	}
}

// BenchmarkParseAndIndex is the first use in a process: parsing the
// embedded table and building the index.
func BenchmarkParseAndIndex(b *testing.B) {
	for b.Loop() {
		regions, err := refdata.ParseRegions(refdata.NationalRegions())
		if err != nil {
			b.Fatal(err)
		}
		_ = NewIndex(regions)
	}
}
