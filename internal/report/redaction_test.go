package report

import (
	"strings"
	"testing"

	"sigap/internal/apperr"
)

func TestFindSpan(t *testing.T) {
	text := "Bu Ani dari Dinas Ani, telepon 0812; Ani lagi"
	cases := []struct {
		words string
		n     int
		want  Span
		key   string
	}{
		{"Ani", 1, Span{3, 6}, ""},
		{"Ani", 2, Span{18, 21}, ""},
		{" Ani ", 3, Span{37, 40}, ""},
		{"Ani", 4, Span{}, "redaction.occurrence.missing"},
		{"ani", 1, Span{}, "redaction.words.not_found"},
		{"  ", 1, Span{}, "redaction.words.required"},
		{"Ani", 0, Span{}, "redaction.occurrence.invalid"},
	}
	for _, c := range cases {
		got, err := FindSpan(text, c.words, c.n)
		if c.key == "" && (err != nil || got != c.want) || c.key != "" && (err == nil || apperr.As(err).Key != c.key) {
			t.Errorf("FindSpan(%q, %d) = %v, %v; want %v %s", c.words, c.n, got, err, c.want, c.key)
		}
	}
	// Offsets count letters, not bytes.
	got, err := FindSpan("Ibu Ñoño é Ñoño", "Ñoño", 2)
	if err != nil || got != (Span{11, 15}) || string([]rune("Ibu Ñoño é Ñoño")[got.Start:got.End]) != "Ñoño" {
		t.Errorf("runes: %v %v", got, err)
	}
}

func TestCheckSpan(t *testing.T) {
	for _, s := range []Span{{-1, 2}, {0, 0}, {3, 2}, {0, 6}, {6, 7}} {
		if CheckSpan("abcde", s) == nil {
			t.Errorf("%v accepted", s)
		}
	}
	if err := CheckSpan("abcde", Span{0, 5}); err != nil {
		t.Error(err)
	}
}

func TestRewriteAndAfterRewrite(t *testing.T) {
	text := "0123456789abcdefghij"
	p := Span{5, 12} // "56789ab" → mask of 5: the text shrinks by 2
	got := Rewrite(text, p)
	if got != "01234"+Mask+"cdefghij" {
		t.Fatalf("rewrite %q", got)
	}
	cases := []struct {
		t    Span
		want Span
		ok   bool
	}{
		{Span{0, 3}, Span{0, 3}, true},     // before
		{Span{0, 5}, Span{0, 5}, true},     // touching before
		{Span{14, 16}, Span{12, 14}, true}, // after
		{Span{12, 13}, Span{10, 11}, true}, // touching after
		{Span{6, 9}, Span{}, false},        // inside
		{Span{5, 12}, Span{}, false},       // the same
		{Span{2, 8}, Span{2, 5}, true},     // over the start
		{Span{8, 15}, Span{10, 13}, true},  // over the end
		{Span{1, 15}, Span{1, 13}, true},   // around
	}
	for _, c := range cases {
		moved, ok := AfterRewrite(c.t, p)
		if ok != c.ok || ok && moved != c.want {
			t.Errorf("AfterRewrite(%v) = %v %v, want %v %v", c.t, moved, ok, c.want, c.ok)
		}
		// What a kept span covers is still what it covered outside p.
		if ok && c.t.End <= p.Start || ok && c.t.Start >= p.End {
			if string([]rune(text)[c.t.Start:c.t.End]) != string([]rune(got)[moved.Start:moved.End]) {
				t.Errorf("%v moved to %v covers other words", c.t, moved)
			}
		}
	}
}

func TestSegments(t *testing.T) {
	text := "Pak Budi di 0812 hari ini"
	spans := []Span{{12, 16}, {4, 8}}
	hidden := Segments(text, spans, nil, false)
	var b strings.Builder
	for _, s := range hidden {
		if s.Redacted {
			if s.Text != "" {
				t.Fatalf("masked text reached the segments: %q", s.Text)
			}
			b.WriteString("#")
		} else {
			b.WriteString(s.Text)
		}
	}
	if b.String() != "Pak # di # hari ini" {
		t.Errorf("hidden %q", b.String())
	}
	seen := Segments(text, spans, nil, true)
	if len(seen) != 5 || seen[1].Text != "Budi" || !seen[1].Redacted || seen[3].Text != "0812" {
		t.Errorf("seen %+v", seen)
	}
	// Touching spans make one mask; spans past the end are clipped.
	if got := Segments("abcdef", []Span{{1, 3}, {3, 4}, {5, 99}}, nil, false); len(got) != 4 || !got[1].Redacted || got[2].Text != "e" || !got[3].Redacted {
		t.Errorf("touching %+v", got)
	}
	// A permanent mask is a mask for everyone, also beside a temporary
	// span the viewer sees through.
	masked := "ab" + Mask + "cd"
	got := Segments(masked, []Span{{7, 9}}, []Span{{2, 7}}, true)
	if len(got) != 3 || got[0].Text != "ab" || !got[1].Redacted || got[1].Text != "" || got[2].Text != "cd" || !got[2].Redacted {
		t.Errorf("mask beside a seen span %+v", got)
	}
	if got := Segments(masked, []Span{{7, 9}}, []Span{{2, 7}}, false); len(got) != 2 || got[1].Text != "" {
		t.Errorf("mask beside a hidden span %+v", got)
	}
	if Segments("", []Span{{0, 1}}, nil, true) != nil {
		t.Error("an empty text has segments")
	}
}

// Whatever the desk types, FindSpan does not panic, and a span it finds
// covers exactly the words typed, inside the text.
func FuzzFindSpan(f *testing.F) {
	f.Add("Bu Ani dari Dinas Ani", "Ani", 2)
	f.Add("Ñoño é Ñoño", "ño", 3)
	f.Add("", "", 0)
	f.Fuzz(func(t *testing.T, text, words string, n int) {
		s, err := FindSpan(text, words, n)
		if err != nil {
			return
		}
		if CheckSpan(text, s) != nil {
			t.Fatalf("span %v outside %q", s, text)
		}
		if got := string([]rune(text)[s.Start:s.End]); got != strings.TrimSpace(words) {
			t.Fatalf("span %v covers %q, not %q", s, got, words)
		}
		_ = Segments(text, []Span{s}, nil, false)
	})
}
