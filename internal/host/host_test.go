package host

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/affected-dev/affected/internal/extract"
	"github.com/affected-dev/affected/internal/i18n/i18ntest"
)

func TestCatalogComplete(t *testing.T) { i18ntest.CheckCatalog(t) }

// summary is what the tests compare of an inventory.
type summary struct {
	Format, Encoding, Host string
	OSName, Version        string
	Build, SP              int
	Arch, Locale, InstType string
	HasUpdates, Incomplete bool
	Claimed                int
	KBs                    []int
}

func summarize(inv *Inventory) summary {
	s := summary{Format: string(inv.Format), Encoding: inv.Encoding, Host: inv.Host, HasUpdates: inv.HasUpdates,
		Incomplete: inv.Incomplete, Claimed: inv.Claimed, KBs: inv.KBs()}
	if o := inv.OS; o != nil {
		s.OSName, s.Version, s.Build, s.SP, s.Arch, s.Locale, s.InstType = o.Name, o.Version, o.Build, o.ServicePack, o.Arch, o.Locale, o.InstallationType
	}
	return s
}

func readTestFile(t *testing.T, rel string) []*Inventory {
	t.Helper()
	invs, err := ReadFile(filepath.Join("testdata", rel))
	if err != nil {
		t.Fatalf("%s: %v", rel, err)
	}
	return invs
}

// TestLanguages reads Korean and Traditional Chinese systeminfo (labels and
// values of real machines, see testdata/lang/README.md) in the encodings a
// console and PowerShell write, and gets the same host from each.
func TestLanguages(t *testing.T) {
	ko := summary{Format: "systeminfo", Host: "DESKTOP-K0R3A", OSName: "Microsoft Windows 10 Pro", Version: "10.0.19045",
		Build: 19045, Arch: "x64", Locale: "ko", HasUpdates: true, Claimed: 4, KBs: []int{5028951, 5011048, 5015684, 5033372}}
	zh := summary{Format: "systeminfo", Host: "W23-009-065", OSName: "Microsoft Windows 10 企業版 LTSC", Version: "10.0.17763",
		Build: 17763, Arch: "x64", Locale: "zh-tw", HasUpdates: true, Claimed: 11,
		KBs: []int{2693643, 4565625, 4465065, 4470788, 4486153, 4487038, 4539571, 4558997, 4561600, 4566424, 4565349}}
	for _, tc := range []struct {
		file, enc string
		want      summary
	}{
		{"ko.txt", "UTF-8", ko},
		{"ko.cp949.txt", "cp949", ko},
		{"ko.utf16le.txt", "UTF-16LE", ko},
		{"ko.utf16be.txt", "UTF-16BE", ko},
		{"zh-tw.txt", "UTF-8", zh},
		{"zh-tw.cp950.txt", "cp950", zh},
		{"zh-tw.utf16le.txt", "UTF-16LE", zh},
		{"zh-tw.utf16le-nobom.txt", "UTF-16LE", zh},
	} {
		invs := readTestFile(t, "lang/"+tc.file)
		if len(invs) != 1 {
			t.Fatalf("%s: %d inventories", tc.file, len(invs))
		}
		want := tc.want
		want.Encoding = tc.enc
		if diff := cmp.Diff(want, summarize(invs[0])); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tc.file, diff)
		}
	}
}

// TestFormats reads every update-list form and the CSV systeminfo.
func TestFormats(t *testing.T) {
	upd := func(format, enc, host string, kbs ...int) summary {
		return summary{Format: format, Encoding: enc, Host: host, HasUpdates: true, KBs: kbs}
	}
	si := func(host, name, version string, build int, claimed int, kbs ...int) summary {
		return summary{Format: "systeminfo-csv", Encoding: "UTF-8", Host: host, OSName: name, Version: version, Build: build,
			Arch: "x64", Locale: "en-us", HasUpdates: true, Claimed: claimed, KBs: kbs}
	}
	for _, tc := range []struct {
		file string
		want []summary
	}{
		{"get-hotfix.csv", []summary{upd("get-hotfix-csv", "UTF-8", "WS-042", 5034441, 5033372), upd("get-hotfix-csv", "UTF-8", "WS-043", 5034441)}},
		{"get-hotfix.json", []summary{upd("get-hotfix-json", "UTF-16LE", "WS-042", 5034441, 5033372)}},
		{"get-hotfix-one.json", []summary{upd("get-hotfix-json", "UTF-8", "WS-044", 5031356)}},
		{"get-hotfix-table.txt", []summary{upd("get-hotfix", "UTF-8", "WS-045", 5011048, 5034441, 5033372)}},
		{"get-hotfix-list.txt", []summary{upd("get-hotfix", "UTF-8", "WS-046", 5011048, 5034441)}},
		{"wmic-list.txt", []summary{upd("wmic-qfe", "UTF-8", "WS-047", 5011048, 5034441)}},
		{"wmic.csv", []summary{upd("wmic-qfe", "UTF-8", "WS-048", 5011048, 5034441)}},
		{"systeminfo.csv", []summary{
			si("WS81-01", "Microsoft Windows 8.1 Enterprise", "6.3.9600", 9600, 3, 2919355, 2919442, 3109853),
			si("SRV12R2-01", "Microsoft Windows Server 2012 R2 Standard", "6.3.9600", 9600, 2, 2919355, 2894852)}},
		{"systeminfo-nh.csv", []summary{
			si("WS10-01", "Microsoft Windows 10 Pro", "10.0.10586", 10586, 1, 3124263),
			si("WS10-02", "Microsoft Windows 10 Pro", "10.0.10240", 10240, 0)}},
		{"inventory.json", []summary{
			{Format: "inventory", Encoding: "UTF-8", Host: "WS-017", OSName: "Microsoft Windows 10 Pro", Version: "10.0.19045", Build: 19045,
				Arch: "x64", InstType: "Client", HasUpdates: true, KBs: []int{5034441, 5033372}},
			{Format: "inventory", Encoding: "UTF-8", Host: "SRV-CORE-01", OSName: "Microsoft Windows Server 2012 R2 Datacenter", Build: 9600,
				Arch: "x64", InstType: "Server Core"}}},
	} {
		invs := readTestFile(t, "formats/"+tc.file)
		var got []summary
		for _, inv := range invs {
			got = append(got, summarize(inv))
		}
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tc.file, diff)
		}
	}
}

