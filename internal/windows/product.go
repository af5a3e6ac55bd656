package windows

import (
	"fmt"
	"strconv"
	"strings"
)

// Families of the Windows operating system. Other Microsoft products get a
// family named after their English name ("office", "sql-server",
// "internet-explorer"; see [Parse]).
const (
	FamilyWindows       = "windows"        // client Windows: XP, Vista, 7, 8, 8.1, RT, 10, 11
	FamilyWindowsServer = "windows-server" // Windows Server 2003 … 2025 and the "Windows Server, version N" releases
)

// Arch is a processor architecture as Microsoft's product names state it.
type Arch string

// The architectures product names mention.
const (
	ArchAny   Arch = ""      // the name states none: every architecture of the product
	ArchX86   Arch = "x86"   // "32-bit Systems", "32비트 시스템용", "32 位元系統"
	ArchX64   Arch = "x64"   // "x64-based Systems", "x64 Edition", "64-bit"
	ArchARM   Arch = "arm"   // Windows RT and RT 8.1, "ARM systems"
	ArchARM64 Arch = "arm64" // "ARM64-based Systems"
	ArchIA64  Arch = "ia64"  // Itanium
)

var arches = []Arch{ArchX86, ArchX64, ArchARM, ArchARM64, ArchIA64}

// ParseArch maps the architecture words of inventories and product names
// ("x64", "AMD64", "x64-based PC", "X86-based PC", "32-bit", "Itanium",
// "ARM64") to an Arch.
func ParseArch(s string) (Arch, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	s = strings.TrimSuffix(strings.TrimSuffix(s, " pc"), "-based")
	switch s {
	case "x86", "32-bit", "32 bit", "32", "i386", "i686", "x32":
		return ArchX86, true
	case "x64", "amd64", "x86_64", "x86-64", "64-bit", "64 bit", "64":
		return ArchX64, true
	case "arm":
		return ArchARM, true
	case "arm64", "aarch64":
		return ArchARM64, true
	case "ia64", "itanium":
		return ArchIA64, true
	}
	return ArchAny, false
}

// Product is a product as Microsoft's security documents name it, reduced
// to the parts that decide which updates apply. Two names of the same
// product in any language give equal Products (and equal [Product.ID]s).
//
// For Windows the parts are: Family ("windows" or "windows-server"),
// Version ("10", "8.1", "7", "vista", "xp", "2012r2", "2016", and for the
// semi-annual server releases the release itself: "1709"), Release (the
// feature release of Windows 10 and 11: "1507" for the first one, which
// Microsoft's documents call plain "Windows 10", "1511", "22h2"), SP (the
// service pack), Arch, ServerCore and Edition. Windows RT is Windows 8 on
// ARM and Windows RT 8.1 is Windows 8.1 on ARM.
//
// For other products Family is the English product name without "Microsoft"
// and without its version, as a lower-case slug ("office", "sql-server",
// "skype-for-business", "internet-explorer"), and Version its version
// ("2010", "2008r2", "11", "4.6").
type Product struct {
	Family     string `json:"family"`
	Version    string `json:"version,omitempty"`
	Release    string `json:"release,omitempty"`
	SP         int    `json:"sp,omitempty"`
	Arch       Arch   `json:"arch,omitempty"`
	ServerCore bool   `json:"server_core,omitempty"`
	// Edition holds what else the name says that narrows the product,
	// as slugs joined by "+" in sorted order: "hololens", "rdc-8.0"
	// (with Remote Desktop Client 8.0 installed), "mac", "rt", "cu12"
	// (Exchange cumulative update 12), "excel-services".
	Edition string `json:"edition,omitempty"`
}

// IsWindows reports whether p is Windows itself (client or server).
func (p Product) IsWindows() bool {
	return p.Family == FamilyWindows || p.Family == FamilyWindowsServer
}

// ID returns the canonical, language-independent identifier of p:
// the parts that are set, lower case, joined by "/" in this order:
//
//	family[/version][/release][/spN][/arch][/core][/edition]
//
// for example "windows/10/1511/x64", "windows/8.1/arm" (Windows RT 8.1),
// "windows-server/2012r2/x64/core", "windows-server/2008r2/sp1/ia64",
// "windows/7/sp1/x86/rdc-8.0", "office/2010/sp2/x64". [ParseID] reads it
// back.
func (p Product) ID() string {
	var b strings.Builder
	b.WriteString(p.Family)
	if p.Version != "" {
		b.WriteByte('/')
		b.WriteString(p.Version)
	}
	if p.Release != "" {
		b.WriteByte('/')
		b.WriteString(p.Release)
	}
	if p.SP > 0 {
		b.WriteString("/sp")
		b.WriteString(strconv.Itoa(p.SP))
	}
	if p.Arch != ArchAny {
		b.WriteByte('/')
		b.WriteString(string(p.Arch))
	}
	if p.ServerCore {
		b.WriteString("/core")
	}
	if p.Edition != "" {
		b.WriteByte('/')
		b.WriteString(p.Edition)
	}
	return b.String()
}

