package e2e

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"

	"sigap/internal/db"
	"sigap/internal/i18n"
	"sigap/internal/testserver"
)

const (
	// testTimeout bounds one whole test: browser, server and every step.
	testTimeout = 60 * time.Second
	// stepTimeout bounds one step, so that a click that navigates nowhere
	// fails with a clear message instead of eating the whole test budget.
	stepTimeout = 15 * time.Second
)

// chromiumPath finds the browser: $SIGAP_CHROMIUM, else the usual names on
// the PATH. Without one the test skips, or fails on CI, where these tests
// must run.
func chromiumPath(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("SIGAP_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	const msg = "no Chromium found: install it (apt-get install -y chromium) or set SIGAP_CHROMIUM to the browser's path"
	if os.Getenv("CI") != "" {
		t.Fatal(msg + "; CI must run the browser tests")
	}
	t.Skip(msg)
	return ""
}

// start runs a fresh server with a fresh database for one test. The tests
// share nothing, so they run in parallel, at most -parallel (GOMAXPROCS by
// default) at a time.
func start(t *testing.T) *testserver.Env {
	t.Helper()
	chromiumPath(t) // skip before paying for the server
	return testserver.Start(t, db.SQLite)
}

// browser is one tab of a headless Chromium pointed at a test server.
type browser struct {
	t   *testing.T
	env *testserver.Env
	ctx context.Context
}

// newBrowser starts a new Chromium process with a fresh profile (user data
// dir), so it shares no cookies with any other browser of the test. The
// process ends with the test, at the latest after testTimeout.
func newBrowser(t *testing.T, env *testserver.Env, extra ...chromedp.ExecAllocatorOption) *browser {
	t.Helper()
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromiumPath(t)),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("disable-features", "Translate"),
		chromedp.Flag("password-store", "basic"),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
	}
	opts = append(opts, extra...)
	tctx, tcancel := context.WithTimeout(context.Background(), testTimeout)
	actx, acancel := chromedp.NewExecAllocator(tctx, opts...)
	ctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(func() { cancel(); acancel(); tcancel() })
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start Chromium: %v", err)
	}
	b := &browser{t: t, env: env, ctx: ctx}
	t.Cleanup(b.shotOnFailure)
	return b
}

// incognito opens a tab in a new browser context of the same Chromium
// process: an empty cookie jar, like a second person on another computer.
func (b *browser) incognito() *browser {
	b.t.Helper()
	ctx, cancel := chromedp.NewContext(b.ctx, chromedp.WithNewBrowserContext())
	b.t.Cleanup(cancel)
	if err := chromedp.Do(ctx); err != nil {
		b.t.Fatalf("new browser context: %v", err)
	}
	return &browser{t: b.t, env: b.env, ctx: ctx}
}

// run runs one action within stepTimeout and fails the test on error.
func run[T any](b *browser, what string, a chromedp.Action[T]) T {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, stepTimeout)
	defer cancel()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		b.t.Fatalf("%s (on %s): %v", what, b.where(), err)
	}
	return v
}

// where describes the current page for failure messages, without failing.
func (b *browser) where() string {
	ctx, cancel := context.WithTimeout(b.ctx, 2*time.Second)
	defer cancel()
	s, err := chromedp.Run(ctx, chromedp.EvaluateAsDevTools[string](`location.pathname + location.search + " [h1: " + ((document.querySelector("h1")||{}).textContent||"").trim() + "]"`))
	if err != nil {
		return "unknown page"
	}
	return s
}

// open loads a path of the test server and returns the HTTP status of the
// document finally shown (after redirects).
func (b *browser) open(path string) int {
	b.t.Helper()
	res := run(b, "open "+path, chromedp.NavigateResponse(b.env.URL+path))
	if res == nil {
		b.t.Fatalf("open %s: no response", path)
	}
	b.noRawKeys()
	return int(res.Status)
}

