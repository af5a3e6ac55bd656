package nuget

import (
	"slices"
	"testing"
)

// TestCompareFrameworks: frameworks sort as versions (issue 9 point 13).
func TestCompareFrameworks(t *testing.T) {
	in := []string{"net10.0", "netstandard2.0", "net8.0-windows", "net9.0", "net452", "netcoreapp3.1", "net8.0", "net48", ".NETCoreApp,Version=v1.1", "weird"}
	want := []string{".NETCoreApp,Version=v1.1", "netcoreapp3.1", "net8.0", "net8.0-windows", "net9.0", "net10.0", "net452", "net48", "netstandard2.0", "weird"}
	got := append([]string(nil), in...)
	slices.SortStableFunc(got, CompareFrameworks)
	if !slices.Equal(got, want) {
		t.Errorf("sorted %v\nwant   %v", got, want)
	}
}
