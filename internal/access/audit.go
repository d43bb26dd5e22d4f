package access

// ViewAudit lets a user read the audit trail of their own government: who
// did what to which object, and when. Only the auditor holds it (see
// grants); it gives no access to the content of reports or cases.
const ViewAudit Capability = "audit.view"
