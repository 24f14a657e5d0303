package transform

import "fmt"

// ErrorKind says which PutTargets rule a target broke. Every kind is a
// ValidationException on the wire; the kind exists so callers and tests can
// tell the rules apart without matching on message text.
type ErrorKind int

const (
	// ErrExclusive: more than one of Input, InputPath and InputTransformer.
	ErrExclusive ErrorKind = iota + 1
	// ErrInvalidJSON: Input, or an InputTemplate shaped as a JSON object,
	// is not valid JSON.
	ErrInvalidJSON
	// ErrInvalidPath: InputPath or an InputPathsMap value is outside the
	// JSONPath subset (see CompilePath).
	ErrInvalidPath
	// ErrInvalidKey: an InputPathsMap key breaks [A-Za-z0-9\_\-]+ or uses
	// the reserved aws. / AWS. prefix.
	ErrInvalidKey
	// ErrTooManyPaths: InputPathsMap has more than MaxPaths entries.
	ErrTooManyPaths
	// ErrInvalidPlaceholder: InputTemplate names a placeholder that is
	// neither an InputPathsMap key nor a predefined variable.
	ErrInvalidPlaceholder
	// ErrMissingTemplate: InputPathsMap without an InputTemplate.
	ErrMissingTemplate
)

// Error is a target configuration that PutTargets refuses. The package does
// not know the target's Id, so the caller renders the client text with
// Message(id); Error() gives the same sentence without the Id.
type Error struct {
	Kind ErrorKind
	// Field is the Target member at fault: "Input", "InputPath",
	// "InputPathsMap" or "InputTemplate" (empty for ErrExclusive).
	Field string
	// Name is the placeholder (ErrInvalidPlaceholder) or the InputPathsMap
	// key (ErrInvalidKey, and ErrInvalidPath inside a map) concerned.
	Name string
	// Reason is a short technical explanation, for example the JSONPath
	// syntax problem; empty when AWS's sentence says it all.
	Reason string
}

// Message is the ValidationException message for the target with the given
// Id. The first two texts are AWS's own, recorded from the service; AWS's
// wording for the others is not documented, so they follow the same
// "<Field> for target <Id> ..." shape.
func (e *Error) Message(targetID string) string {
	return e.render(" for target " + targetID)
}

func (e *Error) Error() string { return e.render("") }

func (e *Error) render(forTarget string) string {
	var s string
	switch e.Kind {
	case ErrExclusive:
		return "Only one of Input, InputPath, or InputTransformer must be provided" + forTarget + "."
	case ErrInvalidPlaceholder:
		return "InputTemplate" + forTarget + " contains invalid placeholder " + e.Name + "."
	case ErrInvalidJSON:
		s = e.Field + forTarget + " is not valid JSON"
	case ErrInvalidPath:
		if e.Field == "InputPathsMap" {
			s = fmt.Sprintf("InputPathsMap%s contains an invalid path for key %s", forTarget, e.Name)
		} else {
			s = e.Field + forTarget + " is not a valid JSON path"
		}
	case ErrInvalidKey:
		s = fmt.Sprintf("InputPathsMap%s contains invalid key %s", forTarget, e.Name)
	case ErrTooManyPaths:
		s = fmt.Sprintf("InputPathsMap%s contains more than %d entries", forTarget, MaxPaths)
	case ErrMissingTemplate:
		s = "InputTemplate" + forTarget + " must be provided with InputPathsMap"
	default:
		s = "target" + forTarget + " is not valid"
	}
	if e.Reason != "" {
		s += ": " + e.Reason
	}
	return s + "."
}
