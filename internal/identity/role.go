// Package identity holds the rules about accounts: roles, usernames,
// passwords and sessions. It has no I/O.
package identity

import "slices"

// Role is what a user does inside a tenant (or, for Operator and Oversight,
// above tenants). Roles give capabilities; case content additionally needs
// being assigned to the case (need-to-know), decided by package access.
type Role string

// Tenant roles, as in the product brief.
const (
	Intake     Role = "intake"     // complaint desk: triage reports
	Examiner   Role = "examiner"   // works assigned discipline cases
	Decider    Role = "decider"    // official authorised to sanction (PyBM)
	Protection Role = "protection" // women and child protection case worker
	// ProtectionLead heads the protection office's case workers (the head
	// of the UPTD PPA): sees every case, assigns workers, may override a
	// missing consent with a reason.
	ProtectionLead Role = "protection_lead"
	Prevention     Role = "prevention" // guidance sessions and pledges
	Custodian      Role = "custodian"  // approves opening sealed identities
	Analyst        Role = "analyst"    // aggregated statistics only
	Auditor        Role = "auditor"    // audit trail, read only
	Admin          Role = "admin"      // users, units, calendar; no case content
	Employee       Role = "employee"   // any ASN: own pledges and record
)

// Installation roles, held by accounts that belong to no tenant.
const (
	Operator  Role = "operator"  // creates tenants, runs the installation
	Oversight Role = "oversight" // suppressed aggregates across tenants
)

// TenantRoles lists the roles a tenant account may hold, in display order.
var TenantRoles = []Role{Admin, Intake, Examiner, Decider, Protection, ProtectionLead, Prevention, Custodian, Analyst, Auditor, Employee}

// InstallationRoles lists the roles of accounts above tenants.
var InstallationRoles = []Role{Operator, Oversight}

// Valid reports whether r is a known role.
func (r Role) Valid() bool {
	return slices.Contains(TenantRoles, r) || slices.Contains(InstallationRoles, r)
}

// ForTenant reports whether r is held inside a tenant.
func (r Role) ForTenant() bool { return slices.Contains(TenantRoles, r) }
