package identity

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"strings"
	"time"
)

// Session is a signed-in browser. The cookie carries a random secret; the
// database keeps only its SHA-256, so a stolen database holds no live session.
type Session struct {
	ID         string // hex SHA-256 of the secret
	UserID     int64
	CreatedAt  time.Time
	LastSeenAt time.Time
	ExpiresAt  time.Time
	UserAgent  string
	Stage      string // StageFull, or a second-factor step still to take
}

// Active reports whether the session may still be used at now, given the idle
// timeout.
func (s *Session) Active(now time.Time, idle time.Duration) bool {
	return now.Before(s.ExpiresAt) && now.Sub(s.LastSeenAt) < idle
}

// Token is an API token of a user. Only its hash is stored.
type Token struct {
	ID         int64
	UserID     int64
	Name       string
	CreatedAt  time.Time
	LastUsedAt time.Time // zero when never used
	Revoked    bool
	Scope      string // ScopeRead or ScopeWrite
}

// Token scopes: a read token can only read; a write token may also change.
const (
	ScopeRead  = "read"
	ScopeWrite = "write"
)

// SecretLen is the length of a session or token secret in bytes.
const SecretLen = 32

// NewSecret returns a random secret in URL-safe base64 (43 characters).
func NewSecret() string {
	b := make([]byte, SecretLen)
	rand.Read(b) // never fails; see crypto/rand
	return base64.RawURLEncoding.EncodeToString(b)
}

// ValidSecret reports whether s has the shape NewSecret produces, so that
// garbage cookies and headers are rejected before any database work.
func ValidSecret(s string) bool {
	if len(s) != 43 {
		return false
	}
	b, err := base64.RawURLEncoding.DecodeString(s)
	return err == nil && len(b) == SecretLen
}

// HashSecret is the stored form of a secret.
func HashSecret(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:])
}

// TokenPrefix marks sigap API tokens so leaked ones are easy to recognise
// and scan for.
const TokenPrefix = "sgp_"

// ParseToken checks the shape of an API token ("sgp_" and a secret) before
// any database work, so malformed headers cost nothing.
func ParseToken(s string) bool {
	secret, ok := strings.CutPrefix(s, TokenPrefix)
	return ok && ValidSecret(secret)
}
