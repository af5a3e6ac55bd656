package lazyre

import (
	"slices"
	"sync"
	"testing"
)

func TestCompiledOnceOnFirstUse(t *testing.T) {
	r := New(`^KB(\d+)$`)
	if r.re != nil {
		t.Fatal("compiled before first use")
	}
	var wg sync.WaitGroup
	got := make([][]string, 8)
	for i := range got {
		wg.Go(func() { got[i] = r.FindStringSubmatch("KB5012170") })
	}
	wg.Wait()
	for _, g := range got {
		if !slices.Equal(g, []string{"KB5012170", "5012170"}) {
			t.Fatalf("FindStringSubmatch = %q", g)
		}
	}
	if r.Get() != r.Get() {
		t.Error("compiled more than once")
	}
	if !slices.Contains(All(), r) {
		t.Error("All does not list the expression")
	}
}

func TestBadExpressionPanicsOnUse(t *testing.T) {
	r := New(`(`) // made without a panic
	defer func() {
		if recover() == nil {
			t.Error("a bad expression did not panic on first use")
		}
	}()
	r.MatchString("x")
}
