package jsonscan

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/affected-dev/affected/internal/extract/extracttest"
)

// BenchmarkSkip validates every JSON file of the corpus, as the parsers
// skip what they do not read.
func BenchmarkSkip(b *testing.B) {
	dir := extracttest.Corpus(b)
	var data [][]byte
	var total int64
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && filepath.Ext(p) == ".json" {
			if d, err := os.ReadFile(p); err == nil {
				data = append(data, d)
				total += int64(len(d))
			}
		}
		return nil
	})
	b.SetBytes(total)
	s := New(nil)
	for b.Loop() {
		for _, d := range data {
			s.Reset(d)
			s.Skip()
		}
	}
}
