// Package transform computes what a rule target receives for a matched
// event: the whole event, a constant (Input), one part of it (InputPath), or
// a text built from parts of it (InputTransformer), following Amazon
// EventBridge's documented input transformation. Compile checks a target's
// settings as PutTargets does; Apply (or Append) produces the payload.
//
// # What a target receives
//
//   - Nothing set: the event envelope, byte for byte.
//   - Input: that text, which must be valid JSON, byte for byte.
//   - InputPath: the raw JSON of the value the path selects, as written in
//     the event. A path that selects nothing gives an empty payload.
//   - InputTransformer: InputTemplate with its placeholders filled in.
//
// Only one of the three may be set ("Only one of Input, InputPath, or
// InputTransformer must be provided for target <Id>.").
//
// # The JSONPath subset
//
// A path is $ followed by selectors:
//
//	$                         the whole event
//	$.detail.instance-id      .name: any characters but . [ ] * ( ) ? @ , ' " and whitespace
//	$.detail-type
//	$['key with spaces']      quoted names; \' \" and \\ are the only escapes
//	$["k"]
//	$.resources[0]            a non-negative array index
//	$.a[1]['b.c'].d           selectors combine freely
//
// AWS documents "JSON dot notation or bracket notation" for InputPath and
// dot notation for InputPathsMap (where its own examples use [0]). Both are
// accepted in both places here, so a path that works in one works in the
// other. Everything else JSONPath offers is refused with a PathError naming
// the construct: wildcards ($.a[*], $.*), recursive descent (..), filters
// ([?(...)]), scripts ([(...)]), slices ([0:2]), unions ([0,1]), negative
// indexes ([-1]) and functions (.length()). Each of those can select several
// values, while a placeholder stands for one, and AWS documents none of them
// for EventBridge.
//
// Looking up: a name applied to a non-object, an index applied to a
// non-array, an absent member and an index past the end all select nothing.
// Keys are compared after decoding JSON escapes ("instance\u002did" is
// instance-id). A repeated key takes its last value, as encoding/json and
// Jackson do.
//
// # InputTransformer
//
// InputPathsMap maps up to 100 names, matching [A-Za-z0-9\_\-]+ and not
// starting with the reserved aws. or AWS., to paths. InputTemplate refers to
// them as <name>. A < that does not start <[A-Za-z0-9_.-]+> is plain text.
// A placeholder that is neither a name of the map nor one of the predefined
// ones below is refused ("InputTemplate for target <Id> contains invalid
// placeholder <name>."). Paths the template never uses are checked but not
// looked up.
//
// Predefined placeholders:
//
//	<aws.events.rule-arn>               the rule's ARN
//	<aws.events.rule-name>              the rule's name
//	<aws.events.event.ingestion-time>   when the event was received, RFC 3339 UTC
//	                                    with whole seconds (2015-11-11T21:29:55Z)
//	<aws.events.event>                  the event without its top-level detail member
//	<aws.events.event.json>             the whole event
//
// A placeholder is "in quotes" when it follows an odd number of unescaped
// double quotes in the template; this is decided once at compile time, the
// same way for every kind of template. What it is replaced by:
//
//	value at the path    outside quotes           inside quotes
//	string "a\"b"        "a\"b"                   a\"b
//	number, true, null   as written               as written
//	object, array        as written               without the quotes around strings:
//	                                              {"key1": "value1"} gives {key1: value1}
//	missing              ""                       nothing
//
// Inside quotes a string's contents keep their JSON escaping, so a template
// that is valid JSON stays valid JSON whatever the event holds. The
// predefined placeholders follow the same table (the rule ARN, rule name and
// ingestion time are strings; the two event placeholders are objects).
//
// Templates come in three shapes, all filled by the same rules:
//
//   - A JSON object (the trimmed template starts with { and ends with }):
//     AWS says "the placeholder cannot be used as an object key", so it is
//     refused there, and the template must be valid JSON for every possible
//     value; Compile proves it once by validating the template with ""
//     standing for each placeholder outside quotes.
//   - A JSON string ("<instance> is in state <state>"): every placeholder is
//     in quotes and the payload is a JSON string.
//   - Anything else (Order <id> shipped): sent as text, unchecked. A string
//     value outside quotes keeps its JSON quotes (Order "A1" shipped), so
//     text templates that want bare strings put the placeholder in quotes or
//     make the whole template a JSON string.
//
// # Where AWS is not explicit
//
// These choices are ours, made where AWS's documentation is silent or vague:
//   - Messages other than the two quoted above (Input not JSON, a bad path,
//     a bad key, too many paths, a template that is not JSON) are not
//     documented by AWS; Error.Message words them "<Field> for target <Id> ...".
//   - AWS says it "doesn't escape values extracted by Input Path" inside a
//     string, which can produce invalid JSON; here the value's JSON escapes
//     are kept so the output stays valid.
//   - AWS says <aws.events.event> and <aws.events.event.json> "can only be
//     used as a value for a JSON field, as its contents are not escaped".
//     They are accepted anywhere; inside quotes they follow the object rule.
//   - The ingestion time layout ("an ISO 8601 timestamp" in AWS's words)
//     mirrors the envelope's time field.
//   - An InputPath that selects nothing gives an empty payload.
//   - Plain text templates are scanned for quotes like JSON ones.
//
// # Cost
//
// Compile turns a template into segments (literal text, or a placeholder
// with its in-quotes flag) and merges all used paths into one trie. Apply
// walks the event once: the walk validates it, steps over the values no path
// wants without decoding them, and records the byte ranges of those the
// paths select. The output is then sized once and filled by a single pass of
// appends: one allocation per Apply, none with Append into a reused buffer.
// A Transformer is immutable and safe for concurrent use.
package transform
