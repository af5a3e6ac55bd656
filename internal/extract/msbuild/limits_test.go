package msbuild

import (
	"errors"
	"runtime"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/affected-dev/affected/internal/extract"
)

// bomb returns a project whose property Pi repeats P(i-1) ten times, for
// levels levels, the last one used as a PackageReference version: the
// 633-byte csproj of issue 10 point 1 at seven levels.
func bomb(levels int) string {
	var b strings.Builder
	b.WriteString("<Project>\n  <PropertyGroup>\n    <P0>1.0.0</P0>\n")
	for i := 1; i <= levels; i++ {
		b.WriteString("    <P" + itoa(i) + ">" + strings.Repeat("$(P"+itoa(i-1)+")", 10) + "</P" + itoa(i) + ">\n")
	}
	b.WriteString("  </PropertyGroup>\n  <ItemGroup>\n    <PackageReference Include=\"A\" Version=\"$(P" + itoa(levels) + ")\" />\n  </ItemGroup>\n</Project>\n")
	return b.String()
}

// allocated returns the bytes f allocates.
func allocated(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// TestPropertyBomb: a property that repeats the previous one ten times,
// eleven levels deep, stops at the limit of one value with a located
// error naming the property, having allocated a few times the limit (the
// unbounded expansion needed 735 MB at seven levels and more than 20 GB
// at eleven).
func TestPropertyBomb(t *testing.T) {
	src := bomb(11)
	var err error
	n := allocated(func() {
		_, err = Evaluate("b.csproj", mapLoader{fstest.MapFS{"b.csproj": {Data: []byte(src)}}})
	})
	var e *extract.Error
	if !errors.As(err, &e) {
		t.Fatalf("error %v, want a located error", err)
	}
	// 1.0.0 is 5 bytes: P6 is 5,000,000 bytes, past the 1 MiB limit.
	want := "b.csproj:9:5: property P6 expands past 1048576 bytes"
	if !strings.HasPrefix(err.Error(), want) {
		t.Errorf("error\n %v\nwant it to start with\n %s", err, want)
	}
	if limit := uint64(8 * MaxValue); n > limit {
		t.Errorf("the evaluation allocated %d bytes, want at most %d", n, limit)
	}
}

// TestExpansionWork: many properties, each within the limit of one value,
// stop at the limit of the whole evaluation's expanded text.
func TestExpansionWork(t *testing.T) {
	var b strings.Builder
	b.WriteString("<Project><PropertyGroup><Big>" + strings.Repeat("x", MaxValue/2) + "</Big>\n")
	for i := range 64 {
		b.WriteString("<Q" + itoa(i) + ">$(Big)</Q" + itoa(i) + ">\n")
	}
	b.WriteString("</PropertyGroup></Project>")
	var err error
	n := allocated(func() {
		_, err = Evaluate("w.csproj", mapLoader{fstest.MapFS{"w.csproj": {Data: []byte(b.String())}}})
	})
	var e *extract.Error
	if !errors.As(err, &e) || !strings.Contains(err.Error(), "expanded text") {
		t.Fatalf("error %v, want a located error about the expanded text", err)
	}
	// 16 MiB of expansion work is 32 values of half a MiB: Q32 trips it.
	if !strings.HasPrefix(err.Error(), "w.csproj:34:1: ") {
		t.Errorf("error %v, want it at w.csproj:34:1 (<Q32>)", err)
	}
	if limit := uint64(4 * MaxWork); n > limit {
		t.Errorf("the evaluation allocated %d bytes, want at most %d", n, limit)
	}
}

// TestExpansionWithinLimits: values and references just under the
// limits evaluate as before.
func TestExpansionWithinLimits(t *testing.T) {
	p := evaluate(t, map[string]string{"b.csproj": bomb(4)}, "b.csproj")
	if len(p.References) != 1 || len(p.References[0].Version) != 5*10000 {
		t.Fatalf("references %d, version of %d bytes", len(p.References), len(p.References[0].Version))
	}
}
