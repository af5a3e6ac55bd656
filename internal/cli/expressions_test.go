package cli

import (
	"regexp"
	"testing"

	"github.com/affected-dev/affected/internal/lazyre"
)

// TestExpressionsCompile compiles every regular expression of the program
// that is compiled on first use (package lazyre): a bad one fails here,
// not in a user's run. The program imports every package that has them.
func TestExpressionsCompile(t *testing.T) {
	all := lazyre.All()
	if len(all) < 100 {
		t.Errorf("only %d expressions are listed", len(all))
	}
	for _, r := range all {
		if _, err := regexp.Compile(r.String()); err != nil {
			t.Errorf("%s: %v", r, err)
		}
	}
	t.Logf("%d expressions compile", len(all))
}
