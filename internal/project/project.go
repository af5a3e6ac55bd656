// Package project reads the files discovery paired into projects: it
// parses each project's manifest (evaluating MSBuild files with the props
// around them) and its lock data, concurrently and with a bound on file
// size, and keeps every problem as a located error next to whatever could
// still be read.
//
// Files of the tree are opened with internal/readfile (regular files
// only, never blocking on a named pipe). An MSBuild import may not leave
// the scanned tree unless Options.AllowOutsideImports, and no file is read
// through a symbolic link that leads out of it.
package project

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"golang.org/x/sync/errgroup"

	"github.com/affected-dev/affected/internal/discover"
	"github.com/affected-dev/affected/internal/extract"
	"github.com/affected-dev/affected/internal/extract/depsjson"
	"github.com/affected-dev/affected/internal/extract/lockjson"
	"github.com/affected-dev/affected/internal/extract/msbuild"
	"github.com/affected-dev/affected/internal/extract/packagesconfig"
	"github.com/affected-dev/affected/internal/extract/packageslock"
	"github.com/affected-dev/affected/internal/extract/projectjson"
	"github.com/affected-dev/affected/internal/i18n"
	"github.com/affected-dev/affected/internal/readfile"
)

// Project is a project with its parsed files.
type Project struct {
	// Path is the display path: relative to Root, '/'-separated (absolute
	// when the file is not under Root).
	Path string
	// File is the absolute path of the file that names the project.
	File string
	Kind discover.Kind
	// Name is the project's name (the file name without extension).
	Name string
	// Manifest is what the project declares; nil for a lone lock file.
	Manifest *extract.Manifest
	// MSBuild is the evaluation of an MSBuild project (central package
	// management, props files read).
	MSBuild *msbuild.Project
	// Imports are the other files the MSBuild evaluation read
	// ('/'-separated, as MSBuild.Files), which the report lists as the
	// project's sources; they stay when MSBuild is dropped. The strings
	// are shared by the projects that read the same file.
	Imports []string
	// Lock is the restore output; nil when there is none (or it could not
	// be read).
	Lock *extract.Lock
	// LockPath is the display path of the lock file.
	LockPath string
	// Root is the directory the display paths are relative to: the
	// scanned root, or Options.Base.
	Root string
	// NoRestoreData is set for a project that declares packages but has
	// no lock or assets file (or one that could not be read): its graphs
	// come from the declared versions only.
	NoRestoreData bool
	// Errors are the problems met while reading this project's files.
	Errors []error
}

// Display returns the display path of an absolute file path.
func (p *Project) Display(abs string) string { return Display(p.Root, abs) }

// Display returns abs relative to root, '/'-separated; abs itself when
// it is not under root.
func Display(root, abs string) string {
	rel, err := filepath.Rel(root, abs)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return filepath.ToSlash(abs)
	}
	return filepath.ToSlash(rel)
}

// Options tune Load.
type Options struct {
	// Concurrency bounds the projects read at once (default GOMAXPROCS).
	Concurrency int
	// MaxFileSize bounds the size of any file read (default 256 MiB).
	MaxFileSize int64
	// Base, when set, is the directory display paths are relative to (the
	// working directory of a command, so that every path it prints can be
	// opened from where it ran); otherwise each project's scanned root.
	Base string
	// AllowOutsideImports lets an MSBuild <Import> read a file outside
	// the scanned tree the project was found under. Without it such an
	// import is refused with a warning located at the <Import>, except
	// for the files MSBuild imports on its own (Directory.Build.props and
	// Directory.Packages.props, which may be above the tree).
	AllowOutsideImports bool
	// NewVisitor, when set, is called once by each goroutine that reads
	// projects, and the function it returns is given every project that
	// goroutine reads, with its index, as soon as it is read: the place to
	// build what is needed of the project and drop the rest (its lock
	// data is the bulk of it) while the other goroutines go on reading.
	// Each function runs on one goroutine, so it may keep state without
	// locking.
	NewVisitor func() func(i int, p *Project)
}

// DefaultMaxFileSize is the largest file read by default.
const DefaultMaxFileSize = 256 << 20

