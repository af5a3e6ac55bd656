package report

import (
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/url"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/owenrumney/go-sarif/v3/pkg/report/v210/sarif"

	"github.com/affected-dev/affected/internal/i18n"
)

// WriteSARIF writes the findings as SARIF 2.1.0
// (https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html), in the
// subset GitHub code scanning reads: one rule per advisory (with a numeric
// security-severity), one result per finding located in the manifest that
// declares the dependency, paths relative to %SRCROOT% (which
// originalUriBaseIds places at the document's Base, the working directory
// of the scan), and a stable partial fingerprint so that alerts survive
// unrelated edits. A run that could not read every file is not
// executionSuccessful; its warnings are tool configuration notifications.
func WriteSARIF(w io.Writer, d *ScanDocument, lang i18n.Lang, version string) error {
	d.Normalize()
	run := newRun(lang, version)
	if d.Base != "" {
		// Where %SRCROOT% was: code scanning resolves the relative uris
		// against it (and against the repository root when it is one).
		run.OriginalUriBaseIds = map[string]sarif.ArtifactLocation{
			srcRoot: *sarif.NewArtifactLocation().WithURI(fileURI(d.Base, true)),
		}
	}
	for _, a := range d.Advisories {
		rule := run.AddRule(a.ID).
			WithName(ruleName(a.ID)).
			WithShortDescription(sarif.NewMultiformatMessageString().WithText(a.Title)).
			WithFullDescription(sarif.NewMultiformatMessageString().WithText(nonEmpty(a.Summary, a.Title)))
		help := a.Remediation
		if help == "" {
			help = a.Title
		}
		rule.WithHelp(sarif.NewMultiformatMessageString().WithText(help).WithMarkdown(help))
		if len(a.References) > 0 {
			rule.WithHelpURI(a.References[0])
		}
		props := sarif.NewPropertyBag()
		props.Add("security-severity", securitySeverity(a))
		props.Add("precision", "very-high")
		props.Tags = []string{"security", "vulnerability", "dependency"}
		if len(a.Aliases) > 0 {
			props.Add("aliases", a.Aliases)
		}
		rule.WithProperties(props)
		rule.WithDefaultConfiguration(sarif.NewReportingConfiguration().WithLevel(level(a.Severity)))
	}
	for i, f := range slices.Concat(d.Findings, d.AwaitingRestore) {
		res := run.CreateResultForRule(f.Advisory.ID)
		if i < len(d.Findings) {
			res.WithLevel(level(f.Advisory.Severity))
		} else {
			// Fixed in the files, not yet in the lock data: the lock data
			// still holds the affected version until restore runs.
			res.WithLevel("note")
		}
		res.WithMessage(sarif.NewTextMessage(sarifMessage(f, lang)))
		line := f.Location.Line
		if line < 1 {
			line = 1
		}
		region := sarif.NewRegion().WithStartLine(line)
		if f.Location.Column > 0 {
			region.WithStartColumn(f.Location.Column)
		}
		loc := sarif.NewPhysicalLocation().
			WithArtifactLocation(artifact(f.Location.File)).
			WithRegion(region)
		res.AddLocation(sarif.NewLocationWithPhysicalLocation(loc))
		res.WithPartialFingerprints(map[string]string{"affected/v1": fingerprint(f)})
		props := sarif.NewPropertyBag()
		props.Add("package", f.Package.Name)
		props.Add("version", f.Package.Version)
		props.Add("framework", f.Framework)
		props.Add("project", f.Project)
		props.Add("direct", f.Direct)
		props.Add("path_count", f.PathCount)
		props.Add("recommended_version", f.RecommendedVersion)
		if f.LockStale != nil {
			props.Add("lock_stale", f.LockStale)
		}
		res.WithProperties(props)
	}
	addErrors(run, d.Errors)
	inv := invocation(run)
	inv.WithExecutionSuccessful(len(d.Errors) == 0)
	for _, l := range declaredOnlyLines(d, lang) {
		inv.AddToolConfigurationNotification(sarif.NewNotification().WithMessage(sarif.NewTextMessage(strings.TrimSpace(l))).WithLevel("note"))
	}
	for _, w := range d.Warnings {
		inv.AddToolConfigurationNotification(sarif.NewNotification().WithMessage(sarif.NewTextMessage(w)).WithLevel("warning"))
	}
	if d.Database != nil {
		props := sarif.NewPropertyBag()
		props.Add("database", d.Database)
		run.WithProperties(props)
	}
	rep := sarif.NewReport()
	rep.AddRun(run)
	if err := rep.PrettyWrite(w); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

// newRun starts a SARIF run of affected.
func newRun(lang i18n.Lang, version string) *sarif.Run {
	run := sarif.NewRunWithInformationURI("affected", "https://github.com/affected-dev/affected")
	run.Tool.Driver.WithVersion(version).WithSemanticVersion(semver(version)).WithLanguage(lang.String())
	run.WithLanguage(lang.String())
	run.WithColumnKind("unicodeCodePoints")
	return run
}

// addErrors adds the files that could not be read as tool execution
// notifications, located where the error is.
func addErrors(run *sarif.Run, errs []ErrorEntry) {
	for _, e := range errs {
		n := sarif.NewNotification().WithMessage(sarif.NewTextMessage(e.String())).WithLevel("error")
		if e.File != "" {
			pl := sarif.NewPhysicalLocation().WithArtifactLocation(artifact(e.File))
			if e.Line > 0 {
				r := sarif.NewRegion().WithStartLine(e.Line)
				if e.Column > 0 {
					r.WithStartColumn(e.Column)
				}
				pl.WithRegion(r)
			}
			n.WithLocations([]*sarif.Location{sarif.NewLocationWithPhysicalLocation(pl)})
		}
		invocation(run).AddToolExecutionNotification(n)
	}
}

// srcRoot is the uriBaseId of every relative location.
const srcRoot = "%SRCROOT%"

// artifact locates a report path: relative ones against %SRCROOT%,
// absolute ones (files outside the working directory) as file URIs.
func artifact(file string) *sarif.ArtifactLocation {
	if path.IsAbs(file) || filepath.IsAbs(file) || filepath.VolumeName(file) != "" {
		return sarif.NewArtifactLocation().WithURI(fileURI(file, false))
	}
	return sarif.NewArtifactLocation().WithURI(file).WithURIBaseID(srcRoot)
}

// fileURI is the file:// URI of an absolute path (of a directory, with a
// final slash, as SARIF requires of a base).
func fileURI(p string, dir bool) string {
	p = filepath.ToSlash(p)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p // C:/src → /C:/src
	}
	if dir && !strings.HasSuffix(p, "/") {
		p += "/"
	}
	return (&url.URL{Scheme: "file", Path: p}).String()
}

