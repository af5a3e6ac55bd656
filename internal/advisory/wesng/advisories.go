package wesng

import (
	"strconv"
	"strings"
	"time"

	"github.com/affected-dev/affected/internal/advisory"
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
		for _, f := range e.Fixes {
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
			if pp.ok && cumulative(pp.p) {
				x.Update = string(windows.UpdateCumulative)
			}
			a.Platforms = append(a.Platforms, x)
		}
		out = append(out, a)
	}
	return out, unmapped
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
