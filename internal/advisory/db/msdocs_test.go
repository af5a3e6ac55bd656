package db

import (
	"archive/zip"
	"os"
	"path/filepath"
	"testing"

	"github.com/affected-dev/affected/internal/extract/extracttest"
)

// TestImportMSDocsZip imports documents of Microsoft's archive from a zip
// (the Korean and Chinese 4021279 and MS16-007, and the Korean 4010983,
// a built-in's) and a README.md, which is not one: one record per asset
// with both languages, the built-in kept, and the closing counts.
func TestImportMSDocsZip(t *testing.T) {
	root := filepath.Join(extracttest.Corpus(t), "msdocs")
	dir := t.TempDir()
	zp := filepath.Join(dir, "archive.zip")
	f, err := os.Create(zp)
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(f)
	for _, rel := range []string{
		"ko-kr/security-updates/SecurityAdvisories/2017/4021279.md",
		"zh-tw/security-updates/SecurityAdvisories/2017/4021279.md",
		"ko-kr/security-updates/SecurityBulletins/2016/ms16-007.md",
		"zh-tw/security-updates/SecurityBulletins/2016/ms16-007.md",
		"ko-kr/security-updates/SecurityAdvisories/2017/4010983.md",
	} {
		data, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(rel)))
		if err != nil {
			t.Fatal(err)
		}
		w, err := zw.Create(rel)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(data)
	}
	w, _ := zw.Create("README.md")
	w.Write([]byte("# not a document of the archive\n"))
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	f.Close()

	db := filepath.Join(dir, "db")
	rep, err := Import(db, []string{zp})
	if err != nil {
		t.Fatal(err)
	}
	want := MSDocsReport{Documents: 5, Advisories: 2, Bulletins: 1, Merged: 2, Builtin: 1}
	if rep.MSDocs != want || len(rep.Added) != 2 || len(rep.Errors) != 0 {
		t.Fatalf("report %+v, added %v, errors %v", rep.MSDocs, rep.Added, rep.Errors)
	}
	d, err := Open(db)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	a, ok := d.Get("MS16-007")
	if !ok || len(a.Texts) != 2 || a.Source != "msdocs" {
		t.Fatalf("MS16-007: %+v", a)
	}
	if got := d.ForPackage("System.Net.Security"); len(got) != 1 || got[0].ID != "MSA-4021279" || len(got[0].Texts) != 2 {
		t.Errorf("ForPackage(System.Net.Security) = %v", got)
	}
	if b, ok := d.Get("MSA-4010983"); !ok || b.Source != "builtin" {
		t.Errorf("MSA-4010983 is %+v, want the built-in", b)
	}
}

// BenchmarkImportArchive imports the whole archive (about 1,000
// documents) into an empty database.
func BenchmarkImportArchive(b *testing.B) {
	root := filepath.Join(extracttest.Corpus(b), "msdocs")
	for range b.N {
		if _, err := Import(b.TempDir(), []string{root}); err != nil {
			b.Fatal(err)
		}
	}
}
