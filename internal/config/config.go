// Package config holds sigap's typed configuration. Values come, in rising
// order of precedence, from defaults, an optional KEY=VALUE file, SIGAP_*
// environment variables and command-line flags; Validate checks them before
// anything starts.
package config

import (
	"bufio"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/caarlos0/env/v11"
)

// Config is the whole configuration of one sigap process.
type Config struct {
	Addr           string        `env:"SIGAP_ADDR" envDefault:"127.0.0.1:8080"`
	DataDir        string        `env:"SIGAP_DATA_DIR" envDefault:"./data"`
	DatabaseURL    string        `env:"SIGAP_DATABASE_URL"`
	BaseURL        string        `env:"SIGAP_BASE_URL"`
	Lang           string        `env:"SIGAP_LANG" envDefault:"id"`
	LogFormat      string        `env:"SIGAP_LOG_FORMAT" envDefault:"text"`
	LogLevel       string        `env:"SIGAP_LOG_LEVEL" envDefault:"info"`
	SessionTTL     time.Duration `env:"SIGAP_SESSION_TTL" envDefault:"12h"`
	SessionIdle    time.Duration `env:"SIGAP_SESSION_IDLE" envDefault:"1h"`
	SecureCookie   bool          `env:"SIGAP_SECURE_COOKIE" envDefault:"false"`
	SQLiteCacheMB  int           `env:"SIGAP_SQLITE_CACHE_MB" envDefault:"64"`
	MasterKeyFile  string        `env:"SIGAP_MASTER_KEY_FILE"`
	AuditKeyFile   string        `env:"SIGAP_AUDIT_KEY_FILE"`
	TLSCert        string        `env:"SIGAP_TLS_CERT"`
	TLSKey         string        `env:"SIGAP_TLS_KEY"`
	TrustedProxies []string      `env:"SIGAP_TRUSTED_PROXIES"`
	RateSignIn     int           `env:"SIGAP_RATE_SIGNIN" envDefault:"20"`
	RatePublic     int           `env:"SIGAP_RATE_PUBLIC" envDefault:"300"`
	RateReceipt    int           `env:"SIGAP_RATE_RECEIPT" envDefault:"10"`
	ClamdAddr      string        `env:"SIGAP_CLAMD_ADDR"`
	ReportPoWBits  int           `env:"SIGAP_REPORT_POW_BITS" envDefault:"0"`
	SMTPAddr       string        `env:"SIGAP_SMTP_ADDR"`
	SMTPFrom       string        `env:"SIGAP_SMTP_FROM"`
	SMTPUser       string        `env:"SIGAP_SMTP_USER"`
	SMTPPassword   string        `env:"SIGAP_SMTP_PASSWORD"`
	MailInterval   time.Duration `env:"SIGAP_MAIL_INTERVAL" envDefault:"15s"`
	// DatabaseReadURL, when set, is a PostgreSQL replica that the
	// statistics read from, so that dashboards do not load the primary.
	DatabaseReadURL string `env:"SIGAP_DATABASE_READ_URL"`
	// RecordKeysURL is the PostgreSQL database of the record key store
	// (crypto-shredding, docs/RETENTION.md), kept apart from the main
	// database and its backups. Unset on PostgreSQL, the store is the
	// schema sigap_record_keys of the main database, which pg_dump must
	// leave out; on SQLite it is record-keys.db beside the master key.
	RecordKeysURL string `env:"SIGAP_RECORD_KEYS_URL"`
	// FilesURL, when set, keeps attachments and letters in an
	// S3-compatible object store instead of DATA_DIR/files, so that
	// several instances share them: s3://BUCKET/PREFIX?region=…&endpoint=…&path_style=1.
	FilesURL    string `env:"SIGAP_FILES_URL"`
	S3AccessKey string `env:"SIGAP_S3_ACCESS_KEY"`
	S3SecretKey string `env:"SIGAP_S3_SECRET_KEY"`
}

// MasterKeyPath is the file of the master key that wraps every tenant key:
// SIGAP_MASTER_KEY_FILE, or master.key in the data directory.
func (c Config) MasterKeyPath() string {
	if c.MasterKeyFile != "" {
		return c.MasterKeyFile
	}
	return filepath.Join(c.DataDir, "master.key")
}

// AuditKeyPath is the file of the ed25519 key that signs audit
// checkpoints: SIGAP_AUDIT_KEY_FILE, or audit-signing.key in the data
// directory.
func (c Config) AuditKeyPath() string {
	if c.AuditKeyFile != "" {
		return c.AuditKeyFile
	}
	return filepath.Join(c.DataDir, "audit-signing.key")
}

