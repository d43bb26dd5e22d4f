package files

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"slices"
	"strings"
	"time"
)

// AWS Signature Version 4 for S3, header-based, as specified in
// "Signature Calculations for the Authorization Header: Transferring
// Payload in a Single Chunk". sigv4_test.go checks it against the examples
// AWS publishes there.

// emptySHA256 is the hex SHA-256 of no bytes: the payload hash of a
// request without a body.
const emptySHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

// signer signs requests with one access key for one region.
type signer struct {
	accessKey, secretKey, region string
}

// sign adds X-Amz-Date, X-Amz-Content-Sha256 and Authorization to req, a
// request whose body hashes (hex SHA-256) to payloadHash. Host, Date,
// Range, Content-Type, Content-MD5 and every X-Amz-* header are signed.
func (s signer) sign(req *http.Request, payloadHash string, now time.Time) {
	amzDate := now.UTC().Format("20060102T150405Z")
	req.Header.Set("X-Amz-Date", amzDate)
	req.Header.Set("X-Amz-Content-Sha256", payloadHash)
	canonical, signed := canonicalRequest(req, payloadHash)
	scope := amzDate[:8] + "/" + s.region + "/s3/aws4_request"
	sum := sha256.Sum256([]byte(canonical))
	toSign := "AWS4-HMAC-SHA256\n" + amzDate + "\n" + scope + "\n" + hex.EncodeToString(sum[:])
	key := hmacSHA256([]byte("AWS4"+s.secretKey), amzDate[:8])
	key = hmacSHA256(key, s.region)
	key = hmacSHA256(key, "s3")
	key = hmacSHA256(key, "aws4_request")
	req.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential="+s.accessKey+"/"+scope+
		",SignedHeaders="+signed+",Signature="+hex.EncodeToString(hmacSHA256(key, toSign)))
}

func hmacSHA256(key []byte, data string) []byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(data))
	return m.Sum(nil)
}

// canonicalRequest returns the canonical form of req and the list of its
// signed headers. The path is encoded here, once, and req.URL.RawPath set
// to that encoding so that what is sent is what was signed.
func canonicalRequest(req *http.Request, payloadHash string) (canonical, signedHeaders string) {
	p := req.URL.Path
	if p == "" {
		p = "/"
	}
	req.URL.RawPath = uriEncode(p, false)

	q := req.URL.Query()
	pairs := make([]string, 0, len(q))
	for k, vs := range q {
		for _, v := range vs {
			pairs = append(pairs, uriEncode(k, true)+"="+uriEncode(v, true))
		}
	}
	slices.Sort(pairs)

	host := req.Host
	if host == "" {
		host = req.URL.Host
	}
	headers := map[string]string{"host": host}
	for k, vs := range req.Header {
		lk := strings.ToLower(k)
		switch {
		case lk == "date", lk == "range", lk == "content-type", lk == "content-md5", strings.HasPrefix(lk, "x-amz-"):
			vals := make([]string, len(vs))
			for i, v := range vs {
				vals[i] = strings.Join(strings.Fields(v), " ")
			}
			headers[lk] = strings.Join(vals, ",")
		}
	}
	names := make([]string, 0, len(headers))
	for k := range headers {
		names = append(names, k)
	}
	slices.Sort(names)
	var b strings.Builder
	b.WriteString(req.Method + "\n" + req.URL.RawPath + "\n" + strings.Join(pairs, "&") + "\n")
	for _, k := range names {
		b.WriteString(k + ":" + headers[k] + "\n")
	}
	signedHeaders = strings.Join(names, ";")
	b.WriteString("\n" + signedHeaders + "\n" + payloadHash)
	return b.String(), signedHeaders
}

// uriEncode percent-encodes every byte but the unreserved characters of
// RFC 3986 (and "/" in a path), with upper-case hex digits, as SigV4 wants.
func uriEncode(s string, encodeSlash bool) string {
	const hexDigits = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~' || c == '/' && !encodeSlash {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hexDigits[c>>4])
		b.WriteByte(hexDigits[c&15])
	}
	return b.String()
}
