package cli

import (
	"github.com/affected-dev/affected/internal/advisory"
	"github.com/affected-dev/affected/internal/advisory/builtin"
	"github.com/affected-dev/affected/internal/match"
	"github.com/affected-dev/affected/internal/nuget"
)

// builtinSource serves the built-in advisories by package.
type builtinSource map[string][]*advisory.Advisory

func (b builtinSource) ForPackage(name string) []*advisory.Advisory {
	return b[nuget.NormalizeID(name)]
}

// openAdvisories opens the advisory database (for now: the built-in
// records only).
func openAdvisories(e *env, dir string) (match.Source, error) {
	src := builtinSource{}
	for _, a := range builtin.Advisories() {
		for _, p := range a.Packages {
			k := nuget.NormalizeID(p.Name)
			src[k] = append(src[k], a)
		}
	}
	return src, nil
}