// Load reads the optional file at path (empty: none) and the environment.
func Load(path string, environ []string) (Config, error) {
	vars := map[string]string{}
	if path != "" {
		fileVars, err := readFile(path)
		if err != nil {
			return Config{}, err
		}
		for k, v := range fileVars {
			vars[k] = v
		}
	}
	for _, kv := range environ {
		k, v, ok := strings.Cut(kv, "=")
		if ok && strings.HasPrefix(k, "SIGAP_") {
			vars[k] = v
		}
	}
	var c Config
	if err := env.ParseWithOptions(&c, env.Options{Environment: vars}); err != nil {
		return Config{}, explain(err, vars)
	}
	// The object store's keys may also come the way every S3 tool reads
	// them, from the environment (never from the file, which holds only
	// SIGAP_* names).
	for _, kv := range environ {
		k, v, _ := strings.Cut(kv, "=")
		switch {
		case k == "AWS_ACCESS_KEY_ID" && c.S3AccessKey == "":
			c.S3AccessKey = v
		case k == "AWS_SECRET_ACCESS_KEY" && c.S3SecretKey == "":
			c.S3SecretKey = v
		}
	}
	return c, nil
}

// explain names the variable behind a value that does not parse; the
// library's own message names the Go field instead.
func explain(err error, vars map[string]string) error {
	var agg env.AggregateError
	if !errors.As(err, &agg) {
		return fmt.Errorf("configuration: %w", err)
	}
	t := reflect.TypeOf(Config{})
	var out []error
	for _, e := range agg.Errors {
		var pe env.ParseError
		if !errors.As(e, &pe) {
			out = append(out, e)
			continue
		}
		f, _ := t.FieldByName(pe.Name)
		name := f.Tag.Get("env")
		hint := ""
		if pe.Type == reflect.TypeOf(time.Duration(0)) {
			hint = " (write a duration such as 30m or 12h)"
		}
		out = append(out, fmt.Errorf("%s=%q is not a valid %s%s", name, vars[name], pe.Type, hint))
	}
	return fmt.Errorf("configuration: %w", errors.Join(out...))
}

// readFile parses KEY=VALUE lines; blank lines and lines starting with # are
// skipped, and values may be wrapped in double quotes.
func readFile(path string) (map[string]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("configuration file: %w", err)
	}
	defer f.Close()
	vars := map[string]string{}
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		k, v, ok := strings.Cut(line, "=")
		k = strings.TrimSpace(strings.TrimPrefix(k, "export "))
		if !ok || !strings.HasPrefix(k, "SIGAP_") {
			return nil, fmt.Errorf("configuration file %s line %d: expected SIGAP_NAME=value", path, n)
		}
		v = strings.TrimSpace(v)
		if uq, err := strconv.Unquote(v); err == nil && strings.HasPrefix(v, `"`) {
			v = uq
		}
		vars[k] = v
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("configuration file %s: %w", path, err)
	}
	return vars, nil
}

// UsesPostgres reports whether the database is PostgreSQL rather than the
// embedded SQLite file.
func (c Config) UsesPostgres() bool { return c.DatabaseURL != "" }

