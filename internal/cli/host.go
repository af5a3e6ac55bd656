package cli

import (
	"flag"
	"io"
	"os"
	"runtime"
	"time"

	"github.com/affected-dev/affected/internal/host"
	"github.com/affected-dev/affected/internal/i18n"
	"github.com/affected-dev/affected/internal/inventory"
	"github.com/affected-dev/affected/internal/report"
	"github.com/affected-dev/affected/internal/scan"
)

// The host command: which Windows machines still need an update, from
// their inventories (systeminfo, wmic qfe, Get-HotFix) or, on Windows, from
// the running machine.
func init() {
	register(&command{
		name:    "host",
		summary: msgHostSummary,
		usage:   msgHostUsage,
		flags: func(fs *flag.FlagSet, e *env) func([]string) error {
			format := fs.String("format", "text", "")
			output := fs.String("output", "", "")
			dbDir := fs.String("db", "", "")
			upload := fs.String("upload", "", "")
			sourceName := fs.String("source", "", "")
			var advisories listFlag
			fs.Var(&advisories, "advisory", "")
			return func(args []string) error {
				defer startProfile(e)()
				if err := oneOf("format", *format, "text", "json", "sarif", "markdown"); err != nil {
					return err
				}
				if len(args) == 0 && runtime.GOOS != "windows" {
					return usagef(msgHostNoInput)
				}
				src, err := openAdvisories(e, *dbDir)
				if err != nil {
					return err
				}
				defer src.Close()
				for _, id := range advisories {
					if _, ok := src.Get(id); !ok {
						if err := src.Err(); err != nil {
							return err
						}
						return usagef(msgHostNoAdvisory, id, src.Dir())
					}
				}
				if *upload != "" {
					if _, err := endpoint(*upload, ""); err != nil {
						return err
					}
				}
				doc, invs, err := scan.CheckHostInventories(args, src, scan.HostOptions{Lang: e.lang, Advisories: advisories, Base: workDir(), Local: host.ReadLocal})
				if err != nil {
					return err
				}
				if len(doc.Hosts) == 0 && len(doc.Errors) == 0 {
					return i18n.Errorf(msgHostNothing, args)
				}
				doc.Database = databaseOf(src, time.Now())
				if doc.Database.BuiltInOnly {
					// What a Windows host is checked against comes from
					// wesng's definitions, not from osv.dev's NuGet records.
					doc.Warnings = append(doc.Warnings, msgHostBuiltinOnly.Sprintf(e.lang, doc.Database.BuiltIn))
				} else {
					doc.Warnings = append(doc.Warnings, doc.Database.Warnings(e.lang)...)
				}
				if err := src.Err(); err != nil {
					doc.Errors = append(doc.Errors, report.ErrorEntry{Message: i18n.Localize(err, e.lang)})
				}
				err = e.write(*output, func(w io.Writer) error {
					switch *format {
					case "json":
						return report.WriteHostJSON(w, doc)
					case "sarif":
						return report.WriteHostSARIF(w, doc, e.lang, Version)
					case "markdown":
						return report.WriteHostMarkdown(w, doc, e.lang)
					}
					return report.WriteHostText(w, doc, e.lang)
				})
				if err != nil {
					return err
				}
				for _, w := range doc.Warnings {
					e.warnf(msgPlain, w)
				}
				if *upload != "" && len(invs) > 0 {
					inv := &inventory.Document{Format: "affected", Hosts: invs}
					for _, er := range doc.Errors {
						inv.Errors = append(inv.Errors, inventory.Error{File: er.File, Line: er.Line, Column: er.Column, Message: er.Message})
					}
					source := *sourceName
					if source == "" && len(args) == 0 {
						source, _ = os.Hostname() // the running machine, read from itself
					}
					if err := uploadInventory(e, *upload, source, args, inv); err != nil {
						return err
					}
				}
				affected := false
				for _, h := range doc.Hosts {
					affected = affected || h.Counts.Affected > 0
				}
				switch {
				case len(doc.Errors) > 0:
					if *format != "text" || *output != "" {
						e.warnf(msgIncomplete, len(doc.Errors))
					}
					return exitError{ExitIncomplete}
				case doc.Unchecked() > 0:
					// A host nothing could be checked on: "no advisory
					// affects it" would not be true.
					return exitError{ExitIncomplete}
				case affected:
					return exitError{ExitFindings}
				}
				return nil
			}
		},
	})
}
