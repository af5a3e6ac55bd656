package fix

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/affected-dev/affected/internal/extract/extracttest"
	"github.com/affected-dev/affected/internal/i18n"
	"github.com/affected-dev/affected/internal/ignore"
	"github.com/affected-dev/affected/internal/nuget"
)

func stepTo(pl *Plan, pkg string) string {
	for _, s := range pl.Steps {
		if nuget.EqualID(s.Package, pkg) {
			return s.To
		}
	}
	return ""
}

// Two findings that want different versions of one package: the highest
// wins, and the related package follows it.
func TestConflictHighestWins(t *testing.T) {
	dir := examples(t, "vs2017")
	src := builtinSource().add(
		synthetic("TEST-A", "Microsoft.AspNetCore.Mvc.Core", "1.1.0", "1.1.1"),
		synthetic("TEST-B", "Microsoft.AspNetCore.Mvc.Core", "1.0.0", "1.1.3"),
	)
	pl := Prepare(load(t, dir), src, os.ReadFile, Options{To: LowestFixed})
	if got := stepTo(pl, "Microsoft.AspNetCore.Mvc.Core"); got != "1.1.3" {
		t.Errorf("Mvc.Core to %s, want 1.1.3", got)
	}
	if got := stepTo(pl, "Microsoft.AspNetCore.Mvc"); got != "1.1.3" {
		t.Errorf("related Mvc to %s, want 1.1.3", got)
	}
	if len(pl.Files) != 1 || !bytes.Contains(pl.Files[0].New, []byte(`<PackageReference Include="Microsoft.AspNetCore.Mvc" Version="1.1.3" />`)) {
		t.Errorf("files: %v", displays(pl.Files))
	}
	// Mvc.Core comes with Mvc 1.1.3: no pin.
	if s := pl.Steps[len(pl.Steps)-1]; s.Package != "Microsoft.AspNetCore.Mvc.Core" || s.Kind != StepCovered || strings.Join(s.Advisories, " ") != "MSA-4010983 TEST-A TEST-B" {
		t.Errorf("covered step %+v", s)
	}
}

// --to lowest-fixed takes the advisory's own fixed version; the default
// takes the lowest version no known advisory affects.
func TestTarget(t *testing.T) {
	src := builtinSource().add(synthetic("TEST-C", "Microsoft.AspNetCore.Mvc.Core", "1.1.1", "1.1.2"))
	for to, want := range map[Target]string{LowestFixed: "1.1.1", ClearOfAll: "1.1.2", "": "1.1.2"} {
		pl := Prepare(load(t, examples(t, "direct")), src, os.ReadFile, Options{To: to})
		if got := stepTo(pl, "Microsoft.AspNetCore.Mvc.Core"); got != want {
			t.Errorf("--to %q: %s, want %s", to, got, want)
		}
		if to == LowestFixed {
			// 1.1.1 is affected by TEST-C: it stays open.
			if open := pl.Evaluate(); len(open) != 1 || open[0].Advisory.ID != "TEST-C" {
				t.Errorf("open with lowest-fixed: %v", open)
			}
		} else if open := pl.Evaluate(); len(open) != 0 {
			t.Errorf("open with %q: %v", to, open)
		}
	}
}

// --advisory restricts the plan to one advisory.
func TestAdvisoryFilter(t *testing.T) {
	dir := corpusCase(t, "lockjson-dot-net-st-pete-api-1")
	pl := Prepare(load(t, dir), corpusSource(t), os.ReadFile, Options{Advisories: []string{"MSA-4010983"}, To: LowestFixed})
	var got []string
	for _, s := range pl.Steps {
		got = append(got, string(s.Kind)+" "+s.Package+" "+s.To+" "+strings.Join(s.Advisories, ","))
	}
	want := []string{
		"related Microsoft.AspNetCore.Mvc 1.1.1 MSA-4010983",
		"covered Microsoft.AspNetCore.Mvc.Core 1.1.1 MSA-4010983",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("steps (-want +got):\n%s", diff)
	}
}

