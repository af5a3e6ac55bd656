// Package csaf reads CSAF 2.0 documents
// (https://docs.oasis-open.org/csaf/csaf/v2.0/csaf-v2.0.html), the OASIS
// format in which Microsoft and others publish advisories, into the
// advisory model: one advisory per document, its ID the document's
// tracking id.
//
// What is read:
//
//   - document (section 3.2.1): title, lang, notes (summary, description,
//     general), references, aggregate_severity, and tracking: id, initial
//     and current release dates, revision history, status, version;
//   - product_tree (3.2.2): branches at any depth, full_product_names and
//     relationships; product_identification_helper.purl, parsed as a
//     package URL: pkg:nuget/Name@Version names a NuGet package version.
//     A version comes from the purl or else from the nearest enclosing
//     product_version branch; a product_version_range branch whose name is
//     a vers range ("vers:nuget/>=1.0.0|<1.0.6") gives a range. Products
//     without a package purl are platforms (product name and version);
//     products_groups are expanded where remediations name them;
//   - vulnerabilities (3.2.3): cve and ids (aliases), notes, product_status,
//     remediations, scores (cvss_v3 and cvss_v2) and references.
//
// Product status to exposure: known_affected, first_affected and
// last_affected package versions are listed as affected versions; ranges
// are inferred where the document says where an affected line ends: an
// affected version v and the lowest fixed or first_fixed version f above it
// give the range introduced v, fixed f (starting above any
// known_not_affected version below f), and a last_affected version gives a
// last_affected event. An affected version with nothing above it stays an
// explicit version only; a first_affected version with nothing above it
// opens a range with no end. Fixed versions with no affected version below
// say nothing about what is affected and are not kept. Inference needs
// version order, so it is done for NuGet packages only; other ecosystems
// keep explicit versions. Affected platforms become platform exposures,
// the fixing update taken from a vendor_fix remediation for that product
// (its details when they are one short line).
//
// Documents with the same tracking id in different languages
// (document.lang) are one advisory with a text per language: see [Merge].
//
// Validation: the fields the standard requires and this package uses are
// checked with errors at file:line:col: csaf_version "2.0", category, title,
// publisher, tracking (id, dates, revision_history, status, version); a
// product id defined twice or used but not defined (the standard's tests
// 6.1.1 and 6.1.2); unparsable purls, vers ranges and dates; wrong JSON
// types. Not checked: the rest of the JSON schema, CVSS vectors against
// their scores, signatures and hashes, and document.distribution (TLP).
package csaf

import (
	"encoding/json"
	"strings"
	"time"

	"github.com/package-url/packageurl-go"

	"github.com/affected-dev/affected/internal/advisory"
	"github.com/affected-dev/affected/internal/extract"
	"github.com/affected-dev/affected/internal/extract/jsonwalk"
	"github.com/affected-dev/affected/internal/i18n"
	"github.com/affected-dev/affected/internal/nuget"
)

