package pattern

import (
	"maps"
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

// cidrIndex files CIDR ranges by their masked prefix.
type cidrIndex struct {
	m      map[netip.Prefix][]*node
	v4, v6 []lenCount // mask lengths in use
}

func (c cidrIndex) clone() cidrIndex {
	return cidrIndex{m: maps.Clone(c.m), v4: c.v4, v6: c.v6}
}

func (c *cidrIndex) add(p netip.Prefix, n *node) {
	if _, ok := c.m[p]; !ok {
		if p.Addr().Is4() {
			c.v4 = addLen(c.v4, p.Bits())
		} else {
			c.v6 = addLen(c.v6, p.Bits())
		}
	}
	c.m = mapAdd(c.m, p, n)
}

func (c *cidrIndex) remove(p netip.Prefix, n *node) {
	if _, ok := c.m[p]; !ok {
		return
	}
	mapRemove(c.m, p, n)
	if _, ok := c.m[p]; !ok {
		if p.Addr().Is4() {
			c.v4 = removeLen(c.v4, p.Bits())
		} else {
			c.v6 = removeLen(c.v6, p.Bits())
		}
	}
}

func (c *cidrIndex) lookup(ip netip.Addr, sc *scratch) {
	lens := c.v6
	if ip.Is4() {
		lens = c.v4
	}
	for _, l := range lens {
		p, err := ip.Prefix(l.n)
		if err == nil {
			pushAll(sc, c.m[p])
		}
	}
}