// Validate returns every problem found, each saying what is wrong and what to do.
func (c Config) Validate() error {
	var errs []error
	host, port, err := net.SplitHostPort(c.Addr)
	if err != nil || port == "" {
		errs = append(errs, fmt.Errorf("SIGAP_ADDR %q is not host:port (for example 127.0.0.1:8080 or :8080)", c.Addr))
	} else if p, err := strconv.Atoi(port); err != nil || p < 0 || p > 65535 {
		errs = append(errs, fmt.Errorf("SIGAP_ADDR port %q must be a number from 0 to 65535", port))
	} else if host != "" && net.ParseIP(host) == nil && !validHostname(host) {
		errs = append(errs, fmt.Errorf("SIGAP_ADDR host %q is not an IP address or host name", host))
	}
	if strings.TrimSpace(c.DataDir) == "" {
		errs = append(errs, errors.New("SIGAP_DATA_DIR is empty: give a directory sigap may write to, for example ./data"))
	}
	if c.DatabaseURL != "" {
		u, err := url.Parse(c.DatabaseURL)
		if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
			errs = append(errs, errors.New("SIGAP_DATABASE_URL must be a PostgreSQL URL such as postgres://user:password@host:5432/sigap, or empty for the embedded SQLite database"))
		}
	}
	if c.DatabaseReadURL != "" {
		u, err := url.Parse(c.DatabaseReadURL)
		if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") || c.DatabaseURL == "" {
			errs = append(errs, errors.New("SIGAP_DATABASE_READ_URL must be a PostgreSQL URL of a replica of SIGAP_DATABASE_URL, or empty to read statistics from the main database"))
		}
	}
	if c.RecordKeysURL != "" {
		u, err := url.Parse(c.RecordKeysURL)
		if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") || c.DatabaseURL == "" {
			errs = append(errs, errors.New("SIGAP_RECORD_KEYS_URL must be the PostgreSQL URL of the record key store's own database, with SIGAP_DATABASE_URL set; on SQLite the store is record-keys.db beside the master key file"))
		}
	}
	if c.MailInterval < time.Second || c.MailInterval > time.Hour {
		errs = append(errs, fmt.Errorf("SIGAP_MAIL_INTERVAL %s must be between 1s and 1h", c.MailInterval))
	}
	if c.BaseURL != "" {
		u, err := url.Parse(c.BaseURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			errs = append(errs, fmt.Errorf("SIGAP_BASE_URL %q must be an absolute http(s) URL such as https://sigap.serangkab.go.id", c.BaseURL))
		}
	}
	if c.Lang != "id" && c.Lang != "en" {
		errs = append(errs, fmt.Errorf("SIGAP_LANG %q: choose id or en", c.Lang))
	}
	if c.LogFormat != "text" && c.LogFormat != "json" {
		errs = append(errs, fmt.Errorf("SIGAP_LOG_FORMAT %q: choose text or json", c.LogFormat))
	}
	switch c.LogLevel {
	case "debug", "info", "warn", "error":
	default:
		errs = append(errs, fmt.Errorf("SIGAP_LOG_LEVEL %q: choose debug, info, warn or error", c.LogLevel))
	}
	if c.SessionTTL < time.Minute {
		errs = append(errs, fmt.Errorf("SIGAP_SESSION_TTL %s is too short: use at least 1m, for example 12h", c.SessionTTL))
	}
	if c.SessionIdle < time.Minute || c.SessionIdle > c.SessionTTL {
		errs = append(errs, fmt.Errorf("SIGAP_SESSION_IDLE %s must be at least 1m and no longer than SIGAP_SESSION_TTL", c.SessionIdle))
	}
	if c.SQLiteCacheMB < 2 || c.SQLiteCacheMB > 16384 {
		errs = append(errs, fmt.Errorf("SIGAP_SQLITE_CACHE_MB %d must be between 2 and 16384", c.SQLiteCacheMB))
	}
	if (c.TLSCert == "") != (c.TLSKey == "") {
		errs = append(errs, errors.New("SIGAP_TLS_CERT and SIGAP_TLS_KEY go together: give both files, or neither to serve plain HTTP behind a proxy"))
	}
	for _, f := range []struct{ name, path string }{{"SIGAP_TLS_CERT", c.TLSCert}, {"SIGAP_TLS_KEY", c.TLSKey}} {
		if f.path != "" {
			if _, err := os.Stat(f.path); err != nil {
				errs = append(errs, fmt.Errorf("%s: cannot read %s: %v", f.name, f.path, err))
			}
		}
	}
	if _, err := c.Proxies(); err != nil {
		errs = append(errs, err)
	}
	if c.ReportPoWBits < 0 || c.ReportPoWBits > 24 {
		errs = append(errs, errors.New("SIGAP_REPORT_POW_BITS must be 0 (off) to 24: each bit doubles the work of a reporter's phone"))
	}
	if c.SMTPAddr != "" && c.SMTPFrom == "" {
		errs = append(errs, errors.New("SIGAP_SMTP_FROM must be set when SIGAP_SMTP_ADDR is: the address mail is sent from"))
	}
	if c.SMTPAddr != "" && c.BaseURL == "" {
		errs = append(errs, errors.New("SIGAP_BASE_URL must be set when SIGAP_SMTP_ADDR is: mails link to pages of sigap"))
	}
	if _, _, err := c.ObjectStore(); err != nil {
		errs = append(errs, err)
	}
	if c.RateSignIn < 1 || c.RatePublic < 1 || c.RateReceipt < 1 {
		errs = append(errs, errors.New("SIGAP_RATE_SIGNIN, SIGAP_RATE_PUBLIC and SIGAP_RATE_RECEIPT must be at least 1 (requests per minute per address)"))
	}
	return errors.Join(errs...)
}

// TLS reports whether sigap serves HTTPS itself.
func (c Config) TLS() bool { return c.TLSCert != "" }

