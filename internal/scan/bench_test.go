package scan

import (
	"context"
	"flag"
	"io"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/affected-dev/affected/internal/extract/extracttest"
	"github.com/affected-dev/affected/internal/i18n"
	"github.com/affected-dev/affected/internal/report"
)

// benchTree adds a tree to the scan benchmarks, such as one that
// ../shared/bench/mkbig.py generated (go run ./bench keeps them in its
// cache): go test -bench ScanPaths -tree DIR ./internal/scan/
var benchTree = flag.String("tree", "", "a tree for BenchmarkScanPaths and BenchmarkWhyPaths besides the corpus")

// benchTrees are the trees the benchmarks read, with the bytes of JSON in
// each (the unit of the floor that go run ./bench compares with).
func benchTrees(b *testing.B) map[string]string {
	trees := map[string]string{"corpus": extracttest.Corpus(b)}
	if *benchTree != "" {
		trees["tree"] = *benchTree
	}
	return trees
}

func jsonBytes(b *testing.B, root string) int64 {
	var n int64
	filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".json") {
			if fi, err := d.Info(); err == nil {
				n += fi.Size()
			}
		}
		return nil
	})
	if n == 0 {
		b.Fatalf("%s: no JSON files", root)
	}
	return n
}

// BenchmarkScanPaths is affected scan --format json without the process:
// the pipeline and the JSON report, the corpus's advisories.
func BenchmarkScanPaths(b *testing.B) {
	src := corpusAdvisories(b)
	for name, root := range benchTrees(b) {
		b.Run(name, func(b *testing.B) {
			b.SetBytes(jsonBytes(b, root))
			b.ReportAllocs()
			sopts := ScanOptions{Lang: i18n.En, Now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
			for b.Loop() {
				_, doc := ScanPaths(context.Background(), []string{root}, src, Options{Lang: i18n.En}, sopts)
				if err := report.WriteJSON(io.Discard, doc); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkWhyPaths is affected why --format json Microsoft.AspNetCore.Mvc.Core.
func BenchmarkWhyPaths(b *testing.B) {
	for name, root := range benchTrees(b) {
		b.Run(name, func(b *testing.B) {
			b.SetBytes(jsonBytes(b, root))
			b.ReportAllocs()
			for b.Loop() {
				_, doc := WhyPaths(context.Background(), []string{root}, "Microsoft.AspNetCore.Mvc.Core", Options{Lang: i18n.En}, WhyOptions{MaxPaths: 5})
				if err := report.WriteWhyJSON(io.Discard, doc); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
