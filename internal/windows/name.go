package windows

import (
	"strconv"
	"strings"
)

// Name returns p's name as Microsoft's English documents (and the MSRC
// names in wesng's definitions) write it: "Windows 10 Version 1511 for
// x64-based Systems", "Windows 10 for 32-bit Systems" (release 1507),
// "Windows 7 for x64-based Systems Service Pack 1", "Windows Server 2012 R2
// (Server Core installation)", "Windows RT 8.1", "Windows Vista x64
// Edition Service Pack 2". [Parse] of the name gives p back. Products other
// than Windows are named from their parts ("Office 2010 Service Pack 2
// (64-bit editions)").
func (p Product) Name() string {
	if p.IsWindows() {
		return p.windowsName()
	}
	var b strings.Builder
	b.WriteString(titleSlug(p.Family))
	if p.Version != "" {
		b.WriteByte(' ')
		b.WriteString(versionName(p.Version))
	}
	if p.SP > 0 {
		b.WriteString(" Service Pack ")
		b.WriteString(strconv.Itoa(p.SP))
	}
	switch p.Arch {
	case ArchX86:
		b.WriteString(" (32-bit editions)")
	case ArchX64:
		b.WriteString(" (64-bit editions)")
	case ArchIA64:
		b.WriteString(" for Itanium-based Systems")
	case ArchARM, ArchARM64:
		b.WriteString(" for " + strings.ToUpper(string(p.Arch)) + "-based Systems")
	}
	if p.Edition != "" {
		b.WriteString(" (" + strings.ReplaceAll(p.Edition, "+", ", ") + ")")
	}
	return b.String()
}

func (p Product) windowsName() string {
	var b strings.Builder
	server := p.Family == FamilyWindowsServer
	switch {
	case !server && p.Arch == ArchARM && (p.Version == "8" || p.Version == "8.1"):
		b.WriteString("Windows RT")
		if p.Version == "8.1" {
			b.WriteString(" 8.1")
		}
		p.Arch = ArchAny
	case server && serverRelease(p.Version):
		b.WriteString("Windows Server, version " + strings.ToUpper(p.Version))
		if p.Arch == ArchX64 {
			p.Arch = ArchAny // x64 only
		}
	case server:
		b.WriteString("Windows Server " + versionName(p.Version))
		if serverX64Only(p.Version) && p.Arch == ArchX64 {
			p.Arch = ArchAny
		}
	default:
		b.WriteString("Windows " + versionName(p.Version))
	}
	if p.Release != "" && !(p.Version == "10" && p.Release == "1507") {
		b.WriteString(" Version " + strings.ToUpper(p.Release))
	}
	edition := p.Edition
	if strings.Contains("+"+edition+"+", "+hololens+") {
		b.WriteString(" for HoloLens")
		edition = strings.Trim(strings.ReplaceAll("+"+edition+"+", "+hololens+", "+"), "+")
	}
	legacy := p.Version == "vista" || p.Version == "xp" || p.Version == "2003" || p.Version == "2003r2"
	switch {
	case legacy && p.Arch == ArchX64:
		b.WriteString(" x64 Edition")
	case legacy && p.Arch == ArchX86:
		// Vista, XP and 2003 without an architecture are the 32-bit ones
	case p.Arch == ArchX86:
		b.WriteString(" for 32-bit Systems")
	case p.Arch == ArchX64:
		b.WriteString(" for x64-based Systems")
	case p.Arch == ArchIA64:
		b.WriteString(" for Itanium-based Systems")
	case p.Arch == ArchARM64:
		b.WriteString(" for ARM64-based Systems")
	case p.Arch == ArchARM:
		b.WriteString(" for ARM-based Systems")
	}
	if p.SP > 0 {
		b.WriteString(" Service Pack " + strconv.Itoa(p.SP))
	}
	if p.ServerCore {
		b.WriteString(" (Server Core installation)")
	}
	for _, e := range strings.Split(edition, "+") {
		switch {
		case e == "":
		case strings.HasPrefix(e, "rdc-"):
			b.WriteString(" (with Remote Desktop Client " + e[4:] + " installed)")
		default:
			b.WriteString(" (" + e + ")")
		}
	}
	return b.String()
}

// serverX64Only reports whether Windows Server version v exists only for
// x64 (2012 and later), so that a name without an architecture means x64.
func serverX64Only(v string) bool {
	if serverRelease(v) {
		return true
	}
	if len(v) < 4 || !allDigits(v[:4]) {
		return false
	}
	year, _ := strconv.Atoi(v[:4])
	return year >= 2012
}

// versionName writes a canonical version the way names do: "2012r2" →
// "2012 R2", "vista" → "Vista", "xp" → "XP".
func versionName(v string) string {
	switch v {
	case "vista":
		return "Vista"
	case "xp":
		return "XP"
	}
	if strings.HasSuffix(v, "r2") {
		return v[:len(v)-2] + " R2"
	}
	return v
}

// titleSlug turns a family slug back into words: "sql-server" → "Sql
// Server". It is for display only; the English name of the product is in
// the document the record came from.
func titleSlug(s string) string {
	words := strings.Split(s, "-")
	for i, w := range words {
		if w != "" {
			words[i] = strings.ToUpper(w[:1]) + w[1:]
		}
	}
	return strings.Join(words, " ")
}

// serverRelease reports whether Windows Server version v is one of the
// semi-annual releases named by their release ("Windows Server, version
// 1709") rather than one of the long-term ones named by their year.
func serverRelease(v string) bool {
	switch v {
	case "2003", "2008", "2012", "2016", "2019", "2022", "2025":
		return false
	}
	return isRelease(v)
}
