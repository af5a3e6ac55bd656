package db

import (
	"encoding/json"
	"errors"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"github.com/affected-dev/affected/internal/advisory"
	"github.com/affected-dev/affected/internal/advisory/builtin"
	"github.com/affected-dev/affected/internal/advisory/csaf"
	"github.com/affected-dev/affected/internal/advisory/msdocs"
	"github.com/affected-dev/affected/internal/advisory/osv"
	"github.com/affected-dev/affected/internal/advisory/wesng"
	"github.com/affected-dev/affected/internal/extract"
	"github.com/affected-dev/affected/internal/i18n"
	"github.com/affected-dev/affected/internal/readfile"
)

// Report says what an import or an update did.
type Report struct {
	// Read counts the files and archive entries read as advisories.
	Read int
	// Added, Replaced and Removed are the ids of the records that are new,
	// that replaced a stored record (or, for a CSAF document in another
	// language, were merged into it), and that an update dropped.
	Added, Replaced, Removed []string
	// Errors are the inputs that were skipped, each an error naming the
	// file (or archive!/entry) and, for a parse error, line and column.
	Errors []error
	// Total is the number of records in the database afterwards, the
	// built-in records not counted.
	Total int
	// MSDocs counts the documents of Microsoft's security-updates archive
	// read, and Warnings are their rows that could not be read whole
	// (located, the document imported without them).
	MSDocs   MSDocsReport
	Warnings []error
	// Notes say what an input left out on purpose (the rows of wesng's
	// definitions for products other than Windows); they are not errors.
	Notes []error
}

// Import reads OSV records and CSAF 2.0 documents from paths (files,
// directories searched for *.json and *.zip, zip archives; the format is
// detected per file) and adds them to the database in dir. A file that
// cannot be read or parsed is reported in the report's Errors and skipped;
// the others are imported. CSAF documents with the same tracking id are
// merged (one text per language); two inputs with the same id otherwise,
// or with a built-in record's id, are errors. The error result is for
// failures that stop the import as a whole (the database cannot be
// written, another writer holds the lock); the database is then unchanged.
func Import(dir string, paths []string) (Report, error) {
	return importPaths(dir, paths, DefaultLimits)
}

func importPaths(dir string, paths []string, lim Limits) (Report, error) {
	b := newBatch()
	for _, p := range paths {
		b.path(p, lim)
	}
	rep := Report{Read: b.read, Errors: b.errs, MSDocs: b.msdocsReport(), Warnings: b.warnings, Notes: b.notes}
	if len(b.order) == 0 {
		if len(rep.Errors) == 0 {
			return rep, i18n.Errorf(msgNothing)
		}
		// Nothing to write: the report counts what the database holds.
		old, _, err := storedRecords(dir)
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return rep, err
		}
		rep.Total = len(old)
		return rep, nil
	}
	unlock, err := lock(dir)
	if err != nil {
		return rep, err
	}
	defer unlock()
	old, meta, err := storedRecords(dir)
	if err != nil {
		return rep, err
	}
	imported := map[string]bool{}
	for _, id := range meta.Imported {
		imported[strings.ToLower(id)] = true
	}
	for _, key := range b.order {
		a := b.recs[key]
		if prev, ok := old[key]; ok {
			if merged, ok := MergeLanguages(prev, a); ok {
				if a.Source == msdocs.Source && len(merged.Texts) > len(a.Texts) {
					rep.MSDocs.Merged++ // with the stored record, in another language
				}
				a = merged
			}
			rep.Replaced = append(rep.Replaced, a.ID)
		} else {
			rep.Added = append(rep.Added, a.ID)
		}
		old[key] = a
		imported[key] = true
	}
	meta.Imported = nil
	for id := range imported {
		if a, ok := old[id]; ok {
			meta.Imported = append(meta.Imported, a.ID)
		}
	}
	recs := make([]*advisory.Advisory, 0, len(old))
	for _, a := range old {
		recs = append(recs, a)
	}
	if err := write(dir, recs, meta); err != nil {
		return rep, err
	}
	rep.Total = len(recs)
	return rep, nil
}

// MergeLanguages merges a CSAF record into the stored one when it only
// brings languages the stored one lacks (the Korean document of an
// advisory imported in English before), and a record of Microsoft's
// documents into the stored one of its asset (the new documents win, the
// stored record keeps the languages they do not bring). It reports false
// when the record is to replace the stored one instead. Import uses it,
// and so does the server's store.
func MergeLanguages(stored, a *advisory.Advisory) (*advisory.Advisory, bool) {
	if stored.Source == msdocs.Source && a.Source == msdocs.Source {
		// The new documents win; the stored record keeps the languages
		// they do not bring.
		c := clone(a)
		msdocs.Merge(c, stored)
		return c, true
	}
	if stored.Source != "csaf" || a.Source != "csaf" {
		return nil, false
	}
	c := clone(stored)
	if err := csaf.Merge(c, a); err != nil {
		return nil, false
	}
	return c, true
}

