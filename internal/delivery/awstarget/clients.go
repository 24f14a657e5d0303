package awstarget

import "github.com/aws/aws-sdk-go-v2/aws"

// clientKey names one cached SDK client. A client is bound to a region
// (it signs for it and resolves its endpoint from it), so targets in
// different regions need different clients.
type clientKey struct {
	service string
	region  string
}

// cachedClient returns the sender's client for (service, region), creating
// it with newFromConfig on first use. SDK clients are safe for concurrent
// use and hold connection pools, so one per key is shared by every send.
func cachedClient[C, O any](s *Sender, service, region string, newFromConfig func(aws.Config, ...func(*O)) C) C {
	key := clientKey{service: service, region: region}
	s.mu.Lock()
	defer s.mu.Unlock()
	if c, ok := s.clients[key]; ok {
		return c.(C)
	}
	cfg := s.aws.Copy()
	cfg.Region = region
	c := newFromConfig(cfg)
	s.clients[key] = c
	return c
}
