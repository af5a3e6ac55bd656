package msdocs

import (
	"strings"

	"github.com/affected-dev/affected/internal/advisory"
	"github.com/affected-dev/affected/internal/lazyre"
	"github.com/affected-dev/affected/internal/nuget"
	"github.com/affected-dev/affected/internal/windows"
)

// columns are the roles of a table's columns, -1 when absent.
type columns struct {
	product, component, replaced, severity, impact int
	cves                                           []int
	pkgName, pkgVersions, pkgFixed                 int
}

// key reduces a header cell to what its name is matched on.
func key(s string) string {
	t, _, _ := inline(s)
	return strings.Map(func(r rune) rune {
		switch r {
		case ' ', '\n', '\t', '*', '\\', '[', ']', ':', '：':
			return -1
		}
		return r
	}, strings.ToLower(t))
}

func containsAny(s string, subs ...string) bool {
	for _, x := range subs {
		if strings.Contains(s, x) {
			return true
		}
	}
	return false
}

// roles names the columns of a header row.
func roles(hdr row) columns {
	c := columns{product: -1, component: -1, replaced: -1, severity: -1, impact: -1, pkgName: -1, pkgVersions: -1, pkgFixed: -1}
	for i, cl := range hdr.cells {
		k := key(cl.raw)
		switch {
		case containsAny(k, "대체된업데이트", "업데이트대체됨", "대체된업데이트", "取代的更新", "已取代更新", "已取代的更新", "updatesreplaced", "replacedupdates", "supersededupdates"):
			c.replaced = i
		case containsAny(k, "패키지이름", "套件名稱", "packagename"):
			c.pkgName = i
		case containsAny(k, "수정된패키지", "수정된버전", "已修正的套件", "修正的套件版本", "已修正", "fixedpackage", "fixedversion"):
			c.pkgFixed = i
		case containsAny(k, "패키지버전", "套件版本", "packageversion", "affectedversion"):
			c.pkgVersions = i
		case strings.Contains(k, "cve-"):
			c.cves = append(c.cves, i)
		case containsAny(k, "구성요소", "元件", "component"):
			c.component = i
		case containsAny(k, "보안영향", "安全性影響", "securityimpact"):
			c.impact = i
		case containsAny(k, "심각도", "嚴重性", "severity"):
			c.severity = i
		}
	}
	if len(hdr.cells) > 0 && c.pkgName != 0 {
		c.product = 0
	}
	return c
}

// productHeader reports whether a table's first header cell names the
// software of a product table: "운영 체제", "作業系統", "Operating System",
// "영향받는 소프트웨어", "受影響的軟體", "Affected Software".
func productHeader(k string) bool {
	return containsAny(k, "운영체제", "作業系統", "operatingsystem", "소프트웨어", "軟體", "software")
}

var (
	kbInName    = lazyre.New(`[(（]\s*(?:KB)?(\d{6,7})(?:\s*-\s*v\d+)?\s*[)）]`)
	kbNumber    = lazyre.New(`\b(\d{6,7})\b`)
	bulletinRef = lazyre.New(`(?i)\bMS\d\d-\d{3}\b`)
	seeAlso     = lazyre.New(`(?i)\bMS\d\d-\d{3}\b.*(참조|請參閱|see)|(참조|請參閱|see).*\bMS\d\d-\d{3}\b`)
	coreHead    = lazyre.New(`(?i)server\s*core`)
	coreOption  = lazyre.New(`(?i)^server\s*core\s*(설치\s*옵션|安裝選項|installation\s+option)$`)
	cumulative  = lazyre.New(`(?i)업데이트(는|가)?\s*누적|누적\s*업데이트입니다|更新(為|是)累積|累積性|updates? (are|is) cumulative`)
	footnote    = lazyre.New(`^\s*(?:<sup>\s*\\?\[?\s*(\d{1,2})\s*\\?\]?\s*</sup>|\\\[(\d{1,2})\\\]|\[(\d{1,2})\](?:[^(]|$))\s*(.*)$`)
	listSep     = lazyre.New(`\s*[,、，;]\s*|\s+`)
	// orLater finds the fixed version of the summary's advice: "패키지 버전
	// 1.1.1 이상을 사용", "패키지 버전 5.1.1을 사용", "使用套件版本 5.1.1",
	// "1.1.1 或更新版本", "version 1.1.1 or later".
	orLater    = lazyre.New(`(?i)(\d+\.\d+\.\d+(?:\.\d+)?)\s*(?:이상|或更新|或以上|or later|or higher)|패키지 버전\s*(\d+\.\d+\.\d+(?:\.\d+)?)\s*(?:을|를)\s*사용|使用套件版本\s*(\d+\.\d+\.\d+(?:\.\d+)?)|use (?:package )?version\s*(\d+\.\d+\.\d+(?:\.\d+)?)`)
	relatedPat = lazyre.New(`\b([A-Z][A-Za-z0-9]*(?:\.[A-Z][A-Za-z0-9]*)+)\.\\?\*`)
)

