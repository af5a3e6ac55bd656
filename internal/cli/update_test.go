package cli

import "flag"

var updateScripts = flag.Bool("update", false, "rewrite the testscript files and golden files with the actual output")
