// Package cli implements the affected command line: one file per
// subcommand, each turning its flags into options for one library call.
// Run is the whole program; cmd/affected only calls it, so the CLI is
// tested in-process (see the testscript tests in testdata/script).
//
// Exit codes: 0 nothing found, 1 findings, 2 could not complete (usage
// error, unreadable or malformed input). Partial results are still
// printed with code 2.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/affected-dev/affected/internal/i18n"
)

// Exit codes.
const (
	ExitClean      = 0 // nothing found
	ExitFindings   = 1 // findings (or, for fix, something stays open)
	ExitIncomplete = 2 // usage error, unreadable or malformed input
)

// exitError carries an exit code; its message (if any) has been printed.
type exitError struct{ code int }

func (e exitError) Error() string { return "exit " + strconv.Itoa(e.code) }

// ExitCode returns the process exit code.
func (e exitError) ExitCode() int { return e.code }

// usageError is a mistake in the command line: printed with a hint to run
// --help, exit code 2.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

func usagef(m *i18n.Message, args ...any) error { return usageError{i18n.Errorf(m, args...)} }

// env is what a command sees of the process.
type env struct {
	ctx    context.Context
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
	lang   i18n.Lang
	getenv func(string) string
}

// printf writes a localized message to stdout.
func (e *env) printf(m *i18n.Message, args ...any) {
	fmt.Fprint(e.stdout, m.Sprintf(e.lang, args...))
}

// warnf writes a localized warning line to stderr.
func (e *env) warnf(m *i18n.Message, args ...any) {
	fmt.Fprintln(e.stderr, MsgWarningLine.Plain(e.lang, m.Plain(e.lang, args...)))
}

// errorLine writes err as "affected: error: …" to stderr.
func (e *env) errorLine(err error) {
	fmt.Fprintln(e.stderr, MsgErrorLine.Plain(e.lang, i18n.Localize(err, e.lang)))
}

// command is a subcommand.
type command struct {
	name    string
	summary *i18n.Message // one line for the command list
	usage   *i18n.Message // the full help text
	hidden  bool
	// flags registers the command's flags and returns the function that
	// runs it with the positional arguments.
	flags func(fs *flag.FlagSet, e *env) func(args []string) error
}

var commands []*command

func register(c *command) { commands = append(commands, c) }

func lookup(name string) *command {
	for _, c := range commands {
		if c.name == name {
			return c
		}
	}
	return nil
}

// Run runs affected with args (without the program name) and returns the
// exit code. It never calls os.Exit.
func Run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	e := &env{ctx: ctx, stdin: stdin, stdout: stdout, stderr: stderr, getenv: os.Getenv}
	e.lang = i18n.FromEnv(e.getenv)
	// --lang may come anywhere; find it first so that even errors about
	// the other arguments are in the chosen language.
	if l, ok := findLang(args); ok {
		lang, err := i18n.Parse(l)
		if err != nil {
			e.errorLine(err)
			return ExitIncomplete
		}
		e.lang = lang
	}
	// Global flags before the command name: --lang, --help, --version.
	for len(args) > 0 && strings.HasPrefix(args[0], "-") {
		switch a := args[0]; {
		case a == "-h" || a == "--help" || a == "-help":
			printMainUsage(e)
			return ExitClean
		case a == "--version" || a == "-version":
			fmt.Fprintln(stdout, "affected "+fullVersion())
			return ExitClean
		case a == "--lang" || a == "-lang":
			if len(args) < 2 {
				return fail(e, usagef(MsgFlagNeedsValue, a))
			}
			args = args[2:]
		case strings.HasPrefix(a, "--lang=") || strings.HasPrefix(a, "-lang="):
			args = args[1:]
		default:
			return fail(e, usagef(MsgUnknownFlag, a))
		}
	}
	if len(args) == 0 {
		printMainUsage(e)
		return ExitIncomplete
	}
	name := args[0]
	if name == "help" {
		if len(args) > 1 {
			if c := lookup(args[1]); c != nil {
				fmt.Fprint(stdout, c.usage.Plain(e.lang))
				return ExitClean
			}
			return fail(e, usagef(MsgUnknownCommand, args[1]))
		}
		printMainUsage(e)
		return ExitClean
	}
	c := lookup(name)
	if c == nil {
		return fail(e, usagef(MsgUnknownCommand, name))
	}
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	var langFlag string
	fs.StringVar(&langFlag, "lang", "", "")
	run := c.flags(fs, e)
	pos, err := parseInterspersed(fs, args[1:])
	if errors.Is(err, flag.ErrHelp) {
		fmt.Fprint(stdout, c.usage.Plain(e.lang))
		return ExitClean
	}
	if err != nil {
		return fail(e, usageError{err})
	}
	return fail(e, run(pos))
}

