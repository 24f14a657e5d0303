package pattern

import (
	"testing"
)

// envelope wraps a detail object into an event envelope as EventBridge
// delivers it (spec §6).
func envelope(detail string) string {
	return `{"version":"0","id":"6a7e8feb-b491-4cf7-a9f1-bf3703467718","detail-type":"EC2 Instance State-change Notification","source":"aws.ec2","account":"123456789012","time":"2017-10-02T16:24:49Z","region":"us-east-1","resources":["arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f","arn:aws:ec2:us-east-1:123456789012:instance/i-0a1b2c3d"],"detail":` + detail + `}`
}

type matchCase struct {
	name    string
	pattern string
	event   string // a detail object, wrapped by envelope, unless it starts with "!"
	want    bool
}

func runMatchCases(t *testing.T, cases []matchCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p, err := Parse(c.pattern)
			if err != nil {
				t.Fatalf("Parse(%s): %v", c.pattern, err)
			}
			ev := envelope(c.event)
			if len(c.event) > 0 && c.event[0] == '!' {
				ev = c.event[1:]
			}
			got, err := p.Match([]byte(ev))
			if err != nil {
				t.Fatalf("Match: %v", err)
			}
			if got != c.want {
				t.Errorf("pattern %s\nevent %s\nmatch = %v, want %v", c.pattern, ev, got, c.want)
			}
			// The compiled Matcher must agree with Pattern.Match.
			m := NewMatcher()
			m.Set("r", p)
			ids, err := m.Match([]byte(ev), nil)
			if err != nil || (len(ids) == 1) != c.want {
				t.Errorf("Matcher.Match = %v, %v; want match %v", ids, err, c.want)
			}
			if want := refMatch(c.pattern, ev); want != c.want {
				t.Errorf("the reference evaluator says %v", want)
			}
		})
	}
}

func TestExactValues(t *testing.T) {
	runMatchCases(t, []matchCase{
		{"top-level string matches", `{"source":["aws.ec2"]}`, `{}`, true},
		{"strings are case-sensitive", `{"source":["AWS.EC2"]}`, `{}`, false},
		{"any element of the leaf array may match", `{"source":["aws.s3","aws.ec2"]}`, `{}`, true},
		{"every field must match", `{"source":["aws.ec2"],"detail-type":["nope"]}`, `{}`, false},
		{"nested fields descend into the event", `{"detail":{"state":["running"]}}`, `{"state":"running"}`, true},
		{"nested mismatch", `{"detail":{"state":["running"]}}`, `{"state":"stopped"}`, false},
		{"a missing field does not match", `{"detail":{"state":["running"]}}`, `{}`, false},
		{"an event array matches when any element does", `{"resources":["arn:aws:ec2:us-east-1:123456789012:instance/i-0a1b2c3d"]}`, `{}`, true},
		{"an event array with no matching element", `{"resources":["arn:aws:ec2:us-east-1:123456789012:instance/i-none"]}`, `{}`, false},
		{"a number matches the same number", `{"detail":{"n":[5]}}`, `{"n":5}`, true},
		{"5 matches 5.0", `{"detail":{"n":[5]}}`, `{"n":5.0}`, true},
		{"5 matches 5e0", `{"detail":{"n":[5]}}`, `{"n":5e0}`, true},
		{"5.0 matches 5", `{"detail":{"n":[5.0]}}`, `{"n":5}`, true},
		{"3.018e2 matches 301.8", `{"detail":{"n":[3.018e2]}}`, `{"n":301.8}`, true},
		{"a number does not match its string", `{"detail":{"n":[5]}}`, `{"n":"5"}`, false},
		{"a string does not match the number", `{"detail":{"n":["5"]}}`, `{"n":5}`, false},
		{"numbers agree to six decimal places", `{"detail":{"n":[2]}}`, `{"n":2.0000001}`, true},
		{"numbers differ at the sixth decimal place", `{"detail":{"n":[2]}}`, `{"n":2.000001}`, false},
		{"out-of-range numbers match by text", `{"detail":{"n":[1e10]}}`, `{"n":1e10}`, true},
		{"out-of-range numbers do not compare numerically", `{"detail":{"n":[1e10]}}`, `{"n":10000000000}`, false},
		{"the range bound itself is a number", `{"detail":{"n":[5000000000]}}`, `{"n":5e9}`, true},
		{"negative zero is zero", `{"detail":{"n":[0]}}`, `{"n":-0}`, true},
		{"true matches true", `{"detail":{"b":[true]}}`, `{"b":true}`, true},
		{"true does not match the string", `{"detail":{"b":[true]}}`, `{"b":"true"}`, false},
		{"false matches false", `{"detail":{"b":[false]}}`, `{"b":false}`, true},
		{"null matches null", `{"detail":{"responseElements":[null]}}`, `{"responseElements":null}`, true},
		{"null does not match a missing field", `{"detail":{"responseElements":[null]}}`, `{}`, false},
		{"null does not match an empty string", `{"detail":{"x":[null]}}`, `{"x":""}`, false},
		{"empty string matches empty string", `{"detail":{"eventVersion":[""]}}`, `{"eventVersion":""}`, true},
		{"empty string does not match null", `{"detail":{"eventVersion":[""]}}`, `{"eventVersion":null}`, false},
		{"a leaf does not match an object", `{"detail":{"state":["running"]}}`, `{"state":{"name":"running"}}`, false},
		{"escapes in the event are decoded", `{"detail":{"s":["a\"b/é"]}}`, `{"s":"a\u0022b\/\u00e9"}`, true},
		{"escapes in the pattern are decoded", `{"detail":{"s":["\u00e9\ud83d\ude00"]}}`, `{"s":"é😀"}`, true},
		{"escaped keys are decoded", `{"detail":{"a-b":["x"]}}`, `{"a\u002db":"x"}`, true},
		{"a dot in a key is not a path separator", `{"detail":{"a.b":["x"]}}`, `{"a":{"b":"x"}}`, false},
		{"a key with a dot matches itself", `{"detail":{"a.b":["x"]}}`, `{"a.b":"x"}`, true},
		{"an IP address matches another spelling of itself", `{"detail":{"ip":["2001:db8::1"]}}`, `{"ip":"2001:DB8:0:0::1"}`, true},
		{"an IP address does not match another address", `{"detail":{"ip":["10.0.0.1"]}}`, `{"ip":"10.0.0.2"}`, false},
		{"nested arrays in the event are flattened", `{"detail":{"x":["b"]}}`, `{"x":[["a"],["b"]]}`, true},
	})
}

