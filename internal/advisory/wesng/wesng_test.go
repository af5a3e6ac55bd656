package wesng

import (
	"archive/zip"
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/affected-dev/affected/internal/extract"
	"github.com/affected-dev/affected/internal/extract/extracttest"
	"github.com/affected-dev/affected/internal/i18n/i18ntest"
)

func TestCatalogComplete(t *testing.T) { i18ntest.CheckCatalog(t) }

const header = `"DatePosted","CVE","BulletinKB","Title","AffectedProduct","AffectedComponent","Severity","Impact","Supersedes","Exploits"` + "\n"

// sample has wesng's shapes: a component "on" a product, rows that
// differ only in Supersedes, a row without KB beside one with, a quote
// doubled, a line break inside quotes, "<br><br>" in Supersedes, a
// product that is not Windows.
const sample = header +
	`"20160112","CVE-2016-0001","3124266","Windows Kernel ""EoP""","Windows 10 for x64-based Systems","Windows Kernel","Important","Elevation of Privilege","3116869",` + "\n" +
	`"20160112","CVE-2016-0001","3124266","Windows Kernel ""EoP""","Windows 10 for x64-based Systems","Windows Kernel","Important","Elevation of Privilege","",` + "\n" +
	`"20160112","CVE-2016-0001","","Windows Kernel ""EoP""","Windows 10 for x64-based Systems","Windows Kernel","Important","Elevation of Privilege","",` + "\n" +
	`"20160112","CVE-2016-0001","3121212","Windows Kernel ""EoP""","Windows 8.1 for x64-based systems","Windows Kernel","Critical","Elevation of Privilege","3000001<br><br>3000002","https://exploit-db.com/exploits/1"` + "\n" +
	`"20160209","CVE-2016-0002","3134814","Internet Explorer
memory corruption","Internet Explorer 11 on Windows Server 2012 R2","Internet Explorer","Critical","Remote Code Execution","3124275",` + "\n" +
	`"20160209","CVE-2016-0003","3114000","Office","Microsoft Office 2010 Service Pack 2 (32-bit editions)","Office","Important","Remote Code Execution","",` + "\n"

func TestRead(t *testing.T) {
	d := newDefinitions()
	if err := d.readCSV("CVEs_20160301.csv", strings.NewReader(sample), false); err != nil {
		t.Fatal(err)
	}
	d.finish()
	if d.Rows != 6 || d.Kept != 5 || d.Skipped["Microsoft Office 2010 Service Pack 2 (32-bit editions)"] != 1 {
		t.Errorf("rows %d kept %d skipped %v", d.Rows, d.Kept, d.Skipped)
	}
	want := []*Entry{
		{ID: "CVE-2016-0001", CVE: "CVE-2016-0001", Title: `Windows Kernel "EoP"`, Severity: "Critical", Impact: "Elevation of Privilege",
			Published: "20160112", Exploits: []string{"https://exploit-db.com/exploits/1"}, Fixes: []Fix{
				{Product: "Windows 10 for x64-based Systems", AffectedComponent: "Windows Kernel", KB: 3124266, Supersedes: []int{3116869}, Date: "20160112"},
				{Product: "Windows 10 for x64-based Systems", AffectedComponent: "Windows Kernel", Date: "20160112"},
				{Product: "Windows 8.1 for x64-based systems", AffectedComponent: "Windows Kernel", KB: 3121212, Supersedes: []int{3000001, 3000002}, Date: "20160112"},
			}},
		{ID: "CVE-2016-0002", CVE: "CVE-2016-0002", Title: "Internet Explorer\nmemory corruption", Severity: "Critical", Impact: "Remote Code Execution",
			Published: "20160209", Fixes: []Fix{
				{Product: "Windows Server 2012 R2", Component: "Internet Explorer 11", AffectedComponent: "Internet Explorer", KB: 3134814, Supersedes: []int{3124275}, Date: "20160209"},
			}},
	}
	if diff := cmp.Diff(want, d.Entries, cmp.AllowUnexported(Entry{})); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	advs, unmapped := d.Advisories()
	if len(unmapped) != 0 {
		t.Errorf("unmapped %v", unmapped)
	}
	a := advs[0]
	// The row without a KB is dropped: the same product has one.
	if len(a.Platforms) != 2 || a.Platforms[0].ProductID != "windows/10/1507/x64" || a.Platforms[0].Update != "cumulative" ||
		a.Platforms[0].FixedBy != "KB3124266" || a.Platforms[0].Released != "2016-01-12" || a.Platforms[1].ProductID != "windows/8.1/x64" || a.Platforms[1].Update != "" {
		t.Errorf("platforms %+v", a.Platforms)
	}
	if ie := advs[1].Platforms[0]; ie.ProductID != "windows-server/2012r2/x64" || ie.ComponentID != "internet-explorer/11" || ie.Supersedes[0] != "KB3124275" {
		t.Errorf("IE row %+v", ie)
	}
}

