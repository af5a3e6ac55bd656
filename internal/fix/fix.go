// Package fix turns the findings of a scan into edits of the project
// files, as advisory 4010983 prescribes its remediation: change a direct
// reference's version where it is declared; for a package that arrives
// transitively, add a direct reference pinned to the fixed version (which
// NuGet's "direct dependency wins" rule then resolves); move the related
// packages of the advisory (every Microsoft.AspNetCore.Mvc.* present) to
// the same release; leave the platform dependency alone and tell the user
// to update the runtime instead.
//
// The work has three stages, each its own function:
//
//   - [Prepare] is pure: from the workspace, the findings and the file
//     contents (read once each, through a [Reader]) it builds a [Plan]:
//     one [Step] per decision, with its reason, and the new content of
//     every changed file, checked to parse again.
//   - [Plan.Evaluate] re-runs the matching on the graphs with the planned
//     versions in place of the locked ones, to say what stays open once
//     restore has run (the lock data on disk is stale after the edits).
//   - [Apply] writes the files atomically (internal/atomicfile), refusing
//     to overwrite a file that changed since it was read, props files
//     first so that every intermediate state still restores.
//
// A transitive package that the plan's bumps raise anyway is not pinned:
// graph.Expect says which packages come only through bumped packages
// released together with them (the lock data holds the dependency ranges
// of the locked versions only, so that is the graph's evidence, which
// restore confirms); a package a bump may raise or not is pinned, and the
// step says so.
//
// A second run on the edited files plans nothing: a declared version that
// already reaches the target is left alone, a package it brings along is
// again covered, and a pin added before is a direct reference the next
// run recognises.
//
// Limits: versions are only raised, never lowered; a floating version
// ("1.*"), a range whose upper bound excludes the target, a version built
// from properties that are not literals, and projects known only from lock
// or deps.json files are left to the user (a "manual" step says why).
// Which package versions exist on a feed is not known offline: the target
// is a fixed version an advisory publishes.
package fix

import (
	"time"

	"github.com/affected-dev/affected/internal/edit"
	"github.com/affected-dev/affected/internal/ignore"
	"github.com/affected-dev/affected/internal/match"
	"github.com/affected-dev/affected/internal/scan"
)

// Target chooses the version a finding is fixed with.
type Target string

// The targets.
const (
	// ClearOfAll is the lowest version that no known advisory affects
	// (match.Finding.Recommended); the default, as it avoids fixing one
	// advisory by moving onto another.
	ClearOfAll Target = "clear-of-all"
	// LowestFixed is the advisory's own fixed version for the version in
	// use (1.1.1 for MSA-4010983).
	LowestFixed Target = "lowest-fixed"
)

// Options tune Prepare.
type Options struct {
	To Target
	// Advisories restricts the fix to these IDs or aliases (all when
	// empty).
	Advisories []string
	// Ignore holds the ignore rules of the scan: ignored findings are not
	// fixed.
	Ignore *ignore.Rules
	Now    time.Time
	// MaxPaths bounds the paths kept per finding (default 5).
	MaxPaths int
}

// Reader reads a file for the plan. Prepare reads each file once and
// keeps its content, which Apply compares with the disk before writing.
type Reader func(path string) ([]byte, error)

// StepKind says what a step does.
type StepKind string

// The kinds of step.
const (
	// StepBump changes a declared version.
	StepBump StepKind = "bump"
	// StepPin adds a direct reference (and, under central package
	// management, a PackageVersion).
	StepPin StepKind = "pin"
	// StepRelated bumps a related package of the advisory to the same
	// release.
	StepRelated StepKind = "related"
	// StepDone is a finding the files already fix: the declared version
	// reaches the target and only the lock data is stale.
	StepDone StepKind = "done"
	// StepCovered is a transitive package that the plan's bumps raise
	// anyway (it comes only through bumped packages released with it, see
	// graph.Expect): no pin is added; To is the version it is expected
	// at, With the bumped package it follows. Restore confirms it.
	StepCovered StepKind = "covered"
	// StepRuntime is a package that comes with the shared runtime: update
	// the runtime; nothing is pinned.
	StepRuntime StepKind = "update-runtime"
	// StepNoFix is a finding for which no fixed version is known.
	StepNoFix StepKind = "no-fix"
	// StepManual is a finding the files cannot be edited for; Detail says
	// why.
	StepManual StepKind = "manual"
)

