// Package discover finds the .NET projects under the paths a user gives and
// pairs each project with the files that describe it: its manifest
// (csproj/fsproj/vbproj, project.json, packages.config) and its lock data
// (obj/project.assets.json, project.lock.json, packages.lock.json), or a
// lock or deps.json file that stands alone.
//
// The walk skips .git, node_modules and bin directories. In obj directories
// it looks only at project.assets.json: the rest of obj is build
// intermediates (copies of packages.config, compile-time deps.json). It
// follows symbolic links only when their target stays inside the tree, and
// never visits a directory twice, so link cycles end; a project file
// reached both directly and through a link is one project. A file it would
// read that is a link out of the tree, or not a regular file (a named
// pipe, a device), is reported as a located error instead of being read or
// passed over. Solutions (.sln, .slnx) given as a path, or found in the
// tree, are followed to their projects even outside the tree.
//
// What the walk notes of a directory is forgotten once its projects are
// paired: the memory discovery holds is the list of projects found.
//
// Discovery reads directories and solution files only; parsing the project
// files is the next stage's job.
package discover

import (
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/affected-dev/affected/internal/extract"
	"github.com/affected-dev/affected/internal/extract/sln"
	"github.com/affected-dev/affected/internal/i18n"
	"github.com/affected-dev/affected/internal/readfile"
)

// Kind says what defines a project.
type Kind string

// Project kinds.
const (
	KindMSBuild        Kind = "msbuild"         // *.csproj, *.fsproj, *.vbproj
	KindProjectJSON    Kind = "project.json"    // project.json (+ project.lock.json)
	KindPackagesConfig Kind = "packages.config" // a packages.config without a project file beside it
	KindLockOnly       Kind = "lock"            // a lock, assets or deps.json file without a project file
)

// Project is one project and the files that describe it. Paths are
// absolute and use the operating system's separator.
type Project struct {
	Kind Kind
	// Path is the file that names the project: the project file,
	// project.json, packages.config or the lone lock file.
	Path string
	// Lock is the restore output paired with the project ("" when none).
	Lock     string
	LockKind extract.Kind
	// PackagesConfig is a packages.config beside an MSBuild project.
	PackagesConfig string
	// Root is the scanned path the project was found under; reports show
	// paths relative to it.
	Root string
}

// Result is what discovery found.
type Result struct {
	Projects []Project
	// Errors are located problems: unreadable directories, malformed
	// solutions, missing projects named by a solution. Discovery goes on.
	Errors []error
}

// Discover walks the given paths (directories, solution files, or single
// project, lock or deps.json files).
func Discover(paths []string) *Result {
	d := &discoverer{seenProject: map[string]bool{}, visited: map[string]bool{},
		listed: map[string]bool{}, names: map[string]bool{}, files: map[string]bool{}, filesFolded: map[string]bool{},
		viaLink: map[string]string{}, seenLinked: map[string]bool{}, rootReals: map[string]string{}}
	var empty []string // directories given whose walk found no project
	for _, p := range paths {
		abs, err := filepath.Abs(p)
		if err != nil {
			d.errorf(p, MsgCannotRead, err)
			continue
		}
		fi, err := os.Stat(abs)
		if err != nil {
			d.errorf(p, MsgCannotRead, err)
			continue
		}
		found, errs := d.found, len(d.res.Errors)
		if fi.IsDir() {
			d.walkRoot(abs)
			if d.found == found && len(d.res.Errors) == errs {
				empty = append(empty, abs) // unless an earlier PATH found some under it
			}
			continue
		}
		if !fi.Mode().IsRegular() {
			// A named pipe would block the reader; a device never ends.
			d.errorf(p, MsgCannotRead, &readfile.NotRegularError{Mode: fi.Mode()})
			continue
		}
		if real, err := filepath.EvalSymlinks(abs); err == nil {
			d.noteReal(abs, real)
		}
		d.file(abs, filepath.Dir(abs))
		if d.found == found && len(d.res.Errors) == errs {
			d.errorf(abs, MsgNoProject)
		}
	}
	// A PATH with nothing to scan is a mistake (a typo in CI), not a clean
	// result.
	for _, dir := range empty {
		if !d.anyUnder(dir) {
			d.errorf(dir, MsgNoProject)
		}
	}
	sort.SliceStable(d.res.Projects, func(i, j int) bool { return d.res.Projects[i].Path < d.res.Projects[j].Path })
	// A copy: &d.res would keep the whole discoverer, and its maps of
	// every path the walk saw, alive as long as the result.
	res := d.res
	return &res
}

