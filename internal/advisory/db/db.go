// Package db is the local advisory database: advisories imported from OSV
// and CSAF files or downloaded from osv.dev, kept in a directory and read
// together with the built-in records.
//
// # Location
//
// [Dir] resolves the directory: the --db flag, else $AFFECTED_DB, else
// affected/ in the user cache directory (os.UserCacheDir). A missing or
// empty directory is a database with the built-in records only.
//
// # On-disk format (version 1)
//
// The directory holds a pointer file and one version directory:
//
//	CURRENT              "affected-db 1 v-20260101T120000Z-123456\n"
//	v-20260101T120000Z-123456/
//	  records.jsonl      one advisory per line, in the model's JSON, sorted by ID
//	  packages.idx       "affected-db-packages 1\n", then sorted lines
//	                     "<normalised NuGet id>\t<offset>+<length>[,<offset>+<length>...]\n"
//	  ids.idx            "affected-db-ids 1\n", then sorted lines
//	                     "<lower-case id or alias>\t<offset>+<length>[,...]\n"
//	                     (a record's own id before aliases of others)
//	  meta.json          format, creation time, source, record count, imported ids
//
// Loading is made for `affected scan`, whose whole budget on a large tree is
// a fraction of a second: [Open] reads CURRENT and packages.idx (one line per
// NuGet package named by any advisory, a few hundred kilobytes for all of
// osv.dev's NuGet records) and opens records.jsonl; [DB.ForPackage] finds
// the package's line by binary search and decodes only the records it
// points to, each once. A scan thus costs the index plus the records of
// the packages it actually sees, never the whole database.
//
// # Writing
//
// A writer builds a complete new version directory (every file synced),
// then replaces CURRENT atomically (temporary file, sync, rename) and only
// then removes older version directories. A crash at any point leaves
// CURRENT naming a complete version: the old one before the rename, the
// new one after. Half-written version directories are never named by
// CURRENT and are removed by the next writer. Writers take a lock file
// (DIR/lock) so that two imports do not lose each other's records; a lock
// older than [staleLock] is taken to be left by a crash. Readers take no
// lock: they keep the files of the version they opened, and retry once
// when a writer removed it between reading CURRENT and opening it.
//
// # Records
//
// Imported records (`affected db import`) and downloaded ones
// (`affected db update`) live in one database. Import adds records and
// replaces those with the same id (a CSAF document in a language the stored
// record lacks is merged into it instead); update replaces every
// downloaded record and keeps imported ones, except where the archive has
// the same id. Records whose id is a built-in record's are refused: the
// built-ins are the project's reviewed versions.
package db

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/affected-dev/affected/internal/advisory"
	"github.com/affected-dev/affected/internal/i18n"
	"github.com/affected-dev/affected/internal/nuget"
)

// Format is the on-disk format version this package reads and writes.
const Format = 1

// EnvVar is the environment variable that names the database directory.
const EnvVar = "AFFECTED_DB"

const (
	pointerFile  = "CURRENT"
	recordsFile  = "records.jsonl"
	packagesFile = "packages.idx"
	idsFile      = "ids.idx"
	metaFile     = "meta.json"
	versionPref  = "v-"

	pointerMagic  = "affected-db"
	packagesMagic = "affected-db-packages"
	idsMagic      = "affected-db-ids"
)

// Dir returns the database directory: flagValue when not empty, else the
// AFFECTED_DB environment variable (read with getenv, os.Getenv when nil),
// else affected/ in the user cache directory.
func Dir(flagValue string, getenv func(string) string) (string, error) {
	if flagValue != "" {
		return flagValue, nil
	}
	if getenv == nil {
		getenv = os.Getenv
	}
	if d := getenv(EnvVar); d != "" {
		return d, nil
	}
	cache, err := os.UserCacheDir()
	if err != nil {
		return "", i18n.Errorf(msgNoCacheDir, EnvVar, err)
	}
	return filepath.Join(cache, "affected"), nil
}