// The CSAF 2.0 document structure, restricted to what is read
// (https://docs.oasis-open.org/csaf/csaf/v2.0/csaf-v2.0.html#32-properties).
type (
	root struct {
		Document        *document       `json:"document"`
		ProductTree     *productTree    `json:"product_tree"`
		Vulnerabilities []vulnerability `json:"vulnerabilities"`
	}
	document struct {
		Category          string     `json:"category"`
		CSAFVersion       string     `json:"csaf_version"`
		Lang              string     `json:"lang"`
		Title             string     `json:"title"`
		Publisher         *publisher `json:"publisher"`
		Tracking          *tracking  `json:"tracking"`
		Notes             []note     `json:"notes"`
		References        []ref      `json:"references"`
		AggregateSeverity *struct {
			Namespace string `json:"namespace"`
			Text      string `json:"text"`
		} `json:"aggregate_severity"`
	}
	publisher struct {
		Category  string `json:"category"`
		Name      string `json:"name"`
		Namespace string `json:"namespace"`
	}
	tracking struct {
		ID                 string     `json:"id"`
		CurrentReleaseDate string     `json:"current_release_date"`
		InitialReleaseDate string     `json:"initial_release_date"`
		RevisionHistory    []revision `json:"revision_history"`
		Status             string     `json:"status"`
		Version            string     `json:"version"`
	}
	revision struct {
		Date    string `json:"date"`
		Number  string `json:"number"`
		Summary string `json:"summary"`
	}
	note struct {
		Category string `json:"category"`
		Text     string `json:"text"`
		Title    string `json:"title"`
	}
	ref struct {
		Category string `json:"category"`
		Summary  string `json:"summary"`
		URL      string `json:"url"`
	}
	productTree struct {
		Branches         []branch          `json:"branches"`
		FullProductNames []fullProductName `json:"full_product_names"`
		Relationships    []relationship    `json:"relationships"`
		ProductGroups    []productGroup    `json:"product_groups"`
	}
	branch struct {
		Category string           `json:"category"`
		Name     string           `json:"name"`
		Branches []branch         `json:"branches"`
		Product  *fullProductName `json:"product"`
	}
	fullProductName struct {
		Name      string  `json:"name"`
		ProductID string  `json:"product_id"`
		Helper    *helper `json:"product_identification_helper"`
	}
	helper struct {
		CPE  string `json:"cpe"`
		PURL string `json:"purl"`
	}
	relationship struct {
		Category         string           `json:"category"`
		FullProductName  *fullProductName `json:"full_product_name"`
		ProductReference string           `json:"product_reference"`
		RelatesTo        string           `json:"relates_to_product_reference"`
	}
	productGroup struct {
		GroupID    string   `json:"group_id"`
		ProductIDs []string `json:"product_ids"`
	}
	vulnerability struct {
		CVE           string         `json:"cve"`
		IDs           []vulnID       `json:"ids"`
		Title         string         `json:"title"`
		Notes         []note         `json:"notes"`
		ProductStatus *productStatus `json:"product_status"`
		Remediations  []remediation  `json:"remediations"`
		Scores        []score        `json:"scores"`
		References    []ref          `json:"references"`
	}
	vulnID struct {
		SystemName string `json:"system_name"`
		Text       string `json:"text"`
	}
	productStatus struct {
		FirstAffected      []string `json:"first_affected"`
		FirstFixed         []string `json:"first_fixed"`
		Fixed              []string `json:"fixed"`
		KnownAffected      []string `json:"known_affected"`
		KnownNotAffected   []string `json:"known_not_affected"`
		LastAffected       []string `json:"last_affected"`
		Recommended        []string `json:"recommended"`
		UnderInvestigation []string `json:"under_investigation"`
	}
	remediation struct {
		Category   string   `json:"category"`
		Details    string   `json:"details"`
		URL        string   `json:"url"`
		ProductIDs []string `json:"product_ids"`
		GroupIDs   []string `json:"group_ids"`
	}
	score struct {
		Products []string `json:"products"`
		CVSSv3   *cvss    `json:"cvss_v3"`
		CVSSv2   *cvss    `json:"cvss_v2"`
	}
	cvss struct {
		Version      string  `json:"version"`
		VectorString string  `json:"vectorString"`
		BaseScore    float64 `json:"baseScore"`
		BaseSeverity string  `json:"baseSeverity"`
	}
)

// product is a product of the tree, with what identifies it.
type product struct {
	id   string
	name string // full product name
	// A package: ecosystem and name from the purl, version from the purl or
	// the enclosing product_version branch, or a range from the enclosing
	// product_version_range branch.
	ecosystem, pkgName, version string
	versRange                   string
	// A platform: the enclosing product_version branch, if any.
	platformVersion string
}

func (p *product) isPackage() bool { return p.pkgName != "" }

// LooksLike reports whether the JSON document in data looks like a CSAF
// document (an object whose "document" has "csaf_version"), for callers
// that must tell CSAF from other formats before parsing.
func LooksLike(data []byte) bool {
	body, _ := extract.TrimBOM(data)
	var top struct {
		Document map[string]json.RawMessage `json:"document"`
	}
	if json.Unmarshal(body, &top) != nil || top.Document == nil {
		return false
	}
	_, ok := top.Document["csaf_version"]
	return ok
}

