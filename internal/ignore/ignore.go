// Package ignore reads ignore files: rules that suppress findings of an
// advisory, optionally only for a package or for projects under a path,
// with a reason and an optional expiry date after which the rule stops
// applying (and says so).
//
// Its own file, .affected.toml, requires the reason:
//
//	[[ignore]]
//	advisory = "GHSA-5crp-9r3c-p9vr"   # an ID or an alias
//	package  = "Newtonsoft.Json"       # optional
//	project  = "src/Legacy/"           # optional: projects under this path
//	reason   = "not reachable: we never deserialize untrusted input"
//	expires  = 2027-06-30              # optional
//
// osv-scanner's configuration file, osv-scanner.toml
// (https://google.github.io/osv-scanner/configuration/), is read too, so
// that a project that already keeps one need not repeat it:
//
//	[[IgnoredVulns]]
//	id = "GHSA-5crp-9r3c-p9vr"        # an ID or an alias
//	ignoreUntil = 2027-06-30          # optional
//	reason = "…"                      # optional there
//
//	[[PackageOverrides]]              # with ignore = true (or
//	name = "Newtonsoft.Json"          # vulnerability.ignore = true): every
//	ecosystem = "NuGet"               # advisory of the package (of version,
//	version = "9.0.1"                 # when given); effectiveUntil, reason
//	ignore = true
//
// Its other settings (licence overrides, GoVersionOverride) do not concern
// affected and are accepted without effect; an unknown key is an error, as
// it is for osv-scanner. Overrides of another ecosystem than NuGet do not
// apply. Which format a file is in is told from its keys, not its name.
package ignore

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/BurntSushi/toml"

	"github.com/affected-dev/affected/internal/extract"
	"github.com/affected-dev/affected/internal/i18n"
	"github.com/affected-dev/affected/internal/nuget"
	"github.com/affected-dev/affected/internal/readfile"
)

// FileName is the name of the ignore file looked for in each scanned root.
const FileName = ".affected.toml"

// OSVScannerFileName is osv-scanner's configuration file, also looked for
// in each scanned root.
const OSVScannerFileName = "osv-scanner.toml"

// Rule is one [[ignore]] entry (or an osv-scanner ignore).
type Rule struct {
	// Advisory is an id or alias; "" for every advisory (an osv-scanner
	// package override).
	Advisory string `toml:"advisory"`
	Package  string `toml:"package"`
	// Version, when set, limits the rule to that version of Package.
	Version string    `toml:"-"`
	Project string    `toml:"project"`
	Reason  string    `toml:"reason"`
	Expires time.Time `toml:"expires"`
	// Where is "file#n", the file and the rule's ordinal, for reports.
	Where string `toml:"-"`
}

// Rules is a set of rules.
type Rules struct {
	Rules []Rule
}

type file struct {
	Ignore []Rule `toml:"ignore"`
}

// maxSize bounds an ignore file; real ones are a few lines.
const maxSize = 16 << 20

// Load reads an ignore file. A missing file gives no rules and no error.
func Load(path string) (*Rules, error) {
	// Regular files only: an ignore file of the scanned tree that is a
	// named pipe must not block the scan.
	data, err := readfile.ReadFile(path, maxSize)
	if errors.Is(err, os.ErrNotExist) {
		return &Rules{}, nil
	}
	if err != nil {
		return nil, extract.Errorf(path, extract.Pos{}, extract.MsgRead, err)
	}
	return Parse(path, data)
}

// Parse parses an ignore file: affected's own, or osv-scanner's (told
// from its keys).
func Parse(path string, data []byte) (*Rules, error) {
	var keys map[string]toml.Primitive
	if _, err := toml.Decode(string(data), &keys); err != nil {
		return nil, tomlError(path, err)
	}
	for k := range keys {
		switch k {
		case "IgnoredVulns", "PackageOverrides", "GoVersionOverride", "LoadPath":
			return parseOSVScanner(path, data)
		}
	}
	var f file
	md, err := toml.Decode(string(data), &f)
	if err != nil {
		return nil, tomlError(path, err)
	}
	if und := md.Undecoded(); len(und) > 0 {
		return nil, extract.Errorf(path, keyPos(data, und[0]), MsgUnknownKey, und[0].String())
	}
	for i := range f.Ignore {
		r := &f.Ignore[i]
		r.Where = fmt.Sprintf("%s#%d", path, i+1)
		if strings.TrimSpace(r.Advisory) == "" {
			return nil, extract.Errorf(path, tablePos(data, "ignore", i), MsgRuleField, i+1, "advisory")
		}
		if strings.TrimSpace(r.Reason) == "" {
			return nil, extract.Errorf(path, tablePos(data, "ignore", i), MsgRuleField, i+1, "reason")
		}
	}
	return &Rules{Rules: f.Ignore}, nil
}

