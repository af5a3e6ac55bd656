package cli

import "os"

func isDir(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.IsDir()
}

func isFile(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.Mode().IsRegular()
}

// workDir is the directory every path a report prints is relative to: the
// working directory, so that paths can be opened and commands pasted where
// affected ran. When it cannot be found, paths are relative to the scanned
// roots.
func workDir() string {
	wd, err := os.Getwd()
	if err != nil {
		return ""
	}
	return wd
}