// Parse reads the CSAF 2.0 document in data; file names it in errors,
// which are *extract.Error values located at file:line:col.
func Parse(file string, data []byte) (*advisory.Advisory, error) {
	body, base := extract.TrimBOM(data)
	var r root
	if err := json.Unmarshal(body, &r); err != nil {
		return nil, extract.JSONError(file, data, base, err)
	}
	p := &parser{file: file, data: data, body: body, base: base, products: map[string]*product{}, groups: map[string][]string{}}
	a, err := p.convert(&r)
	if err != nil {
		return nil, err
	}
	return a, nil
}

type parser struct {
	file     string
	data     []byte
	body     []byte
	base     int64
	products map[string]*product
	groups   map[string][]string
}

func (p *parser) errorAt(path []any, m *i18n.Message, args ...any) error {
	off, _ := jsonwalk.ValueOffset(p.body, path...)
	return extract.Errorf(p.file, extract.PosAt(p.data, off+p.base), m, args...)
}

// required checks that a string field is present and not blank.
func (p *parser) required(at []any, field, value string) error {
	if strings.TrimSpace(value) != "" {
		return nil
	}
	if _, ok := jsonwalk.ValueOffset(p.body, join(at, field)...); ok {
		return p.errorAt(join(at, field), msgEmpty, field)
	}
	return p.errorAt(at, msgMissing, field)
}

func (p *parser) date(at []any, field, value string) (time.Time, error) {
	if err := p.required(at, field, value); err != nil {
		return time.Time{}, err
	}
	t, err := time.Parse(time.RFC3339, value)
	if err != nil {
		return time.Time{}, p.errorAt(join(at, field), msgBadTime, field, value)
	}
	return t.UTC(), nil
}

