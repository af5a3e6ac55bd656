package match

import (
	"regexp"
	"sort"
	"strings"

	"github.com/affected-dev/affected/internal/advisory"
)

// sameIssue merges the findings on one package whose advisories are one
// issue published by two sources — a record read from Microsoft's
// documents and one from OSV or the GitHub Advisory Database that share a
// CVE id or an alias, or one's id is the other's alias — into one finding.
// The finding keeps the record of the most direct source (built-in, then
// Microsoft's documents, CSAF, OSV; then the lower id), with its fixed
// versions, and lists the others in Also.
//
// rel remembers the pairs it has compared (the comparison reads the
// references of both records with regular expressions), across calls.
func sameIssue(hits []Finding, rel relations) []Finding {
	if len(hits) < 2 {
		return hits
	}
	sort.SliceStable(hits, func(i, j int) bool {
		a, b := hits[i].Advisory, hits[j].Advisory
		if ra, rb := sourceRank(a.Source), sourceRank(b.Source); ra != rb {
			return ra < rb
		}
		return a.ID < b.ID
	})
	out := hits[:0:0]
next:
	for _, h := range hits {
		for k := range out {
			if rel.related(out[k].Advisory, h.Advisory) || rel.alsoRelated(out[k].Also, h.Advisory) {
				out[k].Also = append(out[k].Also, h.Advisory)
				continue next
			}
		}
		out = append(out, h)
	}
	return out
}

func sourceRank(s string) int {
	switch s {
	case "builtin":
		return 0
	case "msdocs":
		return 1
	case "csaf":
		return 2
	case "osv":
		return 3
	}
	return 4
}

// related reports whether a and b name one issue: an id or alias in
// common, or one refers to the other's Microsoft advisory or bulletin page
// (GHSA records of 2017 link "technet.microsoft.com/…/4021279.aspx" and
// name no MSA id).
func related(a, b *advisory.Advisory) bool {
	if a.Is(b.ID) || b.Is(a.ID) {
		return true
	}
	for _, al := range b.Aliases {
		if a.Is(al) {
			return true
		}
	}
	return refersTo(a, b) || refersTo(b, a)
}

var (
	msAdvisoryPage = regexp.MustCompile(`(?i)(?:securityadvisories/\d{4}/|/library/(?:security/)?)(\d{6,7})(?:\.aspx|\(v=security\.10\))?(?:[?#].*)?$`)
	msBulletinPage = regexp.MustCompile(`(?i)(?:securitybulletins/\d{4}/|/library/(?:security/)?|/bulletin/)(ms\d\d-\d{3})(?:\.aspx|\(v=security\.10\))?(?:[?#].*)?$`)
)

// refersTo reports whether one of b's references is the page of a's
// Microsoft advisory or bulletin.
func refersTo(a, b *advisory.Advisory) bool {
	for _, r := range b.References {
		if m := msAdvisoryPage.FindStringSubmatch(r.URL); m != nil && a.Is("MSA-"+m[1]) {
			return true
		}
		if m := msBulletinPage.FindStringSubmatch(r.URL); m != nil && a.Is(strings.ToUpper(m[1])) {
			return true
		}
	}
	return false
}

// relations holds what related said of pairs of advisories.
type relations map[[2]*advisory.Advisory]bool

func (r relations) related(a, b *advisory.Advisory) bool {
	k := [2]*advisory.Advisory{a, b}
	if v, ok := r[k]; ok {
		return v
	}
	v := related(a, b)
	r[k] = v
	return v
}

func (r relations) alsoRelated(also []*advisory.Advisory, b *advisory.Advisory) bool {
	for _, a := range also {
		if r.related(a, b) {
			return true
		}
	}
	return false
}
