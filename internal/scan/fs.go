package scan

import (
	"os"
	"strconv"
)

func isDir(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.IsDir()
}

func itoa(n int) string { return strconv.Itoa(n) }