type discoverer struct {
	res Result
	// found counts the projects met, the same one met twice included.
	found       int
	seenProject map[string]bool
	visited     map[string]bool // real paths of visited directories
	// What the walk saw of the files a project is paired with (lock,
	// assets and packages.config files), so that pairing needs no stat
	// for them: listed marks the directories read; names holds each such
	// entry's path with its name lower-cased; files the paths of those
	// that are regular files (or links to one inside the tree).
	listed, names, files map[string]bool
	// filesFolded holds the paths of files with their names lower-cased.
	filesFolded map[string]bool
	// warned are the files already reported as not read.
	warned map[string]bool
	// viaLink maps a path that goes through a symbolic link to the real
	// path of the file; seenLinked holds the real paths of the projects
	// added through a link.
	viaLink    map[string]string
	seenLinked map[string]bool
	rootReals  map[string]string // rootReal's answers
}

// skip reports a file discovery would read but does not: not a regular
// file, or a symbolic link out of the tree.
func (d *discoverer) skip(file string, err error) {
	if d.warned == nil {
		d.warned = map[string]bool{}
	}
	if !d.warned[file] {
		d.warned[file] = true
		d.res.Errors = append(d.res.Errors, extract.Errorf(file, extract.Pos{}, MsgNotRead, err))
	}
}

func (d *discoverer) errorf(file string, m *i18n.Message, args ...any) {
	d.res.Errors = append(d.res.Errors, extract.Errorf(file, extract.Pos{}, m, args...))
}

// anyUnder reports whether a project found so far is in the directory
// (or below it).
func (d *discoverer) anyUnder(dir string) bool {
	for _, p := range d.res.Projects {
		if rel, err := filepath.Rel(dir, p.Path); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			return true
		}
	}
	return false
}

// add adds a project once: a file reached both directly and through a
// symbolic link (a project file linked into a second place, or a
// directory linked inside the tree) is one project, named by the path met
// first, so that it is read once and fix plans one set of edits for it.
func (d *discoverer) add(p Project) {
	d.found++
	if d.seenProject[p.Path] {
		return
	}
	real, linked := d.viaLink[p.Path]
	switch {
	case linked && (d.seenProject[real] || d.seenLinked[real]):
		return
	case !linked && d.seenLinked[p.Path]:
		return
	case linked:
		d.seenLinked[real] = true
	}
	d.seenProject[p.Path] = true
	d.res.Projects = append(d.res.Projects, p)
}

// noteReal records the real path of a file when it differs from the path
// (the path goes through a symbolic link).
func (d *discoverer) noteReal(path, real string) {
	if real != path && real != "" {
		d.viaLink[path] = real
	}
}

// file handles a path given directly.
func (d *discoverer) file(abs, root string) {
	name := filepath.Base(abs)
	switch kindOfFile(name) {
	case fileProject:
		d.add(d.msbuildProject(abs, root))
	case fileProjectJSON:
		d.add(d.projectJSON(abs, root))
	case filePackagesConfig:
		d.add(Project{Kind: KindPackagesConfig, Path: abs, Root: root})
	case fileSolution:
		d.solution(abs, root, true)
	case fileAssets, fileProjectLock, filePackagesLock, fileDeps:
		d.add(Project{Kind: KindLockOnly, Path: abs, Lock: abs, LockKind: lockKind(name), Root: root})
	default:
		d.errorf(abs, MsgUnknownFile, name)
	}
}

type fileKind int

const (
	fileOther fileKind = iota
	fileProject
	fileProjectJSON
	filePackagesConfig
	fileSolution
	fileAssets
	fileProjectLock
	filePackagesLock
	fileDeps
)

func kindOfFile(name string) fileKind {
	low := strings.ToLower(name)
	switch {
	case strings.HasSuffix(low, ".csproj"), strings.HasSuffix(low, ".fsproj"), strings.HasSuffix(low, ".vbproj"):
		return fileProject
	case low == "project.json":
		return fileProjectJSON
	case low == "packages.config":
		return filePackagesConfig
	case strings.HasSuffix(low, ".sln"), strings.HasSuffix(low, ".slnx"):
		return fileSolution
	case low == "project.assets.json":
		return fileAssets
	case low == "project.lock.json":
		return fileProjectLock
	case low == "packages.lock.json", strings.HasPrefix(low, "packages.") && strings.HasSuffix(low, ".lock.json"):
		return filePackagesLock
	case strings.HasSuffix(low, ".deps.json"):
		return fileDeps
	}
	return fileOther
}

