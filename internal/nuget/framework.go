package nuget

import (
	"strconv"
	"strings"
)

// Framework is a target framework moniker (TFM). Lock files name frameworks
// in the long form (".NETCoreApp,Version=v1.1"), project files in the short
// one ("netcoreapp1.1"); affected always shows the short one, as
// https://learn.microsoft.com/nuget/reference/target-frameworks lists them.
type Framework struct {
	ID       string // canonical long identifier: ".NETCoreApp", ".NETFramework", ...
	Version  []int  // e.g. [1 1] for v1.1
	Profile  string
	Platform string // "windows7.0" in net8.0-windows7.0
	short    string
}

// identifiers maps long identifiers (lower case) to their short prefix and
// whether the short version keeps its dots.
var identifiers = []struct {
	long, short string
	dots        bool
}{
	{".netframework", "net", false},
	{".netcoreapp", "netcoreapp", true},
	{".netstandard", "netstandard", true},
	{".netcore", "netcore", false},
	{".netportable", "portable", false},
	{".netplatform", "dotnet", true},
	{"dnx", "dnx", false},
	{"dnxcore", "dnxcore", false},
	{"uap", "uap", true},
	{"tizen", "tizen", false},
	{"monoandroid", "monoandroid", false},
	{"monotouch", "monotouch", false},
	{"monomac", "monomac", false},
	{"xamarin.ios", "xamarinios", false},
	{"xamarin.mac", "xamarinmac", false},
	{"xamarin.tvos", "xamarintvos", false},
	{"xamarin.watchos", "xamarinwatchos", false},
	{"windows", "win", false},
	{"windowsphone", "wp", false},
	{"windowsphoneapp", "wpa", false},
	{"silverlight", "sl", false},
	{"native", "native", false},
}

// ParseFramework parses a framework name in either form. Unknown names are
// kept as written (lower-cased) rather than rejected: a lock file from a
// newer SDK must still be readable.
func ParseFramework(s string) Framework {
	s = strings.TrimSpace(s)
	if strings.Contains(s, ",") {
		return parseLong(s)
	}
	return parseShort(s)
}

func parseLong(s string) Framework {
	parts := strings.Split(s, ",")
	f := Framework{ID: strings.TrimSpace(parts[0])}
	for _, p := range parts[1:] {
		k, v, _ := strings.Cut(strings.TrimSpace(p), "=")
		switch strings.ToLower(k) {
		case "version":
			f.Version = parseFrameworkVersion(strings.TrimPrefix(strings.TrimPrefix(v, "v"), "V"))
		case "profile":
			f.Profile = v
		}
	}
	f.short = f.computeShort()
	return f
}

func parseFrameworkVersion(v string) []int {
	var out []int
	for _, p := range strings.Split(v, ".") {
		n, err := strconv.Atoi(p)
		if err != nil {
			return out
		}
		out = append(out, n)
	}
	return out
}

func (f Framework) computeShort() string {
	id := strings.ToLower(f.ID)
	for _, m := range identifiers {
		if id != m.long {
			continue
		}
		prefix, dots := m.short, m.dots
		if id == ".netcoreapp" && len(f.Version) > 0 && f.Version[0] >= 5 {
			prefix = "net" // .NET 5 and later are "net5.0", not "netcoreapp5.0"
		}
		if id == ".netportable" && f.Profile != "" {
			return "portable-" + strings.ToLower(f.Profile)
		}
		return prefix + versionString(f.Version, dots) + platformSuffix(f.Platform)
	}
	return strings.ToLower(f.ID) + versionString(f.Version, true)
}

func versionString(v []int, dots bool) string {
	// Trailing zeros beyond the second number are dropped: v4.5.0 → 45, v2.0 → 2.0.
	for len(v) > 2 && v[len(v)-1] == 0 {
		v = v[:len(v)-1]
	}
	if len(v) == 1 && dots {
		v = append(v, 0)
	}
	var b strings.Builder
	for i, n := range v {
		if i > 0 && dots {
			b.WriteByte('.')
		}
		if !dots && n >= 10 {
			// Two-digit parts are written with dots even in the compact
			// form (net4.10 is not net410); NuGet does the same.
			return versionString(v, true)
		}
		b.WriteString(strconv.Itoa(n))
	}
	return b.String()
}

