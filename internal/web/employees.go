package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"sigap/internal/access"
	"sigap/internal/app"
	"sigap/internal/org"
	"sigap/internal/roster"
	"sigap/internal/store"
)

const employeesPerPage = 50

type employeesData struct {
	Employees  []roster.Employee
	Total      int
	Query      string
	UnitID     int64
	Inactive   bool
	Units      []org.TreeNode
	CanManage  bool
	PageNo     int
	Pages      int
	PrevURL    string
	NextURL    string
	FirstIndex int
	LastIndex  int
}

func (s *Server) employees(w http.ResponseWriter, r *http.Request) {
	st := stateOf(r)
	if !s.can(w, r, access.ViewRoster) {
		return
	}
	v := r.URL.Query()
	d := employeesData{Query: strings.TrimSpace(v.Get("q")), Inactive: v.Get("inactive") == "1", CanManage: access.Can(st.user, access.ManageRoster)}
	d.UnitID, _ = strconv.ParseInt(v.Get("unit"), 10, 64)
	d.PageNo, _ = strconv.Atoi(v.Get("page"))
	d.PageNo = max(d.PageNo, 1)
	var err error
	if d.Units, err = s.app.UnitTree(r.Context(), st.user, false); err != nil {
		s.fail(w, r, err)
		return
	}
	d.Employees, d.Total, err = s.app.Employees(r.Context(), st.user, store.EmployeeQuery{
		Text: d.Query, UnitID: d.UnitID, Inactive: d.Inactive, Offset: (d.PageNo - 1) * employeesPerPage, Limit: employeesPerPage})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d.Pages = max(1, (d.Total+employeesPerPage-1)/employeesPerPage)
	link := func(n int) string {
		q := url.Values{"page": {strconv.Itoa(n)}}
		if d.Query != "" {
			q.Set("q", d.Query)
		}
		if d.UnitID != 0 {
			q.Set("unit", strconv.FormatInt(d.UnitID, 10))
		}
		if d.Inactive {
			q.Set("inactive", "1")
		}
		return "/employees?" + q.Encode()
	}
	if d.PageNo > 1 {
		d.PrevURL = link(d.PageNo - 1)
	}
	if d.PageNo < d.Pages {
		d.NextURL = link(d.PageNo + 1)
	}
	if len(d.Employees) > 0 {
		d.FirstIndex = (d.PageNo-1)*employeesPerPage + 1
		d.LastIndex = d.FirstIndex + len(d.Employees) - 1
	}
	s.render(w, r, http.StatusOK, "employees", s.page(w, r, "employees.title", d))
}

type employeeData struct {
	app.EmployeeView
	PPK       string // how the head of the region is called here
	Levels    int    // the level of subordinates listed
	Below     []roster.Employee
	BelowN    int
	CanManage bool
	Pledges   []store.PledgeSignature
}

// LevelChoices are the depths of subordinates the page offers: PP 94
// counts powers one and two levels below.
func (employeeData) LevelChoices() []int { return []int{1, 2, 3} }

func (s *Server) employee(w http.ResponseWriter, r *http.Request) {
	st := stateOf(r)
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v, err := s.app.Employee(r.Context(), st.user, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := s.page(w, r, "employees.title", nil)
	p.Title = v.Employee.Name
	d := employeeData{EmployeeView: v, Levels: 1, Below: v.Subordinates, BelowN: v.SubordinateCount, CanManage: access.Can(st.user, access.ManageRoster)}
	d.PPK = p.L("authority.ppk." + headKind(p.Tenant))
	if n, err := strconv.Atoi(r.URL.Query().Get("levels")); err == nil && n > 1 && n <= 10 {
		d.Levels = n
		if d.Below, d.BelowN, err = s.app.Subordinates(r.Context(), st.user, id, n); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	if d.Pledges, err = s.app.EmployeePledges(r.Context(), st.user, id); err != nil {
		s.fail(w, r, err)
		return
	}
	p.Data = d
	s.render(w, r, http.StatusOK, "employee", p)
}

// headKind tells a regency from a city by its Kemendagri code: cities are
// numbered from 71 within their province.
func headKind(t org.Tenant) string {
	_, reg, _ := strings.Cut(t.Code, ".")
	if len(reg) == 2 && reg >= "71" {
		return "kota"
	}
	return "kabupaten"
}
