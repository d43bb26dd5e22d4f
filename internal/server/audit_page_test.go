package server_test

import (
	"crypto/ed25519"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"sigap/internal/audit"
	"sigap/internal/db"
	"sigap/internal/i18n"
	"sigap/internal/identity"
	"sigap/internal/org"
	"sigap/internal/store"
	"sigap/internal/testserver"
	"sigap/internal/vault"
)

// auditRow is one row of the audit table as the auditor sees it.
type auditRow struct{ seq, actor, action, object string }

func auditRows(res *testserver.Response) []auditRow {
	var out []auditRow
	res.Doc.Find("table.table tbody tr").Each(func(_ int, tr *goquery.Selection) {
		td := tr.Find("td")
		cell := func(i int) string { return strings.Join(strings.Fields(td.Eq(i).Text()), " ") }
		out = append(out, auditRow{cell(0), cell(2), cell(3), cell(4)})
	})
	return out
}

// addAuditor makes the Kabupaten's auditor account, which the test server
// does not have, with the second factor its role requires, and returns a
// client signed in as it.
func addAuditor(t *testing.T, env *testserver.Env) *testserver.Client {
	t.Helper()
	ctx := t.Context()
	hash, err := identity.HashPassword(testserver.Password)
	if err != nil {
		t.Fatal(err)
	}
	roles := []identity.Role{identity.Auditor}
	u, err := env.Store.CreateUser(ctx, store.System, store.NewUser{TenantID: env.Kab.ID, Username: "auditor.kab", DisplayName: "Uji auditor.kab", Roles: roles, PasswordHash: hash})
	if err != nil {
		t.Fatal(err)
	}
	var secret string
	if identity.NeedsTOTP(roles) {
		if secret, _, err = identity.NewTOTP(u.Username); err != nil {
			t.Fatal(err)
		}
		if err := env.Store.StartTOTP(ctx, u, vault.NewSecret(secret)); err != nil {
			t.Fatal(err)
		}
		if err := env.Store.EnableTOTP(ctx, u, 0, nil); err != nil {
			t.Fatal(err)
		}
	}
	c := env.Client(t)
	res := c.Post("/login", url.Values{"username": {u.Username}, "password": {testserver.Password}})
	if res.Status != http.StatusSeeOther {
		t.Fatalf("auditor sign-in: %d", res.Status)
	}
	if secret != "" {
		c.Get(res.Location)
		env.Advance(30 * time.Second) // a fresh step, as testserver does
		res = c.Post("/login/totp", url.Values{"code": {identity.TOTPCode(secret, env.Store.Now())}})
		if res.Status != http.StatusSeeOther {
			t.Fatalf("auditor second factor: %d %s", res.Status, res.Text(".field-error"))
		}
	}
	return c
}

// renameUnit changes a unit as its government's admin, one audit event each.
func renameUnit(t *testing.T, env *testserver.Env, tenant org.Tenant, admin string, unit org.Unit, name string) {
	t.Helper()
	a := store.Actor{UserID: env.Users[admin].ID, TenantID: tenant.ID}
	if _, err := env.Store.UpdateUnit(t.Context(), a, tenant.ID, unit.ID, org.UnitInput{Name: name, Abbreviation: unit.Abbreviation, Kind: unit.Kind}); err != nil {
		t.Fatal(err)
	}
}

func chainLen(t *testing.T, env *testserver.Env, chain int64, f store.AuditFilter) int {
	t.Helper()
	f.Chain, f.Limit = chain, 100000
	events, err := env.Store.AuditEvents(t.Context(), f)
	if err != nil {
		t.Fatal(err)
	}
	return len(events)
}

