package transform

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/golden")

// TestGoldenTransformations runs each case directory under testdata/golden:
// template.txt (one trailing newline is not part of the template), and
// optionally paths.json and event.json, which default to the EC2 example of
// AWS's documentation in testdata/. The output must equal want.golden.
func TestGoldenTransformations(t *testing.T) {
	dirs, err := filepath.Glob(filepath.Join("testdata", "golden", "*"))
	if err != nil || len(dirs) == 0 {
		t.Fatalf("no golden cases: %v", err)
	}
	for _, dir := range dirs {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			tmpl := strings.TrimSuffix(string(read(t, dir, "template.txt", "")), "\n")
			var paths map[string]string
			if err := json.Unmarshal(read(t, dir, "paths.json", filepath.Join("testdata", "ec2-paths.json")), &paths); err != nil {
				t.Fatal(err)
			}
			event := read(t, dir, "event.json", filepath.Join("testdata", "ec2-event.json"))
			tr, err := Compile(Target{InputPathsMap: paths, InputTemplate: tmpl})
			if err != nil {
				t.Fatal(err)
			}
			got, err := tr.Apply(event, testCtx)
			if err != nil {
				t.Fatal(err)
			}
			if isObjectTemplate(tmpl) && !json.Valid(got) {
				t.Errorf("output is not valid JSON:\n%s", got)
			}
			golden := filepath.Join(dir, "want.golden")
			if *update {
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("output differs from %s\n got:\n%s\nwant:\n%s", golden, got, want)
			}
		})
	}
}

// read returns dir/name, or the fallback file when dir has none.
func read(t *testing.T, dir, name, fallback string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, name))
	if os.IsNotExist(err) && fallback != "" {
		b, err = os.ReadFile(fallback)
	}
	if err != nil {
		t.Fatal(err)
	}
	return b
}
