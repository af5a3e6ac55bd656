package match

// Hosts × advisories: the second entry point of matching, beside graphs ×
// advisories. A Windows host (internal/host) is matched against the
// platform exposures of the advisories (built-in records, Microsoft's
// documents, wesng's definitions) with the rule internal/windows and
// advisory.PlatformExposure document:
//
//   - a row applies when its product id covers the host's product (an
//     inventory without architecture is taken for any architecture);
//   - rows of one advisory with the same product and component are
//     alternatives: any of their updates fixes (the versions of Internet
//     Explorer are one component: a host has one); rows of different
//     components (".NET Framework 3.5 SP1" and "4", MSXML 4.0 and 6.0)
//     each need their own fix;
//   - an update counts as installed when it, or an update that supersedes
//     it (transitively, through the supersedence of every row of the
//     host's product), is installed; and for a cumulative row, when a
//     later cumulative update of the same product and component is
//     installed (Windows 10 and later: each monthly update holds the
//     earlier ones).
//
// The verdict per host and advisory is affected (with the update to
// install: the newest that covers the fix, not an old superseded one — an
// update superseded, transitively, by another candidate never wins, and
// dates, which in wesng's data are those of the CVE's last revision, only
// order unrelated heads),
// fixed (by which installed update), not applicable (the advisory names no
// product of the host), or unknown with the reason.

import (
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/affected-dev/affected/internal/advisory"
	"github.com/affected-dev/affected/internal/host"
	"github.com/affected-dev/affected/internal/windows"
)

// PlatformSource gives the advisories that have platform exposures of
// products with the given family/version keys ("windows-server/2012r2").
// The advisories given to fn are not kept by the source: fn copies what it
// needs.
type PlatformSource interface {
	EachForPlatform(keys []string, fn func(*advisory.Advisory)) error
	// Get returns the advisory with an ID or alias, for the advisories
	// asked for that name no product of any host.
	Get(id string) (*advisory.Advisory, bool)
}

// PlatformKey is the family/version key of a product for PlatformSource.
func PlatformKey(p windows.Product) string { return p.Family + "/" + p.Version }

// Status is a verdict.
type Status string

// The verdicts.
const (
	Affected      Status = "affected"
	Fixed         Status = "fixed"
	NotApplicable Status = "not-applicable"
	Unknown       Status = "unknown"
)

// Reason says why a verdict is unknown or not applicable.
type Reason string

// The reasons.
const (
	ReasonNone           Reason = ""
	ReasonNoOS           Reason = "no-os"              // the inventory does not describe the OS
	ReasonUnknownBuild   Reason = "unknown-build"      // the build is not a Windows release we know
	ReasonNoUpdates      Reason = "no-update-list"     // the inventory lists no installed updates
	ReasonIncompleteList Reason = "incomplete-list"    // the update list is cut short and the fix is not in it
	ReasonNoFixKnown     Reason = "no-fix-known"       // the advisory names no update for the product
	ReasonNotListed      Reason = "product-not-listed" // not applicable: the advisory names no product of the host
	// ReasonNoData: no advisory of the database names the host's product
	// (Windows XP RTM and SP1, Server 2003 RTM: wesng's data starts with
	// later service packs), so nothing could be checked.
	ReasonNoData Reason = "no-data"
)

// HostOptions tune MatchHosts.
type HostOptions struct {
	// Advisories restricts the verdicts to these IDs or aliases (all when
	// empty); advisories asked for give a verdict for every host, "not
	// applicable" included.
	Advisories []string
}

// HostResult is one host and its verdicts.
type HostResult struct {
	Host *host.Host
	// Product is the host's product; ProductOK false with Reason when it
	// cannot be told. Reason is ReasonNoData, with the product, when no
	// advisory names the product (every advisory asked for gives its
	// verdict instead).
	Product   windows.Product
	ProductOK bool
	Reason    Reason
	// Verdicts, sorted by advisory ID. Without HostOptions.Advisories,
	// advisories that do not apply are left out.
	Verdicts []Verdict
	// Missing are the updates to install, one per distinct update, with
	// the advisories each fixes, newest first.
	Missing []MissingUpdate
}

