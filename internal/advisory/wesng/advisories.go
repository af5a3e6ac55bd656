package wesng

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/affected-dev/affected/internal/advisory"
	"github.com/affected-dev/affected/internal/lazyre"
	"github.com/affected-dev/affected/internal/windows"
)

// Source is the advisories' source name.
const Source = "wesng"

// Advisories returns one advisory per entry. A row whose product name
// internal/windows cannot read keeps its name and no product id (no host
// matches it); Unmapped counts them by name.
func (d *Definitions) Advisories() (out []*advisory.Advisory, unmapped map[string]int) {
	unmapped = map[string]int{}
	type parsed struct {
		id   string
		p    windows.Product
		ok   bool
		name string
	}
	cache := map[string]parsed{}
	product := func(name string) parsed {
		if c, ok := cache[name]; ok {
			return c
		}
		p, _, err := windows.Parse(name)
		c := parsed{p: p, ok: err == nil, name: strings.Join(strings.Fields(name), " ")}
		if c.ok {
			c.id = p.ID()
		}
		cache[name] = c
		return c
	}
	kbs := map[int]string{}
	kb := func(n int) string {
		if s, ok := kbs[n]; ok {
			return s
		}
		s := "KB" + strconv.Itoa(n)
		kbs[n] = s
		return s
	}
	released := d.releaseDates()
	chain := d.chainMembers(func(name string) (windows.Product, string, bool) {
		c := product(name)
		return c.p, c.id, c.ok
	})
	out = make([]*advisory.Advisory, 0, len(d.Entries))
	for _, e := range d.Entries {
		a := &advisory.Advisory{
			ID:        e.ID,
			Source:    Source,
			Published: day(e.Published),
			Severity:  advisory.ParseSeverity(e.Severity),
			Texts:     []advisory.Text{{Lang: "en", Title: e.Title}},
		}
		if e.CVE != "" {
			a.References = append(a.References, advisory.Ref{Type: "ADVISORY", URL: "https://msrc.microsoft.com/update-guide/vulnerability/" + e.CVE})
		}
		for _, x := range e.Exploits {
			if strings.HasPrefix(x, "http://") || strings.HasPrefix(x, "https://") {
				a.References = append(a.References, advisory.Ref{Type: "EVIDENCE", URL: x})
			}
		}
		// A row without a KB adds nothing when another row of the same
		// product and component names one.
		named := map[[2]string]bool{}
		for _, f := range e.Fixes {
			if f.KB != 0 {
				named[[2]string{f.Product, f.Component}] = true
			}
		}
		impact := impactSlug(e.Impact)
		parts := splitComponents(e.Fixes)
		for i, f := range e.Fixes {
			if c, ok := parts[i]; ok {
				f.Component = c
			}
			if f.KB == 0 && named[[2]string{f.Product, f.Component}] {
				continue
			}
			pp := product(f.Product)
			date := f.Date
			if r, ok := released[f.KB]; ok {
				date = r
			}
			x := advisory.PlatformExposure{Product: pp.name, ProductID: pp.id, Component: f.Component, Impact: impact, Released: isoDate(date)}
			if !pp.ok {
				unmapped[f.Product]++
			}
			if f.Component != "" {
				if cp := product(f.Component); cp.ok {
					x.ComponentID = cp.id
				}
			}
			if f.KB != 0 {
				x.FixedBy = kb(f.KB)
			}
			for _, s := range f.Supersedes {
				x.Supersedes = append(x.Supersedes, kb(s))
			}
			if pp.ok && cumulative(pp.p) && (f.Component != "" || chain[chainKey{pp.id, f.KB}]) {
				x.Update = string(windows.UpdateCumulative)
			}
			a.Platforms = append(a.Platforms, x)
		}
		out = append(out, a)
	}
	return out, unmapped
}

// installedApart matches the AffectedComponent of bulletin-era rows that
// names software installed and updated apart from Windows, with a package
// of its own per bulletin: .NET Framework versions, MSXML, Internet
// Explorer, script engines, Windows Media Player and its runtimes, the
// Remote Desktop client, Outlook Express, DirectX, Silverlight, IIS,
// ADAM/AD FS and the databases.
var installedApart = lazyre.New(`(?i)\.NET Framework|XML Core Services|Microsoft XML|MSXML|Internet Explorer|VBScript|JScript|Windows Script [0-9]|Media Player|Media Format Runtime|Media Encoder|Remote Desktop Connection|Remote Desktop Client|Outlook Express|DirectX|Silverlight|Internet Information Services|FTP Service|Application Mode|Federation Services|Internal Database|MSDE`)

