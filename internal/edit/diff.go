package edit

import (
	"bytes"
	"fmt"
	"strings"
)

// UnifiedDiff returns the differences between old and new as a unified
// diff (the format of `diff -u` and `git diff`) with three lines of
// context, naming the files a/name and b/name; "" when they are equal.
// Lines are compared byte for byte, so a changed line ending shows; a
// missing final newline is marked as diff marks it.
//
// The line matching is Myers' O(ND) algorithm ("An O(ND) Difference
// Algorithm and Its Variations", 1986): project files are small and an
// edit changes a few lines, so D is small.
func UnifiedDiff(name string, old, new []byte) string {
	if bytes.Equal(old, new) {
		return ""
	}
	a, b := splitLines(old), splitLines(new)
	ops := myers(a, b)
	var out strings.Builder
	fmt.Fprintf(&out, "--- a/%s\n+++ b/%s\n", name, name)
	const context = 3
	// Walk the script, cutting it into hunks: runs of changes with up to
	// 2*context equal lines between them.
	i := 0
	for i < len(ops) {
		// Find the next change.
		for i < len(ops) && ops[i].kind == ' ' {
			i++
		}
		if i >= len(ops) {
			break
		}
		start := max(i-context, 0)
		// Extend while changes are close.
		end := i
		for end < len(ops) {
			if ops[end].kind != ' ' {
				end++
				continue
			}
			run := end
			for run < len(ops) && ops[run].kind == ' ' {
				run++
			}
			if run == len(ops) || run-end > 2*context {
				end = min(end+context, len(ops))
				break
			}
			end = run
		}
		writeHunk(&out, a, b, ops[start:end])
		i = end
	}
	return out.String()
}

type op struct {
	kind byte // ' ', '-', '+'
	a, b int  // line indices in old and new (the one that applies)
}

func writeHunk(out *strings.Builder, a, b []string, ops []op) {
	aStart, bStart := -1, -1
	aLen, bLen := 0, 0
	for _, o := range ops {
		switch o.kind {
		case ' ':
			if aStart < 0 {
				aStart = o.a
			}
			if bStart < 0 {
				bStart = o.b
			}
			aLen++
			bLen++
		case '-':
			if aStart < 0 {
				aStart = o.a
			}
			aLen++
		case '+':
			if bStart < 0 {
				bStart = o.b
			}
			bLen++
		}
	}
	// An empty side is shown at the line before the hunk (diff's
	// convention: "-0,0" for an empty file).
	if aStart < 0 {
		aStart = precedingA(ops)
	}
	if bStart < 0 {
		bStart = precedingB(ops)
	}
	fmt.Fprintf(out, "@@ -%s +%s @@\n", hunkRange(aStart, aLen), hunkRange(bStart, bLen))
	for _, o := range ops {
		var line string
		switch o.kind {
		case '-':
			line = a[o.a]
		default:
			line = b[o.b]
		}
		out.WriteByte(o.kind)
		out.WriteString(line)
		if !strings.HasSuffix(line, "\n") {
			out.WriteString("\n\\ No newline at end of file\n")
		}
	}
}

func precedingA(ops []op) int {
	for _, o := range ops {
		if o.kind == '+' {
			return o.a
		}
	}
	return 0
}

func precedingB(ops []op) int {
	for _, o := range ops {
		if o.kind == '-' {
			return o.b
		}
	}
	return 0
}

// hunkRange formats a 0-based start and a length as diff does: 1-based,
// the length omitted when it is 1, the line before for an empty range.
func hunkRange(start, n int) string {
	switch n {
	case 0:
		return fmt.Sprintf("%d,0", start)
	case 1:
		return fmt.Sprintf("%d", start+1)
	}
	return fmt.Sprintf("%d,%d", start+1, n)
}

// splitLines splits data after each '\n', keeping the terminators.
func splitLines(data []byte) []string {
	if len(data) == 0 {
		return nil
	}
	s := string(data)
	lines := strings.SplitAfter(s, "\n")
	if lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	return lines
}

// myers returns an edit script turning a into b. For '-' ops, b is the
// index in b where the deletion happens; for '+' ops, a likewise.
func myers(a, b []string) []op {
	n, m := len(a), len(b)
	maxD := n + m
	offset := maxD + 1
	v := make([]int, 2*maxD+3)
	var trace [][]int
	found := false
	for d := 0; d <= maxD && !found; d++ {
		snapshot := make([]int, len(v))
		copy(snapshot, v)
		trace = append(trace, snapshot)
		for k := -d; k <= d; k += 2 {
			var x int
			if k == -d || k != d && v[offset+k-1] < v[offset+k+1] {
				x = v[offset+k+1] // down: insertion
			} else {
				x = v[offset+k-1] + 1 // right: deletion
			}
			y := x - k
			for x < n && y < m && a[x] == b[y] {
				x++
				y++
			}
			v[offset+k] = x
			if x >= n && y >= m {
				found = true
				break
			}
		}
	}
	// Backtrack through the saved frontiers.
	var rev []op
	x, y := n, m
	for d := len(trace) - 1; d >= 0; d-- {
		vd := trace[d]
		k := x - y
		var prevK int
		if k == -d || k != d && vd[offset+k-1] < vd[offset+k+1] {
			prevK = k + 1
		} else {
			prevK = k - 1
		}
		prevX := vd[offset+prevK]
		prevY := prevX - prevK
		for x > prevX && y > prevY {
			x--
			y--
			rev = append(rev, op{kind: ' ', a: x, b: y})
		}
		if d == 0 {
			break
		}
		if x == prevX {
			y--
			rev = append(rev, op{kind: '+', a: x, b: y})
		} else {
			x--
			rev = append(rev, op{kind: '-', a: x, b: y})
		}
	}
	for x > 0 && y > 0 {
		x--
		y--
		rev = append(rev, op{kind: ' ', a: x, b: y})
	}
	ops := make([]op, len(rev))
	for i := range rev {
		ops[i] = rev[len(rev)-1-i]
	}
	return ops
}
