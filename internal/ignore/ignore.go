// Package ignore reads the ignore file of affected (.affected.toml): rules
// that suppress findings of an advisory, optionally only for a package or
// for projects under a path, with a mandatory reason and an optional
// expiry date after which the rule stops applying (and says so).
//
//	[[ignore]]
//	advisory = "GHSA-5crp-9r3c-p9vr"   # an ID or an alias
//	package  = "Newtonsoft.Json"       # optional
//	project  = "src/Legacy/"           # optional: projects under this path
//	reason   = "not reachable: we never deserialize untrusted input"
//	expires  = 2027-06-30              # optional
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

// Rule is one [[ignore]] entry.
type Rule struct {
	Advisory string    `toml:"advisory"`
	Package  string    `toml:"package"`
	Project  string    `toml:"project"`
	Reason   string    `toml:"reason"`
	Expires  time.Time `toml:"expires"`
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

// Parse parses an ignore file.
func Parse(path string, data []byte) (*Rules, error) {
	var f file
	md, err := toml.Decode(string(data), &f)
	if err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			return nil, extract.Errorf(path, extract.Pos{Line: pe.Position.Line, Col: pe.Position.Col}, MsgTOML, pe.Message)
		}
		return nil, extract.Errorf(path, extract.Pos{}, MsgTOML, err.Error())
	}
	if und := md.Undecoded(); len(und) > 0 {
		return nil, extract.Errorf(path, extract.Pos{}, MsgUnknownKey, und[0].String())
	}
	for i := range f.Ignore {
		r := &f.Ignore[i]
		r.Where = fmt.Sprintf("%s#%d", path, i+1)
		if strings.TrimSpace(r.Advisory) == "" {
			return nil, extract.Errorf(path, extract.Pos{}, MsgRuleField, i+1, "advisory")
		}
		if strings.TrimSpace(r.Reason) == "" {
			return nil, extract.Errorf(path, extract.Pos{}, MsgRuleField, i+1, "reason")
		}
	}
	return &Rules{Rules: f.Ignore}, nil
}

// Merge adds the rules of o.
func (r *Rules) Merge(o *Rules) {
	if o != nil {
		r.Rules = append(r.Rules, o.Rules...)
	}
}

// Match returns the rule that suppresses a finding, and the expired rules
// that would have (so that the caller can warn about them).
func (r *Rules) Match(ids []string, pkg, project string, now time.Time) (match *Rule, expired []*Rule) {
	if r == nil {
		return nil, nil
	}
	for i := range r.Rules {
		rule := &r.Rules[i]
		if !anyEqual(rule.Advisory, ids) {
			continue
		}
		if rule.Package != "" && !nuget.EqualID(rule.Package, pkg) {
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
		"잘못된 TOML: %s",
		"無效的 TOML：%s")
	MsgUnknownKey = i18n.Define("ignore.unknown-key",
		"unknown key %q (known: ignore.advisory, package, project, reason, expires)",
		"알 수 없는 키 %q (알려진 키: ignore.advisory, package, project, reason, expires)",
		"未知的鍵 %q（已知：ignore.advisory、package、project、reason、expires）")
	MsgRuleField = i18n.Define("ignore.rule-field",
		"ignore rule #%d has no %s",
		"무시 규칙 #%d에 %s{이/가} 없음",
		"忽略規則 #%d 缺少 %s")
	MsgExpired = i18n.Define("ignore.expired",
		"ignore rule %s for %s expired on %s; the finding is reported again",
		"%[2]s에 대한 무시 규칙 %[1]s{이/가} %[3]s에 만료됨; 다시 보고함",
		"%[2]s 的忽略規則 %[1]s 已於 %[3]s 到期；將再次回報")
)