// DB is an open database. Its methods are safe for concurrent use. The
// advisories it returns are shared: callers must not modify them.
type DB struct {
	dir     string
	version string // the version directory's name, "" when there is none
	meta    Meta   // without Imported (see metaHead)
	metaRaw []byte // meta.json, which Meta decodes whole

	builtins  []*advisory.Advisory
	byPackage map[string][]*advisory.Advisory // built-ins by normalised NuGet id

	records *os.File // nil when there is no version
	size    int64    // of records
	// reads counts the records read; past readsBeforeWhole, recordBytes
	// reads records whole, once, into data (see there).
	reads    atomic.Int64
	dataOnce sync.Once
	data     []byte
	packages index
	idsFile  *os.File

	idsOnce sync.Once
	ids     index
	idsErr  error

	platformsOnce sync.Once
	platforms     index
	noPlatforms   bool // a version written before platforms.idx
	platformsErr  error

	mu    sync.Mutex
	cache map[int64]*advisory.Advisory // decoded records by offset
	// slim are records decoded as far as matching reads them, by offset
	// (ForPackageMatch), and slimSpan where each is.
	slim     map[int64]*advisory.Advisory
	slimSpan map[*advisory.Advisory]span
	err      error // the first read error
}

// Meta describes a database version.
type Meta struct {
	Format  int    `json:"format"`
	Created string `json:"created"`
	// Source is the archive URL of the last `db update`, if any.
	Source  string `json:"source,omitempty"`
	Updated string `json:"updated,omitempty"`
	Records int    `json:"records"`
	// Imported are the ids of the records added by `db import`, which an
	// update keeps.
	Imported []string `json:"imported,omitempty"`
}

// Open opens the database in dir. A missing directory, or one without a
// database, gives the built-in records only.
func Open(dir string) (*DB, error) {
	d := &DB{dir: dir, cache: map[int64]*advisory.Advisory{}, byPackage: map[string][]*advisory.Advisory{}}
	d.builtins = builtins()
	for _, a := range d.builtins {
		for _, key := range a.NuGetIDs() {
			d.byPackage[key] = append(d.byPackage[key], a)
		}
	}
	// A writer may remove the version named by CURRENT between our reading
	// CURRENT and opening its files; CURRENT then names a newer one.
	for attempt := 0; ; attempt++ {
		err := d.openVersion()
		if err == nil {
			return d, nil
		}
		d.closeFiles()
		if attempt < 2 && errors.Is(err, fs.ErrNotExist) && d.version != "" {
			continue
		}
		return nil, err
	}
}

func (d *DB) openVersion() error {
	d.version = ""
	ptr, err := os.ReadFile(filepath.Join(d.dir, pointerFile))
	if errors.Is(err, fs.ErrNotExist) {
		return nil // no database yet: built-ins only
	}
	if err != nil {
		return i18n.Errorf(msgRead, d.dir, err)
	}
	name, err := parsePointer(ptr)
	if err != nil {
		return i18n.Errorf(msgCorrupt, d.dir, err)
	}
	d.version = name
	vdir := filepath.Join(d.dir, name)
	data, err := os.ReadFile(filepath.Join(vdir, packagesFile))
	if err != nil {
		return wrapRead(d.dir, err)
	}
	if d.packages, err = parseIndex(data, packagesMagic); err != nil {
		return i18n.Errorf(msgCorrupt, d.dir, err)
	}
	if d.records, err = os.Open(filepath.Join(vdir, recordsFile)); err != nil {
		return wrapRead(d.dir, err)
	}
	if fi, err := d.records.Stat(); err == nil {
		d.size = fi.Size()
	}
	if d.idsFile, err = os.Open(filepath.Join(vdir, idsFile)); err != nil {
		return wrapRead(d.dir, err)
	}
	if m, err := os.ReadFile(filepath.Join(vdir, metaFile)); err == nil {
		var h metaHead
		_ = json.Unmarshal(m, &h) // informational only
		d.meta = Meta{Format: h.Format, Created: h.Created, Source: h.Source, Updated: h.Updated, Records: h.Records}
		d.metaRaw = m
	}
	return nil
}

// metaHead is Meta without Imported, all that readers but writers need
// (Info): decoding the ids of every imported record, 5,000 in the
// bench's database, cost a scan 15 M instructions, as much as decoding a
// thousand records. Meta decodes them when asked.
type metaHead struct {
	Format  int    `json:"format"`
	Created string `json:"created"`
	Source  string `json:"source,omitempty"`
	Updated string `json:"updated,omitempty"`
	Records int    `json:"records"`
}

// wrapRead keeps fs.ErrNotExist visible to errors.Is for Open's retry.
func wrapRead(dir string, err error) error {
	if errors.Is(err, fs.ErrNotExist) {
		return notExist{i18n.Errorf(msgRead, dir, err)}
	}
	return i18n.Errorf(msgRead, dir, err)
}

type notExist struct{ error }

func (e notExist) Unwrap() error { return e.error }
func (e notExist) Is(target error) bool {
	return target == fs.ErrNotExist
}

