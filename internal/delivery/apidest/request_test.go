package apidest

import "testing"

func TestInvocationURLFillsWildcardsInOrder(t *testing.T) {
	tests := []struct {
		name, endpoint string
		values         []string
		want           string
	}{
		{"each wildcard in turn", "https://h/a/*/b/*", []string{"1", "2"}, "https://h/a/1/b/2"},
		{"values are path-escaped", "https://h/*", []string{"x y/z?"}, "https://h/x%20y%2Fz%3F"},
		{"a wildcard without a value stays", "https://h/*/*", []string{"1"}, "https://h/1/*"},
		{"extra values are ignored", "https://h/*", []string{"1", "2"}, "https://h/1"},
		{"the query is not a path", "https://h/p?x=*", []string{"1"}, "https://h/p?x=*"},
		{"no values leave the endpoint as it is", "https://h/*?b=2&a=1", nil, "https://h/*?b=2&a=1"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			u, err := invocationURL(tc.endpoint, tc.values)
			if err != nil {
				t.Fatal(err)
			}
			if got := u.String(); got != tc.want {
				t.Errorf("invocationURL(%q, %q) = %q, want %q", tc.endpoint, tc.values, got, tc.want)
			}
		})
	}
}

func TestBodyParametersJoinOnlyAJSONObject(t *testing.T) {
	params := []parameter{{Key: "b", Value: "conn"}, {Key: "new", Value: "v"}, {Key: "gone", Value: ""}}
	tests := []struct {
		name, payload, want string
	}{
		{"object members kept in order, replaced, appended", `{"a": [1, {"x":2}], "b": "event", "c": null}`,
			`{"a":[1, {"x":2}],"c":null,"b":"conn","new":"v"}`},
		{"empty object", `{}`, `{"b":"conn","new":"v"}`},
		{"array untouched", `[1,2]`, `[1,2]`},
		{"string untouched", `"text"`, `"text"`},
		{"invalid JSON untouched", `{"a":`, `{"a":`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := string(withBodyParameters([]byte(tc.payload), params)); got != tc.want {
				t.Errorf("withBodyParameters(%s) = %s, want %s", tc.payload, got, tc.want)
			}
		})
	}
}
