package cli

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/affected-dev/affected/internal/advisory"
	"github.com/affected-dev/affected/internal/advisory/db"
	"github.com/affected-dev/affected/internal/i18n"
	"github.com/affected-dev/affected/internal/report"
)

// The db command: list, show, import and update the local advisory
// database (see internal/advisory/db). Only update touches the network.
func init() {
	register(&command{
		name:    "db",
		summary: msgDBSummary,
		usage:   msgDBUsage,
		flags: func(fs *flag.FlagSet, e *env) func([]string) error {
			dbDir := fs.String("db", "", "")
			format := fs.String("format", "text", "")
			source := fs.String("source", "", "")
			serverURL := fs.String("server", "", "")
			return func(args []string) error {
				if len(args) == 0 {
					return usagef(MsgMissingArg, "list|show|import|update")
				}
				set := map[string]bool{}
				fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
				sub, rest := args[0], args[1:]
				var allowed []string
				switch sub {
				case "list", "show":
					allowed = []string{"format"}
				case "import":
					allowed = []string{"server"}
				case "update":
					allowed = []string{"source", "server"}
				default:
					return usagef(msgDBUnknownSub, sub)
				}
				for _, f := range []string{"format", "source", "server"} {
					if set[f] && !dbContains(allowed, f) {
						return usagef(msgDBFlagNotFor, f, sub)
					}
				}
				if err := oneOf("format", *format, "text", "json"); err != nil {
					return err
				}
				dir, err := db.Dir(*dbDir, e.getenv)
				if err != nil {
					return err
				}
				switch sub {
				case "list":
					if len(rest) > 0 {
						return usagef(MsgUnexpectedArgs, rest)
					}
					return dbList(e, dir, *format)
				case "show":
					if len(rest) == 0 {
						return usagef(MsgMissingArg, "ID")
					}
					if len(rest) > 1 {
						return usagef(MsgUnexpectedArgs, rest[1:])
					}
					return dbShow(e, dir, rest[0], *format)
				case "import":
					if len(rest) == 0 {
						return usagef(MsgMissingArg, "FILE|DIR|ZIP")
					}
					if *serverURL != "" {
						return dbImportServer(e, *serverURL, rest)
					}
					return dbImport(e, dir, rest)
				default:
					if len(rest) > 0 {
						return usagef(MsgUnexpectedArgs, rest)
					}
					if *serverURL != "" {
						if set["source"] {
							return usagef(msgUpdateServerSource)
						}
						return dbUpdateServer(e, *serverURL)
					}
					return dbUpdate(e, dir, *source)
				}
			}
		},
	})
}

func dbContains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

func dbList(e *env, dir, format string) error {
	d, err := db.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	all, err := d.All()
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if format == "json" {
		type item struct {
			ID        string            `json:"id"`
			Aliases   []string          `json:"aliases"`
			Source    string            `json:"source"`
			Severity  advisory.Severity `json:"severity"`
			Published string            `json:"published,omitempty"`
			Modified  string            `json:"modified,omitempty"`
			Withdrawn string            `json:"withdrawn,omitempty"`
			Title     string            `json:"title"`
			Languages []string          `json:"languages"`
			Packages  []string          `json:"packages"`
			Platforms int               `json:"platforms"`
		}
		info := databaseOf(d, time.Now())
		doc := struct {
			SchemaVersion int    `json:"schema_version"`
			Database      string `json:"database"`
			// When the stored records were last refreshed, and from where
			// (see report.Database).
			Updated    string `json:"updated,omitempty"`
			AgeDays    *int   `json:"age_days,omitempty"`
			Stale      bool   `json:"stale"`
			Source     string `json:"source,omitempty"`
			Advisories []item `json:"advisories"`
		}{SchemaVersion: 1, Database: dir, Updated: info.Updated, AgeDays: info.AgeDays, Stale: info.Stale,
			Source: info.Source, Advisories: []item{}}
		for _, a := range all {
			it := item{ID: a.ID, Aliases: dbNonNil(a.Aliases), Source: a.Source, Severity: a.Severity,
				Published: dbDate(a.Published), Modified: dbDate(a.Modified), Title: a.Title(e.lang),
				Languages: []string{}, Packages: []string{}, Platforms: len(a.Platforms)}
			if a.Withdrawn != nil {
				it.Withdrawn = dbDate(*a.Withdrawn)
			}
			for _, t := range a.Texts {
				it.Languages = append(it.Languages, t.Lang)
			}
			for _, p := range a.Packages {
				it.Packages = append(it.Packages, p.Ecosystem+":"+p.Name)
			}
			doc.Advisories = append(doc.Advisories, it)
		}
		if err := dbWriteJSON(&buf, doc); err != nil {
			return err
		}
		return e.emit("", buf.Bytes())
	}
	// Columns by display width: a Korean or Chinese header or severity
	// takes two terminal columns a character.
	tw := &report.Table{}
	tw.Row(strings.Split(msgDBListHeader.Plain(e.lang), "\t")...)
	builtins := 0
	for _, a := range all {
		if a.Source == "builtin" {
			builtins++
		}
		title := a.Title(e.lang)
		if a.Withdrawn != nil {
			title = msgDBWithdrawnTitle.Plain(e.lang, title)
		}
		tw.Row(a.ID, report.SeverityLabel(string(a.Severity), e.lang), dbOrDash(dbDate(a.Published)),
			strconv.Itoa(len(a.Packages)+len(a.Platforms)), dbOneLine(title))
	}
	tw.WriteTo(&buf)
	fmt.Fprint(&buf, msgDBListFooter.Sprintf(e.lang, len(all), builtins, len(all)-builtins, dir))
	if info := databaseOf(d, time.Now()); info.AgeDays != nil {
		src := info.Source
		if src == "" {
			src = msgDBImportsOnly.Plain(e.lang)
		}
		fmt.Fprint(&buf, msgDBListUpdated.Sprintf(e.lang, info.Updated[:10], *info.AgeDays, src))
	}
	return e.emit("", buf.Bytes())
}

