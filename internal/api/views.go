package api

import (
	"time"

	"sigap/internal/calendar"
	"sigap/internal/identity"
	"sigap/internal/org"
	"sigap/internal/refdata"
)

// The JSON shapes of the API. They are separate from the domain types so
// that a field added inside sigap is not published by accident.

type userView struct {
	ID          int64           `json:"id"`
	TenantID    int64           `json:"tenant_id,omitempty"`
	Username    string          `json:"username"`
	DisplayName string          `json:"display_name"`
	Email       string          `json:"email,omitempty"`
	Roles       []identity.Role `json:"roles"`
	Disabled    bool            `json:"disabled"`
	CreatedAt   time.Time       `json:"created_at"`
}

func viewUser(u identity.User) userView {
	roles := u.Roles
	if roles == nil {
		roles = []identity.Role{}
	}
	return userView{ID: u.ID, TenantID: u.TenantID, Username: u.Username, DisplayName: u.DisplayName, Email: u.Email, Roles: roles, Disabled: u.Disabled, CreatedAt: u.CreatedAt}
}

type tenantView struct {
	ID        int64     `json:"id"`
	Code      string    `json:"code"`
	Slug      string    `json:"slug"`
	Name      string    `json:"name"`
	CreatedAt time.Time `json:"created_at"`
}

func viewTenant(t org.Tenant) tenantView {
	return tenantView{ID: t.ID, Code: t.Code, Slug: t.Slug, Name: t.Name, CreatedAt: t.CreatedAt}
}

type unitView struct {
	ID           int64        `json:"id"`
	ParentID     *int64       `json:"parent_id"`
	Name         string       `json:"name"`
	Abbreviation string       `json:"abbreviation"`
	Kind         org.UnitKind `json:"kind"`
	Archived     bool         `json:"archived"`
	Depth        int          `json:"depth"`
	UpdatedAt    time.Time    `json:"updated_at"`
}

func viewUnit(u org.Unit, depth int) unitView {
	v := unitView{ID: u.ID, Name: u.Name, Abbreviation: u.Abbreviation, Kind: u.Kind, Archived: u.Archived, Depth: depth, UpdatedAt: u.UpdatedAt}
	if u.ParentID != 0 {
		p := u.ParentID
		v.ParentID = &p
	}
	return v
}

type regionView struct {
	Code       string        `json:"code"`
	Name       string        `json:"name"`
	Level      refdata.Level `json:"level"`
	ParentCode string        `json:"parent_code,omitempty"`
}

func viewRegion(r refdata.Region) regionView {
	return regionView{Code: r.Code, Name: r.Name, Level: r.Level, ParentCode: r.ParentCode}
}

type dayOffView struct {
	Date calendar.Date `json:"date"`
	Name string        `json:"name"`
	Kind calendar.Kind `json:"kind"`
}

// list wraps a collection so that fields (totals, pages) can be added later
// without breaking clients.
type list[T any] struct {
	Items []T `json:"items"`
	Total int `json:"total"`
}
