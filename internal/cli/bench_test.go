package cli

import (
	"strings"
	"testing"
)

// TestBenchRefusesBadInput checks that the harness says what is wrong
// before it builds anything: no database, an unknown scenario, a scale out
// of range.
func TestBenchRefusesBadInput(t *testing.T) {
	dir := t.TempDir()
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"bench", "national"}, "--database"},
		{[]string{"bench", "national", "--database", dir, "--only", "rollup,nope"}, `no scenario "nope"`},
		{[]string{"bench", "national", "--database", dir, "--scale", "0"}, "scale"},
	} {
		code, _, stderr := run(t, nil, "", c.args...)
		if code == 0 || !strings.Contains(stderr, c.want) {
			t.Errorf("%v: code %d, stderr %q, want %q", c.args, code, stderr, c.want)
		}
	}
}