// fail prints err (unless already printed) and returns its exit code.
func fail(e *env, err error) int {
	if err == nil {
		return ExitClean
	}
	var ee exitError
	if errors.As(err, &ee) {
		return ee.code
	}
	e.errorLine(err)
	var ue usageError
	if errors.As(err, &ue) {
		fmt.Fprintln(e.stderr, MsgHintLine.Plain(e.lang, MsgSeeHelp.Plain(e.lang)))
	}
	return ExitIncomplete
}

func findLang(args []string) (string, bool) {
	for i, a := range args {
		if a == "--" {
			break
		}
		if a == "--lang" || a == "-lang" {
			if i+1 < len(args) {
				return args[i+1], true
			}
			return "", false
		}
		if v, ok := strings.CutPrefix(a, "--lang="); ok {
			return v, true
		}
		if v, ok := strings.CutPrefix(a, "-lang="); ok {
			return v, true
		}
	}
	return "", false
}

// parseInterspersed parses flags that may come before, between or after
// positional arguments (`affected scan . --format json`); "--" ends flags.
//
// It follows the flag package's syntax (-name, --name, -name=value,
// -name value; a boolean flag takes a value only after "=") but looks
// flags up and sets them itself, so that every mistake is a localized
// error built from the flag's name and type rather than from the flag
// package's English text.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			return append(pos, args[i+1:]...), nil
		}
		if len(a) < 2 || a[0] != '-' {
			pos = append(pos, a) // "-" alone is an argument, as for the flag package
			continue
		}
		name := a[1:]
		if name[0] == '-' {
			name = name[1:]
		}
		if name == "" || name[0] == '-' || name[0] == '=' {
			return nil, i18n.Errorf(MsgBadFlagSyntax, a)
		}
		name, value, hasValue := strings.Cut(name, "=")
		f := fs.Lookup(name)
		if f == nil {
			if name == "help" || name == "h" {
				return nil, flag.ErrHelp
			}
			return nil, i18n.Errorf(MsgUnknownFlag, a)
		}
		if !hasValue && !isBoolFlag(f) {
			if i+1 >= len(args) {
				return nil, i18n.Errorf(MsgFlagNeedsValue, "--"+name)
			}
			i++
			value, hasValue = args[i], true
		}
		if !hasValue {
			value = "true"
		}
		if err := fs.Set(name, value); err != nil { // fs.Set records the flag as set, for fs.Visit
			return nil, badFlagValue(f, value, err)
		}
	}
	return pos, nil
}

// isBoolFlag tells a flag that needs no value, as the flag package does.
func isBoolFlag(f *flag.Flag) bool {
	b, ok := f.Value.(interface{ IsBoolFlag() bool })
	return ok && b.IsBoolFlag()
}

// badFlagValue says why value does not suit f, from the flag's type: the
// flag package's own values fail with untranslatable texts ("parse
// error"), our own ones with localized errors, which are kept.
func badFlagValue(f *flag.Flag, value string, err error) error {
	var want *i18n.Message
	if g, ok := f.Value.(flag.Getter); ok {
		switch g.Get().(type) {
		case bool:
			want = MsgFlagWantsBool
		case int, int64, uint, uint64:
			want = MsgFlagWantsInteger
		case float64:
			want = MsgFlagWantsNumber
		case time.Duration:
			want = MsgFlagWantsDuration
		}
	}
	if want != nil {
		err = i18n.Errorf(want)
	}
	return i18n.Errorf(MsgBadFlagValue, value, "--"+f.Name, err)
}

func printMainUsage(e *env) {
	fmt.Fprint(e.stdout, MsgMainUsage.Plain(e.lang))
	for _, c := range commands {
		if !c.hidden {
			fmt.Fprintf(e.stdout, "  %-6s  %s\n", c.name, c.summary.Plain(e.lang))
		}
	}
	fmt.Fprint(e.stdout, MsgMainUsageFooter.Plain(e.lang))
}

// Version is the program version, set at build time with
// -ldflags "-X github.com/affected-dev/affected/internal/cli.Version=…";
// without it, the version comes from the build info (see version).
var Version = "devel"

// oneOf checks a flag value against the allowed ones.
func oneOf(flagName, value string, allowed ...string) error {
	for _, a := range allowed {
		if value == a {
			return nil
		}
	}
	return usagef(MsgBadChoice, flagName, value, strings.Join(allowed, ", "))
}
