package discipline

import (
	"testing"

	"sigap/internal/apperr"
	"sigap/internal/calendar"
)

// PP 94/2021 Ps 37(4), Perban BKN 6/2022 Ps 49(8) (unconfirmed), Ps
// 38(1): decided Tuesday 12 May 2026, the accused is absent at delivery on
// Wednesday 13 May; with Ascension on the 14th and its cuti bersama on the
// 15th, the 3 working days to send it run to Wednesday 20 May. Sent that
// day, the decision has no day of effect until the day it reached the
// accused is known; received Friday 22 May, it takes effect on the 15th
// working day, Thursday 18 June (Iduladha and its cuti bersama, Pancasila
// Day and 1 Muharam fall inside).
func TestDeliveryPP94Ps37AbsentSentReceived(t *testing.T) {
	cal, p := holidays(t), DefaultProcedure
	c := &Case{Stage: StageOpen}
	for _, err := range []error{
		p.Summon(c, cal, day("2026-05-04"), day("2026-05-08")),
		p.Examine(c, day("2026-05-08")),
		p.Decide(c, day("2026-05-12"), S1, Sanctions, Sanctions),
	} {
		if err != nil {
			t.Fatal(err)
		}
	}
	if err := p.MissDelivery(c, day("2026-05-11")); apperr.As(err).Key != "case.deliver.dates" {
		t.Errorf("absent before the decision: %v", err)
	}
	if err := p.MissDelivery(c, day("2026-05-13")); err != nil {
		t.Fatal(err)
	}
	if err := p.MissDelivery(c, day("2026-05-14")); apperr.As(err).Key != "case.deliver.not_now" {
		t.Errorf("absent twice: %v", err)
	}
	d, ok := p.NextDue(c, cal, day("2026-05-20"))
	if !ok || d.What != DueSending || d.By != day("2026-05-20") || d.Late {
		t.Errorf("Ps 49(8) sending window: %+v", d)
	}
	if !SendWindow.Unconfirmed || SendWindow.Article != "Perban BKN 6/2022 Ps 49(8)" {
		t.Errorf("the sending window must be marked unconfirmed: %+v", SendWindow)
	}
	if d, _ := p.NextDue(c, cal, day("2026-05-21")); !d.Late {
		t.Error("not sent on the 4th working day is not late")
	}
	if err := p.Send(c, day("2026-05-12"), calendar.Date{}); apperr.As(err).Key != "case.deliver.dates" {
		t.Errorf("sent before the absence: %v", err)
	}
	if err := p.Send(c, day("2026-05-20"), day("2026-05-19")); apperr.As(err).Key != "case.deliver.dates" {
		t.Errorf("received before sent: %v", err)
	}
	if err := p.Send(c, day("2026-05-20"), calendar.Date{}); err != nil {
		t.Fatal(err)
	}
	if c.Stage != StageDelivered || !c.Sent || !c.Received.IsZero() || !p.EffectiveOn(c, cal).IsZero() {
		t.Fatalf("sent, receipt unknown: %s %+v", c.Stage, c)
	}
	if p.Settle(c, cal, day("2026-12-31")) {
		t.Error("Ps 38(1): a decision not known to be received took effect")
	}
	if d, ok := p.NextDue(c, cal, day("2026-12-31")); !ok || d.What != DueReceived || !d.By.IsZero() || d.Late {
		t.Errorf("waiting for the receipt: %+v", d)
	}
	if err := p.Object(c, cal, day("2026-05-25")); apperr.As(err).Key != "case.object.not_received" {
		t.Errorf("a remedy before receipt is known: %v", err)
	}
	if err := p.Receive(c, day("2026-05-19")); apperr.As(err).Key != "case.deliver.dates" {
		t.Errorf("received before sent: %v", err)
	}
	if err := p.Receive(c, day("2026-05-22")); err != nil {
		t.Fatal(err)
	}
	if err := p.Receive(c, day("2026-05-25")); apperr.As(err).Key != "case.receive.not_now" {
		t.Errorf("received twice: %v", err)
	}
	if got := p.EffectiveOn(c, cal); got != day("2026-06-18") {
		t.Errorf("Ps 38(1) effect from receipt: %s", got)
	}
	if got := p.FileBy(c, cal); got != day("2026-06-17") {
		t.Errorf("PP 79 Ps 4(2) from receipt: %s", got)
	}
	// Handed over in person, there is nothing to receive later.
	in := delivered(t, p, cal, S1, "2026-06-01", "2026-06-08")
	if err := p.Receive(in, day("2026-06-09")); apperr.As(err).Key != "case.receive.not_now" {
		t.Errorf("receipt of a decision handed over: %v", err)
	}
}

