package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestLoadPrecedence(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sigap.env")
	file := "# comment\nSIGAP_ADDR=127.0.0.1:9000\nSIGAP_DATA_DIR=\"/srv/sigap\"\n\nexport SIGAP_LOG_LEVEL=debug\n"
	if err := os.WriteFile(path, []byte(file), 0o600); err != nil {
		t.Fatal(err)
	}
	c, err := Load(path, []string{"SIGAP_ADDR=:7000", "HOME=/root", "SIGAP_LANG=en"})
	if err != nil {
		t.Fatal(err)
	}
	if c.Addr != ":7000" {
		t.Errorf("environment must override the file: addr %q", c.Addr)
	}
	if c.DataDir != "/srv/sigap" || c.LogLevel != "debug" || c.Lang != "en" {
		t.Errorf("unexpected config %+v", c)
	}
	if c.SessionTTL.Hours() != 12 {
		t.Errorf("default session TTL lost: %s", c.SessionTTL)
	}
	if err := c.Validate(); err != nil {
		t.Errorf("valid config rejected: %v", err)
	}
	c.TrustedProxies = []string{"10.0.0.0/8", "192.0.2.1"}
	p, err := c.Proxies()
	if err != nil || len(p) != 2 || p[1].Bits() != 32 {
		t.Errorf("proxies %v %v", p, err)
	}
}

func TestLoadRejectsBadFileAndValues(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bad.env")
	os.WriteFile(path, []byte("ADDR=1\n"), 0o600)
	if _, err := Load(path, nil); err == nil || !strings.Contains(err.Error(), "line 1") {
		t.Errorf("bad line not reported with its number: %v", err)
	}
	if _, err := Load(filepath.Join(t.TempDir(), "missing.env"), nil); err == nil {
		t.Error("missing file accepted")
	}
	if _, err := Load("", []string{"SIGAP_SESSION_TTL=soon"}); err == nil {
		t.Error("unparsable duration accepted")
	}
}

func TestValidate(t *testing.T) {
	base, err := Load("", nil)
	if err != nil {
		t.Fatal(err)
	}
	cases := map[string]func(*Config){
		"SIGAP_ADDR":              func(c *Config) { c.Addr = "localhost" },
		"port":                    func(c *Config) { c.Addr = "127.0.0.1:99999" },
		"SIGAP_DATA_DIR":          func(c *Config) { c.DataDir = " " },
		"SIGAP_DATABASE_URL":      func(c *Config) { c.DatabaseURL = "mysql://x" },
		"SIGAP_BASE_URL":          func(c *Config) { c.BaseURL = "example.org" },
		"SIGAP_LANG":              func(c *Config) { c.Lang = "fr" },
		"SIGAP_LOG_FORMAT":        func(c *Config) { c.LogFormat = "xml" },
		"SIGAP_LOG_LEVEL":         func(c *Config) { c.LogLevel = "loud" },
		"SIGAP_SESSION_IDLE":      func(c *Config) { c.SessionIdle = 48 * c.SessionTTL },
		"go together":             func(c *Config) { c.TLSCert = "/etc/ssl/sigap.pem" },
		"SIGAP_TLS_KEY: cannot":   func(c *Config) { c.TLSCert, c.TLSKey = "/dev/null", "/no/such/key.pem" },
		"SIGAP_TRUSTED_PROXIES":   func(c *Config) { c.TrustedProxies = []string{"10.0.0.0/8", "proxy.local"} },
		"SIGAP_RATE_SIGNIN":       func(c *Config) { c.RateSignIn = 0 },
		"SIGAP_DATABASE_READ_URL": func(c *Config) { c.DatabaseReadURL = "postgres://replica/sigap" }, // without a primary
		"SIGAP_MAIL_INTERVAL":     func(c *Config) { c.MailInterval = 0 },
		"SIGAP_RECORD_KEYS_URL":   func(c *Config) { c.RecordKeysURL = "postgres://keys/sigap" }, // on SQLite
	}
	for want, mutate := range cases {
		c := base
		mutate(&c)
		err := c.Validate()
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: got %v", want, err)
		}
	}
}

func TestRedacted(t *testing.T) {
	c, _ := Load("", []string{"SIGAP_DATABASE_URL=postgres://sigap:s3cret@db:5432/sigap?password=other"})
	out := strings.Join(c.Redacted(), "\n")
	if strings.Contains(out, "s3cret") || strings.Contains(out, "other") {
		t.Errorf("secret printed: %s", out)
	}
	if !strings.Contains(out, "postgres://sigap:xxxxx@db:5432/sigap") {
		t.Errorf("URL not shown redacted: %s", out)
	}
}
