package access

import (
	"testing"

	"sigap/internal/identity"
)

// Every capability is tested for every role, so that a grant added or
// removed by mistake fails here.
func TestGrantsTable(t *testing.T) {
	want := map[identity.Role]map[Capability]bool{}
	set := func(r identity.Role, cs ...Capability) {
		want[r] = map[Capability]bool{}
		for _, c := range cs {
			want[r][c] = true
		}
	}
	set(identity.Admin, ManageUnits, ViewUnits, ManageUsers, ManageCalendar, ViewCalendar, ViewRegions, ViewRoster, ManageRoster, ViewPrevention, ManageGuidanceSettings, ManageStatistics, ViewRetention, ManageRetention, HoldRecords)
	for _, r := range []identity.Role{identity.Intake, identity.Examiner, identity.Decider} {
		set(r, ViewUnits, ViewCalendar, ViewRegions, RequestUnseal, ViewRoster, ViewStatistics)
	}
	want[identity.Intake][RedactReports], want[identity.Intake][SeeRedacted] = true, true
	want[identity.Examiner][ReadCaseReports], want[identity.Decider][ReadCaseReports] = true, true
	set(identity.Protection, ViewUnits, ViewCalendar, ViewRegions, RequestUnseal, ViewRoster, WorkProtection, ViewProtectionStats)
	set(identity.ProtectionLead, ViewUnits, ViewCalendar, ViewRegions, RequestUnseal, ViewRoster, WorkProtection, SuperviseProtection, ViewProtectionStats)
	set(identity.Prevention, ViewUnits, ViewCalendar, ViewRegions, ViewRoster, ManagePrevention, ViewPrevention, ManageGuidanceSettings, ManagePledges, ViewPreventionOutcomes)
	set(identity.Analyst, ViewUnits, ViewCalendar, ViewRegions, ViewProtectionStats, ViewPreventionOutcomes, ViewStatistics)
	set(identity.Custodian, ViewUnits, ViewCalendar, DecideUnseal, SeeRedacted)
	set(identity.Auditor, ViewUnits, ViewCalendar, ViewAudit, ViewRetention, HoldRecords)
	set(identity.Employee, ViewCalendar, CheckInGuidance)
	set(identity.Operator, ManageTenants, ViewTenants, ManageUsers, ViewRegions)
	set(identity.Oversight, ViewTenants, ViewRegions, ViewOversight)
	all := []Capability{ManageUnits, ViewUnits, ManageUsers, ManageCalendar, ViewCalendar, ManageTenants, ViewTenants, ViewRegions, RequestUnseal, DecideUnseal, ViewAudit, ViewRoster, ManageRoster,
		WorkProtection, SuperviseProtection, ViewProtectionStats, ManagePrevention, ViewPrevention, ManageGuidanceSettings, CheckInGuidance, ManagePledges, ViewPreventionOutcomes, ManageStatistics, ViewOversight, ViewStatistics, ViewRetention, ManageRetention, HoldRecords,
		RedactReports, SeeRedacted, ReadCaseReports}
	roles := append(append([]identity.Role{}, identity.TenantRoles...), identity.InstallationRoles...)
	for _, r := range roles {
		u := identity.User{ID: 1, Roles: []identity.Role{r}}
		for _, c := range all {
			if got := Can(u, c); got != want[r][c] {
				t.Errorf("%s %s: got %v, want %v", r, c, got, want[r][c])
			}
		}
	}
	disabled := identity.User{ID: 1, Roles: []identity.Role{identity.Admin}, Disabled: true}
	if Can(disabled, ManageUnits) {
		t.Error("disabled user can act")
	}
}

func TestCanGrant(t *testing.T) {
	admin := identity.User{ID: 1, TenantID: 7, Roles: []identity.Role{identity.Admin}}
	op := identity.User{ID: 2, Roles: []identity.Role{identity.Operator}}
	cases := []struct {
		actor  identity.User
		tenant int64
		role   identity.Role
		want   bool
	}{
		{admin, 7, identity.Examiner, true},
		{admin, 8, identity.Examiner, false},
		{admin, 7, identity.Operator, false},
		{op, 0, identity.Oversight, true},
		{op, 7, identity.Admin, true},
		{op, 7, identity.Examiner, false},
		{identity.User{ID: 3, TenantID: 7, Roles: []identity.Role{identity.Examiner}}, 7, identity.Employee, false},
	}
	for _, c := range cases {
		if got := CanGrant(c.actor, c.tenant, c.role); got != c.want {
			t.Errorf("%v grants %s in %d: %v", c.actor.Roles, c.role, c.tenant, got)
		}
	}
}

// Outside the desk, a report is read only on need to know: the examiner
// of the case, any decider of a case it is behind, the custodian asked to
// unseal one of its identities; never the accused.
func TestReadReport(t *testing.T) {
	as := func(r identity.Role) identity.User {
		return identity.User{ID: 1, TenantID: 7, Roles: []identity.Role{r}}
	}
	cases := []struct {
		u     identity.User
		reach ReportReach
		ok    bool
	}{
		{as(identity.Intake), ReportReach{}, true},
		{as(identity.Examiner), ReportReach{InCase: true, Assigned: true}, true},
		{as(identity.Examiner), ReportReach{InCase: true}, false},
		{as(identity.Examiner), ReportReach{InCase: true, Assigned: true, AboutCaller: true}, false},
		{as(identity.Decider), ReportReach{InCase: true}, true},
		{as(identity.Decider), ReportReach{}, false},
		{as(identity.Custodian), ReportReach{UnsealAsked: true}, true},
		{as(identity.Custodian), ReportReach{InCase: true, Assigned: true}, false},
		{as(identity.Analyst), ReportReach{InCase: true, Assigned: true, UnsealAsked: true}, false},
		{as(identity.Auditor), ReportReach{InCase: true, Assigned: true, UnsealAsked: true}, false},
	}
	for i, c := range cases {
		if err := ReadReport(c.u, c.reach); (err == nil) != c.ok {
			t.Errorf("%d %v %+v: got %v, want ok %v", i, c.u.Roles, c.reach, err, c.ok)
		}
	}
}
