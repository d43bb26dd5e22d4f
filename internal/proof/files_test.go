package proof

import (
	"bytes"
	"context"
	"encoding/base64"
	"image/jpeg"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"

	"sigap/internal/db"
	"sigap/internal/evidence/testphoto"
	"sigap/internal/identity"
	"sigap/internal/store"
	"sigap/internal/vault"
)

// TestFilesThroughObjectStore: two `sigap serve` processes on one
// PostgreSQL keep their files in one bucket of an S3-compatible server
// (gofakes3, in the test process). A photo sent with a report to the first
// is downloaded by a desk signed in on the second, after the first was
// killed; the bucket holds it encrypted and no data directory holds it.
func TestFilesThroughObjectStore(t *testing.T) {
	needPostgres(t)
	be := s3mem.New()
	if err := be.CreateBucket("sigap-bukti"); err != nil {
		t.Fatal(err)
	}
	s3 := httptest.NewServer(gofakes3.New(be, gofakes3.WithLogger(gofakes3.DiscardLog())).Server())
	defer s3.Close()

	s := newSite(t, db.Postgres)
	ctx := context.Background()
	hash, err := identity.HashPassword(password)
	if err != nil {
		t.Fatal(err)
	}
	desk, err := s.store.CreateUser(ctx, store.System, store.NewUser{TenantID: s.tenant, Username: "berkas.kab", DisplayName: "Meja Berkas",
		Roles: []identity.Role{identity.Intake}, PasswordHash: hash})
	if err != nil {
		t.Fatal(err)
	}
	secret, _, err := identity.NewTOTP(desk.Username)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.store.StartTOTP(ctx, desk, vault.NewSecret(secret)); err != nil {
		t.Fatal(err)
	}
	if err := s.store.EnableTOTP(ctx, desk, 0, nil); err != nil {
		t.Fatal(err)
	}

	// Each instance gets a data directory of its own: only the bucket is shared.
	shared := append([]string(nil), s.environ...)
	shared = append(shared, "SIGAP_FILES_URL=s3://sigap-bukti/banten?region=ap-southeast-3&path_style=1&endpoint="+s3.URL,
		"SIGAP_S3_ACCESS_KEY=AKIASIGAPPROOF", "SIGAP_S3_SECRET_KEY=ZZPROOFSECRETZZ")
	dirA, dirB := t.TempDir(), t.TempDir()
	s.environ = append(append([]string(nil), shared...), "SIGAP_DATA_DIR="+dirA)
	a := s.start("a")
	s.environ = append(append([]string(nil), shared...), "SIGAP_DATA_DIR="+dirB)
	b := s.start("b")

	photo := testphoto.JPEG(64, 48, 1)
	body := reportBody("berkas", 1)
	body["files"] = []map[string]string{{"name": "IMG_0042.jpg", "data": base64.StdEncoding.EncodeToString(photo)}}
	var receipt struct {
		Receipt string `json:"receipt"`
	}
	if st := call("POST", a.url+"/api/v1/public/"+tenantSlug+"/reports", "", body, &receipt); st != http.StatusCreated || receipt.Receipt == "" {
		t.Fatalf("report with a photo on a: %d\n%s", st, a.log())
	}
	a.kill()

	var list struct {
		Items []struct {
			ID string `json:"id"`
		} `json:"items"`
	}
	if st := call("GET", b.url+"/api/v1/reports", s.token, nil, &list); st != http.StatusOK || len(list.Items) != 1 {
		t.Fatalf("reports on b: %d %+v", st, list)
	}
	var detail struct {
		Files []struct {
			ID string `json:"id"`
		} `json:"files"`
	}
	if st := call("GET", b.url+"/api/v1/reports/"+list.Items[0].ID, s.token, nil, &detail); st != http.StatusOK || len(detail.Files) != 1 {
		t.Fatalf("report on b: %d %+v", st, detail)
	}

	// The desk signs in on b, with its second factor, and downloads the photo.
	res, err := client.PostForm(b.url+"/login", url.Values{"username": {desk.Username}, "password": {password}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	var session *http.Cookie
	for _, c := range res.Cookies() {
		if c.Name == "sigap_session" {
			session = c
		}
	}
	if session == nil {
		t.Fatalf("sign-in on b: %d", res.StatusCode)
	}
	m := csrfField.FindStringSubmatch(get(t, b.url+"/login/totp", session))
	if m == nil {
		t.Fatal("no form token on the second-factor page")
	}
	res, err = client.Do(formPost(b.url+"/login/totp", session, url.Values{"csrf": {m[1]}, "code": {identity.TOTPCode(secret, time.Now())}}))
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	for _, c := range res.Cookies() {
		if c.Name == "sigap_session" {
			session = c
		}
	}
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("second factor on b: %d", res.StatusCode)
	}
	req, _ := http.NewRequest("GET", b.url+"/reports/"+list.Items[0].ID+"/files/"+detail.Files[0].ID, nil)
	req.AddCookie(session)
	res, err = client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "image/jpeg" {
		t.Fatalf("download on b: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	if _, err := jpeg.Decode(bytes.NewReader(got)); err != nil {
		t.Errorf("not a photo: %v", err)
	}

	// The bucket holds one object under the prefix, encrypted; no data
	// directory holds a file.
	objects, err := be.ListBucket("sigap-bukti", nil, gofakes3.ListBucketPage{})
	if err != nil || len(objects.Contents) != 1 || !strings.HasPrefix(objects.Contents[0].Key, "banten/t") {
		t.Fatalf("bucket: %+v %v", objects, err)
	}
	obj, err := be.GetObject("sigap-bukti", objects.Contents[0].Key, nil)
	if err != nil {
		t.Fatal(err)
	}
	stored, _ := io.ReadAll(obj.Contents)
	obj.Contents.Close()
	if bytes.Contains(stored, []byte{0xFF, 0xD8, 0xFF}) || bytes.Contains(stored, got[:64]) {
		t.Error("the bucket holds the photo in clear")
	}
	for _, dir := range []string{dirA, dirB} {
		filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
			if err == nil && !d.IsDir() && strings.Contains(filepath.ToSlash(p), "/files/") {
				t.Errorf("a file on disk: %s", p)
			}
			return nil
		})
	}
	for _, in := range []*instance{a, b} {
		if strings.Contains(in.log(), "ZZPROOFSECRETZZ") {
			t.Errorf("%s logged the secret key", in.name)
		}
	}
	b.stop(t)
	s.auditVerify()
}
