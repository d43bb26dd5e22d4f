package web

import (
	"net/http/httptest"
	"net/netip"
	"testing"
	"time"
)

func TestLimiter(t *testing.T) {
	l := newLimiter(60, 3) // one a second, bursts of three
	a := netip.MustParseAddr("203.0.113.7")
	b := netip.MustParseAddr("203.0.113.8")
	now := time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)
	for i := range 3 {
		if ok, _ := l.allow(a, now); !ok {
			t.Fatalf("request %d of the burst refused", i+1)
		}
	}
	ok, wait := l.allow(a, now)
	if ok || wait <= 0 || wait > time.Second {
		t.Fatalf("fourth request: %v, wait %s", ok, wait)
	}
	if ok, _ := l.allow(b, now); !ok {
		t.Error("another address was limited")
	}
	if ok, _ := l.allow(a, now.Add(1100*time.Millisecond)); !ok {
		t.Error("no token after a second")
	}
}

func TestClientAddr(t *testing.T) {
	s := &Server{proxies: []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")}}
	cases := []struct{ remote, xff, want string }{
		{"203.0.113.7:5000", "", "203.0.113.7"},
		{"203.0.113.7:5000", "198.51.100.1", "203.0.113.7"}, // untrusted peer: its header is ignored
		{"10.0.0.2:5000", "198.51.100.1", "198.51.100.1"},
		{"10.0.0.2:5000", "1.2.3.4, 198.51.100.1, 10.0.0.9", "198.51.100.1"}, // spoofed first hop ignored
		{"10.0.0.2:5000", "garbage", "10.0.0.2"},
		{"[::ffff:203.0.113.7]:5000", "", "203.0.113.7"},
	}
	for _, c := range cases {
		r := httptest.NewRequest("GET", "/", nil)
		r.RemoteAddr = c.remote
		if c.xff != "" {
			r.Header.Set("X-Forwarded-For", c.xff)
		}
		if got := s.clientAddr(r).String(); got != c.want {
			t.Errorf("%s %q: %s, want %s", c.remote, c.xff, got, c.want)
		}
	}
}

func TestLocalPath(t *testing.T) {
	cases := map[string]string{
		"/admin/units":            "/admin/units",
		"/admin/users?page=2&q=x": "/admin/users?page=2&q=x",
		"/a/../admin/":            "/admin/",
		"https://evil.example/":   "/",
		"//evil.example":          "/",
		"/\\evil.example":         "/",
		"/./\\evil.example":       "/",
		"/./%5Cevil.example":      "/",
		"/%2F%2Fevil.example":     "/%2F%2Fevil.example",
		"javascript:alert(1)":     "/",
		"/ok\r\nSet-Cookie: x=y":  "/",
		"":                        "/",
		"relative/path":           "/",
		"/.//evil.example":        "/evil.example",
	}
	for in, want := range cases {
		if got := localPath(in); got != want {
			t.Errorf("localPath(%q) = %q, want %q", in, got, want)
		}
	}
}
