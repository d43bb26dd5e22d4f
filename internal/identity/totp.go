package identity

import (
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"image/png"
	"strings"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"
)

// Session stages: a session is usable only when full; before that it may
// reach only the second-factor pages.
const (
	StageFull   = "full"
	StageTOTP   = "totp"   // password accepted, code awaited
	StageEnroll = "enroll" // password accepted, two-factor must be set up first
)

// NeedsTOTP reports whether an account with these roles must use a second
// factor: every role that reads case content or decides over it.
func NeedsTOTP(roles []Role) bool {
	for _, r := range roles {
		switch r {
		case Intake, Examiner, Decider, Protection, ProtectionLead, Custodian, Auditor:
			return true
		}
	}
	return false
}

// totpPeriod is the standard 30-second step that authenticator apps use.
const totpPeriod = 30

// NewTOTP makes a secret for an account and the otpauth URI an
// authenticator app reads from the QR code.
func NewTOTP(account string) (secret, uri string, err error) {
	k, err := totp.Generate(totp.GenerateOpts{Issuer: "sigap", AccountName: account, SecretSize: 20})
	if err != nil {
		return "", "", err
	}
	return k.Secret(), k.URL(), nil
}

// TOTPStep is the time step a code is valid in.
func TOTPStep(t time.Time) int64 { return t.Unix() / totpPeriod }

// CheckTOTP accepts a six-digit code of the current step or one step either
// side (clock drift), but only of a step after lastStep, so that a code seen
// over a shoulder cannot be used again. It returns the step it matched.
func CheckTOTP(secret, code string, now time.Time, lastStep int64) (int64, bool) {
	code = strings.ReplaceAll(strings.TrimSpace(code), " ", "")
	if len(code) != 6 {
		return 0, false
	}
	for _, d := range []int64{0, -1, 1} {
		step := TOTPStep(now) + d
		if step <= lastStep {
			continue
		}
		want, err := totp.GenerateCodeCustom(secret, time.Unix(step*totpPeriod, 0), totp.ValidateOpts{Period: totpPeriod, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1})
		if err == nil && subtle.ConstantTimeCompare([]byte(want), []byte(code)) == 1 {
			return step, true
		}
	}
	return 0, false
}

// TOTPCode returns the code of a secret at t, for tests and tools.
func TOTPCode(secret string, t time.Time) string {
	c, _ := totp.GenerateCodeCustom(secret, t, totp.ValidateOpts{Period: totpPeriod, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1})
	return c
}

// QRCode renders an otpauth URI as a PNG image.
func QRCode(uri string) ([]byte, error) {
	k, err := otp.NewKeyFromURL(uri)
	if err != nil {
		return nil, err
	}
	img, err := k.Image(240, 240)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	err = png.Encode(&buf, img)
	return buf.Bytes(), err
}

// recoveryAlphabet leaves out letters and digits that read alike.
const recoveryAlphabet = "abcdefghjkmnpqrstuvwxyz23456789"

// RecoveryCodeCount is how many recovery codes an account gets.
const RecoveryCodeCount = 10

// NewRecoveryCodes returns fresh one-time codes like "k7m2p-x9qrt" (about
// 49 bits each, enough for a code that locks after a few tries).
func NewRecoveryCodes() []string {
	out := make([]string, RecoveryCodeCount)
	for i := range out {
		b := make([]byte, 10)
		rand.Read(b)
		var s strings.Builder
		for j, c := range b {
			if j == 5 {
				s.WriteByte('-')
			}
			s.WriteByte(recoveryAlphabet[int(c)%len(recoveryAlphabet)])
		}
		out[i] = s.String()
	}
	return out
}

// HashRecoveryCode is the stored form of a recovery code, after folding
// case, spaces and dashes so that "K7M2P X9QRT" matches.
func HashRecoveryCode(code string) string {
	code = strings.ToLower(strings.NewReplacer(" ", "", "-", "").Replace(strings.TrimSpace(code)))
	sum := sha256.Sum256([]byte("sigap-recovery\x00" + code))
	return hex.EncodeToString(sum[:])
}