// TestErrors feeds inputs every reader must refuse, each with a located
// error and no inventory.
func TestErrors(t *testing.T) {
	si := func(lines ...string) string { return strings.Join(lines, "\r\n") + "\r\n" }
	head := []string{"",
		"Host Name:                 WS-1",
		"OS Name:                   Microsoft Windows 8.1 Pro",
		"OS Version:                6.3.9600 N/A Build 9600",
		"OS Manufacturer:           Microsoft Corporation",
		"OS Configuration:          Standalone Workstation",
	}
	full := append(append([]string{}, head...),
		"OS Build Type:             Multiprocessor Free", "Registered Owner:          User", "Registered Organization:   ",
		"Product ID:                00261-30000-00000-AA825", "Original Install Date:     8/9/2014, 12:46:22 PM",
		"System Boot Time:          3/3/2019, 11:04:07 PM", "System Manufacturer:       VMware, Inc.",
		"System Model:              VMware Virtual Platform", "System Type:               x64-based PC",
		"Processor(s):              1 Processor(s) Installed.", "                           [01]: Intel64 Family 6",
		"BIOS Version:              Phoenix 6.00", "Windows Directory:         C:\\Windows", "System Directory:          C:\\Windows\\system32",
		"Boot Device:               \\Device\\HarddiskVolume1", "System Locale:             en-us;English (United States)",
		"Input Locale:              en-us;English (United States)", "Time Zone:                 (UTC-08:00) Pacific Time",
		"Total Physical Memory:     2,047 MB", "Available Physical Memory: 1,023 MB", "Virtual Memory: Max Size:  3,199 MB",
		"Virtual Memory: Available: 2,104 MB", "Virtual Memory: In Use:    1,095 MB", "Page File Location(s):     C:\\pagefile.sys",
		"Domain:                    WORKGROUP", "Logon Server:              \\\\WS-1",
		"Hotfix(s):                 3 Hotfix(s) Installed.", "                           [01]: KB2919355", "                           [02]: KB2919442")
	for _, tc := range []struct {
		name, in, want string
	}{
		{"empty", "\r\n  \r\n", "f: the file is empty: no inventory"},
		{"unknown", "hello\nworld\n", "f:1:1: " + msgUnknownFormat.Plain(0)},
		{"json", `{"a": 1}`, "f:1:1: " + msgUnknownJSON.Plain(0)},
		{"listing", "KB4489893: 2019-03 Preview of Monthly Quality Rollup for Windows Server 2012 R2 (KB4489893)\r\n", "f:1:1: " + msgUpdateListing.Plain(0)},
		{"truncated", si(head...), "f:6: systeminfo output cut short: it ends after 5 fields, before its hotfix list (field 31)"},
		{"list cut", si(full...), "f:35: systeminfo output cut short inside its hotfix list: 2 of the 3 hotfixes it announces"},
		{"bad UTF-8 after BOM", "\xef\xbb\xbfHost Name: \xff\n", "f:1:12: bytes that are not valid UTF-8: the file is damaged or in another encoding"},
		{"fffd", "Host Name: h\nOS Name: Microsoft Windows 10 \uFFFD\uFFFD\n", "f:2:31: " + msgReplacementChar.Plain(0)},
		{"double", "Nom de l'hÃ´te: h\n", "f:1:11: " + msgDoubleEncoded.Plain(0)},
		{"question marks", "??? ??:   h\n", "f:1:1: " + msgQuestionMarks.Plain(0)},
		{"inventory version", `{"format": "affected-inventory", "version": 2, "hosts": []}`, "f:1:34: unsupported affected-inventory format version 2 (supported: 1)"},
		{"inventory field", `{"format": "affected-inventory", "version": 1, "hosts": [{"name": "a", "updates": ["KB1", "x"]}]}`, `f:1:84: hosts[0].updates: invalid value "KB1"`},
		{"inventory unknown field", `{"format": "affected-inventory", "version": 1, "hosts": [{"nmae": "a"}]}`, `f:1:59: unknown field "hosts[0].nmae" (inventory version 1 has format, version, hosts[].name, .os and .updates)`},
		{"inventory empty", `{"format": "affected-inventory", "version": 1, "hosts": []}`, "f:1:48: " + msgNoHosts.Plain(0)},
		{"hotfix json", `[{"HotFixID": 3}]`, "f:1:15: hotFixID: expected string, found number"},
	} {
		invs, err := Read("f", []byte(tc.in))
		if err == nil {
			t.Errorf("%s: no error", tc.name)
			continue
		}
		if invs != nil {
			t.Errorf("%s: inventories with the error", tc.name)
		}
		if err.Error() != tc.want {
			t.Errorf("%s:\n got %s\nwant %s", tc.name, err, tc.want)
		}
		var e *extract.Error
		if !errors.As(err, &e) || e.File != "f" {
			t.Errorf("%s: %v is not a located error of the file", tc.name, err)
		}
	}
}