// splitComponents gives the rows of one CVE that name, on a product
// without a component in the product name, a component installed apart
// only in the AffectedComponent column (".NET Framework 3.5 Service Pack
// 1", "Microsoft XML Core Services 4.0"): their component, by index in
// fixes. Rows of one product whose components are fixed by different
// updates are no alternatives: the .NET 3.0 SP2 package of MS12-034
// (KB2656407) is needed beside its GDI+ one (KB2659262). Components
// whose rows share an update are one (MSRC's "Microsoft XML" and
// "Microsoft XML Core Services 3.0" rows of KB4012214), and so are a
// component and Windows itself (the 2017 rows of the Graphics Component
// naming the security-only update that the rows of Windows name): those
// keep no component. A product whose rows form one group is left alone;
// MSRC's rows since 2018 name one AffectedComponent per CVE and product.
// Internet Explorer keeps its version ("Windows Internet Explorer 8" →
// "Internet Explorer 8", as MSRC writes it); the versions are
// alternatives when matched (one is installed).
func splitComponents(fixes []Fix) map[int]string {
	type group struct {
		names []string
		kbs   []int
		rows  []int
		win   bool // a row of Windows itself is in it
	}
	byProduct := map[string][]*group{}
	for i, f := range fixes {
		if f.Component != "" || f.KB == 0 {
			continue
		}
		name := strings.Join(strings.Fields(f.AffectedComponent), " ")
		apart := installedApart.MatchString(name)
		key := name
		if !apart {
			key = "" // Windows itself
		} else if strings.Contains(strings.ToLower(name), "internet explorer") {
			key = "internet explorer"
		}
		var into *group
		kept := byProduct[f.Product][:0]
		for _, g := range byProduct[f.Product] {
			if slices.Contains(g.names, key) || slices.Contains(g.kbs, f.KB) {
				if into != nil {
					// f ties two groups: merge g into the first.
					into.names = append(into.names, g.names...)
					into.kbs = append(into.kbs, g.kbs...)
					into.rows = append(into.rows, g.rows...)
					into.win = into.win || g.win
					continue
				}
				into = g
			}
			kept = append(kept, g)
		}
		if into == nil {
			into = &group{}
			kept = append(kept, into)
		}
		byProduct[f.Product] = kept
		into.names = append(into.names, key)
		into.kbs = append(into.kbs, f.KB)
		into.rows = append(into.rows, i)
		into.win = into.win || !apart
	}
	var out map[int]string
	for _, gs := range byProduct {
		if len(gs) < 2 {
			continue
		}
		for _, g := range gs {
			if g.win {
				continue
			}
			// One name for the group: the smallest, IE's own per row.
			name := ""
			for _, r := range g.rows {
				if c := strings.Join(strings.Fields(fixes[r].AffectedComponent), " "); name == "" || c < name {
					name = c
				}
			}
			for _, r := range g.rows {
				c := name
				if ie := strings.Join(strings.Fields(fixes[r].AffectedComponent), " "); strings.Contains(strings.ToLower(ie), "internet explorer") {
					c = strings.TrimPrefix(strings.TrimPrefix(ie, "Windows "), "Microsoft ")
				}
				if out == nil {
					out = map[int]string{}
				}
				out[r] = c
			}
		}
	}
	return out
}

type chainKey struct {
	product string // product id
	kb      int
}

