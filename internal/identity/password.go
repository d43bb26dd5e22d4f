package identity

import (
	"sync"

	"github.com/alexedwards/argon2id"
)

// passwordParams are OWASP's recommended argon2id settings (19 MiB, 2
// passes, 1 lane): strong against guessing, and small enough that a
// regency's server is not pushed into swap by a burst of sign-ins.
var passwordParams = &argon2id.Params{Memory: 19 * 1024, Iterations: 2, Parallelism: 1, SaltLength: 16, KeyLength: 32}

// hashing bounds how many password hashes run at once, so that a burst of
// sign-ins queues instead of taking memory without limit (19 MiB each).
var hashing = make(chan struct{}, 4)

// HashPassword returns the argon2id encoding of password.
func HashPassword(password string) (string, error) {
	hashing <- struct{}{}
	defer func() { <-hashing }()
	return argon2id.CreateHash(password, passwordParams)
}

// CheckPassword reports whether password matches hash. A malformed hash
// matches nothing. Hashes made with other settings still verify: the
// settings are stored in each hash.
func CheckPassword(password, hash string) bool {
	hashing <- struct{}{}
	defer func() { <-hashing }()
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
