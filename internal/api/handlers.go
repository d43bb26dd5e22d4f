package api

import (
	"net/http"
	"strconv"

	"sigap/internal/app"
	"sigap/internal/apperr"
	"sigap/internal/calendar"
	"sigap/internal/identity"
	"sigap/internal/org"
)

func (a *API) me(w http.ResponseWriter, r *http.Request, u identity.User) {
	writeJSON(w, http.StatusOK, viewUser(u))
}

func (a *API) tenants(w http.ResponseWriter, r *http.Request, u identity.User) {
	ts, err := a.app.Tenants(r.Context(), u)
	if err != nil {
		a.fail(w, r, u, err)
		return
	}
	out := list[tenantView]{Items: []tenantView{}, Total: len(ts)}
	for _, t := range ts {
		out.Items = append(out.Items, viewTenant(t))
	}
	writeJSON(w, http.StatusOK, out)
}

func (a *API) regions(w http.ResponseWriter, r *http.Request, u identity.User) {
	rs, err := a.app.Regions(r.Context(), u, r.URL.Query().Get("parent"))
	if err != nil {
		a.fail(w, r, u, err)
		return
	}
	out := list[regionView]{Items: []regionView{}, Total: len(rs)}
	for _, x := range rs {
		out.Items = append(out.Items, viewRegion(x))
	}
	writeJSON(w, http.StatusOK, out)
}

func (a *API) region(w http.ResponseWriter, r *http.Request, u identity.User) {
	x, err := a.app.Region(r.Context(), u, r.PathValue("code"))
	if err != nil {
		a.fail(w, r, u, err)
		return
	}
	writeJSON(w, http.StatusOK, viewRegion(x))
}

func (a *API) units(w http.ResponseWriter, r *http.Request, u identity.User) {
	nodes, err := a.app.UnitTree(r.Context(), u, r.URL.Query().Get("archived") == "true")
	if err != nil {
		a.fail(w, r, u, err)
		return
	}
	out := list[unitView]{Items: []unitView{}, Total: len(nodes)}
	for _, n := range nodes {
		out.Items = append(out.Items, viewUnit(n.Unit, n.Depth))
	}
	writeJSON(w, http.StatusOK, out)
}

func pathID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, apperr.New(apperr.NotFound, "error.not_found")
	}
	return id, nil
}

func (a *API) unit(w http.ResponseWriter, r *http.Request, u identity.User) {
	id, err := pathID(r)
	var x org.Unit
	if err == nil {
		x, err = a.app.Unit(r.Context(), u, id)
	}
	if err != nil {
		a.fail(w, r, u, err)
		return
	}
	writeJSON(w, http.StatusOK, viewUnit(x, 0))
}

// unitBody is the request body for creating or changing a unit. On PATCH,
// absent fields keep their value; parent_id 0 moves the unit to the top.
type unitBody struct {
	ParentID     *int64  `json:"parent_id"`
	Name         *string `json:"name"`
	Abbreviation *string `json:"abbreviation"`
	Kind         *string `json:"kind"`
}

func (b unitBody) apply(in org.UnitInput) org.UnitInput {
	if b.ParentID != nil {
		in.ParentID = *b.ParentID
	}
	if b.Name != nil {
		in.Name = *b.Name
	}
	if b.Abbreviation != nil {
		in.Abbreviation = *b.Abbreviation
	}
	if b.Kind != nil {
		in.Kind = org.UnitKind(*b.Kind)
	}
	return in
}

func (a *API) unitCreate(w http.ResponseWriter, r *http.Request, u identity.User) {
	var b unitBody
	if err := decode(r, w, &b); err != nil {
		a.fail(w, r, u, err)
		return
	}
	x, err := a.app.CreateUnit(r.Context(), u, b.apply(org.UnitInput{}))
	if err != nil {
		a.fail(w, r, u, err)
		return
	}
	w.Header().Set("Location", "/api/v1/units/"+strconv.FormatInt(x.ID, 10))
	writeJSON(w, http.StatusCreated, viewUnit(x, 0))
}

func (a *API) unitUpdate(w http.ResponseWriter, r *http.Request, u identity.User) {
	id, err := pathID(r)
	if err != nil {
		a.fail(w, r, u, err)
		return
	}
	var b unitBody
	if err := decode(r, w, &b); err != nil {
		a.fail(w, r, u, err)
		return
	}
	cur, err := a.app.Unit(r.Context(), u, id)
	if err != nil {
		a.fail(w, r, u, err)
		return
	}
	in := b.apply(org.UnitInput{ParentID: cur.ParentID, Name: cur.Name, Abbreviation: cur.Abbreviation, Kind: cur.Kind})
	x, err := a.app.UpdateUnit(r.Context(), u, id, in)
	if err != nil {
		a.fail(w, r, u, err)
		return
	}
	writeJSON(w, http.StatusOK, viewUnit(x, 0))
}

func (a *API) unitArchive(w http.ResponseWriter, r *http.Request, u identity.User) {
	a.unitSetArchived(w, r, u, true)
}

