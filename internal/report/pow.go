package report

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"math/bits"
	"strings"
	"sync"
	"time"

	"sigap/internal/apperr"
)

// Work is the optional proof of work of the public form: instead of a
// captcha that needs a third party on the internet, the reporter's
// browser spends a second or two finding a nonce whose hash with a
// server-issued challenge starts with Bits zero bits. A program sending
// thousands of reports pays that for each. Challenges are signed (any
// instance holding the key accepts them), expire, and are accepted once
// by this Work (the caller also spends them in the database, so that
// another instance refuses them too).
type Work struct {
	Bits int           // 0: no proof of work
	TTL  time.Duration // how long a challenge stays valid
	key  []byte

	mu     sync.Mutex
	used   map[string]time.Time
	checks int
}

// NewWork returns a proof of work with key for signing challenges.
func NewWork(bits int, key []byte) *Work {
	return &Work{Bits: bits, TTL: time.Hour, key: key, used: map[string]time.Time{}}
}

// Challenge issues a challenge at now.
func (w *Work) Challenge(now time.Time) string {
	b := make([]byte, 24)
	binary.BigEndian.PutUint64(b, uint64(now.Unix()))
	rand.Read(b[8:])
	body := base64.RawURLEncoding.EncodeToString(b)
	return body + "." + w.sign(body)
}

func (w *Work) sign(body string) string {
	m := hmac.New(sha256.New, w.key)
	m.Write([]byte(body))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil)[:16])
}

// Check verifies a solved challenge: signed by us, not expired, not used
// before, and sha256(challenge ":" nonce) starting with Bits zero bits.
func (w *Work) Check(challenge, nonce string, now time.Time) error {
	if w == nil || w.Bits == 0 {
		return nil
	}
	bad := apperr.InvalidField("pow", "report.pow.invalid", nil)
	body, sig, ok := strings.Cut(challenge, ".")
	if !ok || !hmac.Equal([]byte(sig), []byte(w.sign(body))) || len(nonce) > 32 {
		return bad
	}
	raw, err := base64.RawURLEncoding.DecodeString(body)
	if err != nil || len(raw) != 24 {
		return bad
	}
	issued := time.Unix(int64(binary.BigEndian.Uint64(raw)), 0)
	if now.Sub(issued) > w.TTL || issued.After(now.Add(time.Minute)) {
		return apperr.InvalidField("pow", "report.pow.expired", nil)
	}
	if LeadingZeroBits(challenge+":"+nonce) < w.Bits {
		return bad
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	// Expired challenges are refused by their date already; the set of
	// used ones is swept now and then, not on every check.
	if w.checks++; w.checks%1024 == 0 {
		for c, at := range w.used {
			if now.Sub(at) > w.TTL {
				delete(w.used, c)
			}
		}
	}
	if _, seen := w.used[challenge]; seen {
		return apperr.InvalidField("pow", "report.pow.expired", nil)
	}
	w.used[challenge] = now
	return nil
}

// LeadingZeroBits counts the zero bits at the start of sha256(s).
func LeadingZeroBits(s string) int {
	sum := sha256.Sum256([]byte(s))
	n := 0
	for _, b := range sum {
		if b != 0 {
			return n + bits.LeadingZeros8(b)
		}
		n += 8
	}
	return n
}