func dbShow(e *env, dir, id, format string) error {
	d, err := db.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	a, ok := d.Get(id)
	if err := d.Err(); err != nil {
		return err
	}
	if !ok {
		return i18n.Errorf(msgDBNoSuchAdvisory, id, dir)
	}
	txt, inLang := a.TextIn(e.lang)
	var buf bytes.Buffer
	if format == "json" {
		doc := struct {
			SchemaVersion int                `json:"schema_version"`
			Lang          string             `json:"lang"`
			LangAvailable bool               `json:"lang_available"`
			Advisory      *advisory.Advisory `json:"advisory"`
		}{1, e.lang.String(), inLang, a}
		if err := dbWriteJSON(&buf, doc); err != nil {
			return err
		}
		return e.emit("", buf.Bytes())
	}
	w := &buf
	title := txt.Title
	if title == "" {
		title = a.ID
	}
	fmt.Fprintf(w, "%s  %s\n", a.ID, dbOneLine(title))
	if !inLang {
		fmt.Fprintln(w, msgDBLangMissing.Plain(e.lang, e.lang.String(), txt.Lang))
	}
	field := func(m *i18n.Message, v string) {
		if v != "" {
			fmt.Fprintf(w, "%s %s\n", m.Plain(e.lang), v)
		}
	}
	field(msgDBFieldAliases, strings.Join(a.Aliases, ", "))
	field(msgDBFieldSource, a.Source)
	if a.Severity != "" {
		field(msgDBFieldSeverity, report.SeverityLabel(string(a.Severity), e.lang))
	}
	field(msgDBFieldPublished, dbDate(a.Published))
	field(msgDBFieldModified, dbDate(a.Modified))
	if a.Withdrawn != nil {
		field(msgDBFieldWithdrawn, dbDate(*a.Withdrawn))
	}
	for _, s := range a.Scores {
		field(msgDBFieldScore, s.Type+" "+s.Score)
	}
	if txt.Summary != "" {
		fmt.Fprintf(w, "\n%s\n", strings.TrimSpace(txt.Summary))
	}
	if txt.Remediation != "" {
		fmt.Fprintf(w, "\n%s\n%s\n", msgDBRemediation.Plain(e.lang), dbIndent(strings.TrimSpace(txt.Remediation)))
	}
	if len(a.Packages) > 0 {
		fmt.Fprintf(w, "\n%s\n", msgDBPackages.Plain(e.lang))
		for _, p := range a.Packages {
			fmt.Fprintf(w, "  %s %s\n", p.Ecosystem, p.Name)
			if p.Exact {
				dbShowTrains(w, e.lang, p)
			} else if r := dbRanges(p); r != "" {
				fmt.Fprintf(w, "    %s %s\n", msgDBAffectedRanges.Plain(e.lang), r)
			}
			if len(p.Versions) > 0 && !p.Exact {
				fmt.Fprintf(w, "    %s %s\n", msgDBAffectedVersions.Plain(e.lang), strings.Join(p.Versions, ", "))
			}
			var fixed []string
			for _, v := range p.FixedVersions() {
				fixed = append(fixed, v.String())
			}
			if len(fixed) > 0 && !p.Exact {
				fmt.Fprintf(w, "    %s %s\n", msgDBFixedIn.Plain(e.lang), strings.Join(fixed, ", "))
			}
			if len(p.Related) > 0 {
				fmt.Fprintf(w, "    %s %s\n", msgDBRelated.Plain(e.lang), strings.Join(p.Related, ", "))
			}
			if len(p.Ignore) > 0 {
				fmt.Fprintf(w, "    %s %s\n", msgDBIgnore.Plain(e.lang), strings.Join(p.Ignore, ", "))
			}
		}
	}
	if len(a.Platforms) > 0 {
		fmt.Fprintf(w, "\n%s\n", msgDBPlatforms.Plain(e.lang))
		dbShowPlatforms(w, e.lang, a.Platforms)
	}
	if len(a.Behaviours) > 0 {
		fmt.Fprintf(w, "\n%s\n", msgDBBehaviours.Plain(e.lang))
		for _, b := range a.Behaviours {
			fmt.Fprintf(w, "  %s\n", b.Check)
			if desc := b.DescriptionIn(e.lang); desc != "" {
				fmt.Fprintf(w, "%s\n", dbIndent(dbIndent(desc)))
			}
		}
	}
	if len(a.References) > 0 {
		fmt.Fprintf(w, "\n%s\n", msgDBReferences.Plain(e.lang))
		for _, r := range a.References {
			fmt.Fprintf(w, "  %s\n", r.URL)
		}
	}
	if len(a.Revisions) > 0 {
		fmt.Fprintf(w, "\n%s\n", msgDBRevisions.Plain(e.lang))
		for _, r := range a.Revisions {
			summary, _ := r.SummaryIn(e.lang)
			fmt.Fprintf(w, "  %s  %s  %s\n", r.Number, dbDate(r.Date), dbOneLine(summary))
		}
	}
	return e.emit("", buf.Bytes())
}

