package model_test

import (
	"fmt"

	"github.com/bridgeport/bridgeport/internal/model"
)

func ExampleOperation_Validate() {
	m, err := model.Load()
	if err != nil {
		panic(err)
	}
	op, _ := m.Operation("CreatePartnerEventSource")
	input, apiErr := model.Decode([]byte(`{"Name": "aws.partner/saas.com/123/app", "Account": "12"}`))
	if apiErr == nil {
		apiErr = op.Validate(input)
	}
	fmt.Println(apiErr.Code)
	fmt.Println(apiErr.Message)
	// Output:
	// ValidationException
	// 2 validation errors detected: Value '12' at 'account' failed to satisfy constraint: Member must satisfy regular expression pattern: \d{12}; Value '12' at 'account' failed to satisfy constraint: Member must have length greater than or equal to 12
}
