package roster

import "sort"

// LinkSuperiors checks the superior links of a whole file, after every
// row is read (a superior may come later in the file): each superior must
// be a row of the file, and following superiors must never come back to
// where it started. It returns the rows ordered so that every superior
// comes before its subordinates (reordering the slice given, not a copy),
// and the problems found.
//
// skipped holds the NIPs of rows that had problems of their own and were
// left out: naming one of them as superior is its own problem. When
// dropBad is set, rows with problems are left out and the check runs again
// until what remains is consistent (dropping a row can strand its
// subordinates); otherwise the rows are returned as they are.
func LinkSuperiors(rows []Row, skipped map[string]bool, dropBad bool) ([]Row, []Problem) {
	var all []Problem
	for {
		problems := linkProblems(rows, skipped)
		all = append(all, problems...)
		if len(problems) == 0 || !dropBad {
			break
		}
		bad := map[int]bool{}
		for _, p := range problems {
			bad[p.Line] = true
		}
		kept := rows[:0:0]
		for _, r := range rows {
			if bad[r.Line] {
				skipped = withNIP(skipped, r.NIP.String())
			} else {
				kept = append(kept, r)
			}
		}
		rows = kept
	}
	if len(all) > 0 && !dropBad {
		return rows, all
	}
	return byDepth(rows), all
}

func withNIP(m map[string]bool, n string) map[string]bool {
	out := make(map[string]bool, len(m)+1)
	for k := range m {
		out[k] = true
	}
	out[n] = true
	return out
}

func linkProblems(rows []Row, skipped map[string]bool) []Problem {
	index := make(map[string]int, len(rows))
	for i, r := range rows {
		index[r.NIP.String()] = i
	}
	var ps []Problem
	for _, r := range rows {
		if r.SuperiorNIP == "" {
			continue
		}
		if _, ok := index[r.SuperiorNIP]; !ok {
			key := "roster.superior.unknown"
			if skipped[r.SuperiorNIP] {
				key = "roster.superior.skipped"
			}
			ps = append(ps, Problem{Line: r.Line, Column: superiorColumn, Key: key, NIP: r.NIP.String(), Args: map[string]any{"Value": r.SuperiorNIP}})
		}
	}
	// Cycles: walk up from each row, colouring rows as on the current walk
	// (1) or known to reach the top (2).
	colour := make([]byte, len(rows))
	for start := range rows {
		var walk []int
		at := start
		for {
			if colour[at] == 2 {
				break
			}
			if colour[at] == 1 { // came back to a row of this walk: a cycle
				for i := len(walk) - 1; i >= 0; i-- {
					r := rows[walk[i]]
					ps = append(ps, Problem{Line: r.Line, Column: superiorColumn, Key: "roster.superior.cycle", NIP: r.NIP.String(), Args: map[string]any{"Value": r.SuperiorNIP}})
					if walk[i] == at {
						break
					}
				}
				break
			}
			colour[at] = 1
			walk = append(walk, at)
			next, ok := index[rows[at].SuperiorNIP]
			if rows[at].SuperiorNIP == "" || !ok {
				break
			}
			at = next
		}
		for _, i := range walk {
			colour[i] = 2
		}
	}
	sort.SliceStable(ps, func(i, j int) bool { return ps[i].Line < ps[j].Line })
	return ps
}

// byDepth orders rows in place so that superiors come first, keeping the
// file's order among rows at the same depth. In place, because the rows
// are the largest thing an import holds.
func byDepth(rows []Row) []Row {
	index := make(map[string]int, len(rows))
	for i, r := range rows {
		index[r.NIP.String()] = i
	}
	depth := make([]int, len(rows))
	for i := range depth {
		depth[i] = -1
	}
	var depthOf func(i int) int
	depthOf = func(i int) int {
		// The links were checked: no cycles, every superior present.
		if depth[i] < 0 {
			sup, ok := index[rows[i].SuperiorNIP]
			if rows[i].SuperiorNIP == "" || !ok {
				depth[i] = 0
			} else {
				depth[i] = depthOf(sup) + 1
			}
		}
		return depth[i]
	}
	// A counting sort: each row's place is after every shallower row and
	// after the rows of its depth that come before it in the file; then the
	// rows move to their places by following the permutation's cycles, one
	// swap each, with no copy of the rows.
	count := []int{}
	for i := range rows {
		d := depthOf(i)
		for len(count) <= d {
			count = append(count, 0)
		}
		count[d]++
	}
	next := make([]int, len(count))
	for d := 1; d < len(count); d++ {
		next[d] = next[d-1] + count[d-1]
	}
	place := depth // reused: depth is not needed once the places are known
	for i, d := range depth {
		place[i] = next[d]
		next[d]++
	}
	for i := range rows {
		for place[i] != i {
			j := place[i]
			rows[i], rows[j] = rows[j], rows[i]
			place[i], place[j] = place[j], place[i]
		}
	}
	return rows
}

// superiorColumn names the column in problems found after reading, when
// the header's own spelling is no longer at hand.
const superiorColumn = "NIP Atasan"
