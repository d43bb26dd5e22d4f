package api

import (
	"net/http"
	"strconv"
	"time"

	"sigap/internal/identity"
	"sigap/internal/roster"
	"sigap/internal/store"
)

const employeesPerPage = 50

type employeeView struct {
	ID         int64               `json:"id"`
	NIP        string              `json:"nip"`
	Name       string              `json:"name"`
	Status     roster.Status       `json:"status"`
	Rank       string              `json:"rank"`
	Position   string              `json:"position"`
	Kind       roster.PositionKind `json:"position_kind"`
	Level      string              `json:"functional_level,omitempty"`
	Echelon    string              `json:"echelon,omitempty"`
	UnitID     int64               `json:"unit_id"`
	UnitName   string              `json:"unit_name"`
	SuperiorID *int64              `json:"superior_id"`
	State      roster.State        `json:"state"`
	UpdatedAt  time.Time           `json:"updated_at"`
}

func viewEmployee(e roster.Employee) employeeView {
	v := employeeView{ID: e.ID, NIP: e.NIP, Name: e.Name, Status: e.Status, Rank: e.Rank, Position: e.Position, Kind: e.Kind,
		Level: e.Level, Echelon: e.Echelon, UnitID: e.UnitID, UnitName: e.UnitName, State: e.State, UpdatedAt: e.UpdatedAt}
	if e.SuperiorID != 0 {
		id := e.SuperiorID
		v.SuperiorID = &id
	}
	return v
}

func (a *API) employees(w http.ResponseWriter, r *http.Request, u identity.User) {
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
	var unit int64
	if v := q.Get("unit"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 1 {
			a.fail(w, r, u, badQuery("unit"))
			return
		}
		unit = n
	}
	found, total, err := a.app.Employees(r.Context(), u, store.EmployeeQuery{Text: q.Get("q"), UnitID: unit, Inactive: q.Get("inactive") == "true",
		Offset: (page - 1) * employeesPerPage, Limit: employeesPerPage})
	if err != nil {
		a.fail(w, r, u, err)
		return
	}
	out := struct {
		list[employeeView]
		Page     int `json:"page"`
		PageSize int `json:"page_size"`
	}{list[employeeView]{Items: []employeeView{}, Total: total}, page, employeesPerPage}
	for _, e := range found {
		out.Items = append(out.Items, viewEmployee(e))
	}
	writeJSON(w, http.StatusOK, out)
}

type authorityView struct {
	Sanction string        `json:"sanction"`
	Level    string        `json:"level"`
	By       string        `json:"by"` // ppk, official, beyond, not_covered
	Official *employeeView `json:"official,omitempty"`
	Distance int           `json:"distance,omitempty"`
	Rule     string        `json:"rule"`
	Article  string        `json:"article"`
}

type positionView struct {
	Position   string              `json:"position"`
	Kind       roster.PositionKind `json:"position_kind"`
	Status     roster.Status       `json:"status"`
	Rank       string              `json:"rank"`
	UnitName   string              `json:"unit_name"`
	SuperiorID *int64              `json:"superior_id"`
	State      roster.State        `json:"state"`
	RecordedAt time.Time           `json:"recorded_at"`
}

func (a *API) employee(w http.ResponseWriter, r *http.Request, u identity.User) {
	id, err := pathID(r)
	if err != nil {
		a.fail(w, r, u, err)
		return
	}
	v, err := a.app.Employee(r.Context(), u, id)
	if err != nil {
		a.fail(w, r, u, err)
		return
	}
	out := struct {
		employeeView
		Superiors   []employeeView  `json:"superiors"`
		Authorities []authorityView `json:"authorities"`
		Positions   []positionView  `json:"positions"`
	}{viewEmployee(v.Employee), []employeeView{}, []authorityView{}, []positionView{}}
	for _, c := range v.Chain {
		out.Superiors = append(out.Superiors, viewEmployee(c))
	}
	for _, au := range v.Authorities {
		av := authorityView{Sanction: string(au.Sanction), Level: string(au.Sanction.Level()), By: string(au.By), Distance: au.Distance, Rule: au.Rule, Article: au.Article}
		if au.Official.ID != 0 {
			o := viewEmployee(au.Official)
			av.Official = &o
		}
		out.Authorities = append(out.Authorities, av)
	}
	for _, p := range v.Positions {
		pv := positionView{Position: p.Position, Kind: p.Kind, Status: p.Status, Rank: p.Rank, UnitName: p.UnitName, State: p.State, RecordedAt: p.RecordedAt}
		if p.SuperiorID != 0 {
			s := p.SuperiorID
			pv.SuperiorID = &s
		}
		out.Positions = append(out.Positions, pv)
	}
	writeJSON(w, http.StatusOK, out)
}
