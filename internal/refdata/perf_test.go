package refdata

import (
	"testing"
	"time"
)

// TestParseRegionsBudget enforces the 500 ms budget for the national file
// (BenchmarkParseRegions shows the real figure, ~45 ms). The best of three
// runs is taken to ignore a cold start; the race detector slows code down
// ~10x, so the check is skipped there and in -short mode.
func TestParseRegionsBudget(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("timing check skipped in -short and -race runs")
	}
	best := time.Hour
	for range 3 {
		start := time.Now()
		if _, err := ParseRegions(NationalRegions()); err != nil {
			t.Fatal(err)
		}
		best = min(best, time.Since(start))
	}
	if best > 500*time.Millisecond {
		t.Errorf("ParseRegions took %v, budget 500ms", best)
	}
}
