package pattern_test

import (
	"errors"
	"fmt"
	"slices"

	"github.com/bridgeport/bridgeport/internal/pattern"
)

func ExampleParse() {
	_, err := pattern.Parse(`{"source": "aws.ec2"}`)
	var pe *pattern.Error
	if errors.As(err, &pe) {
		fmt.Println("Event pattern is not valid. Reason: " + pe.Reason)
	}
	// Output:
	// Event pattern is not valid. Reason: "source" must be an object or an array
}

func ExamplePattern_Match() {
	p, err := pattern.Parse(`{"source": ["aws.ec2"], "detail": {"state": ["running", {"prefix": "stop"}]}}`)
	if err != nil {
		panic(err)
	}
	ok, err := p.Match([]byte(`{"source": "aws.ec2", "detail": {"state": "stopping"}}`))
	fmt.Println(ok, err)
	// Output:
	// true <nil>
}

func ExampleMatcher() {
	m := pattern.NewMatcher()
	for id, src := range map[string]string{
		"big-orders":  `{"detail-type": ["Order Placed"], "detail": {"total": [{"numeric": [">=", 100]}]}}`,
		"eu-orders":   `{"detail-type": ["Order Placed"], "detail": {"country": [{"anything-but": ["US", "CA"]}]}}`,
		"all-returns": `{"detail-type": ["Order Returned"]}`,
	} {
		p, err := pattern.Parse(src)
		if err != nil {
			panic(err)
		}
		m.Set(id, p)
	}
	ids, err := m.Match([]byte(`{"detail-type": "Order Placed", "detail": {"total": 149.99, "country": "FR"}}`), nil)
	slices.Sort(ids)
	fmt.Println(ids, err)
	// Output:
	// [big-orders eu-orders] <nil>
}