// click clicks the element matching the CSS selector, which must lead to a
// new page (a link or a form button), waits until that page has loaded and
// returns its HTTP status.
func (b *browser) click(sel string) int {
	b.t.Helper()
	res, err := func() (int, error) {
		ctx, cancel := context.WithTimeout(b.ctx, stepTimeout)
		defer cancel()
		r, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(sel)))
		if err != nil {
			return 0, err
		}
		if r == nil {
			return 0, errors.New("no response")
		}
		return int(r.Status), nil
	}()
	if err != nil {
		b.t.Fatalf("click %s (on %s): %v", sel, b.where(), err)
	}
	b.noRawKeys()
	return res
}

// keyLike matches words that look like catalogue keys (units.title).
var keyLike = regexp.MustCompile(`[a-z][a-z0-9_]*(\.[a-z0-9_]+)+`)

// noRawKeys fails the test when the page shows a catalogue key instead of
// its text, the sign of a missing translation or a wrong key.
func (b *browser) noRawKeys() {
	b.t.Helper()
	cat, err := catalogue()
	if err != nil {
		b.t.Fatalf("load catalogue: %v", err)
	}
	body := eval[string](b, `document.body ? document.body.innerText + " " + document.title : document.title`)
	for _, w := range keyLike.FindAllString(body, -1) {
		if cat.Keys("id")[w] || cat.Keys("en")[w] {
			b.t.Fatalf("%s shows the untranslated catalogue key %q", b.where(), w)
		}
	}
}

// fill replaces the value of a text field by typing v into it.
func (b *browser) fill(sel, v string) {
	b.t.Helper()
	// chromedp.SetValue cannot set "" (it compares the result with the
	// value and an empty string argument does not survive), so clear by hand.
	if b.count(sel) == 0 {
		b.t.Fatalf("no %s on %s", sel, b.where())
	}
	eval[chromedp.Void](b, fmt.Sprintf(`document.querySelector(%s).value = ""`, jsString(sel)))
	// Focus the field and insert the text as one input, like a paste or
	// an input method does: the browser fires the same input events as
	// for typing, at a fraction of the cost of one key event per rune.
	run(b, "focus "+sel, chromedp.Focus(chromedp.CSS(sel), chromedp.NodeVisible))
	run(b, "type into "+sel, chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, input.InsertText, input.InsertTextParams{Text: v})
		return err
	}))
	if got := b.value(sel); got != v {
		b.t.Fatalf("typed %q into %s: the field holds %q", v, sel, got)
	}
}

// typeKeys types v into an empty text field key by key, as a person does.
func (b *browser) typeKeys(sel, v string) {
	b.t.Helper()
	if got := b.value(sel); got != "" {
		b.t.Fatalf("%s is not empty: %q", sel, got)
	}
	run(b, "type keys into "+sel, chromedp.SendKeys(chromedp.CSS(sel), v))
	if got := b.value(sel); got != v {
		b.t.Fatalf("typed %q into %s: the field holds %q", v, sel, got)
	}
}

// set sets the value of a field directly: for date inputs (whose typing
// depends on the browser's locale), number inputs and selects.
func (b *browser) set(sel, v string) {
	b.t.Helper()
	run(b, "set "+sel, chromedp.SetValue(chromedp.CSS(sel), v))
	if got := b.value(sel); got != v {
		b.t.Fatalf("set %s to %q: the field holds %q", sel, v, got)
	}
}

// check ticks a checkbox by clicking it.
func (b *browser) check(sel string) {
	b.t.Helper()
	run(b, "click "+sel, chromedp.Click(chromedp.CSS(sel)))
	if !eval[bool](b, fmt.Sprintf(`document.querySelector(%s).checked`, jsString(sel))) {
		b.t.Fatalf("%s is not checked after clicking it", sel)
	}
}

// eval evaluates a JavaScript expression through DevTools; it works in a
// page whose own scripts are disabled too.
func eval[T any](b *browser, expr string) T {
	b.t.Helper()
	return run(b, "evaluate "+expr, chromedp.EvaluateAsDevTools[T](expr))
}

func jsString(s string) string {
	j, _ := json.Marshal(s)
	return string(j)
}

// norm is the JavaScript that collapses white space like a reader sees it.
const norm = `(s => (s || "").replace(/\s+/g, " ").trim())`

