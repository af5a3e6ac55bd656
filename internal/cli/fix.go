package cli

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"os/exec"
	"time"

	"github.com/affected-dev/affected/internal/extract"
	"github.com/affected-dev/affected/internal/fix"
	"github.com/affected-dev/affected/internal/i18n"
	"github.com/affected-dev/affected/internal/report"
	"github.com/affected-dev/affected/internal/scan"
)

func init() {
	register(&command{
		name:    "fix",
		summary: msgFixSummary,
		usage:   msgFixUsage,
		flags: func(fs *flag.FlagSet, e *env) func([]string) error {
			o := fixOptions{}
			fs.Var(&o.advisories, "advisory", "")
			fs.BoolVar(&o.dryRun, "dry-run", false, "")
			fs.BoolVar(&o.restore, "restore", false, "")
			fs.StringVar(&o.to, "to", string(fix.ClearOfAll), "")
			fs.StringVar(&o.format, "format", "text", "")
			fs.StringVar(&o.output, "output", "", "")
			fs.StringVar(&o.db, "db", "", "")
			fs.StringVar(&o.ignoreFile, "ignore-file", "", "")
			fs.BoolVar(&o.outside, "allow-outside-imports", false, "")
			return func(args []string) error { return runFix(e, o, args) }
		},
	})
}

type fixOptions struct {
	advisories                         listFlag
	dryRun, restore, outside           bool
	to, format, output, db, ignoreFile string
}

func runFix(e *env, o fixOptions, args []string) error {
	if err := oneOf("to", o.to, string(fix.ClearOfAll), string(fix.LowestFixed)); err != nil {
		return err
	}
	if err := oneOf("format", o.format, "text", "json", "markdown"); err != nil {
		return err
	}
	if o.dryRun && o.restore {
		return usagef(msgFixDryRunRestore)
	}
	src, err := openAdvisories(e, o.db)
	if err != nil {
		return err
	}
	defer src.Close()
	if err := knownAdvisories(src, o.advisories); err != nil {
		return err
	}
	rules, err := loadIgnores(o.ignoreFile, args)
	if err != nil {
		return err
	}
	opts := fix.Options{To: fix.Target(o.to), Advisories: o.advisories, Ignore: rules, Now: time.Now()}
	ws := scan.Load(e.ctx, args, scan.Options{Lang: e.lang, Base: workDir(), AllowOutsideImports: o.outside})
	pl := fix.Prepare(ws, src, fix.ReadFile, opts)
	res := &fix.Result{Plan: pl, DryRun: o.dryRun, Errors: append([]report.ErrorEntry(nil), ws.Errors...)}
	for _, p := range pl.Problems {
		res.Errors = append(res.Errors, errorEntry(p, e.lang))
	}
	failed := len(res.Errors) > 0
	res.Stale = pl.Stale()
	if o.dryRun {
		res.Remaining = pl.Evaluate()
	} else {
		written, werr := fix.Apply(e.ctx, pl, fix.WriteAtomically)
		res.Written = written
		if werr != nil {
			failed = true
			res.Errors = append(res.Errors, errorEntry(werr, e.lang))
			// Only what was written is stale, and only what was written
			// fixes anything.
			res.Stale = staleOf(pl, written)
			res.Remaining = pl.EvaluateWritten(written)
		} else {
			res.Remaining = pl.Evaluate()
		}
		if o.restore && len(res.Stale) > 0 {
			dotnet, _ := exec.LookPath("dotnet")
			res.Restore = fix.Restore(e.ctx, res.Stale, dotnet, runCommand)
			if dotnet != "" {
				ran := false
				for _, c := range res.Restore.Commands {
					if c.Err != nil {
						failed = true
					}
					ran = ran || !c.Skipped
				}
				if ran {
					// What restore resolved now decides: scan again.
					after := scan.Load(e.ctx, args, scan.Options{Lang: e.lang, Base: workDir(), AllowOutsideImports: o.outside})
					res.Remaining = fix.Open(after, src, opts)
					res.Restored = res.Restore.OK()
					if after.Incomplete() && !ws.Incomplete() {
						failed = true // restore wrote something the scan cannot read
						res.Errors = append(res.Errors, after.Errors...)
					}
				}
			}
		}
	}
	if err := src.Err(); err != nil {
		// A damaged record: what matched is still fixed and reported, and
		// the run is incomplete (as for scan).
		failed = true
		res.Errors = append(res.Errors, errorEntry(err, e.lang))
	}
	res.Database = databaseOf(src, time.Now())
	doc := res.Document(e.lang)
	var buf bytes.Buffer
	switch o.format {
	case "json":
		err = fix.WriteJSON(&buf, doc)
	case "markdown":
		err = fix.WriteMarkdown(&buf, doc, e.lang)
	default:
		err = fix.WriteText(&buf, doc, e.lang)
	}
	if err != nil {
		return err
	}
	if err := e.emit(o.output, buf.Bytes()); err != nil {
		return err
	}
	for _, w := range res.Database.Warnings(e.lang) {
		e.warnf(msgPlain, w)
	}
	switch {
	case failed:
		if o.format != "text" || o.output != "" {
			e.warnf(msgFixIncomplete, len(res.Errors))
		}
		return exitError{ExitIncomplete}
	case len(res.Remaining) > 0:
		return exitError{ExitFindings}
	}
	return nil
}

// staleOf lists the stale projects when only some files were written.
func staleOf(pl *fix.Plan, written []fix.Written) []fix.Stale {
	keep := &fix.Plan{}
	*keep = *pl
	keep.Files = nil
	for _, w := range written {
		if w.Err == nil {
			keep.Files = append(keep.Files, w.File)
		}
	}
	return keep.Stale()
}

func errorEntry(err error, lang i18n.Lang) report.ErrorEntry {
	var e *extract.Error
	if errors.As(err, &e) {
		return report.ErrorEntry{File: e.File, Line: e.Pos.Line, Column: e.Pos.Col, Message: e.Text(lang)}
	}
	return report.ErrorEntry{Message: i18n.Localize(err, lang)}
}

// runCommand runs a restore command.
func runCommand(ctx context.Context, dir string, args []string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, args[0], args[1:]...)
	cmd.Dir = dir
	return cmd.CombinedOutput()
}
