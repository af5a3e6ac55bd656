package windows

import (
	"strconv"
	"strings"

	"github.com/affected-dev/affected/internal/i18n"
)

// LocalName returns p's name in l, as Microsoft's Korean and Traditional
// Chinese documents write it ("Windows 10 버전 1511(x64 기반 시스템용)",
// "適用於 x64 型系統的 Windows 10 1511 版", "Windows Server 2012 R2(Server
// Core 설치)"): the words around the product are translated, the product
// names themselves stay as Microsoft leaves them. English, and products
// other than Windows, get [Product.Name]. [Parse] of a local name gives p
// back, as it does for the English one.
func (p Product) LocalName(l i18n.Lang) string {
	if l == i18n.En || !p.IsWindows() || p.Edition != "" {
		// Editions ("Windows 10 Mobile", Remote Desktop Client rows) are
		// named in English in the documents of every language.
		return p.Name()
	}
	server := p.Family == FamilyWindowsServer
	var base string
	switch {
	case !server && p.Arch == ArchARM && (p.Version == "8" || p.Version == "8.1"):
		base = "Windows RT"
		if p.Version == "8.1" {
			base += " 8.1"
		}
		p.Arch = ArchAny
	case server && serverRelease(p.Version):
		if l == i18n.Ko {
			base = "Windows Server 버전 " + strings.ToUpper(p.Version)
		} else {
			base = "Windows Server " + strings.ToUpper(p.Version) + " 版"
		}
		if p.Arch == ArchX64 {
			p.Arch = ArchAny
		}
	case server:
		base = "Windows Server " + versionName(p.Version)
		if serverX64Only(p.Version) && p.Arch == ArchX64 {
			p.Arch = ArchAny
		}
	default:
		base = "Windows " + versionName(p.Version)
	}
	if p.Release != "" && !(p.Version == "10" && p.Release == "1507") && !(server && serverRelease(p.Version)) {
		if l == i18n.Ko {
			base += " 버전 " + strings.ToUpper(p.Release)
		} else {
			base += " " + strings.ToUpper(p.Release) + " 版"
		}
	}
	legacy := p.Version == "vista" || p.Version == "xp" || p.Version == "2003" || p.Version == "2003r2"
	var arch string
	switch {
	case legacy && p.Arch == ArchX64:
		base += " x64 Edition" // so written in every language
	case legacy && p.Arch == ArchX86:
	case p.Arch == ArchX86:
		arch = map[i18n.Lang]string{i18n.Ko: "32비트 시스템", i18n.ZhTW: "32 位元系統"}[l]
	case p.Arch == ArchX64:
		arch = map[i18n.Lang]string{i18n.Ko: "x64 기반 시스템", i18n.ZhTW: "x64 型系統"}[l]
	case p.Arch == ArchIA64:
		arch = map[i18n.Lang]string{i18n.Ko: "Itanium 기반 시스템", i18n.ZhTW: "Itanium 型系統"}[l]
	case p.Arch == ArchARM64:
		arch = map[i18n.Lang]string{i18n.Ko: "ARM64 기반 시스템", i18n.ZhTW: "ARM64 型系統"}[l]
	case p.Arch == ArchARM:
		arch = map[i18n.Lang]string{i18n.Ko: "ARM 기반 시스템", i18n.ZhTW: "ARM 型系統"}[l]
	}
	var b strings.Builder
	if l == i18n.Ko {
		b.WriteString(base)
		if arch != "" {
			b.WriteString("(" + arch + "용)")
		}
		if p.SP > 0 {
			b.WriteString(" 서비스 팩 " + strconv.Itoa(p.SP))
		}
		if p.ServerCore {
			b.WriteString("(Server Core 설치)")
		}
		return b.String()
	}
	if arch != "" {
		b.WriteString("適用於 " + arch + "的 ")
	}
	b.WriteString(base)
	if p.SP > 0 {
		b.WriteString(" Service Pack " + strconv.Itoa(p.SP))
	}
	if p.ServerCore {
		b.WriteString(" (Server Core 安裝)")
	}
	return b.String()
}

// DisplayName returns the name of the product with canonical id id in l:
// name (the source's own English name) in English or when id is not a
// product id, [Product.LocalName] otherwise.
func DisplayName(id, name string, l i18n.Lang) string {
	if l == i18n.En || id == "" {
		return name
	}
	p, err := ParseID(id)
	if err != nil || !p.IsWindows() {
		return name
	}
	return p.LocalName(l)
}