// chainMembers tells the cumulative updates of Windows itself on Windows
// 10 and later: the KBs of a product's rows without a component that are
// linked by supersedence to the product's chain: the KB supersedes an
// update of a product of the same family and version ("windows/10", any
// release and architecture: Windows 10 21H2 and 22H2 share their monthly
// updates, and MSRC sometimes lists one only under 21H2) or an update no
// row names (the data's gaps), or an update of the product's rows
// supersedes it. An update that supersedes nothing and
// that nothing supersedes is left out: the standalone Secure Boot DBX
// update KB4535680 on Windows 10 1803 is no cumulative update and fixes
// none of the other CVEs; nor is an update named by mistake whose
// predecessor is another version's (KB5055518, Windows 10's April 2025
// update, listed on two rows of Windows 11 21H2). Updates of components
// installed on the product (".NET Framework 4.8 on Windows 10 …") are
// not tied here: MSRC leaves the Supersedes of the .NET cumulative
// updates empty, and each holds the earlier ones of its .NET version.
func (d *Definitions) chainMembers(product func(string) (windows.Product, string, bool)) map[chainKey]bool {
	type fv struct{ family, version string }
	byFV := map[fv]map[int]bool{}      // family/version → KBs of its OS rows
	sup := map[string]map[int][]int{}  // product id → KB → KBs it supersedes
	supBy := map[string]map[int]bool{} // product id → KBs an OS row's KB supersedes
	idFV := map[string]fv{}
	known := map[int]bool{} // KBs some row names as its fix
	for _, e := range d.Entries {
		for _, f := range e.Fixes {
			known[f.KB] = true
		}
	}
	for _, e := range d.Entries {
		for _, f := range e.Fixes {
			if f.KB == 0 || f.Component != "" {
				continue
			}
			p, id, ok := product(f.Product)
			if !ok || !cumulative(p) {
				continue
			}
			k := fv{p.Family, p.Version}
			idFV[id] = k
			if byFV[k] == nil {
				byFV[k] = map[int]bool{}
			}
			byFV[k][f.KB] = true
			if sup[id] == nil {
				sup[id] = map[int][]int{}
				supBy[id] = map[int]bool{}
			}
			for _, s := range f.Supersedes {
				if !slices.Contains(sup[id][f.KB], s) {
					sup[id][f.KB] = append(sup[id][f.KB], s)
				}
				supBy[id][s] = true
			}
			if _, ok := sup[id][f.KB]; !ok {
				sup[id][f.KB] = nil
			}
		}
	}
	out := map[chainKey]bool{}
	for id, kbs := range sup {
		same := byFV[idFV[id]]
		for kb, ss := range kbs {
			member := supBy[id][kb]
			for _, s := range ss {
				member = member || same[s] || !known[s]
			}
			if member {
				out[chainKey{id, kb}] = true
			}
		}
	}
	return out
}

// releaseDates dates every update: the DatePosted most of its rows give.
// A row's date is its CVE's, so an update also named by the rows of older
// CVEs revised to point at it (a March cumulative update named by a
// February CVE) would take the older date from its earliest row; its own
// month's CVEs outnumber those.
func (d *Definitions) releaseDates() map[int]string {
	counts := map[int]map[string]int{}
	for _, e := range d.Entries {
		for _, f := range e.Fixes {
			if f.KB == 0 {
				continue
			}
			c := counts[f.KB]
			if c == nil {
				c = map[string]int{}
				counts[f.KB] = c
			}
			c[f.Date]++
		}
	}
	out := make(map[int]string, len(counts))
	for kb, c := range counts {
		best, n := "", 0
		for date, k := range c {
			if k > n || k == n && date < best {
				best, n = date, k
			}
		}
		out[kb] = best
	}
	return out
}

// cumulative reports whether a product's updates are cumulative: Windows 10
// and 11 and Windows Server 2016 and later (each monthly update holds every
// earlier fix; the components updated apart, .NET Framework and Flash
// Player, have cumulative updates of their own).
func cumulative(p windows.Product) bool {
	switch p.Family {
	case windows.FamilyWindows:
		return p.Version == "10" || p.Version == "11"
	case windows.FamilyWindowsServer:
		switch p.Version {
		case "2003", "2003r2", "2008", "2008r2", "2012", "2012r2":
			return false
		}
		return true
	}
	return false
}

// impactSlug writes an impact as the model does: "Remote Code Execution"
// → "remote-code-execution".
func impactSlug(s string) string {
	return strings.ToLower(strings.Join(strings.Fields(s), "-"))
}

func day(yyyymmdd string) time.Time {
	t, _ := time.Parse("20060102", yyyymmdd)
	return t
}

func isoDate(yyyymmdd string) string {
	if len(yyyymmdd) != 8 {
		return ""
	}
	return yyyymmdd[:4] + "-" + yyyymmdd[4:6] + "-" + yyyymmdd[6:]
}
