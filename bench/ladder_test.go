package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/affected-dev/affected/internal/extract/packageslock"
	"github.com/affected-dev/affected/internal/graph"
	"github.com/affected-dev/affected/internal/project"
)

// TestLadder checks that the generated ladder has the paths it claims.
func TestLadder(t *testing.T) {
	dir := t.TempDir()
	if err := writeLadder(dir, 40); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, "packages.lock.json")
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	lock, err := packageslock.Parse(file, data)
	if err != nil {
		t.Fatal(err)
	}
	gs := graph.FromProject(&project.Project{Path: "p", Lock: lock})
	if len(gs) != 1 {
		t.Fatalf("%d graphs", len(gs))
	}
	g := gs[0]
	if len(g.Nodes) != ladderNodes(40) {
		t.Errorf("%d nodes, want %d", len(g.Nodes), ladderNodes(40))
	}
	i, ok := g.Lookup(ladderTarget)
	if !ok {
		t.Fatal("no target")
	}
	if n := g.CountPaths(i); n != 1<<40 {
		t.Errorf("%d paths, want 2^40", n)
	}
}
