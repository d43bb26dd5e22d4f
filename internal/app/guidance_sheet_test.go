package app

import (
	"strings"
	"testing"

	"sigap/internal/apperr"
)

// A sheet of unreadable lines is bounded like any other: each line once
// gave a problem however many there were, and the page listed them all
// (two megabytes of bare quotes made half a million list items).
func TestReadSheetBounded(t *testing.T) {
	data := "nip\n" + strings.Repeat("a\"b\n", MaxSheetRows+10)
	marks, problems, err := readSheet([]byte(data), map[string]int64{})
	if e := apperr.As(err); err == nil || e.Key != "guidance.sheet.too_long" || marks != nil || problems != nil {
		t.Fatalf("%d problems, %v", len(problems), err)
	}
	// Within the bound every bad line is still named.
	data = "nip\n" + strings.Repeat("a\"b\n", 3)
	if _, problems, err := readSheet([]byte(data), map[string]int64{}); err != nil || len(problems) != 3 || problems[2].Line != 4 {
		t.Fatalf("%+v %v", problems, err)
	}
}
