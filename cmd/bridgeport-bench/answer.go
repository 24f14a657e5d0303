package main

import "bytes"

// failedEntryCount reads FailedEntryCount from a PutEvents or
// PutPartnerEvents answer without decoding the rest: the load loop reads
// every answer and should spend its CPU on sending, not parsing. It
// accepts the whitespace of any JSON encoder (moto writes `": 0`).
func failedEntryCount(body []byte) (int, bool) {
	const key = `"FailedEntryCount"`
	i := bytes.Index(body, []byte(key))
	if i < 0 {
		return 0, false
	}
	rest := bytes.TrimLeft(body[i+len(key):], " \t\r\n")
	if len(rest) == 0 || rest[0] != ':' {
		return 0, false
	}
	rest = bytes.TrimLeft(rest[1:], " \t\r\n")
	n, digits := 0, 0
	for _, c := range rest {
		if c < '0' || c > '9' {
			break
		}
		n = n*10 + int(c-'0')
		digits++
	}
	return n, digits > 0
}
