package nuget

import "strings"

// Package identifiers are case-insensitive
// (https://learn.microsoft.com/nuget/reference/nuspec#id) but shown as
// written. Every comparison and every map key goes through NormalizeID.

// NormalizeID returns the key under which an identifier is compared.
func NormalizeID(id string) string {
	for i := 0; i < len(id); i++ {
		if c := id[i]; c >= 'A' && c <= 'Z' || c >= 0x80 {
			return strings.ToLower(id)
		}
	}
	return id
}

// EqualID reports whether two package identifiers name the same package.
func EqualID(a, b string) bool { return strings.EqualFold(a, b) }

// MatchID reports whether id matches pattern, which is an identifier or a
// prefix pattern ending in '*' ("Microsoft.AspNetCore.Mvc.*"), compared
// case-insensitively.
func MatchID(pattern, id string) bool {
	if p, ok := strings.CutSuffix(pattern, "*"); ok {
		return len(id) >= len(p) && strings.EqualFold(id[:len(p)], p)
	}
	return strings.EqualFold(pattern, id)
}
