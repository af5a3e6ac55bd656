package csaf

import (
	"slices"
	"strings"

	"github.com/affected-dev/affected/internal/advisory"
	"github.com/affected-dev/affected/internal/i18n"
	"github.com/affected-dev/affected/internal/nuget"
)

// Merge adds src, the same advisory read from another document (CSAF
// publishes one document per language, all with the same tracking id),
// into dst: dst gains src's texts, and the union of both documents' facts
// (aliases, references, scores, revisions, package and platform
// exposures); the later modification date and the higher severity win. It
// fails, changing nothing, when the ids differ or both have a text in the
// same language.
func Merge(dst, src *advisory.Advisory) error {
	if !strings.EqualFold(dst.ID, src.ID) {
		return i18n.Errorf(msgMergeIDs, dst.ID, src.ID)
	}
	for _, t := range src.Texts {
		for _, u := range dst.Texts {
			if strings.EqualFold(t.Lang, u.Lang) {
				return i18n.Errorf(msgMergeLang, dst.ID, t.Lang)
			}
		}
	}
	dst.Texts = append(dst.Texts, src.Texts...)
	for _, al := range src.Aliases {
		dst.Aliases = appendUnique(dst.Aliases, al)
	}
	for _, r := range src.References {
		if !containsFunc(dst.References, func(x advisory.Ref) bool { return x.URL == r.URL }) {
			dst.References = append(dst.References, r)
		}
	}
	for _, s := range src.Scores {
		dst.Scores = appendScore(dst.Scores, s)
	}
	for _, r := range src.Revisions {
		if i := slices.IndexFunc(dst.Revisions, func(x advisory.Revision) bool { return x.Number == r.Number }); i >= 0 {
			dst.Revisions[i].MergeRevision(r)
		} else {
			dst.Revisions = append(dst.Revisions, r)
		}
	}
	if src.Severity.Rank() > dst.Severity.Rank() {
		dst.Severity = src.Severity
	}
	if src.Modified.After(dst.Modified) {
		dst.Modified = src.Modified
	}
	if dst.Published.IsZero() || (!src.Published.IsZero() && src.Published.Before(dst.Published)) {
		dst.Published = src.Published
	}
	for _, p := range src.Packages {
		i := -1
		for j, q := range dst.Packages {
			if q.Ecosystem == p.Ecosystem && (q.Name == p.Name || q.Ecosystem == nugetEcosystem && nuget.EqualID(q.Name, p.Name)) {
				i = j
				break
			}
		}
		if i < 0 {
			dst.Packages = append(dst.Packages, p)
			continue
		}
		q := &dst.Packages[i]
		for _, v := range p.Versions {
			q.Versions = appendUnique(q.Versions, v)
		}
		for _, r := range p.Ranges {
			// Ranges compare on what they say, not on their compiled
			// state (a record read back from storage has none).
			if !containsFunc(q.Ranges, func(x advisory.Range) bool { return x.Type == r.Type && slices.Equal(x.Events, r.Events) }) {
				q.Ranges = append(q.Ranges, r)
			}
		}
	}
	for _, p := range src.Platforms {
		if !containsFunc(dst.Platforms, p.Equal) {
			dst.Platforms = append(dst.Platforms, p)
		}
	}
	return nil
}

func containsFunc[T any](xs []T, f func(T) bool) bool {
	for _, x := range xs {
		if f(x) {
			return true
		}
	}
	return false
}
