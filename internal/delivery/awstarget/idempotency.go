package awstarget

import (
	"crypto/sha256"
	"encoding/hex"
	"regexp"
)

// Length limits of the services' idempotency tokens.
const (
	maxDeduplicationID = 128 // SQS and SNS MessageDeduplicationId
	maxExecutionName   = 80  // Step Functions execution name
)

// Ids that both SQS deduplication ids and Step Functions execution names
// accept as they are. The event id may not hold the '_' that joins it to
// the target id, so that no two (event, target) pairs read the same.
var (
	plainEventID  = regexp.MustCompile(`^[A-Za-z0-9.-]+$`)
	plainTargetID = regexp.MustCompile(`^[A-Za-z0-9._-]+$`)
)

// idempotencyKey is the same for every attempt of one (event, target)
// delivery and different for any other, so a service that deduplicates on
// it turns a retry after an unseen success into a no-op. It reads
// "<event id>_<target id>" when that fits the service's limit (with UUID
// event ids: always for SQS and SNS, and for Step Functions when the target
// id has at most 43 characters), and is a hash of the two otherwise.
func idempotencyKey(eventID, targetID string, max int) string {
	key := eventID + "_" + targetID
	if len(key) <= max && plainEventID.MatchString(eventID) && plainTargetID.MatchString(targetID) {
		return key
	}
	sum := sha256.Sum256([]byte(eventID + "\x00" + targetID))
	h := hex.EncodeToString(sum[:])
	if len(h) > max {
		h = h[:max]
	}
	return h
}
