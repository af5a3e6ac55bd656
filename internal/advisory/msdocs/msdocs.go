// Package msdocs reads the documents of Microsoft's security-updates
// archive — one Markdown file per security advisory or bulletin per
// language, as published at learn.microsoft.com/<lang>/security-updates
// and kept in github.com/MicrosoftDocs/security-updates — into the
// advisory model.
//
// # What a document gives
//
// A document starts with YAML front matter (TOCTitle, Title, ms:assetid,
// ms:contentKeyID, ms:date, ms:mtpsurl; read with go.yaml.in/yaml/v3); its
// body is Markdown with setext headings and HTML tables with inline styles
// (read with golang.org/x/net/html). [Parse] reads:
//
//   - identity: ms:assetid 4010983 is MSA-4010983, ms16-007 is MS16-007;
//     aliases are the Knowledge Base article of the summary (KB3124901), the
//     CVE ids the document names, and "Microsoft Security Advisory N" /
//     "Microsoft Security Bulletin MSyy-nnn"; references the document's
//     address at learn.microsoft.com (en-us) and its TechNet address;
//   - one text in the document's language (from ms:mtpsurl, else the
//     folder: ko-kr, zh-tw): title (the heading under the document's title,
//     "TLS 세션 재개 상호 운용성을 개선하기 위한 업데이트"), summary (the
//     first paragraph of the summary section);
//   - dates and revisions from the localized text ("게시된 날짜: 2016년 1월
//     13일", "發行日期：2016 年 1 月 12 日", "V1.0 (2016 年 1 月 12 日)：…");
//     a bulletin's severity from its title ("- 긴급", "- 重要");
//   - package tables (4010983, 4021279, …): per package the exact affected
//     versions, one release train per line of the cell ("1.0.0, 1.0.1,
//     1.0.2, 1.0.3" over "1.1.0, 1.1.1, 1.1.2"), and the fixed version of
//     each train (the line of the same rank in the fixed column; 4010983
//     has no such column and says "1.1.1 or later" in its summary). Each
//     train is an OSV range from its first version to its fix, and the
//     exposure is Exact: only listed versions are affected, and a version
//     is told the fix of its own train;
//   - product tables (3109853 and every bulletin's affected software): each
//     row's product as a canonical id of internal/windows, the row's update
//     KB (else the document's KB), the component it updates (Internet
//     Explorer 11 on Windows 7), the kind of update ("보안 전용"), the KBs of
//     the "updates replaced" column, severity and impact, and the footnote
//     that says Windows 10 updates are cumulative. Rows under a "Server
//     Core installation" heading are Server Core installations.
//
// Records of one asset id in several languages are merged with [Merge].
//
// # Bad input
//
// A document without front matter, with front matter or a table that is not
// closed (a truncated document), without ms:assetid, or whose table of
// affected software has no header gives a located *extract.Error and no
// record. Rows that cannot be read — a row with versions but no package
// name, a product name internal/windows does not know — are left out or
// kept without what is missing, each with a located warning
// ([Document.Warnings]); they are never attached to another row's package.
//
// # Limits
//
// Only the tables of affected packages and software are read; the
// per-vulnerability severity tables, FAQ, workarounds and deployment
// tables are not. Documents of the 2018 archive written without front
// matter are refused.
package msdocs

import (
	"bytes"
	"path"
	"sort"
	"strings"
	"time"

	yaml "go.yaml.in/yaml/v3"
	"golang.org/x/text/language"

	"github.com/affected-dev/affected/internal/advisory"
	"github.com/affected-dev/affected/internal/extract"
	"github.com/affected-dev/affected/internal/i18n"
	"github.com/affected-dev/affected/internal/lazyre"
)

// Source is the advisory.Advisory Source of records read from the archive.
const Source = "msdocs"

// Document is one document of the archive, read.
type Document struct {
	Advisory *advisory.Advisory
	// Lang is the document's language as a BCP 47 tag ("ko", "zh-TW").
	Lang string
	// Bulletin is true for a security bulletin (MS16-007), false for a
	// security advisory (MSA-3109853).
	Bulletin bool
	// Warnings are rows that could not be read whole, located.
	Warnings []*extract.Error
}

// frontMatter is the YAML header of a document.
type frontMatter struct {
	TOCTitle     string `yaml:"TOCTitle"`
	Title        string `yaml:"Title"`
	AssetID      string `yaml:"ms:assetid"`
	ContentKeyID string `yaml:"ms:contentKeyID"`
	Date         string `yaml:"ms:date"`
	MTPSURL      string `yaml:"ms:mtpsurl"`
}

