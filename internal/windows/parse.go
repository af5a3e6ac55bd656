package windows

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/affected-dev/affected/internal/lazyre"
	"golang.org/x/text/unicode/norm"
)

// Update is the kind of update a product row names besides the product:
// the 2016–2017 bulletins give Windows 7, 8.1 and Server 2008 R2–2012 R2 a
// "Security Only" row and a "Monthly Rollup" row each, and Windows 10
// updates are cumulative.
type Update string

// The kinds of update.
const (
	UpdateNone          Update = ""
	UpdateSecurityOnly  Update = "security-only"  // "Security Only", "보안 전용", "僅限安全性"
	UpdateMonthlyRollup Update = "monthly-rollup" // "Monthly Rollup", "월별 롤업", "每月彙總套件"
	// UpdateCumulative marks an update that contains every earlier fix for
	// its product, so that any later cumulative update for the same product
	// fixes too (a bulletin's footnote says so for Windows 10).
	UpdateCumulative Update = "cumulative"
)

// NameError is the error of Parse for a name it cannot read entirely.
type NameError struct {
	Name string // the name as given
	Rest string // what no pattern explained
}

func (e *NameError) Error() string {
	if e.Rest == "" {
		return "product name " + quote(e.Name) + ": no product in it"
	}
	return "product name " + quote(e.Name) + ": " + quote(e.Rest) + " not understood"
}

func quote(s string) string { return `"` + s + `"` }

// Parse reads a product name as Microsoft's documents write it, in
// English, Korean or Traditional Chinese:
//
//	Windows 10 Version 1511 for x64-based Systems
//	Windows 10 버전 1511(x64 기반 시스템용)
//	適用於 x64 型系統的 Windows 10 1511 版
//	Windows Server 2012 R2 (Server Core installation)
//	Windows 7(32비트 시스템용) 서비스 팩 1 보안 전용
//	Microsoft Office 2010 Service Pack 2 (64 位元版本)
//
// and returns the product and the kind of update the name adds ("보안
// 전용", Security Only). Footnote marks ("[1]"), update numbers in
// parentheses ("(3124266)") and link language marks ("(영문)") are ignored.
// A name with words no pattern explains gives a *NameError: Parse never
// guesses.
//
// Defaults follow Microsoft's naming: "Windows 10" without a version is
// release 1507; Windows Server 2012 and later without an architecture are
// x64; Vista, XP and Server 2003 without one are x86; Windows RT is Windows
// 8 on ARM. A few translation mistakes of the archive are corrected (see
// typos in patterns.go).
func Parse(name string) (Product, Update, error) {
	cache.Lock()
	c, ok := cache.m[name]
	cache.Unlock()
	if ok {
		return c.p, c.u, c.err
	}
	p, u, err := parse(name)
	cache.Lock()
	if cache.m == nil || len(cache.m) >= 8192 {
		cache.m = map[string]parsed{}
	}
	cache.m[name] = parsed{p, u, err}
	cache.Unlock()
	return p, u, err
}

// cache remembers names already parsed: a bulletin archive names the same
// few hundred products thousands of times.
var cache struct {
	sync.Mutex
	m map[string]parsed
}

type parsed struct {
	p   Product
	u   Update
	err error
}

var space = lazyre.New(`\s+`)

func parse(name string) (Product, Update, error) {
	s := name
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, " ")
	}
	s = strings.ReplaceAll(norm.NFKC.String(s), "\uFFFD", "")
	s = space.Get().ReplaceAllString(s, " ")
	var r result
	for _, tab := range [][]pattern{typos, phrases, noise, noise, late} {
		for _, pt := range tab {
			if !pt.re.Get().MatchString(s) {
				continue
			}
			s = pt.re.Get().ReplaceAllStringFunc(s, func(m string) string {
				return pt.act(&r, pt.re.Get().FindStringSubmatch(m))
			})
		}
	}
	s = strings.TrimSpace(space.Get().ReplaceAllString(s, " "))
	if loc := windowsName.Get().FindAllStringSubmatchIndex(s, -1); len(loc) > 0 {
		if len(loc) > 1 {
			return Product{}, "", &NameError{Name: name, Rest: s}
		}
		m := loc[0]
		if err := r.windows(s, m); err != nil {
			return Product{}, "", &NameError{Name: name, Rest: err.Error()}
		}
		if rest := leftover(s[:m[0]] + " " + s[m[1]:]); rest != "" {
			return Product{}, "", &NameError{Name: name, Rest: rest}
		}
		return r.p, r.update, nil
	}
	if rest, ok := r.other(s); !ok {
		return Product{}, "", &NameError{Name: name, Rest: rest}
	}
	return r.p, r.update, nil
}

