// Package advisory is the one model of a security advisory that every
// source (built-in records, OSV, CSAF) is read into and that matching,
// reports and fixes use.
//
// An advisory describes up to three kinds of exposure:
//
//   - package: an ecosystem package in affected version ranges, with the
//     versions that fix it and the related packages to update with it
//     (advisory 4010983: every Microsoft.AspNetCore.Mvc.* package);
//   - platform: a product version and the update that fixes it (advisory
//     3109853: Windows 8.1 without KB3109853), with the product's canonical
//     id from internal/windows, the updates the fix replaces and the kind
//     of update (see [PlatformExposure] for how a host matcher decides);
//   - behaviour: a named protocol check that a probe can observe
//     (advisory 3109853: a TLS server renews the session ticket in the
//     abbreviated handshake).
//
// Texts (title, summary, remediation) exist per language; an advisory
// shows the reader's language when it has it and English otherwise.
// Version ranges follow the OSV schema's ECOSYSTEM ranges
// (https://ossf.github.io/osv-schema/#affectedranges-field), evaluated with
// NuGet version rules for NuGet packages.
package advisory

import (
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/affected-dev/affected/internal/i18n"
	"github.com/affected-dev/affected/internal/nuget"
)

// Advisory is one security advisory.
type Advisory struct {
	ID      string   `json:"id"`
	Aliases []string `json:"aliases,omitempty"`
	// Source says where the record came from: "builtin", "osv", "csaf".
	Source    string     `json:"source"`
	Published time.Time  `json:"published,omitzero"`
	Modified  time.Time  `json:"modified,omitzero"`
	Withdrawn *time.Time `json:"withdrawn,omitempty"`
	// Severity is one of low, moderate, high, critical, or "" when the
	// source gives none; Scores are the vectors as published.
	Severity   Severity   `json:"severity,omitempty"`
	Scores     []Score    `json:"scores,omitempty"`
	Texts      []Text     `json:"texts"`
	References []Ref      `json:"references,omitempty"`
	Revisions  []Revision `json:"revisions,omitempty"`

	Packages   []PackageExposure   `json:"packages,omitempty"`
	Platforms  []PlatformExposure  `json:"platforms,omitempty"`
	Behaviours []BehaviourExposure `json:"behaviours,omitempty"`
}

// Severity is a qualitative severity.
type Severity string

// Severities, in increasing order.
const (
	SeverityLow      Severity = "low"
	SeverityModerate Severity = "moderate"
	SeverityHigh     Severity = "high"
	SeverityCritical Severity = "critical"
)

// Rank orders severities (0 for unknown).
func (s Severity) Rank() int {
	switch s {
	case SeverityLow:
		return 1
	case SeverityModerate:
		return 2
	case SeverityHigh:
		return 3
	case SeverityCritical:
		return 4
	}
	return 0
}

// ParseSeverity maps the words sources use (GHSA's MODERATE, CSAF's
// "important", Microsoft's "Important") to a Severity.
func ParseSeverity(s string) Severity {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "low":
		return SeverityLow
	case "moderate", "medium":
		return SeverityModerate
	case "high", "important":
		return SeverityHigh
	case "critical":
		return SeverityCritical
	}
	return ""
}

// Score is a severity score as published (e.g. a CVSS vector).
type Score struct {
	Type  string `json:"type"`
	Score string `json:"score"`
}

// Text is an advisory's prose in one language.
type Text struct {
	Lang        string `json:"lang"` // BCP 47: en, ko, zh-TW
	Title       string `json:"title"`
	Summary     string `json:"summary,omitempty"`
	Remediation string `json:"remediation,omitempty"`
}

// Ref is a reference link.
type Ref struct {
	Type string `json:"type,omitempty"`
	URL  string `json:"url"`
}

// Revision is an entry of the advisory's revision history.
type Revision struct {
	Number  string    `json:"number"`
	Date    time.Time `json:"date"`
	Summary string    `json:"summary,omitempty"`
	// Lang is the language of Summary (BCP 47) when the source says it;
	// empty means English.
	Lang string `json:"lang,omitempty"`
	// Translations are Summary in other languages, from the same record
	// published in several languages (Microsoft's documents, CSAF).
	Translations []Translation `json:"translations,omitempty"`
}

// Translation is a short text in one language.
type Translation struct {
	Lang string `json:"lang"` // BCP 47
	Text string `json:"text"`
}

