package store_test

import (
	"bytes"
	"testing"

	"sigap/internal/apperr"
	"sigap/internal/calendar"
	"sigap/internal/db"
	"sigap/internal/discipline"
	"sigap/internal/identity"
	"sigap/internal/store"
	"sigap/internal/testdb"
	"sigap/internal/vault"
)

// The people of a case: parties of the roster and named in free text
// (sealed), declared relations (their reason sealed), who is who for the
// conflict rules, and the team; every change audited, nothing of another
// government reachable.
func TestCasePartiesRelationsAndTeam(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		f, _ := vaultFixture(t, d)
		importSmallRoster(t, f, 12)
		var ids []int64
		rows, err := d.R.Query(`SELECT id FROM employees WHERE tenant_id = $1 ORDER BY id`, f.kab.ID)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var id int64
			rows.Scan(&id)
			ids = append(ids, id)
		}
		rows.Close()
		if len(ids) < 9 {
			t.Fatalf("%d employees", len(ids))
		}
		ex := store.Actor{UserID: newUser(t, f, f.kab.ID, "pemeriksa", identity.Examiner).ID, TenantID: f.kab.ID}
		c, err := f.s.OpenCase(ctx, ex, f.kab.ID, ids[0])
		if err != nil {
			t.Fatal(err)
		}

		reporter, err := f.s.AddCaseParty(ctx, ex, f.kab.ID, c.PublicID, discipline.Reporter, ids[1], vault.Secret{})
		if err != nil {
			t.Fatal(err)
		}
		victim, err := f.s.AddCaseParty(ctx, ex, f.kab.ID, c.PublicID, discipline.Victim, 0, vault.NewSecret("Rina Saksikorban"))
		if err != nil {
			t.Fatal(err)
		}
		witness, err := f.s.AddCaseParty(ctx, ex, f.kab.ID, c.PublicID, discipline.Witness, ids[2], vault.Secret{})
		if err != nil {
			t.Fatal(err)
		}
		_, err = f.s.AddCaseParty(ctx, ex, f.kab.ID, c.PublicID, discipline.Reporter, ids[1], vault.Secret{})
		wantCode(t, err, apperr.Invalid) // the same employee twice in one role
		_, err = f.s.AddCaseParty(ctx, ex, f.kab.ID, c.PublicID, discipline.Witness, ids[0], vault.Secret{})
		wantCode(t, err, apperr.Invalid) // the accused
		_, err = f.s.AddCaseParty(ctx, ex, f.kab.ID, c.PublicID, discipline.Witness, 999999, vault.Secret{})
		wantCode(t, err, apperr.Invalid) // nobody of this roster
		_, err = f.s.AddCaseParty(ctx, store.Actor{TenantID: f.kot.ID}, f.kot.ID, c.PublicID, discipline.Witness, 0, vault.NewSecret("X"))
		wantCode(t, err, apperr.NotFound) // another government's case

		// The free-text name is sealed at rest and opened for the page.
		var enc []byte
		d.R.QueryRow(`SELECT name_enc FROM case_parties WHERE public_id = $1`, victim.PublicID).Scan(&enc)
		if len(enc) == 0 || bytes.Contains(enc, []byte("Rina")) {
			t.Fatalf("the victim's name is not sealed: %q", enc)
		}
		parties, _, err := f.s.OpenCaseParties(ctx, ex, f.kab.ID, c.ID, c.PublicID)
		if err != nil || len(parties) != 3 || parties[1].Name.Reveal() != "Rina Saksikorban" || parties[0].EmployeeName == "" || parties[0].Role != discipline.Reporter {
			t.Fatalf("parties %+v %v", parties, err)
		}

		// Relations: to the accused and to a party; reasons sealed.
		if _, err := f.s.AddCaseRelation(ctx, ex, f.kab.ID, c.PublicID, ids[3], "spouse", "", vault.Secret{}); err != nil {
			t.Fatal(err)
		}
		other, err := f.s.AddCaseRelation(ctx, ex, f.kab.ID, c.PublicID, ids[4], "other", victim.PublicID, vault.NewSecret("utang piutang pribadi"))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.s.AddCaseRelation(ctx, ex, f.kab.ID, c.PublicID, ids[5], "blood", reporter.PublicID, vault.Secret{}); err != nil {
			t.Fatal(err)
		}
		_, err = f.s.AddCaseRelation(ctx, ex, f.kab.ID, c.PublicID, ids[3], "spouse", "", vault.Secret{})
		wantCode(t, err, apperr.Invalid) // twice
		_, err = f.s.AddCaseRelation(ctx, ex, f.kab.ID, c.PublicID, ids[1], "blood", reporter.PublicID, vault.Secret{})
		wantCode(t, err, apperr.Invalid) // with oneself
		_, err = f.s.AddCaseRelation(ctx, ex, f.kab.ID, c.PublicID, ids[3], "blood", "no-such-party", vault.Secret{})
		wantCode(t, err, apperr.Invalid)
		d.R.QueryRow(`SELECT reason_enc FROM case_relations WHERE public_id = $1`, other.PublicID).Scan(&enc)
		if len(enc) == 0 || bytes.Contains(enc, []byte("utang")) {
			t.Fatalf("the reason is not sealed")
		}
		_, rels, err := f.s.OpenCaseParties(ctx, ex, f.kab.ID, c.ID, c.PublicID)
		if err != nil || len(rels) != 3 || rels[1].Reason.Reveal() != "utang piutang pribadi" || rels[1].PartyPublicID != victim.PublicID || rels[0].PartyID != 0 {
			t.Fatalf("relations %+v %v", rels, err)
		}

		// Who is who, as the conflict rules read it.
		people, err := f.s.CasePeople(ctx, f.kab.ID, c.ID)
		if err != nil || people.Accused != ids[0] || len(people.Parties) != 3 || len(people.Ties) != 3 {
			t.Fatalf("people %+v %v", people, err)
		}
		for emp, want := range map[int64]discipline.Conflict{
			ids[0]: {Role: discipline.Accused}, ids[1]: {Role: discipline.Reporter},
			ids[3]: {Role: discipline.Accused, Kind: "spouse"}, ids[4]: {Role: discipline.Victim, Kind: "other"},
			ids[5]: {Role: discipline.Reporter, Kind: "blood"},
		} {
			if got, ok := people.ConflictOf(emp); !ok || got != want {
				t.Errorf("employee %d: %+v, want %+v", emp, got, want)
			}
		}
		if _, ok := people.ConflictOf(ids[2]); ok {
			t.Error("a witness is in conflict")
		}

		// Removing the victim takes the relation to them along.
		if err := f.s.RemoveCaseParty(ctx, ex, f.kab.ID, c.PublicID, victim.PublicID); err != nil {
			t.Fatal(err)
		}
		wantCode(t, f.s.RemoveCaseParty(ctx, ex, f.kab.ID, c.PublicID, victim.PublicID), apperr.NotFound)
		if _, rels, _ := f.s.OpenCaseParties(ctx, ex, f.kab.ID, c.ID, c.PublicID); len(rels) != 2 {
			t.Errorf("%d relations after the victim left", len(rels))
		}
		if err := f.s.RemoveCaseRelation(ctx, ex, f.kab.ID, c.PublicID, rels[0].PublicID); err != nil {
			t.Fatal(err)
		}
		wantCode(t, f.s.RemoveCaseRelation(ctx, store.Actor{TenantID: f.kot.ID}, f.kot.ID, c.PublicID, rels[1].PublicID), apperr.NotFound)

		// The team: the check runs on the team as it stands.
		dec := store.Actor{UserID: newUser(t, f, f.kab.ID, "pemutus", identity.Decider).ID, TenantID: f.kab.ID}
		var seen [][]discipline.Member
		appoint := func(emp int64, seat discipline.Seat) error {
			m := discipline.Member{EmployeeID: emp, Seat: seat}
			return f.s.AddTeamMember(ctx, dec, f.kab.ID, c.PublicID, m, func(team []discipline.Member) error {
				seen = append(seen, team)
				return people.Appoint(team, m, nil)
			})
		}
		for _, m := range []discipline.Member{{EmployeeID: ids[6], Seat: discipline.SeatSuperior}, {EmployeeID: ids[7], Seat: discipline.SeatOversight}} {
			if err := appoint(m.EmployeeID, m.Seat); err != nil {
				t.Fatal(err)
			}
		}
		wantCode(t, appoint(ids[1], discipline.SeatPersonnel), apperr.Invalid) // the reporter
		wantCode(t, appoint(ids[7], discipline.SeatPersonnel), apperr.Invalid) // twice
		wantCode(t, appoint(999999, discipline.SeatPersonnel), apperr.Invalid)
		if len(seen) != 4 || len(seen[1]) != 1 || seen[1][0].EmployeeID != ids[6] {
			t.Errorf("the check saw %v", seen)
		}
		team, err := f.s.CaseTeam(ctx, f.kab.ID, c.ID)
		if err != nil || len(team) != 2 || team[0].Seat != discipline.SeatSuperior || team[1].Name == "" || discipline.Formed(store.Members(team)) {
			t.Fatalf("team %+v %v", team, err)
		}
		if err := f.s.RemoveTeamMember(ctx, dec, f.kab.ID, c.PublicID, team[1].ID); err != nil {
			t.Fatal(err)
		}
		wantCode(t, f.s.RemoveTeamMember(ctx, dec, f.kab.ID, c.PublicID, team[1].ID), apperr.NotFound)

		// While on the team, a member is not recorded as a party, nor in a
		// relation that bars them from it; a relation to a witness bars
		// nobody.
		_, err = f.s.AddCaseParty(ctx, ex, f.kab.ID, c.PublicID, discipline.Witness, ids[6], vault.Secret{})
		wantKey(t, err, "employee_id", "case.party.on_team")
		_, err = f.s.AddCaseRelation(ctx, ex, f.kab.ID, c.PublicID, ids[6], "spouse", "", vault.Secret{})
		wantKey(t, err, "employee_id", "case.relation.on_team")
		_, err = f.s.AddCaseRelation(ctx, ex, f.kab.ID, c.PublicID, ids[6], "superior", reporter.PublicID, vault.Secret{})
		wantKey(t, err, "employee_id", "case.relation.on_team")
		if _, err := f.s.AddCaseRelation(ctx, ex, f.kab.ID, c.PublicID, ids[6], "blood", witness.PublicID, vault.Secret{}); err != nil {
			t.Errorf("a member related to a witness: %v", err)
		}
		if people, _ := f.s.CasePeople(ctx, f.kab.ID, c.ID); len(people.Parties) != 2 || len(people.Ties) != 2 {
			t.Errorf("after the refusals: %+v", people)
		}

		var n int
		d.R.QueryRow(`SELECT COUNT(*) FROM audit_events WHERE object_id = $1 AND action IN ('case.party.add','case.party.remove',
			'case.relation.add','case.relation.remove','case.team.add','case.team.remove')`, c.PublicID).Scan(&n)
		if n != 3+1+4+1+2+1 {
			t.Errorf("%d audited changes", n)
		}

		// Once examined, the team stays as it examined.
		cal, err := f.s.Calendar(ctx, f.kab.ID)
		if err != nil {
			t.Fatal(err)
		}
		p := discipline.DefaultProcedure
		day := func(s string) calendar.Date { d, _ := calendar.ParseDate(s); return d }
		if err := f.s.AddStep(ctx, ex, f.kab.ID, c.PublicID, store.Step{Kind: "summon", Day1: day("2026-07-01"), Day2: day("2026-07-08")}, cal,
			func(dc *discipline.Case) error { return p.Summon(dc, cal, day("2026-07-01"), day("2026-07-08")) }); err != nil {
			t.Fatal(err)
		}
		if err := appoint(ids[7], discipline.SeatOversight); err != nil {
			t.Fatalf("after a summons: %v", err)
		}
		if err := f.s.AddStep(ctx, ex, f.kab.ID, c.PublicID, store.Step{Kind: "examine", Day1: day("2026-07-08")}, cal,
			func(dc *discipline.Case) error { return p.Examine(dc, day("2026-07-08")) }); err != nil {
			t.Fatal(err)
		}
		wantCode(t, appoint(ids[8], discipline.SeatPersonnel), apperr.Conflict)
		wantCode(t, f.s.RemoveTeamMember(ctx, dec, f.kab.ID, c.PublicID, team[0].ID), apperr.Conflict)

		// Each opening of the parties was audited, by whom it was.
		d.R.QueryRow(`SELECT COUNT(*) FROM audit_events WHERE object_id = $1 AND action = 'case.parties.read' AND actor_id = $2`, c.PublicID, ex.UserID).Scan(&n)
		if n != 3 {
			t.Errorf("%d openings audited, want 3", n)
		}

		// A closed case changes no more.
		if _, err := d.W.Exec(`UPDATE discipline_cases SET status = 'closed' WHERE id = $1`, c.ID); err != nil {
			t.Fatal(err)
		}
		_, err = f.s.AddCaseParty(ctx, ex, f.kab.ID, c.PublicID, discipline.Witness, ids[2], vault.Secret{})
		wantCode(t, err, apperr.Conflict)
		wantCode(t, appoint(ids[9], discipline.SeatOther), apperr.Conflict)
	})
}

// wantKey fails unless err is an invalid input on field with message key.
func wantKey(t *testing.T, err error, field, key string) {
	t.Helper()
	if e := apperr.As(err); err == nil || e.Code != apperr.Invalid || e.Field != field || e.Key != key {
		t.Errorf("got %v, want %s on %s", err, key, field)
	}
}
