package discipline

import (
	"testing"

	"sigap/internal/apperr"
	"sigap/internal/calendar"
)

// delivered walks a case to a decision delivered and received on the
// given days.
func delivered(t *testing.T, p Procedure, cal *calendar.Calendar, s Sanction, decided, received string) *Case {
	t.Helper()
	c := &Case{Stage: StageOpen}
	d := day(decided)
	for _, err := range []error{
		p.Summon(c, cal, d.AddDays(-7), d.AddDays(-3)),
		p.Examine(c, d.AddDays(-3)),
		p.Decide(c, d, s, Sanctions, Sanctions),
		p.Deliver(c, d, day(received)),
	} {
		if err != nil {
			t.Fatal(err)
		}
	}
	return c
}

// PP 79/2021 Ps 4(2)–(3): a keberatan against a PPK decision is filed
// within 14 working days of receipt. Received Monday 8 June 2026, with
// 1 Muharam on the 16th, the last day is Monday 29 June; filed on the
// 30th it is not admissible and the decision takes effect on its day
// (PP 94 Ps 38(1)), which is that same 30 June.
func TestKeberatanPP79Ps4FilingWindow(t *testing.T) {
	cal, p := holidays(t), DefaultProcedure
	late := delivered(t, p, cal, S1, "2026-06-01", "2026-06-08")
	if got := p.FileBy(late, cal); got != day("2026-06-29") {
		t.Fatalf("Ps 4(2) last day %s", got)
	}
	if err := p.Object(late, cal, day("2026-06-30")); err != nil {
		t.Fatal(err)
	}
	if late.Stage != StageDelivered || late.Objection.Admissible || late.Objection.Kind != Keberatan || !late.Objected.IsZero() {
		t.Fatalf("Ps 4(3) late keberatan: %s %+v", late.Stage, late.Objection)
	}
	if err := p.Object(late, cal, day("2026-06-30")); apperr.As(err).Key != "case.object.already" {
		t.Errorf("a second keberatan: %v", err)
	}
	if !p.Settle(late, cal, day("2026-06-30")) || p.EffectiveOn(late, cal) != day("2026-06-30") {
		t.Errorf("the decision does not stand after a late keberatan: %s %s", late.Stage, p.EffectiveOn(late, cal))
	}

	c := delivered(t, p, cal, S1, "2026-06-01", "2026-06-08")
	if err := p.Object(c, cal, day("2026-06-05")); apperr.As(err).Key != "case.object.date" {
		t.Errorf("filed before receipt: %v", err)
	}
	if err := p.Object(c, cal, day("2026-06-29")); err != nil || c.Stage != StageObjected || !c.Objection.Admissible {
		t.Fatalf("Ps 4(2) on the 14th working day: %v %s", err, c.Stage)
	}
	if !p.EffectiveOn(c, cal).IsZero() || p.Settle(c, cal, day("2026-07-30")) {
		t.Errorf("PP 94 Ps 38(2): a pending keberatan still lets the decision take effect")
	}
}

// PP 79/2021 Ps 5(1): the PPK decides within 21 working days of the
// keberatan: filed 29 June 2026, by 28 July; later it is flagged. The
// outcome takes effect on the day of the remedy decision (PP 94 Ps 38(2)).
func TestKeberatanPP79Ps5DecisionWindow(t *testing.T) {
	cal, p := holidays(t), DefaultProcedure
	c := delivered(t, p, cal, S2, "2026-06-01", "2026-06-08")
	if err := p.Object(c, cal, day("2026-06-29")); err != nil {
		t.Fatal(err)
	}
	r := p.Remedy(c)
	if r.DecidedBy != ByPPK || r.Decide.Article != "PP 79/2021 Ps 5(1)" || r.File.Unconfirmed {
		t.Errorf("keberatan to the PPK: %+v", r)
	}
	if d, _ := p.NextDue(c, cal, day("2026-07-28")); d.What != "case.due.remedy.keberatan" || d.By != day("2026-07-28") || d.Late {
		t.Errorf("Ps 5(1) due %+v", d)
	}
	if d, _ := p.NextDue(c, cal, day("2026-07-29")); !d.Late {
		t.Errorf("Ps 5(1) not flagged late the day after: %+v", d)
	}
	if err := p.Resolve(c, Remedy{Outcome: "lighten", Sanction: S1, Date: day("2026-07-29")}); err != nil {
		t.Fatal(err)
	}
	if c.Stage != StageEffective || c.Sanction != S1 || p.EffectiveOn(c, cal) != day("2026-07-29") {
		t.Errorf("after the keberatan: %s %s from %s", c.Stage, c.Sanction, p.EffectiveOn(c, cal))
	}
}

// PP 79/2021 Ps 3(3), 8(4): a keberatan against an official other than
// the PPK goes to that official's superior, who decides within 21 working
// days; its filing window (Ps 7) is unconfirmed.
func TestKeberatanPP79Ps8ToSuperior(t *testing.T) {
	cal, p := holidays(t), DefaultProcedure
	c := delivered(t, p, cal, R2, "2026-06-01", "2026-06-08")
	c.ByOfficial = true
	r := p.Remedy(c)
	if r.DecidedBy != BySuperior || r.Decide.Article != "PP 79/2021 Ps 8(4)" || !r.File.Unconfirmed || r.File.Days != 14 {
		t.Errorf("keberatan to the superior: %+v", r)
	}
	if err := p.Object(c, cal, day("2026-06-10")); err != nil {
		t.Fatal(err)
	}
	if err := p.Resolve(c, Remedy{Outcome: "revoke", Date: day("2026-06-20")}); err != nil || c.Stage != StageRevoked {
		t.Fatalf("Ps 9(1) revoke: %v %s", err, c.Stage)
	}
	if !p.EffectiveOn(c, cal).IsZero() {
		t.Error("a revoked sanction takes effect")
	}
}

