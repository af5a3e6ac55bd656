//go:build !unix

package main

import "os"

// maxRSS is not measured where rusage does not exist (Windows): the
// benchmark reports 0.
func maxRSS(*os.ProcessState) int64 { return 0 }
