package scan

import (
	"os"
	"path/filepath"
	"strconv"
)

func isDir(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.IsDir()
}

func itoa(n int) string { return strconv.Itoa(n) }

// displayPath shows abs relative to root, '/'-separated.
func displayPath(root, abs string) string {
	rel, err := filepath.Rel(root, abs)
	if err != nil {
		return filepath.ToSlash(abs)
	}
	return filepath.ToSlash(rel)
}
