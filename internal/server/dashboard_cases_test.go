package server_test

import (
	"database/sql"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"sigap/internal/calendar"
	"sigap/internal/identity"
	"sigap/internal/testserver"
)

// Every case figure of the dashboard links, for those who may list the
// cases, to the list of exactly the cases it counts: by violation,
// level, sanction and remedy outcome. The list says each filter with a
// link that removes it; an analyst sees the figures without links.
func TestDashboardCaseLinks(t *testing.T) {
	eachEngine(t, func(t *testing.T, env *testserver.Env) {
		ctx := t.Context()
		wib := time.FixedZone("WIB", 7*3600)
		today := calendar.DateOf(time.Now(), wib)
		opened := today.AddDays(-20).Time(wib).Add(10 * time.Hour)
		day := today.AddDays(-10)
		// C1 sedang (K4f 12 days, K4a) decided S1; C2 ringan (K4f 5 days)
		// decided R2, objection lightened; C3 unknown code, dismissed;
		// C4 berat (K4i) decided R1, objection pending; C5 nothing yet;
		// C6 opened long before the period (not counted).
		type kase struct {
			number  string
			opened  time.Time
			charges [][2]any // code, days absent
			steps   [][3]string
		}
		cases := []kase{
			{"KD/1", opened, [][2]any{{"K4f", 12}, {"K4a", 0}}, [][3]string{{"decide", "S1", ""}}},
			{"KD/2", opened, [][2]any{{"K4f", 5}}, [][3]string{{"decide", "R2", ""}, {"object", "", ""}, {"resolve", "R1", "lighten"}}},
			{"KD/3", opened, [][2]any{{"ZZ", 0}}, [][3]string{{"dismiss", "", ""}}},
			{"KD/4", opened, [][2]any{{"K4i", 0}}, [][3]string{{"decide", "R1", ""}, {"object", "", ""}}},
			{"KD/5", opened, nil, nil},
			{"KD/6", opened.AddDate(-2, 0, 0), [][2]any{{"K4f", 12}}, [][3]string{{"decide", "S1", ""}}},
		}
		err := env.Store.DB().Tx(ctx, func(tx *sql.Tx) error {
			for i, c := range cases {
				var id int64
				if err := tx.QueryRowContext(ctx, `INSERT INTO discipline_cases (tenant_id, public_id, status, opened_at, number, stage)
					VALUES ($1, $2, 'open', $3, $4, 'open') RETURNING id`, env.Kab.ID, fmt.Sprintf("case-link-%d", i), c.opened, c.number).Scan(&id); err != nil {
					return err
				}
				for _, ch := range c.charges {
					if _, err := tx.ExecContext(ctx, `INSERT INTO discipline_charges (tenant_id, case_id, code, impact, days_absent, created_at)
						VALUES ($1, $2, $3, '', $4, $5)`, env.Kab.ID, id, ch[0], ch[1], c.opened); err != nil {
						return err
					}
				}
				for _, st := range c.steps {
					if _, err := tx.ExecContext(ctx, `INSERT INTO discipline_steps (tenant_id, case_id, kind, day1, sanction, outcome, created_at)
						VALUES ($1, $2, $3, $4, $5, $6, $7)`, env.Kab.ID, id, st[0], day, st[1], st[2], c.opened); err != nil {
						return err
					}
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		period := "/stats?preset=last_two_months"
		c := env.Client(t)
		c.SignIn("examiner.kab")
		res := c.Get(period)
		if res.Status != http.StatusOK {
			t.Fatalf("dashboard: %d", res.Status)
		}
		listed := func(href string) []string {
			t.Helper()
			l := c.Get(href)
			if l.Status != http.StatusOK {
				t.Fatalf("%s: %d", href, l.Status)
			}
			var out []string
			l.Doc.Find("table.table tbody tr td:first-child").Each(func(_ int, td *goquery.Selection) {
				out = append(out, strings.TrimSpace(td.Text()))
			})
			slices.Sort(out)
			return out
		}
		want := map[string]map[string][]string{
			"code":     {"K4f": {"KD/1", "KD/2"}, "K4a": {"KD/1"}, "ZZ": {"KD/3"}, "K4i": {"KD/4"}},
			"level":    {"Sedang": {"KD/1"}, "Ringan": {"KD/2"}, "Berat": {"KD/4"}, "Belum ditentukan": {"KD/3", "KD/5"}},
			"sanction": {"S1": {"KD/1"}, "R2": {"KD/2"}, "R1": {"KD/4"}},
			"outcome":  {"Diperingan": {"KD/2"}, "Menunggu keputusan": {"KD/4"}},
		}
		followed := 0
		for table, rows := range want {
			res.Doc.Find("#table-" + table + " tbody tr").Each(func(_ int, tr *goquery.Selection) {
				label := strings.TrimSpace(tr.Find("th").Text())
				n, _ := strconv.Atoi(strings.TrimSpace(tr.Find("td").Text()))
				href, ok := tr.Find("td a").Attr("href")
				var expect []string
				for k, v := range rows {
					if label == k || strings.HasPrefix(label, k+" ") {
						expect = v
					}
				}
				if n == 0 {
					return
				}
				if !ok {
					t.Errorf("%s %q (%d): no link", table, label, n)
					return
				}
				got := listed(href)
				if len(got) != n || (expect != nil && !slices.Equal(got, expect)) {
					t.Errorf("%s %q: figure %d, list behind it %v, want %v", table, label, n, got, expect)
				}
				followed++
			})
		}
		if followed != 13 {
			t.Errorf("followed %d case figures, want 13", followed)
		}
		for table, expect := range map[string][]string{"sanction": {"KD/1", "KD/2", "KD/4"}, "outcome": {"KD/2", "KD/4"},
			"level": {"KD/1", "KD/2", "KD/3", "KD/4", "KD/5"}} {
			href, ok := res.Doc.Find("#table-" + table + " tfoot a").Attr("href")
			if got := listed(href); !ok || !slices.Equal(got, expect) {
				t.Errorf("%s total: list %v, want %v", table, got, expect)
			}
		}

		// The list says the filter and removes it.
		href, _ := res.Doc.Find("#table-level tbody tr").First().Find("a").Attr("href")
		l := c.Get(href)
		f := l.Doc.Find("#cases-filters li")
		if f.Length() != 1 || !strings.Contains(f.Text(), "Tingkat pelanggaran") {
			t.Fatalf("filters shown: %q", f.Text())
		}
		remove, _ := f.Find("a").Attr("href")
		if strings.Contains(remove, "level=") || !strings.Contains(remove, "from=") {
			t.Errorf("the link removing the level: %q", remove)
		}
		if got := listed(remove); len(got) != 5 {
			t.Errorf("without the level: %v", got)
		}
		if got := listed("/cases?level=nonsense"); len(got) != 6 {
			t.Errorf("an unknown level narrows the list: %v", got)
		}

		// An analyst: the same tables, no links.
		env.AddUser(t, "analis.kab", env.Kab.ID, identity.Analyst)
		a := env.Client(t)
		a.SignIn("analis.kab")
		if n := a.Get(period).Doc.Find(`#table-level a, #table-sanction a, #table-outcome a, #table-code a`).Length(); n != 0 {
			t.Errorf("analyst: %d case links", n)
		}
	})
}
