package server_test

import (
	"bytes"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"

	"sigap/internal/config"
	"sigap/internal/db"
	"sigap/internal/evidence/testphoto"
	"sigap/internal/identity"
	"sigap/internal/server"
	"sigap/internal/testdb"
	"sigap/internal/testserver"
)

// With SIGAP_FILES_URL naming an object store, a reporter's photo goes to
// the bucket, encrypted, and comes back through the real download page;
// nothing is written under DATA_DIR/files. The store is an S3-compatible
// server in process (gofakes3).
func TestReportEvidenceInObjectStore(t *testing.T) {
	for _, e := range testdb.Engines() {
		t.Run(string(e), func(t *testing.T) {
			be := s3mem.New()
			if err := be.CreateBucket("sigap-bukti"); err != nil {
				t.Fatal(err)
			}
			s3 := httptest.NewServer(gofakes3.New(be, gofakes3.WithLogger(gofakes3.DiscardLog())).Server())
			defer s3.Close()
			env := testserver.Start(t, e, "SIGAP_FILES_URL=s3://sigap-bukti/serang?region=ap-southeast-3&path_style=1&endpoint="+s3.URL,
				"SIGAP_S3_ACCESS_KEY=AKIASIGAPTEST", "SIGAP_S3_SECRET_KEY=ZZSECRETKEYZZ")
			if !strings.Contains(env.Logs.String(), "files are kept in object storage") || strings.Contains(env.Logs.String(), "ZZSECRETKEYZZ") {
				t.Errorf("start logs:\n%s", env.Logs.String())
			}

			c := env.Client(t)
			form := c.Get("/lapor/kab-serang")
			photo := testphoto.JPEG(64, 48, 1)
			res := c.Upload("/lapor/kab-serang", "files", "IMG_0042.jpg", photo, goodReport(t, form))
			if res.Status != http.StatusOK || receiptRE.FindString(res.Text(".receipt")) == "" {
				t.Fatalf("report with a photo: %d %s", res.Status, res.Text(".alert"))
			}

			// In the bucket: one object, under the prefix, encrypted.
			list, err := be.ListBucket("sigap-bukti", nil, gofakes3.ListBucketPage{})
			if err != nil || len(list.Contents) != 1 || !strings.HasPrefix(list.Contents[0].Key, "serang/t") {
				t.Fatalf("bucket: %+v %v", list, err)
			}
			obj, err := be.GetObject("sigap-bukti", list.Contents[0].Key, nil)
			if err != nil {
				t.Fatal(err)
			}
			stored, _ := io.ReadAll(obj.Contents)
			obj.Contents.Close()
			if len(stored) < len(photo)/2 || bytes.Contains(stored, []byte("JFIF")) || bytes.Contains(stored, []byte{0xFF, 0xD8, 0xFF}) {
				t.Errorf("the bucket holds %d bytes, a plain JPEG: %v", len(stored), bytes.Contains(stored, []byte{0xFF, 0xD8, 0xFF}))
			}
			if ents, err := os.ReadDir(filepath.Join(env.DataDir, "files")); err == nil && len(ents) > 0 {
				t.Errorf("files written on disk as well: %v", ents)
			}

			// The desk downloads it through the real handlers.
			env.AddUser(t, "meja.kab", env.Kab.ID, identity.Intake)
			desk := env.Client(t)
			desk.SignIn("meja.kab")
			link := desk.Get("/reports").Doc.Find(`table a[href^="/reports/"]`).First().AttrOr("href", "")
			file := desk.Get(link).Doc.Find(`a[href*="/files/"]`).First()
			got := desk.Get(file.AttrOr("href", ""))
			if got.Status != http.StatusOK || got.Header.Get("Content-Type") != "image/jpeg" || !bytes.HasPrefix([]byte(got.Body), []byte{0xFF, 0xD8, 0xFF}) {
				t.Fatalf("download: %d %s", got.Status, got.Header.Get("Content-Type"))
			}
		})
	}
}

// A wrong bucket stops the start with a message that names it.
func TestObjectStoreCheckedAtStart(t *testing.T) {
	s3 := httptest.NewServer(gofakes3.New(s3mem.New(), gofakes3.WithLogger(gofakes3.DiscardLog())).Server())
	defer s3.Close()
	cfg, err := config.Load("", []string{"SIGAP_DATA_DIR=" + t.TempDir(), "SIGAP_FILES_URL=s3://no-such-bucket?path_style=1&endpoint=" + s3.URL,
		"SIGAP_S3_ACCESS_KEY=AKIASIGAPTEST", "SIGAP_S3_SECRET_KEY=ZZSECRETKEYZZ"})
	if err != nil {
		t.Fatal(err)
	}
	d := testdb.Open(t, db.SQLite)
	_, err = server.New(cfg, d, slog.New(slog.DiscardHandler), "test", nil)
	if err == nil || !strings.Contains(err.Error(), "SIGAP_FILES_URL") || !strings.Contains(err.Error(), "the bucket no-such-bucket does not exist") || strings.Contains(err.Error(), "ZZSECRETKEYZZ") {
		t.Errorf("start with a missing bucket: %v", err)
	}
}
