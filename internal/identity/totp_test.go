package identity

import (
	"bytes"
	"testing"
	"time"
)

func TestTOTP(t *testing.T) {
	secret, uri, err := NewTOTP("admin.kab")
	if err != nil || len(secret) < 32 || !bytes.Contains([]byte(uri), []byte("issuer=sigap")) {
		t.Fatalf("%q %q %v", secret, uri, err)
	}
	now := time.Date(2026, 3, 2, 8, 0, 10, 0, time.UTC)
	code := TOTPCode(secret, now)
	step, ok := CheckTOTP(secret, code, now, 0)
	if !ok || step != TOTPStep(now) {
		t.Fatal("current code refused")
	}
	if _, ok := CheckTOTP(secret, code, now, step); ok {
		t.Error("a used code was accepted again")
	}
	if _, ok := CheckTOTP(secret, code, now.Add(31*time.Second), 0); !ok {
		t.Error("one step of drift refused")
	}
	if _, ok := CheckTOTP(secret, code, now.Add(95*time.Second), 0); ok {
		t.Error("a code three steps old accepted")
	}
	if _, ok := CheckTOTP(secret, "12345", now, 0); ok {
		t.Error("short code accepted")
	}
	other, _, _ := NewTOTP("x")
	if _, ok := CheckTOTP(other, code, now, 0); ok {
		t.Error("another secret's code accepted")
	}
	png, err := QRCode(uri)
	if err != nil || !bytes.HasPrefix(png, []byte("\x89PNG")) {
		t.Errorf("QR code: %v", err)
	}
}

func TestRecoveryCodes(t *testing.T) {
	codes := NewRecoveryCodes()
	seen := map[string]bool{}
	for _, c := range codes {
		if len(c) != 11 || c[5] != '-' || seen[c] {
			t.Errorf("bad or repeated code %q", c)
		}
		seen[c] = true
	}
	if HashRecoveryCode(codes[0]) != HashRecoveryCode(" "+string(bytes.ToUpper([]byte(codes[0][:5])))+" "+codes[0][6:]) {
		t.Error("formatting changes the hash")
	}
	if HashRecoveryCode(codes[0]) == HashRecoveryCode(codes[1]) {
		t.Error("different codes hash alike")
	}
}

func TestNeedsTOTP(t *testing.T) {
	if !NeedsTOTP([]Role{Employee, Examiner}) || NeedsTOTP([]Role{Admin, Employee, Analyst}) || NeedsTOTP(nil) {
		t.Error("wrong roles")
	}
}
