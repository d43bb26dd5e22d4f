package files

import (
	"context"
	"crypto/sha256"
	"crypto/tls"
	"encoding/hex"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"

	"sigap/internal/vault"
)

// S3Config says where an S3-compatible object store (Amazon S3, MinIO,
// Ceph RGW, a cloud provider's object storage) keeps sigap's files.
type S3Config struct {
	// Endpoint is the base URL of the service, such as
	// https://s3.ap-southeast-3.amazonaws.com or https://minio.pemda.go.id:9000;
	// empty for Amazon S3 in Region.
	Endpoint string
	Bucket   string
	// Prefix, when set, goes before every key (prefix/t1/ab/abcd...), so
	// that one bucket can hold more than sigap.
	Prefix string
	// Region signs the requests; us-east-1 when empty (MinIO's default).
	Region string
	// PathStyle puts the bucket in the path (https://host/bucket/key)
	// rather than in the host name (https://bucket.host/key): MinIO and
	// most self-hosted stores want it.
	PathStyle bool
	AccessKey string
	SecretKey string
	// SpoolDir is where a file's ciphertext waits while it is uploaded
	// (the temporary file is unlinked at once); os.TempDir() when empty.
	SpoolDir string
	// Client, when set, replaces the HTTP client (tests); the default has
	// connect, TLS and response timeouts and trusts the system's roots.
	Client *http.Client
	// Retries is how many times a request that failed for a reason worth
	// retrying (no connection, a 5xx answer) is tried again; 0 means 3.
	// Every request sigap makes of the store is idempotent.
	Retries int
}

// maxPut is the largest object one PUT may carry on Amazon S3.
const maxPut = 5 << 30

// OpenS3 returns a Store that keeps its files in an object store. It does
// not contact the store; Check does.
func OpenS3(c S3Config, keys *vault.Keyring) (*Store, error) {
	b, err := newS3(c)
	if err != nil {
		return nil, err
	}
	return New(b, keys), nil
}

type s3 struct {
	base    *url.URL // scheme and host of the service
	bucket  string
	prefix  string
	path    bool
	sign    signer
	client  *http.Client
	spool   string
	retries int
	backoff time.Duration // the first pause between tries; doubled each time
	now     func() time.Time
}

func newS3(c S3Config) (*s3, error) {
	if c.Bucket == "" {
		return nil, errors.New("object storage: no bucket named")
	}
	if c.AccessKey == "" || c.SecretKey == "" {
		return nil, errors.New("object storage: the access key and the secret key are both needed")
	}
	if c.Region == "" {
		c.Region = "us-east-1"
	}
	if c.Endpoint == "" {
		c.Endpoint = "https://s3." + c.Region + ".amazonaws.com"
	}
	base, err := url.Parse(c.Endpoint)
	if err != nil || (base.Scheme != "https" && base.Scheme != "http") || base.Host == "" || strings.Trim(base.Path, "/") != "" {
		return nil, fmt.Errorf("object storage: endpoint %q must be http(s)://host[:port] with no path", c.Endpoint)
	}
	if c.Client == nil {
		c.Client = defaultClient()
	}
	if c.Retries <= 0 {
		c.Retries = 3
	}
	if c.SpoolDir == "" {
		c.SpoolDir = os.TempDir()
	} else if err := os.MkdirAll(c.SpoolDir, 0o700); err != nil {
		return nil, fmt.Errorf("object storage: cannot create the spool directory %s: %v", c.SpoolDir, err)
	}
	return &s3{
		base:    &url.URL{Scheme: base.Scheme, Host: base.Host},
		bucket:  c.Bucket,
		prefix:  strings.Trim(c.Prefix, "/"),
		path:    c.PathStyle,
		sign:    signer{accessKey: c.AccessKey, secretKey: c.SecretKey, region: c.Region},
		client:  c.Client,
		spool:   c.SpoolDir,
		retries: c.Retries,
		backoff: 200 * time.Millisecond,
		now:     time.Now,
	}, nil
}