// tomlError locates a TOML decoding error, keeping the decoder's own
// words as the quoted detail of a localized message.
func tomlError(path string, err error) error {
	var pe toml.ParseError
	if errors.As(err, &pe) {
		return extract.Errorf(path, extract.Pos{Line: pe.Position.Line, Col: pe.Position.Col}, MsgTOML, pe.Message)
	}
	return extract.Errorf(path, extract.Pos{}, MsgTOML, err.Error())
}

// The TOML decoder tells where a syntax error is, but not where a decoded
// key or table came from; tablePos and keyPos find them in the text, so
// that every error of an ignore file names its line. They look at whole
// lines only (a table header or "key =" at the start of a line, as both
// formats are written), and give no position rather than a wrong one when
// the text is written otherwise.

// tablePos returns the position of the n-th (from 0) array-of-tables
// header [[name]].
func tablePos(data []byte, name string, n int) extract.Pos {
	line := 0
	for l := range strings.Lines(string(data)) {
		line++
		t := strings.TrimSpace(l)
		if !strings.HasPrefix(t, "[[") {
			continue
		}
		inner, _, ok := strings.Cut(t[2:], "]]")
		if ok && strings.TrimSpace(inner) == name {
			if n == 0 {
				return extract.Pos{Line: line, Col: strings.Index(l, "[[") + 1}
			}
			n--
		}
	}
	return extract.Pos{}
}

// keyPos returns the position of the first line that sets the last part
// of key ("foo" of ignore.foo), or of its table header when the key is a
// table.
func keyPos(data []byte, key toml.Key) extract.Pos {
	if len(key) == 0 {
		return extract.Pos{}
	}
	last := key[len(key)-1]
	line := 0
	for l := range strings.Lines(string(data)) {
		line++
		t := strings.TrimLeft(l, " \t")
		col := len(l) - len(t) + 1
		if rest, ok := strings.CutPrefix(t, last); ok {
			if r := strings.TrimLeft(rest, " \t"); strings.HasPrefix(r, "=") || strings.HasPrefix(r, ".") {
				return extract.Pos{Line: line, Col: col}
			}
		}
		if strings.HasPrefix(t, "[") {
			inner := strings.Trim(strings.TrimSpace(t), "[]")
			if strings.TrimSpace(inner) == key.String() {
				return extract.Pos{Line: line, Col: col}
			}
		}
	}
	return extract.Pos{}
}

// osvScannerFile is osv-scanner's configuration
// (github.com/google/osv-scanner, pkg/config), every key it knows.
type osvScannerFile struct {
	IgnoredVulns []struct {
		ID          string    `toml:"id"`
		IgnoreUntil time.Time `toml:"ignoreUntil"`
		Reason      string    `toml:"reason"`
	} `toml:"IgnoredVulns"`
	PackageOverrides []struct {
		Name          string `toml:"name"`
		Version       string `toml:"version"`
		Ecosystem     string `toml:"ecosystem"`
		Group         string `toml:"group"`
		Ignore        bool   `toml:"ignore"`
		Vulnerability struct {
			Ignore bool `toml:"ignore"`
		} `toml:"vulnerability"`
		License struct {
			Override []string `toml:"override"`
			Ignore   bool     `toml:"ignore"`
		} `toml:"license"`
		EffectiveUntil time.Time `toml:"effectiveUntil"`
		Reason         string    `toml:"reason"`
	} `toml:"PackageOverrides"`
	GoVersionOverride string `toml:"GoVersionOverride"`
	LoadPath          string `toml:"LoadPath"`
}

// parseOSVScanner reads osv-scanner's configuration into rules.
func parseOSVScanner(path string, data []byte) (*Rules, error) {
	var f osvScannerFile
	md, err := toml.Decode(string(data), &f)
	if err != nil {
		return nil, tomlError(path, err)
	}
	if und := md.Undecoded(); len(und) > 0 {
		return nil, extract.Errorf(path, keyPos(data, und[0]), MsgUnknownOSVKey, und[0].String())
	}
	r := &Rules{}
	for i, v := range f.IgnoredVulns {
		if strings.TrimSpace(v.ID) == "" {
			return nil, extract.Errorf(path, tablePos(data, "IgnoredVulns", i), MsgRuleField, i+1, "id")
		}
		r.Rules = append(r.Rules, Rule{Advisory: v.ID, Reason: v.Reason, Expires: v.IgnoreUntil,
			Where: fmt.Sprintf("%s#%d", path, i+1)})
	}
	for i, o := range f.PackageOverrides {
		if !o.Ignore && !o.Vulnerability.Ignore {
			continue // a licence override
		}
		if o.Ecosystem != "" && !strings.EqualFold(o.Ecosystem, "NuGet") || strings.TrimSpace(o.Name) == "" {
			continue // another ecosystem's package, or a group of them
		}
		r.Rules = append(r.Rules, Rule{Package: o.Name, Version: o.Version, Reason: o.Reason,
			Expires: o.EffectiveUntil, Where: fmt.Sprintf("%s#PackageOverrides.%d", path, i+1)})
	}
	return r, nil
}

