package discipline

import "sigap/internal/roster"

// Post is what the rules need to know about one position held by one
// employee.
type Post struct {
	// EmployeeID is the holder; 0 marks a vacant post. A vacant post in a
	// chain keeps its place, so that distances stay those of the structure
	// (SOTK), and its powers pass to the next superior up (Ps 25).
	EmployeeID int64
	// Status is the employee's status. It decides whether the table governs
	// the subject at all (Table.Covers); on a superior in a chain it is not
	// read. An empty status is not taken to mean PNS.
	Status roster.Status
	Kind   roster.PositionKind
	Level  string // functional level when Kind is fungsional
	UnitID int64
}

// Authority says who may impose one sanction on the subject.
type Authority struct {
	Sanction Sanction
	// By is PPK, Official, Beyond (nobody in the region: Rule and Article
	// name who, e.g. the President for B3 on an Ahli Utama), or NotCovered
	// (the table does not govern the subject; Rule and Article then name
	// the regime that does, or are empty when the post is not one the
	// table can place).
	By Holder
	// Official is the superior who holds the power, when By == Official;
	// it is always chain[Distance-1].
	Official Post
	// Distance is the number of levels between Official and the subject
	// (1 = direct superior); 0 unless By == Official.
	Distance int
	// Vacancy is the distance of the vacant post whose power the holder
	// exercises under Ps 25, or 0 when the holder acts under its own rule.
	Vacancy int
	Rule    string // id of the rule that grants the power
	Article string // the rule's article, "jo. PP 94/2021 Ps 25" for a vacancy
}

