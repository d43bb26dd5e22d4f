package identity

import (
	"strings"
	"testing"

	"sigap/internal/apperr"
)

func TestValidateUsername(t *testing.T) {
	for _, ok := range []string{"admin", "199001012015031002", "siti.rahma", "a_b-c"} {
		if err := ValidateUsername(ok); err != nil {
			t.Errorf("%q refused: %v", ok, err)
		}
	}
	for _, bad := range []string{"ab", ".admin", "Admin", "siti rahma", strings.Repeat("a", 65), "ñame"} {
		if err := ValidateUsername(bad); !apperr.Is(err, apperr.Invalid) {
			t.Errorf("%q accepted", bad)
		}
	}
}

func TestValidatePassword(t *testing.T) {
	if err := ValidatePassword("kuda-lumping-merah", "siti"); err != nil {
		t.Error(err)
	}
	for _, bad := range []string{"short", strings.Repeat("x", 257), "siti.rahma.01"} {
		if err := ValidatePassword(bad, "siti.rahma.01"); !apperr.Is(err, apperr.Invalid) {
			t.Errorf("%q accepted", bad)
		}
	}
}

func TestPasswordHash(t *testing.T) {
	h, err := HashPassword("kuda-lumping-merah")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$") {
		t.Errorf("not argon2id: %s", h)
	}
	if !CheckPassword("kuda-lumping-merah", h) || CheckPassword("kuda-lumping-biru", h) || CheckPassword("x", "garbage") {
		t.Error("password check wrong")
	}
}

func TestSecrets(t *testing.T) {
	s := NewSecret()
	if !ValidSecret(s) || s == NewSecret() {
		t.Fatalf("bad secret %q", s)
	}
	for _, bad := range []string{"", s[:42], s + "a", strings.Repeat("!", 43)} {
		if ValidSecret(bad) {
			t.Errorf("%q accepted", bad)
		}
	}
	if HashSecret(s) == HashSecret(NewSecret()) || len(HashSecret(s)) != 64 {
		t.Error("hash wrong")
	}
}

func FuzzValidSecret(f *testing.F) {
	f.Add(NewSecret())
	f.Add("")
	f.Fuzz(func(t *testing.T, s string) {
		if ValidSecret(s) && len(s) != 43 {
			t.Fatalf("accepted %q", s)
		}
	})
}

func TestCheckRoles(t *testing.T) {
	if err := CheckRoles([]Role{Admin, Examiner}, true); err != nil {
		t.Error(err)
	}
	if err := CheckRoles([]Role{Operator}, false); err != nil {
		t.Error(err)
	}
	for _, c := range []struct {
		roles  []Role
		tenant bool
	}{{nil, true}, {[]Role{"boss"}, true}, {[]Role{Operator}, true}, {[]Role{Admin}, false}} {
		if err := CheckRoles(c.roles, c.tenant); !apperr.Is(err, apperr.Invalid) {
			t.Errorf("%v tenant=%v accepted", c.roles, c.tenant)
		}
	}
}

func TestCleanEmailAndName(t *testing.T) {
	if e, err := CleanEmail(" Siti@Serangkab.go.id "); err != nil || e != "siti@serangkab.go.id" {
		t.Errorf("%q %v", e, err)
	}
	if _, err := CleanEmail("Siti <siti@x.id>"); err == nil {
		t.Error("display-name address accepted")
	}
	if n, err := CleanDisplayName("  Siti   Rahma "); err != nil || n != "Siti Rahma" {
		t.Errorf("%q %v", n, err)
	}
	if _, err := CleanDisplayName("a\x00b"); err == nil {
		t.Error("control character accepted")
	}
}

func FuzzParseToken(f *testing.F) {
	f.Add(TokenPrefix + NewSecret())
	f.Add("sgp_")
	f.Add("Bearer sgp_x")
	f.Fuzz(func(t *testing.T, s string) {
		if ParseToken(s) && (len(s) != len(TokenPrefix)+43 || !strings.HasPrefix(s, TokenPrefix)) {
			t.Fatalf("accepted %q", s)
		}
	})
}

func TestParseToken(t *testing.T) {
	good := TokenPrefix + NewSecret()
	if !ParseToken(good) || ParseToken(good[1:]) || ParseToken(NewSecret()) || ParseToken(good+"x") {
		t.Error("token shape check wrong")
	}
}
