// Package i18n translates sigap's texts. Indonesian is the default and the
// reference catalogue; English mirrors it key for key (a test holds them in
// step). Numbers and dates are written the way each language writes them.
package i18n

import (
	"embed"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/BurntSushi/toml"
	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
)

//go:embed locales/*.toml
var locales embed.FS

// Languages are the supported language codes, the default first.
var Languages = []string{"id", "en"}

// Default is the language used when nothing else is known.
const Default = "id"

// Supported reports whether lang is one of Languages.
func Supported(lang string) bool { return slices.Contains(Languages, lang) }

// Catalog holds the loaded translations. It is safe for concurrent use.
type Catalog struct {
	loc     map[string]*goi18n.Localizer
	printer map[string]*message.Printer
	keys    map[string]map[string]bool
	plain   map[string]map[string]string // messages without template data, resolved once
}

// Load reads the embedded catalogues.
func Load() (*Catalog, error) {
	b := goi18n.NewBundle(language.Indonesian)
	b.RegisterUnmarshalFunc("toml", toml.Unmarshal)
	c := &Catalog{loc: map[string]*goi18n.Localizer{}, printer: map[string]*message.Printer{}, keys: map[string]map[string]bool{}, plain: map[string]map[string]string{}}
	for _, lang := range Languages {
		name := "locales/" + lang + ".toml"
		data, err := locales.ReadFile(name)
		if err != nil {
			return nil, err
		}
		f, err := b.ParseMessageFileBytes(data, name)
		if err != nil {
			return nil, fmt.Errorf("catalogue %s: %w", name, err)
		}
		c.keys[lang] = map[string]bool{}
		c.plain[lang] = map[string]string{}
		for _, m := range f.Messages {
			c.keys[lang][m.ID] = true
			// Most texts take no data: keep them ready, since a page asks
			// for dozens and the localizer's work is the same each time.
			if !strings.Contains(m.Other, "{{") {
				c.plain[lang][m.ID] = m.Other
			}
		}
		c.loc[lang] = goi18n.NewLocalizer(b, lang)
		c.printer[lang] = message.NewPrinter(language.Make(lang))
	}
	return c, nil
}

// Keys returns the message IDs of a language's catalogue.
func (c *Catalog) Keys(lang string) map[string]bool { return c.keys[lang] }

// T returns the text for key in lang, filled with data. A missing key
// yields the key itself, which tests catch, rather than an empty page.
func (c *Catalog) T(lang, key string, data map[string]any) string {
	if data == nil {
		if s, ok := c.plain[lang][key]; ok && s != "" {
			return s
		}
	}
	l, ok := c.loc[lang]
	if !ok {
		l = c.loc[Default]
	}
	cfg := &goi18n.LocalizeConfig{MessageID: key, TemplateData: data}
	if n, ok := data["Count"]; ok {
		cfg.PluralCount = n
	}
	s, err := l.Localize(cfg)
	if err != nil || s == "" {
		return key
	}
	return s
}

// Number formats n with the language's digit grouping: 1.234.567 in
// Indonesian, 1,234,567 in English.
func (c *Catalog) Number(lang string, n int64) string {
	p, ok := c.printer[lang]
	if !ok {
		p = c.printer[Default]
	}
	return p.Sprintf("%d", n)
}

// Decimal formats v with one decimal: "12,5" in Indonesian, "12.5" in
// English.
func (c *Catalog) Decimal(lang string, v float64) string {
	p, ok := c.printer[lang]
	if !ok {
		p = c.printer[Default]
	}
	return p.Sprintf("%.1f", v)
}

// Date formats a day as "2 Maret 2026" or "2 March 2026".
func (c *Catalog) Date(lang string, year int, month time.Month, day int) string {
	return fmt.Sprintf("%d %s %d", day, c.T(lang, "month."+strings.ToLower(month.String()), nil), year)
}

// DateTime formats an instant in loc as "2 Maret 2026 08.30" (Indonesian
// writes the time with a dot) or "2 March 2026 08:30".
func (c *Catalog) DateTime(lang string, t time.Time, loc *time.Location) string {
	t = t.In(loc)
	sep := ":"
	if lang == "id" {
		sep = "."
	}
	return fmt.Sprintf("%s %02d%s%02d", c.Date(lang, t.Year(), t.Month(), t.Day()), t.Hour(), sep, t.Minute())
}

// Weekday names a day of the week.
func (c *Catalog) Weekday(lang string, d time.Weekday) string {
	return c.T(lang, "weekday."+strings.ToLower(d.String()), nil)
}
