package files

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/johannesboyne/gofakes3"
)

// openFast opens a store on f whose retries pause only a millisecond.
func openFast(t *testing.T, cfg S3Config) *Store {
	t.Helper()
	s, err := OpenS3(cfg, keyring(t))
	if err != nil {
		t.Fatal(err)
	}
	s.b.(*s3).backoff = time.Millisecond
	t.Cleanup(func() { s.Close() })
	return s
}

// A store answering 500 is asked again, and the file goes through; an
// answer that will not change (403) is not retried, and says what to check.
func TestS3RetriesServerErrors(t *testing.T) {
	ctx := context.Background()
	f := startFakeS3(t, false)
	s := openFast(t, f.config(t, ""))
	errorsLeft := map[string]int{"PUT": 2, "GET": 1, "DELETE": 1}
	f.fail = func(w http.ResponseWriter, r *http.Request) bool {
		if errorsLeft[r.Method] > 0 {
			errorsLeft[r.Method]--
			w.WriteHeader(http.StatusInternalServerError)
			io.WriteString(w, `<?xml version="1.0"?><Error><Code>InternalError</Code><Message>We encountered an internal error.</Message></Error>`)
			return true
		}
		return false
	}
	id, _, err := s.Put(ctx, 1, 0, strings.NewReader("laporan "+marker))
	if err != nil {
		t.Fatalf("put after two 500s: %v", err)
	}
	var out bytes.Buffer
	if _, err := s.Get(ctx, 1, id, &out); err != nil || out.String() != "laporan "+marker {
		t.Fatalf("get after a 500: %q %v", out.String(), err)
	}
	if err := s.Delete(1, id); err != nil {
		t.Fatalf("delete after a 500: %v", err)
	}
	want := []string{"PUT", "PUT", "PUT", "GET", "GET", "DELETE", "DELETE"}
	if got := methods(f.log()); strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("requests %v, want %v", got, want)
	}
	if keys := f.keys(t); len(keys) != 0 {
		t.Errorf("bucket holds %v", keys)
	}

	// Always 500: the error says so, after the retries, and nothing is stored.
	f.fail = func(w http.ResponseWriter, r *http.Request) bool {
		w.WriteHeader(http.StatusServiceUnavailable)
		io.WriteString(w, `<Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>`)
		return true
	}
	before := f.hits.Load()
	_, _, err = s.Put(ctx, 1, 0, strings.NewReader("x"))
	if err == nil || !strings.Contains(err.Error(), "503") || !strings.Contains(err.Error(), "SlowDown") || !strings.Contains(err.Error(), "tried 4 times") {
		t.Errorf("put against a failing store: %v", err)
	}
	if n := f.hits.Load() - before; n != 4 {
		t.Errorf("%d tries, want 4", n)
	}

	// 403: once, and the message names what to check.
	f.fail = func(w http.ResponseWriter, r *http.Request) bool {
		w.WriteHeader(http.StatusForbidden)
		io.WriteString(w, `<Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>`)
		return true
	}
	before = f.hits.Load()
	_, _, err = s.Put(ctx, 1, 0, strings.NewReader("x"))
	var se *S3Error
	if !errors.As(err, &se) || se.Status != 403 || !strings.Contains(err.Error(), "SIGAP_S3_SECRET_KEY") {
		t.Errorf("403: %v", err)
	}
	if n := f.hits.Load() - before; n != 1 {
		t.Errorf("a 403 was tried %d times", n)
	}
	if err := s.Check(ctx); err == nil || !strings.Contains(err.Error(), "s3:ListBucket") {
		t.Errorf("check refused: %v", err)
	}
	f.fail = nil
	if err := s.Check(ctx); err != nil {
		t.Errorf("check: %v", err)
	}
	if keys := f.keys(t); len(keys) != 0 {
		t.Errorf("bucket holds %v", keys)
	}
}

func methods(log []string) []string {
	var out []string
	for _, l := range log {
		m, _, _ := strings.Cut(l, " ")
		out = append(out, m)
	}
	return out
}