// Proxies parses SIGAP_TRUSTED_PROXIES: addresses or CIDR ranges of
// reverse proxies whose X-Forwarded-For header is believed.
func (c Config) Proxies() ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, p := range c.TrustedProxies {
		p = strings.TrimSpace(p)
		if p == "" {
			continue
		}
		if a, err := netip.ParseAddr(p); err == nil {
			out = append(out, netip.PrefixFrom(a, a.BitLen()))
			continue
		}
		pre, err := netip.ParsePrefix(p)
		if err != nil {
			return nil, fmt.Errorf("SIGAP_TRUSTED_PROXIES: %q is not an address or CIDR range such as 10.0.0.0/8", p)
		}
		out = append(out, pre.Masked())
	}
	return out, nil
}

func validHostname(h string) bool {
	if len(h) > 253 {
		return false
	}
	for _, label := range strings.Split(h, ".") {
		if label == "" || len(label) > 63 {
			return false
		}
		for _, r := range label {
			if !(r == '-' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
				return false
			}
		}
	}
	return true
}

// Redacted returns the configuration as KEY=VALUE lines with secrets hidden.
func (c Config) Redacted() []string {
	return []string{
		"SIGAP_ADDR=" + c.Addr,
		"SIGAP_DATA_DIR=" + c.DataDir,
		"SIGAP_DATABASE_URL=" + RedactURL(c.DatabaseURL),
		"SIGAP_BASE_URL=" + c.BaseURL,
		"SIGAP_LANG=" + c.Lang,
		"SIGAP_LOG_FORMAT=" + c.LogFormat,
		"SIGAP_LOG_LEVEL=" + c.LogLevel,
		"SIGAP_SESSION_TTL=" + c.SessionTTL.String(),
		"SIGAP_SESSION_IDLE=" + c.SessionIdle.String(),
		"SIGAP_SECURE_COOKIE=" + strconv.FormatBool(c.SecureCookie),
		"SIGAP_SQLITE_CACHE_MB=" + strconv.Itoa(c.SQLiteCacheMB),
		"SIGAP_MASTER_KEY_FILE=" + c.MasterKeyPath(),
		"SIGAP_AUDIT_KEY_FILE=" + c.AuditKeyPath(),
		"SIGAP_TLS_CERT=" + c.TLSCert,
		"SIGAP_TLS_KEY=" + c.TLSKey,
		"SIGAP_TRUSTED_PROXIES=" + strings.Join(c.TrustedProxies, ","),
		"SIGAP_RATE_SIGNIN=" + strconv.Itoa(c.RateSignIn),
		"SIGAP_RATE_PUBLIC=" + strconv.Itoa(c.RatePublic),
		"SIGAP_RATE_RECEIPT=" + strconv.Itoa(c.RateReceipt),
		"SIGAP_CLAMD_ADDR=" + c.ClamdAddr,
		"SIGAP_REPORT_POW_BITS=" + strconv.Itoa(c.ReportPoWBits),
		"SIGAP_SMTP_ADDR=" + c.SMTPAddr,
		"SIGAP_SMTP_FROM=" + c.SMTPFrom,
		"SIGAP_SMTP_USER=" + c.SMTPUser,
		"SIGAP_SMTP_PASSWORD=" + redactSecret(c.SMTPPassword),
		"SIGAP_MAIL_INTERVAL=" + c.MailInterval.String(),
		"SIGAP_DATABASE_READ_URL=" + RedactURL(c.DatabaseReadURL),
		"SIGAP_RECORD_KEYS_URL=" + RedactURL(c.RecordKeysURL),
		"SIGAP_FILES_URL=" + RedactURL(c.FilesURL),
		"SIGAP_S3_ACCESS_KEY=" + c.S3AccessKey,
		"SIGAP_S3_SECRET_KEY=" + redactSecret(c.S3SecretKey),
	}
}

// RedactURL hides the password of a database URL, and any password given as
// a query parameter.
func RedactURL(raw string) string {
	if raw == "" {
		return ""
	}
	u, err := url.Parse(raw)
	if err != nil {
		return "(unparsable, hidden)"
	}
	if _, ok := u.User.Password(); ok {
		u.User = url.UserPassword(u.User.Username(), "xxxxx")
	}
	q := u.Query()
	if q.Has("password") {
		q.Set("password", "xxxxx")
		u.RawQuery = q.Encode()
	}
	return u.String()
}

// redactSecret hides a secret value, showing only whether it is set.
func redactSecret(s string) string {
	if s == "" {
		return ""
	}
	return "(set)"
}
