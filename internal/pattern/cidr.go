package pattern

import (
	"net/netip"
	"strconv"
	"strings"
	"unsafe"
)

// parseCIDR compiles a "cidr" operand, IPv4 or IPv6. Bits past the mask
// may be set ("10.0.0.7/24" means 10.0.0.0/24). The texts for a missing
// '/' is AWS's; the others follow the same style.
func parseCIDR(s string) (netip.Prefix, error) {
	addr, bits, found := strings.Cut(s, "/")
	if !found || strings.Contains(bits, "/") {
		return netip.Prefix{}, &Error{Reason: "Malformed CIDR, one '/' required"}
	}
	ip, ok := parseIP(addr)
	if !ok {
		return netip.Prefix{}, &Error{Reason: "Invalid IP address: " + addr}
	}
	n, err := strconv.Atoi(bits)
	if err != nil || bits == "" || bits[0] == '+' || bits[0] == '-' {
		return netip.Prefix{}, &Error{Reason: "Malformed CIDR, mask bits must be an integer"}
	}
	if n > ip.BitLen() {
		return netip.Prefix{}, &Error{Reason: "Malformed CIDR, mask bits must be between 0 and " + strconv.Itoa(ip.BitLen())}
	}
	return netip.PrefixFrom(ip, n).Masked(), nil
}

// parseIP accepts an IPv4 address in dotted-quad form or an IPv6 address,
// without a zone. An IPv4-mapped IPv6 address stays IPv6: it is matched by
// IPv6 ranges, not by IPv4 ones.
func parseIP(s string) (netip.Addr, bool) {
	ip, err := netip.ParseAddr(s)
	if err != nil || ip.Zone() != "" {
		return netip.Addr{}, false
	}
	return ip, true
}

// parseIPBytes is parseIP for a value of an event. It views the bytes as a
// string without copying them: netip keeps nothing of its input but a copy
// of the zone, and only the error, which is dropped, refers to the bytes.
func parseIPBytes(b []byte) (netip.Addr, bool) {
	if len(b) < 2 || len(b) > 64 {
		return netip.Addr{}, false
	}
	return parseIP(unsafe.String(&b[0], len(b)))
}

// netipPrefixOf is the one-address range of ip.
func netipPrefixOf(ip netip.Addr) netip.Prefix {
	return netip.PrefixFrom(ip, ip.BitLen())
}
