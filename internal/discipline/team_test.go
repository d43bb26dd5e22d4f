package discipline

import (
	"testing"

	"sigap/internal/apperr"
)

// The seats of a formed team, for the tests.
var fullTeam = []Member{{10, SeatSuperior}, {20, SeatOversight}, {30, SeatPersonnel}}

func TestTeamNeedAndRequirement(t *testing.T) {
	for _, tc := range []struct {
		name   string
		level  Level
		team   []Member
		people People
		need   TeamNeed
		err    string // the key of the refusal to examine; "" when allowed
	}{
		{"Ps 27: ringan is examined by the direct superior alone", Ringan, nil, People{}, TeamNotUsed, ""},
		{"no charge assessed yet: nothing asked", "", nil, People{}, TeamNotUsed, ""},
		{"Ps 29(1): sedang may be examined without a team", Sedang, nil, People{}, TeamOptional, ""},
		{"Ps 29(1): sedang may be examined by a team", Sedang, fullTeam, People{}, TeamOptional, ""},
		{"Ps 29(2): berat without a team is refused", Berat, nil, People{}, TeamRequired, "case.team.required"},
		{"Ps 29(2) and 29(3): berat with a team missing its personnel element is refused", Berat, fullTeam[:2], People{}, TeamRequired, "case.team.required"},
		{"Ps 29(2) and 29(3): berat with other members only is refused", Berat, []Member{{1, SeatOther}, {2, SeatOther}, {3, SeatOther}}, People{}, TeamRequired, "case.team.required"},
		{"Ps 29(2): berat with a formed team is examined", Berat, fullTeam, People{}, TeamRequired, ""},
		{"Ps 29(4): other members beside a formed team", Berat, append([]Member{{40, SeatOther}}, fullTeam...), People{}, TeamRequired, ""},
		// Nobody the rules bar examines, whenever they were seated.
		{"a member since recorded as a reporter does not count", Berat, fullTeam,
			People{Accused: 1, Parties: []Party{{ID: 100, Role: Reporter, EmployeeID: 20}}}, TeamRequired, "case.team.barred.reporter"},
		{"a member since recorded as a witness does not count", Berat, fullTeam,
			People{Accused: 1, Parties: []Party{{ID: 100, Role: Witness, EmployeeID: 30}}}, TeamRequired, "case.team.barred.witness"},
		{"a member since declared the accused's spouse does not count", Berat, fullTeam,
			People{Accused: 1, Ties: []Tie{{EmployeeID: 10, Kind: "spouse"}}}, TeamRequired, "case.team.barred.relation.accused"},
		{"a member related to someone involved does not count", Berat, fullTeam,
			People{Accused: 1, Parties: []Party{{ID: 100, Role: Involved, EmployeeID: 7}}, Ties: []Tie{{EmployeeID: 30, Kind: "blood", PartyID: 100}}},
			TeamRequired, "case.team.barred.relation.involved"},
		{"a barred other member, beside a formed team, would examine too", Berat, append([]Member{{40, SeatOther}}, fullTeam...),
			People{Accused: 1, Parties: []Party{{ID: 100, Role: Victim, EmployeeID: 40}}}, TeamRequired, "case.team.barred.victim"},
		{"Ps 29(1): a sedang case's team with a barred member does not examine", Sedang, fullTeam,
			People{Accused: 1, Parties: []Party{{ID: 100, Role: Involved, EmployeeID: 10}}}, TeamOptional, "case.team.barred.involved"},
		{"Ps 27: a ringan case is the superior's, whoever was seated", Ringan, fullTeam,
			People{Accused: 1, Parties: []Party{{ID: 100, Role: Reporter, EmployeeID: 20}}}, TeamNotUsed, ""},
		{"a relation to a witness bars nobody", Berat, fullTeam,
			People{Accused: 1, Parties: []Party{{ID: 100, Role: Witness, EmployeeID: 7}}, Ties: []Tie{{EmployeeID: 30, Kind: "blood", PartyID: 100}}},
			TeamRequired, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := NeedTeam(tc.level); got != tc.need {
				t.Errorf("need %s, want %s", got, tc.need)
			}
			err := RequireTeam(tc.level, tc.team, tc.people)
			if tc.err == "" && err != nil || tc.err != "" && (apperr.As(err).Key != tc.err || !apperr.Is(err, apperr.Conflict)) {
				t.Errorf("RequireTeam: %v, want %q", err, tc.err)
			}
		})
	}
}