// tables reads the tables of affected packages and software.
func (p *parser) tables(body []line, secs []section) error {
	inFence := false
	for i := 0; i < len(body); i++ {
		t := body[i].text
		if isFence(t) {
			inFence = !inFence
			continue
		}
		if inFence {
			continue
		}
		k := strings.Index(t, "<table")
		if k < 0 {
			continue
		}
		off := body[i].off + k
		tab, ok := readTable(p.data, off)
		if !ok {
			return p.errAt(off, msgTableOpen)
		}
		for i+1 < len(body) && body[i+1].off < tab.end {
			i++
		}
		notes := footnotesAfter(body, i+1, secs)
		if err := p.table(tab, notes); err != nil {
			return err
		}
	}
	p.fixFromSummary()
	p.related()
	return nil
}

// footnotesAfter collects the footnotes that follow a table ("<sup>[3]</sup>
// Windows 10 업데이트는 누적됩니다", "\[4\]…") up to the next table or
// heading.
func footnotesAfter(body []line, from int, secs []section) map[string]string {
	stop := len(body)
	for _, s := range secs {
		if s.line >= from && s.line < stop {
			stop = s.line
		}
	}
	notes := map[string]string{}
	for i := from; i < stop; i++ {
		t := body[i].text
		if strings.Contains(t, "<table") {
			break
		}
		m := footnote.FindStringSubmatch(t)
		if m == nil {
			continue
		}
		n := m[1] + m[2] + m[3]
		if _, dup := notes[n]; !dup {
			notes[n] = m[4]
		}
	}
	return notes
}

// width is the number of columns a row spans.
func (r row) width() int {
	n := 0
	for _, c := range r.cells {
		n += c.colspan
	}
	return n
}

// header finds a table's header row: the first row whose cells are all
// emphasised and that spans every column (a one-cell caption over a wider
// table is skipped).
func header(t table) (int, int) {
	ncols := 0
	for _, r := range t.rows {
		ncols = max(ncols, r.width())
	}
	for i, r := range t.rows {
		if len(r.cells) == 0 {
			continue
		}
		all := true
		for _, c := range r.cells {
			if !c.empty() && !c.emphasised() && roles(row{cells: []cell{c}}).replaced < 0 {
				all = false
				break
			}
		}
		if !all {
			if ncols == 1 {
				return -1, ncols
			}
			continue
		}
		if ncols == 1 || len(r.cells) >= 2 {
			return i, ncols
		}
	}
	return -1, ncols
}

// table reads one table if it lists affected packages or software.
func (p *parser) table(t table, notes map[string]string) error {
	if len(t.rows) == 0 {
		return nil
	}
	h, ncols := header(t)
	if h < 0 {
		// A table of affected software must say what its columns are; other
		// tables (FAQ, file information) are not read.
		if ncols > 1 && p.doc.Bulletin && looksLikeProducts(t) {
			return p.errAt(t.off, msgTableNoHeader)
		}
		return nil
	}
	c := roles(t.rows[h])
	switch {
	case c.pkgName >= 0 && c.pkgVersions >= 0:
		return p.packageTable(t, h, c)
	case c.replaced >= 0 || (!p.doc.Bulletin && productHeader(key(t.rows[h].cells[0].raw))):
		return p.productTable(t, h, ncols, c, notes)
	}
	return nil
}

