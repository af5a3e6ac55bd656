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
		product := "?"
		if p, ok := o.Product(); ok {
			product = p.ID()
		}
		fmt.Fprintf(&s, " product=%s os=%q version=%s build=%d", product, o.Name, o.Version, o.Build)
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

// TestTranslationsSameProducts reads the French, Spanish and Italian
// systeminfo of the validation set and their English neighbours: the same
// Windows gives the same product whatever the display language.
func TestTranslationsSameProducts(t *testing.T) {
	product := func(rel string) string {
		invs, err := Read(rel, extracttest.ReadFile(t, validation+rel))
		if err != nil || len(invs) != 1 || invs[0].OS == nil {
			t.Fatalf("%s: %v", rel, err)
		}
		p, ok := invs[0].OS.Product()
		if !ok {
			t.Fatalf("%s: no product", rel)
		}
		return p.ID()
	}
	for _, tc := range []struct{ translated, english, want string }{
		{"7_sp1_x64_enterprise_fr_systeminfo_cmd.txt", "7_sp1_x64_enterprise_en-us_A_systeminfo.txt", "windows/7/sp1/x64"},
		{"7_sp1_x64_enterprise_fr_systeminfo_powershell.txt", "7_sp1_x64_enterprise_en-us_B_systeminfo.txt", "windows/7/sp1/x64"},
		{"10_1809_x64_education_es_systeminfo.txt", "10_1809_x64_education_en-us_systeminfo.txt", "windows/10/1809/x64"},
		{"10_1803_x64_pro_it_systeminfo.txt", "10_1803_x64_education_en-us_systeminfo.txt", "windows/10/1803/x64"},
	} {
		tr, en := product(tc.translated), product(tc.english)
		if tr != tc.want || en != tc.want {
			t.Errorf("%s → %s, %s → %s; want %s for both", tc.translated, tr, tc.english, en, tc.want)
		}
	}
}