// PP 79/2021 Ps 8(3), 8(5), 8(7): a keberatan against an official's
// decision, filed Wednesday 10 June 2026, is answered by that official
// within 6 working days: with 1 Muharam on the 16th, by Friday 19 June.
// Nothing answered then, the superior decides on the data it has; the
// superior's 21 working days (Ps 8(4)) run to Friday 10 July, after which
// the way to the administrative court is open.
func TestKeberatanPP79Ps8OfficialResponse(t *testing.T) {
	cal, p := holidays(t), DefaultProcedure
	c := delivered(t, p, cal, S1, "2026-06-01", "2026-06-08")
	c.ByOfficial = true
	if err := p.Respond(c, cal, day("2026-06-10"), false); apperr.As(err).Key != "case.respond.not_now" {
		t.Errorf("an answer before any remedy: %v", err)
	}
	if err := p.Object(c, cal, day("2026-06-10")); err != nil {
		t.Fatal(err)
	}
	r := p.Remedy(c)
	if r.DecidedBy != BySuperior || r.Respond.Article != "PP 79/2021 Ps 8(3)" || r.Court != "PP 79/2021 Ps 8(7)" || r.CourtHigh {
		t.Errorf("keberatan to the superior: %+v", r)
	}
	if got := p.RespondBy(c, cal); got != day("2026-06-19") {
		t.Errorf("Ps 8(3) last day %s", got)
	}
	if d, _ := p.NextDue(c, cal, day("2026-06-22")); d.What != "case.due.response.superior" || d.By != day("2026-06-19") || !d.Late {
		t.Errorf("Ps 8(3) due %+v", d)
	}
	if err := p.Respond(c, cal, day("2026-06-09"), false); apperr.As(err).Key != "case.respond.date" {
		t.Errorf("answered before the filing: %v", err)
	}
	if err := p.Respond(c, cal, day("2026-06-19"), true); apperr.As(err).Key != "case.respond.silent_early" {
		t.Errorf("silence noted inside the window: %v", err)
	}
	if err := p.Respond(c, cal, day("2026-06-22"), true); err != nil {
		t.Fatal(err)
	}
	if !c.NoResponse || !p.RespondBy(c, cal).IsZero() {
		t.Errorf("Ps 8(5) no answer: %+v", c)
	}
	if err := p.Respond(c, cal, day("2026-06-23"), false); apperr.As(err).Key != "case.respond.not_now" {
		t.Errorf("answered after its silence was noted: %v", err)
	}
	if d, _ := p.NextDue(c, cal, day("2026-07-10")); d.What != "case.due.remedy.keberatan" || d.By != day("2026-07-10") || d.Late {
		t.Errorf("Ps 8(4) due %+v", d)
	}
	if p.CourtOpen(c, cal, day("2026-07-10")) || !p.CourtOpen(c, cal, day("2026-07-13")) {
		t.Error("Ps 8(7): the court opens the working day after the superior's window")
	}
	if err := p.Resolve(c, Remedy{Outcome: "uphold", Date: day("2026-07-14")}); err != nil || p.CourtOpen(c, cal, day("2026-07-15")) {
		t.Errorf("a decided keberatan still opens the court: %v", err)
	}
	// A keberatan the PPK decides itself waits for no answer (Ps 5(1)).
	own := delivered(t, p, cal, S1, "2026-06-01", "2026-06-08")
	if err := p.Object(own, cal, day("2026-06-10")); err != nil {
		t.Fatal(err)
	}
	if !p.RespondBy(own, cal).IsZero() || p.Respond(own, cal, day("2026-06-11"), false) == nil {
		t.Error("an answer awaited on a keberatan to the PPK")
	}
	if p.Remedy(own).Court != "PP 79/2021 Ps 5(3)" || !p.CourtOpen(own, cal, day("2026-07-13")) {
		t.Errorf("Ps 5(3): %+v", p.Remedy(own))
	}
}

// PP 79/2021 Ps 13(1), 13(4), 18: a banding filed Friday 27 March 2026 is
// answered by the PPK within 21 working days, by Tuesday 28 April (Good
// Friday inside); answered on 20 April, BPASN's 65 working days run to
// Wednesday 8 July, after which the way to the high administrative court
// is open.
func TestBandingPP79Ps13PPKResponse(t *testing.T) {
	cal, p := holidays(t), DefaultProcedure
	c := delivered(t, p, cal, B3, "2026-02-24", "2026-03-02")
	if err := p.Object(c, cal, day("2026-03-27")); err != nil {
		t.Fatal(err)
	}
	if d, _ := p.NextDue(c, cal, day("2026-04-28")); d.What != "case.due.response.bpasn" || d.By != day("2026-04-28") || d.Late {
		t.Errorf("Ps 13(1) due %+v", d)
	}
	if d, _ := p.NextDue(c, cal, day("2026-04-29")); !d.Late {
		t.Error("Ps 13(1): not answered on the 22nd working day is not late")
	}
	if err := p.Respond(c, cal, day("2026-04-20"), false); err != nil || c.Response != day("2026-04-20") {
		t.Fatalf("Ps 13(1) answer: %v", err)
	}
	if d, _ := p.NextDue(c, cal, day("2026-07-09")); d.What != "case.due.remedy.banding" || d.By != day("2026-07-08") || !d.Late {
		t.Errorf("Ps 13(4) due %+v", d)
	}
	r := p.Remedy(c)
	if !p.CourtOpen(c, cal, day("2026-07-09")) || r.Court != "PP 79/2021 Ps 18" || !r.CourtHigh || r.Respond.Article != "PP 79/2021 Ps 13(1)" {
		t.Errorf("Ps 18: %+v", r)
	}
}
