package apidest_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"

	"github.com/bridgeport/bridgeport/internal/delivery"
	"github.com/bridgeport/bridgeport/internal/delivery/apidest"
	"github.com/bridgeport/bridgeport/internal/store"
)

// staticResolver stands in for the events service.
type staticResolver struct {
	dest store.APIDestination
	conn store.Connection
}

func (r staticResolver) ResolveAPIDestination(context.Context, string) (store.APIDestination, store.Connection, error) {
	return r.dest, r.conn, nil
}

func ExampleSender_Send() {
	webhook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		fmt.Println(r.Method, r.URL.Path, r.Header.Get("X-Api-Key"), string(body))
	}))
	defer webhook.Close()

	sender := apidest.New(staticResolver{
		dest: store.APIDestination{Name: "orders", InvocationEndpoint: webhook.URL + "/orders/*", HTTPMethod: "POST",
			InvocationRateLimitPerSecond: 10},
		conn: store.Connection{Name: "orders-api", AuthorizationType: "API_KEY", State: "AUTHORIZED",
			AuthParameters: json.RawMessage(`{"ApiKeyAuthParameters":{"ApiKeyName":"x-api-key","ApiKeyValue":"k-1"}}`)},
	}, nil)
	err := sender.Send(context.Background(), &delivery.Job{
		TargetArn: "arn:aws:events:us-east-1:123456789012:api-destination/orders/0b0c",
		Payload:   []byte(`{"order":42}`),
		Target:    delivery.TargetSpec{HTTP: &delivery.HTTPParameters{PathParameterValues: []string{"eu"}}},
	})
	fmt.Println("error:", err)
	// Output:
	// POST /orders/eu k-1 {"order":42}
	// error: <nil>
}