// windowsName finds Windows in what is left of a name: "Windows 10",
// "Windows RT 8.1", "Windows Server 2012 R2", "Windows Server," (a
// semi-annual release whose "version 1709" a phrase already took).
var windowsName = lazyre.New(`(?i)\bwindows\s+(?:(server)\b\s*,?\s*((?:\d{4})(?:\s*r2\b)?)?|(10|11|8\.1|8|7|vista|xp|rt(?:\s*8\.1)?)\b)`)

func (r *result) windows(s string, m []int) error {
	sub := func(i int) string {
		if m[2*i] < 0 {
			return ""
		}
		return strings.ToLower(s[m[2*i]:m[2*i+1]])
	}
	p := &r.p
	if sub(1) != "" {
		p.Family = FamilyWindowsServer
		p.Version = strings.ReplaceAll(sub(2), " ", "")
		if p.Version == "" {
			// "Windows Server, version 1709": the release is the version
			p.Version, p.Release = p.Release, ""
		}
		if p.Version == "" {
			return &NameError{Rest: "Windows Server without a version"}
		}
		if p.Arch == ArchAny && serverX64Only(p.Version) {
			p.Arch = ArchX64
		}
	} else {
		p.Family = FamilyWindows
		v := strings.ReplaceAll(sub(3), " ", "")
		switch v {
		case "rt":
			p.Version, p.Arch = "8", ArchARM
		case "rt8.1":
			p.Version, p.Arch = "8.1", ArchARM
		default:
			p.Version = v
		}
		if p.Version == "10" && p.Release == "" {
			p.Release = "1507"
		}
	}
	switch p.Version {
	case "vista", "xp", "2003", "2003r2":
		if p.Arch == ArchAny {
			p.Arch = ArchX86
		}
	}
	return nil
}

// leftover returns what remains of s once punctuation is gone.
func leftover(s string) string {
	s = strings.TrimFunc(s, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsPunct(r) })
	if strings.IndexFunc(s, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) < 0 {
		return ""
	}
	return s
}

var (
	yearVersion = lazyre.New(`(?i)\b((?:19|20)\d\d)\b(?:\s*(r2)\b)?`)
	numVersion  = lazyre.New(`\b(\d+(?:\.\d+)*(?:/\d+(?:\.\d+)*)*)\b`)
	standalone  = lazyre.New(`(?i)(?:^|\s)(r2|rt)(?:\s|$)`)
)

// other reads the name of a product other than Windows: its version is
// the year ("Office 2010", "SQL Server 2008 R2") or else the last number
// ("Silverlight 5", "Internet Explorer 11"); its family the other English
// words.
func (r *result) other(s string) (rest string, ok bool) {
	p := &r.p
	if m := yearVersion.Get().FindStringSubmatchIndex(s); m != nil {
		p.Version = s[m[2]:m[3]]
		if m[4] >= 0 {
			p.Version += "r2"
		}
		s = s[:m[0]] + " " + s[m[1]:]
	} else if all := numVersion.Get().FindAllStringSubmatchIndex(s, -1); all != nil {
		m := all[len(all)-1]
		p.Version = strings.ReplaceAll(s[m[2]:m[3]], "/", "+") // ".NET Framework 4.6/4.6.1"
		s = s[:m[0]] + " " + s[m[1]:]
	}
	for off := 0; ; {
		m := standalone.Get().FindStringSubmatchIndex(s[off:])
		if m == nil {
			break
		}
		switch strings.ToLower(s[off+m[2] : off+m[3]]) {
		case "r2":
			if p.Version == "" { // a word of the name, not a release of a version
				off += m[3]
				continue
			}
			p.Version += "r2"
		case "rt":
			p.addEdition("rt")
		}
		s = s[:off+m[2]] + " " + s[off+m[3]:]
	}
	if p.Version == "" {
		p.Version, p.Release = p.Release, "" // "… 2016 版" of a product without another version
	}
	rest = leftover(s)
	for _, c := range rest {
		if c > unicode.MaxASCII {
			return rest, false
		}
	}
	p.Family = slug(rest)
	return rest, p.Family != ""
}

// slug makes a lower-case identifier of English words: "SQL Server" →
// "sql-server", ".NET Framework" → "net-framework".
func slug(s string) string {
	var b strings.Builder
	dash := false
	for _, c := range strings.ToLower(s) {
		switch {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9', c == '.' && b.Len() > 0:
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(c)
		default:
			dash = true
		}
	}
	return b.String()
}