// defaultClient has a timeout for every step that can hang, but none on
// the whole request: a large file takes as long as it takes, and the
// caller's context ends it.
func defaultClient() *http.Client {
	return &http.Client{
		// A redirect means a wrong region or endpoint; following it would
		// send a request signed for another host. Its answer is reported.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		Transport: &http.Transport{
			Proxy:                 http.ProxyFromEnvironment,
			DialContext:           (&net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
			TLSClientConfig:       &tls.Config{MinVersion: tls.VersionTLS12},
			TLSHandshakeTimeout:   10 * time.Second,
			ResponseHeaderTimeout: 60 * time.Second,
			IdleConnTimeout:       90 * time.Second,
			MaxIdleConnsPerHost:   32,
			ForceAttemptHTTP2:     true,
			DisableCompression:    true, // objects are ciphertext; never let a proxy's gzip in between
		}}
}

// objectURL is the address of key: the bucket in the host name, or in the
// path with PathStyle. An empty key is the bucket itself.
func (b *s3) objectURL(key string) *url.URL {
	if b.prefix != "" && key != "" {
		key = b.prefix + "/" + key
	}
	u := *b.base
	switch {
	case b.path && key == "":
		u.Path = "/" + b.bucket
	case b.path:
		u.Path = "/" + b.bucket + "/" + key
	default:
		u.Host = b.bucket + "." + b.base.Host
		u.Path = "/" + key
	}
	return &u
}

// where names the store in error messages: no credentials in it.
func (b *s3) where() string {
	if b.path {
		return b.base.String() + "/" + b.bucket
	}
	return b.base.Scheme + "://" + b.bucket + "." + b.base.Host
}

// do sends one request, signed, trying again with growing pauses when the
// connection fails or the store answers 5xx. body, when not nil, gives a
// fresh reader of the size bytes whose SHA-256 is payloadHash for each try.
// Any answer below 500 is returned for the caller to judge.
func (b *s3) do(ctx context.Context, method, key string, body func() io.Reader, size int64, payloadHash string) (*http.Response, error) {
	u := b.objectURL(key)
	var last error
	for try := 0; ; try++ {
		req, err := http.NewRequestWithContext(ctx, method, u.String(), nil)
		if err != nil {
			return nil, err
		}
		if body != nil {
			req.Body = io.NopCloser(body())
			req.ContentLength = size
		}
		b.sign.sign(req, payloadHash, b.now())
		res, err := b.client.Do(req)
		switch {
		case err == nil && res.StatusCode < 500:
			return res, nil
		case err == nil:
			last = b.answerError(method, key, res)
		case ctx.Err() != nil:
			return nil, ctx.Err()
		case isCertificateError(err):
			// Trying again will not make the certificate trusted.
			return nil, fmt.Errorf("object storage at %s: its certificate is not trusted by this machine: %w", b.where(), unwrapURL(err))
		default:
			last = fmt.Errorf("object storage at %s did not answer: %w", b.where(), unwrapURL(err))
		}
		if try == b.retries {
			return nil, fmt.Errorf("%w (tried %d times)", last, try+1)
		}
		pause := b.backoff << try
		pause += rand.N(pause/2 + 1) // jitter, so that instances do not retry in step
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(pause):
		}
	}
}

func isCertificateError(err error) bool {
	var cv *tls.CertificateVerificationError
	return errors.As(err, &cv)
}

