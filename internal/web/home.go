package web

import (
	"net/http"

	"sigap/internal/calendar"
	"sigap/internal/identity"
	"sigap/internal/refdata"
	"sigap/internal/store"
)

// homeCard is one box on the home page: what waits for the user in one of
// their roles.
type homeCard struct {
	Role  identity.Role
	Items []homeItem // empty: the card shows its empty-state text
	Link  string     // where the role's work lives, if it exists yet
}

type homeItem struct {
	Label string // catalogue key
	Count int
	Link  string
}

type homeData struct {
	Cards []homeCard
	Today calendar.Date
	Work  bool // whether today is a working day in the tenant
}

func (s *Server) home(w http.ResponseWriter, r *http.Request) {
	st := stateOf(r)
	ctx := r.Context()
	data := homeData{Today: calendar.DateOf(s.app.Store.Now(), s.loc)}
	var err error
	if data.Work, err = s.app.Store.IsWorkingDay(ctx, st.user.TenantID, data.Today); err != nil {
		s.fail(w, r, err)
		return
	}
	// This page is the one every user opens most: a few statements in all.
	for _, role := range st.user.Roles {
		card := homeCard{Role: role}
		switch role {
		case identity.Admin:
			c, err := s.app.Store.AdminCounts(ctx, st.user.TenantID, data.Today)
			if err != nil {
				s.fail(w, r, err)
				return
			}
			tenant, err := s.app.OwnTenant(ctx, st.user)
			if err != nil {
				s.fail(w, r, err)
				return
			}
			regions, err := s.app.Store.RegionSummary(ctx, tenant.RegionCode)
			if err != nil {
				s.fail(w, r, err)
				return
			}
			card.Items = []homeItem{
				{Label: "home.admin.units", Count: c.Units, Link: "/admin/units"},
				{Label: "home.admin.users", Count: c.Users, Link: "/admin/users"},
				{Label: "home.admin.days_off", Count: c.LocalDaysOff, Link: "/admin/calendar"},
				{Label: "home.admin.districts", Count: regions[refdata.LevelDistrict]},
				{Label: "home.admin.villages", Count: regions[refdata.LevelVillage]},
			}
		case identity.Custodian:
			reqs, err := s.app.UnsealRequests(ctx, st.user)
			if err != nil {
				s.fail(w, r, err)
				return
			}
			pending := 0
			for _, q := range reqs {
				if q.Status == store.UnsealPending {
					pending++
				}
			}
			if pending > 0 {
				card.Items = []homeItem{{Label: "home.custodian.pending", Count: pending, Link: "/custodian/requests"}}
			}
		case identity.Operator:
			tenants, err := s.app.Tenants(ctx, st.user)
			if err != nil {
				s.fail(w, r, err)
				return
			}
			card.Items = []homeItem{{Label: "home.operator.tenants", Count: len(tenants), Link: "/operator/tenants"}}
		}
		data.Cards = append(data.Cards, card)
	}
	s.render(w, r, http.StatusOK, "home", s.page(w, r, "home.title", data))
}
