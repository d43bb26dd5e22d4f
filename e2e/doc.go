// Package e2e holds the end-to-end browser tests of sigap: a real server
// from internal/testserver, driven through headless Chromium with chromedp.
//
// Run them with
//
//	go test ./e2e/ -count=1 -v
//
// The tests look for the browser in $SIGAP_CHROMIUM, then on the PATH as
// chromium, chromium-browser or google-chrome. Without one they skip, except
// when $CI is set, where they fail. Set SIGAP_E2E_SHOTS to a directory to
// save full-page screenshots of the key pages for a human to review.
package e2e
