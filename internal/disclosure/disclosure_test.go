package disclosure

import (
	"math/rand/v2"
	"testing"
)

// feasible returns, for each hidden count, the values it can take given
// what the column shows: the shown counts, the total unless hidden, and
// the bounds of each mark.
// totalShown says whether the reader sees the total. It enumerates every assignment, so it is the
// reader at their most thorough.
func feasible(counts []int, c Column, least int, totalShown bool) map[int]map[int]bool {
	total := 0
	for _, n := range counts {
		total += n
	}
	var hidden []int
	for i := range counts {
		if c.Hidden(i) {
			hidden = append(hidden, i)
		}
	}
	out := map[int]map[int]bool{}
	for _, i := range hidden {
		out[i] = map[int]bool{}
	}
	// A protected count cannot exceed the total; without a total, any
	// value up to a bound well above the data will do.
	limit := total
	if !totalShown {
		limit = total + 3*least
	}
	vals := make([]int, len(counts))
	copy(vals, counts)
	var walk func(k int)
	walk = func(k int) {
		if k == len(hidden) {
			sum := 0
			for _, v := range vals {
				sum += v
			}
			if totalShown && sum != total {
				return
			}
			for _, i := range hidden {
				out[i][vals[i]] = true
			}
			return
		}
		i := hidden[k]
		lo, hi := bounds(c.Marks[i], least)
		for v := lo; v <= min(hi, limit); v++ {
			vals[i] = v
			walk(k + 1)
		}
		vals[i] = counts[i]
	}
	walk(0)
	return out
}

// For any data, no hidden count can be worked out from what is shown.
func TestNoHiddenCountCanBeRecomputed(t *testing.T) {
	rng := rand.New(rand.NewPCG(8, 94))
	for trial := range 20000 {
		least := MinLeast + rng.IntN(4)
		counts := make([]int, 1+rng.IntN(5))
		for i := range counts {
			switch rng.IntN(3) {
			case 0:
				counts[i] = rng.IntN(least) // zero or small
			default:
				counts[i] = rng.IntN(12)
			}
		}
		withTotal := rng.IntN(4) > 0
		c := Suppress(counts, least, withTotal)
		if !withTotal && c.TotalHidden {
			t.Fatalf("trial %d: total hidden without one", trial)
		}
		for i, n := range counts {
			small := n > 0 && n < least
			if small && c.Marks[i] != Small || !small && c.Marks[i] == Small {
				t.Fatalf("trial %d: %v least %d: count %d marked %d", trial, counts, least, n, c.Marks[i])
			}
			if n == 0 && c.Hidden(i) {
				t.Fatalf("trial %d: %v: a zero hidden", trial, counts)
			}
		}
		seen := feasible(counts, c, least, withTotal && !c.TotalHidden)
		for i, vs := range seen {
			if !vs[counts[i]] {
				t.Fatalf("trial %d: %v least %d marks %v: the true value of %d is ruled out", trial, counts, least, c.Marks, i)
			}
			if len(vs) < 2 {
				t.Fatalf("trial %d: %v least %d marks %v total hidden %v: count %d is pinned to %v", trial, counts, least, c.Marks, c.TotalHidden, i, vs)
			}
		}
	}
}

func TestSuppressExamples(t *testing.T) {
	for _, tc := range []struct {
		counts    []int
		total     bool
		marks     []Mark
		totalGone bool
	}{
		{[]int{0, 5, 7}, true, []Mark{Shown, Shown, Shown}, false},
		{[]int{2, 5, 7}, false, []Mark{Small, Shown, Shown}, false},
		// 2 alone would be 14-5-7: the 5 goes too.
		{[]int{2, 5, 7}, true, []Mark{Small, Protected, Shown}, false},
		// Two ones hidden would both be pinned at 1 by their sum of 2.
		{[]int{1, 1, 9, 4}, true, []Mark{Small, Small, Shown, Protected}, false},
		// Nothing left to hide with: the total goes.
		{[]int{1, 0}, true, []Mark{Small, Shown}, true},
	} {
		c := Suppress(tc.counts, 3, tc.total)
		for i := range tc.marks {
			if c.Marks[i] != tc.marks[i] {
				t.Errorf("%v: marks %v, want %v", tc.counts, c.Marks, tc.marks)
				break
			}
		}
		if c.TotalHidden != tc.totalGone {
			t.Errorf("%v: total hidden %v, want %v", tc.counts, c.TotalHidden, tc.totalGone)
		}
	}
	if c := Suppress([]int{1, 2}, 2, true); c.Hidden(0) || c.Hidden(1) || c.TotalHidden {
		t.Errorf("least 2 hid something: %+v", c)
	}
}