// SummaryIn returns the revision's summary in l, or, as [Advisory.TextIn]
// does for texts, the English one (or the first) with ok false when it
// has none in l.
func (r *Revision) SummaryIn(l i18n.Lang) (s string, ok bool) {
	all := append([]Translation{{Lang: r.lang(), Text: r.Summary}}, r.Translations...)
	for _, t := range all {
		if t.Text != "" && sameLang(t.Lang, l.String()) {
			return t.Text, true
		}
	}
	for _, t := range all {
		if t.Text != "" && isEnglish(t.Lang) {
			return t.Text, false
		}
	}
	return r.Summary, false
}

func (r *Revision) lang() string {
	if r.Lang == "" {
		return "en"
	}
	return r.Lang
}

// MergeRevision adds what src says of the same revision to r: its summary
// in another language, and the earlier date when the two disagree (the
// translations of one document are sometimes dated a day apart).
func (r *Revision) MergeRevision(src Revision) {
	if !src.Date.IsZero() && (r.Date.IsZero() || src.Date.Before(r.Date)) {
		r.Date = src.Date
	}
	add := func(lang, text string) {
		if text == "" || sameLang(lang, r.lang()) && r.Summary != "" {
			return
		}
		if sameLang(lang, r.lang()) {
			r.Summary = text
			return
		}
		for _, t := range r.Translations {
			if sameLang(t.Lang, lang) {
				return
			}
		}
		r.Translations = append(r.Translations, Translation{Lang: lang, Text: text})
		sort.Slice(r.Translations, func(i, j int) bool { return r.Translations[i].Lang < r.Translations[j].Lang })
	}
	add(src.lang(), src.Summary)
	for _, t := range src.Translations {
		add(t.Lang, t.Text)
	}
}

func sameLang(a, b string) bool { return strings.EqualFold(a, b) }

func isEnglish(l string) bool {
	l = strings.ToLower(l)
	return l == "en" || strings.HasPrefix(l, "en-")
}

// PackageExposure is an affected package.
type PackageExposure struct {
	Ecosystem string `json:"ecosystem"` // "NuGet"
	Name      string `json:"name"`
	// Ranges are OSV ECOSYSTEM ranges; Versions lists affected versions
	// explicitly. A version is affected when it is in a range or listed.
	Ranges   []Range  `json:"ranges,omitempty"`
	Versions []string `json:"versions,omitempty"`
	// Exact says Versions is the whole set of affected versions, as
	// Microsoft's package tables list them: a version is affected only when
	// listed, and Ranges (one per release train, from its first version to
	// its fix) only tell each version the fix of its own train.
	Exact bool `json:"exact,omitempty"`
	// Related are packages to update to the same release as part of the
	// fix: identifiers or prefix patterns ("Microsoft.AspNetCore.Mvc.*").
	Related []string `json:"related,omitempty"`
	// Ignore are dependencies the remediation must not touch (the platform
	// dependency Microsoft.NETCore.App).
	Ignore []string `json:"ignore,omitempty"`

	fixed    []nuget.Version // FixedVersions, once Compile ran
	versions []nuget.Version // Versions parsed, once Compile ran
	low      nuget.Version   // Lowest, once Compile ran
	hasLow   bool
	compiled bool
}

// Range is an OSV range: an ordered list of events.
type Range struct {
	Type   string  `json:"type"` // ECOSYSTEM, SEMVER
	Events []Event `json:"events"`

	sorted []rangeEvent // the events parsed and sorted, once Compile ran
}

// rangeEvent is a parsed event: kind 'i' introduced, 'f' fixed, 'l'
// last_affected; zero marks introduced "0".
type rangeEvent struct {
	v    nuget.Version
	zero bool
	kind byte
}

// Event is one OSV range event; exactly one field is set.
type Event struct {
	Introduced   string `json:"introduced,omitempty"`
	Fixed        string `json:"fixed,omitempty"`
	LastAffected string `json:"last_affected,omitempty"`
	Limit        string `json:"limit,omitempty"`
}