// dbRanges renders OSV ranges in NuGet's interval notation: introduced 1.0.0,
// fixed 1.0.6 is [1.0.0, 1.0.6); introduced 0 is an open lower end;
// last_affected closes the interval.
func dbRanges(p advisory.PackageExposure) string {
	var out []string
	for _, r := range p.Ranges {
		lo, open := "", false
		for _, ev := range r.Events {
			switch {
			case ev.Introduced != "":
				if open {
					out = append(out, dbInterval(lo, "", false))
				}
				lo, open = ev.Introduced, true
			case ev.Fixed != "" || ev.Limit != "":
				hi := ev.Fixed
				if hi == "" {
					hi = ev.Limit
				}
				out = append(out, dbInterval(lo, hi, false))
				open = false
			case ev.LastAffected != "":
				out = append(out, dbInterval(lo, ev.LastAffected, true))
				open = false
			}
		}
		if open {
			out = append(out, dbInterval(lo, "", false))
		}
	}
	return strings.Join(out, " ")
}

func dbInterval(lo, hi string, incl bool) string {
	var b strings.Builder
	if lo == "0" || lo == "" {
		b.WriteString("(, ")
	} else {
		b.WriteString("[" + lo + ", ")
	}
	b.WriteString(hi)
	switch {
	case hi == "":
		b.WriteString(")")
	case incl:
		b.WriteString("]")
	default:
		b.WriteString(")")
	}
	return b.String()
}

func dbImport(e *env, dir string, paths []string) error {
	rep, err := db.Import(dir, paths)
	dbReportErrors(e, rep.Errors)
	if err != nil {
		return err
	}
	dbImportWarnings(e, rep.Warnings)
	for _, n := range rep.Notes {
		fmt.Fprintln(e.stderr, msgDBNote.Plain(e.lang, i18n.Localize(n, e.lang)))
	}
	e.printf(msgDBImported, rep.Read, len(rep.Added), len(rep.Replaced), dir, rep.Total)
	dbImportMSDocs(e, rep.MSDocs)
	if len(rep.Errors) > 0 {
		e.warnf(msgDBSkipped, len(rep.Errors))
		return exitError{ExitIncomplete}
	}
	return nil
}

func dbUpdate(e *env, dir, source string) error {
	if source == "" {
		source = db.DefaultSource
	}
	if path, ok := db.LocalSource(source); ok {
		fmt.Fprintln(e.stderr, msgDBReadingSource.Plain(e.lang, path, dir))
	} else {
		fmt.Fprintln(e.stderr, msgDBDownloading.Plain(e.lang, source, dir))
	}
	client := &http.Client{Timeout: 10 * time.Minute}
	rep, err := db.Update(e.ctx, dir, source, client)
	dbReportErrors(e, rep.Errors)
	if errors.Is(err, db.ErrUnreachable) {
		e.errorLine(err)
		fmt.Fprintln(e.stderr, MsgHintLine.Plain(e.lang, msgDBOffline.Plain(e.lang)))
		return exitError{ExitIncomplete}
	}
	if err != nil {
		return err
	}
	e.printf(msgDBUpdated, dir, rep.Total, len(rep.Added), len(rep.Replaced), len(rep.Removed))
	return nil
}

// dbReportErrors prints the problems of an import or update, at most a
// screenful.
func dbReportErrors(e *env, errs []error) {
	const max = 50
	for i, err := range errs {
		if i == max {
			e.warnf(msgDBMoreErrors, len(errs)-max)
			return
		}
		e.errorLine(err)
	}
}

func dbWriteJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

func dbDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format("2006-01-02")
}

func dbOrDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func dbNonNil(ss []string) []string {
	if ss == nil {
		return []string{}
	}
	return ss
}

func dbOneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

func dbIndent(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		if l != "" {
			lines[i] = "  " + l
		}
	}
	return strings.Join(lines, "\n")
}
