// Package extract defines what the parsers of .NET project, lock and
// solution files produce, and the located errors they report. Each file
// format has its own sub-package with a pure Parse function (bytes in,
// these types out); none of them reads other files, walks directories or
// knows about advisories.
//
// Two kinds of result exist. A [Manifest] is what a project declares
// (csproj PackageReference items, project.json dependencies,
// packages.config entries): names with versions or ranges. A [Lock] is
// what restore resolved (project.assets.json, project.lock.json,
// packages.lock.json, *.deps.json): per target framework, every package
// with its exact version and its dependency edges.
package extract

// Kind names a file format.
type Kind string

// The file formats affected reads.
const (
	KindMSBuild        Kind = "msbuild"             // *.csproj, *.fsproj, *.vbproj, *.props
	KindProjectJSON    Kind = "project.json"        // VS2015 / .NET Core 1.0 projects
	KindPackagesConfig Kind = "packages.config"     // .NET Framework projects
	KindProjectLock    Kind = "project.lock.json"   // restore output of project.json (v1, v2)
	KindAssets         Kind = "project.assets.json" // restore output of PackageReference (v2, v3, v4)
	KindPackagesLock   Kind = "packages.lock.json"  // repeatable-restore lock (v1, v2)
	KindDepsJSON       Kind = "deps.json"           // build output dependency manifest
	KindSolution       Kind = "solution"            // *.sln, *.slnx
)

// Pos is a position in a file: 1-based line, and 1-based column counted in
// characters (not bytes), as editors show it. The zero Pos is unknown.
type Pos struct {
	Line, Col int
}

// Manifest is what a project file declares.
type Manifest struct {
	Kind Kind
	// Frameworks are the short names of the target frameworks the project
	// declares (TargetFramework(s), the keys of project.json "frameworks").
	Frameworks []string
	References []Reference
	// ProjectReferences are paths of referenced projects, as written
	// (relative to the manifest, '\' or '/' separated).
	ProjectReferences []ProjectReference
	// Warnings are located problems the parse read on past (an attribute
	// given twice).
	Warnings []error
}

// Source says which construct declared a reference.
type Source string

// The constructs that declare package references.
const (
	SourcePackageReference Source = "PackageReference"       // csproj item (Include or Update)
	SourceGlobalReference  Source = "GlobalPackageReference" // Directory.Packages.props item
	SourceProjectJSON      Source = "project.json"
	SourcePackagesConfig   Source = "packages.config"
)

// Reference is one declared package dependency.
type Reference struct {
	Name string
	// Version is the version or range as written, after MSBuild property
	// substitution; empty when the manifest gives none (and no central
	// PackageVersion supplies one).
	Version string
	Source  Source
	// Frameworks limits the reference to these target frameworks (short
	// names); nil means every framework of the project.
	Frameworks []string
	// Platform marks project.json's `"type": "platform"` (the shared
	// runtime, Microsoft.NETCore.App): restore does not deploy it.
	Platform bool
	// Build marks project.json's `"type": "build"` and MSBuild
	// PrivateAssets=all: a build-time dependency that does not flow to
	// consumers.
	Build bool
	// DevelopmentDependency is packages.config's developmentDependency.
	DevelopmentDependency bool
	PrivateAssets         string
	// Where the reference is declared, and where its version text is
	// (which may be another file: Directory.Packages.props for central
	// package management). The fix step edits VersionAt.
	At        Location
	VersionAt Location
	// Central is true when the version comes from a central PackageVersion
	// item; Override when a VersionOverride attribute set it.
	Central, Override bool
}

// Location is a position in a named file.
type Location struct {
	File string
	Pos
}

// ProjectReference is an MSBuild ProjectReference item.
type ProjectReference struct {
	Path string
	At   Location
	// Names are the names restore gives the referenced project in lock
	// data, when its file could be read: its PackageId, then its
	// AssemblyName (each when set). Its file name comes after them, and
	// is not repeated here. Parsers leave it empty; the reader of a
	// project's files fills it.
	Names []string
}

// Lock is what restore (or the build) resolved for a project.
type Lock struct {
	Kind    Kind
	Version int // the file's format version
	// ProjectName is the project's name when the file records it (assets
	// files: project.restore.projectName; deps.json: the root library).
	ProjectName string
	// ProjectPath is the project file path when the file records it
	// (assets files: project.restore.projectPath, as written there).
	ProjectPath string
	Targets     []Target
	// slab is the memory the lists were carved from, if any (see
	// Release).
	slab *Slab
}

// Target is the resolved closure for one target framework, or for one
// framework and runtime identifier ("net8.0/win-x64").
type Target struct {
	Framework string // short name
	RID       string // empty for the framework-wide target
	// Direct lists what the project itself asked for in this framework:
	// packages and referenced projects, with the requested range when the
	// file records it.
	Direct   []Dependency
	Packages []Package
}

// PackageType classifies an entry of a lock file.
type PackageType string

// The entry types. Lock formats spell them differently; parsers map them.
const (
	TypePackage           PackageType = "package"
	TypeProject           PackageType = "project"
	TypeReferenceAssembly PackageType = "referenceassembly" // deps.json of apps with PreserveCompilationContext
	TypeRuntimePack       PackageType = "runtimepack"       // deps.json of self-contained apps
)

// Package is one resolved entry of a target.
type Package struct {
	Name    string
	Version string // exact version as written in the file
	Type    PackageType
	// Dependencies are the edges to other entries of the same target, with
	// the range the entry requested ("1.1.0" meaning >= 1.1.0).
	Dependencies []Dependency
	// LockType is packages.lock.json's "type": Direct, Transitive,
	// CentralTransitive or Project; empty for other formats.
	LockType string
	// Requested is packages.lock.json's "requested" range.
	Requested string
	At        Pos
}

// Dependency is a name with the version range that asked for it.
type Dependency struct {
	Name  string
	Range string
}

// Solution lists the projects a .sln or .slnx names.
type Solution struct {
	// Projects are project file paths relative to the solution's directory,
	// as written ('\' separators converted to '/').
	Projects []SolutionProject
}

// SolutionProject is one project entry of a solution.
type SolutionProject struct {
	Name string
	Path string
	At   Pos
}