// IsProjectFile reports whether a file name is an MSBuild project's
// (.csproj, .fsproj, .vbproj).
func IsProjectFile(name string) bool { return kindOfFile(name) == fileProject }

func lockKind(name string) extract.Kind {
	switch kindOfFile(name) {
	case fileAssets:
		return extract.KindAssets
	case fileProjectLock:
		return extract.KindProjectLock
	case filePackagesLock:
		return extract.KindPackagesLock
	case fileDeps:
		return extract.KindDepsJSON
	}
	return ""
}

// msbuildProject pairs a project file with its restore output:
// obj/project.assets.json first (the full graph), else
// packages.<name>.lock.json or packages.lock.json, and a packages.config
// beside it.
func (d *discoverer) msbuildProject(abs, root string) Project {
	dir := filepath.Dir(abs)
	p := Project{Kind: KindMSBuild, Path: abs, Root: root}
	base := strings.TrimSuffix(filepath.Base(abs), filepath.Ext(abs))
	for _, c := range []struct {
		name string
		kind extract.Kind
	}{
		{filepath.Join("obj", "project.assets.json"), extract.KindAssets},
		{"packages." + base + ".lock.json", extract.KindPackagesLock},
		{"packages.lock.json", extract.KindPackagesLock},
	} {
		f := filepath.Join(dir, c.name)
		if d.isFile(f, root, dir) {
			p.Lock, p.LockKind = f, c.kind
			break
		}
	}
	if f := filepath.Join(dir, "packages.config"); d.isFile(f, root, dir) {
		p.PackagesConfig = f
	}
	return p
}

func (d *discoverer) projectJSON(abs, root string) Project {
	p := Project{Kind: KindProjectJSON, Path: abs, Root: root}
	if f := filepath.Join(filepath.Dir(abs), "project.lock.json"); d.isFile(f, root, filepath.Dir(abs)) {
		p.Lock, p.LockKind = f, extract.KindProjectLock
	}
	return p
}

func isFile(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.Mode().IsRegular()
}

// isFile reports whether p is a file to read (a regular file, or a link to
// one inside the tree), answered from the walk when it can be: a file the
// walk took is one; a name the walk passed over (a named pipe, a device, a
// link out of the tree) or never saw in any case in a directory it read
// is not. A name seen in another case is asked of the file system (on a
// case-insensitive one it is the same file), and so is a file in a
// directory the walk did not read (a project a solution names outside the
// tree), where a link may lead into the tree or into projectDir, the
// directory of the project the file belongs to.
func (d *discoverer) isFile(p, root, projectDir string) bool {
	if d.files[p] {
		return true
	}
	dir := filepath.Dir(p)
	if d.listed[dir] {
		key := filepath.Join(dir, strings.ToLower(filepath.Base(p)))
		if !d.names[key] || !d.filesFolded[key] {
			return false
		}
		fi, err := os.Lstat(p)
		return err == nil && fi.Mode().IsRegular()
	}
	fi, err := os.Lstat(p)
	switch {
	case err != nil:
		return false
	case fi.Mode()&fs.ModeSymlink != 0:
		target, err := filepath.EvalSymlinks(p)
		if err != nil {
			return false
		}
		realDir, _ := filepath.EvalSymlinks(projectDir)
		if !Within(target, d.rootReal(root)) && (realDir == "" || !Within(target, realDir)) {
			d.skip(p, i18n.Errorf(MsgLinkOutside, target))
			return false
		}
		if err := readfile.Check(target); err != nil {
			d.skip(p, err)
			return false
		}
		return true
	case !fi.Mode().IsRegular():
		d.skip(p, &readfile.NotRegularError{Mode: fi.Mode()})
		return false
	}
	return true
}

// pairable reports whether a name is one of the files projects are paired
// with.
func pairable(name string) bool {
	switch kindOfFile(name) {
	case fileAssets, fileProjectLock, filePackagesLock, filePackagesConfig:
		return true
	}
	return false
}

// maxSolution bounds a solution file (the largest real ones are a few
// megabytes).
const maxSolution = 64 << 20

// solution follows a solution to its projects, wherever they are. A
// project the solution names but that does not exist is an error when the
// user gave the solution, and is passed over when the walk met it
// (partial checkouts often lack projects of their solution).
func (d *discoverer) solution(abs, root string, explicit bool) {
	data, err := readfile.ReadFile(abs, maxSolution)
	if err != nil {
		d.errorf(abs, MsgCannotRead, err)
		return
	}
	s, err := sln.Parse(abs, data)
	if err != nil {
		d.res.Errors = append(d.res.Errors, err)
		return
	}
	dir := filepath.Dir(abs)
	for _, sp := range s.Projects {
		p := filepath.Join(dir, filepath.FromSlash(sp.Path))
		if !isFile(p) {
			if explicit {
				d.res.Errors = append(d.res.Errors, extract.Errorf(abs, sp.At, MsgMissingProject, sp.Path))
			}
			continue
		}
		if kindOfFile(filepath.Base(p)) == fileProject {
			if real, err := filepath.EvalSymlinks(p); err == nil {
				d.noteReal(p, real)
			}
			d.add(d.msbuildProject(p, root))
		}
	}
}