// PlatformExposure is an affected product: one row of a Microsoft
// advisory's or bulletin's "affected software" table.
//
// How a host matcher decides (the rule internal/windows documents): the
// row applies to a host when windows.ParseID(ProductID).Covers(the host's
// product) holds (and, with a Component, the host has that component); the
// host is fixed when it has FixedBy, one of AlsoFixedBy, or an update that
// replaces one of those — the Supersedes lists of every record, read as a
// graph of "newer KB replaces older KB" — or, when Update is "cumulative",
// any later cumulative update for the same product. Rows of one advisory
// with the same ProductID and Component are alternatives (a "Security Only"
// and a "Monthly Rollup" update): either one fixes.
type PlatformExposure struct {
	// Product is the product's English name as Microsoft writes it
	// ("Windows 10 Version 1511 for x64-based Systems").
	Product string `json:"product"`
	// Version is the feature release when the record gives it apart from
	// Product (records written before ProductID existed).
	Version string `json:"version,omitempty"`
	// ProductID is the canonical, language-independent product id of
	// internal/windows ("windows/10/1511/x64"), empty when the source
	// names a product it cannot map.
	ProductID string `json:"product_id,omitempty"`
	// Component is what the update changes on the product when the row
	// names it apart ("Internet Explorer 11", "Microsoft .NET Framework
	// 4.6"), and ComponentID its canonical id ("internet-explorer/11").
	Component   string `json:"component,omitempty"`
	ComponentID string `json:"component_id,omitempty"`
	// FixedBy names the update that fixes it ("KB3124266").
	FixedBy string `json:"fixed_by,omitempty"`
	// Update is the kind of update FixedBy is: "security-only",
	// "monthly-rollup", or "cumulative" (it holds every earlier fix for the
	// product, so any later cumulative update fixes too: Windows 10).
	Update string `json:"update,omitempty"`
	// Supersedes are the updates FixedBy replaces (a bulletin's "Updates
	// replaced" column: the newest of each chain), as "KB3116869".
	Supersedes []string `json:"supersedes,omitempty"`
	// AlsoFixedBy are other updates that deliver the fix on this product,
	// as Microsoft says elsewhere than in the row (the January 2016
	// cumulative updates of Windows 10 for advisory 3109853, and the
	// updates that replaced them), with Reference the URL of the document that says so.
	AlsoFixedBy []string `json:"also_fixed_by,omitempty"`
	Reference   string   `json:"reference,omitempty"`
	// Severity and Impact are the row's aggregate severity and its maximum
	// security impact ("remote-code-execution", "elevation-of-privilege",
	// "information-disclosure", "denial-of-service",
	// "security-feature-bypass", "spoofing", "tampering"), when the row
	// gives them.
	Severity Severity `json:"severity,omitempty"`
	Impact   string   `json:"impact,omitempty"`
	// Released is the date the source gives for FixedBy ("2016-01-12"),
	// so that a matcher can tell the later of two cumulative updates.
	Released string `json:"released,omitempty"`
}

// Equal reports whether p and q say the same.
func (p PlatformExposure) Equal(q PlatformExposure) bool {
	return p.Product == q.Product && p.Version == q.Version && p.ProductID == q.ProductID &&
		p.Component == q.Component && p.ComponentID == q.ComponentID && p.FixedBy == q.FixedBy &&
		p.Update == q.Update && p.Reference == q.Reference && p.Severity == q.Severity && p.Impact == q.Impact && p.Released == q.Released &&
		slices.Equal(p.Supersedes, q.Supersedes) && slices.Equal(p.AlsoFixedBy, q.AlsoFixedBy)
}

// Fixes reports whether update kb (as "KB3124266") is one the row names as
// fixing it: FixedBy or one of AlsoFixedBy. Supersedence across records is
// the matcher's to follow.
func (p PlatformExposure) Fixes(kb string) bool {
	if kb == "" {
		return false
	}
	if strings.EqualFold(p.FixedBy, kb) {
		return true
	}
	for _, k := range p.AlsoFixedBy {
		if strings.EqualFold(k, kb) {
			return true
		}
	}
	return false
}

// BehaviourExposure is an observable behaviour that exposes a system.
type BehaviourExposure struct {
	// Check names the check that observes it, e.g.
	// "tls.ticket-renewed-in-abbreviated-handshake".
	Check       string `json:"check"`
	Description string `json:"description,omitempty"`
}

// TextIn returns the advisory's text in l, or the English text (or the
// first one) with ok false when it has none in l.
func (a *Advisory) TextIn(l i18n.Lang) (t Text, ok bool) {
	want := l.String()
	for _, t := range a.Texts {
		if strings.EqualFold(t.Lang, want) {
			return t, true
		}
	}
	for _, t := range a.Texts {
		if strings.EqualFold(t.Lang, "en") || strings.HasPrefix(strings.ToLower(t.Lang), "en-") {
			return t, l == i18n.En
		}
	}
	if len(a.Texts) > 0 {
		return a.Texts[0], false
	}
	return Text{Lang: "en", Title: a.ID}, l == i18n.En
}