func TestAuditPage(t *testing.T) {
	eachEngine(t, func(t *testing.T, env *testserver.Env) {
		renameUnit(t, env, env.Kab, "admin.kab", env.Units["kab/Dinas Kesehatan"], "Dinas Kesehatan Kabupaten")
		renameUnit(t, env, env.Kota, "admin.kota", env.Units["kota/Inspektorat"], "Inspektorat Kota")
		c := addAuditor(t, env)
		home := c.Get("/")
		if home.Doc.Find(`nav a[href="/audit"]`).Length() != 1 {
			t.Error("no link to the audit trail in the auditor's menu")
		}

		res := c.Get("/audit")
		if res.Status != http.StatusOK {
			t.Fatalf("audit page: %d", res.Status)
		}
		rows := auditRows(res)
		// Every event of the Kabupaten's chain (including the auditor's own
		// sign-in), none of the Kota's.
		if want := chainLen(t, env, env.Kab.ID, store.AuditFilter{}); len(rows) != want {
			t.Errorf("%d rows, want the %d events of the tenant", len(rows), want)
		}
		if strings.Contains(res.Body, "admin.kota") || strings.Contains(res.Body, "Inspektorat Kota") {
			t.Error("another government's events are shown")
		}
		if rows[0].action != "Masuk" || !strings.Contains(rows[0].actor, "Uji auditor.kab") {
			t.Errorf("newest first: %+v", rows[0])
		}
		last := rows[len(rows)-1]
		if last.seq != "#1" || last.action != "Mendaftarkan instansi" || last.actor != "sistem" || last.object != "Instansi 36.04" {
			t.Errorf("first event of the chain: %+v", last)
		}
		if !strings.Contains(res.Body, "Mengubah unit kerja") || !strings.Contains(res.Body, "Uji admin.kab") {
			t.Error("the admin's change is missing")
		}
		if !strings.Contains(res.Text("main .alert"), "belum pernah ditandatangani") {
			t.Errorf("no warning about the missing checkpoint: %q", res.Text("main .alert"))
		}
		// Nothing in the address chooses another tenant.
		if other := c.Get(fmt.Sprintf("/audit?chain=%d&tenant=%d&tenant_id=%d", env.Kota.ID, env.Kota.ID, env.Kota.ID)); strings.Contains(other.Body, "admin.kota") || len(auditRows(other)) != len(rows) {
			t.Error("a query parameter changed the chain")
		}

		// Filters.
		onlyUnits := auditRows(c.Get("/audit?action=unit"))
		if want := chainLen(t, env, env.Kab.ID, store.AuditFilter{Action: "unit."}); len(onlyUnits) != want || want != 3 {
			t.Errorf("action filter: %d rows, want %d", len(onlyUnits), want)
		}
		for _, r := range onlyUnits {
			if !strings.Contains(r.action, "unit kerja") {
				t.Errorf("action filter let through %+v", r)
			}
		}
		byAdmin := auditRows(c.Get("/audit?actor=admin.kab"))
		if len(byAdmin) != 1 || !strings.Contains(byAdmin[0].actor, "Uji admin.kab") || byAdmin[0].action != "Mengubah unit kerja" {
			t.Errorf("actor filter: %+v", byAdmin)
		}
		if res := c.Get("/audit?actor=" + url.QueryEscape(" Admin.Kab ")); len(auditRows(res)) != 1 {
			t.Error("the username is not normalised")
		}
		for _, q := range []string{"actor=admin.kota", "actor=operator", "actor=nobody.here"} {
			res := c.Get("/audit?" + q)
			if len(auditRows(res)) != 0 || !strings.Contains(res.Text(".empty"), "Tidak ada kejadian yang cocok") {
				t.Errorf("%s: %d rows", q, len(auditRows(res)))
			}
		}
		users := auditRows(c.Get("/audit?object=user"))
		for _, r := range users {
			if !strings.HasPrefix(r.object, "Akun ") {
				t.Errorf("object filter let through %+v", r)
			}
		}
		if len(users) == 0 {
			t.Error("object filter found nothing")
		}
		clock := env.Store.Now().In(wib())
		today := clock.Format("2006-01-02")
		tomorrow := clock.AddDate(0, 0, 1).Format("2006-01-02")
		yesterday := clock.AddDate(0, 0, -1).Format("2006-01-02")
		// Viewing the page writes no event, so the chain is as it was.
		if n := len(auditRows(c.Get("/audit?from=" + today + "&to=" + today))); n != len(rows) {
			t.Errorf("today: %d rows, want %d", n, len(rows))
		}
		if n := len(auditRows(c.Get("/audit?from=" + tomorrow))); n != 0 {
			t.Errorf("from tomorrow: %d rows", n)
		}
		if n := len(auditRows(c.Get("/audit?to=" + yesterday))); n != 0 {
			t.Errorf("until yesterday: %d rows", n)
		}
		bad := c.Get("/audit?from=2026-13-01&action=nope")
		if bad.Status != http.StatusOK || bad.Text("#from ~ .field-error") == "" || bad.Text("#action ~ .field-error") == "" || len(auditRows(bad)) != 0 {
			t.Errorf("bad filter values: %d %q %q", bad.Status, bad.Text("#from ~ .field-error"), bad.Text("#action ~ .field-error"))
		}
		if v, _ := bad.Doc.Find("#from").Attr("value"); v != "2026-13-01" {
			t.Errorf("the filter is not shown again: %q", v)
		}
		if res := c.Get("/audit?from=" + today + "&to=" + yesterday); res.Text("#to ~ .field-error") == "" {
			t.Error("a period ending before it starts is accepted")
		}
		if res := c.Get("/audit?before=x"); res.Status != http.StatusUnprocessableEntity && res.Status != http.StatusBadRequest {
			t.Errorf("bad page marker: %d", res.Status)
		}
	})
}