func (p *parser) convert(r *root) (*advisory.Advisory, error) {
	d := r.Document
	if d == nil {
		return nil, p.errorAt(nil, msgMissing, "document")
	}
	at := []any{"document"}
	if err := p.required(at, "csaf_version", d.CSAFVersion); err != nil {
		return nil, err
	}
	if d.CSAFVersion != "2.0" {
		return nil, p.errorAt(join(at, "csaf_version"), msgVersion, d.CSAFVersion)
	}
	for _, f := range [][2]string{{"category", d.Category}, {"title", d.Title}} {
		if err := p.required(at, f[0], f[1]); err != nil {
			return nil, err
		}
	}
	if d.Publisher == nil {
		return nil, p.errorAt(at, msgMissing, "publisher")
	}
	if err := p.required(join(at, "publisher"), "name", d.Publisher.Name); err != nil {
		return nil, err
	}
	tr := d.Tracking
	if tr == nil {
		return nil, p.errorAt(at, msgMissing, "tracking")
	}
	at = []any{"document", "tracking"}
	for _, f := range [][2]string{{"id", tr.ID}, {"status", tr.Status}, {"version", tr.Version}} {
		if err := p.required(at, f[0], f[1]); err != nil {
			return nil, err
		}
	}
	switch tr.Status {
	case "draft", "final", "interim":
	default:
		return nil, p.errorAt(join(at, "status"), msgStatus, tr.Status)
	}
	a := &advisory.Advisory{ID: strings.TrimSpace(tr.ID), Source: "csaf", Texts: []advisory.Text{}}
	var err error
	if a.Published, err = p.date(at, "initial_release_date", tr.InitialReleaseDate); err != nil {
		return nil, err
	}
	if a.Modified, err = p.date(at, "current_release_date", tr.CurrentReleaseDate); err != nil {
		return nil, err
	}
	if len(tr.RevisionHistory) == 0 {
		return nil, p.errorAt(at, msgMissing, "revision_history")
	}
	for i, rv := range tr.RevisionHistory {
		rat := join(at, "revision_history", i)
		if err := p.required(rat, "number", rv.Number); err != nil {
			return nil, err
		}
		t, err := p.date(rat, "date", rv.Date)
		if err != nil {
			return nil, err
		}
		a.Revisions = append(a.Revisions, advisory.Revision{Number: rv.Number, Date: t, Summary: rv.Summary})
	}
	lang := "en"
	if d.Lang != "" {
		lang = normalizeLang(d.Lang)
	}
	if lang != "en" {
		for i := range a.Revisions {
			a.Revisions[i].Lang = lang
		}
	}

	if r.ProductTree != nil {
		if err := p.readTree(r.ProductTree); err != nil {
			return nil, err
		}
	}

	// Texts.
	text := advisory.Text{Lang: lang, Title: strings.TrimSpace(d.Title)}
	var summary, remediation []string
	for _, n := range d.Notes {
		if n.Category == "summary" || n.Category == "description" || n.Category == "general" {
			summary = appendUnique(summary, strings.TrimSpace(n.Text))
		}
	}
	if d.AggregateSeverity != nil {
		a.Severity = advisory.ParseSeverity(d.AggregateSeverity.Text)
	}
	for _, rf := range d.References {
		a.References = appendRef(a.References, rf)
	}

	exp := newExposures()
	for i, v := range r.Vulnerabilities {
		vat := []any{"vulnerabilities", i}
		if v.CVE != "" && v.CVE != a.ID {
			a.Aliases = appendUnique(a.Aliases, v.CVE)
		}
		for _, id := range v.IDs {
			if id.Text != "" && id.Text != a.ID {
				a.Aliases = appendUnique(a.Aliases, id.Text)
			}
		}
		for _, n := range v.Notes {
			if n.Category == "summary" || n.Category == "description" {
				summary = appendUnique(summary, strings.TrimSpace(n.Text))
			}
		}
		for _, rf := range v.References {
			a.References = appendRef(a.References, rf)
		}
		for j, s := range v.Scores {
			for k, id := range s.Products {
				if err := p.known(join(vat, "scores", j, "products", k), id); err != nil {
					return nil, err
				}
			}
			for _, c := range []struct {
				typ string
				c   *cvss
			}{{"CVSS_V3", s.CVSSv3}, {"CVSS_V2", s.CVSSv2}} {
				if c.c == nil {
					continue
				}
				if c.c.VectorString != "" {
					a.Scores = appendScore(a.Scores, advisory.Score{Type: c.typ, Score: c.c.VectorString})
				}
				if sev := advisory.ParseSeverity(c.c.BaseSeverity); d.AggregateSeverity == nil && sev.Rank() > a.Severity.Rank() {
					a.Severity = sev
				}
			}
		}
		if ps := v.ProductStatus; ps != nil {
			sat := join(vat, "product_status")
			for _, st := range []struct {
				field string
				ids   []string
				kind  statusKind
			}{
				{"known_affected", ps.KnownAffected, affected},
				{"first_affected", ps.FirstAffected, firstAffected},
				{"last_affected", ps.LastAffected, lastAffected},
				{"fixed", ps.Fixed, fixed},
				{"first_fixed", ps.FirstFixed, fixed},
				{"known_not_affected", ps.KnownNotAffected, notAffected},
				{"recommended", ps.Recommended, ignored},
				{"under_investigation", ps.UnderInvestigation, ignored},
			} {
				for k, id := range st.ids {
					iat := join(sat, st.field, k)
					if err := p.known(iat, id); err != nil {
						return nil, err
					}
					if err := p.status(exp, iat, p.products[id], st.kind); err != nil {
						return nil, err
					}
				}
			}
		}
		for j, rm := range v.Remediations {
			rat := join(vat, "remediations", j)
			if err := p.required(rat, "category", rm.Category); err != nil {
				return nil, err
			}
			ids, err := p.remediationProducts(rat, rm)
			if err != nil {
				return nil, err
			}
			if d := strings.TrimSpace(rm.Details); d != "" {
				remediation = appendUnique(remediation, d)
			}
			if rm.URL != "" {
				a.References = appendRef(a.References, ref{Category: "fix", URL: rm.URL})
			}
			if rm.Category == "vendor_fix" {
				for _, id := range ids {
					exp.fixedBy(id, rm)
				}
			}
		}
	}
	text.Summary = strings.Join(summary, "\n\n")
	text.Remediation = strings.Join(remediation, "\n\n")
	a.Texts = append(a.Texts, text)
	a.Packages, a.Platforms = exp.build()
	return a, nil
}