// A store that is down gives a clear error naming it, without the secret,
// and leaves nothing anywhere; the same holds when the connection breaks
// in the middle of every upload.
func TestS3Unreachable(t *testing.T) {
	ctx := context.Background()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	spool := t.TempDir()
	s := openFast(t, S3Config{Endpoint: "http://" + addr, Bucket: testBucket, Region: testRegion, PathStyle: true,
		AccessKey: testAccess, SecretKey: testSecret, SpoolDir: spool})
	_, _, err = s.Put(ctx, 1, 0, strings.NewReader("laporan "+marker))
	if err == nil || !strings.Contains(err.Error(), "object storage at http://"+addr+"/"+testBucket+" did not answer") ||
		!strings.Contains(err.Error(), "refused") || !strings.Contains(err.Error(), "tried 4 times") {
		t.Fatalf("put to a store that is down: %v", err)
	}
	for _, leak := range []string{testSecret, marker} {
		if strings.Contains(err.Error(), leak) {
			t.Errorf("the error shows %q", leak)
		}
	}
	if _, err := s.Get(ctx, 1, "0123456789abcdef0123456789abcdef", io.Discard); err == nil || errors.Is(err, ErrNotFound) || !strings.Contains(err.Error(), "did not answer") {
		t.Errorf("get from a store that is down: %v", err)
	}
	if err := s.Check(ctx); err == nil || !strings.Contains(err.Error(), "did not answer") {
		t.Errorf("check: %v", err)
	}
	if left := spooled(t, spool); len(left) > 0 {
		t.Errorf("spooled uploads left: %v", left)
	}

	// The connection breaks halfway through every upload: the store never
	// has the whole body, keeps nothing, and the Put fails.
	f := startFakeS3(t, false)
	f.fail = func(w http.ResponseWriter, r *http.Request) bool {
		if r.Method == http.MethodPut {
			io.CopyN(io.Discard, r.Body, r.ContentLength/2)
			panic(http.ErrAbortHandler) // drops the connection
		}
		return false
	}
	s = openFast(t, f.config(t, ""))
	if _, _, err := s.Put(ctx, 1, 0, strings.NewReader(strings.Repeat("bukti ", 100<<10))); err == nil || !strings.Contains(err.Error(), "did not answer") {
		t.Errorf("put cut halfway: %v", err)
	}
	if keys := f.keys(t); len(keys) != 0 {
		t.Errorf("a partial upload is visible: %v", keys)
	}
	if n := f.hits.Load(); n != 4 {
		t.Errorf("%d tries, want 4", n)
	}
}

// Virtual-hosted style: the bucket is in the host name, not the path.
func TestS3VirtualHosted(t *testing.T) {
	ctx := context.Background()
	f := startFakeS3(t, false, gofakes3.WithHostBucket(true))
	_, port, _ := net.SplitHostPort(strings.TrimPrefix(f.URL, "http://"))
	// Every name resolves to the test server, as DNS would for
	// sigap-files.objects.example.
	dial := &net.Dialer{Timeout: time.Second}
	client := &http.Client{Transport: &http.Transport{DialContext: func(ctx context.Context, network, _ string) (net.Conn, error) {
		return dial.DialContext(ctx, network, "127.0.0.1:"+port)
	}}}
	cfg := S3Config{Endpoint: "http://objects.example:" + port, Bucket: testBucket, Prefix: "/pemda/", Region: testRegion,
		AccessKey: testAccess, SecretKey: testSecret, SpoolDir: t.TempDir(), Client: client}
	s := openFast(t, cfg)
	id, _, err := s.Put(ctx, 2, 0, strings.NewReader("surat "+marker))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if _, err := s.Get(ctx, 2, id, &out); err != nil || out.String() != "surat "+marker {
		t.Fatalf("get: %q %v", out.String(), err)
	}
	want := "PUT /pemda/" + name(2, id)
	if log := f.log(); len(log) == 0 || log[0] != want {
		t.Errorf("requests %v, want %s first", log, want)
	}
	if b := f.object(t, "pemda/"+name(2, id)); b == nil || bytes.Contains(b, []byte(marker)) {
		t.Errorf("stored: %d bytes, marker in clear %v", len(b), bytes.Contains(b, []byte(marker)))
	}
}