func TestPrefixAndSuffix(t *testing.T) {
	runMatchCases(t, []matchCase{
		{"prefix matches the start", `{"time":[{"prefix":"2017-10-02"}]}`, `{}`, true},
		{"prefix is case-sensitive", `{"source":[{"prefix":"AWS."}]}`, `{}`, false},
		{"prefix of an array element", `{"resources":[{"prefix":"arn:aws:ec2:us-east-1:123456789012:instance/i-0a"}]}`, `{}`, true},
		{"the whole string is a prefix of itself", `{"source":[{"prefix":"aws.ec2"}]}`, `{}`, true},
		{"empty prefix matches any string", `{"detail":{"s":[{"prefix":""}]}}`, `{"s":""}`, true},
		{"empty prefix does not match a number", `{"detail":{"s":[{"prefix":""}]}}`, `{"s":5}`, false},
		{"prefix does not match a number's text", `{"detail":{"n":[{"prefix":"12"}]}}`, `{"n":123}`, false},
		{"prefix ignoring case", `{"detail":{"service":[{"prefix":{"equals-ignore-case":"EventB"}}]}}`, `{"service":"eventbridge"}`, true},
		{"prefix ignoring case, no match", `{"detail":{"service":[{"prefix":{"equals-ignore-case":"EventC"}}]}}`, `{"service":"eventbridge"}`, false},
		{"prefix ignoring case beyond ASCII", `{"detail":{"s":[{"prefix":{"equals-ignore-case":"ÄÖ"}}]}}`, `{"s":"äöü"}`, true},
		{"suffix matches the end", `{"detail":{"FileName":[{"suffix":".png"}]}}`, `{"FileName":"image.png"}`, true},
		{"suffix is case-sensitive", `{"detail":{"FileName":[{"suffix":".PNG"}]}}`, `{"FileName":"image.png"}`, false},
		{"suffix ignoring case", `{"detail":{"FileName":[{"suffix":{"equals-ignore-case":".PNG"}}]}}`, `{"FileName":"image.png"}`, true},
		{"suffix longer than the value", `{"detail":{"FileName":[{"suffix":"long.png"}]}}`, `{"FileName":".png"}`, false},
		{"prefix or exact value", `{"detail":{"state":["running",{"prefix":"stop"}]}}`, `{"state":"stopping"}`, true},
		{"prefix or exact value, neither", `{"detail":{"state":["running",{"prefix":"stop"}]}}`, `{"state":"pending"}`, false},
	})
}

