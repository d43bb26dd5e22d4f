package config

import (
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"strconv"
	"strings"
)

// ObjectStore is where files go when SIGAP_FILES_URL names an
// S3-compatible object store.
type ObjectStore struct {
	Bucket    string
	Prefix    string // without leading or trailing "/"; may be empty
	Region    string
	Endpoint  string // scheme://host[:port]; empty for Amazon S3 in Region
	PathStyle bool
	AccessKey string
	SecretKey string
}

// Where names the store for logs and messages: no credentials.
func (o ObjectStore) Where() string {
	w := "s3://" + o.Bucket
	if o.Prefix != "" {
		w += "/" + o.Prefix
	}
	if o.Endpoint != "" {
		w += " at " + o.Endpoint
	}
	return w + " (region " + o.Region + ")"
}

var (
	bucketRE = regexp.MustCompile(`^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$`)
	prefixRE = regexp.MustCompile(`^[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*$`)
	regionRE = regexp.MustCompile(`^[a-z0-9-]{1,40}$`)
)

const filesURLForm = "write s3://BUCKET/PREFIX?region=REGION&endpoint=https://HOST&path_style=1, or leave it empty to keep files under SIGAP_DATA_DIR/files"

// ObjectStore parses SIGAP_FILES_URL: false when files stay on the local
// disk.
func (c Config) ObjectStore() (ObjectStore, bool, error) {
	if strings.TrimSpace(c.FilesURL) == "" {
		return ObjectStore{}, false, nil
	}
	bad := func(format string, args ...any) (ObjectStore, bool, error) {
		return ObjectStore{}, false, fmt.Errorf("SIGAP_FILES_URL: "+format, args...)
	}
	u, err := url.Parse(c.FilesURL)
	if err != nil || u.Scheme != "s3" || u.Opaque != "" {
		return bad("%q is not an object store URL: %s", RedactURL(c.FilesURL), filesURLForm)
	}
	if u.User != nil {
		return bad("keep the keys out of the URL: give them in SIGAP_S3_ACCESS_KEY and SIGAP_S3_SECRET_KEY")
	}
	o := ObjectStore{Bucket: u.Host, Prefix: strings.Trim(u.Path, "/"), Region: "us-east-1", AccessKey: c.S3AccessKey, SecretKey: c.S3SecretKey}
	if !bucketRE.MatchString(o.Bucket) || strings.Contains(o.Bucket, "..") {
		return bad("bucket %q is not a valid bucket name (3 to 63 lower-case letters, digits, dots and hyphens)", o.Bucket)
	}
	if o.Prefix != "" && (!prefixRE.MatchString(o.Prefix) || strings.Contains("/"+o.Prefix+"/", "/../") || strings.Contains("/"+o.Prefix+"/", "/./")) {
		return bad("prefix %q may hold only letters, digits, '.', '_', '-' and '/' between names", o.Prefix)
	}
	for k, vs := range u.Query() {
		v := vs[len(vs)-1]
		switch k {
		case "region":
			if !regionRE.MatchString(v) {
				return bad("region %q is not a region name such as ap-southeast-3 or us-east-1", v)
			}
			o.Region = v
		case "endpoint":
			e, err := url.Parse(v)
			if err != nil || (e.Scheme != "https" && e.Scheme != "http") || e.Host == "" || strings.Trim(e.Path, "/") != "" || e.RawQuery != "" || e.User != nil {
				return bad("endpoint %q must be https://HOST[:PORT] (or http:// on a trusted network), with no path", RedactURL(v))
			}
			o.Endpoint = e.Scheme + "://" + e.Host
		case "path_style":
			if o.PathStyle, err = strconv.ParseBool(v); err != nil {
				return bad("path_style %q: write 1 (bucket in the path, as MinIO wants) or 0 (bucket in the host name)", v)
			}
		default:
			return bad("unknown setting %q: region, endpoint and path_style are known", k)
		}
	}
	if o.AccessKey == "" || o.SecretKey == "" {
		return ObjectStore{}, false, errors.New("SIGAP_FILES_URL names an object store: give its keys in SIGAP_S3_ACCESS_KEY and SIGAP_S3_SECRET_KEY (or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY)")
	}
	return o, true, nil
}
