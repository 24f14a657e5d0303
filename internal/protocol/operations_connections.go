package protocol

import "github.com/bridgeport/bridgeport/internal/events"

// connectionOperations are the connection and API destination operations.
func connectionOperations(s *events.Service) map[string]call {
	return map[string]call{}
}
