package auth

import (
	"reflect"
	"strings"
	"testing"
	"time"
)

const identitiesYAML = `
accounts:
  - id: "111111111111"
    partner_name: acme.com
    keys:
      - access_key_id: AKIAPARTNEREXAMPLE
        secret_access_key: partner/Secret+Key0
  - id: 222222222222
    keys:
      - access_key_id: AKIACUSTOMEREXAMPLE
        secret_access_key: customer-secret
`

const identitiesJSON = `{"accounts": [
  {"id": "111111111111", "partner_name": "acme.com",
   "keys": [{"access_key_id": "AKIAPARTNEREXAMPLE", "secret_access_key": "partner/Secret+Key0"}]},
  {"id": "222222222222",
   "keys": [{"access_key_id": "AKIACUSTOMEREXAMPLE", "secret_access_key": "customer-secret"}]}
]}`

func TestParseIdentitiesReadsYAMLAndJSON(t *testing.T) {
	for name, input := range map[string]string{"yaml": identitiesYAML, "json": identitiesJSON} {
		t.Run(name, func(t *testing.T) {
			got, err := ParseIdentities([]byte(input))
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, testAccounts()) {
				t.Fatalf("got %+v\nwant %+v", got, testAccounts())
			}
		})
	}
}

func TestParseIdentitiesKeepsLeadingZerosOfQuotedAndPlainIDs(t *testing.T) {
	got, err := ParseIdentities([]byte("accounts:\n  - id: 012345678901\n    keys: [{access_key_id: K, secret_access_key: S}]\n"))
	if err != nil {
		t.Fatal(err)
	}
	if got[0].ID != "012345678901" {
		t.Fatalf("id %q", got[0].ID)
	}
}

func TestParseIdentitiesRejects(t *testing.T) {
	key := func(id, secret string) string {
		return `{"access_key_id": "` + id + `", "secret_access_key": "` + secret + `"}`
	}
	account := func(id, partner string, keys ...string) string {
		p := ""
		if partner != "" {
			p = `, "partner_name": "` + partner + `"`
		}
		return `{"id": "` + id + `"` + p + `, "keys": [` + strings.Join(keys, ",") + `]}`
	}
	file := func(accounts ...string) string { return `{"accounts": [` + strings.Join(accounts, ",") + `]}` }
	ok := account("111111111111", "acme.com", key("AK1", "s1"))

	tests := []struct {
		name  string
		input string
		want  string
	}{
		{"an empty file", "", "the identity file is empty"},
		{"no accounts", `{"accounts": []}`, "no accounts"},
		{"a short id", file(ok, account("22222222222", "", key("AK2", "s2"))), `accounts[1] (id "22222222222"): id must be exactly 12 digits`},
		{"an id with letters", file(account("11111111111a", "", key("AK2", "s2"))), `accounts[0] (id "11111111111a"): id must be exactly 12 digits`},
		{"a repeated id", file(ok, account("111111111111", "", key("AK2", "s2"))), `accounts[1] (id "111111111111"): id is already used by accounts[0]`},
		{"an empty access key", file(ok, account("222222222222", "", key("", "s2"))), `accounts[1] (id "222222222222"): keys[0]: access_key_id is empty`},
		{"an access key with a slash", file(account("222222222222", "", key("AK/2", "s2"))), `keys[0]: access_key_id "AK/2" may hold only printable characters`},
		{"an access key used twice", file(ok, account("222222222222", "", key("AK2", "s2"), key("AK1", "s3"))), `accounts[1] (id "222222222222"): keys[1]: access_key_id "AK1" is already used by accounts[0].keys[0]`},
		{"an empty secret", file(ok, account("222222222222", "", key("AK2", ""))), `accounts[1] (id "222222222222"): keys[0]: secret_access_key is empty`},
		{"no keys", file(ok, account("222222222222", "")), `accounts[1] (id "222222222222"): no keys`},
		{"a partner name with spaces", file(account("222222222222", "acme corp", key("AK2", "s2"))), `accounts[0] (id "222222222222"): partner_name "acme corp" must match`},
		{"a partner name owned twice", file(ok, account("222222222222", "acme.com", key("AK2", "s2"))), `accounts[1] (id "222222222222"): partner_name "acme.com" is already owned by accounts[0]`},
		{"a misspelt account field", `{"accounts": [{"id": "111111111111", "partner": "acme.com", "keys": [` + key("AK1", "s1") + `]}]}`, `field partner not found`},
		{"a misspelt key field", `{"accounts": [{"id": "111111111111", "keys": [{"access_key_id": "AK1", "secret_key": "s1"}]}]}`, `field secret_key not found`},
		{"an unknown top-level field", `{"account": []}`, `field account not found`},
		{"not YAML at all", "accounts: [", "parse identity file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseIdentities([]byte(tt.input))
			if err == nil {
				t.Fatalf("accepted; want an error containing %q", tt.want)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error %q does not contain %q", err, tt.want)
			}
		})
	}
}

func TestParseIdentitiesReportsEveryProblem(t *testing.T) {
	_, err := ParseIdentities([]byte(`{"accounts": [{"id": "1", "keys": [{"access_key_id": "", "secret_access_key": ""}]}]}`))
	if err == nil {
		t.Fatal("accepted")
	}
	for _, want := range []string{"12 digits", "access_key_id is empty", "secret_access_key is empty"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not mention %q", err, want)
		}
	}
}

func TestNewStrictValidatesItsInput(t *testing.T) {
	if _, err := NewStrict(nil, testRegion, time.Now); err == nil {
		t.Error("accepted no accounts")
	}
	dup := append(testAccounts(), Account{ID: "333333333333", Keys: []Key{{partnerKey, "x"}}})
	if _, err := NewStrict(dup, testRegion, time.Now); err == nil || !strings.Contains(err.Error(), "already used") {
		t.Errorf("accepted a repeated key: %v", err)
	}
	if _, err := NewStrict(testAccounts(), "local", time.Now); err == nil {
		t.Error("accepted the default region 'local'")
	}
}
