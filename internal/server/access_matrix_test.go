package server_test

import (
	"context"
	"maps"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"sigap/internal/access"
	"sigap/internal/api"
	"sigap/internal/calendar"
	"sigap/internal/db"
	"sigap/internal/discipline"
	"sigap/internal/guidance"
	"sigap/internal/identity"
	"sigap/internal/nip"
	"sigap/internal/protection"
	"sigap/internal/report"
	"sigap/internal/roster"
	"sigap/internal/store"
	"sigap/internal/testserver"
	"sigap/internal/vault"
)

// gate says what a route needs. Routes with an object in the path are
// tried with an object of the user's own tenant and one of another tenant.
type gate struct {
	cap    access.Capability // "" for every signed-in account
	object string            // which kind of object {id} or {day} names; "" for none
	// orCap also opens the route: a read-only view for another role, on
	// need to know that the matrix's objects satisfy. GET /reports/{id}:
	// the matrix's report is behind a discipline case, whose reports a
	// decider may read; the examiner is not on that case and no identity
	// of the report is asked to be unsealed, so both are refused.
	orCap access.Capability
}

// pageGates lists every signed-in page route with what it needs. A route
// added to internal/web/routes.go without a line here fails the test, so
// the policy is checked for every page.
var pageGates = map[string]gate{
	"GET /{$}":                                                {},
	"POST /logout":                                            {},
	"GET /account":                                            {},
	"POST /account/password":                                  {},
	"POST /account/sessions/end":                              {},
	"POST /account/sessions/end-others":                       {},
	"POST /account/tokens":                                    {},
	"POST /account/tokens/{id}/revoke":                        {object: "token"},
	"POST /account/2fa/recovery-codes":                        {},
	"POST /account/2fa/disable":                               {},
	"GET /admin/units":                                        {cap: access.ViewUnits},
	"GET /admin/units/new":                                    {cap: access.ManageUnits},
	"POST /admin/units/new":                                   {cap: access.ManageUnits},
	"GET /admin/units/{id}/edit":                              {cap: access.ManageUnits, object: "unit"},
	"POST /admin/units/{id}/edit":                             {cap: access.ManageUnits, object: "unit"},
	"GET /admin/units/{id}/archive":                           {cap: access.ManageUnits, object: "unit"},
	"POST /admin/units/{id}/archive":                          {cap: access.ManageUnits, object: "unit"},
	"POST /admin/units/{id}/restore":                          {cap: access.ManageUnits, object: "unit"},
	"GET /admin/users":                                        {cap: access.ManageUsers},
	"GET /admin/users/new":                                    {cap: access.ManageUsers},
	"POST /admin/users/new":                                   {cap: access.ManageUsers},
	"GET /admin/users/{id}":                                   {cap: access.ManageUsers, object: "user"},
	"POST /admin/users/{id}":                                  {cap: access.ManageUsers, object: "user"},
	"POST /admin/users/{id}/password":                         {cap: access.ManageUsers, object: "user"},
	"GET /admin/users/{id}/disable":                           {cap: access.ManageUsers, object: "user"},
	"POST /admin/users/{id}/disable":                          {cap: access.ManageUsers, object: "user"},
	"POST /admin/users/{id}/enable":                           {cap: access.ManageUsers, object: "user"},
	"GET /admin/users/{id}/reset-2fa":                         {cap: access.ManageUsers, object: "user"},
	"POST /admin/users/{id}/reset-2fa":                        {cap: access.ManageUsers, object: "user"},
	"GET /reports":                                            {cap: access.HandleReports},
	"GET /reports/new":                                        {cap: access.HandleReports},
	"POST /reports/new":                                       {cap: access.HandleReports},
	"GET /reports/media":                                      {cap: access.HandleReports},
	"POST /reports/media":                                     {cap: access.HandleReports},
	"GET /reports/{id}":                                       {cap: access.HandleReports, orCap: access.DecideCases, object: "report"},
	"POST /reports/{id}/redactions":                           {cap: access.RedactReports, object: "report"},
	"POST /reports/{id}/redactions/{redaction}/lift":          {cap: access.RedactReports, object: "report"},
	"POST /reports/{id}/verify":                               {cap: access.HandleReports, object: "report"},
	"POST /reports/{id}/messages":                             {cap: access.HandleReports, object: "report"},
	"POST /reports/{id}/employee":                             {cap: access.HandleReports, object: "report"},
	"POST /reports/{id}/merge":                                {cap: access.HandleReports, object: "report"},
	"POST /reports/{id}/outcomes":                             {cap: access.HandleReports, object: "report"},
	"GET /reports/{id}/files/{file}":                          {cap: access.HandleReports, object: "report"},
	"GET /reports/{id}/close":                                 {cap: access.HandleReports, object: "report"},
	"POST /reports/{id}/close":                                {cap: access.HandleReports, object: "report"},
	"GET /admin/report-categories":                            {cap: access.ManageReportCategories},
	"POST /admin/report-categories":                           {cap: access.ManageReportCategories},
	"GET /cases":                                              {cap: access.ViewCases},
	"GET /cases/{id}":                                         {cap: access.ViewCases, object: "case"},
	"GET /cases/new":                                          {cap: access.ManageCharges},
	"POST /cases/new":                                         {cap: access.ManageCharges},
	"GET /cases/due":                                          {cap: access.ViewCases},
	"POST /cases/{id}/charges":                                {cap: access.ManageCharges, object: "case"},
	"POST /cases/{id}/charges/{charge}/remove":                {cap: access.ManageCharges, object: "case"},
	"POST /cases/{id}/steps":                                  {cap: access.ViewCases, object: "case"},
	"POST /cases/{id}/handler":                                {cap: access.ManageCharges, object: "case"},
	"POST /cases/{id}/informed":                               {cap: access.ManageCharges, object: "case"},
	"GET /cases/{id}/letters/{kind}":                          {cap: access.ViewCases, object: "case"},
	"POST /cases/{id}/parties":                                {cap: access.ManageCharges, object: "case"},
	"POST /cases/{id}/parties/remove":                         {cap: access.ManageCharges, object: "case"},
	"POST /cases/{id}/relations":                              {cap: access.ManageCharges, object: "case"},
	"POST /cases/{id}/relations/remove":                       {cap: access.ManageCharges, object: "case"},
	"POST /cases/{id}/team":                                   {cap: access.DecideCases, object: "case"},
	"POST /cases/{id}/team/remove":                            {cap: access.DecideCases, object: "case"},
	"GET /my/cases":                                           {},
	"GET /my/check-in":                                        {}, // anyone signed in; checking in needs an account linked to the roster
	"POST /my/check-in":                                       {},
	"GET /admin/guidance":                                     {cap: access.ManageGuidanceSettings},
	"GET /admin/statistics":                                   {cap: access.ManageStatistics},
	"GET /admin/retention":                                    {cap: access.ViewRetention},
	"POST /admin/retention":                                   {cap: access.ManageRetention},
	"GET /admin/retention/holds/new":                          {cap: access.HoldRecords},
	"POST /admin/retention/holds":                             {cap: access.HoldRecords},
	"GET /admin/retention/holds/{id}/release":                 {cap: access.HoldRecords, object: "hold"},
	"POST /admin/retention/holds/{id}/release":                {cap: access.HoldRecords, object: "hold"},
	"GET /admin/retention/purge":                              {cap: access.ManageRetention},
	"POST /admin/retention/purge":                             {cap: access.ManageRetention},
	"POST /admin/statistics":                                  {cap: access.ManageStatistics},
	"POST /admin/guidance":                                    {cap: access.ManageGuidanceSettings},
	"GET /guidance":                                           {cap: access.ViewPrevention},
	"GET /guidance/coverage":                                  {cap: access.ViewPrevention},
	"GET /prevention/overview":                                {cap: access.ViewPreventionOutcomes},
	"GET /prevention/overview/export":                         {cap: access.ViewPreventionOutcomes},
	"GET /oversight":                                          {cap: access.ViewOversight},
	"GET /oversight/export":                                   {cap: access.ViewOversight},
	"POST /admin/users/{id}/oversight":                        {cap: access.ManageTenants, object: "user"},
	"GET /stats":                                              {cap: access.ViewStatistics},
	"GET /stats/export":                                       {cap: access.ViewStatistics},
	"GET /stats/quarterly":                                    {cap: access.ViewStatistics},
	"GET /guidance/new":                                       {cap: access.ManagePrevention},
	"POST /guidance/new":                                      {cap: access.ManagePrevention},
	"GET /guidance/{id}":                                      {cap: access.ViewPrevention, object: "guidance"},
	"GET /guidance/{id}/edit":                                 {cap: access.ManagePrevention, object: "guidance"},
	"POST /guidance/{id}/edit":                                {cap: access.ManagePrevention, object: "guidance"},
	"GET /guidance/{id}/cancel":                               {cap: access.ManagePrevention, object: "guidance"},
	"POST /guidance/{id}/cancel":                              {cap: access.ManagePrevention, object: "guidance"},
	"POST /guidance/{id}/attendance":                          {cap: access.ManagePrevention, object: "guidance"},
	"POST /guidance/{id}/import":                              {cap: access.ManagePrevention, object: "guidance"},
	"POST /guidance/{id}/code":                                {cap: access.ManagePrevention, object: "guidance"},
	"POST /guidance/{id}/materials":                           {cap: access.ManagePrevention, object: "guidance"},
	"GET /guidance/{id}/materials/{material}":                 {cap: access.ViewPrevention, object: "guidance"},
	"GET /guidance/{id}/materials/{material}/remove":          {cap: access.ManagePrevention, object: "guidance"},
	"POST /guidance/{id}/materials/{material}/remove":         {cap: access.ManagePrevention, object: "guidance"},
	"GET /my/pledges":                                         {},
	"POST /my/pledges/{id}/sign":                              {}, // only a campaign that asks the signer; TestPledges
	"GET /pledges":                                            {cap: access.ManagePledges},
	"POST /pledges/versions":                                  {cap: access.ManagePledges},
	"POST /pledges/settings":                                  {cap: access.ManagePledges},
	"POST /pledges/campaigns":                                 {cap: access.ManagePledges},
	"GET /pledges/versions/{id}":                              {cap: access.ManagePledges, object: "pledge_version"},
	"GET /pledges/campaigns/{id}":                             {cap: access.ManagePledges, object: "pledge_campaign"},
	"GET /pledges/campaigns/{id}/export":                      {cap: access.ManagePledges, object: "pledge_campaign"},
	"POST /pledges/campaigns/{id}/paper":                      {cap: access.ManagePledges, object: "pledge_campaign"},
	"GET /pledges/signatures/{id}":                            {cap: access.ManagePledges, object: "pledge_signature"},
	"GET /pledges/signatures/{id}/scan":                       {cap: access.ManagePledges, object: "pledge_signature"},
	"GET /protection":                                         {cap: access.WorkProtection},
	"GET /protection/new":                                     {cap: access.WorkProtection},
	"POST /protection/new":                                    {cap: access.WorkProtection},
	"GET /protection/{id}":                                    {cap: access.WorkProtection, object: "protection"},
	"POST /protection/{id}/incident":                          {cap: access.WorkProtection, object: "protection"},
	"POST /protection/{id}/texts":                             {cap: access.WorkProtection, object: "protection"},
	"POST /protection/{id}/victims":                           {cap: access.WorkProtection, object: "protection"},
	"POST /protection/{id}/perpetrators":                      {cap: access.WorkProtection, object: "protection"},
	"GET /protection/{id}/perpetrators/{perpetrator}/remove":  {cap: access.WorkProtection, object: "protection"},
	"POST /protection/{id}/perpetrators/{perpetrator}/remove": {cap: access.WorkProtection, object: "protection"},
	"POST /protection/{id}/perpetrators/{perpetrator}/link":   {cap: access.SuperviseProtection, object: "protection"},
	"POST /protection/{id}/workers":                           {cap: access.SuperviseProtection, object: "protection"},
	"GET /protection/{id}/close":                              {cap: access.WorkProtection, object: "protection"},
	"POST /protection/{id}/close":                             {cap: access.WorkProtection, object: "protection"},
	"POST /protection/{id}/reopen":                            {cap: access.WorkProtection, object: "protection"},
	"GET /protection/{id}/services":                           {cap: access.WorkProtection, object: "protection"},
	"POST /protection/{id}/services":                          {cap: access.WorkProtection, object: "protection"},
	"GET /protection/{id}/services/{service}/remove":          {cap: access.WorkProtection, object: "protection"},
	"POST /protection/{id}/services/{service}/remove":         {cap: access.WorkProtection, object: "protection"},
	"GET /protection/{id}/consents":                           {cap: access.WorkProtection, object: "protection"},
	"POST /protection/{id}/consents":                          {cap: access.WorkProtection, object: "protection"},
	"GET /protection/{id}/consents/{consent}/withdraw":        {cap: access.WorkProtection, object: "protection"},
	"POST /protection/{id}/consents/{consent}/withdraw":       {cap: access.WorkProtection, object: "protection"},
	"GET /protection/{id}/referrals":                          {cap: access.WorkProtection, object: "protection"},
	"POST /protection/{id}/referrals":                         {cap: access.WorkProtection, object: "protection"},
	"POST /protection/{id}/referrals/{ref}/status":            {cap: access.WorkProtection, object: "protection"},
	"GET /protection/stats":                                   {cap: access.ViewProtectionStats},
	"GET /protection/export":                                  {cap: access.WorkProtection},
	"GET /admin/protection-codes":                             {cap: access.ManageProtectionCodes},
	"POST /admin/protection-codes":                            {cap: access.ManageProtectionCodes},
	"GET /protection/dashboard":                               {cap: access.WorkProtection},
	"GET /protection/{id}/clocks":                             {cap: access.WorkProtection, object: "protection"},
	"POST /protection/{id}/clocks":                            {cap: access.WorkProtection, object: "protection"},
	"GET /my/cases/{id}/letters/{kind}":                       {}, // only the accused own case; TestOwnCases
	"GET /my/guidance/{id}/materials/{material}":              {}, // only a session the caller attended; TestGuidanceMaterials
	"POST /employees/{id}/account":                            {cap: access.ManageUsers, object: "employee"},
	"GET /notifications":                                      {},
	"POST /notifications/read":                                {},
	"GET /employees":                                          {cap: access.ViewRoster},
	"GET /employees/{id}":                                     {cap: access.ViewRoster, object: "employee"},
	"GET /admin/employees/import":                             {cap: access.ManageRoster},
	"POST /admin/employees/import":                            {cap: access.ManageRoster},
	"GET /admin/employees/import/template.csv":                {cap: access.ManageRoster},
	"GET /admin/employees/import/{job}":                       {cap: access.ManageRoster},
	"POST /admin/employees/import/{job}/valid-only":           {cap: access.ManageRoster},
	"GET /admin/authority":                                    {cap: access.ViewRoster},
	"POST /admin/authority/{rule}":                            {cap: access.ManageRoster},
	"GET /admin/procedure":                                    {cap: access.ManageProcedure},
	"POST /admin/procedure":                                   {cap: access.ManageProcedure},
	"POST /admin/procedure/pppk":                              {cap: access.ManageProcedure},
	"GET /admin/letters":                                      {cap: access.ManageProcedure},
	"GET /admin/letter-preview/{kind}":                        {cap: access.ManageProcedure},
	"POST /admin/letters/{key}":                               {cap: access.ManageProcedure},
	"GET /admin/letters/{key}/reset":                          {cap: access.ManageProcedure},
	"POST /admin/letters/{key}/reset":                         {cap: access.ManageProcedure},
	"GET /admin/calendar":                                     {cap: access.ViewCalendar},
	"POST /admin/calendar":                                    {cap: access.ManageCalendar},
	"GET /admin/calendar/{day}/remove":                        {cap: access.ManageCalendar, object: "day"},
	"POST /admin/calendar/{day}/remove":                       {cap: access.ManageCalendar, object: "day"},
	"GET /identities/{id}":                                    {cap: access.RequestUnseal, object: "identity"},
	"POST /identities/{id}/request":                           {cap: access.RequestUnseal, object: "identity"},
	"GET /custodian/requests":                                 {cap: access.DecideUnseal},
	"GET /custodian/requests/{id}":                            {cap: access.DecideUnseal, object: "request"},
	"POST /custodian/requests/{id}/decide":                    {cap: access.DecideUnseal, object: "request"},
	"GET /audit":                                              {cap: access.ViewAudit},
	"GET /operator/tenants":                                   {cap: access.ViewTenants},
	"POST /operator/tenants":                                  {cap: access.ManageTenants},
}