// String returns the ID.
func (p Product) String() string { return p.ID() }

// ParseID reads an identifier written by [Product.ID]. The version is the
// part after the family when it starts with a digit (or is "vista" or
// "xp"); products without a version ("excel-viewer",
// "office-compatibility-pack/sp3") have none. After it, each part is recognised by its shape: a release is four
// digits or NNhN, "spN" a service pack, an architecture name, "core", and
// anything else the edition.
func ParseID(id string) (Product, error) {
	parts := strings.Split(id, "/")
	if parts[0] == "" {
		return Product{}, fmt.Errorf("product id %q: want family[/version][/…]", id)
	}
	p := Product{Family: parts[0]}
	parts = parts[1:]
	if len(parts) > 0 && isVersion(parts[0]) {
		p.Version, parts = parts[0], parts[1:]
	}
	stage := 0 // parts come in order: release, sp, arch, core, edition
	for _, s := range parts {
		next := stage
		switch {
		case s == "":
			return Product{}, fmt.Errorf("product id %q: empty part", id)
		case stage <= 0 && isRelease(s):
			p.Release, next = s, 1
		case stage <= 1 && len(s) > 2 && s[:2] == "sp" && allDigits(s[2:]):
			p.SP, _ = strconv.Atoi(s[2:])
			next = 2
		case stage <= 2 && isArch(s):
			p.Arch, next = Arch(s), 3
		case stage <= 3 && s == "core":
			p.ServerCore, next = true, 4
		case stage <= 4 && !isRelease(s) && !isArch(s) && s != "core" && !(len(s) > 2 && s[:2] == "sp" && allDigits(s[2:])):
			p.Edition, next = s, 5
		default:
			return Product{}, fmt.Errorf("product id %q: unexpected part %q", id, s)
		}
		stage = next
	}
	return p, nil
}

// isVersion reports whether s is shaped like a version: it starts with a
// digit ("10", "8.1", "2012r2", "4.6") or is "vista" or "xp".
func isVersion(s string) bool {
	return s != "" && (s[0] >= '0' && s[0] <= '9' || s == "vista" || s == "xp")
}

func isArch(s string) bool {
	for _, a := range arches {
		if string(a) == s {
			return true
		}
	}
	return false
}

// isRelease reports whether s is shaped like a feature release: 1507,
// 1511 … 2004 or 20h2, 22h2 ….
func isRelease(s string) bool {
	if len(s) != 4 {
		return false
	}
	if allDigits(s) {
		return true
	}
	return allDigits(s[:2]) && (s[2] == 'h' || s[2] == 'H') && allDigits(s[3:])
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// Covers reports whether a row of an advisory naming product p applies to
// a host running product h — the documented rule a host matcher uses:
//
//   - Family, Version and Release are equal (Windows 10 RTM is release
//     "1507" on both sides; [FromBuild] gives it for build 10240);
//   - SP is equal: a row for Windows 7 SP1 does not cover Windows 7 RTM;
//   - p's Arch is empty (the row names no architecture) or equal to h's;
//   - ServerCore is equal: Microsoft lists Server Core installations in
//     rows of their own, and a product affected only in a full installation
//     (Internet Explorer) has no Server Core row. A host whose inventory
//     cannot tell is a full installation;
//   - every edition qualifier of p is among h's ("hololens", "rdc-8.0"); a
//     row without one covers every edition.
//
// An advisory row (with its update KB) applies to a host when Covers holds
// for the row's product and the host's; whether the host is fixed is then a
// question of KBs (see the advisory package's PlatformExposure).
func (p Product) Covers(h Product) bool {
	if p.Family != h.Family || p.Version != h.Version || p.Release != h.Release || p.SP != h.SP {
		return false
	}
	if p.Arch != ArchAny && p.Arch != h.Arch {
		return false
	}
	if p.ServerCore != h.ServerCore {
		return false
	}
	if p.Edition == "" {
		return true
	}
	have := strings.Split(h.Edition, "+")
	for _, e := range strings.Split(p.Edition, "+") {
		found := false
		for _, x := range have {
			if x == e {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// addEdition adds slug e to p's edition qualifiers, keeping them sorted.
func (p *Product) addEdition(e string) {
	if e == "" {
		return
	}
	var list []string
	if p.Edition != "" {
		list = strings.Split(p.Edition, "+")
	}
	for _, x := range list {
		if x == e {
			return
		}
	}
	list = append(list, e)
	for i := len(list) - 1; i > 0 && list[i] < list[i-1]; i-- {
		list[i], list[i-1] = list[i-1], list[i]
	}
	p.Edition = strings.Join(list, "+")
}
