package report

import (
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"

	"github.com/affected-dev/affected/internal/i18n"
	"github.com/affected-dev/affected/internal/windows"
)

// HostDocument is the JSON output of `affected host` (schema_version 1): for
// each Windows host read from the inventories, its product, its installed
// updates and the verdict of every advisory that applies to it. The text,
// Markdown and SARIF reports are rendered from it.
type HostDocument struct {
	SchemaVersion int `json:"schema_version"`
	// Lang is the language of the texts in the document.
	Lang  string      `json:"lang"`
	Hosts []HostEntry `json:"hosts"`
	// Advisories describes every advisory that has a verdict other than
	// not applicable.
	Advisories []AdvisoryEntry `json:"advisories"`
	// Asked are the advisories asked for with --advisory (empty for all).
	Asked    []string     `json:"asked"`
	Errors   []ErrorEntry `json:"errors"`
	Warnings []string     `json:"warnings,omitempty"`
	Database *Database    `json:"database,omitempty"`
}

// HostEntry is one host.
type HostEntry struct {
	// Name is the host's name, or its first file's name when no inventory
	// gives one.
	Name    string       `json:"name"`
	Sources []HostSource `json:"sources"`
	OS      *HostOS      `json:"os,omitempty"`
	// Product is the canonical product id ("windows-server/2012r2/x64")
	// and ProductName its English name; both empty when Reason says why
	// the product cannot be told ("no-os", "unknown-build"). Reason
	// "no-data", with the product, says that no advisory of the database
	// names the product: nothing could be checked.
	Product     string `json:"product,omitempty"`
	ProductName string `json:"product_name,omitempty"`
	Reason      string `json:"reason,omitempty"`
	// UpdateList says whether an inventory lists the installed updates;
	// Updates are their KB numbers; Incomplete marks a list cut short.
	UpdateList bool     `json:"update_list"`
	Updates    []string `json:"updates"`
	Incomplete bool     `json:"incomplete,omitempty"`
	// Counts of the verdicts by status.
	Counts HostCounts `json:"counts"`
	// Missing are the updates to install, newest first, each with the
	// advisories it fixes.
	Missing  []MissingUpdate `json:"missing"`
	Verdicts []HostVerdict   `json:"verdicts"`
}

// HostSource is an inventory file a host was read from.
type HostSource struct {
	File     string `json:"file"`
	Line     int    `json:"line,omitempty"`
	Format   string `json:"format"`
	Encoding string `json:"encoding"`
}

// HostOS is the operating system as the inventories describe it.
type HostOS struct {
	Name             string `json:"name"`
	Version          string `json:"version,omitempty"`
	Build            int    `json:"build,omitempty"`
	UBR              int    `json:"ubr,omitempty"`
	ServicePack      int    `json:"service_pack,omitempty"`
	DisplayVersion   string `json:"display_version,omitempty"`
	Arch             string `json:"arch,omitempty"`
	InstallationType string `json:"installation_type,omitempty"`
}

// HostCounts counts verdicts.
type HostCounts struct {
	Affected      int `json:"affected"`
	Fixed         int `json:"fixed"`
	Unknown       int `json:"unknown"`
	NotApplicable int `json:"not_applicable"`
}

// MissingUpdate is an update a host lacks.
type MissingUpdate struct {
	KB         string   `json:"kb"`
	Released   string   `json:"released,omitempty"`
	Advisories []string `json:"advisories"`
}

// The verdict statuses.
const (
	StatusAffected      = "affected"
	StatusFixed         = "fixed"
	StatusUnknown       = "unknown"
	StatusNotApplicable = "not-applicable"
)

// HostVerdict is one advisory on one host.
type HostVerdict struct {
	Advisory string `json:"advisory"`
	// Status is affected, fixed, unknown or not-applicable; Reason, for
	// unknown and not-applicable, one of no-os, unknown-build,
	// no-update-list, incomplete-list, no-fix-known, product-not-listed,
	// and ReasonText says it in the document's language.
	Status     string    `json:"status"`
	Reason     string    `json:"reason,omitempty"`
	ReasonText string    `json:"reason_text,omitempty"`
	Rows       []HostRow `json:"rows"`
}