// A package that only comes with the platform dependency
// (Microsoft.NETCore.App, "type": "platform") is not pinned: the step says
// to update the runtime, and the platform dependency is never edited.
func TestRuntimeNotPinned(t *testing.T) {
	dir := corpusCase(t, "lockjson-IdentityServerDemo-2")
	pl := Prepare(load(t, dir), corpusSource(t), os.ReadFile, Options{})
	found := false
	for _, s := range pl.Steps {
		if s.Package == "System.Net.Security" {
			found = true
			if s.Kind != StepRuntime || s.Runtime != "Microsoft.NETCore.App@1.0.1" || len(s.Where) != 0 {
				t.Errorf("System.Net.Security step %+v", s)
			}
		}
		if s.Package == "Microsoft.NETCore.App" {
			t.Errorf("a step touches the platform dependency: %+v", s)
		}
	}
	if !found {
		t.Error("no step for System.Net.Security")
	}
	for _, f := range pl.Files {
		if bytes.Contains(f.New, []byte(`"System.Net.Security"`)) {
			t.Errorf("%s pins System.Net.Security", f.Display)
		}
	}
}

func TestRestore(t *testing.T) {
	stale := []Stale{
		{Project: "a/A.csproj", Command: []string{"dotnet", "restore", "a/A.csproj"}, Dir: "/w"},
		{Project: "a/A.csproj", Command: []string{"dotnet", "restore", "a/A.csproj"}, Dir: "/w"},
		{Project: "b/B.csproj", Command: []string{"nuget", "restore", "b/B.csproj"}, Dir: "/w"},
		{Project: "c/project.json", Command: []string{"dotnet", "restore", "c"}, Dir: "/w"},
	}
	var ran []string
	run := func(_ context.Context, dir string, args []string) ([]byte, error) {
		ran = append(ran, dir+": "+strings.Join(args, " "))
		if args[len(args)-1] == "c" {
			return []byte("error NU1100: unable to resolve\n"), errors.New("exit status 1")
		}
		return []byte("Restored\n"), nil
	}
	res := Restore(context.Background(), stale, "/usr/bin/dotnet", run)
	if diff := cmp.Diff([]string{"/w: /usr/bin/dotnet restore a/A.csproj", "/w: /usr/bin/dotnet restore c"}, ran); diff != "" {
		t.Errorf("commands (-want +got):\n%s", diff)
	}
	if len(res.Commands) != 3 || !res.Commands[1].Skipped || res.Commands[2].Err == nil || res.OK() {
		t.Errorf("result %+v", res)
	}
	ran = nil
	res = Restore(context.Background(), stale, "", run)
	if len(ran) != 0 || len(res.Commands) != 3 || !res.Commands[0].Skipped {
		t.Errorf("without dotnet: ran %v, result %+v", ran, res)
	}
}

// TestReports renders one plan in every format and language.
func TestReports(t *testing.T) {
	dir := examples(t, "vs2017")
	pl := Prepare(load(t, dir), builtinSource(), os.ReadFile, Options{})
	res := &Result{Plan: pl, Stale: pl.Stale(), Remaining: pl.Evaluate()}
	written, err := Apply(context.Background(), pl, WriteAtomically)
	if err != nil {
		t.Fatal(err)
	}
	res.Written = written
	for _, lang := range i18n.Langs() {
		for _, format := range []string{"txt", "md", "json"} {
			var b bytes.Buffer
			d := res.Document(lang)
			switch format {
			case "txt":
				err = WriteText(&b, d, lang)
			case "md":
				err = WriteMarkdown(&b, d, lang)
			case "json":
				if lang != i18n.En {
					continue
				}
				err = WriteJSON(&b, d)
			}
			if err != nil {
				t.Fatal(err)
			}
			extracttest.Golden(t, filepath.Join("testdata", "report", "vs2017."+lang.String()+"."+format), b.Bytes())
		}
	}
}

// Ignored findings are not fixed.
func TestIgnored(t *testing.T) {
	rules, err := ignore.Parse(".affected.toml", []byte("[[ignore]]\nadvisory = \"MSA-4010983\"\nproject = \"src/Shop.Api/\"\nreason = \"retired\"\n"))
	if err != nil {
		t.Fatal(err)
	}
	pl := Prepare(load(t, examples(t, "vs2017")), builtinSource(), os.ReadFile, Options{Ignore: rules})
	if len(pl.Steps) != 0 || len(pl.Files) != 0 {
		t.Errorf("steps %+v", pl.Steps)
	}
}
