package web

import (
	"net/http"

	"sigap/internal/identity"
)

// Handler returns the whole site: pages, static files, health and metrics,
// and the JSON API. Every route is listed here.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()

	// Open to everyone.
	mux.HandleFunc("GET /static/{name}", s.assets.serve)
	mux.HandleFunc("GET /healthz", s.healthz)
	mux.HandleFunc("GET /readyz", s.readyz)
	mux.Handle("GET /metrics", s.metrics.handler())
	mux.HandleFunc("GET /login", s.signInForm)
	mux.HandleFunc("POST /login", s.signIn)
	mux.HandleFunc("POST /lang", s.setLang)
	mux.HandleFunc("GET /lapor/{tenant}", s.reportForm)
	mux.HandleFunc("POST /lapor/{tenant}", s.reportSubmit)
	mux.HandleFunc("GET /lapor/{tenant}/status", s.reportStatusForm)
	mux.HandleFunc("POST /lapor/{tenant}/status", s.reportStatus)
	mux.HandleFunc("POST /lapor/{tenant}/status/reply", s.reportReply)
	if s.api != nil {
		mux.Handle("/api/v1/", s.api)
	}

	// Signed in.
	user := func(pattern string, h http.HandlerFunc) { mux.Handle(pattern, s.requireUser(h)) }
	user("GET /{$}", s.home)
	mux.Handle("POST /logout", s.requireStage(s.signOut, identity.StageFull, identity.StageTOTP, identity.StageEnroll))
	mux.Handle("GET /login/totp", s.requireStage(s.totpForm, identity.StageTOTP))
	mux.Handle("POST /login/totp", s.requireStage(s.totpSubmit, identity.StageTOTP))
	mux.Handle("GET /account/2fa", s.requireStage(s.twoFactor, identity.StageFull, identity.StageEnroll))
	mux.Handle("POST /account/2fa/confirm", s.requireStage(s.twoFactorConfirm, identity.StageFull, identity.StageEnroll))
	user("POST /account/2fa/recovery-codes", s.twoFactorCodes)
	user("POST /account/2fa/disable", s.twoFactorDisable)
	user("GET /admin/users/{id}/reset-2fa", s.userReset2FAConfirm)
	user("POST /admin/users/{id}/reset-2fa", s.userReset2FA)
	user("GET /account", s.account)
	user("POST /account/password", s.changePassword)
	user("POST /account/sessions/end", s.endSession)
	user("POST /account/sessions/end-others", s.endOtherSessions)
	user("POST /account/tokens", s.createToken)
	user("POST /account/tokens/{id}/revoke", s.revokeToken)

	user("GET /admin/units", s.units)
	user("GET /admin/units/new", s.unitNew)
	user("POST /admin/units/new", s.unitCreate)
	user("GET /admin/units/{id}/edit", s.unitEdit)
	user("POST /admin/units/{id}/edit", s.unitUpdate)
	user("GET /admin/units/{id}/archive", s.unitArchiveConfirm)
	user("POST /admin/units/{id}/archive", s.unitArchive)
	user("POST /admin/units/{id}/restore", s.unitRestore)

	user("GET /admin/users", s.users)
	user("GET /admin/users/new", s.userNew)
	user("POST /admin/users/new", s.userCreate)
	user("GET /admin/users/{id}", s.userEdit)
	user("POST /admin/users/{id}", s.userUpdate)
	user("POST /admin/users/{id}/password", s.userResetPassword)
	user("GET /admin/users/{id}/disable", s.userDisableConfirm)
	user("POST /admin/users/{id}/disable", s.userDisable)
	user("POST /admin/users/{id}/enable", s.userEnable)

	user("GET /reports", s.reports)
	user("GET /reports/new", s.reportNew)
	user("POST /reports/new", s.reportCreate)
	user("GET /reports/{id}", s.reportDesk)
	user("POST /reports/{id}/verify", s.reportVerify)
	user("POST /reports/{id}/messages", s.reportMessage)
	user("POST /reports/{id}/employee", s.reportLinkEmployee)
	user("POST /reports/{id}/merge", s.reportMerge)
	user("POST /reports/{id}/outcomes", s.reportOutcome)
	user("GET /reports/{id}/files/{file}", s.reportFile)
	user("GET /reports/{id}/close", s.reportCloseConfirm)
	user("POST /reports/{id}/close", s.reportClose)
	user("GET /cases", s.cases)
	user("GET /cases/new", s.caseNew)
	user("POST /cases/new", s.caseOpen)
	user("GET /cases/due", s.casesDue)
	user("GET /cases/{id}", s.caseView)
	user("POST /cases/{id}/charges", s.caseChargeAdd)
	user("POST /cases/{id}/charges/{charge}/remove", s.caseChargeRemove)
	user("POST /cases/{id}/steps", s.caseStep)
	user("GET /cases/{id}/letters/{kind}", s.caseLetter)
	user("POST /cases/{id}/handler", s.caseHandler)
	user("POST /cases/{id}/informed", s.caseInformed)
	user("POST /cases/{id}/parties", s.casePartyAdd)
	user("POST /cases/{id}/parties/remove", s.casePartyRemove)
	user("POST /cases/{id}/relations", s.caseRelationAdd)
	user("POST /cases/{id}/relations/remove", s.caseRelationRemove)
	user("POST /cases/{id}/team", s.caseTeamAdd)
	user("POST /cases/{id}/team/remove", s.caseTeamRemove)
	user("POST /cases/{id}/bap", s.caseBAP)
	user("POST /cases/{id}/statements", s.caseStatementAdd)
	user("GET /cases/{id}/statements/{statement}/remove", s.caseStatementRemoveConfirm)
	user("POST /cases/{id}/statements/{statement}/remove", s.caseStatementRemove)
	user("POST /cases/{id}/release", s.caseRelease)

	user("GET /protection/stats", s.protectionStats)
	user("GET /protection/export", s.protectionExport)
	user("GET /admin/protection-codes", s.protectionCodes)
	user("POST /admin/protection-codes", s.protectionCodesSave)

	user("GET /my/cases", s.ownCases)
	user("GET /my/cases/{id}/letters/{kind}", s.ownCaseLetter)

	user("GET /notifications", s.notifications)
	user("POST /notifications/read", s.notificationsRead)

	user("GET /employees", s.employees)
	user("GET /employees/{id}", s.employee)
	user("POST /employees/{id}/account", s.employeeAccount)
	user("GET /admin/employees/import", s.employeeImportForm)
	user("POST /admin/employees/import", s.employeeImportStart)
	user("GET /admin/employees/import/template.csv", s.employeeImportTemplate)
	user("GET /admin/employees/import/{job}", s.employeeImportJob)
	user("POST /admin/employees/import/{job}/valid-only", s.employeeImportValidOnly)
	user("GET /admin/authority", s.authorityRules)
	user("POST /admin/authority/{rule}", s.authoritySet)
	user("GET /admin/procedure", s.procedureSettings)
	user("POST /admin/procedure", s.procedureSettingsSave)
	user("POST /admin/procedure/pppk", s.pppkSave)
	user("GET /admin/letters", s.letterTexts)
	user("GET /admin/letter-preview/{kind}", s.letterPreview)
	user("POST /admin/letters/{key}", s.letterTextSave)
	user("GET /admin/letters/{key}/reset", s.letterTextResetConfirm)
	user("POST /admin/letters/{key}/reset", s.letterTextReset)

	user("GET /admin/report-categories", s.reportCategories)
	user("POST /admin/report-categories", s.reportCategoriesSave)

	user("GET /admin/calendar", s.calendarPage)
	user("POST /admin/calendar", s.dayOffAdd)
	user("GET /admin/calendar/{day}/remove", s.dayOffRemoveConfirm)
	user("POST /admin/calendar/{day}/remove", s.dayOffRemove)

	user("GET /identities/{id}", s.identity)
	user("POST /identities/{id}/request", s.identityRequest)
	user("GET /custodian/requests", s.unsealRequests)
	user("GET /custodian/requests/{id}", s.unsealRequest)
	user("POST /custodian/requests/{id}/decide", s.unsealDecide)

	user("GET /audit", s.auditPage)

	user("GET /operator/tenants", s.tenants)
	user("POST /operator/tenants", s.tenantCreate)

	mux.HandleFunc("/", s.notFound)

	h := recordRoute(mux)
	h = s.loadSession(h)
	h = limitBody(h)
	h = s.rateLimit(h)
	h = http.NewCrossOriginProtection().Handler(h)
	h = s.recoverPanics(h)
	h = s.secureHeaders(h)
	h = s.observe(h)
	return h
}
