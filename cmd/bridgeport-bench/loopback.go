package main

import (
	"fmt"
	"net"
	"net/url"
	"strings"
)

// checkTarget validates the --url of a running server and returns it with
// a trailing slash. A load tool pointed at the wrong host is a denial of
// service, so only loopback targets are accepted unless allowRemote.
func checkTarget(raw string, allowRemote bool) (string, error) {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", fmt.Errorf("--url %q: want http://HOST:PORT", raw)
	}
	if !allowRemote && !isLoopbackURL(raw) {
		return "", fmt.Errorf("--url %q is not a loopback address; add --allow-remote to load another host", raw)
	}
	if !strings.HasSuffix(u.Path, "/") {
		u.Path += "/"
	}
	return u.String(), nil
}

// isLoopbackURL reports whether the URL's host is a loopback IP literal or
// "localhost". Other names are not resolved: what a name resolves to can
// change between the check and the traffic.
func isLoopbackURL(raw string) bool {
	u, err := url.Parse(raw)
	if err != nil {
		return false
	}
	host := u.Hostname()
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