// looksLikeProducts reports whether a table without a header has a
// column of "updates replaced" somewhere: a product table whose header
// cannot be told.
func looksLikeProducts(t table) bool {
	for _, r := range t.rows[:min(3, len(t.rows))] {
		if roles(r).replaced >= 0 {
			return true
		}
	}
	return false
}

// packageTable reads a table of affected NuGet packages.
func (p *parser) packageTable(t table, h int, c columns) error {
	a := p.doc.Advisory
	n := 0
	for _, r := range t.rows[h+1:] {
		if len(r.cells) <= max(c.pkgName, c.pkgVersions) {
			if len(r.cells) > 0 && !r.cells[0].empty() && !r.cells[0].bold() {
				p.warn(r.off, msgRowCells, len(r.cells), len(t.rows[h].cells))
			}
			continue
		}
		name := strings.Join(strings.Fields(r.cells[c.pkgName].plain), " ")
		vtext, _, _ := r.cells[c.pkgVersions].text()
		if name == "" {
			if strings.TrimSpace(vtext) != "" {
				p.warn(r.off, msgRowNoPackage)
			}
			continue
		}
		trains := splitTrains(vtext)
		var fixes []string
		if c.pkgFixed >= 0 && c.pkgFixed < len(r.cells) {
			ftext, _, _ := r.cells[c.pkgFixed].text()
			for _, tr := range splitTrains(ftext) {
				fixes = append(fixes, tr...)
			}
		}
		if len(trains) == 0 {
			continue
		}
		if len(fixes) > 0 && len(fixes) != len(trains) {
			p.warn(r.off, msgRowTrains, name, len(trains), len(fixes))
			continue
		}
		exp := advisory.PackageExposure{Ecosystem: "NuGet", Name: name, Exact: true}
		bad := ""
		for k, tr := range trains {
			for _, v := range tr {
				if _, err := nuget.ParseVersion(v); err != nil {
					bad = v
				}
				exp.Versions = append(exp.Versions, v)
			}
			rg := advisory.Range{Type: "ECOSYSTEM", Events: []advisory.Event{{Introduced: tr[0]}}}
			if k < len(fixes) {
				if _, err := nuget.ParseVersion(fixes[k]); err != nil {
					bad = fixes[k]
				}
				rg.Events = append(rg.Events, advisory.Event{Fixed: fixes[k]})
			}
			exp.Ranges = append(exp.Ranges, rg)
		}
		if bad != "" {
			p.warn(r.off, msgRowBadVersion, name, bad)
			continue
		}
		a.Packages = append(a.Packages, exp)
		n++
	}
	if n == 0 {
		return p.errAt(t.off, msgNoPackageRows)
	}
	return nil
}

// splitTrains reads a cell of versions: one release train per line, the
// versions of a line separated by commas ("1.0.0, 1.0.1" or "1.0.0、1.0.1").
func splitTrains(s string) [][]string {
	var out [][]string
	for _, l := range strings.Split(s, "\n") {
		var tr []string
		for _, v := range listSep.Split(strings.TrimSpace(l), -1) {
			if v != "" {
				tr = append(tr, v)
			}
		}
		if len(tr) > 0 {
			out = append(out, tr)
		}
	}
	return out
}

