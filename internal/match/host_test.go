package match

import (
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/affected-dev/affected/internal/advisory"
	"github.com/affected-dev/affected/internal/host"
)

// memSource is a PlatformSource over a slice.
type memSource []*advisory.Advisory

func (m memSource) EachForPlatform(keys []string, fn func(*advisory.Advisory)) error {
	for _, a := range m {
		for _, p := range a.Platforms {
			k := strings.Join(strings.SplitN(p.ProductID, "/", 3)[:2], "/")
			if slices.Contains(keys, k) {
				fn(a)
				break
			}
		}
	}
	return nil
}

func (m memSource) Get(id string) (*advisory.Advisory, bool) {
	for _, a := range m {
		if a.Is(id) {
			return a, true
		}
	}
	return nil, false
}

func platRow(product, kb, released string, supersedes ...string) advisory.PlatformExposure {
	return advisory.PlatformExposure{Product: product, ProductID: product, FixedBy: kb, Released: released, Supersedes: supersedes}
}

func padv(id string, rows ...advisory.PlatformExposure) *advisory.Advisory {
	return &advisory.Advisory{ID: id, Source: "test", Platforms: rows}
}

func osHost(name string, build int, arch string, server bool, kbs ...int) *host.Host {
	o := &host.OS{Name: "Microsoft Windows", Build: build, Arch: arch}
	if server {
		o.Name = "Microsoft Windows Server"
	}
	h := &host.Host{Name: name, OS: o, HasUpdates: true}
	for _, k := range kbs {
		h.Updates = append(h.Updates, host.Update{ID: "KB" + itoa(k), KB: k})
	}
	return h
}

func itoa(n int) string {
	return strings.TrimPrefix(kbString(n), "KB")
}

type got struct {
	Status           Status
	Reason           Reason
	Found, Via, Inst string
}

func verdictOf(t *testing.T, rs []HostResult, hostName, id string) got {
	t.Helper()
	for _, r := range rs {
		if r.Host.Name != hostName {
			continue
		}
		for _, v := range r.Verdicts {
			if v.Advisory.ID == id {
				g := got{Status: v.Status, Reason: v.Reason}
				for _, rv := range v.Rows {
					if rv.Found != "" {
						g.Found, g.Via = rv.Found, rv.Via
					}
					if rv.Install != "" {
						g.Inst = rv.Install
					}
				}
				return g
			}
		}
		return got{Status: "none"}
	}
	t.Fatalf("no host %s", hostName)
	return got{}
}