func wib() *time.Location {
	if loc, err := time.LoadLocation("Asia/Jakarta"); err == nil {
		return loc
	}
	return time.FixedZone("WIB", 7*3600)
}

func TestAuditPagePaging(t *testing.T) {
	env := testserver.Start(t, db.SQLite)
	unit := env.Units["kab/Dinas Kesehatan"]
	for i := range 60 {
		renameUnit(t, env, env.Kab, "admin.kab", unit, fmt.Sprintf("Dinas Kesehatan %d", i))
	}
	c := addAuditor(t, env)
	seen := map[string]bool{}
	next := "/audit?action=unit"
	pages := 0
	for next != "" {
		res := c.Get(next)
		rows := auditRows(res)
		pages++
		if pages == 1 && len(rows) != 50 {
			t.Fatalf("first page: %d rows", len(rows))
		}
		if pages > 1 && res.Doc.Find(`a[rel="prev"]`).AttrOr("href", "") != "/audit?action=unit" {
			t.Errorf("page %d: no way back to the newest, keeping the filter", pages)
		}
		for _, r := range rows {
			if seen[r.seq] {
				t.Errorf("event %s on two pages", r.seq)
			}
			seen[r.seq] = true
			if !strings.Contains(r.action, "unit kerja") {
				t.Errorf("the filter was lost on page %d: %+v", pages, r)
			}
		}
		next = res.Doc.Find(`a[rel="next"]`).AttrOr("href", "")
		if next != "" && !strings.Contains(next, "action=unit") {
			t.Errorf("older link drops the filter: %s", next)
		}
	}
	if want := chainLen(t, env, env.Kab.ID, store.AuditFilter{Action: "unit."}); pages != 2 || len(seen) != want {
		t.Errorf("%d pages, %d events; want 2 pages, %d events", pages, len(seen), want)
	}
}

// The chain's state at the top: the last signed checkpoint and what came
// after it.
func TestAuditPageCheckpoint(t *testing.T) {
	env := testserver.Start(t, db.SQLite)
	_, priv, _ := ed25519.GenerateKey(nil)
	if ok, err := env.Store.Checkpoint(t.Context(), env.Kab.ID, priv); !ok || err != nil {
		t.Fatal(ok, err)
	}
	head, _, _ := env.Store.AuditHead(t.Context(), env.Kab.ID)
	c := addAuditor(t, env) // more events, after the checkpoint
	now, _, _ := env.Store.AuditHead(t.Context(), env.Kab.ID)
	res := c.Get("/audit")
	status := res.Doc.Find(`section[aria-labelledby="audit-chain"]`).Text()
	keyID := audit.KeyID(priv.Public().(ed25519.PublicKey))
	if !strings.Contains(status, fmt.Sprintf("#%d", head)) || !strings.Contains(status, keyID) || !strings.Contains(status, fmt.Sprintf("#%d", now)) || now <= head {
		t.Errorf("chain state: %s", strings.Join(strings.Fields(status), " "))
	}
	if !strings.Contains(status, fmt.Sprintf("Kejadian #%d sampai #%d belum tercakup", head+1, now)) {
		t.Errorf("unsigned tail not shown: %s", strings.Join(strings.Fields(status), " "))
	}
	if res.Doc.Find("main .alert").Length() != 0 {
		t.Error("a signed chain is shown as unsigned")
	}
}

