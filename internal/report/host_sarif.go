package report

import (
	"crypto/sha256"
	"encoding/hex"
	"io"
	"slices"
	"strings"

	"github.com/owenrumney/go-sarif/v3/pkg/report/v210/sarif"

	"github.com/affected-dev/affected/internal/i18n"
)

// WriteHostSARIF writes the affected verdicts as SARIF 2.1.0: one rule per
// advisory, one result per host and advisory, located at the inventory
// file the host was read from, with a fingerprint of host and advisory.
func WriteHostSARIF(w io.Writer, d *HostDocument, lang i18n.Lang, version string) error {
	d.Normalize()
	run := newRun(lang, version)
	rules := map[string]bool{}
	for _, h := range d.Hosts {
		for _, v := range h.Verdicts {
			if v.Status != StatusAffected {
				continue
			}
			a := d.advisory(v.Advisory)
			if !rules[a.ID] {
				rules[a.ID] = true
				rule := run.AddRule(a.ID).
					WithName("MissingUpdate" + ruleName(a.ID)[len("VulnerableDependency"):]).
					WithShortDescription(sarif.NewMultiformatMessageString().WithText(a.Title)).
					WithFullDescription(sarif.NewMultiformatMessageString().WithText(nonEmpty(a.Summary, a.Title)))
				help := nonEmpty(a.Remediation, a.Title)
				rule.WithHelp(sarif.NewMultiformatMessageString().WithText(help).WithMarkdown(help))
				if len(a.References) > 0 {
					rule.WithHelpURI(a.References[0])
				}
				props := sarif.NewPropertyBag()
				props.Add("security-severity", securitySeverity(a))
				props.Tags = []string{"security", "vulnerability", "windows"}
				rule.WithProperties(props)
				rule.WithDefaultConfiguration(sarif.NewReportingConfiguration().WithLevel(level(a.Severity)))
			}
			res := run.CreateResultForRule(a.ID)
			res.WithLevel(level(a.Severity))
			res.WithMessage(sarif.NewTextMessage(h.Name + ": " + HostVerdictLine(v, lang)))
			if len(h.Sources) > 0 {
				s := h.Sources[0]
				line := s.Line
				if line < 1 {
					line = 1
				}
				loc := sarif.NewPhysicalLocation().WithArtifactLocation(artifact(s.File)).WithRegion(sarif.NewRegion().WithStartLine(line))
				res.AddLocation(sarif.NewLocationWithPhysicalLocation(loc))
			}
			sum := sha256.Sum256([]byte(strings.ToLower(h.Name) + "\x00" + h.Product + "\x00" + a.ID))
			res.WithPartialFingerprints(map[string]string{"affected-host/v1": hex.EncodeToString(sum[:16])})
			props := sarif.NewPropertyBag()
			props.Add("host", h.Name)
			props.Add("product", h.Product)
			var install []string
			for _, r := range v.Rows {
				if r.Install != "" && !slices.Contains(install, r.Install) {
					install = append(install, r.Install)
				}
			}
			props.Add("install", install)
			res.WithProperties(props)
		}
	}
	addErrors(run, d.Errors)
	inv := invocation(run)
	inv.WithExecutionSuccessful(len(d.Errors) == 0)
	for _, warn := range d.Warnings {
		inv.AddToolConfigurationNotification(sarif.NewNotification().WithMessage(sarif.NewTextMessage(warn)).WithLevel("warning"))
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