// Verdict is one advisory on one host.
type Verdict struct {
	// Advisory keeps only the platform rows that cover the host.
	Advisory *advisory.Advisory
	Status   Status
	Reason   Reason
	Rows     []RowVerdict
}

// RowVerdict is the verdict of one product and component of an advisory
// on the host: its alternative rows together.
type RowVerdict struct {
	Product, ProductID, Component string
	// Fixes are the updates the advisory names for the row (FixedBy and
	// AlsoFixedBy of its alternatives).
	Fixes  []string
	Status Status
	Reason Reason
	// Found is the installed update that fixes it (one of Fixes, an update
	// that supersedes one, or a later cumulative update) and Evidence the
	// inventory entry that lists it.
	Found    string
	Evidence *host.Update
	// Via is the update of Fixes that Found supersedes, when Found is not
	// one of Fixes.
	Via string
	// Install is the update to install when affected: the newest that
	// covers the fix, with its release date when known.
	Install         string
	InstallReleased string
}

// MissingUpdate is an update a host lacks and the advisories it fixes.
type MissingUpdate struct {
	KB         string
	Released   string
	Advisories []string
}

// prow is a platform row kept for matching.
type prow struct {
	adv        *advisory.Advisory // the kept advisory (rows trimmed)
	wanted     bool
	row        advisory.PlatformExposure
	fixes      []int // FixedBy and AlsoFixedBy
	cumulative bool
}

// productData is what the rows covering one product say.
type productData struct {
	p        windows.Product
	rows     []*prow
	succ     map[int][]int    // KB → KBs that supersede it
	pred     map[int][]int    // KB → KBs it supersedes
	released map[int]string   // KB → earliest release date named
	nrows    map[int]int      // KB → rows naming it as a fix
	cumul    map[string][]int // component key → cumulative KBs
	chainOf  map[int][]string // KB → the cumulative chains it is in
	rollups  bool             // the product gets monthly rollups
	// osChain: the product's updates of Windows itself form one
	// cumulative chain (the monthly rollups of Windows 7 to 2012 R2, the
	// cumulative updates of Windows 10 and later): its newest update
	// holds every earlier fix of Windows itself.
	osChain bool
	advs    []*advisory.Advisory
}