// parsePointer reads CURRENT: "affected-db FORMAT NAME". NAME must be a
// version directory's name, never a path, so that a tampered pointer
// cannot make a reader (or a writer's cleanup) look outside the directory.
func parsePointer(b []byte) (string, error) {
	f := strings.Fields(string(b))
	if len(f) != 3 || f[0] != pointerMagic {
		return "", i18n.Errorf(msgBadPointer)
	}
	if n, err := strconv.Atoi(f[1]); err != nil || n != Format {
		return "", i18n.Errorf(msgFormat, f[1], Format)
	}
	if !validVersionName(f[2]) {
		return "", i18n.Errorf(msgBadPointer)
	}
	return f[2], nil
}

func validVersionName(name string) bool {
	if !strings.HasPrefix(name, versionPref) || len(name) > 100 {
		return false
	}
	for _, c := range name {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.') {
			return false
		}
	}
	return !strings.Contains(name, "..")
}

func (d *DB) closeFiles() {
	if d.records != nil {
		d.records.Close()
		d.records = nil
	}
	if d.idsFile != nil {
		d.idsFile.Close()
		d.idsFile = nil
	}
}

// Close releases the database's files.
func (d *DB) Close() error {
	d.closeFiles()
	return nil
}

// Dir returns the database directory.
func (d *DB) Dir() string { return d.dir }

// Meta returns the description of the open version (zero when the
// database holds only the built-in records), decoded from meta.json at
// each call: only writers ask for it.
func (d *DB) Meta() Meta {
	var m Meta
	if d.metaRaw != nil {
		_ = json.Unmarshal(d.metaRaw, &m)
	}
	return m
}

// MaxAge is the age past which reports call the database out of date: osv.dev
// publishes NuGet advisories every day, and a week of them missing is worth
// a warning (grype refuses a database older than five days; trivy fetches a
// new one every few hours).
const MaxAge = 7 * 24 * time.Hour

// Info describes the database for reports: how many advisories it holds
// and how fresh they are.
type Info struct {
	Dir     string
	BuiltIn int // built-in records
	Stored  int // records in the directory
	// Updated is when the stored records were last refreshed: the last
	// `db update`, else the last write (an import); zero when there are
	// none. Source is the archive of the last update.
	Updated time.Time
	Source  string
}

// Info describes the open database.
func (d *DB) Info() Info {
	in := Info{Dir: d.dir, BuiltIn: len(d.builtins), Stored: d.meta.Records, Source: d.meta.Source}
	if d.version == "" {
		in.Stored = 0
	}
	for _, s := range []string{d.meta.Updated, d.meta.Created} {
		if t, err := time.Parse(time.RFC3339, s); err == nil && in.Stored > 0 {
			in.Updated = t
			break
		}
	}
	return in
}

// Err returns the first error met while reading records (a damaged
// database), or nil. ForPackage, Get and All skip records they cannot
// read; a caller that must know the database was read whole checks Err.
func (d *DB) Err() error {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.err
}

func (d *DB) fail(err error) {
	d.mu.Lock()
	if d.err == nil {
		d.err = err
	}
	d.mu.Unlock()
}

// ForPackage returns the advisories in force (not withdrawn) that have a
// NuGet package exposure named name (compared case-insensitively):
// built-in records first, then the database's, each sorted by ID.
func (d *DB) ForPackage(name string) []*advisory.Advisory {
	return d.forPackage(name, (*DB).record)
}

// forPackage is ForPackage with the records decoded by decode.
func (d *DB) forPackage(name string, decode func(*DB, span) (*advisory.Advisory, error)) []*advisory.Advisory {
	key := nuget.NormalizeID(name)
	builtin := d.byPackage[key]
	var spans []span
	if d.records != nil {
		spans, _ = d.packages.lookup(key)
	}
	out := append(make([]*advisory.Advisory, 0, len(builtin)+len(spans)), builtin...)
	for _, sp := range spans {
		a, err := decode(d, sp)
		if err != nil {
			d.fail(err)
			continue
		}
		if a.Withdrawn == nil && !d.isBuiltin(a.ID) {
			out = append(out, a)
		}
	}
	return out
}

func (d *DB) isBuiltin(id string) bool {
	for _, b := range d.builtins {
		if strings.EqualFold(b.ID, id) {
			return true
		}
	}
	return false
}

