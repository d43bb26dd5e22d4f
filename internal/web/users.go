package web

import (
	"net/http"
	"net/url"
	"strconv"

	"sigap/internal/access"
	"sigap/internal/app"
	"sigap/internal/identity"
	"sigap/internal/store"
)

const usersPerPage = 25

type usersData struct {
	Page       store.UserPage
	Query      string
	PageNo     int
	Pages      int
	PrevURL    string
	NextURL    string
	FirstIndex int
	LastIndex  int
}

func (s *Server) users(w http.ResponseWriter, r *http.Request) {
	if !s.can(w, r, access.ManageUsers) {
		return
	}
	q := r.URL.Query().Get("q")
	pageNo, _ := strconv.Atoi(r.URL.Query().Get("page"))
	pageNo = max(pageNo, 1)
	page, err := s.app.Users(r.Context(), stateOf(r).user, 0, q, pageNo, usersPerPage)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d := usersData{Page: page, Query: q, PageNo: pageNo, Pages: max(1, (page.Total+usersPerPage-1)/usersPerPage)}
	link := func(n int) string {
		v := url.Values{"page": {strconv.Itoa(n)}}
		if q != "" {
			v.Set("q", q)
		}
		return "/admin/users?" + v.Encode()
	}
	if pageNo > 1 {
		d.PrevURL = link(pageNo - 1)
	}
	if pageNo < d.Pages {
		d.NextURL = link(pageNo + 1)
	}
	if len(page.Users) > 0 {
		d.FirstIndex = (pageNo-1)*usersPerPage + 1
		d.LastIndex = d.FirstIndex + len(page.Users) - 1
	}
	s.render(w, r, http.StatusOK, "users", s.page(w, r, "users.title", d))
}

// userFormData fills the account form.
type userFormData struct {
	ID       int64
	Input    app.UserInput
	Roles    []identity.Role // the roles this user may hand out
	Checked  map[identity.Role]bool
	Disabled bool
	Self     bool
	// Oversight is set on the operator's page of an oversight account:
	// the region it watches and the provinces to choose from.
	Oversight *oversightScopeData
}

func (s *Server) userForm(r *http.Request, id int64, in app.UserInput, disabled bool) userFormData {
	u := stateOf(r).user
	roles := identity.TenantRoles
	if u.TenantID == 0 {
		roles = identity.InstallationRoles
	}
	checked := map[identity.Role]bool{}
	for _, r := range in.Roles {
		checked[r] = true
	}
	d := userFormData{ID: id, Input: in, Roles: roles, Checked: checked, Disabled: disabled, Self: id == u.ID}
	if id != 0 && checked[identity.Oversight] && access.Can(u, access.ManageTenants) {
		d.Oversight = s.oversightScopeForm(r, id)
	}
	return d
}

func userInput(r *http.Request) app.UserInput {
	in := app.UserInput{Username: r.PostFormValue("username"), DisplayName: r.PostFormValue("display_name"), Email: r.PostFormValue("email"), Password: r.PostFormValue("password")}
	for _, v := range r.PostForm["roles"] {
		in.Roles = append(in.Roles, identity.Role(v))
	}
	return in
}

func (s *Server) userNew(w http.ResponseWriter, r *http.Request) {
	if !s.can(w, r, access.ManageUsers) {
		return
	}
	s.render(w, r, http.StatusOK, "user_form", s.page(w, r, "users.new", s.userForm(r, 0, app.UserInput{}, false)))
}

func (s *Server) userCreate(w http.ResponseWriter, r *http.Request) {
	in := userInput(r)
	u, err := s.app.CreateUser(r.Context(), stateOf(r).user, in)
	if err != nil {
		in.Password = ""
		s.formError(w, r, "user_form", s.page(w, r, "users.new", s.userForm(r, 0, in, false)), err)
		return
	}
	s.redirect(w, r, "/admin/users/"+strconv.FormatInt(u.ID, 10), "user_created")
}

func (s *Server) userEdit(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	u, err := s.app.User(r.Context(), stateOf(r).user, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	in := app.UserInput{Username: u.Username, DisplayName: u.DisplayName, Email: u.Email, Roles: u.Roles}
	s.render(w, r, http.StatusOK, "user_form", s.page(w, r, "users.edit", s.userForm(r, id, in, u.Disabled)))
}

func (s *Server) userUpdate(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	in := userInput(r)
	if err := s.app.UpdateUser(r.Context(), stateOf(r).user, id, in); err != nil {
		s.userFormError(w, r, id, &in, err)
		return
	}
	s.redirect(w, r, "/admin/users/"+strconv.FormatInt(id, 10), "user_saved")
}

// userFormError shows the account form again with err: with what the
// admin typed (in), or with the stored account when in is nil.
func (s *Server) userFormError(w http.ResponseWriter, r *http.Request, id int64, in *app.UserInput, err error) {
	target, terr := s.app.User(r.Context(), stateOf(r).user, id)
	if terr != nil {
		s.fail(w, r, terr)
		return
	}
	form := app.UserInput{Username: target.Username, DisplayName: target.DisplayName, Email: target.Email, Roles: target.Roles}
	if in != nil {
		form = *in
		form.Username = target.Username
	}
	s.formError(w, r, "user_form", s.page(w, r, "users.edit", s.userForm(r, id, form, target.Disabled)), err)
}

func (s *Server) userResetPassword(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.app.ResetPassword(r.Context(), stateOf(r).user, id, r.PostFormValue("new_password")); err != nil {
		s.userFormError(w, r, id, nil, err)
		return
	}
	s.redirect(w, r, "/admin/users/"+strconv.FormatInt(id, 10), "password_reset")
}

// userConfirm renders a confirmation page about the account in the path.
func (s *Server) userConfirm(w http.ResponseWriter, r *http.Request, page, title string) {
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	u, err := s.app.User(r.Context(), stateOf(r).user, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, page, s.page(w, r, title, u))
}

func (s *Server) userDisableConfirm(w http.ResponseWriter, r *http.Request) {
	s.userConfirm(w, r, "user_disable", "users.disable.title")
}

func (s *Server) userDisable(w http.ResponseWriter, r *http.Request) { s.userSetDisabled(w, r, true) }
func (s *Server) userEnable(w http.ResponseWriter, r *http.Request)  { s.userSetDisabled(w, r, false) }

func (s *Server) userSetDisabled(w http.ResponseWriter, r *http.Request, disabled bool) {
	id, err := pathID(r, "id")
	if err == nil {
		err = s.app.SetUserDisabled(r.Context(), stateOf(r).user, id, disabled)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	flash := "user_enabled"
	if disabled {
		flash = "user_disabled"
	}
	s.redirect(w, r, "/admin/users/"+strconv.FormatInt(id, 10), flash)
}