// known checks that a product id is defined in the product tree.
func (p *parser) known(at []any, id string) error {
	if _, ok := p.products[id]; !ok {
		return p.errorAt(at, msgUndefinedProduct, id)
	}
	return nil
}

func (p *parser) remediationProducts(at []any, rm remediation) ([]string, error) {
	var ids []string
	for k, id := range rm.ProductIDs {
		if err := p.known(join(at, "product_ids", k), id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	for k, g := range rm.GroupIDs {
		members, ok := p.groups[g]
		if !ok {
			return nil, p.errorAt(join(at, "group_ids", k), msgUndefinedGroup, g)
		}
		ids = append(ids, members...)
	}
	return ids, nil
}

// readTree collects the products of the tree: branches (3.2.2.1),
// full_product_names (3.2.2.2), relationships (3.2.2.4) and product
// groups (3.2.2.3).
func (p *parser) readTree(t *productTree) error {
	for i := range t.Branches {
		if err := p.readBranch([]any{"product_tree", "branches", i}, &t.Branches[i], branchContext{}); err != nil {
			return err
		}
	}
	for i := range t.FullProductNames {
		if err := p.define([]any{"product_tree", "full_product_names", i}, &t.FullProductNames[i], branchContext{}); err != nil {
			return err
		}
	}
	// Relationships refer to products defined above (or by other
	// relationships, in any order): define them in rounds.
	pending := map[int]bool{}
	for i := range t.Relationships {
		pending[i] = true
	}
	for len(pending) > 0 {
		progress := false
		for i := range t.Relationships {
			if !pending[i] {
				continue
			}
			rel := &t.Relationships[i]
			at := []any{"product_tree", "relationships", i}
			if rel.FullProductName == nil {
				return p.errorAt(at, msgMissing, "full_product_name")
			}
			comp, ok1 := p.products[rel.ProductReference]
			_, ok2 := p.products[rel.RelatesTo]
			if !ok1 || !ok2 {
				continue
			}
			if err := p.define(join(at, "full_product_name"), rel.FullProductName, branchContext{}); err != nil {
				return err
			}
			// A package installed as a component of a platform is still that
			// package; a platform component of a platform is the combination.
			if np := p.products[rel.FullProductName.ProductID]; !np.isPackage() && comp.isPackage() {
				np.ecosystem, np.pkgName, np.version, np.versRange = comp.ecosystem, comp.pkgName, comp.version, comp.versRange
			}
			delete(pending, i)
			progress = true
		}
		if !progress {
			for i := range t.Relationships {
				if !pending[i] {
					continue
				}
				rel := &t.Relationships[i]
				at := []any{"product_tree", "relationships", i}
				if _, ok := p.products[rel.ProductReference]; !ok {
					return p.errorAt(join(at, "product_reference"), msgUndefinedProduct, rel.ProductReference)
				}
				return p.errorAt(join(at, "relates_to_product_reference"), msgUndefinedProduct, rel.RelatesTo)
			}
		}
	}
	for i, g := range t.ProductGroups {
		at := []any{"product_tree", "product_groups", i}
		if err := p.required(at, "group_id", g.GroupID); err != nil {
			return err
		}
		if _, dup := p.groups[g.GroupID]; dup {
			return p.errorAt(join(at, "group_id"), msgDuplicateGroup, g.GroupID)
		}
		for k, id := range g.ProductIDs {
			if err := p.known(join(at, "product_ids", k), id); err != nil {
				return err
			}
		}
		p.groups[g.GroupID] = g.ProductIDs
	}
	return nil
}

// branchContext is what enclosing branches say about a product.
type branchContext struct {
	productName, version, versRange string
}

func (p *parser) readBranch(at []any, b *branch, ctx branchContext) error {
	if err := p.required(at, "category", b.Category); err != nil {
		return err
	}
	switch b.Category {
	case "product_name":
		ctx.productName = b.Name
	case "product_version":
		ctx.version = b.Name
	case "product_version_range":
		ctx.versRange = b.Name
	}
	if b.Product != nil {
		if err := p.define(join(at, "product"), b.Product, ctx); err != nil {
			return err
		}
	}
	for i := range b.Branches {
		if err := p.readBranch(join(at, "branches", i), &b.Branches[i], ctx); err != nil {
			return err
		}
	}
	return nil
}

// define records a product definition.
func (p *parser) define(at []any, fp *fullProductName, ctx branchContext) error {
	if err := p.required(at, "product_id", fp.ProductID); err != nil {
		return err
	}
	if err := p.required(at, "name", fp.Name); err != nil {
		return err
	}
	if _, dup := p.products[fp.ProductID]; dup {
		return p.errorAt(join(at, "product_id"), msgDuplicateProduct, fp.ProductID)
	}
	pr := &product{id: fp.ProductID, name: fp.Name, platformVersion: ctx.version}
	p.products[fp.ProductID] = pr
	if fp.Helper == nil || fp.Helper.PURL == "" {
		return nil
	}
	purl, err := packageurl.FromString(fp.Helper.PURL)
	if err != nil {
		return p.errorAt(join(at, "product_identification_helper", "purl"), msgBadPURL, fp.Helper.PURL, err)
	}
	pr.ecosystem, pr.pkgName = ecosystem(purl)
	pr.version = purl.Version
	if pr.version == "" {
		pr.version = ctx.version
	}
	if pr.version == "" && strings.HasPrefix(ctx.versRange, "vers:") {
		pr.versRange = ctx.versRange
	}
	if pr.ecosystem == nugetEcosystem && pr.version != "" {
		if _, err := nuget.ParseVersion(pr.version); err != nil {
			return p.errorAt(join(at, "product_identification_helper", "purl"), msgBadVersion, err)
		}
	}
	if pr.versRange != "" {
		if _, _, err := parseVers(pr.versRange, pr.ecosystem); err != nil {
			return p.errorAt(at, msgBadVers, pr.versRange, err)
		}
	}
	return nil
}

const nugetEcosystem = "NuGet"

// ecosystem maps a purl type to the OSV ecosystem name and the package
// name as that ecosystem writes it
// (https://github.com/package-url/purl-spec/blob/master/PURL-TYPES.rst).
func ecosystem(u packageurl.PackageURL) (eco, name string) {
	switch u.Type {
	case packageurl.TypeNuget:
		return nugetEcosystem, u.Name
	case packageurl.TypeNPM:
		if u.Namespace != "" {
			return "npm", u.Namespace + "/" + u.Name
		}
		return "npm", u.Name
	case packageurl.TypePyPi:
		return "PyPI", u.Name
	case packageurl.TypeMaven:
		return "Maven", u.Namespace + ":" + u.Name
	case packageurl.TypeGolang:
		return "Go", u.Namespace + "/" + u.Name
	}
	if u.Namespace != "" {
		return u.Type, u.Namespace + "/" + u.Name
	}
	return u.Type, u.Name
}

func normalizeLang(tag string) string {
	if l, err := i18n.Parse(tag); err == nil {
		return l.String()
	}
	return tag
}

func appendUnique(ss []string, s string) []string {
	if s == "" {
		return ss
	}
	for _, x := range ss {
		if x == s {
			return ss
		}
	}
	return append(ss, s)
}

func appendScore(ss []advisory.Score, s advisory.Score) []advisory.Score {
	for _, x := range ss {
		if x == s {
			return ss
		}
	}
	return append(ss, s)
}

func appendRef(rs []advisory.Ref, r ref) []advisory.Ref {
	if r.URL == "" {
		return rs
	}
	for _, x := range rs {
		if x.URL == r.URL {
			return rs
		}
	}
	typ := "WEB"
	switch r.Category {
	case "self":
		typ = "ADVISORY"
	case "fix":
		typ = "FIX"
	}
	return append(rs, advisory.Ref{Type: typ, URL: r.URL})
}

// join returns a new path: at followed by more (never sharing at's array,
// so that sibling paths built in a loop do not overwrite each other).
func join(at []any, more ...any) []any {
	out := make([]any, 0, len(at)+len(more))
	return append(append(out, at...), more...)
}