// LooksLike reports whether data starts with the front matter of a
// document of the archive: a line "---" and, before the closing one, an
// ms:assetid or a TOCTitle.
func LooksLike(data []byte) bool {
	body, _ := extract.TrimBOM(data)
	body = bytes.TrimLeft(body, " \t\r\n")
	if !bytes.HasPrefix(body, []byte("---")) {
		return false
	}
	head := body[3:min(len(body), 4096)]
	end := bytes.Index(head, []byte("\n---"))
	if end < 0 {
		end = len(head)
	}
	return bytes.Contains(head[:end], []byte("ms:assetid")) || bytes.Contains(head[:end], []byte("TOCTitle:"))
}

// parser holds one document being read.
type parser struct {
	name  string
	data  []byte
	lines []line
	doc   *Document
}

func (p *parser) errAt(off int, m *i18n.Message, args ...any) *extract.Error {
	return extract.Errorf(p.name, extract.PosAt(p.data, int64(off)), m, args...)
}

func (p *parser) warn(off int, m *i18n.Message, args ...any) {
	p.doc.Warnings = append(p.doc.Warnings, p.errAt(off, m, args...))
}

var (
	bulletinID = lazyre.New(`(?i)^ms(\d\d)-(\d{3})$`)
	advisoryID = lazyre.New(`^\d{6,7}$`)
	langInURL  = lazyre.New(`/([a-zA-Z]{2}-[a-zA-Z]{2,4})/`)
	langInPath = lazyre.New(`(?i)(?:^|/)([a-z]{2}-[a-z]{2,4})/security-updates/`)
	kbLink     = lazyre.New(`(?i)support\.microsoft\.com/(?:[a-z-]+/)?(?:kb|help)/(\d{6,7})`)
	titleSev   = lazyre.New(`\s[-–]\s*(긴급|중요|보통|낮음|重大|重要|中度|低|critical|important|moderate|low)\s*$`)
	published  = lazyre.New(`(?i)^(?:게시된 날짜|게시 날짜|發行日期|發佈日期|公布日期|published|date published)\s*[:：]`)
	versionRe  = lazyre.New(`(?i)^(?:버전|版本|version)\s*[:：]\s*v?(\d+(?:\.\d+)*)`)
	summaryRe  = lazyre.New(`(?i)^(?:요약|提要|摘要|執行摘要|executive summary|summary)$`)
	revisionRe = lazyre.New(`(?i)(?:수정 내역|修訂|revisions?)`)
	revItem    = lazyre.New(`^\s*(?:[-*]\s+)?V?(\d+(?:\.\d+)+)\s*[(（]([^)）]*)[)）]\s*[:：]?\s*(.*)$`)
)

// Parse reads one document of the archive (file names the file in
// errors and tells the language when the front matter does not).
func Parse(file string, data []byte) (*Document, error) {
	p := &parser{name: file, data: data, doc: &Document{}}
	_, base := extract.TrimBOM(data)
	p.lines = splitLines(data, int(base))
	fm, bodyAt, err := p.frontMatter()
	if err != nil {
		return nil, err
	}
	id, bulletin, err := p.identity(fm)
	if err != nil {
		return nil, err
	}
	p.doc.Bulletin = bulletin
	p.doc.Lang = documentLang(fm.MTPSURL, file)
	body := p.lines[bodyAt:]
	secs := sections(body)
	if len(secs) == 0 {
		return nil, p.errAt(endOff(data), msgNoHeading)
	}
	a := &advisory.Advisory{ID: id, Source: Source}
	p.doc.Advisory = a
	txt := advisory.Text{Lang: p.doc.Lang, Title: strings.TrimSpace(oneLine(fm.Title))}
	// The heading under the document's title is what the document is about.
	h1 := 0
	for i, s := range secs {
		if s.level == 1 {
			h1 = i
			break
		}
	}
	if h1+1 < len(secs) && secs[h1+1].level >= 2 && secs[h1+1].line <= secs[h1].line+4 {
		txt.Title = oneLine(secs[h1+1].title)
	} else if txt.Title == "" {
		txt.Title = oneLine(secs[h1].title)
	}
	if m := titleSev.FindStringSubmatch(strings.ToLower(fm.Title)); m != nil {
		a.Severity = severityWord(m[1])
	}
	// Published date and version: the lines between the title and the
	// summary.
	var version string
	limit := len(body)
	for _, s := range secs {
		if summaryRe.MatchString(oneLine(s.title)) {
			limit = s.line
			txt.Summary, _ = paragraph(body, s.start, s.end)
			p.summaryKBs(a, body[s.start:s.end])
			break
		}
	}
	for _, l := range body[:limit] {
		t := oneLine(l.text)
		if published.MatchString(t) {
			if d, ok := parseDate(t); ok && a.Published.IsZero() {
				a.Published = d
			}
		}
		if m := versionRe.FindStringSubmatch(t); m != nil && version == "" {
			version = m[1]
		}
	}
	if a.Published.IsZero() {
		if d, ok := parseDate(fm.Date); ok {
			a.Published = d
		}
	}
	for _, s := range secs {
		if s.level <= 3 && revisionRe.MatchString(oneLine(s.title)) {
			for _, r := range revisions(body[s.start:s.end]) {
				r.Lang = p.doc.Lang
				a.Revisions = append(a.Revisions, r)
			}
		}
	}
	for _, r := range a.Revisions {
		if a.Published.IsZero() || r.Date.Before(a.Published) {
			a.Published = r.Date // no "Published:" line (4053440): the first revision
		}
	}
	if len(a.Revisions) == 0 && version != "" {
		a.Revisions = []advisory.Revision{{Number: version, Date: a.Published}}
	}
	a.Modified = a.Published
	for _, r := range a.Revisions {
		if r.Date.After(a.Modified) {
			a.Modified = r.Date
		}
	}
	a.Texts = []advisory.Text{txt}
	a.References = references(fm, file, id, bulletin, a.Published)
	for _, cve := range cveIDs(data) {
		addAlias(a, cve)
	}
	if bulletin {
		addAlias(a, "Microsoft Security Bulletin "+id)
	} else {
		addAlias(a, "Microsoft Security Advisory "+strings.TrimPrefix(id, "MSA-"))
	}
	if err := p.tables(body, secs); err != nil {
		return nil, err
	}
	sortAliases(a)
	a.Compile()
	return p.doc, nil
}