// ReasonIn returns the rule's reason, or, for an osv-scanner rule without
// one, a sentence saying so in l.
func (r *Rule) ReasonIn(l i18n.Lang) string {
	if strings.TrimSpace(r.Reason) == "" {
		return MsgNoReason.Plain(l)
	}
	return r.Reason
}

// Merge adds the rules of o.
func (r *Rules) Merge(o *Rules) {
	if o != nil {
		r.Rules = append(r.Rules, o.Rules...)
	}
}

// Match returns the rule that suppresses a finding of the advisory ids
// (its id and aliases) for version of package pkg in project, and the
// expired rules that would have (so that the caller can warn about them).
func (r *Rules) Match(ids []string, pkg, version, project string, now time.Time) (match *Rule, expired []*Rule) {
	if r == nil {
		return nil, nil
	}
	for i := range r.Rules {
		rule := &r.Rules[i]
		if rule.Advisory != "" && !anyEqual(rule.Advisory, ids) {
			continue
		}
		if rule.Package != "" && !nuget.EqualID(rule.Package, pkg) {
			continue
		}
		if rule.Version != "" && !sameVersion(rule.Version, version) {
			continue
		}
		if rule.Project != "" && !underPath(project, rule.Project) {
			continue
		}
		if !rule.Expires.IsZero() && !now.Before(rule.Expires) {
			expired = append(expired, rule)
			continue
		}
		if match == nil {
			match = rule
		}
	}
	return match, expired
}

// underPath reports whether the project path starts with prefix, or with
// prefix after some '/' (the same project scanned from a parent directory
// has a longer path).
func underPath(project, prefix string) bool {
	prefix = strings.TrimPrefix(prefix, "./")
	return strings.HasPrefix(project, prefix) || strings.Contains(project, "/"+prefix)
}

// sameVersion compares NuGet versions (1.0 = 1.0.0), or the texts when
// one does not parse.
func sameVersion(a, b string) bool {
	va, errA := nuget.ParseVersion(a)
	vb, errB := nuget.ParseVersion(b)
	if errA != nil || errB != nil {
		return strings.EqualFold(strings.TrimSpace(a), strings.TrimSpace(b))
	}
	return va.Equal(vb)
}

func anyEqual(s string, list []string) bool {
	for _, x := range list {
		if strings.EqualFold(strings.TrimSpace(s), x) {
			return true
		}
	}
	return false
}

// Messages of this package.
var (
	MsgTOML = i18n.Define("ignore.toml",
		"invalid TOML: %s",
		"잘못된 TOML (구문 분석기: \"%s\")",
		"無效的 TOML（剖析器：「%s」）")
	MsgUnknownKey = i18n.Define("ignore.unknown-key",
		"unknown key %q (known: ignore.advisory, package, project, reason, expires)",
		"알 수 없는 키 %q (알려진 키: ignore.advisory, package, project, reason, expires)",
		"未知的鍵 %q（已知：ignore.advisory、package、project、reason、expires）")
	MsgUnknownOSVKey = i18n.Define("ignore.unknown-osv-key",
		"unknown key %q in an osv-scanner configuration",
		"osv-scanner 설정에 알 수 없는 키 %q",
		"osv-scanner 設定中有未知的鍵 %q")
	MsgNoReason = i18n.Define("ignore.no-reason",
		"no reason given in the osv-scanner configuration",
		"osv-scanner 설정에 이유가 없음",
		"osv-scanner 設定中未說明原因")
	MsgRuleField = i18n.Define("ignore.rule-field",
		"ignore rule #%d has no %s",
		"무시 규칙 #%d에 %s{이/가} 없음",
		"忽略規則 #%d 缺少 %s")
	MsgExpired = i18n.Define("ignore.expired",
		"ignore rule %s for %s expired on %s; the finding is reported again",
		"%[2]s에 대한 무시 규칙 %[1]s{이/가} %[3]s에 만료됨; 다시 보고함",
		"%[2]s 的忽略規則 %[1]s 已於 %[3]s 到期；將再次回報")
)