// MatchHosts matches hosts against the advisories of src.
func MatchHosts(hosts []*host.Host, src PlatformSource, opts HostOptions) ([]HostResult, error) {
	results := make([]HostResult, len(hosts))
	products := map[string]*productData{} // by product id
	var keys []string
	for i, h := range hosts {
		r := &results[i]
		r.Host = h
		if h.OS == nil {
			r.Reason = ReasonNoOS
			continue
		}
		p, ok := h.OS.Product()
		if !ok {
			r.Reason = ReasonUnknownBuild
			continue
		}
		r.Product, r.ProductOK = p, true
		if products[p.ID()] == nil {
			products[p.ID()] = &productData{p: p, rollups: rollupProduct(p) != "", osChain: rollupProduct(p) != "" || cumulativeProduct(p), succ: map[int][]int{}, pred: map[int][]int{}, released: map[int]string{}, nrows: map[int]int{}, cumul: map[string][]int{}, chainOf: map[int][]string{}}
			if k := PlatformKey(p); !slices.Contains(keys, k) {
				keys = append(keys, k)
			}
		}
	}
	wanted := func(a *advisory.Advisory) bool {
		if len(opts.Advisories) == 0 {
			return true
		}
		for _, id := range opts.Advisories {
			if a.Is(id) {
				return true
			}
		}
		return false
	}
	asked := map[string]*advisory.Advisory{} // advisories asked for, by ID
	parsed := map[string]windows.Product{}
	parse := func(id string) (windows.Product, bool) {
		if p, ok := parsed[id]; ok {
			return p, p.Family != ""
		}
		p, err := windows.ParseID(id)
		if err != nil {
			p = windows.Product{}
		}
		parsed[id] = p
		return p, p.Family != ""
	}
	for _, id := range opts.Advisories {
		if a, ok := src.Get(id); ok {
			c := *a
			c.Platforms = nil
			asked[a.ID] = &c
		}
	}
	kbs := newKBTable()
	if len(keys) > 0 {
		err := src.EachForPlatform(keys, func(a *advisory.Advisory) {
			w := wanted(a)
			var kept map[*productData]*advisory.Advisory
			for i := range a.Platforms {
				x := &a.Platforms[i]
				rp, ok := parse(x.ProductID)
				if !ok {
					continue
				}
				for _, pd := range products {
					if !covers(rp, pd.p) {
						continue
					}
					pr := &prow{wanted: w, row: *x, cumulative: x.Update == string(windows.UpdateCumulative) || monthlyRollup(rp, x) ||
						strings.HasPrefix(x.ComponentID, "internet-explorer/") || x.ComponentID == "adobe-flash-player"}
					for _, k := range append([]string{x.FixedBy}, x.AlsoFixedBy...) {
						if n := kbs.parse(k); n != 0 && !slices.Contains(pr.fixes, n) {
							pr.fixes = append(pr.fixes, n)
						}
					}
					pd.add(pr, kbs)
					if w {
						if kept == nil {
							kept = map[*productData]*advisory.Advisory{}
						}
						ka := kept[pd]
						if ka == nil {
							c := *a
							c.Platforms = nil
							ka = &c
							kept[pd] = ka
							pd.advs = append(pd.advs, ka)
						}
						ka.Platforms = append(ka.Platforms, *x)
						pr.adv = ka
					}
				}
			}
		})
		if err != nil {
			return nil, err
		}
	}
	for _, pd := range products {
		pd.finish()
	}
	for i := range results {
		r := &results[i]
		if !r.ProductOK {
			for _, a := range askedSorted(asked) {
				r.Verdicts = append(r.Verdicts, Verdict{Advisory: a, Status: Unknown, Reason: r.Reason})
			}
			continue
		}
		pd := products[r.Product.ID()]
		if len(pd.rows) == 0 && len(opts.Advisories) == 0 {
			r.Reason = ReasonNoData
		}
		r.Verdicts = pd.verdicts(r.Host)
		if len(opts.Advisories) > 0 {
			have := map[string]bool{}
			for _, v := range r.Verdicts {
				have[v.Advisory.ID] = true
			}
			for _, a := range askedSorted(asked) {
				if !have[a.ID] {
					r.Verdicts = append(r.Verdicts, Verdict{Advisory: a, Status: NotApplicable, Reason: ReasonNotListed})
				}
			}
		}
		sort.SliceStable(r.Verdicts, func(i, j int) bool { return r.Verdicts[i].Advisory.ID < r.Verdicts[j].Advisory.ID })
		r.Missing = missing(r.Verdicts)
	}
	return results, nil
}

// monthlyRollup reports whether a row's update is a monthly rollup of
// Windows 7, 8.1 and Server 2008 to 2012 R2: since October 2016 (Server
// 2008: September 2018) these products get a "Security Monthly Quality
// Rollup", which holds every earlier fix, beside a "Security-only update",
// which does not. The sources do not say which is which; a rollup
// supersedes the previous month's, a security-only update supersedes
// nothing, so a row of that period whose update supersedes another is a
// rollup (of Windows, or of a component such as Internet Explorer or .NET
// Framework, each its own chain). Treating the rollups as cumulative fills the gaps of the
// sources' supersedence chains (wesng's October 2019 rollup for 2012 R2
// names an out-of-band update, not September's rollup, as the one it
// replaces).
func monthlyRollup(p windows.Product, x *advisory.PlatformExposure) bool {
	if len(x.Supersedes) == 0 || x.Released == "" {
		return false
	}
	start := rollupProduct(p)
	return start != "" && x.Released >= start
}

