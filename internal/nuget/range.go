package nuget

import (
	"strings"
)

// Range is a NuGet version range
// (https://learn.microsoft.com/nuget/concepts/package-versioning#version-ranges):
// interval notation ("[1.0,2.0)", "(,1.0]", "[1.0]"), a bare version meaning
// "at least" ("1.0"), or a floating version ("1.*", "1.0.0-beta*", "*-*"),
// alone or as the lower bound of an interval ("[1.*, 2.0)").
type Range struct {
	Min, Max       Version // zero when unbounded
	MinInc, MaxInc bool
	Float          string // the floating pattern as written ("1.*"), empty when not floating
	text           string
}

// ParseRange parses a NuGet version range.
func ParseRange(s string) (Range, error) {
	t := strings.TrimSpace(s)
	if t == "" {
		return Range{}, errorf(MsgEmptyVersion)
	}
	r := Range{text: t}
	if t[0] != '[' && t[0] != '(' {
		// A bare version or a floating version: minimum, inclusive.
		min, float, err := parseBound(t)
		if err != nil {
			return Range{}, errorf(MsgBadRange, s, err)
		}
		r.Min, r.MinInc, r.Float = min, true, float
		return r, nil
	}
	last := t[len(t)-1]
	if last != ']' && last != ')' || len(t) < 3 {
		return Range{}, errorf(MsgBadRange, s, errorf(MsgRangeBrackets))
	}
	r.MinInc, r.MaxInc = t[0] == '[', last == ']'
	inner := t[1 : len(t)-1]
	lo, hi, twoParts := strings.Cut(inner, ",")
	if strings.Contains(hi, ",") {
		return Range{}, errorf(MsgBadRange, s, errorf(MsgRangeBrackets))
	}
	lo, hi = strings.TrimSpace(lo), strings.TrimSpace(hi)
	if !twoParts {
		// "[1.0]" is an exact version; "(1.0)" and "[1.0)" are invalid.
		if !r.MinInc || !r.MaxInc || lo == "" {
			return Range{}, errorf(MsgBadRange, s, errorf(MsgRangeExact))
		}
		v, err := ParseVersion(lo)
		if err != nil {
			return Range{}, errorf(MsgBadRange, s, err)
		}
		r.Min, r.Max = v, v
		return r, nil
	}
	if lo == "" && hi == "" {
		return Range{}, errorf(MsgBadRange, s, errorf(MsgRangeNoBounds))
	}
	if lo != "" {
		min, float, err := parseBound(lo)
		if err != nil {
			return Range{}, errorf(MsgBadRange, s, err)
		}
		r.Min, r.Float = min, float
	} else {
		r.MinInc = false
	}
	if hi != "" {
		max, err := ParseVersion(hi)
		if err != nil {
			return Range{}, errorf(MsgBadRange, s, err)
		}
		r.Max = max
	} else {
		r.MaxInc = false
	}
	if !r.Min.IsZero() && !r.Max.IsZero() {
		c := r.Min.Compare(r.Max)
		if c > 0 || c == 0 && !(r.MinInc && r.MaxInc) {
			return Range{}, errorf(MsgBadRange, s, errorf(MsgRangeEmpty))
		}
	}
	return r, nil
}

