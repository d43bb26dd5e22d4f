// Package access is the one place that decides who may do what. Handlers
// and services ask it; they do not decide themselves. Roles grant
// capabilities; later, case content will also require being assigned to the
// case or supervising someone who is (need-to-know).
package access

import (
	"sigap/internal/apperr"
	"sigap/internal/identity"
)

// Capability is a thing a user may be allowed to do.
type Capability string

// The capabilities.
const (
	ManageUnits            Capability = "units.manage"         // create, change, archive offices
	ViewUnits              Capability = "units.view"           // see the office tree
	ManageUsers            Capability = "users.manage"         // accounts and roles of the tenant
	ManageCalendar         Capability = "calendar.manage"      // tenant-local days off
	ViewCalendar           Capability = "calendar.view"        // working-day calendar
	ManageTenants          Capability = "tenants.manage"       // create governments (operator)
	ViewTenants            Capability = "tenants.view"         // list governments
	ViewRegions            Capability = "regions.view"         // reference regions
	RequestUnseal          Capability = "identity.request"     // ask to see a sealed identity
	DecideUnseal           Capability = "identity.decide"      // approve or refuse such requests
	ViewRoster             Capability = "roster.view"          // search employees, see their positions and superiors
	ManageRoster           Capability = "roster.manage"        // import the roster, set the tenant's authority rules
	HandleReports          Capability = "reports.handle"       // the complaint desk: read, answer, decide on reports; record reports that came otherwise
	ManageReportCategories Capability = "reports.categories"   // the government's catalogue of report categories
	ViewCases              Capability = "cases.view"           // discipline cases: list, page
	ManageCharges          Capability = "cases.charges"        // state the violations a case alleges; summon, examine, deliver
	DecideCases            Capability = "cases.decide"         // record the decision, a dismissal, a remedy's outcome
	ViewOwnCases           Capability = "cases.own"            // the cases about oneself, as the accused (the menu entry; anyone signed in may open the page)
	ManageProcedure        Capability = "procedure.manage"     // the government's procedure settings, letter wordings and PPPK catalogue
	WorkProtection         Capability = "protection.work"      // protection cases: open, and work on the cases one is assigned to
	SuperviseProtection    Capability = "protection.supervise" // every protection case of the government; assign workers; override a missing consent with a reason
	ViewProtectionStats    Capability = "protection.stats"     // counts of protection cases by district, form, age, sex and month
	ManageProtectionCodes  Capability = "protection.codes"     // the government's codes for Simfoni PPA's lists in the export
	ManagePrevention       Capability = "prevention.manage"    // guidance sessions: plan, change, cancel, record attendance, open check-in codes
	ViewPrevention         Capability = "prevention.view"      // guidance sessions and their coverage, read only
	ManageGuidanceSettings Capability = "prevention.settings"  // the government's guidance cadence and topics
	CheckInGuidance        Capability = "guidance.checkin"     // check in to a guidance session with its code (the menu entry; the account must be linked to the roster)
	ManagePledges          Capability = "pledges.manage"       // integrity pledge texts, campaigns, coverage, paper signatures and their verification
	ViewPreventionOutcomes Capability = "prevention.outcomes"  // each office's prevention work beside the reports and cases about its people, small counts hidden
	ManageStatistics       Capability = "statistics.settings"  // the government's threshold below which published counts are hidden
	ViewOversight          Capability = "oversight.view"       // the yearly figures of the governments of one's region side by side, small counts hidden
	ViewStatistics         Capability = "statistics.view"      // the staff dashboard of reports and cases: exact for what one may list, small counts hidden otherwise
)

// grants lists each role's capabilities. Every staff role may read the
// reference data it needs to fill forms; admin writes it.
var grants = map[identity.Role][]Capability{
	identity.Admin:          {ManageUnits, ViewUnits, ManageUsers, ManageCalendar, ViewCalendar, ViewRegions, ViewRoster, ManageRoster, ManageReportCategories, ManageProcedure, ManageProtectionCodes, ViewPrevention, ManageGuidanceSettings, ManageStatistics, ViewRetention, ManageRetention, HoldRecords},
	identity.Intake:         {ViewUnits, ViewCalendar, ViewRegions, RequestUnseal, ViewRoster, HandleReports, ViewCases, ViewStatistics, RedactReports, SeeRedacted},
	identity.Examiner:       {ViewUnits, ViewCalendar, ViewRegions, RequestUnseal, ViewRoster, ViewCases, ManageCharges, ViewStatistics, ReadCaseReports},
	identity.Decider:        {ViewUnits, ViewCalendar, ViewRegions, RequestUnseal, ViewRoster, ViewCases, DecideCases, ViewStatistics, ReadCaseReports},
	identity.Protection:     {ViewUnits, ViewCalendar, ViewRegions, RequestUnseal, ViewRoster, WorkProtection, ViewProtectionStats},
	identity.ProtectionLead: {ViewUnits, ViewCalendar, ViewRegions, RequestUnseal, ViewRoster, WorkProtection, SuperviseProtection, ViewProtectionStats},
	identity.Prevention:     {ViewUnits, ViewCalendar, ViewRegions, ViewRoster, ManagePrevention, ViewPrevention, ManageGuidanceSettings, ManagePledges, ViewPreventionOutcomes},
	identity.Custodian:      {ViewUnits, ViewCalendar, DecideUnseal, SeeRedacted},
	identity.Analyst:        {ViewUnits, ViewCalendar, ViewRegions, ViewProtectionStats, ViewPreventionOutcomes, ViewStatistics},
	identity.Auditor:        {ViewUnits, ViewCalendar, ViewAudit, ViewRetention, HoldRecords},
	identity.Employee:       {ViewCalendar, ViewOwnCases, CheckInGuidance},
	identity.Operator:       {ManageTenants, ViewTenants, ManageUsers, ViewRegions},
	identity.Oversight:      {ViewTenants, ViewRegions, ViewOversight},
}

// Can reports whether u holds c through any of its roles. A disabled user
// can do nothing.
func Can(u identity.User, c Capability) bool {
	if u.ID == 0 || u.Disabled {
		return false
	}
	for _, r := range u.Roles {
		for _, g := range grants[r] {
			if g == c {
				return true
			}
		}
	}
	return false
}

// Check returns a Forbidden error unless u holds c.
func Check(u identity.User, c Capability) error {
	if !Can(u, c) {
		return apperr.New(apperr.Forbidden, "error.forbidden")
	}
	return nil
}

// CanGrant reports whether actor may give role r to an account: tenant
// admins hand out tenant roles in their own tenant, the operator hands out
// installation roles and may create a tenant's first admin.
func CanGrant(actor identity.User, tenantID int64, r identity.Role) bool {
	switch {
	case actor.Has(identity.Operator):
		return tenantID == 0 && !r.ForTenant() || tenantID != 0 && r == identity.Admin
	case actor.Has(identity.Admin):
		return tenantID == actor.TenantID && r.ForTenant()
	}
	return false
}
