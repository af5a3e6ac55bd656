package db

import (
	"archive/zip"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/affected-dev/affected/internal/advisory"
)

const wesngHeader = `"DatePosted","CVE","BulletinKB","Title","AffectedProduct","AffectedComponent","Severity","Impact","Supersedes","Exploits"` + "\n"

// TestWesngImport imports wesng definitions and reads them back by
// platform: the index finds the records of a product, and only the rows of
// the keys asked for are decoded.
func TestWesngImport(t *testing.T) {
	tmp := t.TempDir()
	zpath := filepath.Join(tmp, "definitions.zip")
	f, err := os.Create(zpath)
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(f)
	w, _ := zw.Create("CVEs_20160301.csv")
	w.Write([]byte(wesngHeader +
		`"20160112","CVE-2016-0001","3124266","Kernel","Windows 10 for x64-based Systems","Kernel","Important","Elevation of Privilege","3116869",` + "\n" +
		`"20160112","CVE-2016-0001","3121212","Kernel","Windows 8.1 for x64-based systems","Kernel","Important","Elevation of Privilege","",` + "\n" +
		`"20160209","CVE-2016-0002","3134814","IE","Internet Explorer 11 on Windows Server 2012 R2","IE","Critical","Remote Code Execution","3124275",` + "\n" +
		`"20160209","CVE-2016-0003","3114000","Office","Microsoft Office 2010 Service Pack 2 (32-bit editions)","Office","Important","Remote Code Execution","",` + "\n"))
	w, _ = zw.Create("Version_0.94.txt")
	w.Write([]byte("0.94\n"))
	zw.Close()
	f.Close()

	dir := filepath.Join(tmp, "db")
	rep, err := Import(dir, []string{zpath})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Added) != 2 || len(rep.Errors) != 0 || len(rep.Notes) != 1 || !strings.Contains(rep.Notes[0].Error(), "4 rows, 3 of them of Windows products, kept as 2 advisories; 1 row of 1 other product") {
		t.Fatalf("report %+v", rep)
	}
	d, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	got := map[string][]string{}
	collect := func(keys ...string) {
		err := d.EachForPlatform(keys, func(a *advisory.Advisory) {
			for _, p := range a.Platforms {
				got[a.ID] = append(got[a.ID], p.ProductID)
			}
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	collect("windows/8.1")
	for _, ids := range got {
		sort.Strings(ids)
	}
	want := map[string][]string{
		// The built-in record's rows of Windows 8.1 (x86 and x64, and RT
		// 8.1 on ARM), and the wesng record's one row of 8.1: its
		// Windows 10 row is not decoded.
		"MSA-3109853":   {"windows/8.1/arm", "windows/8.1/x64", "windows/8.1/x86"},
		"CVE-2016-0001": {"windows/8.1/x64"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	got = map[string][]string{}
	collect("windows-server/2012r2", "windows/10")
	if len(got["CVE-2016-0002"]) != 1 || len(got["CVE-2016-0001"]) != 1 || got["CVE-2016-0001"][0] != "windows/10/1507/x64" {
		t.Errorf("got %v", got)
	}
}
