package transform

import (
	"encoding/json"
	"testing"
	"time"
)

// benchEvent is a typical envelope of about 1 KB.
const benchEvent = `{"version":"0","id":"6a7e8feb-b491-4cf7-a9f1-bf3703467718","detail-type":"Order Placed",` +
	`"source":"aws.partner/example.com/orders","account":"111122223333","time":"2024-01-02T03:04:05Z",` +
	`"region":"eu-west-1","resources":["arn:aws:example:eu-west-1:111122223333:store/main"],` +
	`"detail":{"order":{"id":"ORD-2024-000123","placedAt":"2024-01-02T03:04:01Z","currency":"EUR",` +
	`"customer":{"id":"C-998877","email":"jane.doe@example.com","tier":"gold","address":{"street":"1 Main Street",` +
	`"city":"Dublin","postcode":"D01 X2Y3","country":"IE"}},"lines":[{"sku":"SKU-1","name":"Blue mug","qty":2,` +
	`"price":12.5},{"sku":"SKU-2","name":"Red kettle","qty":1,"price":49.99},{"sku":"SKU-3","name":"Tea sampler",` +
	`"qty":3,"price":7.25}],"shipping":{"method":"express","carrier":"An Post","cost":6.5,"eta":"2024-01-04"},` +
	`"payment":{"method":"card","last4":"4242","status":"captured"},"notes":"Leave at the door \"please\"",` +
	`"total":103.74,"tags":["gift","priority","newsletter"]},"channel":"web","campaign":"winter-sale"}}`

func BenchmarkApply(b *testing.B) {
	tr, err := Compile(Target{
		InputPathsMap: map[string]string{
			"order":    "$.detail.order.id",
			"type":     "$.detail-type",
			"customer": "$.detail.order.customer",
		},
		InputTemplate: `{"order": <order>, "summary": "<type> <order>", "customer": <customer>}`,
	})
	if err != nil {
		b.Fatal(err)
	}
	event := []byte(benchEvent)
	ctx := Context{RuleName: "r", IngestionTime: time.Now()}
	b.Run("Apply", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(event)))
		for b.Loop() {
			if _, err := tr.Apply(event, ctx); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("AppendReusingBuffer", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(event)))
		var buf []byte
		for b.Loop() {
			buf, err = tr.Append(buf[:0], event, ctx)
			if err != nil {
				b.Fatal(err)
			}
		}
	})
	// Reference point: only validating the same event with encoding/json,
	// which Apply's single walk also does on its way.
	b.Run("EncodingJSONValidOnly", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(event)))
		for b.Loop() {
			if !json.Valid(event) {
				b.Fatal("invalid")
			}
		}
	})
}
