package server_test

import (
	"testing"

	"sigap/internal/discipline"
	"sigap/internal/roster"
	"sigap/internal/store"
	"sigap/internal/testserver"
)

// teamNIPs are the three people the tests seat on a Tim Pemeriksa.
var teamNIPs = map[discipline.Seat]string{
	discipline.SeatSuperior:  "197502022000031002",
	discipline.SeatOversight: "198003032005011003",
	discipline.SeatPersonnel: "198104042006042004",
}

// withTeam adds the team's people to a roster from line: a berat case is
// examined only by its team (Ps 29(2)).
func withTeam(t *testing.T, rows []roster.Row) []roster.Row {
	t.Helper()
	line := len(rows) + 2
	for _, p := range []struct {
		seat     discipline.Seat
		name     string
		position string
	}{{discipline.SeatSuperior, "Sekretaris Tim Uji", "Sekretaris"}, {discipline.SeatOversight, "Auditor Tim Uji", "Auditor Ahli Madya"},
		{discipline.SeatPersonnel, "Analis Tim Uji", "Analis SDM Aparatur"}} {
		rows = append(rows, roster.Row{Line: line, NIP: mustNIP(t, teamNIPs[p.seat]), Name: p.name, Status: roster.PNS, Position: p.position,
			Kind: roster.Pelaksana, Unit: "Inspektorat", State: roster.Active})
		line++
	}
	return rows
}

// formTeam seats the team's people on a case, as the decider's form does
// without its choice of people (the team tests check that).
func formTeam(t *testing.T, env *testserver.Env, casePublicID string) {
	t.Helper()
	for _, seat := range []discipline.Seat{discipline.SeatSuperior, discipline.SeatOversight, discipline.SeatPersonnel} {
		e, err := env.Store.EmployeeByNIP(t.Context(), env.Kab.ID, teamNIPs[seat])
		if err != nil {
			t.Fatal(err)
		}
		if err := env.Store.AddTeamMember(t.Context(), store.System, env.Kab.ID, casePublicID, discipline.Member{EmployeeID: e.ID, Seat: seat},
			func([]discipline.Member) error { return nil }); err != nil {
			t.Fatal(err)
		}
	}
}