// unwrapURL drops the *url.Error wrapper, whose message repeats the whole
// request URL and method before the cause.
func unwrapURL(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

// S3Error is an answer of the object store that is not a success.
type S3Error struct {
	Op, Key, Where string
	Status         int
	Code, Message  string // from the XML error document, when there is one
}

func (e *S3Error) Error() string {
	msg := fmt.Sprintf("object storage at %s: %s %s: %d %s", e.Where, e.Op, e.Key, e.Status, http.StatusText(e.Status))
	if e.Code != "" {
		msg += ": " + e.Code
	}
	if e.Message != "" {
		msg += ": " + e.Message
	}
	switch e.Status {
	case http.StatusForbidden:
		msg += " (check SIGAP_S3_ACCESS_KEY, SIGAP_S3_SECRET_KEY, the region and the bucket policy: sigap needs s3:GetObject, s3:PutObject, s3:DeleteObject and s3:ListBucket)"
	case http.StatusMovedPermanently, http.StatusBadRequest:
		if e.Code == "PermanentRedirect" || e.Code == "AuthorizationHeaderMalformed" {
			msg += " (check the region in SIGAP_FILES_URL)"
		}
	}
	return msg
}

// answerError reads the error document of a failed answer and closes it.
func (b *s3) answerError(op, key string, res *http.Response) error {
	defer res.Body.Close()
	e := &S3Error{Op: op, Key: key, Where: b.where(), Status: res.StatusCode}
	var doc struct {
		Code    string `xml:"Code"`
		Message string `xml:"Message"`
	}
	if xml.NewDecoder(io.LimitReader(res.Body, 16<<10)).Decode(&doc) == nil {
		e.Code, e.Message = doc.Code, doc.Message
	}
	io.Copy(io.Discard, io.LimitReader(res.Body, 64<<10))
	return e
}

// Put spools the ciphertext to an unlinked temporary file, hashing it on
// the way, then uploads it in one PUT signed with that hash: the store
// checks the hash, so a damaged upload is refused, and a failed try can be
// sent again without running fill twice. S3 never shows a partial object:
// the key exists only once the PUT succeeded.
func (b *s3) Put(ctx context.Context, key string, fill func(io.Writer) error) error {
	f, err := os.CreateTemp(b.spool, ".sigap-upload-*")
	if err != nil {
		return fmt.Errorf("object storage: cannot spool an upload in %s: %v", b.spool, err)
	}
	defer f.Close()
	os.Remove(f.Name()) // nothing is left behind, even after a crash
	h := sha256.New()
	if err := fill(io.MultiWriter(f, h)); err != nil {
		return err
	}
	size, err := f.Seek(0, io.SeekCurrent)
	if err != nil {
		return err
	}
	if size > maxPut {
		return fmt.Errorf("object storage: a file of %d bytes is larger than one upload may be", size)
	}
	res, err := b.do(ctx, http.MethodPut, key, func() io.Reader { return io.NewSectionReader(f, 0, size) }, size, hex.EncodeToString(h.Sum(nil)))
	if err != nil {
		return err
	}
	if res.StatusCode/100 != 2 {
		return b.answerError("PUT", key, res)
	}
	io.Copy(io.Discard, io.LimitReader(res.Body, 64<<10))
	return res.Body.Close()
}

// Get streams the object: the answer's body is returned as it arrives.
func (b *s3) Get(ctx context.Context, key string) (io.ReadCloser, error) {
	res, err := b.do(ctx, http.MethodGet, key, nil, 0, emptySHA256)
	if err != nil {
		return nil, err
	}
	switch {
	case res.StatusCode == http.StatusNotFound:
		res.Body.Close()
		return nil, ErrNotFound
	case res.StatusCode/100 != 2:
		return nil, b.answerError("GET", key, res)
	}
	return res.Body, nil
}

// Delete removes the object; S3 answers 204 whether it existed or not.
func (b *s3) Delete(ctx context.Context, key string) error {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	res, err := b.do(ctx, http.MethodDelete, key, nil, 0, emptySHA256)
	if err != nil {
		return err
	}
	if res.StatusCode/100 != 2 && res.StatusCode != http.StatusNotFound {
		return b.answerError("DELETE", key, res)
	}
	return res.Body.Close()
}

// head asks for an object's size without its body (the bucket's
// existence for an empty key); ErrNotFound when there is none.
func (b *s3) head(ctx context.Context, key string) (int64, error) {
	res, err := b.do(ctx, http.MethodHead, key, nil, 0, emptySHA256)
	if err != nil {
		return 0, err
	}
	res.Body.Close()
	switch {
	case res.StatusCode == http.StatusNotFound:
		return 0, ErrNotFound
	case res.StatusCode/100 != 2:
		// A HEAD answer has no body, so only the status tells.
		return 0, &S3Error{Op: "HEAD", Key: key, Where: b.where(), Status: res.StatusCode}
	}
	return res.ContentLength, nil
}

// check asks for the bucket (HEAD bucket): an answer shows that the store
// is reachable, the bucket exists and the signature and policy are
// accepted. The permission it needs, s3:ListBucket, is also what makes S3
// answer 404 rather than 403 for a missing file.
func (b *s3) check(ctx context.Context) error {
	_, err := b.head(ctx, "")
	if errors.Is(err, ErrNotFound) {
		return fmt.Errorf("object storage at %s: the bucket %s does not exist (create it, private, with versioning on)", b.where(), b.bucket)
	}
	return err
}

func (b *s3) Close() error {
	b.client.CloseIdleConnections()
	return nil
}

// Check makes sure the store can be used, for a clear error at start
// rather than at the first upload. The local disk has nothing to check
// beyond what Open did.
func (s *Store) Check(ctx context.Context) error {
	if c, ok := s.b.(interface{ check(context.Context) error }); ok {
		return c.check(ctx)
	}
	return nil
}