// parseBound parses a lower bound that may float. For a floating bound it
// returns the lowest version the pattern admits ("1.*" → 1.0.0,
// "1.0.0-beta*" → 1.0.0-beta) and the pattern itself.
func parseBound(s string) (Version, string, error) {
	if !strings.Contains(s, "*") {
		v, err := ParseVersion(s)
		return v, "", err
	}
	nums, label, hasLabel := strings.Cut(s, "-")
	if hasLabel {
		// The label may float only at its end: "beta*", "*".
		if strings.Count(label, "*") != 1 || !strings.HasSuffix(label, "*") {
			return Version{}, "", errorf(MsgBadFloat, s)
		}
		label = strings.TrimSuffix(label, "*")
		label = strings.TrimSuffix(label, ".")
	}
	var min string
	switch {
	case nums == "*":
		min = "0.0.0"
	case strings.Contains(nums, "*"):
		if strings.Count(nums, "*") != 1 || !strings.HasSuffix(nums, ".*") || hasLabel && label != "" {
			return Version{}, "", errorf(MsgBadFloat, s)
		}
		min = strings.TrimSuffix(nums, ".*")
		if strings.Count(min, ".") >= 3 {
			return Version{}, "", errorf(MsgBadFloat, s)
		}
	default:
		min = nums
	}
	if hasLabel && label != "" {
		min += "-" + label
	} else if hasLabel {
		// "1.0.0-*": the lowest prerelease of 1.0.0. NuGet sorts the empty
		// label first; "0" is the lowest label we can write.
		min += "-0"
	}
	v, err := ParseVersion(min)
	if err != nil {
		return Version{}, "", errorf(MsgBadFloat, s)
	}
	return v, s, nil
}

// MustParseRange is ParseRange for constants in code and tests.
func MustParseRange(s string) Range {
	r, err := ParseRange(s)
	if err != nil {
		panic(err)
	}
	return r
}

// Contains reports whether v lies in the range.
func (r Range) Contains(v Version) bool {
	if !r.Min.IsZero() {
		c := v.Compare(r.Min)
		if c < 0 || c == 0 && !r.MinInc {
			return false
		}
	}
	if !r.Max.IsZero() {
		c := v.Compare(r.Max)
		if c > 0 || c == 0 && !r.MaxInc {
			return false
		}
	}
	return true
}

// IsFloating reports whether the range floats ("1.*"): the version restore
// picks is the highest available that matches, which cannot be known
// without a package feed.
func (r Range) IsFloating() bool { return r.Float != "" }

// IsExact reports whether the range admits exactly one version ("[1.0]").
func (r Range) IsExact() bool {
	return !r.Min.IsZero() && r.MinInc && r.MaxInc && r.Min.Equal(r.Max)
}

// Lowest returns the version NuGet's "lowest applicable version" rule picks
// when that version exists on the feed: the inclusive lower bound. It
// reports false for floating ranges and ranges without an inclusive lower
// bound, where the pick depends on the feed.
func (r Range) Lowest() (Version, bool) {
	if r.Min.IsZero() || !r.MinInc || r.IsFloating() {
		return Version{}, false
	}
	return r.Min, true
}

// Original returns the range as written.
func (r Range) Original() string { return r.text }

// String returns the range the way the .NET CLI shows it: ">= 1.0.0",
// "= 1.0.0", "< 2.0.0", or interval notation with normalised versions.
func (r Range) String() string {
	switch {
	case r.IsFloating() && r.Max.IsZero():
		return r.Float
	case r.IsExact():
		return "= " + r.Min.String()
	case !r.Min.IsZero() && r.Max.IsZero():
		if r.MinInc {
			return ">= " + r.Min.String()
		}
		return "> " + r.Min.String()
	case r.Min.IsZero() && !r.Max.IsZero():
		if r.MaxInc {
			return "<= " + r.Max.String()
		}
		return "< " + r.Max.String()
	case r.Min.IsZero() && r.Max.IsZero():
		return "*"
	}
	open, close := "(", ")"
	if r.MinInc {
		open = "["
	}
	if r.MaxInc {
		close = "]"
	}
	lo := r.Min.String()
	if r.IsFloating() {
		lo = r.Float
	}
	return open + lo + ", " + r.Max.String() + close
}

// interval returns the range in interval notation with normalised versions.
func (r Range) interval() string {
	open, close := "(", ")"
	if r.MinInc {
		open = "["
	}
	if r.MaxInc {
		close = "]"
	}
	if r.IsExact() {
		return "[" + r.Min.String() + "]"
	}
	lo, hi := "", ""
	if !r.Min.IsZero() {
		lo = r.Min.String()
	}
	if !r.Max.IsZero() {
		hi = r.Max.String()
	}
	return open + lo + ", " + hi + close
}