// texts returns the text of every element matching sel, white space
// collapsed. It reads the DOM as it is, without waiting.
func (b *browser) texts(sel string) []string {
	b.t.Helper()
	return eval[[]string](b, fmt.Sprintf(`Array.from(document.querySelectorAll(%s), e => %s(e.textContent))`, jsString(sel), norm))
}

// text returns the text of the first element matching sel; the element must
// exist.
func (b *browser) text(sel string) string {
	b.t.Helper()
	ts := b.texts(sel)
	if len(ts) == 0 {
		b.t.Fatalf("no %s on %s", sel, b.where())
	}
	return ts[0]
}

// count returns how many elements match sel.
func (b *browser) count(sel string) int {
	b.t.Helper()
	return eval[int](b, fmt.Sprintf(`document.querySelectorAll(%s).length`, jsString(sel)))
}

// value returns the current value of a form field.
func (b *browser) value(sel string) string {
	b.t.Helper()
	if b.count(sel) == 0 {
		b.t.Fatalf("no %s on %s", sel, b.where())
	}
	return eval[string](b, fmt.Sprintf(`document.querySelector(%s).value`, jsString(sel)))
}

// attr returns an attribute of the first element matching sel ("" when
// absent).
func (b *browser) attr(sel, name string) string {
	b.t.Helper()
	if b.count(sel) == 0 {
		b.t.Fatalf("no %s on %s", sel, b.where())
	}
	return eval[string](b, fmt.Sprintf(`document.querySelector(%s).getAttribute(%s) || ""`, jsString(sel), jsString(name)))
}

// selectedText returns the label of the chosen option of a select.
func (b *browser) selectedText(sel string) string {
	b.t.Helper()
	if b.count(sel) == 0 {
		b.t.Fatalf("no %s on %s", sel, b.where())
	}
	return eval[string](b, fmt.Sprintf(`(e => %s(e.options[e.selectedIndex].textContent))(document.querySelector(%s))`, norm, jsString(sel)))
}

// path returns the path and query of the current page.
func (b *browser) path() string {
	b.t.Helper()
	return eval[string](b, `location.pathname + location.search`)
}

// url returns the current page's URL, parsed.
func (b *browser) url() *url.URL {
	b.t.Helper()
	u, err := url.Parse(eval[string](b, `location.href`))
	if err != nil {
		b.t.Fatal(err)
	}
	return u
}

// title returns the document title.
func (b *browser) title() string {
	b.t.Helper()
	return run(b, "title", chromedp.Title())
}

// rows returns the text of every body row of the tables on the page.
func (b *browser) rows() []string {
	b.t.Helper()
	return b.texts("table tbody tr")
}

// row returns the text of the one table row containing s, failing unless
// exactly one row does.
func (b *browser) row(s string) string {
	b.t.Helper()
	var found []string
	for _, r := range b.rows() {
		if strings.Contains(r, s) {
			found = append(found, r)
		}
	}
	if len(found) != 1 {
		b.t.Fatalf("want one table row containing %q on %s, found %d: %q", s, b.where(), len(found), b.rows())
	}
	return found[0]
}

// hasRow reports whether some table row contains s.
func (b *browser) hasRow(s string) bool {
	b.t.Helper()
	for _, r := range b.rows() {
		if strings.Contains(r, s) {
			return true
		}
	}
	return false
}

// inRow finds, in the one table row containing rowText, the link or button
// labelled label, and returns a CSS selector that picks exactly it: the link
// by its href, the button by its form's action.
func (b *browser) inRow(rowText, label string) string {
	b.t.Helper()
	js := fmt.Sprintf(`(() => {
  const norm = %s, want = %s, label = %s;
  const rows = Array.from(document.querySelectorAll("table tbody tr")).filter(r => norm(r.textContent).includes(want));
  if (rows.length !== 1) return "!" + rows.length + " rows contain " + want;
  for (const e of rows[0].querySelectorAll("a, button")) {
    if (norm(e.textContent) !== label) continue;
    if (e.tagName === "A") return 'a[href="' + e.getAttribute("href") + '"]';
    return 'form[action="' + e.closest("form").getAttribute("action") + '"] button';
  }
  return "!no " + label + " in the row of " + want;
})()`, norm, jsString(rowText), jsString(label))
	sel := eval[string](b, js)
	if strings.HasPrefix(sel, "!") {
		b.t.Fatalf("on %s: %s", b.where(), sel[1:])
	}
	if n := b.count(sel); n != 1 {
		b.t.Fatalf("selector %s for %q in the row of %q matches %d elements", sel, label, rowText, n)
	}
	return sel
}

