package main

import (
	"net/http"
	"strings"
	"time"
)

// region is the region every request is scoped to.
const region = "us-east-1"

// unsignedSignature fills the Signature of the Authorization header. The
// tool targets servers in open mode, which read the account from the
// credential scope and check nothing else, so signing each request would
// only add client CPU to the measurement.
var unsignedSignature = strings.Repeat("0", 64)

// requestHeaders are the awsJson1_1 headers of a request to op made by
// account. The same headers serve every peer: Bridgeport takes the account
// from the 12-digit access key ID, moto from x-moto-account-id, and the
// floor ignores both.
func requestHeaders(op, account string, at time.Time) http.Header {
	amzDate := at.UTC().Format("20060102T150405Z")
	return http.Header{
		"Content-Type":      {"application/x-amz-json-1.1"},
		"X-Amz-Target":      {"AWSEvents." + op},
		"X-Amz-Date":        {amzDate},
		"X-Moto-Account-Id": {account},
		"Authorization": {"AWS4-HMAC-SHA256 Credential=" + account + "/" + amzDate[:8] + "/" + region +
			"/events/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=" + unsignedSignature},
	}
}

// newKeepAliveClient is an HTTP client with one reusable connection: each
// load worker owns one, so the run holds exactly --concurrency
// connections, as a fleet of SDK clients would. Proxies from the
// environment are ignored: the traffic is for the server, not a proxy.
func newKeepAliveClient() *http.Client {
	return &http.Client{Transport: &http.Transport{
		Proxy:               nil,
		MaxIdleConns:        1,
		MaxIdleConnsPerHost: 1,
		IdleConnTimeout:     time.Minute,
		DisableCompression:  true,
	}}
}