func TestTeamAppointment(t *testing.T) {
	// The accused is 1; his chain is 10 (direct superior), 11, 12.
	chain := []int64{10, 11, 12}
	base := People{Accused: 1, Parties: []Party{{ID: 100, Role: Reporter, EmployeeID: 50}, {ID: 101, Role: Victim}}}
	withParty := func(r Role, emp int64) People {
		p := base
		p.Parties = append(append([]Party{}, base.Parties...), Party{ID: 200, Role: r, EmployeeID: emp})
		return p
	}
	withTie := func(emp int64, kind string, party int64) People {
		p := base
		p.Ties = []Tie{{EmployeeID: emp, Kind: kind, PartyID: party}}
		return p
	}
	for _, tc := range []struct {
		name   string
		people People
		team   []Member
		m      Member
		seated int    // index of the seated superior in chain
		err    string // key of the refusal; "" when allowed
	}{
		{"Ps 29(3): the direct superior sits", base, nil, Member{10, SeatSuperior}, 0, ""},
		{"Ps 29(3): a higher superior does not take the seat of an uninvolved direct superior", base, nil, Member{11, SeatSuperior}, 0, "case.team.superior.not_seated"},
		{"Ps 29(6): the direct superior involved in the violation leaves the seat", withParty(Involved, 10), nil, Member{10, SeatSuperior}, 1, "case.team.conflict.involved"},
		{"Ps 29(6): the next higher superior sits instead", withParty(Involved, 10), nil, Member{11, SeatSuperior}, 1, ""},
		{"Ps 29(6): a direct superior who reported the case is replaced", withParty(Reporter, 10), nil, Member{11, SeatSuperior}, 1, ""},
		{"Ps 29(6): a direct superior who is the accused's spouse is replaced", withTie(10, "spouse", 0), nil, Member{11, SeatSuperior}, 1, ""},
		{"Ps 29(6): up the chain past two involved superiors", People{Accused: 1, Parties: []Party{{1, Involved, 10}, {2, Witness, 11}}}, nil, Member{12, SeatSuperior}, 2, ""},
		{"Ps 29(3): the oversight element", base, []Member{{10, SeatSuperior}}, Member{20, SeatOversight}, 0, ""},
		{"Ps 29(3): one oversight element", base, []Member{{20, SeatOversight}}, Member{21, SeatOversight}, 0, "case.team.seat_taken"},
		{"Ps 29(4): several other members", base, []Member{{40, SeatOther}}, Member{41, SeatOther}, 0, ""},
		{"nobody twice", base, []Member{{20, SeatOversight}}, Member{20, SeatPersonnel}, 0, "case.team.already"},
		{"no such seat", base, nil, Member{20, "chair"}, 0, "case.team.seat"},
		{"conflict: the accused", base, nil, Member{1, SeatOversight}, 0, "case.team.conflict.accused"},
		{"conflict: a reporter", base, nil, Member{50, SeatPersonnel}, 0, "case.team.conflict.reporter"},
		{"conflict: a victim", withParty(Victim, 60), nil, Member{60, SeatOther}, 0, "case.team.conflict.victim"},
		{"conflict: blood relation of the accused", withTie(20, "blood", 0), nil, Member{20, SeatOversight}, 0, "case.team.conflict.relation.accused"},
		{"conflict: in-law of a reporter", withTie(30, "marriage", 100), nil, Member{30, SeatPersonnel}, 0, "case.team.conflict.relation.reporter"},
		{"conflict: other relation to a victim outside the roster", withTie(30, "other", 101), nil, Member{30, SeatPersonnel}, 0, "case.team.conflict.relation.victim"},
		{"a witness does not examine", withParty(Witness, 70), nil, Member{70, SeatOther}, 0, "case.team.conflict.witness"},
		{"a relation to a witness is no conflict", withTie(30, "blood", 200), nil, Member{30, SeatPersonnel}, 0, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.name == "a relation to a witness is no conflict" {
				tc.people.Parties = append(tc.people.Parties, Party{ID: 200, Role: Witness})
			}
			if got := SeatedSuperior(chain, tc.people); got != tc.seated {
				t.Errorf("seated superior at %d, want %d", got, tc.seated)
			}
			err := tc.people.Appoint(tc.team, tc.m, chain)
			if tc.err == "" && err != nil || tc.err != "" && apperr.As(err).Key != tc.err {
				t.Errorf("Appoint: %v, want %q", err, tc.err)
			}
			if tc.err != "" && !apperr.Is(err, apperr.Invalid) {
				t.Errorf("refusal %v is not a field error", err)
			}
		})
	}
	// No superior in the roster (the head of the region is the direct
	// superior), or all of them involved: the PPK names whom he will.
	if err := base.Appoint(nil, Member{99, SeatSuperior}, nil); err != nil {
		t.Errorf("no chain: %v", err)
	}
	all := People{Accused: 1, Parties: []Party{{1, Involved, 10}}}
	if SeatedSuperior([]int64{10}, all) != -1 || all.Appoint(nil, Member{99, SeatSuperior}, []int64{10}) != nil {
		t.Error("every superior involved: the seat should be open")
	}
}

