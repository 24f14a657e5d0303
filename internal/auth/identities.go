package auth

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"

	"go.yaml.in/yaml/v3"
)

// Key is one access key pair of an account.
type Key struct {
	AccessKeyID     string
	SecretAccessKey string
}

// Account is one identity of strict mode: an AWS-style account ID, the
// partner name it owns (empty for a customer-only account) and its keys.
type Account struct {
	ID          string
	PartnerName string
	Keys        []Key
}

// The identity file's wire shape. Unknown fields are rejected so that a typo
// such as "secret_key" fails at start-up instead of locking a client out.
type identityFile struct {
	Accounts []accountEntry `yaml:"accounts"`
}

type accountEntry struct {
	ID          string     `yaml:"id"`
	PartnerName string     `yaml:"partner_name"`
	Keys        []keyEntry `yaml:"keys"`
}

type keyEntry struct {
	AccessKeyID     string `yaml:"access_key_id"`
	SecretAccessKey string `yaml:"secret_access_key"`
}

// partnerNamePattern is the name pattern EventBridge applies to the
// segments of a partner event source name.
var partnerNamePattern = regexp.MustCompile(`^[\.\-_A-Za-z0-9]+$`)

// ParseIdentities reads an identity file (YAML, or JSON, which is YAML too)
// and validates it: account IDs are 12 digits and unique, access key IDs are
// non-empty and unique across all accounts, secrets are non-empty, partner
// names match [\.\-_A-Za-z0-9]+ and are unique. Every problem is reported,
// each naming the entry it was found in.
func ParseIdentities(data []byte) ([]Account, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	var file identityFile
	if err := dec.Decode(&file); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, errors.New("the identity file is empty: it needs an \"accounts\" list")
		}
		return nil, fmt.Errorf("parse identity file (fields: accounts; each account: id, partner_name, keys; each key: access_key_id, secret_access_key): %w", err)
	}
	accounts := make([]Account, 0, len(file.Accounts))
	for _, a := range file.Accounts {
		acc := Account{ID: a.ID, PartnerName: a.PartnerName, Keys: make([]Key, 0, len(a.Keys))}
		for _, k := range a.Keys {
			acc.Keys = append(acc.Keys, Key{AccessKeyID: k.AccessKeyID, SecretAccessKey: k.SecretAccessKey})
		}
		accounts = append(accounts, acc)
	}
	if err := validateAccounts(accounts); err != nil {
		return nil, err
	}
	return accounts, nil
}

// validateAccounts checks the rules ParseIdentities documents. NewStrict
// runs it too, for accounts built in code.
func validateAccounts(accounts []Account) error {
	if len(accounts) == 0 {
		return errors.New("no accounts: strict mode needs at least one account with a key")
	}
	var errs []error
	fail := func(i int, id, format string, args ...any) {
		errs = append(errs, fmt.Errorf("accounts[%d] (id %q): %s", i, id, fmt.Sprintf(format, args...)))
	}
	ids := map[string]int{}
	partners := map[string]int{}
	type keyRef struct{ account, key int }
	keys := map[string]keyRef{}
	for i, a := range accounts {
		if !isAccountID(a.ID) {
			fail(i, a.ID, "id must be exactly 12 digits (quote it in YAML to keep leading zeros)")
		} else if j, dup := ids[a.ID]; dup {
			fail(i, a.ID, "id is already used by accounts[%d]", j)
		} else {
			ids[a.ID] = i
		}
		if a.PartnerName != "" {
			if !partnerNamePattern.MatchString(a.PartnerName) {
				fail(i, a.ID, "partner_name %q must match [\\.\\-_A-Za-z0-9]+", a.PartnerName)
			} else if j, dup := partners[a.PartnerName]; dup {
				fail(i, a.ID, "partner_name %q is already owned by accounts[%d]", a.PartnerName, j)
			} else {
				partners[a.PartnerName] = i
			}
		}
		if len(a.Keys) == 0 {
			fail(i, a.ID, "no keys: an account without an access key can never sign a request")
		}
		for k, key := range a.Keys {
			switch {
			case key.AccessKeyID == "":
				fail(i, a.ID, "keys[%d]: access_key_id is empty", k)
			case !validAccessKeyID(key.AccessKeyID):
				fail(i, a.ID, "keys[%d]: access_key_id %q may hold only printable characters other than space, '/', ',' and '='", k, key.AccessKeyID)
			default:
				if prev, dup := keys[key.AccessKeyID]; dup {
					fail(i, a.ID, "keys[%d]: access_key_id %q is already used by accounts[%d].keys[%d]", k, key.AccessKeyID, prev.account, prev.key)
				} else {
					keys[key.AccessKeyID] = keyRef{i, k}
				}
			}
			if key.SecretAccessKey == "" {
				fail(i, a.ID, "keys[%d]: secret_access_key is empty", k)
			}
		}
	}
	return errors.Join(errs...)
}

// validAccessKeyID rejects characters that cannot survive the trip through a
// credential scope ("AKID/date/region/service/aws4_request") in an
// Authorization header.
func validAccessKeyID(id string) bool {
	for i := 0; i < len(id); i++ {
		c := id[i]
		if c <= ' ' || c >= 0x7f || c == '/' || c == ',' || c == '=' {
			return false
		}
	}
	return true
}