func (a *API) unitRestore(w http.ResponseWriter, r *http.Request, u identity.User) {
	a.unitSetArchived(w, r, u, false)
}

func (a *API) unitSetArchived(w http.ResponseWriter, r *http.Request, u identity.User, archived bool) {
	id, err := pathID(r)
	if err == nil {
		err = a.app.SetUnitArchived(r.Context(), u, id, archived)
	}
	var x org.Unit
	if err == nil {
		x, err = a.app.Unit(r.Context(), u, id)
	}
	if err != nil {
		a.fail(w, r, u, err)
		return
	}
	writeJSON(w, http.StatusOK, viewUnit(x, 0))
}

const usersPerPage = 50

func (a *API) users(w http.ResponseWriter, r *http.Request, u identity.User) {
	q := r.URL.Query()
	page := 1
	if v := q.Get("page"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			a.fail(w, r, u, badQuery("page"))
			return
		}
		page = n
	}
	res, err := a.app.Users(r.Context(), u, 0, q.Get("q"), page, usersPerPage)
	if err != nil {
		a.fail(w, r, u, err)
		return
	}
	out := struct {
		list[userView]
		Page     int `json:"page"`
		PageSize int `json:"page_size"`
	}{list[userView]{Items: []userView{}, Total: res.Total}, page, usersPerPage}
	for _, x := range res.Users {
		out.Items = append(out.Items, viewUser(x))
	}
	writeJSON(w, http.StatusOK, out)
}

func (a *API) user(w http.ResponseWriter, r *http.Request, u identity.User) {
	id, err := pathID(r)
	var x identity.User
	if err == nil {
		x, err = a.app.User(r.Context(), u, id)
	}
	if err != nil {
		a.fail(w, r, u, err)
		return
	}
	writeJSON(w, http.StatusOK, viewUser(x))
}

type userBody struct {
	Username    string          `json:"username"`
	DisplayName string          `json:"display_name"`
	Email       string          `json:"email"`
	Password    string          `json:"password"`
	Roles       []identity.Role `json:"roles"`
}

func (a *API) userCreate(w http.ResponseWriter, r *http.Request, u identity.User) {
	var b userBody
	if err := decode(r, w, &b); err != nil {
		a.fail(w, r, u, err)
		return
	}
	x, err := a.app.CreateUser(r.Context(), u, app.UserInput{Username: b.Username, DisplayName: b.DisplayName, Email: b.Email, Password: b.Password, Roles: b.Roles})
	if err != nil {
		a.fail(w, r, u, err)
		return
	}
	w.Header().Set("Location", "/api/v1/users/"+strconv.FormatInt(x.ID, 10))
	writeJSON(w, http.StatusCreated, viewUser(x))
}

func (a *API) daysOff(w http.ResponseWriter, r *http.Request, u identity.User) {
	cal, err := a.app.Calendar(r.Context(), u)
	if err != nil {
		a.fail(w, r, u, err)
		return
	}
	year, err := strconv.Atoi(r.URL.Query().Get("year"))
	if err != nil || year < 1900 || year > 2200 {
		a.fail(w, r, u, badQuery("year"))
		return
	}
	out := struct {
		list[dayOffView]
		Year        int  `json:"year"`
		WorkingDays int  `json:"working_days"`
		Covered     bool `json:"national_data"`
	}{list[dayOffView]{Items: []dayOffView{}}, year, cal.WorkingDaysInYear(year), cal.Covers(year)}
	for _, d := range cal.DaysOff(year) {
		out.Items = append(out.Items, dayOffView{Date: d.Date, Name: d.Name, Kind: d.Kind})
	}
	out.Total = len(out.Items)
	writeJSON(w, http.StatusOK, out)
}

func queryDate(r *http.Request, name string) (calendar.Date, error) {
	d, err := calendar.ParseDate(r.URL.Query().Get(name))
	if err != nil {
		return d, badQuery(name)
	}
	return d, nil
}

func (a *API) workingDays(w http.ResponseWriter, r *http.Request, u identity.User) {
	cal, err := a.app.Calendar(r.Context(), u)
	var from, to calendar.Date
	if err == nil {
		from, err = queryDate(r, "from")
	}
	if err == nil {
		to, err = queryDate(r, "to")
	}
	if err == nil && (from.DaysUntil(to) > 3660 || to.DaysUntil(from) > 3660) {
		err = badQuery("to")
	}
	if err != nil {
		a.fail(w, r, u, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"from": from, "to": to, "working_days": cal.WorkingDaysBetween(from, to)})
}

func (a *API) addWorkingDays(w http.ResponseWriter, r *http.Request, u identity.User) {
	cal, err := a.app.Calendar(r.Context(), u)
	var from calendar.Date
	if err == nil {
		from, err = queryDate(r, "from")
	}
	n, nerr := strconv.Atoi(r.URL.Query().Get("days"))
	if err == nil && (nerr != nil || n < -1000 || n > 1000) {
		err = badQuery("days")
	}
	if err != nil {
		a.fail(w, r, u, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"from": from, "days": n, "date": cal.AddWorkingDays(from, n)})
}