// fixFromSummary gives package trains without a fixed version the one the
// summary names ("패키지 버전 1.1.1 이상을 사용", "1.1.1 or later"; 4010983)
// when there is one train.
func (p *parser) fixFromSummary() {
	a := p.doc.Advisory
	need := false
	for _, e := range a.Packages {
		need = need || len(e.Ranges) == 1 && len(e.Ranges[0].Events) == 1
	}
	if !need || len(a.Texts) == 0 {
		return
	}
	m := orLater.FindStringSubmatch(a.Texts[0].Summary)
	if m == nil {
		m = orLater.FindStringSubmatch(string(p.data))
	}
	if m == nil {
		return
	}
	fix := m[1] + m[2] + m[3] + m[4]
	for i := range a.Packages {
		e := &a.Packages[i]
		if len(e.Ranges) != 1 || len(e.Ranges[0].Events) != 1 {
			continue
		}
		e.Ranges[0].Events = append(e.Ranges[0].Events, advisory.Event{Fixed: fix})
	}
}

// related adds the package families the document tells to update together
// ("모든 Microsoft.AspNetCore.Mvc.\* 패키지를 업데이트") to the packages of
// those families.
func (p *parser) related() {
	a := p.doc.Advisory
	if len(a.Packages) == 0 {
		return
	}
	var fams []string
	for _, m := range relatedPat.FindAllSubmatch(p.data, -1) {
		f := string(m[1])
		if !containsString(fams, f) {
			fams = append(fams, f)
		}
	}
	for i := range a.Packages {
		e := &a.Packages[i]
		for _, f := range fams {
			if n := strings.ToLower(e.Name); n == strings.ToLower(f) || strings.HasPrefix(n, strings.ToLower(f)+".") {
				e.Related = append(e.Related, f, f+".*")
			}
		}
	}
}