// rollupProduct returns the date of a product's first monthly rollup, ""
// for a product without them.
func rollupProduct(p windows.Product) string {
	switch p.Family + "/" + p.Version {
	case "windows/7", "windows/8.1", "windows-server/2008r2", "windows-server/2012", "windows-server/2012r2":
		return "2016-10-11"
	case "windows-server/2008":
		return "2018-09-11"
	}
	return ""
}

// cumulativeProduct reports whether a product gets monthly cumulative
// updates: Windows 10 and 11, Windows Server 2016 and later.
func cumulativeProduct(p windows.Product) bool {
	switch p.Family {
	case windows.FamilyWindows:
		return p.Version == "10" || p.Version == "11"
	case windows.FamilyWindowsServer:
		switch p.Version {
		case "", "2003", "2003r2", "2008", "2008r2", "2012", "2012r2":
			return false
		}
		return true
	}
	return false
}

// osRow reports whether a row is of Windows itself for the product's
// chain of monthly updates: a row without a component, and on a product
// with such a chain, a row of Internet Explorer or EdgeHTML, which the
// monthly updates carry (since October 2016 on Windows 7 to 2012 R2).
func (pd *productData) osRow(x *advisory.PlatformExposure) bool {
	if x.Component == "" {
		return true
	}
	if !pd.osChain {
		return false
	}
	return strings.HasPrefix(x.ComponentID, "internet-explorer/") || strings.HasPrefix(strings.ToLower(x.Component), "microsoft edge (edgehtml")
}

// covers reports whether a row's product applies to the host's product;
// a host whose architecture is unknown is taken for any.
func covers(row, h windows.Product) bool {
	if row.Covers(h) {
		return true
	}
	if h.Arch == windows.ArchAny {
		row.Arch = windows.ArchAny
		return row.Covers(h)
	}
	return false
}

