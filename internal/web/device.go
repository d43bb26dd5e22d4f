package web

import "strings"

// deviceName turns a User-Agent header into "Chrome · Windows", which a
// person recognises, instead of the raw header.
func deviceName(ua string) string {
	if ua == "" {
		return ""
	}
	browser := "?"
	for _, b := range []struct{ token, name string }{
		{"Edg/", "Edge"}, {"OPR/", "Opera"}, {"Firefox/", "Firefox"}, {"SamsungBrowser/", "Samsung Internet"},
		{"HeadlessChrome/", "Chrome (headless)"}, {"Chrome/", "Chrome"}, {"Safari/", "Safari"}, {"curl/", "curl"},
	} {
		if strings.Contains(ua, b.token) {
			browser = b.name
			break
		}
	}
	os := ""
	for _, o := range []struct{ token, name string }{
		{"Android", "Android"}, {"iPhone", "iPhone"}, {"iPad", "iPad"}, {"Windows", "Windows"},
		{"Mac OS X", "macOS"}, {"CrOS", "ChromeOS"}, {"Linux", "Linux"},
	} {
		if strings.Contains(ua, o.token) {
			os = o.name
			break
		}
	}
	if browser == "?" && os == "" {
		return truncateRunes(ua, 40)
	}
	if os == "" {
		return browser
	}
	return browser + " · " + os
}

func truncateRunes(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}