func TestEqualsIgnoreCase(t *testing.T) {
	runMatchCases(t, []matchCase{
		{"matches regardless of case", `{"detail-type":[{"equals-ignore-case":"ec2 instance state-change notification"}]}`, `{}`, true},
		{"still needs the same letters", `{"detail-type":[{"equals-ignore-case":"ec2 instance state change notification"}]}`, `{}`, false},
		{"Unicode simple folding", `{"detail":{"s":[{"equals-ignore-case":"STRASSE ΣΊΣΥΦΟΣ"}]}}`, `{"s":"strasse σίσυφος"}`, true},
		{"the Kelvin sign folds to k", `{"detail":{"s":[{"equals-ignore-case":"k"}]}}`, `{"s":"\u212a"}`, true},
		{"does not match a number", `{"detail":{"s":[{"equals-ignore-case":"5"}]}}`, `{"s":5}`, false},
	})
}

func TestWildcard(t *testing.T) {
	runMatchCases(t, []matchCase{
		{"AWS documentation example", `{"detail":{"EventBusArn":[{"wildcard":"arn:aws:events:us-east-1:*:event-bus/*"}]}}`, `{"EventBusArn":"arn:aws:events:us-east-1:123456789012:event-bus/orders"}`, true},
		{"AWS documentation example, other region", `{"detail":{"EventBusArn":[{"wildcard":"arn:aws:events:us-east-1:*:event-bus/*"}]}}`, `{"EventBusArn":"arn:aws:events:us-west-2:123456789012:event-bus/orders"}`, false},
		{"star matches the empty run", `{"detail":{"s":[{"wildcard":"ab*c"}]}}`, `{"s":"abc"}`, true},
		{"star alone matches any string", `{"detail":{"s":[{"wildcard":"*"}]}}`, `{"s":""}`, true},
		{"star does not match a number", `{"detail":{"s":[{"wildcard":"*"}]}}`, `{"s":1}`, false},
		{"without a star it is exact", `{"detail":{"s":[{"wildcard":"abc"}]}}`, `{"s":"abcd"}`, false},
		{"pieces in order", `{"detail":{"s":[{"wildcard":"*a*b*"}]}}`, `{"s":"xxbxxa"}`, false},
		{"head and tail must not overlap", `{"detail":{"s":[{"wildcard":"ab*ba"}]}}`, `{"s":"aba"}`, false},
		{"escaped star is literal", `{"detail":{"s":[{"wildcard":"a\\*b"}]}}`, `{"s":"a*b"}`, true},
		{"escaped star does not match other text", `{"detail":{"s":[{"wildcard":"a\\*b"}]}}`, `{"s":"axb"}`, false},
		{"escaped backslash is literal", `{"detail":{"s":[{"wildcard":"a\\\\*"}]}}`, `{"s":"a\\tail"}`, true},
		{"is case-sensitive", `{"detail":{"s":[{"wildcard":"A*"}]}}`, `{"s":"abc"}`, false},
	})
}

