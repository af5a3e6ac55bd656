package db

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/affected-dev/affected/internal/advisory"
	"github.com/affected-dev/affected/internal/atomicfile"
	"github.com/affected-dev/affected/internal/i18n"
)

// staleLock is the age after which a lock file is taken to be left by a
// writer that crashed: a write takes seconds.
const staleLock = 10 * time.Minute

const lockFile = "lock"

// now is the clock, replaced by tests.
var now = time.Now

// lock takes the writer's lock of dir, creating dir if needed.
func lock(dir string) (unlock func(), err error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, i18n.Errorf(msgWrite, dir, err)
	}
	path := filepath.Join(dir, lockFile)
	for attempt := 0; attempt < 2; attempt++ {
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if err == nil {
			fmt.Fprintf(f, "%d %s\n", os.Getpid(), now().UTC().Format(time.RFC3339))
			f.Close()
			return func() { os.Remove(path) }, nil
		}
		if !errors.Is(err, fs.ErrExist) {
			return nil, i18n.Errorf(msgWrite, dir, err)
		}
		fi, serr := os.Stat(path)
		if serr != nil || now().Sub(fi.ModTime()) < staleLock {
			return nil, i18n.Errorf(msgLocked, dir, path)
		}
		os.Remove(path) // stale: left by a crash
	}
	return nil, i18n.Errorf(msgLocked, dir, path)
}

// write stores records as a new version of the database in dir and makes
// it current (see the package documentation for the order of steps). The
// caller holds the lock.
func write(dir string, records []*advisory.Advisory, meta Meta) error {
	sort.Slice(records, func(i, j int) bool { return records[i].ID < records[j].ID })
	meta.Format = Format
	meta.Created = now().UTC().Format(time.RFC3339)
	meta.Records = len(records)
	sort.Strings(meta.Imported)

	stamp := now().UTC().Format("20060102T150405Z")
	vdir, err := os.MkdirTemp(dir, versionPref+stamp+"-")
	if err != nil {
		return i18n.Errorf(msgWrite, dir, err)
	}
	ok := false
	defer func() {
		if !ok {
			os.RemoveAll(vdir)
		}
	}()

	var recs bytes.Buffer
	packages := map[string][]span{}
	platforms := map[string][]span{}
	ids := map[string][]span{}
	aliases := map[string][]span{}
	for _, a := range records {
		line, err := json.Marshal(a)
		if err != nil {
			return i18n.Errorf(msgWrite, dir, err)
		}
		sp := span{off: int64(recs.Len()), len: len(line)}
		recs.Write(line)
		recs.WriteByte('\n')
		for _, k := range a.NuGetIDs() {
			k = indexKey(k)
			packages[k] = append(packages[k], sp)
		}
		for _, k := range a.PlatformKeys() {
			k = indexKey(k)
			platforms[k] = append(platforms[k], sp)
		}
		ids[indexKey(strings.ToLower(a.ID))] = append(ids[indexKey(strings.ToLower(a.ID))], sp)
		for _, al := range a.Aliases {
			k := indexKey(strings.ToLower(al))
			if k != "" && !strings.EqualFold(al, a.ID) {
				aliases[k] = append(aliases[k], sp)
			}
		}
	}
	// A record's own id comes before records that have it as an alias.
	for k, sps := range aliases {
		ids[k] = append(ids[k], sps...)
	}
	metaJSON, err := json.MarshalIndent(meta, "", "  ")
	if err != nil {
		return i18n.Errorf(msgWrite, dir, err)
	}
	for _, f := range []struct {
		name string
		data []byte
	}{
		{recordsFile, recs.Bytes()},
		{packagesFile, formatIndex(packagesMagic, packages)},
		{platformsFile, formatIndex(platformsMagic, platforms)},
		{idsFile, formatIndex(idsMagic, ids)},
		{metaFile, append(metaJSON, '\n')},
	} {
		if err := writeSynced(filepath.Join(vdir, f.name), f.data); err != nil {
			return i18n.Errorf(msgWrite, dir, err)
		}
	}
	if err := syncDir(vdir); err != nil {
		return i18n.Errorf(msgWrite, dir, err)
	}
	name := filepath.Base(vdir)
	if err := atomicfile.WriteFile(filepath.Join(dir, pointerFile), fmt.Appendf(nil, "%s %d %s\n", pointerMagic, Format, name), 0o644); err != nil {
		return i18n.Errorf(msgWrite, dir, err)
	}
	ok = true
	syncDir(dir) // the rename is durable once the directory is synced
	cleanup(dir, name)
	return nil
}

func writeSynced(path string, data []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// syncDir syncs a directory's entries, so that a rename or a new file in
// it survives a crash. Systems that cannot sync a directory (Windows)
// report an error that is ignored: there the rename itself is durable.
func syncDir(dir string) error {
	f, err := os.Open(dir)
	if err != nil {
		return err
	}
	f.Sync()
	return f.Close()
}

// cleanup removes version directories other than keep, and temporary
// files left by interrupted writes. Failures are ignored (on Windows a
// reader may hold a file open); the next writer tries again.
func cleanup(dir, keep string) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		n := e.Name()
		switch {
		case n == keep:
		case e.IsDir() && strings.HasPrefix(n, versionPref) && validVersionName(n):
			os.RemoveAll(filepath.Join(dir, n))
		case !e.IsDir() && strings.HasPrefix(n, "."+pointerFile+".tmp-"):
			os.Remove(filepath.Join(dir, n))
		case !e.IsDir() && strings.HasPrefix(n, downloadPrefix):
			os.Remove(filepath.Join(dir, n))
		}
	}
}