// PP 79/2021 Ps 10, 11(3), 12, 13(4), 16(1): only a dismissal is appealed,
// to BPASN, within 14 working days of receipt; BPASN decides within 65.
// Received Monday 2 March 2026, with Nyepi, Idul Fitri and their cuti
// bersama from 18 to 24 March, the last day to file is Friday 27 March;
// filed then, BPASN decides by 8 July (Good Friday, 1 May, Ascension,
// Idul Adha, Pancasila Day and 1 Muharam fall inside). BPASN may annul but
// does not "revoke".
func TestBandingPP79Ps11Ps13(t *testing.T) {
	cal, p := holidays(t), DefaultProcedure
	late := delivered(t, p, cal, B3, "2026-02-24", "2026-03-02")
	if err := p.Object(late, cal, day("2026-03-30")); err != nil || late.Objection.Admissible || late.Objection.Kind != Banding {
		t.Fatalf("Ps 12 late banding: %v %+v", err, late.Objection)
	}
	c := delivered(t, p, cal, B3, "2026-02-24", "2026-03-02")
	if got := p.FileBy(c, cal); got != day("2026-03-27") {
		t.Errorf("Ps 11(3) last day %s", got)
	}
	if err := p.Object(c, cal, day("2026-03-27")); err != nil || c.Stage != StageObjected || c.Objection.Kind != Banding {
		t.Fatalf("Ps 11(3) banding: %v %+v", err, c.Objection)
	}
	if r := p.Remedy(c); r.DecidedBy != ByBPASN || r.Decide.Article != "PP 79/2021 Ps 13(4)" {
		t.Errorf("banding rule %+v", r)
	}
	if err := p.Respond(c, cal, day("2026-04-20"), false); err != nil { // the PPK's answer (Ps 13(1)), tested in followups_test.go
		t.Fatal(err)
	}
	if d, _ := p.NextDue(c, cal, day("2026-07-08")); d.What != "case.due.remedy.banding" || d.By != day("2026-07-08") || d.Late {
		t.Errorf("Ps 13(4) due %+v", d)
	}
	if err := p.Resolve(c, Remedy{Outcome: "revoke", Date: day("2026-05-04")}); apperr.As(err).Key != "case.remedy.not_for_kind" {
		t.Errorf("Ps 16(1) BPASN revoking: %v", err)
	}
	if err := p.Resolve(c, Remedy{Outcome: "lighten", Sanction: B2, Date: day("2026-05-04")}); err != nil {
		t.Fatal(err)
	}
	if c.Sanction != B2 || p.EffectiveOn(c, cal) != day("2026-05-04") {
		t.Errorf("Ps 16(4): %s from %s", c.Sanction, p.EffectiveOn(c, cal))
	}
	// A keberatan never lies against a dismissal, a banding only against one.
	if p.RemedyFor(B3, true).Kind != Banding || p.RemedyFor(B2, false).Kind != Keberatan {
		t.Error("Ps 3(1), 10: the wrong remedy")
	}
	// A Procedure written without windows counts by PP 79/2021.
	if (Procedure{}).RemedyFor(S1, false).File.Days != 14 {
		t.Error("unset windows")
	}
}

// Ps 26(2) read as a minimum notice: the first examination no earlier than
// 7 working days after the letter. A replay accepts a summons taken under
// the other reading.
func TestSummonsNoticeReading(t *testing.T) {
	cal, p := holidays(t), DefaultProcedure
	p.SummonsNotice = true
	c := &Case{Stage: StageOpen}
	if err := p.Summon(c, cal, day("2026-03-16"), day("2026-03-31")); apperr.As(err).Key != "case.summons.too_early" {
		t.Errorf("6th working day under the notice reading: %v", err)
	}
	if err := p.Summon(c, cal, day("2026-03-16"), day("2026-04-01")); err != nil {
		t.Fatalf("7th working day: %v", err)
	}
	old := &Case{Stage: StageOpen}
	if err := p.Replay().Summon(old, cal, day("2026-03-16"), day("2026-03-17")); err != nil {
		t.Errorf("replay of a summons taken under the other reading: %v", err)
	}
}

// Ps 42: until the PP on Gaji dan Tunjangan, a "sedang" sanction is its
// PP 53/2010 Ps 7(3) substitute; the case keeps the set it was decided
// under.
func TestSedangPP53(t *testing.T) {
	cal, p := holidays(t), DefaultProcedure
	c := delivered(t, p, cal, S2, "2026-06-01", "2026-06-08")
	if tx := c.SanctionText(); !c.SedangPP53 || tx.NameID != "penundaan kenaikan pangkat selama 1 tahun" || tx.Article != "PP 53/2010 Ps 7(3)b jo. PP 94/2021 Ps 42" {
		t.Errorf("transitional: %+v", tx)
	}
	p.SedangPP53 = false
	c = delivered(t, p, cal, S2, "2026-06-01", "2026-06-08")
	if tx := c.SanctionText(); tx.NameID != S2.NameID() {
		t.Errorf("PP 94 Ps 8(3)b: %+v", tx)
	}
	if tx := TextOf(B1, true); tx.NameID != B1.NameID() {
		t.Errorf("Ps 42 touched a berat sanction: %+v", tx)
	}
}