func TestConflictOf(t *testing.T) {
	p := People{Accused: 1,
		Parties: []Party{{ID: 100, Role: Reporter, EmployeeID: 2}, {ID: 101, Role: Victim, EmployeeID: 3}, {ID: 102, Role: Witness, EmployeeID: 4}, {ID: 103, Role: Victim},
			{ID: 104, Role: Involved, EmployeeID: 11}, {ID: 105, Role: Involved}},
		Ties: []Tie{{EmployeeID: 5, Kind: "spouse", PartyID: 0}, {EmployeeID: 6, Kind: "superior", PartyID: 101},
			{EmployeeID: 7, Kind: "blood", PartyID: 102}, {EmployeeID: 8, Kind: "other", PartyID: 103}, {EmployeeID: 2, Kind: "subordinate", PartyID: 0},
			{EmployeeID: 12, Kind: "subordinate", PartyID: 104}, {EmployeeID: 13, Kind: "marriage", PartyID: 105}, {EmployeeID: 11, Kind: "blood", PartyID: 101}}}
	for _, tc := range []struct {
		emp  int64
		want Conflict
		ok   bool
		key  string
	}{
		{1, Conflict{Role: Accused}, true, "case.conflict.self"},
		{2, Conflict{Role: Reporter}, true, "case.conflict.reporter"}, // own role before the relation
		{3, Conflict{Role: Victim}, true, "case.conflict.victim"},
		{4, Conflict{}, false, ""},                                     // a witness only tells what they saw
		{11, Conflict{Role: Involved}, true, "case.conflict.involved"}, // took part in the violation; own role first
		{12, Conflict{Role: Involved, Kind: "subordinate"}, true, "case.conflict.relation.involved"},
		{13, Conflict{Role: Involved, Kind: "marriage"}, true, "case.conflict.relation.involved"},
		{5, Conflict{Role: Accused, Kind: "spouse"}, true, "case.conflict.relation.accused"},
		{6, Conflict{Role: Victim, Kind: "superior"}, true, "case.conflict.relation.victim"},
		{7, Conflict{}, false, ""},
		{8, Conflict{Role: Victim, Kind: "other"}, true, "case.conflict.relation.victim"},
		{9, Conflict{}, false, ""},
		{0, Conflict{}, false, ""},
	} {
		got, ok := p.ConflictOf(tc.emp)
		if got != tc.want || ok != tc.ok || ok && got.Key("case.conflict") != tc.key {
			t.Errorf("employee %d: %+v %v (%s), want %+v %v (%s)", tc.emp, got, ok, got.Key("case.conflict"), tc.want, tc.ok, tc.key)
		}
	}
	c, _ := p.ConflictOf(5)
	if a := c.Args(); a["RelationID"] != "Suami/istri" || a["RelationEN"] != "Spouse" {
		t.Errorf("args %v", a)
	}
}

func TestRelationKinds(t *testing.T) {
	kinds := RelationKinds()
	seen := map[string]bool{}
	for _, k := range kinds {
		if k.Code == "" || k.NameID == "" || k.NameEN == "" || k.ExplainID == "" || k.ExplainEN == "" || k.Source == "" || seen[k.Code] {
			t.Errorf("incomplete or repeated kind %+v", k)
		}
		seen[k.Code] = true
	}
	for _, c := range []string{"spouse", "blood", "marriage", "superior", "subordinate", "other"} {
		if !seen[c] {
			t.Errorf("kind %s missing", c)
		}
	}
	if o, _ := RelationKindOf("other"); !o.NeedsReason {
		t.Error("another relation must give its reason")
	}
	if _, ok := RelationKindOf("friend"); ok {
		t.Error("an unknown kind was found")
	}
}