// Title returns the title in l (or English).
func (a *Advisory) Title(l i18n.Lang) string {
	t, _ := a.TextIn(l)
	if t.Title == "" {
		return a.ID
	}
	return t.Title
}

// Affects reports whether version v of the exposed package is affected.
func (p *PackageExposure) Affects(v nuget.Version) bool {
	if p.compiled {
		for _, w := range p.versions {
			if w.Equal(v) {
				return true
			}
		}
	} else {
		for _, s := range p.Versions {
			if w, err := nuget.ParseVersion(s); err == nil && w.Equal(v) {
				return true
			}
		}
	}
	if p.Exact {
		return false
	}
	for _, r := range p.Ranges {
		if r.Affects(v) {
			return true
		}
	}
	return false
}

// Affects evaluates an OSV range for v
// (https://ossf.github.io/osv-schema/#evaluation): events sorted by
// version; v is affected from an "introduced" until a "fixed" (excluded)
// or after a "last_affected" (included).
func (r Range) Affects(v nuget.Version) bool {
	if r.Type != "" && r.Type != "ECOSYSTEM" && r.Type != "SEMVER" {
		return false // GIT ranges name commits, not versions
	}
	evs := r.sorted
	if evs == nil {
		evs = r.parse()
	}
	affected := false
	for _, e := range evs {
		switch e.kind {
		case 'i':
			if e.zero || !v.Less(e.v) {
				affected = true
			}
		case 'f':
			if !v.Less(e.v) {
				affected = false
			}
		case 'l':
			if e.v.Less(v) {
				affected = false
			}
		}
	}
	return affected
}

// TrainHas reports whether version s (as written) falls in range r: for
// an Exact exposure, whether s belongs to the release train r stands for.
func TrainHas(r Range, s string) bool {
	v, err := nuget.ParseVersion(s)
	return err == nil && r.Affects(v)
}

// parse parses and sorts the events of r.
func (r Range) parse() []rangeEvent {
	evs := make([]rangeEvent, 0, len(r.Events))
	for _, e := range r.Events {
		switch {
		case e.Introduced == "0":
			evs = append(evs, rangeEvent{zero: true, kind: 'i'})
		case e.Introduced != "":
			if x, err := nuget.ParseVersion(e.Introduced); err == nil {
				evs = append(evs, rangeEvent{v: x, kind: 'i'})
			}
		case e.Fixed != "":
			if x, err := nuget.ParseVersion(e.Fixed); err == nil {
				evs = append(evs, rangeEvent{v: x, kind: 'f'})
			}
		case e.LastAffected != "":
			if x, err := nuget.ParseVersion(e.LastAffected); err == nil {
				evs = append(evs, rangeEvent{v: x, kind: 'l'})
			}
		}
	}
	// Records give their events in order, mostly: a stable sort of an
	// ordered list is the list itself, and checking costs no allocation.
	for i := 1; i < len(evs); i++ {
		if eventLess(&evs[i], &evs[i-1]) {
			sort.SliceStable(evs, func(i, j int) bool { return eventLess(&evs[i], &evs[j]) })
			break
		}
	}
	return evs
}

// eventLess orders parsed events: introduced "0" first, then by version.
func eventLess(a, b *rangeEvent) bool {
	if a.zero != b.zero {
		return a.zero
	}
	return a.v.Less(b.v)
}

// Compile parses the versions of every package exposure once, so that
// matching does not parse them for every package it looks at. Sources call
// it before sharing an advisory; an uncompiled advisory works the same,
// only slower. It must not run while others read the advisory.
func (a *Advisory) Compile() {
	for i := range a.Packages {
		p := &a.Packages[i]
		for j := range p.Ranges {
			p.Ranges[j].sorted = p.Ranges[j].parse()
		}
		p.versions = p.versions[:0]
		for _, s := range p.Versions {
			if v, err := nuget.ParseVersion(s); err == nil {
				p.versions = append(p.versions, v)
			}
		}
		p.fixed = p.fixedVersions()
		p.low, p.hasLow = p.lowest()
		p.compiled = true
	}
}

// Lowest returns the lowest version the exposure can affect, when there
// is one: the lowest of its listed versions and of the "introduced"
// versions of the ranges Affects reads, as they parse (none when one is
// "0"). A version is affected only when it equals a listed version, or
// when an "introduced" event of a range is at or below it: below the
// lowest, none is, and a matcher need not ask Affects (records of a
// package's later releases, as the bench's generated ones, which
// introduce 10.0.0).
func (p *PackageExposure) Lowest() (nuget.Version, bool) {
	if p.compiled {
		return p.low, p.hasLow
	}
	return p.lowest()
}