func TestAnythingBut(t *testing.T) {
	runMatchCases(t, []matchCase{
		{"a string other than the one given", `{"detail":{"state":[{"anything-but":"initializing"}]}}`, `{"state":"running"}`, true},
		{"not the string given", `{"detail":{"state":[{"anything-but":"initializing"}]}}`, `{"state":"initializing"}`, false},
		{"a list of strings", `{"detail":{"state":[{"anything-but":["stopped","overloaded"]}]}}`, `{"state":"overloaded"}`, false},
		{"a list of strings, other value", `{"detail":{"state":[{"anything-but":["stopped","overloaded"]}]}}`, `{"state":"running"}`, true},
		{"a number", `{"detail":{"x-limit":[{"anything-but":123}]}}`, `{"x-limit":123.0}`, false},
		{"a number, other value", `{"detail":{"x-limit":[{"anything-but":123}]}}`, `{"x-limit":456}`, true},
		{"a list of numbers", `{"detail":{"x-limit":[{"anything-but":[100,200,300]}]}}`, `{"x-limit":2e2}`, false},
		{"a string list lets numbers through", `{"detail":{"x":[{"anything-but":["5"]}]}}`, `{"x":5}`, true},
		{"a number list lets strings through", `{"detail":{"x":[{"anything-but":[5]}]}}`, `{"x":"5"}`, true},
		{"null passes anything-but", `{"detail":{"x":[{"anything-but":"a"}]}}`, `{"x":null}`, true},
		{"a missing field does not", `{"detail":{"x":[{"anything-but":"a"}]}}`, `{}`, false},
		{"an array passes if any element does", `{"detail":{"x":[{"anything-but":"a"}]}}`, `{"x":["a","b"]}`, true},
		{"an array of excluded values does not", `{"detail":{"x":[{"anything-but":["a","b"]}]}}`, `{"x":["a","b"]}`, false},
		{"prefix", `{"detail":{"state":[{"anything-but":{"prefix":"init"}}]}}`, `{"state":"initializing"}`, false},
		{"prefix, other value", `{"detail":{"state":[{"anything-but":{"prefix":"init"}}]}}`, `{"state":"running"}`, true},
		{"prefix lets numbers through", `{"detail":{"state":[{"anything-but":{"prefix":"1"}}]}}`, `{"state":12}`, true},
		{"prefix list", `{"detail":{"state":[{"anything-but":{"prefix":["init","stop"]}}]}}`, `{"state":"stopping"}`, false},
		{"suffix", `{"detail":{"FileName":[{"anything-but":{"suffix":".txt"}}]}}`, `{"FileName":"notes.txt"}`, false},
		{"suffix, other value", `{"detail":{"FileName":[{"anything-but":{"suffix":".txt"}}]}}`, `{"FileName":"image.png"}`, true},
		{"equals-ignore-case", `{"detail":{"state":[{"anything-but":{"equals-ignore-case":["Stopped","OverLoaded"]}}]}}`, `{"state":"STOPPED"}`, false},
		{"equals-ignore-case, other value", `{"detail":{"state":[{"anything-but":{"equals-ignore-case":["Stopped","OverLoaded"]}}]}}`, `{"state":"running"}`, true},
		{"wildcard", `{"detail":{"path":[{"anything-but":{"wildcard":"*/lib/*"}}]}}`, `{"path":"/usr/lib/x"}`, false},
		{"wildcard, other value", `{"detail":{"path":[{"anything-but":{"wildcard":"*/lib/*"}}]}}`, `{"path":"/usr/bin/x"}`, true},
		{"wildcard list", `{"detail":{"path":[{"anything-but":{"wildcard":["*/lib/*","*/bin/*"]}}]}}`, `{"path":"/usr/bin/x"}`, false},
		{"alongside an exact value", `{"detail":{"x":["a",{"anything-but":["a","b"]}]}}`, `{"x":"a"}`, true},
	})
}

func TestNumeric(t *testing.T) {
	const docs = `{"detail":{"c-count":[{"numeric":[">",0,"<=",5]}],"d-count":[{"numeric":["<",10]}],"x-limit":[{"numeric":["=",3.018e2]}]}}`
	runMatchCases(t, []matchCase{
		{"AWS documentation example", docs, `{"c-count":5,"d-count":7,"x-limit":301.8}`, true},
		{"AWS documentation example, c-count too big", docs, `{"c-count":5.5,"d-count":7,"x-limit":301.8}`, false},
		{"greater than is open", `{"detail":{"n":[{"numeric":[">",0]}]}}`, `{"n":0}`, false},
		{"greater than or equal is closed", `{"detail":{"n":[{"numeric":[">=",0]}]}}`, `{"n":0}`, true},
		{"less than is open", `{"detail":{"n":[{"numeric":["<",10]}]}}`, `{"n":10}`, false},
		{"less than or equal is closed", `{"detail":{"n":[{"numeric":["<=",10]}]}}`, `{"n":1e1}`, true},
		{"equals compares values", `{"detail":{"n":[{"numeric":["=",5]}]}}`, `{"n":5.000}`, true},
		{"negative numbers", `{"detail":{"n":[{"numeric":[">",-10,"<",-5]}]}}`, `{"n":-7.5}`, true},
		{"a millionth above the bound", `{"detail":{"n":[{"numeric":[">",1]}]}}`, `{"n":1.000001}`, true},
		{"below a millionth is dropped", `{"detail":{"n":[{"numeric":[">",1]}]}}`, `{"n":1.0000009}`, false},
		{"digits past the sixth round down", `{"detail":{"n":[{"numeric":["<",0]}]}}`, `{"n":-0.0000001}`, true},
		{"strings are not numbers", `{"detail":{"n":[{"numeric":[">",0]}]}}`, `{"n":"5"}`, false},
		{"out-of-range values never match", `{"detail":{"n":[{"numeric":[">",0]}]}}`, `{"n":5000000001}`, false},
		{"the top of the range matches", `{"detail":{"n":[{"numeric":[">=",5e9]}]}}`, `{"n":5000000000}`, true},
		{"any element of an array", `{"detail":{"n":[{"numeric":[">",100]}]}}`, `{"n":[1,2,300]}`, true},
		{"precision is kept near the range limit", `{"detail":{"n":[{"numeric":[">",4999999999.999998]}]}}`, `{"n":4999999999.999999}`, true},
	})
}

