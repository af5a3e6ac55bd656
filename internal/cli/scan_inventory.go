package cli

import (
	"io"
	"path/filepath"

	"github.com/affected-dev/affected/internal/cyclonedx"
	"github.com/affected-dev/affected/internal/inventory"
	"github.com/affected-dev/affected/internal/match"
	"github.com/affected-dev/affected/internal/report"
	"github.com/affected-dev/affected/internal/scan"
)

// scanInventory is scan.ScanPaths, with the inventory of what was read
// when want (for --upload and --format cyclonedx).
func scanInventory(e *env, want bool, paths []string, src match.Source, opts scan.Options, sopts scan.ScanOptions) (*scan.Workspace, *report.ScanDocument, *inventory.Document) {
	if !want {
		ws, doc := scan.ScanPaths(e.ctx, paths, src, opts, sopts)
		return ws, doc, nil
	}
	return scan.ScanInventoryPaths(e.ctx, paths, src, opts, sopts)
}

// writeCycloneDX writes the scan as a CycloneDX 1.6 BOM named after the
// scanned directory.
func writeCycloneDX(w io.Writer, inv *inventory.Document, doc *report.ScanDocument, paths []string) error {
	name := "."
	if len(paths) > 0 {
		name = paths[0]
	}
	if abs, err := filepath.Abs(name); err == nil {
		name = filepath.Base(abs)
	}
	return cyclonedx.Write(w, inv, doc, name, Version)
}
