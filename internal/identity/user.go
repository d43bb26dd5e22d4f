package identity

import (
	"net/mail"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"sigap/internal/apperr"
)

// User is an account. TenantID is zero for installation accounts.
type User struct {
	ID          int64
	TenantID    int64
	Username    string
	DisplayName string
	Email       string
	Lang        string // preferred language, "" for the installation default
	Roles       []Role
	Disabled    bool
	CreatedAt   time.Time
}

// Has reports whether the user holds role r.
func (u *User) Has(r Role) bool { return slices.Contains(u.Roles, r) }

// HasAny reports whether the user holds any of roles.
func (u *User) HasAny(roles ...Role) bool {
	for _, r := range roles {
		if u.Has(r) {
			return true
		}
	}
	return false
}

// Password length bounds. Twelve characters resist guessing far better than
// complexity rules; the upper bound keeps hashing cost bounded.
const (
	MinPasswordLen = 12
	MaxPasswordLen = 256
)

// NormalizeUsername folds a username to the form it is stored and looked up in.
func NormalizeUsername(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// ValidateUsername checks a normalised username: 3 to 64 of a-z, 0-9, '.',
// '_' and '-', starting with a letter or digit. An 18-digit NIP qualifies.
func ValidateUsername(s string) error {
	if len(s) < 3 || len(s) > 64 {
		return apperr.InvalidField("username", "user.username.length", nil)
	}
	for i, r := range s {
		ok := r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || (i > 0 && (r == '.' || r == '_' || r == '-'))
		if !ok {
			return apperr.InvalidField("username", "user.username.chars", nil)
		}
	}
	return nil
}

// ValidatePassword checks a new password for user.
func ValidatePassword(password, username string) error {
	n := utf8.RuneCountInString(password)
	if n < MinPasswordLen {
		return apperr.InvalidField("password", "user.password.short", map[string]any{"Min": MinPasswordLen})
	}
	if n > MaxPasswordLen || !utf8.ValidString(password) {
		return apperr.InvalidField("password", "user.password.long", map[string]any{"Max": MaxPasswordLen})
	}
	if strings.EqualFold(strings.TrimSpace(password), username) {
		return apperr.InvalidField("password", "user.password.username", nil)
	}
	return nil
}

// CleanDisplayName trims a name and checks it is printable and 1–120 characters.
func CleanDisplayName(s string) (string, error) {
	s = strings.Join(strings.Fields(s), " ")
	if s == "" || utf8.RuneCountInString(s) > 120 {
		return "", apperr.InvalidField("display_name", "user.name.length", nil)
	}
	for _, r := range s {
		if !unicode.IsPrint(r) {
			return "", apperr.InvalidField("display_name", "user.name.length", nil)
		}
	}
	return s, nil
}

// CleanEmail accepts an empty address or one plain address.
func CleanEmail(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", nil
	}
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != s || len(s) > 254 {
		return "", apperr.InvalidField("email", "user.email.invalid", nil)
	}
	return strings.ToLower(s), nil
}

// CheckRoles validates a role set for an account of a tenant (tenant true) or
// of the installation.
func CheckRoles(roles []Role, tenant bool) error {
	if len(roles) == 0 {
		return apperr.InvalidField("roles", "user.roles.none", nil)
	}
	for _, r := range roles {
		if !r.Valid() {
			return apperr.InvalidField("roles", "user.roles.unknown", map[string]any{"Role": string(r)})
		}
		if r.ForTenant() != tenant {
			return apperr.InvalidField("roles", "user.roles.scope", map[string]any{"Role": string(r)})
		}
	}
	return nil
}
