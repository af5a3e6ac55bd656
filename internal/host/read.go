package host

import (
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/affected-dev/affected/internal/extract"
)

// MaxFileSize bounds the inventory files read: the largest real ones are a
// few hundred kilobytes.
const MaxFileSize = 64 << 20

// Read reads the inventories of one file, recognised by content. name is
// used in errors and recorded in the inventories. A file that is not an
// inventory, or a damaged one, gives a located error and no inventory.
func Read(name string, data []byte) ([]*Inventory, error) {
	t, err := decode(name, data)
	if err != nil {
		return nil, err
	}
	first := -1
	for i, l := range t.lines {
		if strings.TrimSpace(l) != "" {
			first = i
			break
		}
	}
	if first < 0 {
		return nil, extract.Errorf(name, extract.Pos{}, msgEmpty)
	}
	lead := strings.TrimSpace(t.lines[first])
	switch {
	case strings.HasPrefix(lead, "{") || strings.HasPrefix(lead, "["):
		body := []byte(strings.Join(t.lines, "\n"))
		switch {
		case isInventoryJSON(body):
			return readInventory(t, body)
		case looksLikeHotfixJSON(body):
			return readHotfixJSON(t, body)
		}
		return nil, extract.Errorf(name, extract.Pos{Line: first + 1, Col: 1}, msgUnknownJSON)
	case looksLikeSysteminfo(t):
		return readSysteminfo(t)
	case looksLikeSysteminfoCSV(t):
		return readSysteminfoCSV(t)
	case looksLikeUpdateCSV(t):
		format := FormatHotFixCSV
		if hasNodeColumn(t) {
			format = FormatWMIC
		}
		return readUpdateCSV(t, format)
	}
	if _, h, _, ok := tableHeader(t); ok {
		format := FormatWMIC
		if indexFold(h, "source") >= 0 {
			format = FormatHotFix // Get-HotFix's own table
		}
		return readUpdateTable(t, format)
	}
	if looksLikeUpdateList(t) {
		format := FormatWMIC
		for _, l := range t.lines {
			if m := listKey.FindStringSubmatch(l); m != nil && m[2] != "=" {
				format = FormatHotFix // Format-List writes "Name : value"
				break
			}
		}
		return readUpdateList(t, format)
	}
	if isUpdateListing(t) {
		return nil, extract.Errorf(name, extract.Pos{Line: first + 1, Col: 1}, msgUpdateListing)
	}
	return nil, extract.Errorf(name, extract.Pos{Line: first + 1, Col: 1}, msgUnknownFormat)
}

// hasNodeColumn reports whether a CSV's header starts with wmic's "Node".
func hasNodeColumn(t *text) bool {
	for _, l := range t.lines {
		if strings.TrimSpace(l) != "" {
			return hasPrefixFold(strings.TrimSpace(l), "node,")
		}
	}
	return false
}

// ReadFile reads the inventories of one file.
func ReadFile(path string) ([]*Inventory, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, extract.Errorf(path, extract.Pos{}, extract.MsgRead, err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	if err != nil {
		return nil, extract.Errorf(path, extract.Pos{}, extract.MsgRead, err)
	}
	if len(data) > MaxFileSize {
		return nil, extract.Errorf(path, extract.Pos{}, extract.MsgTooLarge, MaxFileSize>>20)
	}
	return Read(path, data)
}

// ReadPaths reads files and directories (every regular file below a
// directory whose name does not start with "."), in path order. It
// returns the inventories read and one error per file that could not be
// read; the other files are read all the same.
func ReadPaths(paths []string) ([]*Inventory, []error) {
	var invs []*Inventory
	var errs []error
	for _, p := range paths {
		fi, err := os.Stat(p)
		if err != nil {
			errs = append(errs, extract.Errorf(p, extract.Pos{}, extract.MsgRead, err))
			continue
		}
		var files []string
		if fi.IsDir() {
			err := filepath.WalkDir(p, func(q string, d fs.DirEntry, err error) error {
				if err != nil {
					errs = append(errs, extract.Errorf(q, extract.Pos{}, extract.MsgRead, err))
					return nil
				}
				if q != p && strings.HasPrefix(d.Name(), ".") {
					if d.IsDir() {
						return filepath.SkipDir
					}
					return nil
				}
				if d.Type().IsRegular() {
					files = append(files, q)
				}
				return nil
			})
			if err != nil {
				errs = append(errs, extract.Errorf(p, extract.Pos{}, extract.MsgRead, err))
			}
			sort.Strings(files)
		} else {
			files = []string{p}
		}
		for _, f := range files {
			got, err := ReadFile(f)
			if err != nil {
				errs = append(errs, err)
				continue
			}
			invs = append(invs, got...)
		}
	}
	return invs, errs
}
