// Package nuget implements the NuGet rules that every other package relies
// on: package identifiers, versions, version ranges and target framework
// names. It does no I/O.
//
// Versions follow https://learn.microsoft.com/nuget/concepts/package-versioning:
// SemVer 2.0 plus a legacy fourth number, compared after normalisation
// (1.0 = 1.0.0 = 1.0.0.0, leading zeros ignored, build metadata ignored,
// release labels compared case-insensitively). Comparison is delegated to
// the NuGet comparator of osv-scalibr's semantic package, the one
// osv-scanner uses to match OSV ranges; this package adds the strict
// parsing (it rejects what NuGet rejects) and the normalised form.
package nuget

import (
	"strconv"
	"strings"

	"github.com/google/osv-scalibr/semantic"
)

// Version is a parsed NuGet package version. The zero Version is invalid.
type Version struct {
	norm string // normalised form, e.g. 1.0.0-beta
	// nums are the four numbers when each fits in 64 bits (big is false);
	// most comparisons are decided on them alone.
	nums [4]uint64
	big  bool
	// pre is set when v has a release label (it is in norm, after the
	// first '-'): a bool rather than the label keeps a Version small.
	pre bool
	// sem is osv-scalibr's form, parsed only when nums cannot decide a
	// comparison: a release label, or a number beyond 64 bits. It is a
	// pointer so that a Version stays small (64 bytes instead of 136):
	// matchers copy versions, and databases hold one per range event.
	sem *semantic.NuGetVersion
}

// ParseVersion parses a NuGet version: one to four dot-separated numbers,
// an optional release label after '-' (dot-separated alphanumerics and
// hyphens) and optional build metadata after '+'.
func ParseVersion(s string) (Version, error) {
	if v, ok := parseNormal(s); ok {
		return v, nil
	}
	return parseVersion(s)
}

// parseNormal parses s when it is already in normal form and needs no
// label: three or four numbers of at most 19 digits (they fit in 64 bits),
// without leading zeros, the fourth not 0 ("10.0.1", "4.0.30506.1"). Most
// versions of lock files and advisories are, and the normal form is then
// s itself: no allocation, no pass but this one. It gives what
// parseVersion gives (FuzzParseNormal), and false for anything else.
func parseNormal(s string) (Version, bool) {
	var v Version
	part, start := 0, 0
	for i := 0; i <= len(s); i++ {
		if i < len(s) && s[i] != '.' {
			if s[i] < '0' || s[i] > '9' {
				return Version{}, false
			}
			continue
		}
		n := i - start
		if part == 4 || n == 0 || n > 19 || n > 1 && s[start] == '0' {
			return Version{}, false
		}
		var x uint64
		for _, c := range []byte(s[start:i]) {
			x = x*10 + uint64(c-'0')
		}
		v.nums[part] = x
		part++
		start = i + 1
	}
	if part < 3 || part == 4 && v.nums[3] == 0 {
		return Version{}, false
	}
	v.norm = s
	return v, true
}

// parseVersion is ParseVersion for any input.
func parseVersion(s string) (Version, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return Version{}, errorf(MsgEmptyVersion)
	}
	rest, meta, hasMeta := strings.Cut(s, "+")
	if hasMeta && !validIdents(meta, false) {
		return Version{}, errorf(MsgBadVersion, s)
	}
	nums, label, hasLabel := strings.Cut(rest, "-")
	if hasLabel && !validIdents(label, true) {
		return Version{}, errorf(MsgBadVersion, s)
	}
	parts := strings.Split(nums, ".")
	if len(parts) > 4 {
		return Version{}, errorf(MsgBadVersion, s)
	}
	var b strings.Builder
	b.Grow(len(s))
	var n [4]string
	for i, p := range parts {
		if p == "" || !allDigits(p) {
			return Version{}, errorf(MsgBadVersion, s)
		}
		p = strings.TrimLeft(p, "0")
		if p == "" {
			p = "0"
		}
		n[i] = p
	}
	var v Version
	for i, p := range n {
		if p == "" {
			continue
		}
		x, err := strconv.ParseUint(p, 10, 64)
		if err != nil {
			v.big = true
			break
		}
		v.nums[i] = x
	}
	for i := range 3 {
		if n[i] == "" {
			n[i] = "0"
		}
		if i > 0 {
			b.WriteByte('.')
		}
		b.WriteString(n[i])
	}
	if n[3] != "" && n[3] != "0" {
		b.WriteByte('.')
		b.WriteString(n[3])
	}
	if hasLabel {
		b.WriteByte('-')
		b.WriteString(label)
	}
	v.norm, v.pre = b.String(), hasLabel
	if v.big || hasLabel {
		sem := semantic.ParseNuGetVersion(v.norm)
		v.sem = &sem
	}
	return v, nil
}

// MustParseVersion is ParseVersion for constants in code and tests.
func MustParseVersion(s string) Version {
	v, err := ParseVersion(s)
	if err != nil {
		panic(err)
	}
	return v
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// validIdents reports whether s is a dot-separated list of non-empty
// identifiers of [0-9A-Za-z-]. SemVer forbids leading zeros in numeric
// release identifiers, but NuGet accepts them in legacy versions, so do we.
func validIdents(s string, label bool) bool {
	if s == "" {
		return false
	}
	for _, id := range strings.Split(s, ".") {
		if id == "" {
			return false
		}
		for i := 0; i < len(id); i++ {
			c := id[i]
			if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '-') {
				return false
			}
		}
	}
	return true
}

// IsZero reports whether v is the zero (invalid) Version.
func (v Version) IsZero() bool { return v.norm == "" }

// String returns the normalised form: at least three numbers, a fourth only
// when it is not zero, leading zeros removed, build metadata dropped.
func (v Version) String() string { return v.norm }

// IsPrerelease reports whether v has a release label.
func (v Version) IsPrerelease() bool { return v.pre }

// Compare returns -1, 0 or +1 as v is lower than, equal to or higher than w.
func (v Version) Compare(w Version) int {
	if !v.big && !w.big {
		for i := range v.nums {
			if v.nums[i] != w.nums[i] {
				if v.nums[i] < w.nums[i] {
					return -1
				}
				return 1
			}
		}
		switch {
		case !v.pre && !w.pre:
			return 0
		case !v.pre:
			return 1 // a release sorts after its pre-releases
		case !w.pre:
			return -1
		}
	}
	c, _ := v.semantic().Compare(w.semantic())
	return c
}

func (v Version) semantic() semantic.NuGetVersion {
	if v.big || v.pre {
		return *v.sem
	}
	return semantic.ParseNuGetVersion(v.norm)
}

// Equal reports whether v and w are the same version after normalisation.
func (v Version) Equal(w Version) bool { return v.Compare(w) == 0 }

// Less reports whether v is lower than w.
func (v Version) Less(w Version) bool { return v.Compare(w) < 0 }

// Major returns the first number of v.
func (v Version) Major() int {
	n, _ := strconv.Atoi(v.norm[:strings.IndexByte(v.norm, '.')])
	return n
}

// Release returns the numeric part of v: 1.1.0 for 1.1.0-beta.
func (v Version) Release() string {
	if i := strings.IndexByte(v.norm, '-'); i >= 0 {
		return v.norm[:i]
	}
	return v.norm
}

// Parts returns the numeric components of v (three or four).
func (v Version) Parts() []int {
	var out []int
	for _, p := range strings.Split(v.Release(), ".") {
		n, _ := strconv.Atoi(p)
		out = append(out, n)
	}
	return out
}
