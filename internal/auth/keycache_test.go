package auth

import (
	"fmt"
	"sync"
	"testing"
)

func TestSigningKeyCacheStaysBounded(t *testing.T) {
	c := newSigningKeyCache(4)
	for day := 1; day <= 20; day++ {
		date := fmt.Sprintf("202611%02d", day)
		if got, want := c.get("secret", date, testRegion), deriveSigningKey("secret", date, testRegion); got != want {
			t.Fatalf("%s: cached key differs from the derived one", date)
		}
		if n := len(c.keys); n > 4 {
			t.Fatalf("cache holds %d keys; bound is 4", n)
		}
	}
}

func TestSigningKeyCacheSeparatesSecretsDatesAndRegions(t *testing.T) {
	c := newSigningKeyCache(16)
	keys := map[[32]byte]string{}
	for _, id := range []signingKeyID{
		{"a", "20261123", "us-east-1"}, {"b", "20261123", "us-east-1"},
		{"a", "20261124", "us-east-1"}, {"a", "20261123", "eu-west-1"},
	} {
		k := c.get(id.secret, id.date, id.region)
		if other, dup := keys[k]; dup {
			t.Fatalf("%v and %s share a signing key", id, other)
		}
		keys[k] = fmt.Sprint(id)
		if c.get(id.secret, id.date, id.region) != k {
			t.Fatalf("%v: second lookup differs", id)
		}
	}
}

func TestStrictVerifierIsSafeForConcurrentUse(t *testing.T) {
	v := newStrictAt(t, testNow)
	r, body := signAs(t, clientShapes()[0], []byte(listBody), partnerCreds(), testNow)
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 50 {
				req := r.Clone(t.Context())
				if _, err := v.Authenticate(req, body); err != nil {
					t.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
}

func BenchmarkAuthenticateStrictSigV4(b *testing.B) {
	v := newStrictAt(b, testNow)
	r, body := signAs(b, clientShapes()[0], []byte(listBody), partnerCreds(), testNow)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := v.Authenticate(r, body); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkAuthenticateOpen(b *testing.B) {
	v := NewOpen("000000000000", testRegion)
	r, body := signAs(b, clientShapes()[0], []byte(listBody), partnerCreds(), testNow)
	b.ReportAllocs()
	for b.Loop() {
		v.Authenticate(r, body)
	}
}