func TestZip(t *testing.T) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, body := range map[string]string{
		"CVEs_20160301.csv":   sample,
		"Custom_20190321.csv": header + "# Service Packs\n" + `"20150407","SP81U1X64","2919355","Windows 8.1 Update 1","Windows 8.1 for x64-based Systems","","Critical","No more updates","2883200;SP81X64",""` + "\n",
		"Version_0.94.txt":    "This definition file requires you to at least use wes version 0.94\n",
	} {
		w, _ := zw.Create(name)
		w.Write([]byte(body))
	}
	zw.Close()
	if !IsDefinitions(bytes.NewReader(buf.Bytes()), int64(buf.Len())) {
		t.Fatal("not recognised")
	}
	d, err := ReadZip("definitions.zip", bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	if d.Date != "20160301" || d.MinVersion != "0.94" || len(d.Entries) != 2 || !cmp.Equal(d.Edges[2919355], []int{2883200}) {
		t.Errorf("date %q version %q entries %d edges %v", d.Date, d.MinVersion, len(d.Entries), d.Edges)
	}
}

func TestErrors(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"header", "a,b\n", "f:1: " + msgNoHeader.Plain(0)},
		{"unterminated", header + `"20160112","CVE-1,x` + "\n", "f:2: a quoted field is not closed"},
		{"after quote", header + `"20160112"x,"CVE"` + "\n", "f:2:11: text after a closing quote: a quote inside a field must be doubled"},
		{"columns", header + `"20160112","CVE-1"` + "\n", "f:2: 2 columns, expected 10"},
		{"date", header + `"2016-01-12","CVE-1","3124266","t","Windows 10 for x64-based Systems","c","Low","i","",` + "\n", `f:2:1: DatePosted "2016-01-12" is not yyyymmdd`},
	} {
		d := newDefinitions()
		err := d.readCSV("f", strings.NewReader(tc.in), false)
		if err == nil || err.Error() != tc.want {
			t.Errorf("%s: got %v, want %s", tc.name, err, tc.want)
		}
		var e *extract.Error
		if err != nil && !errors.As(err, &e) {
			t.Errorf("%s: not a located error", tc.name)
		}
	}
}

