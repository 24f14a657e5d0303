package pattern

import (
	"strings"
	"testing"
)

func TestFoldingAgreesWithEqualFold(t *testing.T) {
	words := []string{"", "a", "A", "straße", "STRASSE", "ǅ", "ǆ", "Ǆ", "k", "K", "\u212a", "ſ", "s", "S", "Σ", "σ", "ς", "ÄÖÜ", "äöü", "İ", "i", "ı", "I", "µ", "μ", "Μ", "\xff", "\xfe", "\ufffd", "a\xffb", "A\xffB"}
	for _, x := range words {
		for _, y := range words {
			folded := foldString(x) == foldString(y)
			if want := strings.EqualFold(x, y); folded != want {
				t.Errorf("fold(%q) == fold(%q) is %v, EqualFold says %v", x, y, folded, want)
			}
		}
	}
}