func clone(a *advisory.Advisory) *advisory.Advisory {
	b, err := json.Marshal(a)
	if err != nil {
		panic(err) // the model always marshals
	}
	c := new(advisory.Advisory)
	if err := json.Unmarshal(b, c); err != nil {
		panic(err)
	}
	return c
}

// storedRecords returns the records of the database in dir by lower-case
// id, and its meta.
func storedRecords(dir string) (map[string]*advisory.Advisory, Meta, error) {
	d, err := Open(dir)
	if err != nil {
		return nil, Meta{}, err
	}
	defer d.Close()
	recs, err := d.stored()
	if err != nil {
		return nil, Meta{}, err
	}
	out := make(map[string]*advisory.Advisory, len(recs))
	for _, a := range recs {
		out[strings.ToLower(a.ID)] = a
	}
	return out, d.Meta(), nil
}

// batch gathers the advisories of one import or update.
type batch struct {
	recs  map[string]*advisory.Advisory // by lower-case id
	from  map[string]string             // lower-case id → the input it came from
	order []string
	errs  []error
	read  int
	// onlyOSV refuses other formats (an update's archive is OSV).
	onlyOSV bool
	// ms counts the documents of Microsoft's archive; warnings are their
	// rows that could not be read whole.
	ms       msdocsTally
	warnings []error
	notes    []error // what wesng's definitions left out
}

func newBatch() *batch {
	return &batch{recs: map[string]*advisory.Advisory{}, from: map[string]string{}}
}

// path reads a file, a directory or a zip archive.
func (b *batch) path(p string, lim Limits) {
	fi, err := os.Stat(p)
	if err != nil {
		b.errs = append(b.errs, extract.Errorf(p, extract.Pos{}, extract.MsgRead, err))
		return
	}
	if !fi.IsDir() {
		b.file(p, lim)
		return
	}
	var files []string
	err = filepath.WalkDir(p, func(q string, d fs.DirEntry, err error) error {
		if err != nil {
			b.errs = append(b.errs, extract.Errorf(q, extract.Pos{}, extract.MsgRead, err))
			return nil
		}
		if d.Type().IsRegular() {
			ext := strings.ToLower(filepath.Ext(q))
			if ext == ".json" || ext == ".zip" || ext == ".md" && !projectDoc(d.Name()) {
				files = append(files, q)
			}
		}
		return nil
	})
	if err != nil {
		b.errs = append(b.errs, extract.Errorf(p, extract.Pos{}, extract.MsgRead, err))
	}
	sort.Strings(files)
	b.files(files, lim)
}

func (b *batch) file(p string, lim Limits) {
	f, fi, err := readfile.Open(p)
	if err != nil {
		b.errs = append(b.errs, extract.Errorf(p, extract.Pos{}, extract.MsgRead, err))
		return
	}
	defer f.Close()
	head := make([]byte, 4)
	n, _ := io.ReadFull(f, head)
	if isZip(head[:n]) && wesng.IsDefinitions(f, fi.Size()) {
		d, err := wesng.ReadZip(p, f, fi.Size())
		b.wesng(p, d, err)
		return
	}
	if !isZip(head[:n]) {
		more := make([]byte, 64)
		m, _ := f.ReadAt(more, 0)
		if wesng.IsCSV(more[:m]) {
			d, err := wesng.ReadFile(p)
			b.wesng(p, d, err)
			return
		}
	}
	if isZip(head[:n]) {
		if fi.Size() > lim.Archive {
			b.errs = append(b.errs, extract.Errorf(p, extract.Pos{}, msgArchiveTooLarge, lim.Archive>>20))
			return
		}
		// The entries go to a batch of their own, added to this one only
		// if the archive is not refused whole: a refused archive imports
		// nothing, also of what was read before the refusal.
		sub := &batch{recs: map[string]*advisory.Advisory{}, from: map[string]string{}, onlyOSV: b.onlyOSV}
		errs, fatal := readZip(p, f, fi.Size(), lim, func(name string, data []byte) {
			if ext := strings.ToLower(filepath.Ext(name)); ext == ".json" || ext == ".md" && !projectDoc(path.Base(name)) {
				sub.add(name, data)
			}
		})
		if fatal != nil {
			b.errs = append(b.errs, fatal)
			return
		}
		b.errs = append(b.errs, errs...)
		b.errs = append(b.errs, sub.errs...)
		b.read += sub.read
		b.absorbMSDocs(sub)
		for _, key := range sub.order {
			b.addRecord(sub.from[key], sub.recs[key])
		}
		return
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		b.errs = append(b.errs, extract.Errorf(p, extract.Pos{}, extract.MsgRead, err))
		return
	}
	data, err := io.ReadAll(io.LimitReader(f, lim.File+1))
	if err != nil {
		b.errs = append(b.errs, extract.Errorf(p, extract.Pos{}, extract.MsgRead, err))
		return
	}
	if int64(len(data)) > lim.File {
		b.errs = append(b.errs, extract.Errorf(p, extract.Pos{}, msgEntryTooLarge, lim.File>>20))
		return
	}
	b.add(p, data)
}