// record reads and decodes the record at sp, once.
func (d *DB) record(sp span) (*advisory.Advisory, error) {
	d.mu.Lock()
	a, ok := d.cache[sp.off]
	d.mu.Unlock()
	if ok {
		return a, nil
	}
	buf, err := d.recordBytes(sp)
	if err != nil {
		return nil, err
	}
	a = new(advisory.Advisory)
	if err := json.Unmarshal(buf, a); err != nil || a.ID == "" {
		return nil, i18n.Errorf(msgCorrupt, d.dir, i18n.Errorf(msgBadSpan, sp.off))
	}
	a.Compile() // before it is shared
	d.mu.Lock()
	if b, ok := d.cache[sp.off]; ok {
		a = b // decoded meanwhile by another goroutine: keep one pointer
	} else {
		d.cache[sp.off] = a
	}
	d.mu.Unlock()
	return a, nil
}

// readsBeforeWhole and maxWhole decide when recordBytes reads
// records.jsonl whole: after that many records read one by one, when the
// file is no larger. A scan of a large tree decodes the records of every
// package it meets, thousands of them (2,522 of the bench's 5,000 on
// lock-200), and one read of the file costs less than a pread each; `db
// show` or a small tree read a few records and keep to preads. osv.dev's
// NuGet records are a few megabytes; above maxWhole, memory would grow
// with the database, and records are read one by one.
const (
	readsBeforeWhole = 16
	maxWhole         = 32 << 20
)

// recordBytes returns the bytes of the record at sp, which the caller
// must not modify: a part of the whole file once it is read.
func (d *DB) recordBytes(sp span) ([]byte, error) {
	if sp.len <= 0 || sp.len > maxRecord || sp.off+int64(sp.len) > d.size {
		return nil, i18n.Errorf(msgCorrupt, d.dir, i18n.Errorf(msgBadSpan, sp.off))
	}
	if d.reads.Add(1) > readsBeforeWhole && d.size <= maxWhole {
		d.dataOnce.Do(func() {
			buf := make([]byte, d.size)
			if _, err := d.records.ReadAt(buf, 0); err == nil {
				d.data = buf
			} // else the reads one by one report it
		})
		if d.data != nil {
			end := sp.off + int64(sp.len)
			return d.data[sp.off:end:end], nil
		}
	}
	buf := make([]byte, sp.len)
	if _, err := d.records.ReadAt(buf, sp.off); err != nil {
		return nil, i18n.Errorf(msgCorrupt, d.dir, err)
	}
	return buf, nil
}

// Get returns the advisory with the id or alias (case-insensitive):
// a built-in record, else the database's record with that id, else one
// that has it as an alias.
func (d *DB) Get(id string) (*advisory.Advisory, bool) {
	for _, a := range d.builtins {
		if a.Is(id) {
			return a, true
		}
	}
	if d.idsFile == nil {
		return nil, false
	}
	d.idsOnce.Do(func() {
		data, err := io.ReadAll(d.idsFile)
		if err == nil {
			d.ids, err = parseIndex(data, idsMagic)
		}
		if err != nil {
			d.idsErr = i18n.Errorf(msgCorrupt, d.dir, err)
		}
	})
	if d.idsErr != nil {
		d.fail(d.idsErr)
		return nil, false
	}
	spans, ok := d.ids.lookup(strings.ToLower(id))
	if !ok {
		return nil, false
	}
	a, err := d.record(spans[0])
	if err != nil {
		d.fail(err)
		return nil, false
	}
	return a, true
}

// All returns every advisory, built-in records included, sorted by ID.
// It reads the whole database (for `affected db list`), and fails on a
// damaged record.
func (d *DB) All() ([]*advisory.Advisory, error) {
	out := append([]*advisory.Advisory(nil), d.builtins...)
	recs, err := d.stored()
	if err != nil {
		return nil, err
	}
	for _, a := range recs {
		if !d.isBuiltin(a.ID) {
			out = append(out, a)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out, nil
}

// stored reads every record of the open version, in file order.
func (d *DB) stored() ([]*advisory.Advisory, error) {
	if d.records == nil {
		return nil, nil
	}
	r := bufio.NewReaderSize(io.NewSectionReader(d.records, 0, 1<<62), 1<<16)
	var out []*advisory.Advisory
	for line := 1; ; line++ {
		b, err := r.ReadBytes('\n')
		if len(bytes.TrimSpace(b)) > 0 {
			a := new(advisory.Advisory)
			if err := json.Unmarshal(b, a); err != nil || a.ID == "" {
				return nil, i18n.Errorf(msgCorrupt, d.dir, i18n.Errorf(msgBadLine, recordsFile, line))
			}
			out = append(out, a)
		}
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, i18n.Errorf(msgCorrupt, d.dir, err)
		}
	}
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}
