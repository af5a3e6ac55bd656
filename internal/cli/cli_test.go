package cli

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/affected-dev/affected/internal/i18n/i18ntest"
)

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"affected": func() { os.Exit(Run(context.Background(), os.Args[1:], os.Stdin, os.Stdout, os.Stderr)) },
		// affected-exit CODE ARGS... runs affected and succeeds only when it
		// exits with CODE, so that scripts pin exit codes exactly.
		"affected-exit": func() {
			want, err := strconv.Atoi(os.Args[1])
			if err != nil {
				fmt.Fprintln(os.Stderr, "affected-exit: bad code", os.Args[1])
				os.Exit(100)
			}
			got := Run(context.Background(), os.Args[2:], os.Stdin, os.Stdout, os.Stderr)
			if got != want {
				fmt.Fprintf(os.Stderr, "affected-exit: exit code %d, want %d\n", got, want)
				os.Exit(100)
			}
			os.Exit(0)
		},
	})
}

// TestCatalog checks every message of the program: the cli package links
// every other package that defines messages.
func TestCatalog(t *testing.T) { i18ntest.CheckCatalog(t) }

// TestScripts runs the CLI scripts in testdata/script.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:                 "testdata/script",
		RequireExplicitExec: true,
		UpdateScripts:       *updateScripts,
		Setup: func(env *testscript.Env) error {
			env.Setenv("LANG", "")
			env.Setenv("LC_ALL", "")
			env.Setenv("LC_MESSAGES", "")
			env.Setenv("CI", os.Getenv("CI"))
			// Never the user's advisory database: an empty one per script.
			env.Setenv("AFFECTED_DB", filepath.Join(env.WorkDir, ".affected-db"))
			examples, err := filepath.Abs(filepath.Join("..", "..", "examples"))
			if err != nil {
				return err
			}
			env.Setenv("EXAMPLES", examples)
			corpus, err := filepath.Abs(filepath.Join("..", "..", "..", "shared", "corpus"))
			if err != nil {
				return err
			}
			env.Setenv("CORPUS", corpus)
			return nil
		},
		// [corpus] holds when ../shared/corpus is there; under CI=true a
		// missing corpus fails the script instead of skipping it.
		Condition: func(cond string) (bool, error) {
			if cond != "corpus" {
				return false, fmt.Errorf("unknown condition %q", cond)
			}
			dir := filepath.Join("..", "..", "..", "shared", "corpus")
			if fi, err := os.Stat(dir); err == nil && fi.IsDir() {
				return true, nil
			}
			if os.Getenv("CI") == "true" {
				return false, fmt.Errorf("shared corpus not found at %s (CI=true)", dir)
			}
			return false, nil
		},
	})
}
