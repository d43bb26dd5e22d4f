package files

import (
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestSigV4Examples checks the signer against the examples AWS publishes in
// "Signature Calculations for the Authorization Header: Transferring
// Payload in a Single Chunk (AWS Signature Version 4)" (Amazon S3 API
// reference): same access key, secret, date, region and requests, same
// canonical request (through its hash, the last line of the string to
// sign) and same signature. The S3 test server does not check signatures,
// so these vectors are what proves the signer.
func TestSigV4Examples(t *testing.T) {
	s := signer{accessKey: "AKIAIOSFODNN7EXAMPLE", secretKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", region: "us-east-1"}
	at := time.Date(2013, 5, 24, 0, 0, 0, 0, time.UTC)
	welcome := sha256.Sum256([]byte("Welcome to Amazon S3."))
	cases := []struct {
		name, method, url string
		headers           map[string]string
		payload           string
		canonicalHash     string
		signedHeaders     string
		signature         string
	}{
		{
			name: "GET object", method: "GET", url: "https://examplebucket.s3.amazonaws.com/test.txt",
			headers: map[string]string{"Range": "bytes=0-9"}, payload: emptySHA256,
			canonicalHash: "7344ae5b7ee6c3e7e6b0fe0640412a37625d1fbfff95c48bbb2dc43964946972",
			signedHeaders: "host;range;x-amz-content-sha256;x-amz-date",
			signature:     "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41",
		},
		{
			name: "PUT object", method: "PUT", url: "https://examplebucket.s3.amazonaws.com/test$file.text",
			headers:       map[string]string{"Date": "Fri, 24 May 2013 00:00:00 GMT", "X-Amz-Storage-Class": "REDUCED_REDUNDANCY"},
			payload:       hex.EncodeToString(welcome[:]),
			canonicalHash: "9e0e90d9c76de8fa5b200d8c849cd5b8dc7a3be3951ddb7f6a76b4158342019d",
			signedHeaders: "date;host;x-amz-content-sha256;x-amz-date;x-amz-storage-class",
			signature:     "98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd",
		},
		{
			name: "GET bucket lifecycle", method: "GET", url: "https://examplebucket.s3.amazonaws.com/?lifecycle", payload: emptySHA256,
			canonicalHash: "9766c798316ff2757b517bc739a67f6213b4ab36dd5da2f94eaebf79c77395ca",
			signedHeaders: "host;x-amz-content-sha256;x-amz-date",
			signature:     "fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543",
		},
		{
			name: "list objects", method: "GET", url: "https://examplebucket.s3.amazonaws.com/?max-keys=2&prefix=J", payload: emptySHA256,
			canonicalHash: "df57d21db20da04d7fa30298dd4488ba3a2b47ca3a489c74750e0f1e7df1b9b7",
			signedHeaders: "host;x-amz-content-sha256;x-amz-date",
			signature:     "34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7",
		},
	}
	for _, c := range cases {
		req, err := http.NewRequest(c.method, c.url, nil)
		if err != nil {
			t.Fatal(err)
		}
		for k, v := range c.headers {
			req.Header.Set(k, v)
		}
		s.sign(req, c.payload, at)
		canonical, signed := canonicalRequest(req, c.payload)
		sum := sha256.Sum256([]byte(canonical))
		if got := hex.EncodeToString(sum[:]); got != c.canonicalHash || signed != c.signedHeaders {
			t.Errorf("%s: canonical request hashes to %s with headers %s, want %s with %s\n%s", c.name, got, signed, c.canonicalHash, c.signedHeaders, canonical)
		}
		want := "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,SignedHeaders=" + c.signedHeaders + ",Signature=" + c.signature
		if got := req.Header.Get("Authorization"); got != want {
			t.Errorf("%s:\n got %s\nwant %s", c.name, got, want)
		}
	}
	// What is sent is what was signed: the path goes out encoded the same way.
	req, _ := http.NewRequest("PUT", "https://examplebucket.s3.amazonaws.com/test$file.text", nil)
	s.sign(req, emptySHA256, at)
	if got := req.URL.EscapedPath(); got != "/test%24file.text" || !strings.Contains(req.URL.String(), "/test%24file.text") {
		t.Errorf("path sent as %s", got)
	}
}

// A changed secret, region, day or payload changes the signature.
func TestSigV4Depends(t *testing.T) {
	at := time.Date(2013, 5, 24, 0, 0, 0, 0, time.UTC)
	sig := func(s signer, payload string, when time.Time) string {
		req, _ := http.NewRequest("GET", "https://b.s3.amazonaws.com/t1/ab/x", nil)
		s.sign(req, payload, when)
		return req.Header.Get("Authorization")
	}
	base := signer{"AK", "SECRET", "us-east-1"}
	ref := sig(base, emptySHA256, at)
	for name, other := range map[string]string{
		"secret":  sig(signer{"AK", "SECRET2", "us-east-1"}, emptySHA256, at),
		"region":  sig(signer{"AK", "SECRET", "ap-southeast-3"}, emptySHA256, at),
		"day":     sig(base, emptySHA256, at.Add(24*time.Hour)),
		"payload": sig(base, strings.Repeat("0", 64), at),
	} {
		if other == ref {
			t.Errorf("the signature does not depend on the %s", name)
		}
	}
	if strings.Contains(ref, "SECRET") {
		t.Error("the secret key is in the Authorization header")
	}
}
