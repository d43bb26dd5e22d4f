package identity

import (
	"sync"

	"github.com/alexedwards/argon2id"
)

// passwordParams follow RFC 9106's second recommended option, scaled to a
// small server: 64 MiB, 1 pass, 2 lanes.
var passwordParams = &argon2id.Params{Memory: 64 * 1024, Iterations: 1, Parallelism: 2, SaltLength: 16, KeyLength: 32}

// HashPassword returns the argon2id encoding of password.
func HashPassword(password string) (string, error) {
	return argon2id.CreateHash(password, passwordParams)
}

// CheckPassword reports whether password matches hash. A malformed hash
// matches nothing.
func CheckPassword(password, hash string) bool {
	ok, err := argon2id.ComparePasswordAndHash(password, hash)
	return err == nil && ok
}

// dummyHash is compared against when the username is unknown, so that a
// wrong username costs the same time as a wrong password.
// It is made on first use so that start-up does not pay for it.
var dummyHash = sync.OnceValue(func() string {
	h, _ := HashPassword("sigap-dummy-password-for-timing")
	return h
})

// SpendPasswordTime does the work of one password check and discards it.
func SpendPasswordTime(password string) { CheckPassword(password, dummyHash()) }
