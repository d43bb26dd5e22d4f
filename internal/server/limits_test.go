package server_test

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"sigap/internal/db"
	"sigap/internal/testserver"
)

func TestSignInRateLimit(t *testing.T) {
	env := testserver.Start(t, db.SQLite, "SIGAP_RATE_SIGNIN=3")
	c := env.Client(t)
	for i := range 3 {
		if res := c.Post("/login", url.Values{"username": {"x"}, "password": {"y"}}); res.Status != http.StatusOK {
			t.Fatalf("attempt %d: %d", i+1, res.Status)
		}
	}
	res := c.Post("/login", url.Values{"username": {"x"}, "password": {"y"}})
	if res.Status != http.StatusTooManyRequests || res.Header.Get("Retry-After") == "" || res.Text("h1") != "Terlalu banyak permintaan" {
		t.Errorf("fourth attempt: %d %q", res.Status, res.Text("h1"))
	}
	// The API answers in JSON.
	req, _ := http.NewRequest("POST", env.URL+"/login", strings.NewReader("username=x&password=y"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	r, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	r.Body.Close()
	if r.StatusCode != http.StatusTooManyRequests {
		t.Errorf("same address again: %d", r.StatusCode)
	}
}

// selfSigned writes a certificate and key for 127.0.0.1.
func selfSigned(t *testing.T) (string, string) {
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "sigap test"}, NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	cert, keyFile := filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	os.WriteFile(cert, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600)
	kb, _ := x509.MarshalECPrivateKey(key)
	os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kb}), 0o600)
	return cert, keyFile
}

func TestBuiltInTLS(t *testing.T) {
	cert, key := selfSigned(t)
	env := testserver.Start(t, db.SQLite, "SIGAP_TLS_CERT="+cert, "SIGAP_TLS_KEY="+key)
	if !strings.HasPrefix(env.URL, "https://") {
		t.Fatalf("URL %s", env.URL)
	}
	client := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := client.PostForm(env.URL+"/login", url.Values{"username": {"admin.kab"}, "password": {testserver.Password}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther || !strings.Contains(res.Header.Get("Strict-Transport-Security"), "max-age=") {
		t.Errorf("status %d, HSTS %q", res.StatusCode, res.Header.Get("Strict-Transport-Security"))
	}
	for _, c := range res.Cookies() {
		if c.Name == "sigap_session" && (!c.Secure || !c.HttpOnly || c.SameSite != http.SameSiteLaxMode) {
			t.Errorf("session cookie not Secure/HttpOnly/SameSite: %+v", c)
		}
	}
	if _, err := http.Get(strings.Replace(env.URL, "https://", "http://", 1) + "/healthz"); err == nil {
		t.Log("plain HTTP on the TLS port got an answer (Go answers 400), fine")
	}
}
