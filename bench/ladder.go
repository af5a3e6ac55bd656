package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// ladderTarget is the package at the bottom of the ladder.
const ladderTarget = "Ladder.Target"

// writeLadder writes dir/packages.lock.json: one framework whose direct
// dependency Ladder.Top reaches Ladder.Target through n diamonds
// (Top → A1, B1 → M1 → A2, B2 → M2 … → Mn → Target), so that 2^n paths
// lead to Target while the graph has only 3n+2 packages.
func writeLadder(dir string, n int) error {
	var b strings.Builder
	entry := func(name, typ string, deps ...string) {
		fmt.Fprintf(&b, "      %q: {\n        \"type\": %q,\n", name, typ)
		if typ == "Direct" {
			b.WriteString("        \"requested\": \"[1.0.0, )\",\n")
		}
		b.WriteString("        \"resolved\": \"1.0.0\",\n        \"contentHash\": \"AAAA\"")
		if len(deps) > 0 {
			b.WriteString(",\n        \"dependencies\": {\n")
			for i, d := range deps {
				sep := ","
				if i == len(deps)-1 {
					sep = ""
				}
				fmt.Fprintf(&b, "          %q: \"1.0.0\"%s\n", d, sep)
			}
			b.WriteString("        }")
		}
		b.WriteString("\n      },\n")
	}
	b.WriteString("{\n  \"version\": 1,\n  \"dependencies\": {\n    \"net8.0\": {\n")
	entry("Ladder.Top", "Direct", "Ladder.A01", "Ladder.B01")
	for i := 1; i <= n; i++ {
		m := fmt.Sprintf("Ladder.M%02d", i)
		entry(fmt.Sprintf("Ladder.A%02d", i), "Transitive", m)
		entry(fmt.Sprintf("Ladder.B%02d", i), "Transitive", m)
		if i < n {
			entry(m, "Transitive", fmt.Sprintf("Ladder.A%02d", i+1), fmt.Sprintf("Ladder.B%02d", i+1))
		} else {
			entry(m, "Transitive", ladderTarget)
		}
	}
	entry(ladderTarget, "Transitive")
	text := strings.TrimSuffix(b.String(), ",\n") + "\n    }\n  }\n}\n"
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "packages.lock.json"), []byte(text), 0o644)
}

func ladderNodes(n int) int { return 3*n + 2 }