// signIn signs in through the sign-in form and returns the status of the
// page it lands on.
func (b *browser) signIn(username, password string) int {
	b.t.Helper()
	if p := b.path(); !strings.HasPrefix(p, "/login") {
		b.open("/login")
	}
	b.fill("#username", username)
	b.fill("#password", password)
	status := b.click(`form[action="/login"] button`)
	// Accounts whose roles read case content give their second factor.
	if strings.HasPrefix(b.path(), "/login/totp") && b.env.NeedsCode(username) {
		b.fill("#code", b.env.TOTPCode(username))
		status = b.click(`form[action="/login/totp"] button`)
	}
	return status
}

// signOut presses the sign-out button in the header.
func (b *browser) signOut() {
	b.t.Helper()
	b.click(`form[action="/logout"] button`)
}

// want fails the test when got differs from want.
func (b *browser) want(what, got, want string) {
	b.t.Helper()
	if got != want {
		b.t.Fatalf("%s: got %q, want %q (on %s)", what, got, want, b.where())
	}
}

// wantText fails the test unless the first element matching sel has
// exactly the text want.
func (b *browser) wantText(sel, want string) {
	b.t.Helper()
	b.want("text of "+sel, b.text(sel), want)
}

// wantPath fails the test unless the current page's path (without query)
// is p.
func (b *browser) wantPath(p string) {
	b.t.Helper()
	b.want("path", b.url().Path, p)
}

// wantStatus fails the test when an HTTP status is not the expected one.
func (b *browser) wantStatus(what string, got, want int) {
	b.t.Helper()
	if got != want {
		b.t.Fatalf("%s: HTTP status %d, want %d (on %s)", what, got, want, b.where())
	}
}

// shotsDir is where screenshots go; empty means take none.
func shotsDir() string { return os.Getenv("SIGAP_E2E_SHOTS") }

// shot saves a full-page PNG of the current page as name.png when
// SIGAP_E2E_SHOTS names a directory.
func (b *browser) shot(name string) {
	b.t.Helper()
	dir := shotsDir()
	if dir == "" {
		return
	}
	png := run(b, "screenshot "+name, chromedp.FullScreenshot(100))
	b.save(dir, name, png)
}

func (b *browser) save(dir, name string, png []byte) {
	b.t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		b.t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644); err != nil {
		b.t.Fatal(err)
	}
}

var unsafeName = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

// shotOnFailure keeps a picture of the page a failed test ended on.
func (b *browser) shotOnFailure() {
	dir := shotsDir()
	if dir == "" || !b.t.Failed() {
		return
	}
	ctx, cancel := context.WithTimeout(b.ctx, 5*time.Second)
	defer cancel()
	if png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100)); err == nil {
		b.save(dir, "FAILED-"+unsafeName.ReplaceAllString(b.t.Name(), "_"), png)
	}
}

// catalogue is the message catalogue, loaded once.
var catalogue = sync.OnceValues(i18n.Load)

// msg returns the text of a catalogue key, failing when the key is missing
// (so that a test cannot pass by comparing a raw key with itself).
func msg(t *testing.T, lang, key string, kv ...any) string {
	t.Helper()
	cat, err := catalogue()
	if err != nil {
		t.Fatalf("load catalogue: %v", err)
	}
	if !cat.Keys(lang)[key] {
		t.Fatalf("catalogue %s has no key %s", lang, key)
	}
	var data map[string]any
	if len(kv) > 0 {
		data = map[string]any{}
		for i := 0; i+1 < len(kv); i += 2 {
			data[kv[i].(string)] = kv[i+1]
		}
	}
	return cat.T(lang, key, data)
}
