package pattern

import "errors"

// Error reports an invalid event pattern. Reason is the text AWS puts after
// "Event pattern is not valid. Reason: " in an InvalidEventPatternException,
// so the API layer can build the exact AWS message around it.
type Error struct {
	Reason string
}

func (e *Error) Error() string { return "invalid event pattern: " + e.Reason }

// ErrMalformedEvent is wrapped by the error Match returns for an event that
// is not a well-formed JSON object.
var ErrMalformedEvent = errors.New("malformed event")