// TestMatchHosts pins the rule: supersedence is followed transitively,
// alternatives fix either way, a later cumulative update of the chain
// fixes, the update to install is the newest that covers the fix, and
// the reasons of unknown verdicts.
func TestMatchHosts(t *testing.T) {
	const w81, w10, s12 = "windows/8.1/x64", "windows/10/1511/x64", "windows-server/2012r2/x64"
	cu := func(kb, released string, supersedes ...string) advisory.PlatformExposure {
		r := platRow(w10, kb, released, supersedes...)
		r.Update = "cumulative"
		return r
	}
	src := memSource{
		// KB3000100 ← KB3000200 ← KB3000300 on 8.1.
		padv("A-CHAIN", platRow(w81, "KB3000100", "2016-01-12")),
		padv("A-NEXT", platRow(w81, "KB3000200", "2016-02-09", "KB3000100")),
		padv("A-LAST", platRow(w81, "KB3000300", "2016-03-08", "KB3000200")),
		// Two alternatives on Server 2012 R2.
		padv("A-ALT", platRow(s12, "KB4000410", "2017-01-10"), platRow(s12, "KB4000411", "2017-01-10")),
		// Windows 10 1511 cumulative updates without supersedence.
		padv("C-JAN", cu("KB3124263", "2016-01-12")),
		padv("C-FEB", cu("KB3135173", "2016-02-09")),
		padv("C-MAR", cu("KB3140768", "2016-03-08")),
		// A row naming no update.
		padv("A-NOKB", advisory.PlatformExposure{Product: w81, ProductID: w81}),
	}
	hosts := []*host.Host{
		osHost("h81-old", 9600, "x64", false, 3000100),
		osHost("h81-new", 9600, "x64", false, 3000300),
		osHost("h12", 9600, "x64", true, 4000411),
		osHost("h10-feb", 10586, "x64", false, 3135173),
		osHost("h10-none", 10586, "x64", false),
		{Name: "no-list", OS: &host.OS{Name: "Microsoft Windows", Build: 9600, Arch: "x64"}},
		{Name: "cut", OS: &host.OS{Name: "Microsoft Windows", Build: 9600, Arch: "x64"}, HasUpdates: true, Incomplete: true},
		{Name: "no-os", HasUpdates: true},
		osHost("odd-build", 12345, "x64", false),
	}
	rs, err := MatchHosts(hosts, src, HostOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		host, adv string
		want      got
	}{
		{"h81-old", "A-CHAIN", got{Status: Fixed, Found: "KB3000100"}},
		{"h81-old", "A-NEXT", got{Status: Affected, Inst: "KB3000300"}},
		{"h81-new", "A-CHAIN", got{Status: Fixed, Found: "KB3000300", Via: "KB3000100"}},
		{"h81-new", "A-LAST", got{Status: Fixed, Found: "KB3000300"}},
		{"h81-new", "A-NOKB", got{Status: Unknown, Reason: ReasonNoFixKnown}},
		{"h12", "A-ALT", got{Status: Fixed, Found: "KB4000411"}},
		{"h12", "A-CHAIN", got{Status: "none"}},
		{"h10-feb", "C-JAN", got{Status: Fixed, Found: "KB3135173"}},
		{"h10-feb", "C-FEB", got{Status: Fixed, Found: "KB3135173"}},
		{"h10-feb", "C-MAR", got{Status: Affected, Inst: "KB3140768"}},
		{"h10-none", "C-JAN", got{Status: Affected, Inst: "KB3140768"}},
		{"no-list", "A-CHAIN", got{Status: Unknown, Reason: ReasonNoUpdates}},
		{"cut", "A-CHAIN", got{Status: Unknown, Reason: ReasonIncompleteList}},
	} {
		if diff := cmp.Diff(tc.want, verdictOf(t, rs, tc.host, tc.adv)); diff != "" {
			t.Errorf("%s × %s (-want +got):\n%s", tc.host, tc.adv, diff)
		}
	}
	for _, r := range rs {
		switch r.Host.Name {
		case "no-os":
			if r.Reason != ReasonNoOS {
				t.Errorf("no-os: reason %q", r.Reason)
			}
		case "odd-build":
			if r.Reason != ReasonUnknownBuild {
				t.Errorf("odd-build: reason %q", r.Reason)
			}
		case "h81-old":
			// KB3000300 covers both A-NEXT and A-LAST: one update to install.
			if len(r.Missing) != 1 || r.Missing[0].KB != "KB3000300" || len(r.Missing[0].Advisories) != 2 {
				t.Errorf("h81-old missing %+v", r.Missing)
			}
		}
	}
	// Asked for, an advisory of no product of the host is not applicable.
	rs, err = MatchHosts(hosts[:1], src, HostOptions{Advisories: []string{"A-ALT"}})
	if err != nil {
		t.Fatal(err)
	}
	if g := verdictOf(t, rs, "h81-old", "A-ALT"); g.Status != NotApplicable || g.Reason != ReasonNotListed {
		t.Errorf("h81-old × A-ALT = %+v, want not applicable", g)
	}
}

// TestHostChains pins issue 12's A1 and A2: on Windows 10 the update to
// install for a row of Windows itself is the newest update of the chain
// of cumulative updates (the rows marked cumulative: tied by
// supersedence), never an update outside it dated later (the Secure Boot
// DBX update), which fixes only its own rows; an isolated older
// cumulative update is held by the chain's newest; and a successor beats
// the update it supersedes even when the data dates the older one later.
func TestHostChains(t *testing.T) {
	const w1803, w81 = "windows/10/1803/x64", "windows/8.1/x64"
	cu := func(kb, released string, supersedes ...string) advisory.PlatformExposure {
		r := platRow(w1803, kb, released, supersedes...)
		r.Update = "cumulative"
		return r
	}
	net := func(kb, released string, supersedes ...string) advisory.PlatformExposure {
		r := platRow(w81, kb, released, supersedes...)
		r.Component = "Microsoft .NET Framework 4.8"
		return r
	}
	src := memSource{
		padv("L-APR", cu("KB5001330", "2021-04-13", "KB5000809")),
		padv("L-MAY", cu("KB5003174", "2021-05-11", "KB5001330")),
		// Not in the chain: supersedes nothing, nothing supersedes it.
		padv("DBX", platRow(w1803, "KB4535680", "2022-11-15")),
		padv("L-OLD", platRow(w1803, "KB4103721", "2018-05-08")),
		// KB5013872 supersedes KB5012331, which CVE revisions date later.
		padv("N-APR", net("KB5012331", "2024-06-24", "KB5011000")),
		padv("N-MAY", net("KB5013872", "2022-05-10", "KB5012331")),
	}
	hosts := []*host.Host{
		osHost("none", 17134, "x64", false),
		osHost("may", 17134, "x64", false, 5003174),
		osHost("dbx", 17134, "x64", false, 4535680),
		osHost("h81", 9600, "x64", false),
	}
	rs, err := MatchHosts(hosts, src, HostOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		host, adv string
		want      got
	}{
		{"none", "L-APR", got{Status: Affected, Inst: "KB5003174"}},
		{"none", "L-OLD", got{Status: Affected, Inst: "KB5003174"}},
		{"none", "DBX", got{Status: Affected, Inst: "KB4535680"}},
		{"may", "L-APR", got{Status: Fixed, Found: "KB5003174", Via: "KB5001330"}},
		{"may", "L-OLD", got{Status: Fixed, Found: "KB5003174"}},
		{"may", "DBX", got{Status: Affected, Inst: "KB4535680"}},
		{"dbx", "L-OLD", got{Status: Affected, Inst: "KB5003174"}},
		{"dbx", "L-MAY", got{Status: Affected, Inst: "KB5003174"}},
		{"h81", "N-APR", got{Status: Affected, Inst: "KB5013872"}},
	} {
		if diff := cmp.Diff(tc.want, verdictOf(t, rs, tc.host, tc.adv)); diff != "" {
			t.Errorf("%s × %s (-want +got):\n%s", tc.host, tc.adv, diff)
		}
	}
	for _, r := range rs {
		if r.Host.Name != "none" {
			continue
		}
		var kbs []string
		for _, m := range r.Missing {
			kbs = append(kbs, m.KB)
		}
		if want := []string{"KB4535680", "KB5003174"}; !slices.Equal(kbs, want) {
			t.Errorf("none: missing %v, want %v", kbs, want)
		}
	}
}

