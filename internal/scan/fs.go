package scan

import (
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

func isDir(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.IsDir()
}

func itoa(n int) string { return strconv.Itoa(n) }

// maxBuildOutputs bounds the build outputs named per project.
const maxBuildOutputs = 3

// buildOutputs finds the *.deps.json files the build wrote under a
// project's bin directory (bin/Release/net8.0/App.deps.json, and the
// publish folder below it): what a project without restore data can be
// scanned through instead. It looks four directories deep at most, and
// returns the newest first.
func buildOutputs(projectDir string) []string {
	bin := filepath.Join(projectDir, "bin")
	if !isDir(bin) {
		return nil
	}
	type found struct {
		path string
		mod  int64
	}
	var all []found
	_ = filepath.WalkDir(bin, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if d.IsDir() {
			if rel, _ := filepath.Rel(bin, p); rel != "." && strings.Count(rel, string(filepath.Separator)) >= 3 {
				return fs.SkipDir
			}
			return nil
		}
		if strings.HasSuffix(strings.ToLower(d.Name()), ".deps.json") && d.Type().IsRegular() {
			if fi, err := d.Info(); err == nil {
				all = append(all, found{p, fi.ModTime().UnixNano()})
			}
		}
		return nil
	})
	sort.Slice(all, func(i, j int) bool {
		if all[i].mod != all[j].mod {
			return all[i].mod > all[j].mod
		}
		return all[i].path < all[j].path
	})
	var out []string
	for _, f := range all {
		out = append(out, f.path)
	}
	return out
}