func TestExists(t *testing.T) {
	runMatchCases(t, []matchCase{
		{"true: a present leaf", `{"detail":{"c-count":[{"exists":true}]}}`, `{"c-count":3}`, true},
		{"true: null is a present leaf", `{"detail":{"c-count":[{"exists":true}]}}`, `{"c-count":null}`, true},
		{"true: an absent field", `{"detail":{"c-count":[{"exists":true}]}}`, `{}`, false},
		{"true: an object is not a leaf", `{"detail":{"c-count":[{"exists":true}]}}`, `{"c-count":{"a":1}}`, false},
		{"true: an empty array has no leaf", `{"detail":{"c-count":[{"exists":true}]}}`, `{"c-count":[]}`, false},
		{"false: an absent field", `{"detail":{"c-count":[{"exists":false}]}}`, `{}`, true},
		{"false: a present leaf", `{"detail":{"c-count":[{"exists":false}]}}`, `{"c-count":1}`, false},
		{"false: an object is not a leaf", `{"detail":{"c-count":[{"exists":false}]}}`, `{"c-count":{"a":1}}`, true},
		{"false: an empty array", `{"detail":{"c-count":[{"exists":false}]}}`, `{"c-count":[]}`, true},
		{"false: the detail object missing", `{"detail":{"c-count":[{"exists":false}]},"source":["aws.ec2"]}`, `!{"source":"aws.ec2"}`, true},
		{"false or a value: absent", `{"detail":{"x":[{"exists":false},"a"]}}`, `{}`, true},
		{"false or a value: the value", `{"detail":{"x":[{"exists":false},"a"]}}`, `{"x":"a"}`, true},
		{"false or a value: another value", `{"detail":{"x":[{"exists":false},"a"]}}`, `{"x":"b"}`, false},
		{"false alone is not enough", `{"detail":{"x":[{"exists":false}]},"source":["aws.s3"]}`, `{}`, false},
	})
}

func TestCIDR(t *testing.T) {
	runMatchCases(t, []matchCase{
		{"IPv4 in range", `{"detail":{"sourceIPAddress":[{"cidr":"10.0.0.0/24"}]}}`, `{"sourceIPAddress":"10.0.0.255"}`, true},
		{"IPv4 out of range", `{"detail":{"sourceIPAddress":[{"cidr":"10.0.0.0/24"}]}}`, `{"sourceIPAddress":"10.0.1.0"}`, false},
		{"host bits in the range are ignored", `{"detail":{"ip":[{"cidr":"10.0.0.77/24"}]}}`, `{"ip":"10.0.0.1"}`, true},
		{"a /32 is one address", `{"detail":{"ip":[{"cidr":"10.0.0.1/32"}]}}`, `{"ip":"10.0.0.1"}`, true},
		{"/0 matches every IPv4 address", `{"detail":{"ip":[{"cidr":"0.0.0.0/0"}]}}`, `{"ip":"203.0.113.9"}`, true},
		{"IPv6 in range", `{"detail":{"ip":[{"cidr":"2001:db8::/32"}]}}`, `{"ip":"2001:0db8:1234::1"}`, true},
		{"IPv6 out of range", `{"detail":{"ip":[{"cidr":"2001:db8::/32"}]}}`, `{"ip":"2001:db9::1"}`, false},
		{"IPv4 range, IPv6 address", `{"detail":{"ip":[{"cidr":"0.0.0.0/0"}]}}`, `{"ip":"::1"}`, false},
		{"IPv4-mapped IPv6 is IPv6", `{"detail":{"ip":[{"cidr":"10.0.0.0/8"}]}}`, `{"ip":"::ffff:10.0.0.1"}`, false},
		{"not an address", `{"detail":{"ip":[{"cidr":"10.0.0.0/8"}]}}`, `{"ip":"10.0.0"}`, false},
		{"an address with a zone is not matched", `{"detail":{"ip":[{"cidr":"fe80::/10"}]}}`, `{"ip":"fe80::1%eth0"}`, false},
	})
}