// apiGates does the same for the JSON API.
var apiGates = map[string]gate{
	"GET /api/v1/me":                        {},
	"GET /api/v1/stats/protection":          {cap: access.ViewProtectionStats},
	"GET /api/v1/stats/prevention":          {cap: access.ViewPreventionOutcomes},
	"GET /api/v1/stats/oversight":           {cap: access.ViewOversight},
	"GET /api/v1/stats/dashboard":           {cap: access.ViewStatistics},
	"GET /api/v1/tenants":                   {cap: access.ViewTenants},
	"GET /api/v1/regions":                   {cap: access.ViewRegions},
	"GET /api/v1/regions/{code}":            {cap: access.ViewRegions, object: "region"},
	"GET /api/v1/units":                     {cap: access.ViewUnits},
	"POST /api/v1/units":                    {cap: access.ManageUnits},
	"GET /api/v1/units/{id}":                {cap: access.ViewUnits, object: "unit"},
	"PATCH /api/v1/units/{id}":              {cap: access.ManageUnits, object: "unit"},
	"POST /api/v1/units/{id}/archive":       {cap: access.ManageUnits, object: "unit"},
	"POST /api/v1/units/{id}/restore":       {cap: access.ManageUnits, object: "unit"},
	"GET /api/v1/users":                     {cap: access.ManageUsers},
	"POST /api/v1/users":                    {cap: access.ManageUsers},
	"GET /api/v1/users/{id}":                {cap: access.ManageUsers, object: "user"},
	"GET /api/v1/reports":                   {cap: access.HandleReports},
	"POST /api/v1/reports":                  {cap: access.HandleReports},
	"GET /api/v1/reports/{id}":              {cap: access.HandleReports, object: "report"},
	"POST /api/v1/reports/{id}/verify":      {cap: access.HandleReports, object: "report"},
	"POST /api/v1/reports/{id}/messages":    {cap: access.HandleReports, object: "report"},
	"POST /api/v1/reports/{id}/employee":    {cap: access.HandleReports, object: "report"},
	"POST /api/v1/reports/{id}/merge":       {cap: access.HandleReports, object: "report"},
	"POST /api/v1/reports/{id}/outcomes":    {cap: access.HandleReports, object: "report"},
	"POST /api/v1/reports/{id}/close":       {cap: access.HandleReports, object: "report"},
	"GET /api/v1/employees":                 {cap: access.ViewRoster},
	"GET /api/v1/employees/{id}":            {cap: access.ViewRoster, object: "employee"},
	"GET /api/v1/calendar/days-off":         {cap: access.ViewCalendar},
	"GET /api/v1/calendar/working-days":     {cap: access.ViewCalendar},
	"GET /api/v1/calendar/add-working-days": {cap: access.ViewCalendar},
}