// HostRow is the verdict of one product and component an advisory names.
type HostRow struct {
	Product   string `json:"product"`
	ProductID string `json:"product_id"`
	Component string `json:"component,omitempty"`
	// Fixes are the updates the advisory names for the row.
	Fixes  []string `json:"fixes"`
	Status string   `json:"status"`
	Reason string   `json:"reason,omitempty"`
	// Found is the installed update that fixes it; Via the named update
	// Found supersedes (when Found is not one of Fixes); Evidence where an
	// inventory lists Found.
	Found    string    `json:"found,omitempty"`
	Via      string    `json:"via,omitempty"`
	Evidence *Location `json:"evidence,omitempty"`
	// Install is the update to install (the newest that covers the fix)
	// and InstallReleased its release date.
	Install         string `json:"install,omitempty"`
	InstallReleased string `json:"install_released,omitempty"`
}

// Normalize fills nil slices and the schema version.
func (d *HostDocument) Normalize() {
	d.SchemaVersion = SchemaVersion
	nonNil(&d.Hosts)
	nonNil(&d.Advisories)
	nonNil(&d.Asked)
	nonNil(&d.Errors)
	for i := range d.Hosts {
		h := &d.Hosts[i]
		nonNil(&h.Sources)
		nonNil(&h.Updates)
		nonNil(&h.Missing)
		nonNil(&h.Verdicts)
		for j := range h.Verdicts {
			v := &h.Verdicts[j]
			nonNil(&v.Rows)
			for k := range v.Rows {
				nonNil(&v.Rows[k].Fixes)
			}
		}
	}
	for i := range d.Advisories {
		nonNil(&d.Advisories[i].Aliases)
	}
}

// WriteHostJSON writes the document as indented JSON.
func WriteHostJSON(w io.Writer, d *HostDocument) error {
	d.Normalize()
	return writeJSON(w, d)
}

// advisory returns the entry of an advisory id.
func (d *HostDocument) advisory(id string) AdvisoryEntry {
	for _, a := range d.Advisories {
		if a.ID == id {
			return a
		}
	}
	return AdvisoryEntry{ID: id, Title: id}
}

// maxListed bounds the advisories named per missing update in text.
const maxListed = 6

// WriteHostText writes the verdicts for a terminal: per host its product
// and files, then, for the advisories asked for, each verdict with its
// evidence; without --advisory, the updates to install with the
// advisories each fixes.
func WriteHostText(w io.Writer, d *HostDocument, lang i18n.Lang) error {
	d.Normalize()
	ew := &errWriter{w: w}
	for _, h := range d.Hosts {
		ew.printf("%s\n", hostHeading(h, lang))
		for _, s := range h.Sources {
			ew.printf("  %s\n", MsgHostSource.Plain(lang, s.File, s.Format, s.Encoding))
		}
		ew.printf("  %s\n", HostUpdatesLine(h, lang))
		if h.Reason != "" && len(d.Asked) == 0 {
			ew.printf("  %s\n", ReasonText(h.Reason, lang))
		}
		if len(d.Asked) > 0 {
			for _, v := range h.Verdicts {
				a := d.advisory(v.Advisory)
				ew.printf("  %s  %s\n", v.Advisory, HostVerdictLine(v, lang))
				if v.Status == StatusNotApplicable || v.Status == StatusUnknown && len(v.Rows) == 0 {
					continue
				}
				for _, r := range v.Rows {
					ew.printf("    %s\n", HostRowLine(r, lang))
				}
				if v.Status == StatusAffected && a.Remediation != "" {
					ew.printf("%s", wrapIndent(a.Remediation, "    ", 78))
				}
			}
		} else {
			ew.printf("  %s\n", MsgHostCounts.Sprintf(lang, h.Counts.Affected, h.Counts.Fixed, h.Counts.Unknown))
			if len(h.Missing) > 0 {
				ew.printf("  %s\n", MsgHostInstall.Plain(lang))
				for _, m := range h.Missing {
					ids := m.Advisories
					more := ""
					if len(ids) > maxListed {
						more = " " + MsgHostMore.Sprintf(lang, len(ids)-maxListed)
						ids = ids[:maxListed]
					}
					ew.printf("    %s %s  %s%s\n", m.KB, parens(m.Released), MsgHostFixesN.Sprintf(lang, len(m.Advisories), strings.Join(ids, ", ")), more)
				}
			}
			unknown := map[string]int{}
			for _, v := range h.Verdicts {
				if v.Status == StatusUnknown {
					unknown[v.Reason]++
				}
			}
			for _, r := range sortedKeys(unknown) {
				ew.printf("  %s\n", MsgHostUnknownN.Sprintf(lang, unknown[r], ReasonText(r, lang)))
			}
		}
		ew.printf("\n")
	}
	for _, e := range d.Errors {
		ew.printf("%s\n", MsgErrorEntry.Plain(lang, e.String()))
	}
	ew.printf("%s\n", hostSummary(d, lang))
	if d.Database != nil {
		ew.printf("%s\n", d.Database.Line(lang))
	}
	return ew.err
}