// walkRoot walks a directory tree.
func (d *discoverer) walkRoot(root string) {
	real, err := filepath.EvalSymlinks(root)
	if err != nil {
		d.errorf(root, MsgCannotRead, err)
		return
	}
	d.walk(root, real, root, false)
}

// walk visits dir (whose real path is real), within the tree rooted at
// root. inObj is set below an obj directory, whose files are build
// intermediates: the assets file there is reached from its project.
//
// It returns the names of the entries of dir that projects are paired
// with: what the walk noted of them (see discoverer.names) is only needed
// until the projects of dir are paired, and of an obj directory until its
// parent's are, so each walk forgets its own (an obj directory's parent
// forgets the obj directory's): the memory discovery holds does not grow
// with the tree.
func (d *discoverer) walk(dir, real, root string, inObj bool) (pairNames []string) {
	if d.visited[real] {
		return nil
	}
	d.visited[real] = true
	entries, err := os.ReadDir(dir)
	if err != nil {
		d.errorf(dir, MsgCannotRead, err)
		return nil
	}
	var objDir string
	var objNames []string
	sub := func(child, childReal, name string) {
		names := d.walk(child, childReal, root, inObj)
		if strings.EqualFold(name, "obj") {
			objDir, objNames = child, names
		}
	}
	inObj = inObj || strings.EqualFold(filepath.Base(dir), "obj")
	// Reached through a link inside the tree: its files have other real
	// paths than their names say (a link above the tree changes none).
	linkedDir := false
	if rel, err := filepath.Rel(root, dir); err == nil {
		linkedDir = real != filepath.Join(d.rootReal(root), rel)
	}
	var projects, projectJSON, packagesConfig, locks []string
	for _, e := range entries {
		name := e.Name()
		full := filepath.Join(dir, name)
		mode := e.Type()
		if pairable(name) {
			d.names[filepath.Join(dir, strings.ToLower(name))] = true
			pairNames = append(pairNames, name)
		}
		// Whether the file would be read: a warning says why it is not.
		kind := kindOfFile(name)
		reads := kind != fileOther && (!inObj || kind == fileAssets)
		if mode&fs.ModeSymlink != 0 {
			target, err := filepath.EvalSymlinks(full)
			if err != nil {
				if reads {
					d.skip(full, err)
				}
				continue // dangling
			}
			if !Within(target, d.rootReal(root)) {
				if reads {
					d.skip(full, i18n.Errorf(MsgLinkOutside, target))
				}
				continue // leading out of the tree
			}
			fi, err := os.Stat(target)
			if err != nil {
				continue
			}
			if fi.IsDir() {
				if !skipDir(name) {
					sub(full, target, name)
				}
				continue
			}
			mode = fi.Mode().Type()
			if reads {
				d.noteReal(full, target)
			}
		} else if reads && linkedDir {
			d.noteReal(full, filepath.Join(real, name)) // below a linked directory
		}
		if mode.IsDir() {
			if !skipDir(name) {
				// Not a link: its real path is its parent's and its name
				// (no need to resolve every element of the path again).
				sub(full, filepath.Join(real, name), name)
			}
			continue
		}
		if !mode.IsRegular() {
			if reads {
				d.skip(full, &readfile.NotRegularError{Mode: mode})
			}
			continue
		}
		if pairable(name) {
			d.files[full] = true
			d.filesFolded[filepath.Join(dir, strings.ToLower(name))] = true
		}
		if inObj {
			continue // assets files are reached from their project, or below
		}
		switch kindOfFile(name) {
		case fileProject:
			projects = append(projects, full)
		case fileProjectJSON:
			projectJSON = append(projectJSON, full)
		case filePackagesConfig:
			packagesConfig = append(packagesConfig, full)
		case fileSolution:
			d.solution(full, root, false)
		case fileAssets, fileProjectLock, filePackagesLock, fileDeps:
			locks = append(locks, full)
		}
	}
	// Only now is the listing complete (a solution met in the loop pairs
	// its projects before the loop has seen every name).
	d.listed[dir] = true
	claimed := map[string]bool{}
	for _, p := range projects {
		// Several project files may share one obj directory; the assets
		// file belongs to the one it names, which the next stage checks
		// (project.restore.projectName).
		proj := d.msbuildProject(p, root)
		claimed[proj.Lock] = true
		claimed[proj.PackagesConfig] = true
		d.add(proj)
	}
	for _, p := range projectJSON {
		proj := d.projectJSON(p, root)
		claimed[proj.Lock] = true
		d.add(proj)
	}
	if len(projects) == 0 {
		for _, p := range packagesConfig {
			d.add(Project{Kind: KindPackagesConfig, Path: p, Root: root})
		}
	}
	for _, l := range locks {
		if !claimed[l] {
			d.add(Project{Kind: KindLockOnly, Path: l, Lock: l, LockKind: lockKind(filepath.Base(l)), Root: root})
		}
	}
	// An obj/project.assets.json without a project file beside obj.
	if len(projects) == 0 && len(projectJSON) == 0 {
		if a := filepath.Join(dir, "obj", "project.assets.json"); d.isFile(a, root, dir) {
			d.add(Project{Kind: KindLockOnly, Path: a, Lock: a, LockKind: extract.KindAssets, Root: root})
		}
	}
	if objDir != "" {
		d.forget(objDir, objNames)
	}
	if !strings.EqualFold(filepath.Base(dir), "obj") {
		d.forget(dir, pairNames)
	}
	return pairNames
}