func platformSuffix(p string) string {
	if p == "" {
		return ""
	}
	return "-" + strings.ToLower(p)
}

func parseShort(s string) Framework {
	low := strings.ToLower(s)
	f := Framework{short: low}
	name, platform, _ := strings.Cut(low, "-")
	if strings.HasPrefix(name, "portable") {
		f.ID = ".NETPortable"
		return f
	}
	// Split the letters from the version digits.
	i := len(name)
	for i > 0 && (name[i-1] >= '0' && name[i-1] <= '9' || name[i-1] == '.') {
		i--
	}
	prefix, ver := name[:i], name[i:]
	for _, m := range identifiers {
		if prefix != m.short {
			continue
		}
		f.ID = canonicalLong(m.long)
		if strings.Contains(ver, ".") || m.dots {
			f.Version = parseFrameworkVersion(ver)
		} else {
			for _, c := range ver {
				f.Version = append(f.Version, int(c-'0'))
			}
		}
		break
	}
	if prefix == "net" && len(f.Version) > 0 && f.Version[0] >= 5 {
		f.ID = ".NETCoreApp"
		if len(f.Version) == 1 {
			f.Version = append(f.Version, 0)
		}
		f.Platform = platform
		f.short = "net" + versionString(f.Version, true) + platformSuffix(platform)
	}
	return f
}

func canonicalLong(low string) string {
	switch low {
	case ".netframework":
		return ".NETFramework"
	case ".netcoreapp":
		return ".NETCoreApp"
	case ".netstandard":
		return ".NETStandard"
	case ".netcore":
		return ".NETCore"
	case "dnx":
		return "DNX"
	case "dnxcore":
		return "DNXCore"
	case "uap":
		return "UAP"
	}
	return low
}

// String returns the short form: "netcoreapp1.1", "net472", "net8.0".
func (f Framework) String() string { return f.short }

// ShortFramework returns the short form of a framework name given in
// either form.
func ShortFramework(s string) string { return ParseFramework(s).String() }

// SplitTarget splits a lock file target key such as "net8.0/win-x64" or
// ".NETCoreApp,Version=v1.0/win7-x64" into the short framework name and the
// runtime identifier (empty for the framework-wide target).
func SplitTarget(key string) (framework, rid string) {
	fw, rid, _ := strings.Cut(key, "/")
	return ShortFramework(fw), rid
}

// CompareFrameworks orders framework names (either form) as their
// versions go, not as their letters do: by framework identifier, then
// version number by number (net8.0 < net9.0 < net10.0, and netcoreapp3.1 <
// net5.0, both .NETCoreApp), then profile and platform; it returns -1, 0
// or +1. Names that do not parse compare by their short form.
func CompareFrameworks(a, b string) int {
	fa, fb := ParseFramework(a), ParseFramework(b)
	if fa.ID == "" || fb.ID == "" || fa.ID != fb.ID {
		ka, kb := fa.ID, fb.ID
		if ka == "" || kb == "" {
			ka, kb = fa.String(), fb.String()
		}
		return strings.Compare(strings.ToLower(ka), strings.ToLower(kb))
	}
	for i := 0; i < max(len(fa.Version), len(fb.Version)); i++ {
		var x, y int
		if i < len(fa.Version) {
			x = fa.Version[i]
		}
		if i < len(fb.Version) {
			y = fb.Version[i]
		}
		if x != y {
			if x < y {
				return -1
			}
			return 1
		}
	}
	if c := strings.Compare(fa.Profile, fb.Profile); c != 0 {
		return c
	}
	if c := strings.Compare(fa.Platform, fb.Platform); c != 0 {
		return c
	}
	return strings.Compare(fa.String(), fb.String())
}
