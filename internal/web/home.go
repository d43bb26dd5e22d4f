package web

import (
	"net/http"

	"sigap/internal/calendar"
	"sigap/internal/identity"
	"sigap/internal/protection"
	"sigap/internal/refdata"
	"sigap/internal/store"
)

// homeCard is one box on the home page: what waits for the user in one of
// their roles.
// Its texts are translated here rather than in the template: this is the
// page every user opens most, and each template call costs reflection.
type homeCard struct {
	Role               identity.Role
	Title, What, Empty string
	Items              []homeItem // empty: the card shows its empty-state text
}

type homeItem struct {
	Label string // catalogue key, translated by finish
	Count string // formatted by finish
	n     int
	Link  string
}

type homeData struct {
	Greeting  string
	TodayText string
	Cards     []homeCard
	Today     calendar.Date
	Work      bool // whether today is a working day in the tenant
}

// finish translates and formats the page's texts for p's language.
func (d *homeData) finish(p *Page) {
	d.Greeting = p.T("home.greeting", "Name", p.User.DisplayName)
	work := p.L("home.day_off")
	if d.Work {
		work = p.L("home.working_day")
	}
	d.TodayText = p.Weekday(d.Today) + ", " + p.Date(d.Today) + " · " + work
	for i := range d.Cards {
		c := &d.Cards[i]
		r := string(c.Role)
		c.Title, c.What, c.Empty = p.L("role."+r), p.L("home."+r+".what"), p.L("home."+r+".empty")
		for j := range c.Items {
			c.Items[j].Label, c.Items[j].Count = p.L(c.Items[j].Label), p.Num(c.Items[j].n)
		}
	}
}

func (s *Server) home(w http.ResponseWriter, r *http.Request) {
	st := stateOf(r)
	ctx := r.Context()
	data := homeData{Today: calendar.DateOf(s.app.Store.Now(), s.loc)}
	var err error
	if !st.user.Has(identity.Admin) { // the admin's figures below tell it
		if data.Work, err = s.app.Store.IsWorkingDay(ctx, st.user.TenantID, data.Today); err != nil {
			s.fail(w, r, err)
			return
		}
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
			national, err := s.app.Store.IsNationalWorkingDay(ctx, data.Today)
			if err != nil {
				s.fail(w, r, err)
				return
			}
			data.Work = national && !c.TodayOff
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
				{Label: "home.admin.units", n: c.Units, Link: "/admin/units"},
				{Label: "home.admin.users", n: c.Users, Link: "/admin/users"},
				{Label: "home.admin.days_off", n: c.LocalDaysOff, Link: "/admin/calendar"},
				{Label: "home.admin.districts", n: regions[refdata.LevelDistrict]},
				{Label: "home.admin.villages", n: regions[refdata.LevelVillage]},
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
				card.Items = []homeItem{{Label: "home.custodian.pending", n: pending, Link: "/custodian/requests"}}
			}
		case identity.Protection, identity.ProtectionLead:
			// One statement each: the caller's open cases, and for the
			// lead the office's cases with a TPKS deadline passed.
			_, mine, err := s.app.ProtectionCases(ctx, st.user, true, protection.Open, 0, 1)
			if err != nil {
				s.fail(w, r, err)
				return
			}
			card.Items = []homeItem{{Label: "home.protection.open", n: mine, Link: "/protection/dashboard"}}
			if role == identity.ProtectionLead {
				t, err := s.app.Store.ProtectionClockTotals(ctx, st.user.TenantID)
				if err != nil {
					s.fail(w, r, err)
					return
				}
				card.Items = append(card.Items, homeItem{Label: "home.protection_lead.open", n: t.Open, Link: "/protection?status=open"},
					homeItem{Label: "home.protection_lead.late", n: t.Late, Link: "/protection?status=open"})
			}
		case identity.Operator:
			tenants, err := s.app.Tenants(ctx, st.user)
			if err != nil {
				s.fail(w, r, err)
				return
			}
			card.Items = []homeItem{{Label: "home.operator.tenants", n: len(tenants), Link: "/operator/tenants"}}
		}
		data.Cards = append(data.Cards, card)
	}
	p := s.page(w, r, "home.title", nil)
	data.finish(p)
	p.Data = data
	s.render(w, r, http.StatusOK, "home", p)
}
