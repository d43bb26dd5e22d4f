package i18n

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"
)

func load(t *testing.T) *Catalog {
	t.Helper()
	c, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// Every message exists in both languages.
func TestCataloguesMatch(t *testing.T) {
	c := load(t)
	id, en := c.Keys("id"), c.Keys("en")
	for k := range id {
		if !en[k] {
			t.Errorf("%s missing in en", k)
		}
	}
	for k := range en {
		if !id[k] {
			t.Errorf("%s missing in id", k)
		}
	}
	if len(id) < 200 {
		t.Errorf("only %d messages loaded", len(id))
	}
}

// keysUsed finds message keys in source files: `.T "key"` in templates and
// the key argument of apperr constructors in Go.
func keysUsed(t *testing.T) map[string][]string {
	used := map[string][]string{}
	patterns := []*regexp.Regexp{
		regexp.MustCompile(`\.[TL] "([a-z0-9_.]+)"`),
		regexp.MustCompile(`apperr\.New\(apperr\.\w+, "([a-z0-9_.]+)"\)`),
		regexp.MustCompile(`apperr\.InvalidField\("\w+", "([a-z0-9_.]+)"`),
		regexp.MustCompile(`Key: "([a-z0-9_.]+)"`),
		regexp.MustCompile(`"(flash\.[a-z_]+|home\.[a-z_.]+|signin\.[a-z_.]+)"`),
		regexp.MustCompile(`s\.redirect\(w, r, [^,]+, "([a-z_]+)"\)`),
		regexp.MustCompile(`flash(?: :)?= "([a-z_]+)"`),
		regexp.MustCompile(`"(calendar\.calc\.[a-z_]+)"`),
		regexp.MustCompile(`"(nav\.[a-z_]+)"`),
	}
	root := filepath.Join("..")
	filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasSuffix(p, "_test.go") || !(strings.HasSuffix(p, ".go") || strings.HasSuffix(p, ".html")) {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		for i, re := range patterns {
			for _, m := range re.FindAllStringSubmatch(string(b), -1) {
				key := m[1]
				if i == 5 || i == 6 {
					key = "flash." + key
				}
				used[key] = append(used[key], p)
			}
		}
		return nil
	})
	return used
}

// Every key the code and templates use is in the catalogue, so no page
// ever shows a raw key.
func TestUsedKeysExist(t *testing.T) {
	c := load(t)
	used := keysUsed(t)
	if len(used) < 100 {
		t.Fatalf("found only %d keys in use; the scan is broken", len(used))
	}
	var missing []string
	for k, files := range used {
		if !c.Keys("id")[k] {
			missing = append(missing, k+" (in "+files[0]+")")
		}
	}
	sort.Strings(missing)
	for _, m := range missing {
		t.Error("missing message:", m)
	}
}

func TestFormats(t *testing.T) {
	c := load(t)
	if got := c.Number("id", 1234567); got != "1.234.567" {
		t.Errorf("id number %q", got)
	}
	if got := c.Number("en", 1234567); got != "1,234,567" {
		t.Errorf("en number %q", got)
	}
	if got := c.Date("id", 2026, time.August, 17); got != "17 Agustus 2026" {
		t.Errorf("id date %q", got)
	}
	wib := time.FixedZone("WIB", 7*3600)
	at := time.Date(2026, 3, 2, 1, 30, 0, 0, time.UTC)
	if got := c.DateTime("id", at, wib); got != "2 Maret 2026 08.30" {
		t.Errorf("id time %q", got)
	}
	if got := c.DateTime("en", at, wib); got != "2 March 2026 08:30" {
		t.Errorf("en time %q", got)
	}
	if got := c.T("id", "user.password.short", map[string]any{"Min": 12}); got != "Kata sandi minimal 12 karakter." {
		t.Errorf("template data: %q", got)
	}
	if got := c.T("xx", "nav.home", nil); got != "Beranda" {
		t.Errorf("unknown language falls back to Indonesian: %q", got)
	}
	if got := c.T("id", "no.such.key", nil); got != "no.such.key" {
		t.Errorf("missing key: %q", got)
	}
}
