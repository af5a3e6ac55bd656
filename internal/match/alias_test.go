package match

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/affected-dev/affected/internal/advisory"
	"github.com/affected-dev/affected/internal/graph"
	"github.com/affected-dev/affected/internal/nuget"
)

// TestSameIssue: records of one issue from two sources (a shared CVE id, an
// id named as an alias, or a reference to the Microsoft advisory's page)
// are one finding with every id; unrelated records stay apart.
func TestSameIssue(t *testing.T) {
	b := graph.NewBuilder("App.csproj", "netcoreapp1.1", "obj/project.assets.json")
	mvc := b.Node(graph.Node{Name: "Microsoft.AspNetCore.Mvc", Version: "1.1.0"})
	b.Root(mvc)
	g := b.Build()

	ms := adv("MSA-4021279", false, "NuGet", "Microsoft.AspNetCore.Mvc", intro("1.1.0"), fixed("1.1.3"))
	ms.Source = "msdocs"
	byRef := adv("GHSA-6xh7-4v2w-36q6", false, "NuGet", "Microsoft.AspNetCore.Mvc", intro("1.1.0"), fixed("1.1.3"))
	byRef.Source, byRef.Aliases = "osv", []string{"CVE-2017-0247"}
	byRef.References = []advisory.Ref{{URL: "https://technet.microsoft.com/en-us/library/security/4021279.aspx"}}
	byCVE := adv("GHSA-cccc-cccc-cccc", false, "NuGet", "Microsoft.AspNetCore.Mvc", intro("1.1.0"), fixed("1.1.3"))
	byCVE.Source, byCVE.Aliases = "osv", []string{"CVE-2017-0247"}
	other := adv("GHSA-qhqf-ghgh-x2m4", false, "NuGet", "Microsoft.AspNetCore.Mvc", intro("1.0.0"), fixed("1.1.6"))
	other.Source, other.Aliases = "osv", []string{"CVE-2017-0249"}
	s := src{nuget.NormalizeID("Microsoft.AspNetCore.Mvc"): {other, byCVE, byRef, ms}}

	got := Match([]*graph.Graph{g}, s, Options{MaxPaths: 1})
	var out []string
	for _, f := range got {
		line := f.Advisory.ID
		for _, a := range f.Also {
			line += " " + a.ID
		}
		out = append(out, line)
	}
	want := []string{"GHSA-qhqf-ghgh-x2m4", "MSA-4021279 GHSA-6xh7-4v2w-36q6 GHSA-cccc-cccc-cccc"}
	if diff := cmp.Diff(want, out); diff != "" {
		t.Errorf("findings (-want +got):\n%s", diff)
	}
	if len(got) == 2 && got[1].Recommended.String() != "1.1.6" {
		t.Errorf("recommended %s, want 1.1.6 (clear of every record)", got[1].Recommended)
	}
}
