package e2e

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"sigap/internal/org"
	"sigap/internal/roster"
	"sigap/internal/testserver"
)

// TestRosterImport is the tenant admin's first roster: a file with mistakes
// is refused with its row errors and imports nothing; the fixed file
// imports; an employee is found by NIP and by name with a title, and their
// page shows the chain of superiors, who may sanction them and the
// position history.
func TestRosterImport(t *testing.T) {
	t.Parallel()
	env := start(t)
	b := newBrowser(t, env)
	rows := roster.NewSynth(5, 2026).Roster([]roster.SynthUnit{
		{Name: "Dinas Kesehatan", Kind: org.KindDinas}, {Name: "Inspektorat", Kind: org.KindInspektorat}}, 60)

	// The employee to look for: a clerk with a superior who has one too.
	nipOf := map[string]roster.Row{}
	for _, r := range rows {
		nipOf[r.NIP.String()] = r
	}
	var clerk roster.Row
	for _, r := range rows {
		if r.Kind == roster.Pelaksana && r.Status == roster.PNS && r.SuperiorNIP != "" && nipOf[r.SuperiorNIP].SuperiorNIP != "" {
			clerk = r
			break
		}
	}
	if clerk.Name == "" {
		t.Fatal("the synthetic roster has no clerk two levels down")
	}

	b.signIn("admin.kab", testserver.Password)
	b.click(`nav.nav a[href="/employees"]`)
	b.wantText("h1", "Daftar pegawai")
	b.wantText("p.empty", msg(t, "id", "employees.empty")+" "+msg(t, "id", "employees.import"))
	b.click(`a.button[href="/admin/employees/import"]`)
	b.wantText("h1", "Impor daftar pegawai")

	// Two mistakes: a NIP one digit short, and an office that does not exist.
	bad := append([]roster.Row(nil), rows...)
	bad[4].Unit = "Dinas Pariwisata"
	file := writeRoster(t, bad)
	content, _ := os.ReadFile(file)
	lines := strings.Split(string(content), "\n")
	short := nipOf[strings.Split(lines[10], ",")[0]].NIP.String()
	lines[10] = strings.Replace(lines[10], short, short[:17], 1)
	os.WriteFile(file, []byte(strings.Join(lines, "\n")), 0o600)

	upload(b, file)
	waitImport(b)
	b.wantText("h1", msg(t, "id", "import.has_problems"))
	b.shot("roster-import-problems")
	problems := b.rows()
	wantProblem := func(line, column, text string) {
		t.Helper()
		for _, p := range problems {
			if strings.HasPrefix(p, line+column) && strings.Contains(p, text) { // cells run together in textContent
				return
			}
		}
		t.Errorf("no problem on line %s, column %s saying %q: %q", line, column, text, problems)
	}
	wantProblem("6", "Unit Kerja", `Unit kerja "Dinas Pariwisata" tidak dikenal.`)
	wantProblem("11", "NIP", "NIP harus 18 angka; yang diisi 17 karakter.")
	b.open("/employees")
	b.wantText("p.empty", msg(t, "id", "employees.empty")+" "+msg(t, "id", "employees.import"))

	// The fixed file imports whole.
	upload(b, writeRoster(t, rows))
	waitImport(b)
	b.wantText("h1", msg(t, "id", "import.done"))
	if got := b.texts(".stats li")[0]; got != "60 ditambahkan" {
		t.Errorf("first count: %q", got)
	}
	b.shot("roster-import-done")

	// Found by NIP as written on a decree, with spaces.
	b.click(`a.button[href="/employees"]`)
	b.fill("#q", clerk.NIP.Formatted())
	b.click(`form.filters button`)
	if got := b.rows(); len(got) != 1 || !strings.Contains(got[0], clerk.NIP.String()) {
		t.Fatalf("search by NIP %s: %q", clerk.NIP.Formatted(), got)
	}
	// Found by name typed with a title.
	b.fill("#q", "Drs. "+roster.SearchName(clerk.Name))
	b.click(`form.filters button`)
	b.row(clerk.NIP.String())
	b.shot("roster-search")
	b.click(b.inRow(clerk.NIP.String(), clerk.Name))

	b.wantText("h1", clerk.Name)
	b.wantText(".facts dd", clerk.NIP.Formatted())
	sup := nipOf[clerk.SuperiorNIP]
	chain := b.texts("ol.chain li")
	if len(chain) < 3 || !strings.HasPrefix(chain[0], sup.Name) || !strings.HasPrefix(chain[1], nipOf[sup.SuperiorNIP].Name) || chain[len(chain)-1] != "Bupati (PPK)" {
		t.Errorf("chain of superiors: %q", chain)
	}
	// Who may sanction: ringan by the direct superior (Ps 23(1)a or 22(1)a),
	// dismissal always by the PPK for a regency's PNS.
	sanctions := b.texts("section.card table tbody tr")
	if len(sanctions) < 9 || !strings.Contains(sanctions[0], sup.Name) || !strings.Contains(sanctions[8], "Bupati (PPK)") {
		t.Errorf("authority rows: %q", sanctions)
	}
	history := b.texts("section#history table tbody tr")
	if len(history) != 1 || !strings.Contains(history[0], clerk.Position) {
		t.Errorf("position history: %q", history)
	}
	b.shot("roster-employee")

	// The superior's page lists the clerk among the direct reports.
	b.click(`.facts a`)
	b.wantText("h1", sup.Name)
	if !b.hasRow(clerk.Name) {
		t.Errorf("the superior's subordinates do not list %s: %q", clerk.Name, b.rows())
	}
}

func writeRoster(t *testing.T, rows []roster.Row) string {
	t.Helper()
	var buf bytes.Buffer
	if err := roster.WriteCSV(&buf, rows); err != nil {
		t.Fatal(err)
	}
	name := filepath.Join(t.TempDir(), "pegawai.csv")
	if err := os.WriteFile(name, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	return name
}

// upload sends a roster file from the import form.
func upload(b *browser, file string) {
	b.t.Helper()
	b.open("/admin/employees/import")
	run(b, "choose file", chromedp.SetUploadFiles(`#file`, []string{file}))
	b.click(`form.form button.primary`)
}

// waitImport waits until the import page stops refreshing itself.
func waitImport(b *browser) {
	b.t.Helper()
	running := msg(b.t, "id", "import.running")
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(200 * time.Millisecond) {
		h := eval[string](b, `(document.querySelector("h1") || {}).textContent || ""`)
		if h != "" && h != running {
			return
		}
	}
	b.t.Fatalf("the import did not finish: %s", b.where())
}
