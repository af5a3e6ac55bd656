package host

import (
	"bytes"
	"fmt"
	"path"
	"strings"
	"testing"

	"github.com/affected-dev/affected/internal/extract/extracttest"
	"github.com/affected-dev/affected/internal/i18n"
)

const validation = "windows/wesng/validation/"

// TestValidationCorpus reads every file of wesng's validation set (real
// systeminfo, wmic qfe and Windows Update listings from XP to Windows 11
// and Server 2003 to 2019, in English, French, Spanish and Italian, in
// UTF-16LE, OEM code pages and UTF-8) and lists, per file, host, product,
// build and KB count — or the reason it is refused. The listing is
// testdata/validation.golden (go test -update rewrites it).
func TestValidationCorpus(t *testing.T) {
	files := extracttest.Glob(t, func(rel string) bool { return strings.HasPrefix(rel, validation) })
	var b bytes.Buffer
	for _, rel := range files {
		data := extracttest.ReadFile(t, rel)
		name := path.Base(rel)
		invs, err := Read(name, data)
		if err != nil {
			fmt.Fprintf(&b, "%s\n  refused: %s\n", name, i18n.Localize(err, i18n.En))
			continue
		}
		for _, inv := range invs {
			fmt.Fprintf(&b, "%s\n  %s\n", name, describe(inv))
		}
	}
	extracttest.Golden(t, "testdata/validation.golden", b.Bytes())
}

// describe renders an inventory on one line.
func describe(inv *Inventory) string {
	var s strings.Builder
	fmt.Fprintf(&s, "%s %s line %d host=%q", inv.Format, inv.Encoding, inv.Line, inv.Host)
	if inv.OS != nil {
		o := inv.OS
		fmt.Fprintf(&s, " os=%q version=%s build=%d", o.Name, o.Version, o.Build)
		if o.ServicePack > 0 {
			fmt.Fprintf(&s, " sp=%d", o.ServicePack)
		}
		fmt.Fprintf(&s, " arch=%s server=%v locale=%s", o.Arch, o.Server(), o.Locale)
	}
	if inv.HasUpdates {
		fmt.Fprintf(&s, " updates=%d kbs=%d", len(inv.Updates), len(inv.KBs()))
		if inv.Claimed > 0 {
			fmt.Fprintf(&s, " claimed=%d", inv.Claimed)
		}
		if inv.Incomplete {
			s.WriteString(" incomplete")
		}
	}
	return s.String()
}