// Load reads every project. The result has one entry per input, in order.
//
// At most Concurrency projects are read at once, each by a goroutine that
// reads its lock files into one buffer it reuses: the memory in use is
// bounded by the largest files, not by the size of the tree (unless the
// caller keeps the lock data; see Options.NewVisitor). The parsers copy
// what they keep, so the buffer can be overwritten by the next file.
// Load consumes found: each entry is cleared once its project is read.
func Load(ctx context.Context, found []discover.Project, opts Options) []*Project {
	if opts.Concurrency <= 0 {
		opts.Concurrency = runtime.GOMAXPROCS(0)
	}
	if opts.MaxFileSize <= 0 {
		opts.MaxFileSize = DefaultMaxFileSize
	}
	l := &loader{opts: opts, docs: map[string]*docEntry{}, exists: map[string]bool{}, idents: map[string]*identEntry{}, reals: map[string]string{}, names: map[string]string{}}
	out := make([]*Project, len(found))
	var next atomic.Int64 // the index of the next project to read
	var g errgroup.Group
	for range min(opts.Concurrency, len(found)) {
		g.Go(func() error {
			var visit func(int, *Project)
			if opts.NewVisitor != nil {
				visit = opts.NewVisitor()
			}
			var buf []byte
			for {
				i := int(next.Add(1) - 1)
				if i >= len(found) {
					return nil
				}
				f := found[i]
				// Consumed: what the project does not keep of it goes
				// as the projects are read, not at the end.
				found[i] = discover.Project{}
				if ctx.Err() != nil {
					root := l.root(f)
					out[i] = &Project{Path: Display(root, f.Path), File: f.Path, Kind: f.Kind, Root: root, Errors: []error{ctx.Err()}}
				} else {
					out[i] = l.load(f, &buf)
				}
				if visit != nil {
					visit(i, out[i])
				}
			}
		})
	}
	_ = g.Wait()
	return out
}

type loader struct {
	opts Options
	mu   sync.Mutex
	// docs are the MSBuild documents by path, shared by projects: the
	// props files that many import. A project file's own document is
	// dropped once it is evaluated (another project seldom imports it, and
	// would read it again), so that memory does not grow with the tree.
	docs   map[string]*docEntry
	exists map[string]bool   // what Exists found, by path
	reals  map[string]string // what filepath.EvalSymlinks gave, by path ("" for an error)
	names  map[string]string // the shared string of each import's path (see interned)
	// idents are the names restore knows projects by (see identity), by
	// '/'-separated path.
	idents map[string]*identEntry
}

// interned returns the paths with each string shared by every project
// that names the same file (nil for none): a Directory.Build.props read
// by thousands of projects is one string, not thousands.
func (l *loader) interned(paths []string) []string {
	if len(paths) == 0 {
		return nil
	}
	out := make([]string, len(paths))
	l.mu.Lock()
	defer l.mu.Unlock()
	for i, p := range paths {
		s, ok := l.names[p]
		if !ok {
			s = p
			l.names[p] = s
		}
		out[i] = s
	}
	return out
}

// real returns the path with every symbolic link resolved, asking the
// file system once per path; "" when it cannot be resolved (a missing
// file: reading it says so).
func (l *loader) real(p string) string {
	l.mu.Lock()
	r, ok := l.reals[p]
	l.mu.Unlock()
	if ok {
		return r
	}
	r, err := filepath.EvalSymlinks(p)
	if err != nil {
		r = ""
	}
	l.mu.Lock()
	l.reals[p] = r
	l.mu.Unlock()
	return r
}

type identEntry struct {
	once  sync.Once
	names []string
}

type docEntry struct {
	once sync.Once
	doc  *msbuild.Document
	err  error
}

// readFile reads a regular file with the size bound.
func (l *loader) readFile(p string) ([]byte, error) {
	return readfile.ReadFile(p, l.opts.MaxFileSize)
}

// readInto reads a regular file with the size bound into *buf (see
// readfile.Read).
func (l *loader) readInto(p string, buf *[]byte) ([]byte, error) {
	return readfile.Read(p, l.opts.MaxFileSize, buf)
}