// Routes reachable without signing in, or only on the way to signing in.
var openRoutes = []string{"GET /static/{name}", "GET /healthz", "GET /readyz", "GET /metrics", "GET /login", "POST /login", "POST /lang",
	"GET /login/totp", "POST /login/totp", "GET /account/2fa", "POST /account/2fa/confirm", "GET /api/v1/openapi.json",
	// The reporter's side: no account, by design.
	"GET /lapor/{tenant}", "POST /lapor/{tenant}", "GET /lapor/{tenant}/status", "POST /lapor/{tenant}/status", "POST /lapor/{tenant}/status/reply",
	// The public figures of a government: counts only, small ones hidden.
	"GET /angka/{tenant}",
	"POST /api/v1/public/{tenant}/reports", "POST /api/v1/public/{tenant}/status", "POST /api/v1/public/{tenant}/messages"}

// methodlessRoutes are the patterns without a method in routes.go: the
// API's mount point (its routes are listed by api.Routes) and the
// not-found page.
var methodlessRoutes = []string{"/api/v1/", "/"}

// TestRoutesHaveGates fails when a route exists without a line in the
// tables above, when a line names no route, or when routes.go registers a
// pattern this scan cannot read.
func TestRoutesHaveGates(t *testing.T) {
	src, err := os.ReadFile("../web/routes.go")
	if err != nil {
		t.Fatal(err)
	}
	// Every registration: mux.Handle, mux.HandleFunc and the user helper.
	calls := regexp.MustCompile(`(?:mux\.Handle|mux\.HandleFunc|user)\(\s*([^,]*),`).FindAllStringSubmatch(string(src), -1)
	if len(calls) < 30 {
		t.Fatalf("found only %d routes; the scan is broken", len(calls))
	}
	registered := map[string]bool{}
	for _, c := range calls {
		if c[1] == "pattern" {
			continue // inside the user helper itself
		}
		p, err := strconv.Unquote(c[1])
		if err != nil {
			t.Errorf("route %s is not a string literal; the access matrix cannot check it", c[1])
			continue
		}
		registered[p] = true
		method, _, ok := strings.Cut(p, " ")
		switch {
		case !ok || !strings.HasPrefix(p, method+" /"):
			if !slices.Contains(methodlessRoutes, p) {
				t.Errorf("route %q has no method; give it one, or list it in methodlessRoutes", p)
			}
		case !slices.Contains([]string{"GET", "POST", "PUT", "PATCH", "DELETE"}, method):
			t.Errorf("route %q: method %s is not one the scan knows", p, method)
		default:
			if _, ok := pageGates[p]; !ok && !slices.Contains(openRoutes, p) {
				t.Errorf("page route %q has no gate in the access matrix", p)
			}
		}
	}
	for _, r := range api.Routes() {
		p := r.Method + " " + r.Path
		registered[p] = true
		if _, ok := apiGates[p]; !ok && !slices.Contains(openRoutes, p) {
			t.Errorf("API route %q has no gate in the access matrix", p)
		}
		if r.Public != slices.Contains(openRoutes, p) {
			t.Errorf("API route %q: public is %v, but the open routes say otherwise", p, r.Public)
		}
	}
	for _, p := range append(append(slices.Collect(maps.Keys(pageGates)), slices.Collect(maps.Keys(apiGates))...), openRoutes...) {
		if !registered[p] {
			t.Errorf("the access matrix names %q, which is not a route", p)
		}
	}
}