// Detail refines a step.
type Detail string

// The details.
const (
	DetailNone            Detail = ""
	DetailCentral         Detail = "central"          // the version is a central PackageVersion
	DetailOverride        Detail = "override"         // the version is a VersionOverride
	DetailProperty        Detail = "property"         // the version is an MSBuild property, edited at its definition
	DetailPropertyShared  Detail = "property-shared"  // the property is shared with other packages: the item gets a literal version
	DetailTransitivePin   Detail = "transitive-pin"   // CentralPackageTransitivePinningEnabled: a PackageVersion alone pins it
	DetailVersionless     Detail = "versionless"      // central management: PackageVersion + versionless PackageReference
	DetailHintPath        Detail = "hint-path"        // packages.config: the csproj's HintPaths follow
	DetailNoProjectFile   Detail = "no-project-file"  // only lock or deps.json data: nothing to edit
	DetailFloating        Detail = "floating"         // a floating version: restore picks the newest match
	DetailRangeExcludes   Detail = "range-excludes"   // the declared range's upper bound excludes the target
	DetailNoVersion       Detail = "no-version"       // the reference has no version to edit
	DetailNotFound        Detail = "not-found"        // the version's text could not be found in the file
	DetailNoCentralFile   Detail = "no-central-file"  // central management without a file of PackageVersion items
	DetailUnreadable      Detail = "unreadable"       // the file could not be read, parsed or edited
	DetailProjectJSONDeps Detail = "project-json-new" // project.json: a new dependencies object
	DetailWithFailed      Detail = "with-failed"      // covered by a bump that could not be made
)

// Step is one decision of the plan.
type Step struct {
	Kind   StepKind
	Detail Detail
	// Project is the display path of the project; ProjectFile its file.
	Project     string
	ProjectFile string
	Package     string
	// From are the versions in use (resolved, or declared without lock
	// data); To the version the step sets.
	From       []string
	To         string
	Advisories []string
	Frameworks []string
	// With names the vulnerable package a related package moves with.
	With string
	// Where are the places edited (display path, line in the new file).
	Where []Where
	// Runtime names the platform dependency for update-runtime steps.
	Runtime string
	// Major is set when To is a new major version for some From: the
	// package may no longer support the project's frameworks, which only
	// a restore can tell.
	Major bool
	// MaybeRaised is set on a pin when a package the pinned one comes
	// through is raised by the plan (or declared above its locked
	// version) and its new version may raise the pinned one too: the
	// lock data has only the old version's dependency ranges, so only
	// restore can tell. The pin is added (it is certain); scan lists it as
	// removable if restore shows it was not needed.
	MaybeRaised bool

	// scope limits the version the step sets to these frameworks (nil:
	// all of the project's).
	scope []string
}

// Where is a place a step edits.
type Where struct {
	File string
	Line int
}

// Plan is what fix does.
type Plan struct {
	Target Target
	Steps  []Step
	// Files are the changed files, in the order Apply writes them.
	Files []*File
	// Problems are files that could not be read, parsed or edited; the
	// steps that needed them are manual.
	Problems []error

	// Findings are the findings the plan addresses.
	Findings []match.Finding

	ws   *scan.Workspace
	src  match.Source
	opts Options
}

// File is a changed file.
type File struct {
	Path    string // absolute
	Display string
	Old     []byte
	New     []byte
	// Edits are the spans of Old replaced to make New.
	Edits []edit.Edit
	// Steps are the indices of the steps that edit the file.
	Steps []int
}

// Diff returns the unified diff of the file.
func (f *File) Diff() string { return edit.UnifiedDiff(f.Display, f.Old, f.New) }
