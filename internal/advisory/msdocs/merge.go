package msdocs

import (
	"sort"
	"strings"

	"github.com/affected-dev/affected/internal/advisory"
)

// Merge adds to dst what src, the same advisory or bulletin read from a
// document in another language, brings: its text (a language dst lacks),
// aliases, references, and the package and product rows dst does not have
// (rows are compared by package name, and by product id, component and
// update). Dates are Microsoft's dates of publication as each translation
// writes them, which may differ by a day (3109853: 2016년 1월 13일, 2016 年
// 1 月 12 日): the merged record keeps the earliest date of each revision,
// and of publication. It reports whether src had a language dst lacked.
func Merge(dst, src *advisory.Advisory) bool {
	added := false
	for _, t := range src.Texts {
		if !hasLang(dst, t.Lang) {
			dst.Texts = append(dst.Texts, t)
			added = true
		}
	}
	sort.SliceStable(dst.Texts, func(i, j int) bool { return langRank(dst.Texts[i].Lang) < langRank(dst.Texts[j].Lang) })
	for _, al := range src.Aliases {
		addAlias(dst, al)
	}
	sortAliases(dst)
	for _, r := range src.References {
		if !hasRef(dst.References, r.URL) {
			dst.References = append(dst.References, r)
		}
	}
	if dst.Severity == "" {
		dst.Severity = src.Severity
	}
	if !src.Published.IsZero() && (dst.Published.IsZero() || src.Published.Before(dst.Published)) {
		dst.Published = src.Published
	}
	for _, r := range src.Revisions {
		found := false
		for i := range dst.Revisions {
			d := &dst.Revisions[i]
			if d.Number == r.Number {
				found = true
				d.MergeRevision(r)
			}
		}
		if !found {
			dst.Revisions = append(dst.Revisions, r)
		}
	}
	sort.SliceStable(dst.Revisions, func(i, j int) bool { return versionLess(dst.Revisions[i].Number, dst.Revisions[j].Number) })
	dst.Modified = dst.Published
	for _, r := range dst.Revisions {
		if r.Date.After(dst.Modified) {
			dst.Modified = r.Date
		}
	}
	for _, p := range src.Packages {
		if !hasPackage(dst.Packages, p.Name) {
			dst.Packages = append(dst.Packages, p)
		}
	}
	for _, p := range src.Platforms {
		if !hasPlatform(dst.Platforms, p) {
			dst.Platforms = append(dst.Platforms, p)
		}
	}
	dst.Compile()
	return added
}

func hasLang(a *advisory.Advisory, l string) bool {
	for _, t := range a.Texts {
		if strings.EqualFold(t.Lang, l) {
			return true
		}
	}
	return false
}

// langRank orders texts: English, Korean, Chinese, then the others.
func langRank(l string) int {
	switch strings.ToLower(l) {
	case "en":
		return 0
	case "ko":
		return 1
	case "zh-tw":
		return 2
	}
	return 3
}

func hasRef(refs []advisory.Ref, url string) bool {
	for _, r := range refs {
		if strings.EqualFold(r.URL, url) {
			return true
		}
	}
	return false
}

func hasPackage(ps []advisory.PackageExposure, name string) bool {
	for _, p := range ps {
		if strings.EqualFold(p.Name, name) {
			return true
		}
	}
	return false
}

// hasPlatform compares rows by what is language-independent: the product
// id (the name when there is none), the component, the update and its kind.
func hasPlatform(ps []advisory.PlatformExposure, q advisory.PlatformExposure) bool {
	for _, p := range ps {
		same := p.ProductID == q.ProductID && p.ComponentID == q.ComponentID && p.FixedBy == q.FixedBy && p.Update == q.Update
		if q.ProductID == "" {
			same = same && p.Product == q.Product
		}
		if same {
			return true
		}
	}
	return false
}

// versionLess orders revision numbers: 1.0 < 1.1 < 2.0 < 10.0.
func versionLess(a, b string) bool {
	as, bs := strings.Split(a, "."), strings.Split(b, ".")
	for i := 0; i < len(as) && i < len(bs); i++ {
		if len(as[i]) != len(bs[i]) {
			return len(as[i]) < len(bs[i])
		}
		if as[i] != bs[i] {
			return as[i] < bs[i]
		}
	}
	return len(as) < len(bs)
}