func askedSorted(m map[string]*advisory.Advisory) []*advisory.Advisory {
	out := make([]*advisory.Advisory, 0, len(m))
	for _, a := range m {
		out = append(out, a)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// kbTable parses KB strings once.
type kbTable struct{ m map[string]int }

func newKBTable() *kbTable { return &kbTable{m: map[string]int{}} }

func (t *kbTable) parse(s string) int {
	if s == "" {
		return 0
	}
	if n, ok := t.m[s]; ok {
		return n
	}
	k, err := windows.ParseKB(s)
	n := 0
	if err == nil {
		n = int(k)
	}
	t.m[s] = n
	return n
}

func kbString(n int) string { return "KB" + strconv.Itoa(n) }

// componentKey names a row's component for cumulative updates.
func componentKey(x *advisory.PlatformExposure) string {
	if x.ComponentID != "" {
		return x.ComponentID
	}
	return strings.ToLower(x.Component)
}

// groupKey names a row's component for alternatives: rows of one
// advisory with the same product and group key are alternatives, any of
// their updates fixes; rows of different components each need their own
// fix. The versions of Internet Explorer are one group: a host has one
// Internet Explorer, its inventory does not say which, and an installed
// fix of any version tells which it is.
func groupKey(x *advisory.PlatformExposure) string {
	if strings.HasPrefix(x.ComponentID, "internet-explorer/") {
		return "internet-explorer"
	}
	return componentKey(x)
}

// add records a row covering the product: its supersedence edges, its
// updates' release dates and cumulative updates.
func (pd *productData) add(pr *prow, kbs *kbTable) {
	pd.rows = append(pd.rows, pr)
	var sup []int
	for _, s := range pr.row.Supersedes {
		if n := kbs.parse(s); n != 0 {
			sup = append(sup, n)
		}
	}
	for _, f := range pr.fixes {
		pd.nrows[f]++
		for _, s := range sup {
			if s != f && !slices.Contains(pd.pred[f], s) {
				pd.pred[f] = append(pd.pred[f], s)
				pd.succ[s] = append(pd.succ[s], f)
			}
		}
		if d := pr.row.Released; d != "" {
			if old, ok := pd.released[f]; !ok || d < old {
				pd.released[f] = d
			}
		}
		if pr.cumulative {
			k := componentKey(&pr.row)
			if !slices.Contains(pd.cumul[k], f) {
				pd.cumul[k] = append(pd.cumul[k], f)
				pd.chainOf[f] = append(pd.chainOf[f], k)
			}
		}
	}
}

// finish dates the updates by their successors and sorts the cumulative
// chains, oldest first. wesng's dates are those of the CVE's last
// revision, so an update named by a CVE revised years later looks newer
// than the updates that supersede it (KB5012331, April 2022, dated
// 2024-06-24 while KB5013872 of May 2022 supersedes it); an update is
// released no later than any update that supersedes it, transitively.
func (pd *productData) finish() {
	done := map[int]bool{}
	var visit func(k int) string
	visit = func(k int) string {
		if done[k] {
			return pd.released[k]
		}
		done[k] = true // a cycle ends here
		d := pd.released[k]
		for _, s := range pd.succ[k] {
			if sd := visit(s); sd != "" && (d == "" || sd < d) {
				d = sd
			}
		}
		if d != "" {
			pd.released[k] = d
		}
		return d
	}
	for k := range pd.succ {
		visit(k)
	}
	for k, list := range pd.cumul {
		sort.Slice(list, func(i, j int) bool { return pd.older(list[i], list[j]) })
		pd.cumul[k] = list
	}
}

// chains returns the cumulative chains that hold one of the updates: a
// row fixed by a Windows 10 monthly update is fixed by any later one,
// whatever component the row names (Internet Explorer 11 and EdgeHTML are
// fixed by the monthly update); a row of Internet Explorer 11 on Server
// 2012 R2 names the IE cumulative update and the monthly rollup, and
// either chain's later updates fix it.
func (pd *productData) chains(fixes []int) []string {
	var out []string
	for _, f := range fixes {
		for _, c := range pd.chainOf[f] {
			if !slices.Contains(out, c) {
				out = append(out, c)
			}
		}
	}
	sort.Strings(out)
	return out
}

// older reports whether update a was released before b: by date when both
// are known; of two of the same day, the one fewer rows name comes first
// (the monthly update, which fixes dozens of CVEs, is the newest of its
// day, not a Safe OS dynamic update such as KB5046398 beside Windows 11
// 21H2's KB5044280), else by number (KB numbers grow with time).
func (pd *productData) older(a, b int) bool {
	da, db := pd.released[a], pd.released[b]
	if da != "" && db != "" && da != db {
		return da < db
	}
	if na, nb := pd.nrows[a], pd.nrows[b]; na != nb {
		return na < nb
	}
	return a < b
}

// installed is what a host has, closed under supersedence.
type installed struct {
	direct map[int]host.Update // listed by the inventory
	// by maps every update the host has, directly or because an update
	// that supersedes it is installed, to the installed update.
	by map[int]int
}

func (pd *productData) closure(h *host.Host) installed {
	in := installed{direct: map[int]host.Update{}, by: map[int]int{}}
	for _, u := range h.Updates {
		if u.KB != 0 {
			if _, ok := in.direct[u.KB]; !ok {
				in.direct[u.KB] = u
			}
		}
	}
	// Walk down from each installed update, newest first so that an
	// update is credited to the newest installed one that holds it.
	roots := make([]int, 0, len(in.direct))
	for k := range in.direct {
		roots = append(roots, k)
	}
	sort.Slice(roots, func(i, j int) bool { return pd.older(roots[j], roots[i]) })
	for _, r := range roots {
		if _, ok := in.by[r]; ok {
			continue
		}
		stack := []int{r}
		for len(stack) > 0 {
			k := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			if _, ok := in.by[k]; ok {
				continue
			}
			in.by[k] = r
			stack = append(stack, pd.pred[k]...)
		}
	}
	return in
}

// verdicts gives the verdict of every kept advisory on a host of the
// product.
func (pd *productData) verdicts(h *host.Host) []Verdict {
	in := pd.closure(h)
	type group struct {
		rows []*prow
	}
	byAdv := map[*advisory.Advisory][]*prow{}
	for _, pr := range pd.rows {
		if pr.adv != nil {
			byAdv[pr.adv] = append(byAdv[pr.adv], pr)
		}
	}
	var out []Verdict
	for _, a := range pd.advs {
		rows := byAdv[a]
		groups := map[string]*group{}
		var order []string
		for _, pr := range rows {
			k := pr.row.ProductID + "\x00" + groupKey(&pr.row)
			g := groups[k]
			if g == nil {
				g = &group{}
				groups[k] = g
				order = append(order, k)
			}
			g.rows = append(g.rows, pr)
		}
		v := Verdict{Advisory: a, Status: Fixed}
		for _, k := range order {
			rv := pd.rowVerdict(h, in, groups[k].rows)
			v.Rows = append(v.Rows, rv)
		}
		// Affected wins over unknown, unknown over fixed.
		for _, rv := range v.Rows {
			switch {
			case rv.Status == Affected:
				v.Status, v.Reason = Affected, ReasonNone
			case rv.Status == Unknown && v.Status != Affected:
				v.Status, v.Reason = Unknown, rv.Reason
			}
		}
		out = append(out, v)
	}
	return out
}

// rowVerdict decides one product and component of an advisory.
func (pd *productData) rowVerdict(h *host.Host, in installed, rows []*prow) RowVerdict {
	first := &rows[0].row
	rv := RowVerdict{Product: first.Product, ProductID: first.ProductID, Component: first.Component}
	cumulative := false
	date := ""
	var fixes []int
	for _, pr := range rows {
		for _, f := range pr.fixes {
			if !slices.Contains(fixes, f) {
				fixes = append(fixes, f)
			}
			if d := pd.released[f]; d != "" && (date == "" || d < date) {
				date = d
			}
		}
		if pr.row.Released != "" && (date == "" || pr.row.Released < date) {
			date = pr.row.Released
		}
		cumulative = cumulative || pr.cumulative
	}
	sort.Ints(fixes)
	for _, f := range fixes {
		rv.Fixes = append(rv.Fixes, kbString(f))
	}
	if !h.HasUpdates {
		rv.Status, rv.Reason = Unknown, ReasonNoUpdates
		return rv
	}
	// Installed: one of the fixes, or an update that supersedes one.
	for _, f := range fixes {
		if by, ok := in.by[f]; ok {
			rv.Status, rv.Found = Fixed, kbString(by)
			if by != f {
				rv.Via = kbString(f)
			}
			u := in.direct[by]
			rv.Evidence = &u
			return rv
		}
	}
	// A monthly rollup of Windows 7, 8.1 and Server 2008 to 2012 R2 holds
	// every earlier fix of Windows itself (Microsoft's servicing model
	// since October 2016: the rollups were made fully cumulative), also
	// of the updates before the rollups and of non-security updates such
	// as KB3109853; so the newest installed rollup fixes a row of the
	// product itself released before it.
	if pd.osChain && pd.osRow(first) {
		d := date
		if d == "" && rows[0].adv != nil && !rows[0].adv.Published.IsZero() {
			d = rows[0].adv.Published.Format("2006-01-02")
		}
		list := pd.cumul[""]
		for i := len(list) - 1; i >= 0 && d != ""; i-- {
			c := list[i]
			u, ok := in.direct[c]
			if !ok {
				continue
			}
			if cd := pd.released[c]; cd != "" && cd >= d {
				rv.Status, rv.Found = Fixed, kbString(c)
				rv.Evidence = &u
				return rv
			}
			break
		}
	}
	// A later update of a cumulative chain that holds one of the fixes.
	for _, ck := range pd.chains(fixes) {
		list := pd.cumul[ck]
		for i := len(list) - 1; i >= 0; i-- {
			c := list[i]
			u, ok := in.direct[c]
			if !ok {
				continue
			}
			if cd := pd.released[c]; date != "" && cd != "" && cd >= date || (date == "" || cd == "") && c > fixes[0] {
				rv.Status, rv.Found = Fixed, kbString(c)
				rv.Evidence = &u
				return rv
			}
			break // the newest installed one is older than the fix
		}
	}
	switch {
	case len(fixes) == 0:
		rv.Status, rv.Reason = Unknown, ReasonNoFixKnown
		return rv
	case h.Incomplete:
		rv.Status, rv.Reason = Unknown, ReasonIncompleteList
		return rv
	}
	rv.Status = Affected
	rv.Install = kbString(pd.newest(fixes, pd.osChain && pd.osRow(first)))
	rv.InstallReleased = pd.released[kbOf(rv.Install)]
	return rv
}

func kbOf(s string) int {
	n, _ := strconv.Atoi(strings.TrimPrefix(s, "KB"))
	return n
}

// newest returns the newest update that covers the fixes: of them, every
// update that supersedes one of them (transitively), and the latest
// update of every cumulative chain that holds one (for a row of Windows
// itself on a product with a chain of monthly updates, the latest of
// them), the heads — an update superseded by another of them never wins
// — and of the heads the latest.
func (pd *productData) newest(fixes []int, rollup bool) int {
	best, head := 0, 0
	seen := map[int]bool{}
	stack := append([]int(nil), fixes...)
	chains := pd.chains(fixes)
	if rollup && !slices.Contains(chains, "") {
		chains = append(chains, "") // the newest monthly rollup holds it
	}
	for _, ck := range chains {
		if list := pd.cumul[ck]; len(list) > 0 {
			stack = append(stack, list[len(list)-1])
		}
	}
	for len(stack) > 0 {
		k := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if seen[k] {
			continue
		}
		seen[k] = true
		if best == 0 || pd.newer(k, best) {
			best = k
		}
		if len(pd.succ[k]) == 0 && (head == 0 || pd.newer(k, head)) {
			head = k
		}
		stack = append(stack, pd.succ[k]...)
	}
	if head != 0 {
		return head
	}
	return best // every one superseded: a cycle
}

// newer reports whether update a is to be installed rather than b: the
// later one; of two of the same day (a monthly rollup and its
// security-only twin) the one in a cumulative chain, which holds the
// other's fixes and every earlier one.
func (pd *productData) newer(a, b int) bool {
	da, db := pd.released[a], pd.released[b]
	if da != "" && db != "" && da != db {
		return da > db
	}
	if ca, cb := len(pd.chainOf[a]) > 0, len(pd.chainOf[b]) > 0; ca != cb {
		return ca
	}
	return pd.older(b, a)
}

// missing lists the updates to install, with the advisories each fixes.
func missing(vs []Verdict) []MissingUpdate {
	by := map[string]*MissingUpdate{}
	for _, v := range vs {
		if v.Status != Affected {
			continue
		}
		for _, rv := range v.Rows {
			if rv.Status != Affected || rv.Install == "" {
				continue
			}
			m := by[rv.Install]
			if m == nil {
				m = &MissingUpdate{KB: rv.Install, Released: rv.InstallReleased}
				by[rv.Install] = m
			}
			if !slices.Contains(m.Advisories, v.Advisory.ID) {
				m.Advisories = append(m.Advisories, v.Advisory.ID)
			}
		}
	}
	out := make([]MissingUpdate, 0, len(by))
	for _, m := range by {
		out = append(out, *m)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Released != out[j].Released {
			return out[i].Released > out[j].Released
		}
		return kbOf(out[i].KB) > kbOf(out[j].KB)
	})
	return out
}