func TestS3ConfigRefused(t *testing.T) {
	for _, c := range []struct {
		cfg  S3Config
		want string
	}{
		{S3Config{AccessKey: "a", SecretKey: "b"}, "no bucket"},
		{S3Config{Bucket: "b", AccessKey: "a"}, "secret key"},
		{S3Config{Bucket: "b", AccessKey: "a", SecretKey: "s", Endpoint: "ftp://x"}, "http(s)://host"},
		{S3Config{Bucket: "b", AccessKey: "a", SecretKey: "s", Endpoint: "https://x/sub"}, "no path"},
	} {
		if _, err := OpenS3(c.cfg, nil); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%+v: %v", c.cfg, err)
		}
	}
	b, err := newS3(S3Config{Bucket: "b", AccessKey: "a", SecretKey: "s", Region: "ap-southeast-3"})
	if err != nil || b.objectURL("t1/ab/x").String() != "https://b.s3.ap-southeast-3.amazonaws.com/t1/ab/x" {
		t.Errorf("default endpoint: %v %v", b.objectURL("t1/ab/x"), err)
	}
}

// Two instances with one bucket behave as one store: a file put through
// one opens through the other, and a delete on one is seen by both.
func TestS3SharedByInstances(t *testing.T) {
	ctx := context.Background()
	f := startFakeS3(t, false)
	keys := keyring(t)
	a, err := OpenS3(f.config(t, "prov"), keys)
	if err != nil {
		t.Fatal(err)
	}
	b, err := OpenS3(f.config(t, "prov"), keys) // own client, own spool directory
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	defer b.Close()
	id, _, err := a.Put(ctx, 1, 0, strings.NewReader("surat panggilan "+marker))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if _, err := b.Get(ctx, 1, id, &out); err != nil || out.String() != "surat panggilan "+marker {
		t.Fatalf("through the other instance: %q %v", out.String(), err)
	}
	if err := b.Delete(1, id); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Get(ctx, 1, id, io.Discard); err != ErrNotFound {
		t.Errorf("deleted on one instance, on the other: %v", err)
	}
}

// A redirect (the bucket is in another region) is reported, not followed
// with a signature made for another host; a server whose certificate the
// system does not trust is refused.
func TestS3RedirectAndUntrustedTLS(t *testing.T) {
	ctx := context.Background()
	f := startFakeS3(t, false)
	f.fail = func(w http.ResponseWriter, r *http.Request) bool {
		w.Header().Set("Location", "https://sigap-files.s3.eu-west-1.amazonaws.com/")
		w.WriteHeader(http.StatusMovedPermanently)
		io.WriteString(w, `<Error><Code>PermanentRedirect</Code><Message>The bucket you are attempting to access must be addressed using the specified endpoint.</Message></Error>`)
		return true
	}
	s := openFast(t, f.config(t, ""))
	if _, _, err := s.Put(ctx, 1, 0, strings.NewReader("x")); err == nil || !strings.Contains(err.Error(), "301") || !strings.Contains(err.Error(), "check the region") {
		t.Errorf("redirect: %v", err)
	}
	if n := f.hits.Load(); n != 1 {
		t.Errorf("%d requests for one redirect", n)
	}

	var tries atomic.Int64
	tlsSrv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		t.Error("a request reached a server with an untrusted certificate")
	}))
	tlsSrv.Config.ErrorLog = log.New(io.Discard, "", 0)
	tlsSrv.Config.ConnState = func(_ net.Conn, st http.ConnState) {
		if st == http.StateNew {
			tries.Add(1)
		}
	}
	tlsSrv.StartTLS()
	defer tlsSrv.Close()
	s = openFast(t, S3Config{Endpoint: tlsSrv.URL, Bucket: testBucket, Region: testRegion, PathStyle: true,
		AccessKey: testAccess, SecretKey: testSecret, SpoolDir: t.TempDir()})
	if _, _, err := s.Put(ctx, 1, 0, strings.NewReader("x")); err == nil || !strings.Contains(err.Error(), "certificate is not trusted") {
		t.Errorf("untrusted TLS: %v", err)
	}
	if n := tries.Load(); n != 1 {
		t.Errorf("an untrusted certificate was tried %d times", n)
	}
}
