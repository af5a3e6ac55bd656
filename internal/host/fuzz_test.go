package host

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/affected-dev/affected/internal/extract/extracttest"
)

// seed adds the testdata files and the validation corpus to f.
func seed(f *testing.F) {
	f.Helper()
	for _, dir := range []string{"testdata/lang", "testdata/formats"} {
		entries, err := os.ReadDir(dir)
		if err != nil {
			f.Fatal(err)
		}
		for _, e := range entries {
			if data, err := os.ReadFile(filepath.Join(dir, e.Name())); err == nil && !strings.HasSuffix(e.Name(), ".md") {
				f.Add(data)
			}
		}
	}
	extracttest.AddSeeds(f, func(rel string) bool { return strings.HasPrefix(rel, validation) })
}

// checkResult holds every reader to its contract: an error and no
// inventories, or inventories that are whole.
func checkResult(t *testing.T, invs []*Inventory, err error) {
	t.Helper()
	if err != nil {
		if invs != nil {
			t.Fatalf("inventories with error %v", err)
		}
		return
	}
	for _, inv := range invs {
		if inv == nil || inv.File == "" || inv.Format == "" {
			t.Fatalf("incomplete inventory %+v", inv)
		}
		if inv.OS != nil && inv.OS.Build <= 0 {
			t.Fatalf("OS without a build: %+v", inv.OS)
		}
		for _, u := range inv.Updates {
			if u.KB < 0 || (u.KB > 0 && u.ID == "") {
				t.Fatalf("bad update %+v", u)
			}
		}
		if !inv.HasUpdates && len(inv.Updates) > 0 {
			t.Fatalf("updates without HasUpdates")
		}
	}
}

// fuzzText runs a reader of decoded text on any input that decodes.
func fuzzText(f *testing.F, read func(t *text, data []byte) ([]*Inventory, error)) {
	seed(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		tx, err := decode("f", data)
		if err != nil {
			return
		}
		invs, err := read(tx, []byte(strings.Join(tx.lines, "\n")))
		checkResult(t, invs, err)
	})
}

func FuzzRead(f *testing.F) {
	seed(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		invs, err := Read("f", data)
		checkResult(t, invs, err)
		if err == nil {
			Combine(invs)
		}
	})
}

func FuzzDecode(f *testing.F) {
	seed(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		tx, err := decode("f", data)
		if err == nil && tx.enc == "" {
			t.Fatal("decoded without an encoding")
		}
	})
}

func FuzzSysteminfo(f *testing.F) {
	fuzzText(f, func(t *text, _ []byte) ([]*Inventory, error) { return readSysteminfo(t) })
}

func FuzzSysteminfoCSV(f *testing.F) {
	fuzzText(f, func(t *text, _ []byte) ([]*Inventory, error) { return readSysteminfoCSV(t) })
}

func FuzzUpdateTable(f *testing.F) {
	fuzzText(f, func(t *text, _ []byte) ([]*Inventory, error) { return readUpdateTable(t, FormatWMIC) })
}

func FuzzUpdateList(f *testing.F) {
	fuzzText(f, func(t *text, _ []byte) ([]*Inventory, error) { return readUpdateList(t, FormatWMIC) })
}

func FuzzUpdateCSV(f *testing.F) {
	fuzzText(f, func(t *text, _ []byte) ([]*Inventory, error) { return readUpdateCSV(t, FormatHotFixCSV) })
}

func FuzzHotfixJSON(f *testing.F) {
	fuzzText(f, func(t *text, data []byte) ([]*Inventory, error) { return readHotfixJSON(t, data) })
}

func FuzzInventory(f *testing.F) {
	fuzzText(f, func(t *text, data []byte) ([]*Inventory, error) { return readInventory(t, data) })
}
