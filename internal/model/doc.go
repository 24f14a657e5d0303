// Package model embeds the official Amazon EventBridge API model
// (events-2015-10-07.json, without its documentation text) and builds from
// it the request validation that AWS performs before any business logic.
//
// Load parses the model and prepares, for every operation's input, a plan
// in which shapes point at each other and messages are ready-made, so that
// validating a request looks no shape up by name, compiles nothing and, for
// a valid request, allocates nothing beyond sorting the keys of maps. Decode turns a request body into a
// generic tree; Operation.Validate checks the tree against the operation's
// input.
//
// # Errors
//
// A body that is not one JSON object, and a value of the wrong JSON type
// anywhere in the input, are a SerializationException. Only the first type
// error is reported, with the path of the value and what was expected:
//
//	Unexpected value at 'limit': expected an integer (a JSON number without fraction or exponent, within 32 bits), got a string.
//
// Otherwise every constraint violation (required, length, value range,
// pattern, enum) goes into one ValidationException, worded as AWS words it
// (here PutTargets with {"Rule": "bad name"}):
//
//	2 validation errors detected: Value 'bad name' at 'rule' failed to satisfy constraint: Member must satisfy regular expression pattern: [\.\-_A-Za-z0-9]+; Value null at 'targets' failed to satisfy constraint: Member must not be null
//
// "error" is singular when there is one violation. The path lowercases the
// first letter of each member name and addresses list elements as
// <list>.<index>.member, counting from 1 (targets.1.member.id,
// ids.3.member). Map values are addressed under their key
// (inputTransformer.inputPathsMap.<key>); a key that breaks a constraint
// is reported at the map, with the phrase wrapped as
// "Map keys must satisfy constraint: [<phrase>]".
//
// Violations come in model member order, depth first; a list's own length
// before its elements; map entries in key order. One string can break
// several constraints, reported pattern, then length, then enum, as in the
// messages recorded from AWS.
//
// The value is quoted as Java's toString writes it: strings raw, numbers as
// written, lists [a, b], structures ShapeName(member=value, ...) with null
// for absent members, maps {key=value}. A value of a sensitive shape is
// written *** and never echoed, in either kind of error.
//
// # Types
//
// JSON null is an absent member; unknown members are ignored. A string
// member takes a JSON string; integer and long take a number literal
// without fraction or exponent within 32 and 64 bits; boolean takes true or
// false; a timestamp takes epoch seconds (integer or fractional, between
// years 1 and 9999) or an RFC 3339 string; structures and maps take
// objects, lists arrays. A null list element or map value is a type error.
//
// # Patterns
//
// Patterns must match the whole value, as Java's String.matches does, and
// '.' excludes every Java line terminator (\n, \r, U+0085, U+2028, U+2029).
// The one pattern RE2 cannot express, PathParameter's ^(?!\s*$).+, is
// matched by hand. Load fails on any other input pattern that does not
// compile. Output shapes are never validated: some carry patterns that are
// broken in the model itself.
//
// String length counts Unicode code points, as Smithy defines it.
package model