// TestHostComponents pins issue 12's A3: rows of one advisory and product
// with different components each need their own fix (a host with the GDI+
// update still lacks the .NET 3.0 one); the versions of Internet Explorer
// are alternatives (a host has one).
func TestHostComponents(t *testing.T) {
	const xp, s08 = "windows/xp/sp3/x86", "windows-server/2008/sp2/x64"
	comp := func(product, kb, component, componentID string) advisory.PlatformExposure {
		r := platRow(product, kb, "2012-05-08")
		r.Component, r.ComponentID = component, componentID
		return r
	}
	src := memSource{
		padv("CVE-2012-0159",
			platRow(xp, "KB2659262", "2012-05-08"),
			comp(xp, "KB2656407", "Microsoft .NET Framework 3.0 Service Pack 2", "net-framework/3.0/sp2"),
			comp(xp, "KB2656405", "Microsoft .NET Framework 4", "net-framework/4")),
		padv("IE",
			comp(s08, "KB3021952", "Internet Explorer 7", "internet-explorer/7"),
			comp(s08, "KB3034196", "Internet Explorer 9", "internet-explorer/9")),
	}
	hosts := []*host.Host{
		osHost("xp", 2600, "x86", false, 2659262, 2656405),
		osHost("s08", 6002, "x64", true, 3034196),
	}
	hosts[0].OS.ServicePack = 3
	hosts[1].OS.ServicePack = 2
	rs, err := MatchHosts(hosts, src, HostOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if g := verdictOf(t, rs, "xp", "CVE-2012-0159"); g.Status != Affected || g.Inst != "KB2656407" {
		t.Errorf("xp × CVE-2012-0159 = %+v, want affected, install KB2656407", g)
	}
	if g := verdictOf(t, rs, "s08", "IE"); g.Status != Fixed || g.Found != "KB3034196" {
		t.Errorf("s08 × IE = %+v, want fixed by KB3034196", g)
	}
}

// TestHostNoData: a host whose product no advisory names gets the reason
// (nothing was checked), unless advisories are asked for, which give
// their verdicts.
func TestHostNoData(t *testing.T) {
	src := memSource{padv("A-81", platRow("windows/8.1/x64", "KB3000100", "2016-01-12"))}
	xp := osHost("xp-rtm", 2600, "x86", false, 123456)
	rs, err := MatchHosts([]*host.Host{xp, osHost("h81", 9600, "x64", false)}, src, HostOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if rs[0].Reason != ReasonNoData || !rs[0].ProductOK || len(rs[0].Verdicts) != 0 {
		t.Errorf("xp-rtm: reason %q, product ok %v, %d verdicts; want no-data", rs[0].Reason, rs[0].ProductOK, len(rs[0].Verdicts))
	}
	if rs[1].Reason != ReasonNone {
		t.Errorf("h81: reason %q", rs[1].Reason)
	}
	rs, err = MatchHosts([]*host.Host{xp}, src, HostOptions{Advisories: []string{"A-81"}})
	if err != nil {
		t.Fatal(err)
	}
	if rs[0].Reason != ReasonNone || verdictOf(t, rs, "xp-rtm", "A-81").Status != NotApplicable {
		t.Errorf("xp-rtm asked A-81: reason %q, %+v", rs[0].Reason, verdictOf(t, rs, "xp-rtm", "A-81"))
	}
}
