package csaf

import (
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/affected-dev/affected/internal/advisory"
)

// ignoreCompiled leaves out what advisory.Compile caches.
var ignoreCompiled = cmpopts.IgnoreUnexported(advisory.Range{}, advisory.PackageExposure{})