// TestMojibake refuses the damaged copies of the Korean systeminfo at the
// first damaged character.
func TestMojibake(t *testing.T) {
	for _, tc := range []struct{ file, want string }{
		{"ko.mojibake-latin1.txt", ":2:1: " + msgDoubleEncoded.Plain(0)},
		{"ko.mojibake-fffd.txt", ":2:2: " + msgReplacementChar.Plain(0)},
		{"ko.mojibake-cp1252.txt", ":2:1: " + msgDoubleEncoded.Plain(0)},
		{"ko.mojibake-qmarks.txt", ":2:1: " + msgQuestionMarks.Plain(0)},
	} {
		p := filepath.Join("testdata", "lang", tc.file)
		_, err := ReadFile(p)
		if err == nil || err.Error() != p+tc.want {
			t.Errorf("%s: got %v, want %s%s", tc.file, err, p, tc.want)
		}
	}
}

// TestCombine combines the validation files into hosts: systeminfo and
// wmic qfe of one machine become one host; snapshots of one machine at
// different builds stay apart; an update list without a host name goes to
// the systeminfo whose file name it shares.
func TestCombine(t *testing.T) {
	dir := filepath.Join(extracttestCorpus(t), "windows", "wesng", "validation")
	invs, errs := ReadPaths([]string{dir})
	if len(errs) != 6 { // 5 Windows Update listings and one empty file
		t.Errorf("%d errors, want 6: %v", len(errs), errs)
	}
	hosts := Combine(invs)
	got := map[string][]string{}
	for _, h := range hosts {
		var files []string
		for _, s := range h.Sources {
			files = append(files, filepath.Base(s.File))
		}
		key := h.Label()
		if h.OS != nil {
			key += " " + h.OS.Version
		}
		got[key] = files
	}
	for key, want := range map[string][]string{
		"SRV12R2U1X64 6.3.9600":      {"srv_2012r2_u1_systeminfo.txt", "srv_2012r2_u1_systeminfo2.txt", "srv_2012r2_u1_qfe.txt"},
		"WINVISTASP0X64 6.0.6001":    {"vista_x64_sp1_systeminfo.txt", "vista_x64_sp1_qfe.txt"},
		"WINVISTASP0X64 6.0.6002":    {"vista_x64_sp2_systeminfo.txt", "vista_x64_sp2_qfe.txt"},
		"WINVISTASP0X64 6.0.6000":    {"vista_x64_sp0_systeminfo.txt"},
		"LAPTOP 10.0.17763":          {"10_1809_x64_education_en-us_20190306_systeminfo.txt", "10_1809_x64_education_en-us_systeminfo.txt", "10_1809_x64_education_en-us_20190306_qfe.txt"},
		"DESKTOP-LOQ9L09 10.0.17763": {"10_1809_x64_pro_en-us_20190307_systeminfo.txt", "10_1809_x64_pro_en-us_20190307_qfe.txt"},
		"WINXPSP3 5.1.2600":          {"xp_sp3_x86_professional_en-us_systeminfo.txt", "xp_sp3_x86_professional_en-us_qfe.txt"},
	} {
		if diff := cmp.Diff(want, got[key]); diff != "" {
			t.Errorf("%s (-want +got):\n%s", key, diff)
		}
	}
	for _, h := range hosts {
		if h.OS == nil {
			t.Errorf("host %s from %s has no OS", h.Label(), h.Sources[0].File)
		}
	}
	// The XP SP3 machine's systeminfo list is cut; its qfe completes it.
	for _, h := range hosts {
		if h.Name == "WINXPSP3" && (h.Incomplete || len(h.KBs()) != 135) {
			t.Errorf("WINXPSP3: incomplete %v, %d KBs; want complete, 135", h.Incomplete, len(h.KBs()))
		}
	}
}

func extracttestCorpus(t *testing.T) string {
	t.Helper()
	p := filepath.Join("..", "..", "..", "shared", "corpus")
	if _, err := os.Stat(p); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("shared corpus not found at %s (CI=true)", p)
		}
		t.Skipf("shared corpus not found at %s", p)
	}
	return p
}
