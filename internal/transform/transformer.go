package transform

import (
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/bridgeport/bridgeport/internal/jsonenc"
)

// MaxPaths is the most entries an InputPathsMap may have (the API model's
// TransformerPaths limit).
const MaxPaths = 100

// IngestionTimeLayout formats <aws.events.event.ingestion-time>. AWS
// documents the value only as "an ISO 8601 timestamp"; this is the layout
// EventBridge uses for the envelope's own time field (RFC 3339, UTC, whole
// seconds, Z), so a consumer can parse both with one layout.
const IngestionTimeLayout = "2006-01-02T15:04:05Z"

// Target is the part of a PutTargets target that decides what the target
// receives. An empty string or a nil map means "not provided"; a non-nil
// InputPathsMap (even empty) or a non-empty InputTemplate means an
// InputTransformer was provided.
type Target struct {
	Input         string
	InputPath     string
	InputPathsMap map[string]string
	InputTemplate string
}

// Context carries what the predefined placeholders need besides the event.
type Context struct {
	RuleArn       string    // <aws.events.rule-arn>
	RuleName      string    // <aws.events.rule-name>
	IngestionTime time.Time // <aws.events.event.ingestion-time>
}

type mode uint8

const (
	modeEvent    mode = iota // nothing set: the whole event
	modeInput                // Input: a constant
	modePath                 // InputPath
	modeTemplate             // InputTransformer
)

// Transformer computes a target's payload from matched events. It is
// immutable once compiled and safe for concurrent use.
type Transformer struct {
	mode  mode
	input []byte // modeInput

	// modePath and modeTemplate: the paths to look up, merged into one trie
	// (modePath uses slot 0), and whether the event must be walked at all.
	root  *node
	slots int
	walk  bool

	segs       []segment // modeTemplate
	literalLen int       // total literal bytes, to size the output once
	wantDetail bool      // <aws.events.event> is used
	object     bool      // the template is a JSON object, checked at compile time
}

// Compile validates a target's input settings as PutTargets does and
// prepares them for Apply. A refused configuration gives an *Error, every
// kind of which is a ValidationException; render it with Message(targetID).
func Compile(t Target) (*Transformer, error) {
	hasTransformer := t.InputTemplate != "" || t.InputPathsMap != nil
	set := 0
	for _, b := range []bool{t.Input != "", t.InputPath != "", hasTransformer} {
		if b {
			set++
		}
	}
	if set > 1 {
		return nil, &Error{Kind: ErrExclusive}
	}
	switch {
	case t.Input != "":
		s := scanner{data: []byte(t.Input)}
		if err := s.document(nil, nil); err != nil {
			return nil, &Error{Kind: ErrInvalidJSON, Field: "Input", Reason: err.Error()}
		}
		return &Transformer{mode: modeInput, input: []byte(t.Input)}, nil
	case t.InputPath != "":
		p, err := CompilePath(t.InputPath)
		if err != nil {
			return nil, &Error{Kind: ErrInvalidPath, Field: "InputPath", Reason: pathReason(err)}
		}
		return &Transformer{mode: modePath, root: p.trie, slots: 1, walk: true}, nil
	case hasTransformer:
		return compileTransformer(t.InputPathsMap, t.InputTemplate)
	}
	return &Transformer{mode: modeEvent}, nil
}

func pathReason(err error) string {
	var pe *PathError
	if errors.As(err, &pe) {
		return fmt.Sprintf("%s at offset %d", pe.Reason, pe.Offset)
	}
	return err.Error()
}