func TestOr(t *testing.T) {
	const nested = `{"detail":{"$or":[{"c-count":[{"numeric":[">",0,"<=",5]}]},{"d-count":[{"numeric":["<",10]}]},{"x-limit":[{"numeric":["=",3.018e2]}]}]}}`
	const top = `{"source":["aws.cloudwatch"],"$or":[{"metricName":["CPUUtilization","ReadLatency"]},{"namespace":["AWS/EC2","AWS/ES"]}]}`
	runMatchCases(t, []matchCase{
		{"nested: first alternative", nested, `{"c-count":3}`, true},
		{"nested: last alternative", nested, `{"x-limit":301.8}`, true},
		{"nested: none", nested, `{"c-count":30,"d-count":30,"x-limit":3}`, false},
		{"top level with a sibling: alternative", top, `!{"source":"aws.cloudwatch","namespace":"AWS/ES"}`, true},
		{"top level with a sibling: sibling fails", top, `!{"source":"aws.ec2","namespace":"AWS/ES"}`, false},
		{"top level with a sibling: no alternative", top, `!{"source":"aws.cloudwatch","namespace":"AWS/S3"}`, false},
		{"nested $or", `{"$or":[{"a":["1"]},{"$or":[{"b":["2"]},{"c":["3"]}]}]}`, `!{"c":"3"}`, true},
		{"two $or multiply", `{"$or":[{"a":["1"]},{"b":["2"]}],"x":{"$or":[{"c":["3"]},{"d":["4"]}]}}`, `!{"b":"2","x":{"d":"4"}}`, true},
		{"two $or multiply, one unmet", `{"$or":[{"a":["1"]},{"b":["2"]}],"x":{"$or":[{"c":["3"]},{"d":["4"]}]}}`, `!{"b":"2","x":{"e":"4"}}`, false},
	})
}

func TestArrayConsistency(t *testing.T) {
	const items = `{"items":[{"sku":"a","qty":1},{"sku":"b","qty":2}]}`
	runMatchCases(t, []matchCase{
		{"fields from one element", `{"detail":{"items":{"sku":["b"],"qty":[2]}}}`, items, true},
		{"fields from different elements do not match", `{"detail":{"items":{"sku":["a"],"qty":[2]}}}`, items, false},
		{"one field from any element", `{"detail":{"items":{"qty":[2]}}}`, items, true},
		{"alternatives may pick the element", `{"detail":{"items":{"sku":["a","b"],"qty":[2]}}}`, items, true},
		{"fields of sibling arrays are independent", `{"detail":{"a":{"x":["1"]},"b":{"y":["2"]}}}`, `{"a":[{"x":"0"},{"x":"1"}],"b":[{"y":"2"},{"y":"3"}]}`, true},
		{"nested arrays: same inner element", `{"detail":{"o":{"i":{"x":["1"],"y":["2"]}}}}`, `{"o":[{"i":[{"x":"1","y":"0"},{"x":"1","y":"2"}]},{"i":[]}]}`, true},
		{"nested arrays: different outer elements", `{"detail":{"o":{"i":{"x":["1"],"y":["2"]}}}}`, `{"o":[{"i":[{"x":"1"}]},{"i":[{"y":"2"}]}]}`, false},
		{"outer field with inner field", `{"detail":{"o":{"name":["n2"],"i":{"x":["1"]}}}}`, `{"o":[{"name":"n1","i":[{"x":"1"}]},{"name":"n2","i":[{"x":"0"},{"x":"1"}]}]}`, true},
		{"outer field with inner field, mismatch", `{"detail":{"o":{"name":["n2"],"i":{"x":["1"]}}}}`, `{"o":[{"name":"n1","i":[{"x":"1"}]},{"name":"n2","i":[{"x":"0"}]}]}`, false},
		{"a field outside the array combines with any element", `{"detail":{"k":["v"],"items":{"sku":["b"],"qty":[2]}}}`, `{"k":"v","items":[{"sku":"a","qty":1},{"sku":"b","qty":2}]}`, true},
		{"an absent field does not constrain", `{"detail":{"items":{"sku":["b"],"gone":[{"exists":false}]}}}`, items, true},
	})
}