// objects are, per tenant, one object of each kind to put in addresses.
type objects map[string]string

// TestAccessMatrix signs in with every role, calls every route with an
// object of the own government and one of another, and fails on any
// answer the policy does not grant.
func TestAccessMatrix(t *testing.T) {
	env := testserver.Start(t, db.SQLite)
	ctx := t.Context()
	own, other := objects{}, objects{}
	for _, side := range []struct {
		o      objects
		tenant int64
		short  string
		user   string
		day    int
	}{{own, env.Kab.ID, "kab", "employee.kab", 2}, {other, env.Kota.ID, "kota", "admin.kota", 3}} {
		side.o["unit"] = strconv.FormatInt(env.Units[side.short+"/Inspektorat"].ID, 10)
		side.o["user"] = strconv.FormatInt(env.Users[side.user].ID, 10)
		day := calendar.NewDate(2026, 3, side.day)
		if err := env.Store.AddTenantDayOff(ctx, store.System, side.tenant, day, "Hari uji"); err != nil {
			t.Fatal(err)
		}
		side.o["day"] = day.String()
		id, err := env.Store.CreateSealedIdentity(ctx, store.System, side.tenant, store.Victim, "report", "x", store.IdentityFields{Name: vault.NewSecret("Nama Rahasia")})
		if err != nil {
			t.Fatal(err)
		}
		side.o["identity"] = id.PublicID
		req, err := env.Store.RequestUnseal(ctx, store.Actor{UserID: env.Users[side.user].ID, TenantID: side.tenant}, side.tenant, id.PublicID, vault.NewSecret("alasan yang cukup panjang"))
		if err != nil {
			t.Fatal(err)
		}
		side.o["request"] = req.PublicID
		_, _, err = env.Store.CreateToken(ctx, env.Users[side.user], "uji", identity.ScopeRead)
		if err != nil {
			t.Fatal(err)
		}
		toks, _ := env.Store.Tokens(ctx, env.Users[side.user].ID)
		side.o["token"] = strconv.FormatInt(toks[0].ID, 10)
		side.o["region"] = map[string]string{"kab": "36.04", "kota": "36.73"}[side.short]
		n, _ := nip.Parse(map[string]string{"kab": "197001011995031001", "kota": "197202021996032002"}[side.short])
		if _, problems, err := env.Store.ImportEmployees(ctx, store.System, side.tenant, []roster.Row{{Line: 2, NIP: n, Name: "Pegawai Uji",
			Status: roster.PNS, Position: "Inspektur", Kind: roster.JPTPratama, Unit: "Inspektorat", State: roster.Active}}, store.ImportOptions{}); err != nil || len(problems) > 0 {
			t.Fatal(err, problems)
		}
		e, err := env.Store.EmployeeByNIP(ctx, side.tenant, n.String())
		if err != nil {
			t.Fatal(err)
		}
		side.o["employee"] = strconv.FormatInt(e.ID, 10)
		gid, err := env.Store.PlanGuidanceSession(ctx, store.System, side.tenant, store.GuidanceSessionInput{UnitID: env.Units[side.short+"/Inspektorat"].ID,
			HeldOn: day, StartsAt: "09:00", Topics: []string{"Etika"}, Place: "Aula", Facilitator: "Inspektorat", Audience: guidance.AllStaff})
		if err != nil {
			t.Fatal(err)
		}
		side.o["guidance"] = strconv.FormatInt(gid, 10)
		if err := addGuidanceMaterial(ctx, env, side.tenant, side.o); err != nil {
			t.Fatal(err)
		}
		pv, err := env.Store.AddPledgeVersion(ctx, store.System, side.tenant, "Pakta", "Naskah pakta integritas untuk uji matriks.")
		if err != nil {
			t.Fatal(err)
		}
		side.o["pledge_version"] = strconv.FormatInt(pv.ID, 10)
		pcamp, err := env.Store.AddPledgeCampaign(ctx, store.System, side.tenant, store.PledgeCampaign{VersionID: pv.ID, Name: "Uji", Scope: "all", Due: day})
		if err != nil {
			t.Fatal(err)
		}
		side.o["pledge_campaign"] = strconv.FormatInt(pcamp.ID, 10)
		pfile, psize, err := env.Server.App.Evidence.Files.Put(ctx, side.tenant, 0, strings.NewReader("%PDF-1.4 uji"))
		if err != nil {
			t.Fatal(err)
		}
		ps, err := env.Store.AddPledgeSignature(ctx, store.System, side.tenant, store.PledgeSignature{EmployeeID: e.ID, VersionID: pv.ID, CampaignID: pcamp.ID,
			Method: "paper", Statement: "uji", SHA256: pv.SHA256, FileID: pfile, ContentType: "application/pdf", FileSize: psize})
		if err != nil {
			t.Fatal(err)
		}
		side.o["pledge_signature"] = strconv.FormatInt(ps.ID, 10)
		checked, err := (report.Submission{Category: "other", What: "Laporan untuk uji matriks akses.", AccusedName: "Pegawai Uji",
			ReporterIsVictim: "no", Mode: "anonymous"}).Check(report.DefaultCategories, nil, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		fileID, size, err := env.Server.App.Evidence.Files.Put(ctx, side.tenant, 0, strings.NewReader("%PDF-1.4 uji"))
		if err != nil {
			t.Fatal(err)
		}
		checked.Files = []report.Attachment{{FileID: fileID, Name: vault.NewSecret("uji.pdf"), ContentType: "application/pdf", Size: size, Flagged: true}}
		rep, _, err := env.Store.CreateReport(ctx, store.System, side.tenant, checked)
		if err != nil {
			t.Fatal(err)
		}
		side.o["report"] = rep.PublicID
		red, err := env.Store.AddRedaction(ctx, store.System, side.tenant, rep.PublicID, store.RedactionInput{Field: "what", Words: "uji", Occurrence: 1, Kind: report.Temporary})
		if err != nil {
			t.Fatal(err)
		}
		side.o["redaction"] = red[0].PublicID
		files, err := env.Store.ReportAttachments(ctx, side.tenant, rep.ID)
		if err != nil || len(files) != 1 {
			t.Fatal(err)
		}
		side.o["file"] = files[0].PublicID
		dc, err := env.Store.AddOutcome(ctx, store.System, side.tenant, rep.PublicID, report.Outcome{Kind: report.OpenDisciplineCase})
		if err != nil {
			t.Fatal(err)
		}
		side.o["case"] = dc.CasePublicID
		hold, err := env.Store.SetLegalHold(ctx, store.System, side.tenant, "discipline_case", dc.CasePublicID, "hold", vault.NewSecret("pemeriksaan BPK"))
		if err != nil {
			t.Fatal(err)
		}
		side.o["hold"] = hold
		if err := env.Store.AddCharge(ctx, store.System, side.tenant, dc.CasePublicID, discipline.Charge{Code: "K3f", Impact: discipline.OnUnit}); err != nil {
			t.Fatal(err)
		}
		dcase, _ := env.Store.DisciplineCaseByID(ctx, side.tenant, dc.CasePublicID)
		charges, _ := env.Store.Charges(ctx, side.tenant, dcase.ID)
		side.o["charge"] = strconv.FormatInt(charges[0].ID, 10)
		// A protection case with a perpetrator; the matrix's case workers
		// are assigned to their own government's (need-to-know).
		village := map[string]string{"kab": "36.04.05.2001", "kota": "36.73.01.1001"}[side.short]
		pc, err := env.Store.OpenProtectionCase(ctx, store.System, side.tenant, store.ProtectionInput{Via: protection.ViaWalkIn,
			Incident: protection.Incident{OccurredOn: day, ReportedAt: day.Time(time.UTC).Add(26 * time.Hour), VillageCode: village,
				Place: protection.Workplace, Forms: []protection.Form{protection.Sexual}},
			Victims:      []protection.Victim{{Name: "Korban Uji", Sex: protection.Female, Age: 30}},
			Perpetrators: []protection.Perpetrator{{Sex: protection.Male, Age: 50, Relation: "atasan", EmployeeID: e.ID}}})
		if err != nil {
			t.Fatal(err)
		}
		side.o["protection"] = pc.PublicID
		if err := addProtectionParts(ctx, env, side.tenant, side.o); err != nil {
			t.Fatal(err)
		}
		if side.o["statement"], err = env.Store.AddStatement(ctx, store.System, side.tenant, dc.CasePublicID, discipline.Statement{Name: "Saksi Uji",
			Role: "colleague", On: day, Text: "Keterangan untuk uji matriks akses."}); err != nil {
			t.Fatal(err)
		}
	}

	roles := append(append([]identity.Role{}, identity.TenantRoles...), identity.InstallationRoles...)
	for _, role := range roles {
		t.Run(string(role), func(t *testing.T) {
			tenant := env.Kab.ID
			if !role.ForTenant() {
				tenant = 0
			}
			username := "matrix." + string(role)
			u := env.AddUser(t, username, tenant, role)
			if access.Can(u, access.ViewPrevention) {
				// A session and a material of its own: an earlier role's walk
				// cancelled the one or removed the other.
				if err := addGuidanceMaterial(ctx, env, tenant, own); err != nil {
					t.Fatal(err)
				}
			}
			if access.Can(u, access.WorkProtection) {
				if err := env.Store.AssignWorker(ctx, store.System, tenant, own["protection"], u.ID); err != nil {
					t.Fatal(err)
				}
				// Parts of its own: an earlier role's walk removed or withdrew them.
				if err := addProtectionParts(ctx, env, tenant, own); err != nil {
					t.Fatal(err)
				}
			}
			c := env.Client(t)
			c.SignIn(username)
			tokenPage := c.Post("/account/tokens", url.Values{"name": {"matrix"}, "scope": {"write"}})
			token := tokenPage.Text("#new-token")
			if token == "" {
				t.Fatalf("no API token: %d", tokenPage.Status)
			}
			// GETs first (sorted), so that a POST that archives or removes an
			// object does not hide it from the GET of the same page.
			for _, pattern := range slices.Sorted(maps.Keys(pageGates)) {
				g := pageGates[pattern]
				checkRoute(t, u, g, pattern, own, other, func(method, path string) int {
					if strings.HasPrefix(path, "/account/tokens/") {
						return c.Post(path, nil).Status
					}
					if method == "GET" {
						return c.Get(path).Status
					}
					if path == "/logout" || path == "/account/2fa/disable" {
						return 0 // ends the session or needs a code; covered elsewhere
					}
					return c.Post(path, url.Values{}).Status
				}, tenant)
			}
			a := apiClient{t: t, base: env.URL, token: token}
			for _, pattern := range slices.Sorted(maps.Keys(apiGates)) {
				g := apiGates[pattern]
				checkRoute(t, u, g, pattern, own, other, func(method, path string) int {
					body := ""
					if method != "GET" {
						body = "{}"
					}
					st, _ := a.call(method, path, body)
					return st
				}, tenant)
			}
			// The session must still be alive after all that.
			if res := c.Get("/"); res.Status != http.StatusOK {
				t.Errorf("session lost during the walk: %d", res.Status)
			}
		})
		env.Advance(time.Minute)
	}
}

// granted reports whether a status means the request got past access
// control: an answer, a redirect after success, or a complaint about the
// input or the object's state.
func granted(status int) bool {
	return status != http.StatusUnauthorized && status != http.StatusForbidden && status != http.StatusNotFound
}

func checkRoute(t *testing.T, u identity.User, g gate, pattern string, own, other objects, call func(method, path string) int, tenant int64) {
	method, path, _ := strings.Cut(pattern, " ")
	path = strings.TrimSuffix(path, "{$}")
	may := g.cap == "" || access.Can(u, g.cap) || g.orCap != "" && access.Can(u, g.orCap)
	if g.object == "" {
		st := call(method, path)
		if st == 0 {
			return
		}
		if may && !granted(st) && st != http.StatusNotFound {
			t.Errorf("%s: %s refused (%d) though the policy grants it", u.Roles[0], pattern, st)
		}
		if !may && granted(st) {
			t.Errorf("%s: %s answered %d though the policy refuses it", u.Roles[0], pattern, st)
		}
		return
	}
	fill := func(o objects) string {
		return strings.NewReplacer("{id}", o[g.object], "{day}", o[g.object], "{code}", o[g.object], "{file}", o["file"], "{material}", o["material"], "{charge}", o["charge"], "{statement}", o["statement"], "{perpetrator}", o["perpetrator"], "{kind}", "summons1",
			"{service}", o["service"], "{consent}", o["consent"], "{ref}", o["referral"], "{redaction}", o["redaction"]).Replace(path)
	}
	// Tokens are the user's own objects: another user's token is "other".
	if st := call(method, fill(other)); st != 0 && granted(st) && g.object != "region" {
		t.Errorf("%s: %s with another government's %s answered %d", u.Roles[0], pattern, g.object, st)
	}
	if g.object == "token" {
		return // the user's own tokens are tested in the account tests
	}
	st := call(method, fill(own))
	if st == 0 {
		return
	}
	switch {
	case !may && granted(st):
		t.Errorf("%s: %s on its own government's %s answered %d though the policy refuses it", u.Roles[0], pattern, g.object, st)
	case may && tenant != 0 && !granted(st):
		t.Errorf("%s: %s on its own government's %s refused (%d) though the policy grants it", u.Roles[0], pattern, g.object, st)
	}
}

// addGuidanceMaterial plans a session of the tenant's Inspektorat with one
// material and names both in o.
func addGuidanceMaterial(ctx context.Context, env *testserver.Env, tenant int64, o objects) error {
	unit := env.Units["kab/Inspektorat"].ID
	if tenant != env.Kab.ID {
		unit = env.Units["kota/Inspektorat"].ID
	}
	gid, err := env.Store.PlanGuidanceSession(ctx, store.System, tenant, store.GuidanceSessionInput{UnitID: unit,
		HeldOn: calendar.NewDate(2026, 3, 2), StartsAt: "09:00", Topics: []string{"Etika"}, Place: "Aula", Facilitator: "Inspektorat", Audience: guidance.AllStaff})
	if err != nil {
		return err
	}
	fid, size, err := env.Server.App.Evidence.Files.Put(ctx, tenant, 0, strings.NewReader("%PDF-1.4 materi"))
	if err != nil {
		return err
	}
	if err := env.Store.AddGuidanceMaterials(ctx, store.System, tenant, gid, []store.GuidanceMaterial{{FileID: fid, Name: "materi.pdf",
		ContentType: "application/pdf", Size: size, Flagged: true}}); err != nil {
		return err
	}
	ms, err := env.Store.GuidanceMaterials(ctx, tenant, gid)
	if err != nil {
		return err
	}
	o["guidance"], o["material"] = strconv.FormatInt(gid, 10), strconv.FormatInt(ms[0].ID, 10)
	return nil
}