func compileTransformer(pathsMap map[string]string, tmpl string) (*Transformer, error) {
	if len(pathsMap) > MaxPaths {
		return nil, &Error{Kind: ErrTooManyPaths, Field: "InputPathsMap"}
	}
	// Sorted so that a map with several faults always reports the same one.
	keys := make([]string, 0, len(pathsMap))
	for k := range pathsMap {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	paths := make(map[string]*Path, len(pathsMap))
	for _, k := range keys {
		if reason := keyProblem(k); reason != "" {
			return nil, &Error{Kind: ErrInvalidKey, Field: "InputPathsMap", Name: k, Reason: reason}
		}
		p, err := CompilePath(pathsMap[k])
		if err != nil {
			return nil, &Error{Kind: ErrInvalidPath, Field: "InputPathsMap", Name: k, Reason: pathReason(err)}
		}
		paths[k] = p
	}
	if tmpl == "" {
		return nil, &Error{Kind: ErrMissingTemplate, Field: "InputTemplate"}
	}

	// Only the paths the template uses are looked up; slot numbers handed
	// out here index used and are replaced by trie slots below.
	var used []*Path
	usedIndex := map[string]int{}
	resolve := func(name string) (segKind, int, bool) {
		if kind, ok := predefinedKind(name); ok {
			return kind, 0, true
		}
		p, ok := paths[name]
		if !ok {
			return 0, 0, false
		}
		i, seen := usedIndex[name]
		if !seen {
			i = len(used)
			usedIndex[name] = i
			used = append(used, p)
		}
		return segPath, i, true
	}
	segs, err := parseTemplate(tmpl, resolve)
	if err != nil {
		return nil, err
	}
	tr := &Transformer{mode: modeTemplate, segs: segs, object: isObjectTemplate(tmpl)}
	if tr.object {
		if err := checkObjectTemplate(segs); err != nil {
			return nil, err
		}
	}
	tr.root = buildTrie(used)
	tr.slots = tr.root.hi
	tr.walk = len(used) > 0
	for i := range tr.segs {
		sg := &tr.segs[i]
		switch sg.kind {
		case segLiteral:
			tr.literalLen += len(sg.text)
		case segPath:
			sg.slot = slotOf(tr.root, used[sg.slot])
		case segEvent:
			tr.wantDetail = true
			tr.walk = true
		case segEventJSON:
			tr.walk = true
		}
	}
	return tr, nil
}

// keyProblem checks an InputPathsMap key against the model's pattern
// [A-Za-z0-9\_\-]+ and the reserved prefix. The API documentation says keys
// "cannot start with 'Amazon Web Services.'", a search-and-replace artifact
// of "AWS."; both cases of the prefix are refused so that no key can look
// like a predefined aws.events.* placeholder.
func keyProblem(k string) string {
	if strings.HasPrefix(k, "aws.") || strings.HasPrefix(k, "AWS.") {
		return "keys starting with aws. or AWS. are reserved"
	}
	if k == "" {
		return `keys must match [A-Za-z0-9\_\-]+`
	}
	for i := 0; i < len(k); i++ {
		if c := k[i]; !isPlaceholderByte(c) || c == '.' {
			return `keys must match [A-Za-z0-9\_\-]+`
		}
	}
	return ""
}

// Apply returns the payload the target receives for event, the envelope as
// JSON. It is Append with a fresh buffer.
func (t *Transformer) Apply(event []byte, ctx Context) ([]byte, error) {
	return t.Append(nil, event, ctx)
}

// Append appends the payload for event to dst and returns the extended
// buffer; the result never aliases event. It fails only when the event has
// to be read (InputPath, paths, <aws.events.event...>) and is not valid
// JSON. An InputPath that selects nothing gives an empty payload.
func (t *Transformer) Append(dst, event []byte, ctx Context) ([]byte, error) {
	switch t.mode {
	case modeEvent:
		return append(dst, event...), nil
	case modeInput:
		return append(dst, t.input...), nil
	}

	// Up to eight distinct paths need no allocation for their results.
	var small [8]span
	spans := small[:0]
	if t.slots <= len(small) {
		spans = small[:t.slots]
	} else {
		spans = make([]span, t.slots)
	}
	s := scanner{data: event, wantDetail: t.wantDetail}
	if t.walk {
		if err := s.document(t.root, spans); err != nil {
			return dst, fmt.Errorf("event is not valid JSON: %w", err)
		}
	}
	if t.mode == modePath {
		if sp := spans[0]; sp.found() {
			dst = append(dst, event[sp.start:sp.end]...)
		}
		return dst, nil
	}

	dst = slices.Grow(dst, t.sizeHint(event, spans, s.root, ctx))
	for i := range t.segs {
		sg := &t.segs[i]
		switch sg.kind {
		case segLiteral:
			dst = append(dst, sg.text...)
		case segPath:
			dst = appendValue(dst, event, spans[sg.slot], sg.inQuotes)
		case segRuleArn:
			dst = appendText(dst, ctx.RuleArn, sg.inQuotes)
		case segRuleName:
			dst = appendText(dst, ctx.RuleName, sg.inQuotes)
		case segIngestionTime:
			if !sg.inQuotes {
				dst = append(dst, '"')
			}
			dst = ctx.IngestionTime.UTC().AppendFormat(dst, IngestionTimeLayout)
			if !sg.inQuotes {
				dst = append(dst, '"')
			}
		case segEventJSON:
			dst = appendValue(dst, event, s.root, sg.inQuotes)
		case segEvent:
			dst = appendEventWithoutDetail(dst, event, s.root, s.detail, sg.inQuotes)
		}
	}
	return dst, nil
}

// sizeHint is the output length when nothing needs escaping, so that one
// allocation usually suffices.
func (t *Transformer) sizeHint(event []byte, spans []span, root span, ctx Context) int {
	n := t.literalLen
	for i := range t.segs {
		switch sg := &t.segs[i]; sg.kind {
		case segPath:
			n += spans[sg.slot].end - spans[sg.slot].start + 2
		case segRuleArn:
			n += len(ctx.RuleArn) + 2
		case segRuleName:
			n += len(ctx.RuleName) + 2
		case segIngestionTime:
			n += len(IngestionTimeLayout) + 2
		case segEvent, segEventJSON:
			n += root.end - root.start
		}
	}
	return n
}

// appendValue inserts a looked-up value. Outside quotes the JSON value goes
// in as it is, and a missing one becomes "" (AWS: {"command": <command>}
// with a missing path gives {"command": ""}). Inside quotes a string
// contributes its contents (still escaped, so the result stays valid JSON),
// an object or array loses its internal quotes as AWS documents, other
// values go in as written, and a missing value contributes nothing.
func appendValue(dst, event []byte, sp span, inQuotes bool) []byte {
	if !sp.found() {
		if inQuotes {
			return dst
		}
		return append(dst, '"', '"')
	}
	raw := event[sp.start:sp.end]
	if !inQuotes {
		return append(dst, raw...)
	}
	switch raw[0] {
	case '"':
		return append(dst, raw[1:len(raw)-1]...)
	case '{', '[':
		return appendUnquoted(dst, raw)
	}
	return append(dst, raw...)
}

// appendText inserts a predefined string value: a JSON string outside
// quotes, its escaped contents inside them.
func appendText(dst []byte, s string, inQuotes bool) []byte {
	if inQuotes {
		return jsonenc.AppendEscaped(dst, s)
	}
	return jsonenc.AppendString(dst, s)
}

// appendEventWithoutDetail inserts the event minus its top-level detail
// member, which is what AWS documents <aws.events.event> to be ("the
// original event payload as JSON (without the detail field)"). The member
// goes together with one neighbouring comma so the object stays valid.
func appendEventWithoutDetail(dst, event []byte, root span, d memberSpan, inQuotes bool) []byte {
	if d.keyStart < 0 {
		return appendValue(dst, event, root, inQuotes)
	}
	var cutFrom, cutTo int
	switch {
	case d.prevEnd >= 0: // ,"detail":{...}
		cutFrom, cutTo = d.prevEnd, d.valueEnd
	case d.nextStart >= 0: // "detail":{...},
		cutFrom, cutTo = d.keyStart, d.nextStart
	default: // the only member
		cutFrom, cutTo = d.keyStart, d.valueEnd
	}
	before, after := event[root.start:cutFrom], event[cutTo:root.end]
	if inQuotes {
		return appendUnquoted(appendUnquoted(dst, before), after)
	}
	return append(append(dst, before...), after...)
}
