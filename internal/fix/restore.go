package fix

import (
	"context"
	"strings"
)

// Runner runs a command in a directory and returns its combined output.
type Runner func(ctx context.Context, dir string, args []string) ([]byte, error)

// RestoreResult is what Restore ran.
type RestoreResult struct {
	// Dotnet is the dotnet executable used ("" when none was found: then
	// nothing ran).
	Dotnet   string
	Commands []CommandResult
}

// CommandResult is one restore command.
type CommandResult struct {
	Args []string // as shown to the user (dotnet restore src/Web/Web.csproj)
	Dir  string
	// Skipped is true for a command Restore does not run (nuget restore
	// for packages.config projects, or every command without dotnet).
	Skipped bool
	Output  string
	Err     error
}

// OK reports whether every command that ran succeeded and none was
// skipped.
func (r *RestoreResult) OK() bool {
	if r == nil {
		return false
	}
	for _, c := range r.Commands {
		if c.Skipped || c.Err != nil {
			return false
		}
	}
	return true
}

// Restore runs `dotnet restore` for the stale projects (each distinct
// command once) with the dotnet executable given; with none, or for
// packages.config projects (restored by nuget, not dotnet), the commands
// are listed as skipped for the user to run.
func Restore(ctx context.Context, stale []Stale, dotnet string, run Runner) *RestoreResult {
	res := &RestoreResult{Dotnet: dotnet}
	seen := map[string]bool{}
	for _, s := range stale {
		key := s.Dir + "\x00" + strings.Join(s.Command, "\x00")
		if seen[key] {
			continue
		}
		seen[key] = true
		c := CommandResult{Args: s.Command, Dir: s.Dir}
		if dotnet == "" || len(s.Command) == 0 || s.Command[0] != "dotnet" {
			c.Skipped = true
			res.Commands = append(res.Commands, c)
			continue
		}
		if err := ctx.Err(); err != nil {
			c.Err = err
			res.Commands = append(res.Commands, c)
			continue
		}
		args := append([]string{dotnet}, s.Command[1:]...)
		out, err := run(ctx, s.Dir, args)
		c.Output, c.Err = tail(string(out), 20), err
		res.Commands = append(res.Commands, c)
	}
	return res
}

// tail keeps the last n lines of a command's output.
func tail(s string, n int) string {
	s = strings.TrimRight(s, "\r\n")
	lines := strings.Split(s, "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