// Authorities returns one Authority per sanction, in the order of Sanctions.
// chain holds the subject's superiors, nearest first (chain[0] is the direct
// superior); the PPK (Bupati/Wali Kota) is above the last one and is not in
// it. within(unit, ancestor) reports whether unit is ancestor or lies inside
// it (for "functional officials in its unit"); a nil within disables those
// rules.
//
// For each sanction the competent official is the nearest superior whose
// enabled rule grants that sanction on this subject at that distance, PP 94
// counting "levels below" along the chain of direct superiors. Where no one
// in the chain has it, the PPK or the holder beyond the region that a named
// rule designates has it; failing that, the PPK under Ps 25. Consequences
// worth knowing:
//
//   - Ps 21–23 speak of PNS "di lingkungannya": the chain passed in is
//     taken as that lingkungan. With the Sekda in the chain above a Kepala
//     Dinas, the Sekda is two levels above the Dinas's Kepala Bidang and
//     holds sedang on him; a caller that reads the lingkungan as the OPD
//     ends the chain at the OPD's head, leaving it to the PPK (Ps 18(3)c).
//   - A JPT Pratama (Kepala Dinas, Asisten, Sekda) is always for the PPK
//     (Ps 18(3)a), even with another JPT Pratama (the Sekda) as his roster
//     superior: the officials' rules exclude JPT Pratama subjects, who are
//     no "level below" any official of the region. Likewise an Ahli Utama
//     (Ps 18(3)b).
//   - Berat is never an official's: B3 on a Kabupaten/Kota PNS is always
//     the PPK's, except on an Ahli Utama, where it is the President's
//     (Ps 17(2)b) on the PPK's proposal, so By == Beyond.
//   - A designated functional Ahli Madya or Ahli Muda (Ps 22(2), 23(2)) acts
//     only as someone's direct superior: being named direct superior in the
//     roster is taken as the PPK's designation, since the roster records no
//     decree and a unit with an administrator or pengawas would have put
//     him, not the functional official, above the subject.
//   - A vacancy (Ps 25) falls out of walking up the chain. If the roster
//     simply skips the vacant post, the next superior stands one level
//     closer and acts under his own rules. If the chain keeps the vacant
//     post (EmployeeID 0), its powers pass to the next filled post above
//     it, or to the PPK at the top, with Vacancy set. That holds for a
//     vacant designated post too: Ps 25 speaks of there being no PyBM,
//     whatever the reason.
//   - A direct superior who is no PyBM at all (a pelaksana coordinator, an
//     Ahli Pertama) does not shift the counting: he is one level, and a
//     ringan sanction nobody above holds at its distance ends with the PPK
//     under Ps 25 (rule ppk-vacancy) rather than with a guessed official.
//   - A subject whose status the table does not cover (a PPPK under the
//     default table, PP 49/2018 Ps 52) gets NotCovered for every sanction,
//     citing the regime that governs him. A subject with no or an unknown
//     status, an unknown kind, or a functional post without a known level
//     gets NotCovered with no rule: the table cannot place him, and
//     guessing (say, PNS) could hand a sanction to the wrong official.
//
// Authorities allocates only the returned slice.
func (t *Table) Authorities(subject Post, chain []Post, within func(unit, ancestor int64) bool) []Authority {
	out := make([]Authority, len(Sanctions))
	for i, s := range Sanctions {
		out[i].Sanction = s
	}
	sk, sl, placed := postBits(subject.Kind, subject.Level)
	if !t.Covers(subject.Status) || !placed {
		// A known status outside the scope is a matter for another regime,
		// which we cite; a missing or unknown status or post is bad input,
		// which no article answers.
		var rule, article string
		if placed && knownStatus(subject.Status) {
			rule, article = t.scope.Outside.ID, t.scope.Outside.Article
		}
		for i := range out {
			out[i].By, out[i].Rule, out[i].Article = NotCovered, rule, article
		}
		return out
	}
	functional := subject.Kind == roster.Fungsional

	left := allSanctions
	for i := 0; i < len(chain) && left != 0; i++ {
		p := &chain[i]
		d := i + 1
		pk, pl, _ := postBits(p.Kind, p.Level)
		vacant := p.EmployeeID == 0
		for j := range t.officials {
			c := &t.officials[j]
			grant := c.sanctions & left
			if grant == 0 || !c.official.match(pk, pl) || !c.subject.match(sk, sl) {
				continue
			}
			switch c.relation {
			case LevelsBelow:
				if c.distance != d {
					continue
				}
			case FunctionalInUnit:
				if !functional || within == nil || !within(subject.UnitID, p.UnitID) {
					continue
				}
			}
			a := Authority{By: Official, Official: *p, Distance: d, Rule: c.id, Article: c.article}
			if vacant {
				a = Authority{By: PPK, Vacancy: d, Rule: c.id, Article: c.vacancyArticle}
				for k := i + 1; k < len(chain); k++ {
					if chain[k].EmployeeID != 0 {
						a.By, a.Official, a.Distance = Official, chain[k], k+1
						break
					}
				}
			}
			left = assign(out, grant, left, a)
		}
	}
	for _, list := range [2][]compiled{t.named, t.residual} {
		for j := range list {
			c := &list[j]
			if grant := c.sanctions & left; grant != 0 && c.subject.match(sk, sl) {
				left = assign(out, grant, left, Authority{By: c.holder, Rule: c.id, Article: c.article})
			}
		}
	}
	// A validated table covers every subject it can place (checkCoverage),
	// so nothing is left here; should a gap appear all the same, it shows
	// as NotCovered with no rule rather than as a guess.
	for i := range out {
		if left&(1<<i) != 0 {
			out[i].By = NotCovered
		}
	}
	return out
}

// knownStatus reports whether st is one of the statuses of roster.
func knownStatus(st roster.Status) bool {
	return st == roster.PNS || st == roster.CPNS || st == roster.PPPK
}

// assign gives a to every sanction in grant and returns what is left.
func assign(out []Authority, grant, left sanctionSet, a Authority) sanctionSet {
	for i := range out {
		if grant&(1<<i) != 0 {
			s := out[i].Sanction
			out[i] = a
			out[i].Sanction = s
		}
	}
	return left &^ grant
}
