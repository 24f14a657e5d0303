// Package pattern implements EventBridge event patterns: it validates them
// with the reasons AWS gives, and matches events against them, one pattern
// at a time (Pattern.Match, for TestEventPattern) or all the patterns of a
// bus at once (Matcher, for delivery).
//
// It follows AWS's open-source matching engine, event-ruler, which
// EventBridge is built on: where the EventBridge documentation is silent,
// event-ruler's behaviour is the reference.
//
// # The language
//
// A pattern is a JSON object whose members name fields of the event: a
// member whose value is an object descends into the event object of that
// name, and a member whose value is an array (a leaf) tests the event's
// value at that path. Keys are matched case-sensitively and literally: a
// '.' in a key is part of the key. A pattern matches when every leaf
// matches; a leaf matches when any element of its array does.
//
// Only leaf values of the event are tested: strings, numbers, true, false
// and null. An object is never a value. An array is a list of values: a
// leaf matches an array when it matches any element, at any depth of
// nesting. When a pattern tests several fields that lie inside one array
// of objects, the values must come from the same element, as in
// event-ruler's matching of JSON events:
//
//	event:   {"items": [{"sku": "a", "qty": 1}, {"sku": "b", "qty": 2}]}
//	pattern: {"items": {"sku": ["a"], "qty": [2]}}    does not match
//	pattern: {"items": {"sku": ["b"], "qty": [2]}}    matches
//
// The elements of a leaf array:
//
//	"text"           an equal string; case-sensitive. A string that is an
//	                 IP address also matches other spellings of the same
//	                 address ("2001:db8::1" matches "2001:DB8:0::1").
//	""               the empty string.
//	5, 5.0, 5e0      a number equal to it (see Numbers). Strings never
//	                 match numbers nor numbers strings.
//	true, false      the same literal.
//	null             a JSON null; not a missing field, not "".
//	{"prefix": "s"}  a string starting with s; {"prefix": ""} matches
//	                 every string.
//	{"suffix": "s"}  a string ending with s.
//	{"prefix": {"equals-ignore-case": "s"}}, {"suffix": {"equals-ignore-case": "s"}}
//	                 the same, ignoring case.
//	{"equals-ignore-case": "s"}
//	                 a string equal to s ignoring case. Case is compared
//	                 with Unicode simple folding (as strings.EqualFold).
//	{"wildcard": "a*b"}
//	                 a string matching the wildcard: '*' matches any run
//	                 of characters, the empty one included; `\*` is a
//	                 literal star and `\\` a literal backslash (in JSON,
//	                 "a\\*b"). Two stars in a row are refused, as are other
//	                 escapes. Case-sensitive.
//	{"numeric": [">", 0, "<=", 5]}
//	                 a number in range: one comparison (<, <=, =, >, >=),
//	                 or a lower bound (> or >=) followed by an upper bound
//	                 (< or <=). Only numbers in the supported range match.
//	{"exists": true} any leaf value at the path, null included. An object
//	                 or an empty array is not a leaf: a path whose value is
//	                 {"a": 1} or [] does not exist.
//	{"exists": false}
//	                 no leaf value at the path anywhere in the event.
//	{"cidr": "10.0.0.0/24"}
//	                 a string that is an IPv4 or IPv6 address in the
//	                 range. IPv4-mapped IPv6 addresses are IPv6.
//	{"anything-but": x}
//	                 any leaf value that x would not match, where x is a
//	                 string, a number, a list of strings, a list of
//	                 numbers, or an object {"prefix"|"suffix"|
//	                 "equals-ignore-case"|"wildcard": string or list of
//	                 strings}. A value of another type passes: anything-but
//	                 "a" matches 5 and null. A missing field does not.
//
// A member "$or" at any level holds an array of two or more pattern
// objects, at the same level, one of which must match. A pattern with $or
// stands for the conjunctions its alternatives multiply out to. When a path
// is given twice, the last leaf counts, as in event-ruler.
//
// # Numbers
//
// Numeric comparison follows event-ruler: numbers between -5.0e9 and 5.0e9
// inclusive take part, with six digits after the decimal point. Each such
// number is held exactly as floor(v × 10^6), an integer of millionths, so
// 2.0000001 equals 2, and -0.0000001 is below 0. Digits past the sixth
// decimal place are dropped towards negative infinity. The conversion works
// on the decimal text, so 0.1 is exactly 100000 millionths (event-ruler
// goes through a float64 and can be off by one millionth). Numbers outside
// the range never match a numeric range, always pass a numeric
// anything-but, and match a literal number of a pattern only by the same
// text (1e10 matches 1e10 but not 10000000000). A numeric operand outside
// the range is refused.
//
// # Validation and limits
//
// Parse returns an *Error whose Reason is the text AWS puts after "Event
// pattern is not valid. Reason: ": event-ruler's messages for patterns
// that are JSON but not valid patterns ("Empty arrays are not allowed",
// `"source" must be an object or an array`, "Bad numeric range operator:
// >", ...), and Jackson's messages, with Jackson's location, for text that
// is not JSON ("Unexpected character ('}' (code 125)): was expecting
// double-quote to start field name\n at [Source: (String)\"...\"; line: 1,
// column: 24]"). Faults are reported in the order event-ruler meets them
// reading from the left, so a pattern with several gets the reason AWS
// gives. Like event-ruler, Parse stops reading at the end of the pattern
// object and ignores any text after it.
//
// Limits, to keep one pattern from costing the matcher without bound:
// MaxLength characters of text (the EventPattern limit of the API), at most
// MaxCombinations conjunctions after expanding $or, and at most
// MaxExpandedField field tests summed over those conjunctions. These
// reasons are Bridgeport's own; AWS's texts for its limits are not known.
//
// # The compiled matcher
//
// A Matcher compiles the patterns of a bus together into a trie. Each
// conjunction is a sequence of steps, one per field, ordered so that
// selective tests (exact values) come before tests that most values pass
// (anything-but, exists); conjunctions that begin with the same steps
// share trie nodes, so thousands of rules on one source branch off one
// edge.
//
// An event is read once by a flattener that follows only the paths some
// pattern uses: other members are checked for well-formedness and skipped
// without decoding or storing anything. Matching then walks the trie from
// the root: at each node reached, each step looks the event's values for
// its field up among its edges, and each satisfied edge leads to a node
// reached in turn. A step with more than a few edges files them in an
// index: hash maps for exact strings, numbers and folded strings, hash
// maps probed once per distinct operand length for prefixes and suffixes,
// head-then-tail maps for wildcards, an interval tree for numeric ranges,
// and a map per mask length for CIDR ranges; only anything-but edges are
// checked one by one, since almost every value passes them. The work per
// event depends on the event and on the nodes it reaches, not on the
// number of patterns. The walk finds conjunctions each of whose fields has
// a satisfying value; when an event has an array with two elements or
// more, one of them an object or an array, the conjunctions found are also
// checked for the same-element rule above.
//
// Matching is safe for any number of goroutines and never waits. Match
// reads an immutable snapshot of the trie through an atomic pointer; Set
// and Delete build the next snapshot by copying only the nodes on the
// changed paths and publish it atomically. The working memory of a match is
// pooled: a Matcher matches a typical event without allocating (the
// same-element check, when an event needs it, does allocate).
package pattern