// frontMatter reads the front matter and returns the index of the first
// line of the body.
func (p *parser) frontMatter() (frontMatter, int, error) {
	var fm frontMatter
	first := 0
	for first < len(p.lines) && strings.TrimSpace(p.lines[first].text) == "" {
		first++
	}
	if first >= len(p.lines) || strings.TrimSpace(p.lines[first].text) != "---" {
		off := 0
		if first < len(p.lines) {
			off = p.lines[first].off
		}
		return fm, 0, p.errAt(off, msgNoFrontMatter)
	}
	end := -1
	for i := first + 1; i < len(p.lines); i++ {
		if t := strings.TrimSpace(p.lines[i].text); t == "---" || t == "..." {
			end = i
			break
		}
	}
	if end < 0 {
		return fm, 0, p.errAt(p.lines[first].off, msgFrontMatterOpen)
	}
	start := p.lines[first+1].off
	if first+1 == end {
		start = p.lines[end].off
	}
	var node yaml.Node
	if err := yaml.Unmarshal(p.data[start:p.lines[end].off], &node); err != nil {
		return fm, 0, p.errAt(start, msgFrontMatterYAML, err)
	}
	if err := node.Decode(&fm); err != nil {
		return fm, 0, p.errAt(start, msgFrontMatterYAML, err)
	}
	fm.AssetID = strings.TrimSpace(fm.AssetID)
	if fm.AssetID == "" {
		return fm, 0, p.errAt(start, msgNoAssetID)
	}
	return fm, end + 1, nil
}

// identity turns ms:assetid into the record's id.
func (p *parser) identity(fm frontMatter) (id string, bulletin bool, err error) {
	switch {
	case bulletinID.MatchString(fm.AssetID):
		m := bulletinID.FindStringSubmatch(fm.AssetID)
		return "MS" + m[1] + "-" + m[2], true, nil
	case advisoryID.MatchString(fm.AssetID):
		return "MSA-" + fm.AssetID, false, nil
	}
	off := 0
	for _, l := range p.lines {
		if strings.Contains(l.text, "ms:assetid") {
			off = l.off + strings.Index(l.text, "ms:assetid")
			break
		}
	}
	return "", false, p.errAt(off, msgBadAssetID, fm.AssetID)
}

// documentLang returns the BCP 47 tag of the document's language, as the
// advisory model writes it: "ko" for ko-KR, "zh-TW", "en" for en-US.
func documentLang(mtpsurl, file string) string {
	var tag string
	if m := langInURL.FindStringSubmatch(mtpsurl); m != nil {
		tag = m[1]
	} else if m := langInPath.FindStringSubmatch(strings.ReplaceAll(file, "\\", "/")); m != nil {
		tag = m[1]
	}
	t, err := language.Parse(tag)
	if err != nil || tag == "" {
		return "und"
	}
	b, _ := t.Base()
	if b.String() == "zh" {
		if r, conf := t.Region(); conf == language.Exact {
			return "zh-" + r.String()
		}
		return "zh"
	}
	return b.String()
}

