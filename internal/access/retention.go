package access

// Retention: the periods after which records are destroyed, the purge
// preview, and legal holds. An admin sets the periods; an admin or the
// auditor may hold a record, the auditor being the one who answers for
// what was kept and what destroyed.
const (
	ViewRetention   Capability = "retention.view"     // the periods, the holds and the purge preview
	ManageRetention Capability = "retention.settings" // the government's retention periods
	HoldRecords     Capability = "retention.hold"     // set and release legal holds, with a reason
)
