package scan

import (
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/affected-dev/affected/internal/edit"
	"github.com/affected-dev/affected/internal/extract/msbuild"
	"github.com/affected-dev/affected/internal/i18n"
	"github.com/affected-dev/affected/internal/nuget"
	"github.com/affected-dev/affected/internal/project"
	"github.com/affected-dev/affected/internal/report"
)

// RemovablePins finds the references `affected fix` added (marked with
// edit.PinMarker) that no longer do anything: in every framework of the
// project's lock data, the packages that depend on the pinned package
// already ask for the pinned version or more — or none depends on it any
// more. Removing such a pin changes nothing that restore resolves.
//
// It reads the project file (and, under central package management with
// transitive pinning, the Directory.Packages.props) of projects that
// have lock data; a project without lock data cannot tell.
func RemovablePins(ws *Workspace, lang i18n.Lang) []report.RemovablePin {
	var out []report.RemovablePin
	for _, p := range ws.Projects {
		if p.Lock == nil || p.Manifest == nil {
			continue
		}
		for _, pin := range pinsOf(p) {
			if rp, ok := removable(p, pin, lang); ok {
				rp.Location.File = ws.Display(pin.At.File)
				out = append(out, rp)
			}
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Project != out[j].Project {
			return out[i].Project < out[j].Project
		}
		return out[i].Location.Line < out[j].Location.Line
	})
	return out
}

// pinsOf returns the marked references that apply to the project.
func pinsOf(p *project.Project) []edit.Pin {
	var out []edit.Pin
	read := func(file string) []byte {
		data, err := os.ReadFile(filepath.FromSlash(file))
		if err != nil || !edit.HasPins(data) {
			return nil
		}
		return data
	}
	if strings.EqualFold(filepath.Base(p.File), "project.json") {
		if data := read(p.File); data != nil {
			pins, _ := edit.FindJSONPins(p.File, data)
			out = append(out, pins...)
		}
		return out
	}
	if p.MSBuild == nil {
		return nil
	}
	files := []string{filepath.ToSlash(p.File)}
	if p.MSBuild.CentralPackageManagement && p.MSBuild.TransitivePinning && p.MSBuild.PackagesProps != "" {
		files = append(files, p.MSBuild.PackagesProps)
	}
	for _, f := range files {
		data := read(f)
		if data == nil {
			continue
		}
		doc, err := msbuild.Parse(f, data)
		if err != nil {
			continue
		}
		for _, pin := range edit.FindXMLPins(doc) {
			switch {
			case strings.EqualFold(pin.Element, "PackageReference"):
			case strings.EqualFold(pin.Element, "PackageVersion") && f != filepath.ToSlash(p.File):
				if !projectUses(p, pin.Package) {
					continue // a pin for other projects under the same props file
				}
			default:
				continue
			}
			if pin.Version == "" {
				pin.Version = declaredVersion(p, pin.Package) // versionless: the central version
			}
			out = append(out, pin)
		}
	}
	return out
}

// projectUses reports whether a package is in the project's lock data.
func projectUses(p *project.Project, name string) bool {
	for _, t := range p.Lock.Targets {
		for _, pkg := range t.Packages {
			if nuget.EqualID(pkg.Name, name) {
				return true
			}
		}
	}
	return false
}

func declaredVersion(p *project.Project, name string) string {
	for _, r := range p.Manifest.References {
		if nuget.EqualID(r.Name, name) {
			return r.Version
		}
	}
	if p.MSBuild != nil {
		for _, pv := range p.MSBuild.PackageVersions {
			if nuget.EqualID(pv.Name, name) {
				return pv.Version
			}
		}
	}
	return ""
}

// removable decides whether a pin still raises the version: the highest
// minimum that the package's dependents ask for, per framework, against
// the pin's version.
func removable(p *project.Project, pin edit.Pin, lang i18n.Lang) (report.RemovablePin, bool) {
	rng, err := nuget.ParseRange(pin.Version)
	if err != nil {
		return report.RemovablePin{}, false
	}
	pinned, ok := rng.Lowest()
	if !ok {
		return report.RemovablePin{}, false
	}
	var fws []string
	var lowestAsked nuget.Version // the lowest, over frameworks, of the highest minimum asked
	dependents := false
	seenFw := map[string]bool{}
	asked := map[string]nuget.Version{}
	for _, t := range p.Lock.Targets {
		if !seenFw[t.Framework] {
			seenFw[t.Framework] = true
			fws = append(fws, t.Framework)
		}
		for _, pkg := range t.Packages {
			if nuget.EqualID(pkg.Name, pin.Package) {
				continue
			}
			for _, d := range pkg.Dependencies {
				if !nuget.EqualID(d.Name, pin.Package) {
					continue
				}
				dependents = true
				r, err := nuget.ParseRange(d.Range)
				if err != nil {
					continue
				}
				if v, ok := r.Lowest(); ok && asked[t.Framework].Less(v) {
					asked[t.Framework] = v
				}
			}
		}
	}
	rp := report.RemovablePin{
		Project: p.Path, Framework: strings.Join(fws, ";"),
		Package:  report.Package{Ecosystem: "NuGet", Name: pin.Package, Version: pin.Version},
		Advisory: strings.Join(pin.Advisories, ", "),
		Location: report.Location{Line: pin.At.Line, Column: pin.At.Col},
	}
	if !dependents {
		rp.Reason = MsgPinUnused.Plain(lang)
		return rp, true
	}
	for _, fw := range fws {
		v, ok := asked[fw]
		if !ok {
			continue // nothing depends on it in this framework
		}
		if v.Less(pinned) {
			return report.RemovablePin{}, false
		}
		if lowestAsked.IsZero() || v.Less(lowestAsked) {
			lowestAsked = v
		}
	}
	rp.Reason = MsgPinCovered.Plain(lang, lowestAsked.String(), pinned.String())
	return rp, true
}

// Messages of the removable-pin check.
var (
	MsgPinUnused = i18n.Define("scan.pin-unused",
		"no package depends on it any more",
		"이제 이 패키지에 의존하는 패키지가 없음",
		"已沒有任何套件相依於它")
	MsgPinCovered = i18n.Define("scan.pin-covered",
		"its dependents already ask for %s, at or above the pinned %s",
		"의존하는 패키지가 이미 고정 버전 %[2]s 이상인 %[1]s{을/를} 요구함",
		"相依於它的套件已要求 %[1]s，不低於固定的 %[2]s")
)