// readError turns an I/O error into a located one (parse errors already
// are).
func readError(file string, err error) error {
	var e *extract.Error
	if errors.As(err, &e) {
		return err
	}
	var tl *readfile.TooLargeError
	if errors.As(err, &tl) {
		return extract.Errorf(file, extract.Pos{}, extract.MsgTooLarge, tl.Max>>20)
	}
	return extract.Errorf(file, extract.Pos{}, extract.MsgRead, plainIOError(err))
}

// plainIOError drops the path the os package repeats ("open /x/y: no such
// file or directory" → "no such file or directory").
func plainIOError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// msbuildLoader adapts the loader for msbuild.Evaluate ('/'-separated
// paths), for one project: tree is the scanned root the project was found
// under, treeReal the same with its links resolved.
type msbuildLoader struct {
	l                       *loader
	project, tree, treeReal string
}

func (l *loader) msbuildLoader(f discover.Project) msbuildLoader {
	m := msbuildLoader{l: l, project: f.Path, tree: f.Root, treeReal: l.real(f.Root)}
	if m.treeReal == "" {
		m.treeReal = f.Root
	}
	return m
}

// linkOut refuses a file of the tree that is a symbolic link (or lies
// below one) leading out of the tree. The project file itself was chosen
// by discovery.
func (m msbuildLoader) linkOut(file string) error {
	if file == m.project || !discover.Within(file, m.tree) {
		return nil
	}
	if r := m.l.real(file); r != "" && !discover.Within(r, m.treeReal) {
		return extract.Errorf(file, extract.Pos{}, discover.MsgLinkOutside, r)
	}
	return nil
}

// CheckImport refuses an import outside the tree, unless the options
// allow it.
func (m msbuildLoader) CheckImport(p string) error {
	file := filepath.FromSlash(p)
	if m.l.opts.AllowOutsideImports || discover.Within(file, m.tree) {
		return nil
	}
	if r := m.l.real(file); r != "" && discover.Within(r, m.treeReal) {
		return nil
	}
	return i18n.Errorf(MsgOutsideTree)
}

func (m msbuildLoader) Load(p string) (*msbuild.Document, error) {
	if err := m.linkOut(filepath.FromSlash(p)); err != nil {
		return nil, err
	}
	m.l.mu.Lock()
	e := m.l.docs[p]
	if e == nil {
		e = &docEntry{}
		m.l.docs[p] = e
	}
	m.l.mu.Unlock()
	e.once.Do(func() {
		data, err := m.l.readFile(filepath.FromSlash(p))
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				e.err = err
				return
			}
			e.err = readError(filepath.FromSlash(p), err)
			return
		}
		e.doc, e.err = msbuild.Parse(filepath.FromSlash(p), data)
	})
	return e.doc, e.err
}

// Exists reports whether p is there and is not a directory, asking the
// file system once per path: every project looks for Directory.Build.props
// and Directory.Packages.props in each directory above it. (A named pipe
// or a device is there: reading it then fails with a warning, instead of
// the file being passed over in silence.)
func (m msbuildLoader) Exists(p string) bool {
	m.l.mu.Lock()
	ok, known := m.l.exists[p]
	m.l.mu.Unlock()
	if known {
		return ok
	}
	fi, err := os.Stat(filepath.FromSlash(p))
	ok = err == nil && !fi.IsDir()
	m.l.mu.Lock()
	if len(m.l.exists) >= maxExists {
		// Bounded, so that memory does not grow with the tree: the
		// projects come in path order, so the entries a project needs
		// (its directory's, its parents') are soon made again.
		clear(m.l.exists)
	}
	m.l.exists[p] = ok
	m.l.mu.Unlock()
	return ok
}

// root is the directory a project's display paths are relative to.
func (l *loader) root(f discover.Project) string {
	if l.opts.Base != "" {
		return l.opts.Base
	}
	return f.Root
}

// maxExists bounds the answers of Exists kept (two a directory: the
// Directory.Build.props and Directory.Packages.props looked for in it).
const maxExists = 1 << 12

