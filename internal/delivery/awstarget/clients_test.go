package awstarget

import (
	"sync"
	"testing"
)

func TestClientsAreSharedPerServiceAndRegion(t *testing.T) {
	s := New(Config{AWS: testAWS()})
	if s.sqsClient("us-east-1") != s.sqsClient("us-east-1") {
		t.Error("two clients for the same service and region")
	}
	if s.sqsClient("us-east-1") == s.sqsClient("eu-west-1") {
		t.Error("one client for two regions")
	}
	if got := s.sqsClient("eu-west-1").Options().Region; got != "eu-west-1" {
		t.Errorf("client region = %s, want eu-west-1", got)
	}
	if got := s.sqsClient("eu-west-1").Options().Retryer.MaxAttempts(); got != 1 {
		t.Errorf("client makes %d attempts, want 1: retries belong to the delivery layer", got)
	}
}

func TestClientsAreSafeToCreateConcurrently(t *testing.T) {
	s := New(Config{AWS: testAWS()})
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s.kinesisClient("us-west-2")
			s.logsClient("us-west-2")
		}()
	}
	wg.Wait()
	if n := len(s.clients); n != 2 {
		t.Errorf("%d clients cached, want 2", n)
	}
}