// TestDefinitions reads the real definitions (609,000 rows).
func TestDefinitions(t *testing.T) {
	p := extracttest.File(t, "windows/wesng/definitions.zip")
	d, err := ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	advs, unmapped := d.Advisories()
	rows := 0
	for _, a := range advs {
		rows += len(a.Platforms)
	}
	t.Logf("%s: %d rows, %d of Windows, %d advisories, %d platform rows, %d other products", d.Date, d.Rows, d.Kept, len(advs), rows, len(d.Skipped))
	if d.Rows < 600000 || len(advs) < 8000 || len(unmapped) != 0 {
		t.Errorf("rows %d advisories %d unmapped %v", d.Rows, len(advs), unmapped)
	}
	// KB3109853 fixes no vulnerability: it is not in wesng's data; the
	// January 2016 Windows 10 cumulative updates are.
	kbs := map[string]bool{}
	for _, a := range advs {
		for _, p := range a.Platforms {
			kbs[p.FixedBy] = true
		}
	}
	if kbs["KB3109853"] || !kbs["KB3124266"] || !kbs["KB3124263"] {
		t.Errorf("KB3109853 %v, KB3124266 %v, KB3124263 %v", kbs["KB3109853"], kbs["KB3124266"], kbs["KB3124263"])
	}
	// Issue 12, A1: only the updates tied to the chain of cumulative
	// updates by supersedence are cumulative: not the Secure Boot DBX
	// update KB4535680 on 1803, nor Windows 10's KB5055518 that two rows
	// of Windows 11 21H2 name; yes the last 1803 update, and the June 2026
	// updates of 22H2 and 11 23H2, whose predecessors MSRC lists only
	// under 21H2 and 23H2 ARM64.
	update := map[[2]string]string{}
	for _, a := range advs {
		for _, p := range a.Platforms {
			if p.Component == "" {
				update[[2]string{p.ProductID, p.FixedBy}] = p.Update
			}
		}
	}
	// Issue 12, A3: components installed apart that only the
	// AffectedComponent column names are components of their own; a
	// component sharing an update with Windows itself is not.
	component := map[[3]string]string{}
	for _, a := range advs {
		for _, p := range a.Platforms {
			component[[3]string{a.ID, p.ProductID, p.FixedBy}] = p.Component
		}
	}
	for _, tc := range []struct{ id, product, kb, want string }{
		{"CVE-2012-0159", "windows/xp/sp3/x86", "KB2659262", ""},
		{"CVE-2012-0159", "windows/xp/sp3/x86", "KB2656407", "Microsoft .NET Framework 3.0 Service Pack 2"},
		{"CVE-2012-0159", "windows/xp/sp3/x86", "KB2656405", "Microsoft .NET Framework 4"},
		{"CVE-2013-3131", "windows/xp/sp3/x86", "KB2840629", "Microsoft .NET Framework 3.5 Service Pack 1"},
		{"CVE-2013-3131", "windows/xp/sp3/x86", "KB2844285", "Microsoft .NET Framework 2.0 Service Pack 2"},
		{"CVE-2017-0001", "windows/7/sp1/x64", "KB4012215", ""},
		{"CVE-2014-8967", "windows-server/2008/sp2/x64", "KB3034196", ""},
	} {
		if got, ok := component[[3]string{tc.id, tc.product, tc.kb}]; !ok || got != tc.want {
			t.Errorf("%s %s %s: component %q (row found %v), want %q", tc.id, tc.product, tc.kb, got, ok, tc.want)
		}
	}
	for _, tc := range []struct{ product, kb, want string }{
		{"windows/10/1803/x64", "KB4535680", ""},
		{"windows/10/1803/x64", "KB5003174", "cumulative"},
		{"windows/11/21h2/x64", "KB5055518", ""},
		{"windows/11/21h2/x64", "KB5044280", "cumulative"},
		{"windows/10/22h2/x64", "KB5094127", "cumulative"},
		{"windows/11/23h2/x64", "KB5093998", "cumulative"},
	} {
		if got, ok := update[[2]string{tc.product, tc.kb}]; !ok || got != tc.want {
			t.Errorf("%s %s: update %q (row found %v), want %q", tc.product, tc.kb, got, ok, tc.want)
		}
	}
}

func FuzzCSV(f *testing.F) {
	f.Add([]byte(sample))
	f.Add([]byte(header + `"20150407","SP81U1X64","2919355","W","Windows 8.1 for x64-based Systems","","Critical","","2883200;SP81X64",""` + "\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		d := newDefinitions()
		err := d.readCSV("f", bytes.NewReader(data), false)
		if err != nil {
			var e *extract.Error
			if !errors.As(err, &e) {
				t.Fatalf("not a located error: %v", err)
			}
			return
		}
		d.finish()
		d.Advisories()
	})
}
