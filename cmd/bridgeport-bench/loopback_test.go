package main

import "testing"

func TestOnlyLoopbackTargetsWithoutAllowRemote(t *testing.T) {
	for _, tc := range []struct {
		url    string
		remote bool
		ok     bool
	}{
		{"http://127.0.0.1:4343", false, true},
		{"http://localhost:4343/", false, true},
		{"http://[::1]:4343", false, true},
		{"http://127.0.0.2:4343", false, true},
		{"http://10.0.0.5:4343", false, false},
		{"http://bench.example:4343", false, false},
		{"http://10.0.0.5:4343", true, true},
		{"ftp://127.0.0.1", false, false},
		{"127.0.0.1:4343", false, false},
	} {
		_, err := checkTarget(tc.url, tc.remote)
		if (err == nil) != tc.ok {
			t.Errorf("checkTarget(%q, allowRemote=%v) = %v, want ok=%v", tc.url, tc.remote, err, tc.ok)
		}
	}
}
