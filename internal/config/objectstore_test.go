package config

import (
	"strings"
	"testing"
)

func TestObjectStore(t *testing.T) {
	c, err := Load("", nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok, err := c.ObjectStore(); ok || err != nil {
		t.Fatalf("default: %v %v, want the local disk", ok, err)
	}

	c, err = Load("", []string{"SIGAP_FILES_URL=s3://sigap-files/kab-serang/files/?region=ap-southeast-3&endpoint=https://minio.serangkab.go.id:9000/&path_style=1",
		"SIGAP_S3_ACCESS_KEY=AKIAEXAMPLE", "SIGAP_S3_SECRET_KEY=ZZSECRETZZ"})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Validate(); err != nil {
		t.Fatal(err)
	}
	o, ok, err := c.ObjectStore()
	want := ObjectStore{Bucket: "sigap-files", Prefix: "kab-serang/files", Region: "ap-southeast-3", Endpoint: "https://minio.serangkab.go.id:9000",
		PathStyle: true, AccessKey: "AKIAEXAMPLE", SecretKey: "ZZSECRETZZ"}
	if !ok || err != nil || o != want {
		t.Fatalf("got %+v %v %v", o, ok, err)
	}
	if w := o.Where(); strings.Contains(w, "ZZSECRETZZ") || !strings.Contains(w, "s3://sigap-files/kab-serang/files at https://minio.serangkab.go.id:9000") {
		t.Errorf("where: %s", w)
	}
	out := strings.Join(c.Redacted(), "\n")
	if strings.Contains(out, "ZZSECRETZZ") || !strings.Contains(out, "SIGAP_S3_SECRET_KEY=(set)") || !strings.Contains(out, "SIGAP_FILES_URL=s3://sigap-files/") {
		t.Errorf("redacted:\n%s", out)
	}

	// The keys may come the way S3 tools read them; SIGAP_* wins.
	c, _ = Load("", []string{"SIGAP_FILES_URL=s3://bukti", "AWS_ACCESS_KEY_ID=AKIAAWS", "AWS_SECRET_ACCESS_KEY=awssecret"})
	if o, ok, err := c.ObjectStore(); !ok || err != nil || o.AccessKey != "AKIAAWS" || o.SecretKey != "awssecret" || o.Region != "us-east-1" || o.Endpoint != "" || o.PathStyle {
		t.Errorf("from AWS_*: %+v %v", o, err)
	}
	c, _ = Load("", []string{"SIGAP_FILES_URL=s3://bukti", "AWS_ACCESS_KEY_ID=AKIAAWS", "SIGAP_S3_ACCESS_KEY=AKIASIGAP", "AWS_SECRET_ACCESS_KEY=awssecret"})
	if o, _, _ := c.ObjectStore(); o.AccessKey != "AKIASIGAP" {
		t.Errorf("SIGAP_S3_ACCESS_KEY should win: %s", o.AccessKey)
	}
}

func TestObjectStoreRefused(t *testing.T) {
	keys := []string{"SIGAP_S3_ACCESS_KEY=a", "SIGAP_S3_SECRET_KEY=ZZSECRETZZ"}
	for url, want := range map[string]string{
		"/srv/sigap/files":                            "is not an object store URL",
		"minio:9000":                                  "is not an object store URL",
		"https://s3.amazonaws.com/bucket":             "is not an object store URL",
		"s3://AK:ZZSECRETZZ@bucket":                   "keep the keys out of the URL",
		"s3://Bucket_Name":                            "not a valid bucket name",
		"s3://ab":                                     "not a valid bucket name",
		"s3://bucket/a/../b":                          "prefix",
		"s3://bucket/a b":                             "prefix",
		"s3://bucket?region=Jakarta Raya":             "region",
		"s3://bucket?endpoint=minio.local:9000":       "endpoint",
		"s3://bucket?endpoint=https://minio/s3":       "endpoint",
		"s3://bucket?endpoint=ftp://minio":            "endpoint",
		"s3://bucket?path_style=ya":                   "path_style",
		"s3://bucket?sse=aws:kms":                     `unknown setting "sse"`,
		"s3://bucket?endpoint=https://u:ZZSECRETZZ@h": "endpoint",
	} {
		c, err := Load("", append([]string{"SIGAP_FILES_URL=" + url}, keys...))
		if err != nil {
			t.Fatal(err)
		}
		err = c.Validate()
		if err == nil || !strings.Contains(err.Error(), "SIGAP_FILES_URL") || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: got %v, want %q", url, err, want)
		}
		if err != nil && strings.Contains(err.Error(), "ZZSECRETZZ") {
			t.Errorf("%s: the error shows a secret: %v", url, err)
		}
	}
	c, _ := Load("", []string{"SIGAP_FILES_URL=s3://bukti", "SIGAP_S3_ACCESS_KEY=a"})
	if err := c.Validate(); err == nil || !strings.Contains(err.Error(), "SIGAP_S3_SECRET_KEY") {
		t.Errorf("without a secret: %v", err)
	}
}
