package web

import "testing"

func TestDeviceName(t *testing.T) {
	cases := map[string]string{
		"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36":               "Chrome · Windows",
		"Mozilla/5.0 (Linux; Android 14; SM-A546E) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/23.0 Chrome/115.0":         "Samsung Internet · Android",
		"Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Safari/604.1": "Safari · iPhone",
		"Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0":                                                    "Firefox · Linux",
		"Mozilla/5.0 (Windows NT 10.0) AppleWebKit/537.36 Chrome/120.0 Safari/537.36 Edg/120.0":                                     "Edge · Windows",
		"curl/8.5.0": "curl",
		"":           "",
		"SomethingVeryStrangeThatGoesOnAndOnForeverAndEver/1.0": "SomethingVeryStrangeThatGoesOnAndOnForev…",
	}
	for ua, want := range cases {
		if got := deviceName(ua); got != want {
			t.Errorf("%q: %q, want %q", ua, got, want)
		}
	}
}
