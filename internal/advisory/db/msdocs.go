package db

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	"golang.org/x/sync/errgroup"

	"github.com/affected-dev/affected/internal/advisory"
	"github.com/affected-dev/affected/internal/advisory/msdocs"
	"github.com/affected-dev/affected/internal/extract"
)

// MSDocsReport counts the documents of Microsoft's security-updates
// archive (internal/advisory/msdocs) that an import read.
type MSDocsReport struct {
	// Documents is the number of documents read, in every language;
	// Advisories and Bulletins the distinct records they gave.
	Documents, Advisories, Bulletins int
	// Merged counts the documents merged into a record of the same asset id
	// read in another language, in this import or stored by an earlier one.
	Merged int
	// Builtin counts the documents of the built-in records (MSA-4010983,
	// MSA-3109853): the built-in record, which holds what the document
	// says, stays.
	Builtin int
	// Rejected counts the documents refused, each with its error among the
	// report's Errors.
	Rejected int
}

type msdocsTally struct {
	docs, merged, builtin, rejected int
	advisories, bulletins           map[string]bool
}

// input is one file or archive entry, parsed.
type input struct {
	name   string
	adv    *advisory.Advisory
	err    error
	msdocs bool
	doc    *msdocs.Document
	zip    bool // a zip archive, read by file instead
}

// parseInput detects the format of one input and parses it: a document of
// Microsoft's archive by its front matter, else JSON (OSV or CSAF). A
// Markdown file that is not a document of the archive is one rejected.
func parseInput(name string, data []byte, onlyOSV bool) input {
	in := input{name: name}
	md := strings.EqualFold(filepath.Ext(name), ".md")
	if !onlyOSV && (md || msdocs.LooksLike(data)) {
		in.msdocs = true
		doc, err := msdocs.Parse(name, data)
		if err != nil {
			in.err = err
			return in
		}
		in.doc, in.adv = doc, doc.Advisory
		return in
	}
	in.adv, in.err = parseJSON(name, data, onlyOSV)
	return in
}

func (b *batch) tallyMSDocs(in input) {
	t := &b.ms
	if t.advisories == nil {
		t.advisories, t.bulletins = map[string]bool{}, map[string]bool{}
	}
	t.docs++
	if in.err != nil {
		t.rejected++
		return
	}
	for _, w := range in.doc.Warnings {
		b.warnings = append(b.warnings, w)
	}
	id := strings.ToLower(in.adv.ID)
	if isBuiltinID(in.adv.ID) {
		t.builtin++
	}
	if in.doc.Bulletin {
		t.bulletins[id] = true
	} else {
		t.advisories[id] = true
	}
}

// absorbMSDocs adds the tallies and warnings of the batch of an archive's
// entries to b's.
func (b *batch) absorbMSDocs(sub *batch) {
	t, u := &b.ms, sub.ms
	if t.advisories == nil {
		t.advisories, t.bulletins = map[string]bool{}, map[string]bool{}
	}
	t.docs += u.docs
	t.merged += u.merged
	t.builtin += u.builtin
	t.rejected += u.rejected
	for id := range u.advisories {
		t.advisories[id] = true
	}
	for id := range u.bulletins {
		t.bulletins[id] = true
	}
	b.warnings = append(b.warnings, sub.warnings...)
}

func (b *batch) msdocsReport() MSDocsReport {
	t := b.ms
	return MSDocsReport{Documents: t.docs, Advisories: len(t.advisories), Bulletins: len(t.bulletins),
		Merged: t.merged, Builtin: t.builtin, Rejected: t.rejected}
}

// files reads the files of a directory: plain files are read and parsed in
// parallel (a thousand documents of the archive take a second on one
// core), then added in their sorted order, so that the result does not
// depend on timing; zip archives are read one by one.
func (b *batch) files(files []string, lim Limits) {
	ins := make([]input, len(files))
	var g errgroup.Group
	g.SetLimit(runtime.GOMAXPROCS(0))
	for i, f := range files {
		g.Go(func() error {
			ins[i] = b.readInput(f, lim)
			return nil
		})
	}
	_ = g.Wait()
	for i, in := range ins {
		if in.zip {
			b.file(files[i], lim)
			continue
		}
		b.take(in)
	}
}

// readInput reads and parses one plain file; a zip archive is only marked.
func (b *batch) readInput(p string, lim Limits) input {
	f, err := os.Open(p)
	if err != nil {
		return input{name: p, err: extract.Errorf(p, extract.Pos{}, extract.MsgRead, err)}
	}
	defer f.Close()
	head := make([]byte, 4)
	n, _ := io.ReadFull(f, head)
	if isZip(head[:n]) {
		return input{name: p, zip: true}
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return input{name: p, err: extract.Errorf(p, extract.Pos{}, extract.MsgRead, err)}
	}
	data, err := io.ReadAll(io.LimitReader(f, lim.File+1))
	if err == nil && int64(len(data)) > lim.File {
		err = extract.Errorf(p, extract.Pos{}, msgEntryTooLarge, lim.File>>20)
	} else if err != nil {
		err = extract.Errorf(p, extract.Pos{}, extract.MsgRead, err)
	}
	if err != nil {
		in := input{name: p, err: err, msdocs: strings.EqualFold(filepath.Ext(p), ".md")}
		if errors.Is(err, os.ErrNotExist) {
			in.msdocs = false
		}
		return in
	}
	return parseInput(p, data, b.onlyOSV)
}

// projectDoc reports whether a Markdown file found in a directory is a
// project's own document (README.md, CHANGELOG.md …) rather than one of
// Microsoft's archive, so that importing a directory does not report it.
func projectDoc(name string) bool {
	switch strings.ToUpper(strings.TrimSuffix(name, filepath.Ext(name))) {
	case "README", "CHANGELOG", "CHANGES", "CONTRIBUTING", "LICENSE", "SECURITY", "CODE_OF_CONDUCT", "NOTICE", "AUTHORS":
		return true
	}
	return false
}