func invocation(run *sarif.Run) *sarif.Invocation {
	if len(run.Invocations) == 0 {
		run.AddInvocation(sarif.NewInvocation().WithExecutionSuccessful(true))
	}
	inv := run.Invocations[0]
	return inv
}

// sarifMessage is one line: the package, how it gets in, and what to do.
func sarifMessage(f Finding, lang i18n.Lang) string {
	via := ""
	if !f.Direct && len(f.Paths) > 0 && len(f.Paths[0]) > 1 {
		via = strings.Join(f.Paths[0][:len(f.Paths[0])-1], " > ")
	}
	text := f.Advice.Text
	if note := lockStaleNote(f, lang); note != "" {
		text += " " + note
	}
	return MsgSARIFMessage.Plain(lang, f.Package.Name, f.Package.Version, f.Framework, f.Project, orDash(via), text)
}

func fingerprint(f Finding) string {
	h := sha256.Sum256([]byte(strings.Join([]string{f.Advisory.ID, f.Project, f.Framework, strings.ToLower(f.Package.Name), f.Package.Version}, "\x00")))
	return hex.EncodeToString(h[:16])
}

func ruleName(id string) string {
	var b strings.Builder
	for _, r := range id {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return "VulnerableDependency" + b.String()
}

// securitySeverity is the number GitHub code scanning ranks alerts by: the
// advisory's highest CVSS base score, else its severity mapped into
// GitHub's bands (critical ≥ 9.0, high 7.0–8.9, medium 4.0–6.9, low < 4).
func securitySeverity(a AdvisoryEntry) string {
	best := -1.0
	for _, sc := range a.Scores {
		if sc.BaseScore != nil && *sc.BaseScore > best {
			best = *sc.BaseScore
		}
	}
	if best >= 0 {
		return strconv.FormatFloat(best, 'f', 1, 64)
	}
	switch strings.ToLower(a.Severity) {
	case "critical":
		return "9.5"
	case "high":
		return "8.0"
	case "moderate":
		return "5.5"
	case "low":
		return "2.0"
	}
	return "5.0"
}

func level(s string) string {
	switch strings.ToLower(s) {
	case "critical", "high":
		return "error"
	case "low":
		return "note"
	}
	return "warning"
}

func semver(v string) string {
	if v == "" || v == "devel" {
		return "0.0.0-devel"
	}
	return strings.TrimPrefix(v, "v")
}

func nonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// MsgSARIFMessage is a SARIF result message.
var MsgSARIFMessage = i18n.Define("report.sarif-message",
	"%s %s is affected (%s, %s; via %s). %s",
	"%s %s{이/가} 영향을 받음 (%s, %s; 경유: %s). %s",
	"%s %s 受影響（%s，%s；經由 %s）。%s")
