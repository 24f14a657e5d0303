package config

import (
	"io"
	"strings"
	"testing"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestDefaults(t *testing.T) {
	c, err := Parse(nil, env(nil), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if c.Listen != "127.0.0.1:4343" || c.DataDir != "./bridgeport-data" || c.Store != "" || c.Region != "us-east-1" ||
		c.IdentitiesFile != "" || c.DefaultAccount != "000000000000" || c.MaxRulesPerBus != 300 || c.PprofListen != "" {
		t.Fatalf("defaults: %+v", c)
	}
}

func TestFlagsWinOverEnvironmentWhichWinsOverDefaults(t *testing.T) {
	e := env(map[string]string{"BRIDGEPORT_LISTEN": "127.0.0.1:1", "BRIDGEPORT_DATA": "/env-data", "BRIDGEPORT_REGION": "eu-west-1",
		"BRIDGEPORT_MAX_RULES_PER_BUS": "5000"})
	c, err := Parse([]string{"--listen", "127.0.0.1:2"}, e, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if c.Listen != "127.0.0.1:2" || c.DataDir != "/env-data" || c.Region != "eu-west-1" || c.MaxRulesPerBus != 5000 {
		t.Fatalf("precedence: %+v", c)
	}
}

func TestInvalidSettingsAreRefused(t *testing.T) {
	cases := map[string][]string{
		"region":  {"--region", "local"},
		"account": {"--default-account", "123"},
		"store":   {"--store", "mysql://x"},
		"ttl":     {"--pending-source-ttl", "-1h"},
		"level":   {"--log-level", "loud"},
		"rules":   {"--max-rules-per-bus", "0"},
		"extra":   {"serve"},
	}
	for name, args := range cases {
		t.Run(name, func(t *testing.T) {
			if _, err := Parse(args, env(nil), io.Discard); err == nil {
				t.Fatalf("%v accepted", args)
			}
		})
	}
}

func TestMissingIdentityFileIsAnError(t *testing.T) {
	c, err := Parse([]string{"--identities", "/nonexistent/identities.yaml"}, env(nil), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Identities(); err == nil || !strings.Contains(err.Error(), "identity file") {
		t.Fatalf("Identities() = %v", err)
	}
}