// wesng adds the advisories of wesng's definitions read from p.
func (b *batch) wesng(p string, d *wesng.Definitions, err error) {
	if err != nil {
		b.errs = append(b.errs, err)
		return
	}
	advs, unmapped := d.Advisories()
	for _, a := range advs {
		b.read++
		b.addRecord(p, a)
	}
	skipped := 0
	for _, n := range d.Skipped {
		skipped += n
	}
	b.notes = append(b.notes, i18n.Errorf(msgWesngRead, p, d.Date, d.Rows, d.Kept, len(advs), skipped, len(d.Skipped)))
	if len(unmapped) > 0 {
		var names []string
		for n := range unmapped {
			names = append(names, n)
		}
		sort.Strings(names)
		b.notes = append(b.notes, i18n.Errorf(msgWesngUnmapped, len(names), strings.Join(names, "; ")))
	}
}

// add parses one input and adds its advisory to the batch.
func (b *batch) add(name string, data []byte) {
	b.take(parseInput(name, data, b.onlyOSV))
}

// take adds a parsed input to the batch.
func (b *batch) take(in input) {
	name, a, err := in.name, in.adv, in.err
	if in.msdocs {
		b.tallyMSDocs(in)
	}
	if err != nil {
		b.errs = append(b.errs, err)
		return
	}
	b.read++
	b.addRecord(name, a)
}

// addRecord adds the advisory read from the input name.
func (b *batch) addRecord(name string, a *advisory.Advisory) {
	key := strings.ToLower(a.ID)
	if a.Source == msdocs.Source && isBuiltinID(a.ID) {
		return // the built-in record is the document's (a test holds them equal)
	}
	if isBuiltinID(a.ID) {
		b.errs = append(b.errs, extract.Errorf(name, extract.Pos{}, msgBuiltinID, a.ID))
		return
	}
	prev, dup := b.recs[key]
	switch {
	case !dup:
		b.recs[key] = a
		b.from[key] = name
		b.order = append(b.order, key)
	case prev.Source == "csaf" && a.Source == "csaf":
		if err := csaf.Merge(prev, a); err != nil {
			b.errs = append(b.errs, extract.Errorf(name, extract.Pos{}, msgMerge, err))
		}
	case prev.Source == msdocs.Source && a.Source == msdocs.Source:
		msdocs.Merge(prev, a)
		b.ms.merged++
	default:
		b.errs = append(b.errs, extract.Errorf(name, extract.Pos{}, msgDuplicateID, a.ID, b.from[key]))
	}
}

// parse detects the format of one input and parses it.
func (b *batch) parse(name string, data []byte) (*advisory.Advisory, error) {
	in := parseInput(name, data, b.onlyOSV)
	return in.adv, in.err
}

// parseJSON parses an OSV record or a CSAF document.
func parseJSON(name string, data []byte, onlyOSV bool) (*advisory.Advisory, error) {
	body, _ := extract.TrimBOM(data)
	switch {
	case onlyOSV, !json.Valid(body):
		return osv.Parse(name, data) // for a syntax error: its position
	case csaf.LooksLike(data):
		return csaf.Parse(name, data)
	case osv.LooksLike(data):
		return osv.Parse(name, data)
	}
	return nil, extract.Errorf(name, extract.Pos{Line: 1, Col: 1}, msgUnknownFormat)
}

func isBuiltinID(id string) bool {
	for _, a := range builtins() {
		if strings.EqualFold(a.ID, id) {
			return true
		}
	}
	return false
}

// builtins are the built-in records, decoded once.
var builtins = sync.OnceValue(builtin.Advisories)