func (p *PackageExposure) lowest() (nuget.Version, bool) {
	var low nuget.Version
	has := false
	consider := func(s string) {
		if v, err := nuget.ParseVersion(s); err == nil && (!has || v.Less(low)) {
			low, has = v, true
		}
	}
	for _, s := range p.Versions {
		consider(s)
	}
	for _, r := range p.Ranges {
		if r.Type != "" && r.Type != "ECOSYSTEM" && r.Type != "SEMVER" {
			continue // not read by Affects
		}
		for _, ev := range r.Events {
			switch {
			case ev.Introduced == "0":
				return nuget.Version{}, false
			case ev.Introduced != "":
				consider(ev.Introduced)
			}
		}
	}
	return low, has
}

// FixedVersions returns the "fixed" versions of the exposure, normalised,
// lowest first.
func (p *PackageExposure) FixedVersions() []nuget.Version {
	if p.compiled {
		return p.fixed
	}
	return p.fixedVersions()
}

func (p *PackageExposure) fixedVersions() []nuget.Version {
	var out []nuget.Version
	for _, r := range p.Ranges {
		for _, e := range r.Events {
			if e.Fixed == "" {
				continue
			}
			v, err := nuget.ParseVersion(e.Fixed)
			// Each normalised form once; a record has a few fixes, so a
			// look along the list costs less than a map.
			if err != nil || slices.ContainsFunc(out, func(w nuget.Version) bool { return w.String() == v.String() }) {
				continue
			}
			out = append(out, v)
		}
	}
	if len(out) > 1 {
		sort.Slice(out, func(i, j int) bool { return out[i].Less(out[j]) })
	}
	return out
}

// FixedFor returns the lowest fixed version above v among the ranges that
// affect v (the advisory's own answer for this version), if any.
func (p *PackageExposure) FixedFor(v nuget.Version) (nuget.Version, bool) {
	var best nuget.Version
	for _, r := range p.Ranges {
		if !r.Affects(v) {
			continue
		}
		evs := r.sorted
		if evs == nil {
			evs = r.parse()
		}
		for _, e := range evs {
			if e.kind != 'f' || !v.Less(e.v) {
				continue
			}
			if best.IsZero() || e.v.Less(best) {
				best = e.v
			}
		}
	}
	return best, !best.IsZero()
}

// NuGetIDs returns the normalised ids (nuget.NormalizeID) of the NuGet
// packages the advisory exposes, each once, in the record's order: the
// keys the local database and the server's store index records by.
func (a *Advisory) NuGetIDs() []string {
	ids := []string{}
	for _, p := range a.Packages {
		if !strings.EqualFold(p.Ecosystem, "NuGet") {
			continue
		}
		if k := nuget.NormalizeID(p.Name); !slices.Contains(ids, k) {
			ids = append(ids, k)
		}
	}
	return ids
}

// PlatformKey returns the index key of a product id: its family and
// version ("windows-server/2012r2/x64/core" → "windows-server/2012r2"),
// "" for an id without both.
func PlatformKey(productID string) string {
	parts := strings.SplitN(productID, "/", 3)
	if len(parts) < 2 || parts[0] == "" || parts[1] == "" {
		return ""
	}
	return parts[0] + "/" + parts[1]
}

// PlatformKeys returns the keys ([PlatformKey]) of the products of the
// advisory's platform exposures, each once, in the record's order: the
// keys the local database and the server's store index records by, so
// that checking a host reads only the records of its product.
func (a *Advisory) PlatformKeys() []string {
	keys := []string{}
	for _, p := range a.Platforms {
		if k := PlatformKey(p.ProductID); k != "" && !slices.Contains(keys, k) {
			keys = append(keys, k)
		}
	}
	return keys
}

// BehaviourChecks returns the checks of the advisory's behaviour
// exposures, each once.
func (a *Advisory) BehaviourChecks() []string {
	checks := []string{}
	for _, b := range a.Behaviours {
		if b.Check != "" && !slices.Contains(checks, b.Check) {
			checks = append(checks, b.Check)
		}
	}
	return checks
}

// Is reports whether the advisory has the ID or alias (case-insensitive).
func (a *Advisory) Is(id string) bool {
	if strings.EqualFold(a.ID, id) {
		return true
	}
	for _, al := range a.Aliases {
		if strings.EqualFold(al, id) {
			return true
		}
	}
	return false
}