// load reads a project; its lock file is read into *buf.
func (l *loader) load(f discover.Project, buf *[]byte) *Project {
	root := l.root(f)
	p := &Project{
		Path: Display(root, f.Path), File: f.Path, Kind: f.Kind, Root: root,
		Name: strings.TrimSuffix(filepath.Base(f.Path), filepath.Ext(f.Path)),
	}
	switch f.Kind {
	case discover.KindMSBuild:
		ev, err := msbuild.Evaluate(filepath.ToSlash(f.Path), l.msbuildLoader(f))
		l.mu.Lock()
		delete(l.docs, filepath.ToSlash(f.Path))
		l.mu.Unlock()
		if err != nil {
			p.Errors = append(p.Errors, readError(f.Path, err))
		} else {
			p.MSBuild = ev
			p.Imports = l.interned(ev.Files[1:])
			m := ev.Manifest
			p.Manifest = &m
			p.Errors = append(p.Errors, ev.Warnings...)
			l.identity(filepath.ToSlash(f.Path), ev, f.Root)
		}
		if f.PackagesConfig != "" {
			l.addPackagesConfig(p, f.PackagesConfig)
		}
	case discover.KindProjectJSON:
		data, err := l.readFile(f.Path)
		if err == nil {
			p.Manifest, err = projectjson.Parse(f.Path, data)
			p.checkUTF8(f.Path, data)
		}
		if err != nil {
			p.Errors = append(p.Errors, readError(f.Path, err))
		}
	case discover.KindPackagesConfig:
		p.Name = filepath.Base(filepath.Dir(f.Path))
		l.addPackagesConfig(p, f.Path)
	case discover.KindLockOnly:
		p.Name = lockOnlyName(f.Path)
	}
	if f.Lock != "" {
		p.LockPath = p.Display(f.Lock)
		data, err := l.readInto(f.Lock, buf)
		var lock *extract.Lock
		if err == nil {
			lock, err = parseLock(f.LockKind, f.Lock, data)
			if err == nil {
				p.checkUTF8(f.Lock, data)
			}
		}
		if err != nil {
			p.Errors = append(p.Errors, readError(f.Lock, err))
		} else if f.Kind == discover.KindMSBuild && f.LockKind == extract.KindAssets && !ownsAssets(f.Path, lock) {
			// Another project of the same directory owns this obj folder.
			p.LockPath = ""
		} else {
			p.Lock = lock
			if lock.ProjectName != "" && f.Kind == discover.KindLockOnly {
				p.Name = lock.ProjectName
			}
		}
	}
	p.NoRestoreData = p.Lock == nil && declaresPackages(p.Manifest)
	if p.Lock != nil && p.Manifest != nil && needsNames(p.Lock) {
		dir := path.Dir(filepath.ToSlash(f.Path))
		refs := p.Manifest.ProjectReferences
		for i := range refs {
			ref := path.Join(dir, strings.ReplaceAll(refs[i].Path, `\`, "/"))
			refs[i].Names = l.identity(ref, nil, f.Root)
		}
	}
	return p
}

// declaresPackages reports whether a manifest declares packages whose
// versions restore resolves (packages.config records the installed
// versions themselves).
func declaresPackages(m *extract.Manifest) bool {
	if m == nil {
		return false
	}
	for _, r := range m.References {
		if r.Source != extract.SourcePackagesConfig {
			return true
		}
	}
	return false
}

// needsNames reports whether lock data has referenced projects.
func needsNames(lock *extract.Lock) bool {
	for _, t := range lock.Targets {
		for _, pkg := range t.Packages {
			if pkg.Type == extract.TypeProject {
				return true
			}
		}
	}
	return false
}

// identity returns the names restore may give the project file at p in
// the lock data of the projects that reference it: its PackageId and its
// AssemblyName, each when set (its file name is the last resort, which
// the caller knows). ev is the project's evaluation when the caller has
// it; otherwise the file is evaluated here, once per path, and nil is
// returned for a file that cannot be read. root is the scanned root of
// the project that references p.
func (l *loader) identity(p string, ev *msbuild.Project, root string) []string {
	l.mu.Lock()
	e := l.idents[p]
	if e == nil {
		e = &identEntry{}
		l.idents[p] = e
	}
	l.mu.Unlock()
	e.once.Do(func() {
		if ev == nil {
			var err error
			// Read under the rules of the referencing project's tree
			// (root): no link out of it is followed.
			ev, err = msbuild.Evaluate(p, l.msbuildLoader(discover.Project{Root: root}))
			l.mu.Lock()
			delete(l.docs, p)
			l.mu.Unlock()
			if err != nil {
				return
			}
		}
		for _, n := range []string{ev.PackageID, ev.AssemblyName} {
			if n != "" && !slices.Contains(e.names, n) {
				// A copy: the names are kept for the whole load, and a
				// value read from a project file is a slice of its text.
				e.names = append(e.names, strings.Clone(n))
			}
		}
	})
	return e.names
}

// checkUTF8 reports the first byte of a JSON file that is not valid UTF-8:
// the decoders read it as U+FFFD, and a package name holding it would
// match no advisory in silence.
func (p *Project) checkUTF8(file string, data []byte) {
	if i := extract.InvalidUTF8(data); i >= 0 {
		p.Errors = append(p.Errors, extract.Errorf(file, extract.PosAt(data, int64(i)), extract.MsgInvalidUTF8, data[i]))
	}
}

// ownsAssets reports whether the obj/project.assets.json beside a
// project file is that project's. Restore writes one per project, naming
// the project by its PackageId, else its AssemblyName, else the file's
// name (https://github.com/NuGet/Home/issues/5226), and recording the
// project file's path; several project files of one directory share one
// obj folder, and then the file belongs to the one it names. An assets
// file that names none of them (a project renamed since its restore) is
// taken as the project's own.
func ownsAssets(file string, lock *extract.Lock) bool {
	names := func(name string) bool {
		return strings.EqualFold(name, lock.ProjectName) ||
			lock.ProjectPath != "" && strings.EqualFold(name, stem(path.Base(strings.ReplaceAll(lock.ProjectPath, `\`, "/"))))
	}
	if lock.ProjectName == "" || names(stem(filepath.Base(file))) {
		return true
	}
	entries, err := os.ReadDir(filepath.Dir(file))
	if err != nil {
		return true
	}
	for _, e := range entries {
		other := e.Name()
		if other != filepath.Base(file) && discover.IsProjectFile(other) && names(stem(other)) {
			return false
		}
	}
	return true
}

// stem is a file name without its extension.
func stem(name string) string { return strings.TrimSuffix(name, filepath.Ext(name)) }

// lockOnlyName names a project known only from its lock file: the
// directory (the project's directory for obj/project.assets.json), or the
// deps.json file's own name.
func lockOnlyName(p string) string {
	base := filepath.Base(p)
	if n, ok := strings.CutSuffix(base, ".deps.json"); ok {
		return n
	}
	dir := filepath.Dir(p)
	if strings.EqualFold(filepath.Base(dir), "obj") {
		dir = filepath.Dir(dir)
	}
	return filepath.Base(dir)
}

func (l *loader) addPackagesConfig(p *Project, file string) {
	data, err := l.readFile(file)
	var m *extract.Manifest
	if err == nil {
		m, err = packagesconfig.Parse(file, data)
	}
	if err != nil {
		p.Errors = append(p.Errors, readError(file, err))
		return
	}
	p.Errors = append(p.Errors, m.Warnings...)
	if p.Manifest == nil {
		p.Manifest = m
		return
	}
	p.Manifest.References = append(p.Manifest.References, m.References...)
}

func parseLock(kind extract.Kind, file string, data []byte) (*extract.Lock, error) {
	switch kind {
	case extract.KindAssets:
		return lockjson.ParseAssets(file, data)
	case extract.KindProjectLock:
		return lockjson.ParseProjectLock(file, data)
	case extract.KindPackagesLock:
		return packageslock.Parse(file, data)
	case extract.KindDepsJSON:
		return depsjson.Parse(file, data)
	}
	return nil, fmt.Errorf("unknown lock kind %q", kind)
}

// Messages of this package.
var (
	MsgOutsideTree = i18n.Define("project.outside-tree",
		"it is outside the scanned tree; imports outside it are followed only with --allow-outside-imports",
		"검사하는 트리 밖에 있음; 트리 밖의 가져오기는 --allow-outside-imports를 줄 때만 따라감",
		"它位於掃描的目錄樹之外；只有加上 --allow-outside-imports 才會追蹤樹外的匯入")
)