func containsString(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

// productTable reads a table of affected software: one platform exposure
// per product row.
func (p *parser) productTable(t table, h, ncols int, c columns, notes map[string]string) error {
	a := p.doc.Advisory
	hdr := t.rows[h]
	core := false
	n := 0
	for _, r := range t.rows[h+1:] {
		var filled []cell
		for _, cl := range r.cells {
			if !cl.empty() {
				filled = append(filled, cl)
			}
		}
		if len(filled) == 0 {
			continue
		}
		first := r.cells[0]
		// A group heading: one cell across the table, or an emphasised
		// first cell with nothing beside it ("**Windows 10**", "**Server
		// Core 설치 옵션**").
		if (len(r.cells) == 1 && ncols > 1) || (first.bold() && len(filled) == 1) {
			core = coreHead.MatchString(first.plain)
			continue
		}
		name, _, marks := first.text()
		name = strings.Join(strings.Fields(name), " ")
		if (strings.Contains(name, "MS") || strings.Contains(name, "ms")) && seeAlso.MatchString(name) {
			n++ // "see MS15-079 for the full list": read, and nothing to keep
			continue
		}
		if strings.Contains(name, "ore") && coreOption.MatchString(name) {
			core = true // a heading not emphasised
			continue
		}
		if len(r.cells) != len(hdr.cells) && r.width() != ncols {
			p.warn(r.off, msgRowCells, len(r.cells), len(hdr.cells))
			continue
		}
		var kbs []string
		name = kbInName.ReplaceAllStringFunc(name, func(m string) string {
			kbs = append(kbs, "KB"+kbInName.FindStringSubmatch(m)[1])
			return " "
		})
		name = strings.Join(strings.Fields(name), " ")
		exp := advisory.PlatformExposure{}
		if c.component >= 0 && c.component < len(r.cells) {
			comp, _, cmarks := r.cells[c.component].text()
			marks = append(marks, cmarks...)
			comp = kbInName.ReplaceAllStringFunc(comp, func(m string) string {
				kbs = append(kbs, "KB"+kbInName.FindStringSubmatch(m)[1])
				return " "
			})
			comp = strings.Join(strings.Fields(comp), " ")
			if cp, _, err := windows.Parse(comp); err == nil {
				exp.Component, exp.ComponentID = cp.Name(), cp.ID()
			} else {
				exp.Component = comp
			}
		}
		prod, upd, err := windows.Parse(name)
		if err != nil {
			p.warn(first.off, msgRowProduct, name)
			exp.Product = name
		} else {
			if core && prod.Family == windows.FamilyWindowsServer {
				prod.ServerCore = true
			}
			exp.Product, exp.ProductID = prod.Name(), prod.ID()
			exp.Update = string(upd)
		}
		for _, m := range marks {
			if n, ok := notes[m]; ok && cumulative.MatchString(n) {
				exp.Update = string(windows.UpdateCumulative)
			}
		}
		if len(kbs) == 0 {
			if kb := documentKB(a); kb != "" {
				kbs = append(kbs, kb)
			}
		}
		if len(kbs) > 0 {
			exp.FixedBy, exp.AlsoFixedBy = kbs[0], kbs[1:]
		}
		if c.replaced >= 0 && c.replaced < len(r.cells) {
			rt := r.cells[c.replaced].plain
			rt = bulletinRef.ReplaceAllString(rt, " ")
			for _, m := range kbNumber.FindAllStringSubmatch(rt, -1) {
				if kb := "KB" + m[1]; !containsString(exp.Supersedes, kb) && kb != exp.FixedBy {
					exp.Supersedes = append(exp.Supersedes, kb)
				}
			}
		}
		exp.Severity, exp.Impact = rowSeverity(r, c)
		if !containsPlatform(a.Platforms, exp) {
			a.Platforms = append(a.Platforms, exp)
		}
		n++
	}
	if n == 0 && p.doc.Bulletin {
		return p.errAt(t.off, msgNoProductRows)
	}
	return nil
}

func containsPlatform(ps []advisory.PlatformExposure, e advisory.PlatformExposure) bool {
	for _, x := range ps {
		if x.Equal(e) {
			return true
		}
	}
	return false
}

// rowSeverity reads a row's severity and impact: from its severity and
// impact columns, else the highest of its per-vulnerability cells
// ("**중요** 권한 상승", "해당 없음").
func rowSeverity(r row, c columns) (advisory.Severity, string) {
	var sev advisory.Severity
	var imp string
	if c.severity >= 0 && c.severity < len(r.cells) {
		sev, _ = severityImpact(r.cells[c.severity].plain)
	}
	if c.impact >= 0 && c.impact < len(r.cells) {
		_, imp = severityImpact(r.cells[c.impact].plain)
	}
	for _, i := range c.cves {
		if i >= len(r.cells) {
			continue
		}
		s, m := severityImpact(r.cells[i].plain)
		if s.Rank() > sev.Rank() {
			sev = s
			if m != "" {
				imp = m
			}
		}
		if imp == "" {
			imp = m
		}
	}
	return sev, imp
}

// severityImpact reads "중요 권한 상승", "重大 遠端執行程式碼".
func severityImpact(t string) (advisory.Severity, string) {
	var sev advisory.Severity
	for _, w := range []string{"긴급", "중요", "보통", "낮음", "重大", "重要", "中度", "低", "Critical", "Important", "Moderate", "Low"} {
		if strings.Contains(t, w) {
			sev = severityWord(w)
			break
		}
	}
	return sev, impactWord(t)
}

// impactWord maps the localized impacts of bulletins.
func impactWord(t string) string {
	l := strings.ToLower(t)
	for _, m := range []struct{ id, words string }{
		{"remote-code-execution", "원격 코드 실행|遠端執行程式碼|遠端程式碼執行|remote code execution"},
		{"elevation-of-privilege", "권한 상승|權限提高|提高權限|elevation of privilege"},
		{"information-disclosure", "정보 유출|정보 공개|資訊洩漏|資訊洩露|information disclosure"},
		{"denial-of-service", "서비스 거부|阻斷服務|denial of service"},
		{"security-feature-bypass", "보안 기능 우회|安全性功能略過|security feature bypass"},
		{"spoofing", "스푸핑|詐騙|spoofing"},
		{"tampering", "변조|竄改|tampering"},
	} {
		for _, w := range strings.Split(m.words, "|") {
			if strings.Contains(l, w) {
				return m.id
			}
		}
	}
	return ""
}
