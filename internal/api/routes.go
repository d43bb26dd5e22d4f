package api

import (
	"net/http"

	"sigap/internal/identity"
)

// Routes lists every endpoint of the API.
func Routes() []Route {
	return []Route{
		{Method: "GET", Path: "/api/v1/openapi.json", Public: true, Handle: (*API).openapi},
		{Method: "GET", Path: "/api/v1/me", Handle: (*API).me},
		{Method: "GET", Path: "/api/v1/tenants", Handle: (*API).tenants},
		{Method: "GET", Path: "/api/v1/regions", Handle: (*API).regions},
		{Method: "GET", Path: "/api/v1/regions/{code}", Handle: (*API).region},
		{Method: "GET", Path: "/api/v1/units", Handle: (*API).units},
		{Method: "POST", Path: "/api/v1/units", Handle: (*API).unitCreate},
		{Method: "GET", Path: "/api/v1/units/{id}", Handle: (*API).unit},
		{Method: "PATCH", Path: "/api/v1/units/{id}", Handle: (*API).unitUpdate},
		{Method: "POST", Path: "/api/v1/units/{id}/archive", Handle: (*API).unitArchive},
		{Method: "POST", Path: "/api/v1/units/{id}/restore", Handle: (*API).unitRestore},
		{Method: "GET", Path: "/api/v1/users", Handle: (*API).users},
		{Method: "POST", Path: "/api/v1/users", Handle: (*API).userCreate},
		{Method: "GET", Path: "/api/v1/users/{id}", Handle: (*API).user},
		{Method: "GET", Path: "/api/v1/employees", Handle: (*API).employees},
		{Method: "GET", Path: "/api/v1/employees/{id}", Handle: (*API).employee},
		{Method: "POST", Path: "/api/v1/public/{tenant}/reports", Public: true, Handle: (*API).publicReport},
		{Method: "POST", Path: "/api/v1/public/{tenant}/status", Public: true, Handle: (*API).publicStatus},
		{Method: "POST", Path: "/api/v1/public/{tenant}/messages", Public: true, Handle: (*API).publicMessage},
		{Method: "GET", Path: "/api/v1/reports", Handle: (*API).reports},
		{Method: "POST", Path: "/api/v1/reports", Handle: (*API).reportRecord},
		{Method: "GET", Path: "/api/v1/reports/{id}", Handle: (*API).reportDetail},
		{Method: "POST", Path: "/api/v1/reports/{id}/verify", Handle: (*API).reportVerify},
		{Method: "POST", Path: "/api/v1/reports/{id}/messages", Handle: (*API).reportMessage},
		{Method: "POST", Path: "/api/v1/reports/{id}/employee", Handle: (*API).reportEmployee},
		{Method: "POST", Path: "/api/v1/reports/{id}/merge", Handle: (*API).reportMerge},
		{Method: "POST", Path: "/api/v1/reports/{id}/outcomes", Handle: (*API).reportOutcome},
		{Method: "POST", Path: "/api/v1/reports/{id}/close", Handle: (*API).reportClose},
		{Method: "GET", Path: "/api/v1/stats/protection", Handle: (*API).protectionStats},
		{Method: "GET", Path: "/api/v1/stats/prevention", Handle: (*API).preventionOverview},
		{Method: "GET", Path: "/api/v1/stats/oversight", Handle: (*API).oversight},
		{Method: "GET", Path: "/api/v1/stats/dashboard", Handle: (*API).dashboard},
		{Method: "GET", Path: "/api/v1/calendar/days-off", Handle: (*API).daysOff},
		{Method: "GET", Path: "/api/v1/calendar/working-days", Handle: (*API).workingDays},
		{Method: "GET", Path: "/api/v1/calendar/add-working-days", Handle: (*API).addWorkingDays},
	}
}

func (a *API) openapi(w http.ResponseWriter, r *http.Request, _ identity.User) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Write(openapiDoc)
}