// forget drops what the walk noted of dir (its listing and the entries
// named): projects met later (through a solution) that pair with files
// there ask the file system instead.
func (d *discoverer) forget(dir string, names []string) {
	delete(d.listed, dir)
	for _, n := range names {
		low := filepath.Join(dir, strings.ToLower(n))
		delete(d.names, low)
		delete(d.filesFolded, low)
		delete(d.files, filepath.Join(dir, n))
	}
}

func (d *discoverer) rootReal(root string) string {
	if r, ok := d.rootReals[root]; ok {
		return r
	}
	r, err := filepath.EvalSymlinks(root)
	if err != nil {
		r = root
	}
	d.rootReals[root] = r
	return r
}

// Within reports whether the path p is root or lies below it (both
// absolute and clean, compared as written: resolve links first to compare
// real paths).
func Within(p, root string) bool {
	rel, err := filepath.Rel(root, p)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

func skipDir(name string) bool {
	switch strings.ToLower(name) {
	case ".git", "node_modules", "bin", ".vs", ".hg", ".svn":
		return true
	}
	return false
}

// Messages of this package.
var (
	MsgCannotRead = i18n.Define("discover.cannot-read",
		"cannot read: %v",
		"읽을 수 없음: %v",
		"無法讀取：%v")
	MsgNoProject = i18n.Define("discover.no-project",
		"no .NET project here: no project file (.csproj, .fsproj, .vbproj), solution, project.json, packages.config, lock, assets or deps.json file under it",
		".NET 프로젝트가 없음: 그 아래에 프로젝트 파일(.csproj, .fsproj, .vbproj), 솔루션, project.json, packages.config, 잠금, assets 또는 deps.json 파일이 없음",
		"這裡沒有 .NET 專案：其下沒有專案檔（.csproj、.fsproj、.vbproj）、方案、project.json、packages.config、鎖定檔、assets 或 deps.json 檔")
	MsgUnknownFile = i18n.Define("discover.unknown-file",
		"%s is not a file affected reads (project, solution, packages.config, project.json, lock, assets or deps.json file)",
		"%s{은/는} affected가 읽는 파일이 아님 (프로젝트, 솔루션, packages.config, project.json, 잠금, assets 또는 deps.json 파일)",
		"%s 不是 affected 讀取的檔案（專案、方案、packages.config、project.json、鎖定檔、assets 或 deps.json 檔）")
	MsgNotRead = i18n.Define("discover.not-read",
		"not read: %v",
		"읽지 않음: %v",
		"未讀取：%v")
	MsgLinkOutside = i18n.Define("discover.link-outside",
		"a symbolic link out of the scanned tree (to %s); not followed",
		"검사하는 트리 밖을 가리키는 심볼릭 링크 (%s); 따라가지 않음",
		"指向掃描目錄樹之外的符號連結（%s）；未追蹤")
	MsgMissingProject = i18n.Define("discover.missing-project",
		"the solution names %s, which does not exist",
		"솔루션이 가리키는 %s{이/가} 존재하지 않음",
		"方案列出的 %s 不存在")
)