// summaryKBs adds the Knowledge Base article the summary links to
// ("Microsoft 기술 자료 문서 3109853") as an alias.
func (p *parser) summaryKBs(a *advisory.Advisory, lines []line) {
	for _, l := range lines {
		for _, m := range kbLink.FindAllStringSubmatch(l.text, -1) {
			addAlias(a, "KB"+m[1])
		}
	}
}

// documentKB is the document's own KB alias, if any.
func documentKB(a *advisory.Advisory) string {
	for _, al := range a.Aliases {
		if strings.HasPrefix(al, "KB") {
			return al
		}
	}
	return ""
}

func addAlias(a *advisory.Advisory, al string) {
	for _, x := range a.Aliases {
		if strings.EqualFold(x, al) {
			return
		}
	}
	a.Aliases = append(a.Aliases, al)
}

// sortAliases orders aliases: KB articles, then CVE ids, then names.
func sortAliases(a *advisory.Advisory) {
	rank := func(s string) int {
		switch {
		case strings.HasPrefix(s, "KB"):
			return 0
		case strings.HasPrefix(s, "CVE-"):
			return 1
		}
		return 2
	}
	sort.SliceStable(a.Aliases, func(i, j int) bool {
		ri, rj := rank(a.Aliases[i]), rank(a.Aliases[j])
		if ri != rj {
			return ri < rj
		}
		return a.Aliases[i] < a.Aliases[j]
	})
}

// revisions reads the items of a revision history.
func revisions(lines []line) []advisory.Revision {
	var out []advisory.Revision
	for _, l := range lines {
		t := oneLine(l.text)
		m := revItem.FindStringSubmatch(t)
		if m == nil {
			continue
		}
		d, ok := parseDate(m[2])
		if !ok {
			continue
		}
		out = append(out, advisory.Revision{Number: m[1], Date: d, Summary: strings.TrimSpace(m[3])})
	}
	return out
}

// references are the document's address at learn.microsoft.com (English:
// one address for every language of the record) and its TechNet address.
func references(fm frontMatter, file, id string, bulletin bool, pub time.Time) []advisory.Ref {
	kind, slug := "securityadvisories", strings.TrimPrefix(id, "MSA-")
	if bulletin {
		kind, slug = "securitybulletins", strings.ToLower(id)
	}
	year := ""
	dir := path.Base(path.Dir(strings.ReplaceAll(file, "\\", "/")))
	if len(dir) == 4 && dir[0] == '2' {
		year = dir
	} else if !pub.IsZero() {
		year = pub.Format("2006")
	}
	var refs []advisory.Ref
	if year != "" {
		refs = append(refs, advisory.Ref{Type: "ADVISORY", URL: "https://learn.microsoft.com/en-us/security-updates/" + kind + "/" + year + "/" + slug})
	}
	if u := strings.TrimSpace(fm.MTPSURL); strings.HasPrefix(u, "https://") || strings.HasPrefix(u, "http://") {
		refs = append(refs, advisory.Ref{Type: "WEB", URL: u})
	}
	return refs
}

// severityWord maps the severity words of bulletin titles and tables.
func severityWord(w string) advisory.Severity {
	switch strings.ToLower(strings.TrimSpace(w)) {
	case "긴급", "重大", "critical":
		return advisory.SeverityCritical
	case "중요", "重要", "important":
		return advisory.SeverityHigh
	case "보통", "中度", "moderate":
		return advisory.SeverityModerate
	case "낮음", "低", "low":
		return advisory.SeverityLow
	}
	return ""
}

func endOff(data []byte) int { return len(data) }

// cveIDs finds the CVE ids of data ("CVE-2016-0014", "cve-2016-0014" in
// links), upper-cased, without a regular expression over the whole file.
func cveIDs(data []byte) []string {
	var out []string
	for i := 0; i+13 <= len(data); i++ {
		if data[i] != 'C' && data[i] != 'c' {
			continue
		}
		if !bytes.EqualFold(data[i:i+4], []byte("cve-")) || (i > 0 && isAlnum(data[i-1])) {
			continue
		}
		j := i + 4
		for j < len(data) && j < i+8 && data[j] >= '0' && data[j] <= '9' {
			j++
		}
		if j != i+8 || j >= len(data) || data[j] != '-' {
			continue
		}
		k := j + 1
		for k < len(data) && k < j+8 && data[k] >= '0' && data[k] <= '9' {
			k++
		}
		if k-j-1 < 4 || (k < len(data) && isAlnum(data[k])) {
			continue
		}
		id := "CVE-" + string(data[i+4:k])
		if !containsString(out, id) {
			out = append(out, id)
		}
		i = k
	}
	return out
}

func isAlnum(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}
