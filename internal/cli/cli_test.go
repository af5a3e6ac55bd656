package cli

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/affected-dev/affected/internal/i18n/i18ntest"
)

// childEnv makes the test binary run affected (see TestMain); declared
// here, not in the Linux-only hostile_test.go, so that the tests build for
// every GOOS (CI vets them for Windows).
const childEnv = "AFFECTED_TEST_CHILD"

func TestMain(m *testing.M) {
	if os.Getenv(childEnv) == "1" {
		// The hostile-input suite runs affected as a child process, to
		// measure its time and peak memory (hostile_test.go).
		os.Exit(Run(context.Background(), os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
	}
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

// zipFile is the script command "zipfile ARCHIVE ENTRY=FILE...": it writes a
// zip archive whose entries hold the given files of the script.
func zipFile(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 {
		ts.Fatalf("usage: zipfile ARCHIVE ENTRY=FILE...")
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, a := range args[1:] {
		name, file, ok := strings.Cut(a, "=")
		if !ok {
			ts.Fatalf("zipfile: %q is not ENTRY=FILE", a)
		}
		w, err := zw.Create(name)
		ts.Check(err)
		_, err = w.Write([]byte(ts.ReadFile(file)))
		ts.Check(err)
	}
	ts.Check(zw.Close())
	ts.Check(os.WriteFile(ts.MkAbs(args[0]), buf.Bytes(), 0o644))
}

// TestScripts runs the CLI scripts in testdata/script.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:                 "testdata/script",
		RequireExplicitExec: true,
		UpdateScripts:       *updateScripts,
		Cmds:                map[string]func(*testscript.TestScript, bool, []string){"zipfile": zipFile},
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
