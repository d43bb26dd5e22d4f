package files

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"hash"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3afero"
	"github.com/johannesboyne/gofakes3/backend/s3mem"
	"github.com/spf13/afero"
)

// The S3 protocol server of these tests is gofakes3, in process. It does
// not check signatures (it reads no Authorization header), so the SigV4
// examples of sigv4_test.go are what proves the signer; what the checks
// below add is that every request carries a well-formed Authorization for
// our key and region, and that every uploaded body hashes to the
// x-amz-content-sha256 it was signed with.

const (
	testBucket = "sigap-files"
	testAccess = "AKIASIGAPTEST"
	testSecret = "ZZSECRETKEYZZ/never-in-an-error"
	testRegion = "ap-southeast-3"
)

// fakeS3 is an S3-compatible server for one test.
type fakeS3 struct {
	URL     string
	Backend gofakes3.Backend
	// fail, when set, may answer a request itself (return true) before
	// the server sees it: 500s, cut connections.
	fail     func(w http.ResponseWriter, r *http.Request) bool
	mu       sync.Mutex
	requests []string // "METHOD path", in order
	hits     atomic.Int64
}

// startFakeS3 runs a server keeping objects in memory (onDisk false) or
// streaming them to files in a temporary directory (onDisk true: nothing
// is held in memory on either side, for large files).
func startFakeS3(t testing.TB, onDisk bool, opts ...gofakes3.Option) *fakeS3 {
	t.Helper()
	var be gofakes3.Backend
	if onDisk {
		fs, err := s3afero.NewBasePathFs(afero.NewOsFs(), t.TempDir(), 0)
		if err != nil {
			t.Fatal(err)
		}
		if be, err = s3afero.SingleBucket(testBucket, fs, nil); err != nil {
			t.Fatal(err)
		}
	} else {
		m := s3mem.New()
		if err := m.CreateBucket(testBucket); err != nil {
			t.Fatal(err)
		}
		be = m
	}
	f := &fakeS3{Backend: be}
	opts = append([]gofakes3.Option{gofakes3.WithLogger(gofakes3.DiscardLog())}, opts...)
	inner := gofakes3.New(be, opts...).Server()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f.hits.Add(1)
		f.mu.Lock()
		f.requests = append(f.requests, r.Method+" "+r.URL.EscapedPath())
		f.mu.Unlock()
		checkAuthorization(t, r)
		if f.fail != nil && f.fail(w, r) {
			return
		}
		var h *hashingBody
		if r.Method == http.MethodPut {
			h = &hashingBody{r: r.Body, h: sha256.New()}
			r.Body = h
		}
		inner.ServeHTTP(w, r)
		if h != nil && h.eof && hex.EncodeToString(h.h.Sum(nil)) != r.Header.Get("X-Amz-Content-Sha256") {
			t.Errorf("PUT %s: the body does not hash to the signed x-amz-content-sha256", r.URL.Path)
		}
	}))
	t.Cleanup(srv.Close)
	f.URL = srv.URL
	return f
}

func (f *fakeS3) log() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.requests...)
}

// checkAuthorization checks the shape of the signature header: the server
// cannot check the signature itself.
func checkAuthorization(t testing.TB, r *http.Request) {
	a := r.Header.Get("Authorization")
	day := r.Header.Get("X-Amz-Date")
	if len(day) != 16 {
		t.Errorf("%s %s: x-amz-date %q", r.Method, r.URL.Path, day)
		return
	}
	if _, err := time.Parse("20060102T150405Z", day); err != nil {
		t.Errorf("%s %s: x-amz-date %q", r.Method, r.URL.Path, day)
	}
	prefix := "AWS4-HMAC-SHA256 Credential=" + testAccess + "/" + day[:8] + "/" + testRegion + "/s3/aws4_request,SignedHeaders=host;x-amz-content-sha256;x-amz-date,Signature="
	if !strings.HasPrefix(a, prefix) || len(a) != len(prefix)+64 {
		t.Errorf("%s %s: Authorization %q", r.Method, r.URL.Path, a)
	}
	if strings.Contains(a, testSecret) {
		t.Error("the secret key was sent")
	}
}

type hashingBody struct {
	r   io.ReadCloser
	h   hash.Hash
	eof bool
}

func (b *hashingBody) Read(p []byte) (int, error) {
	n, err := b.r.Read(p)
	b.h.Write(p[:n])
	if err == io.EOF {
		b.eof = true
	}
	return n, err
}

func (b *hashingBody) Close() error { return b.r.Close() }

// s3Config is the client configuration for f, path-style, with prefix.
func (f *fakeS3) config(t testing.TB, prefix string) S3Config {
	return S3Config{Endpoint: f.URL, Bucket: testBucket, Prefix: prefix, Region: testRegion, PathStyle: true,
		AccessKey: testAccess, SecretKey: testSecret, SpoolDir: t.TempDir()}
}

// object returns what the bucket holds under key, read from the server's
// storage directly, or nil when there is nothing.
func (f *fakeS3) object(t testing.TB, key string) []byte {
	t.Helper()
	obj, err := f.Backend.GetObject(testBucket, key, nil)
	if gofakes3.HasErrorCode(err, gofakes3.ErrNoSuchKey) {
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	defer obj.Contents.Close()
	b, err := io.ReadAll(obj.Contents)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// plant puts b under key, behind the client's back.
func (f *fakeS3) plant(t testing.TB, key string, b []byte) {
	t.Helper()
	if _, err := f.Backend.PutObject(testBucket, key, map[string]string{}, bytes.NewReader(b), int64(len(b)), nil); err != nil {
		t.Fatal(err)
	}
}

// keys lists every object in the bucket.
func (f *fakeS3) keys(t testing.TB) []string {
	t.Helper()
	list, err := f.Backend.ListBucket(testBucket, nil, gofakes3.ListBucketPage{})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, c := range list.Contents {
		out = append(out, c.Key)
	}
	return out
}