func sortedKeys(m map[string]int) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func parens(s string) string {
	if s == "" {
		return ""
	}
	return "(" + s + ")"
}

func hostHeading(h HostEntry, lang i18n.Lang) string {
	product := windows.DisplayName(h.Product, h.ProductName, lang)
	if product == "" && h.OS != nil {
		product = h.OS.Name
	}
	if product == "" {
		product = MsgHostNoOS.Plain(lang)
	}
	s := h.Name + "  " + product
	if h.Product != "" {
		s += " (" + h.Product + ")"
	}
	if h.OS != nil && h.OS.Build > 0 {
		b := fmt.Sprintf("%d", h.OS.Build)
		if h.OS.UBR > 0 {
			b += fmt.Sprintf(".%d", h.OS.UBR)
		}
		s += ", " + MsgHostBuild.Plain(lang, b)
	}
	return s
}

// HostUpdatesLine says how many installed updates a host's inventories
// list, in lang.
func HostUpdatesLine(h HostEntry, lang i18n.Lang) string {
	switch {
	case !h.UpdateList:
		return MsgHostNoUpdateList.Plain(lang)
	case h.Incomplete:
		return MsgHostUpdatesIncomplete.Sprintf(lang, len(h.Updates))
	}
	return MsgHostUpdates.Sprintf(lang, len(h.Updates))
}

// HostVerdictLine says a verdict in lang: affected with the updates to
// install, fixed by which, or why it is unknown.
func HostVerdictLine(v HostVerdict, lang i18n.Lang) string {
	switch v.Status {
	case StatusAffected:
		var kbs []string
		for _, r := range v.Rows {
			if r.Install != "" && !slices.Contains(kbs, r.Install) {
				kbs = append(kbs, r.Install)
			}
		}
		return MsgVerdictAffected.Plain(lang, strings.Join(kbs, ", "))
	case StatusFixed:
		var kbs []string
		for _, r := range v.Rows {
			if r.Found != "" && !slices.Contains(kbs, r.Found) {
				kbs = append(kbs, r.Found)
			}
		}
		return MsgVerdictFixed.Plain(lang, strings.Join(kbs, ", "))
	case StatusNotApplicable:
		return MsgVerdictNotApplicable.Plain(lang, v.ReasonText)
	}
	return MsgVerdictUnknown.Plain(lang, v.ReasonText)
}

// HostRowLine says in lang what one product row of a verdict rests on:
// the installed update that fixes it and where the inventory lists it, or
// the updates that fix it and the one to install.
func HostRowLine(r HostRow, lang i18n.Lang) string {
	product := windows.DisplayName(r.ProductID, r.Product, lang)
	if r.Component != "" {
		product = MsgHostComponentOn.Plain(lang, r.Component, product)
	}
	fixes := strings.Join(r.Fixes, ", ")
	if fixes == "" {
		fixes = "-"
	}
	switch r.Status {
	case StatusFixed:
		where := ""
		if r.Evidence != nil {
			where = r.Evidence.File
			if r.Evidence.Line > 0 {
				where += fmt.Sprintf(":%d", r.Evidence.Line)
			}
		}
		if r.Via != "" {
			return MsgRowFixedVia.Plain(lang, product, r.Found, r.Via, where)
		}
		return MsgRowFixed.Plain(lang, product, r.Found, where)
	case StatusAffected:
		if r.Install != "" && !slices.Contains(r.Fixes, r.Install) {
			return MsgRowAffectedNewer.Plain(lang, product, fixes, r.Install)
		}
		return MsgRowAffected.Plain(lang, product, fixes)
	}
	return MsgRowUnknown.Plain(lang, product, fixes, ReasonText(r.Reason, lang))
}