func TestAuditPageAccess(t *testing.T) {
	env := testserver.Start(t, db.SQLite)
	if res := env.Client(t).Get("/audit"); res.Status != http.StatusSeeOther || !strings.HasPrefix(res.Location, "/login") {
		t.Errorf("anonymous: %d %s", res.Status, res.Location)
	}
	for _, u := range []string{"examiner.kab", "admin.kab", "employee.kab", "operator"} {
		c := env.Client(t)
		home := c.SignIn(u)
		if home.Doc.Find(`a[href="/audit"]`).Length() != 0 {
			t.Errorf("%s has a link to the audit trail", u)
		}
		if res := c.Get("/audit"); res.Status != http.StatusForbidden {
			t.Errorf("%s: %d", u, res.Status)
		}
	}
}

// Every action the store writes has a name on the page in both languages,
// and its family is one the filter offers: a new action added without
// them fails here.
// storeAuditNames finds the actions and object types the store writes to
// the trail, by reading its source.
func storeAuditNames(t *testing.T) (actions, objects map[string]bool) {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join("..", "store", "*.go"))
	// An action has two or more parts (unit.archive, case.party.add); one
	// built from a variable part ("case.step."+kind) is not found here.
	actionRE := regexp.MustCompile(`(?:s\.audit\(ctx, tx, .*?|\baction(?:, \w+)* :?= (?:[^"\n]*?, )?)"([a-z0-9_]+(?:\.[a-z0-9_]+)+)"`)
	objectRE := regexp.MustCompile(`s\.audit\(ctx, tx, .*?(?:"[a-z0-9_]+(?:\.[a-z0-9_]+)+"|action), "([a-z0-9_]+)"`)
	actions, objects = map[string]bool{}, map[string]bool{}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range actionRE.FindAllStringSubmatch(string(b), -1) {
			actions[m[1]] = true
		}
		for _, m := range objectRE.FindAllStringSubmatch(string(b), -1) {
			objects[m[1]] = true
		}
	}
	if len(actions) < 15 || len(objects) < 5 || !actions["unit.archive"] || !actions["user.enable"] || !actions["case.party.add"] || !actions["case.exam.read"] {
		t.Fatalf("found only %d actions and %d object types; the scan is broken", len(actions), len(objects))
	}
	return actions, objects
}

// Every action the store writes has a name on the page in both languages,
// and its family and object type are ones the filter offers: an action
// added without them fails here.
func TestAuditActionsTranslated(t *testing.T) {
	cat, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	actions, objects := storeAuditNames(t)
	for _, lang := range i18n.Languages {
		keys := cat.Keys(lang)
		for a := range actions {
			prefix, _, _ := strings.Cut(a, ".")
			for _, k := range []string{"audit.action." + a, "audit.prefix." + prefix} {
				if !keys[k] {
					t.Errorf("%s: %s missing", lang, k)
				}
			}
		}
		for o := range objects {
			if !keys["audit.object."+o] {
				t.Errorf("%s: audit.object.%s missing", lang, o)
			}
		}
	}
	env := testserver.Start(t, db.SQLite)
	page := addAuditor(t, env).Get("/audit")
	for a := range actions {
		prefix, _, _ := strings.Cut(a, ".")
		if page.Doc.Find(`select#action option[value="`+prefix+`"]`).Length() != 1 {
			t.Errorf("the action filter does not offer %s", prefix)
		}
	}
	for o := range objects {
		if page.Doc.Find(`select#object option[value="`+o+`"]`).Length() != 1 {
			t.Errorf("the object filter does not offer %s", o)
		}
	}
}
