package server_test

import (
	"context"
	"strconv"
	"time"

	"sigap/internal/calendar"
	"sigap/internal/protection"
	"sigap/internal/store"
	"sigap/internal/testserver"
	"sigap/internal/vault"
)

// addProtectionParts gives the protection case o["protection"] a
// perpetrator (the employee o["employee"]), a service, a consent to the
// police and a referral under it, and names them in o for the routes that
// take them. The access matrix calls it again for each role: an earlier
// role's walk removes or withdraws them.
func addProtectionParts(ctx context.Context, env *testserver.Env, tenantID int64, o objects) error {
	c, err := env.Store.ProtectionCaseByID(ctx, tenantID, o["protection"])
	if err != nil {
		return err
	}
	employee, err := strconv.ParseInt(o["employee"], 10, 64)
	if err != nil {
		return err
	}
	if err := env.Store.AddPerpetrator(ctx, store.System, tenantID, c.PublicID, protection.Perpetrator{Age: -1, Relation: "atasan", EmployeeID: employee}); err != nil {
		return err
	}
	perps, err := env.Store.ProtectionPerpetrators(ctx, tenantID, c.ID)
	if err != nil {
		return err
	}
	o["perpetrator"] = perps[len(perps)-1].PublicID
	sv, err := env.Store.AddService(ctx, store.System, tenantID, c.PublicID, store.ProtectionService{Kind: "pengaduan",
		GivenOn: calendar.DateOf(env.Now(), protection.WIB), Provider: "UPTD PPA", Notes: vault.NewSecret("Catatan uji matriks.")})
	if err != nil {
		return err
	}
	o["service"] = sv.PublicID
	k, err := env.Store.RecordConsent(ctx, store.System, tenantID, c.PublicID, protection.Consent{Recipient: protection.Police,
		Scopes: []protection.Scope{protection.ScopeSummary}, GivenBy: protection.ByVictim, GivenOn: env.Now()})
	if err != nil {
		return err
	}
	o["consent"] = k.PublicID
	r, err := env.Store.Refer(ctx, store.System, tenantID, c.PublicID, store.ReferralInput{Recipient: protection.Police, Organisation: "Polres Serang",
		ReferredAt: env.Now()})
	if err != nil {
		return err
	}
	o["referral"] = r.PublicID
	return nil
}

// protectionInput is a walk-in case of an adult victim in a village of
// Kabupaten Serang (village "" for that default), happened two days ago.
func protectionInput(now time.Time, village string) store.ProtectionInput {
	if village == "" {
		village = "36.04.05.2001"
	}
	day := calendar.DateOf(now.Add(-48*time.Hour), protection.WIB)
	return store.ProtectionInput{
		Via: protection.ViaWalkIn,
		Incident: protection.Incident{OccurredOn: day, ReportedAt: now.Add(-time.Hour), VillageCode: village, Place: protection.Workplace,
			Forms: []protection.Form{protection.Sexual}},
		Victims:    []protection.Victim{{Name: "Korban Uji", Sex: protection.Female, Age: 30, VillageCode: village}},
		Chronology: vault.NewSecret("Kronologi uji."),
		Summary:    vault.NewSecret("Ringkasan uji."),
	}
}
