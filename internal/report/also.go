package report

import (
	"sort"

	"github.com/affected-dev/affected/internal/i18n"
)

// alsoIDs returns the ids of the other records of the same issue that the
// findings of a group stand for, sorted.
func alsoIDs(group []Finding) []string {
	seen := map[string]bool{}
	var out []string
	for _, f := range group {
		for _, id := range f.Advisory.Also {
			if !seen[id] {
				seen[id] = true
				out = append(out, id)
			}
		}
	}
	sort.Strings(out)
	return out
}

// MsgSameIssue names the other records of an advisory's issue.
var MsgSameIssue = i18n.Define("report.same-issue",
	"same issue as: %s",
	"같은 문제: %s",
	"相同問題：%s")
