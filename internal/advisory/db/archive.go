package db

import (
	"archive/zip"
	"errors"
	"io"
	"io/fs"
	"path"
	"strings"

	"github.com/affected-dev/affected/internal/extract"
)

// Limits reads of files and archives. Entries are read into memory and
// parsed, never extracted to disk, so an entry's name cannot make anything
// be written anywhere; the limits keep a hostile archive (a zip bomb, a
// million entries) from exhausting memory or time.
type Limits struct {
	File    int64 // one file or archive entry, decompressed
	Total   int64 // all entries of one archive, decompressed
	Entries int   // entries of one archive
	Archive int64 // a downloaded archive, compressed
}

// DefaultLimits are generous for advisories: the largest OSV NuGet record
// is tens of kilobytes, Microsoft's largest CSAF documents a few
// megabytes, osv.dev's NuGet all.zip a few thousand entries.
var DefaultLimits = Limits{File: 16 << 20, Total: 1 << 30, Entries: 200_000, Archive: 256 << 20}

// entryName returns the name under which an archive entry is reported.
func entryName(archive, name string) string { return archive + "!/" + name }

// checkEntryName refuses names that would escape a directory if the
// archive were extracted: absolute paths, drive letters, backslashes,
// "..", NUL.
func checkEntryName(name string) bool {
	if name == "" || strings.ContainsAny(name, "\\\x00") || strings.HasPrefix(name, "/") {
		return false
	}
	if len(name) >= 2 && name[1] == ':' {
		return false // C:foo
	}
	for _, part := range strings.Split(name, "/") {
		if part == ".." {
			return false
		}
	}
	return path.Clean(name) != ".."
}

// readZip calls each for every file entry of the zip archive r (named
// archive in errors) with the entry's name as reported and its content,
// after the safety checks; entries that fail them are reported in the
// returned errors and skipped. A fatal problem with the archive itself
// (not a zip, too many entries, total size over the limit) is returned as
// fatal, after which no entry is read.
func readZip(archive string, r io.ReaderAt, size int64, lim Limits, each func(name string, data []byte)) (errs []error, fatal error) {
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return nil, extract.Errorf(archive, extract.Pos{}, msgNotZip, err)
	}
	if len(zr.File) > lim.Entries {
		return nil, extract.Errorf(archive, extract.Pos{}, msgTooManyEntries, len(zr.File), lim.Entries)
	}
	var total int64
	seen := map[string]bool{}
	for _, f := range zr.File {
		name := entryName(archive, f.Name)
		mode := f.Mode()
		switch {
		case !checkEntryName(f.Name):
			errs = append(errs, extract.Errorf(name, extract.Pos{}, msgUnsafeName))
			continue
		case mode&fs.ModeSymlink != 0:
			errs = append(errs, extract.Errorf(name, extract.Pos{}, msgSymlink))
			continue
		case mode.IsDir() || strings.HasSuffix(f.Name, "/"):
			continue
		case !mode.IsRegular():
			errs = append(errs, extract.Errorf(name, extract.Pos{}, msgNotRegular))
			continue
		case seen[f.Name]:
			errs = append(errs, extract.Errorf(name, extract.Pos{}, msgDuplicateEntry))
			continue
		}
		seen[f.Name] = true
		if f.UncompressedSize64 > uint64(lim.File) {
			errs = append(errs, extract.Errorf(name, extract.Pos{}, msgEntryTooLarge, lim.File>>20))
			continue
		}
		// The header's size may lie: count what decompression really gives.
		data, err := readLimited(f, lim.File)
		total += int64(len(data))
		if total > lim.Total {
			return errs, extract.Errorf(archive, extract.Pos{}, msgArchiveTooLarge, lim.Total>>20)
		}
		if errors.Is(err, errTooLarge) {
			errs = append(errs, extract.Errorf(name, extract.Pos{}, msgEntryTooLarge, lim.File>>20))
			continue
		}
		if err != nil {
			errs = append(errs, extract.Errorf(name, extract.Pos{}, msgReadEntry, err))
			continue
		}
		each(name, data)
	}
	return errs, nil
}

var errTooLarge = errors.New("too large")

func readLimited(f *zip.File, limit int64) ([]byte, error) {
	rc, err := f.Open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	data, err := io.ReadAll(io.LimitReader(rc, limit+1))
	if int64(len(data)) > limit {
		return data[:limit], errTooLarge
	}
	return data, err
}

// isZip reports whether data starts like a zip archive.
func isZip(head []byte) bool {
	return len(head) >= 4 && head[0] == 'P' && head[1] == 'K' && (head[2] == 3 && head[3] == 4 || head[2] == 5 && head[3] == 6)
}
