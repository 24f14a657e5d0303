package protocol

import "github.com/bridgeport/bridgeport/internal/events"

// connectionOperations are the connection and API destination operations.
func connectionOperations(s *events.Service) map[string]call {
	return map[string]call{
		// Connections: the authorization API destinations send with.
		"CreateConnection":      bind(s.CreateConnection),
		"DescribeConnection":    bind(s.DescribeConnection),
		"ListConnections":       bind(s.ListConnections),
		"UpdateConnection":      bind(s.UpdateConnection),
		"DeleteConnection":      bind(s.DeleteConnection),
		"DeauthorizeConnection": bind(s.DeauthorizeConnection),
		// API destinations: HTTP endpoints that rules target.
		"CreateApiDestination":   bind(s.CreateAPIDestination),
		"DescribeApiDestination": bind(s.DescribeAPIDestination),
		"ListApiDestinations":    bind(s.ListAPIDestinations),
		"UpdateApiDestination":   bind(s.UpdateAPIDestination),
		"DeleteApiDestination":   bind(s.DeleteAPIDestination),
	}
}
