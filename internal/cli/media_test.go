package cli

import (
	"encoding/json"
	"strings"
	"testing"

	"sigap/internal/media"
)

// sigap media extract reads a file or standard input into JSON, offline,
// and says plainly when it refuses or finds nothing.
func TestMediaExtract(t *testing.T) {
	code, out, stderr := run(t, nil, "", "media", "extract", "--tenants", "36.04,36.73", "../media/testdata/02-kota-serang-selingkuh.txt")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var r media.Result
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	if r.Government == nil || r.Government.Code != "36.73" || r.Government.Tenant != "36.73" || r.Category == nil || r.Category.Code != media.Infidelity {
		t.Errorf("proposal: %+v %+v", r.Government, r.Category)
	}
	if strings.Contains(r.Text, "Pemkab Serang Gelar Apel") {
		t.Error("a 'Baca Juga' line in the text")
	}
	for _, sp := range r.Government.Spans {
		if r.Text[sp.Start:sp.End] != sp.Text {
			t.Errorf("span %+v does not hold its words", sp)
		}
	}

	// Standard input, in English: nothing guessed, and said.
	code, out, stderr = run(t, nil, "The official was suspended on Monday after complaints from the staff of the office.", "media", "extract")
	if code != 0 || !strings.Contains(out, `"nothing_found": true`) || !strings.Contains(stderr, "does not read as Indonesian") {
		t.Errorf("English: %d %s %s", code, out, stderr)
	}
	// Too large: refused with a message, nothing printed.
	code, out, stderr = run(t, nil, strings.Repeat("kata ", media.MaxInput/5+10), "media", "extract", "-")
	if code == 0 || out != "" || !strings.Contains(stderr, "larger than 1024 KB") {
		t.Errorf("too large: %d %q %s", code, out[:min(len(out), 80)], stderr)
	}
	if code, _, stderr = run(t, nil, "", "media", "extract", "no-such-file.txt"); code == 0 || !strings.Contains(stderr, "no-such-file.txt") {
		t.Errorf("missing file: %d %s", code, stderr)
	}
}
