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
		{Method: "GET", Path: "/api/v1/calendar/days-off", Handle: (*API).daysOff},
		{Method: "GET", Path: "/api/v1/calendar/working-days", Handle: (*API).workingDays},
		{Method: "GET", Path: "/api/v1/calendar/add-working-days", Handle: (*API).addWorkingDays},
	}
}

func (a *API) openapi(w http.ResponseWriter, r *http.Request, _ identity.User) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Write(openapiDoc)
}