func hostSummary(d *HostDocument, lang i18n.Lang) string {
	var affectedHosts, verdicts int
	for _, h := range d.Hosts {
		if h.Counts.Affected > 0 {
			affectedHosts++
		}
		verdicts += h.Counts.Affected
	}
	line := MsgHostSummary.Sprintf(lang, affectedHosts, len(d.Hosts), verdicts, len(d.Errors))
	if affectedHosts == 0 {
		line = MsgHostSummaryClean.Sprintf(lang, len(d.Hosts), len(d.Errors))
	}
	if n := d.Unchecked(); n > 0 {
		line += "; " + MsgHostSummaryUnchecked.Sprintf(lang, n)
	}
	return line
}

// Unchecked counts the hosts that could not be checked at all: their
// operating system or product cannot be told, or no advisory names the
// product (Reason "no-os", "unknown-build", "no-data"), and no advisory
// was asked for (each asked for gives its verdict).
func (d *HostDocument) Unchecked() int {
	if len(d.Asked) > 0 {
		return 0
	}
	n := 0
	for _, h := range d.Hosts {
		if h.Reason != "" {
			n++
		}
	}
	return n
}

// ReasonText says a reason in lang.
func ReasonText(reason string, lang i18n.Lang) string {
	switch reason {
	case "no-os":
		return MsgReasonNoOS.Plain(lang)
	case "no-data":
		return MsgReasonNoData.Plain(lang)
	case "unknown-build":
		return MsgReasonUnknownBuild.Plain(lang)
	case "no-update-list":
		return MsgReasonNoUpdates.Plain(lang)
	case "incomplete-list":
		return MsgReasonIncomplete.Plain(lang)
	case "no-fix-known":
		return MsgReasonNoFix.Plain(lang)
	case "product-not-listed":
		return MsgReasonNotListed.Plain(lang)
	}
	return reason
}

// WriteHostMarkdown writes the verdicts as GitHub-flavoured Markdown: a
// summary, then per host a table of the updates to install (or, for the
// advisories asked for, of the verdicts).
func WriteHostMarkdown(w io.Writer, d *HostDocument, lang i18n.Lang) error {
	d.Normalize()
	ew := &errWriter{w: w}
	ew.printf("## %s\n\n%s\n", MsgHostMDTitle.Plain(lang), mdEscape(hostSummary(d, lang)))
	if d.Database != nil {
		ew.printf("\n%s\n", mdEscape(d.Database.Line(lang)))
	}
	for _, warn := range d.Warnings {
		ew.printf("\n> **%s** %s\n", MsgMDWarning.Plain(lang), mdEscape(warn))
	}
	for _, h := range d.Hosts {
		ew.printf("\n### %s\n\n%s\n\n", mdEscape(h.Name), mdEscape(hostHeading(h, lang)+" — "+HostUpdatesLine(h, lang)))
		if len(d.Asked) > 0 {
			ew.printf("| %s | %s | %s |\n|---|---|---|\n", MsgMDAdvisory.Plain(lang), MsgMDStatus.Plain(lang), MsgMDEvidence.Plain(lang))
			for _, v := range h.Verdicts {
				var rows []string
				for _, r := range v.Rows {
					rows = append(rows, mdEscape(HostRowLine(r, lang)))
				}
				ew.printf("| %s | %s | %s |\n", v.Advisory, mdEscape(HostVerdictLine(v, lang)), strings.Join(rows, "<br>"))
			}
			continue
		}
		ew.printf("%s\n", mdEscape(MsgHostCounts.Sprintf(lang, h.Counts.Affected, h.Counts.Fixed, h.Counts.Unknown)))
		if h.Reason != "" {
			ew.printf("\n%s\n", mdEscape(ReasonText(h.Reason, lang)))
		}
		if len(h.Missing) > 0 {
			ew.printf("\n| %s | %s | %s |\n|---|---|---|\n", MsgMDUpdate.Plain(lang), MsgMDReleased.Plain(lang), MsgMDAdvisories.Plain(lang))
			for _, m := range h.Missing {
				ids := m.Advisories
				more := ""
				if len(ids) > maxListed {
					more = " " + MsgHostMore.Sprintf(lang, len(ids)-maxListed)
					ids = ids[:maxListed]
				}
				ew.printf("| %s | %s | %d: %s%s |\n", m.KB, orDash(m.Released), len(m.Advisories), strings.Join(ids, ", "), mdEscape(more))
			}
		}
	}
	if len(d.Errors) > 0 {
		ew.printf("\n### %s\n\n", MsgMDErrors.Plain(lang))
		for _, e := range d.Errors {
			ew.printf("- `%s`\n", e.String())
		}
	}
	return ew.err
}
