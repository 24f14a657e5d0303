package events

import (
	"unicode/utf8"

	"github.com/bridgeport/bridgeport/internal/awserr"
	"github.com/bridgeport/bridgeport/internal/pattern"
)

// maxRequestEntriesSize is the 256 KB cap on the summed entry sizes of one
// PutEvents or PutPartnerEvents request.
const maxRequestEntriesSize = 256 * 1024

// maxDetailTypeLength is AWS's documented DetailType limit.
const maxDetailTypeLength = 128

// ResultEntry is the per-entry result of PutEvents and PutPartnerEvents:
// an EventId on success, an ErrorCode and ErrorMessage on failure.
type ResultEntry struct {
	EventId      string `json:",omitempty"` //nolint:revive // wire name
	ErrorCode    string `json:",omitempty"`
	ErrorMessage string `json:",omitempty"`
}

// entrySize follows AWS's algorithm: 14 bytes for a Time, plus the UTF-8
// lengths of Source, DetailType, Detail and each resource.
func entrySize(hasTime bool, source, detailType, detail string, resources []string) int {
	n := len(source) + len(detailType) + len(detail)
	if hasTime {
		n += 14
	}
	for _, r := range resources {
		n += len(r)
	}
	return n
}

func tooLarge() error {
	return awserr.Validationf("Total size of the entries in the request is over the limit.")
}

// checkEntry applies the per-entry checks AWS makes, in its order, and
// returns a failed result for the first that does not hold.
func checkEntry(source, detailType, detail string) (ResultEntry, bool) {
	switch {
	case source == "":
		return invalidArgument("Source", "Source is a required argument."), false
	case detailType == "":
		return invalidArgument("DetailType", "DetailType is a required argument."), false
	case detail == "":
		return invalidArgument("Detail", "Detail is a required argument."), false
	case !pattern.IsObject(detail):
		return ResultEntry{ErrorCode: "MalformedDetail", ErrorMessage: "Detail is malformed."}, false
	case utf8.RuneCountInString(detailType) > maxDetailTypeLength:
		return invalidArgument("DetailType", "DetailType exceeds 128 characters."), false
	}
	return ResultEntry{}, true
}

func invalidArgument(param, reason string) ResultEntry {
	return ResultEntry{ErrorCode: "InvalidArgument", ErrorMessage: "Parameter " + param + " is not valid. Reason: " + reason}
}
