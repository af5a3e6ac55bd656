// Package wesng reads the definitions of Windows Exploit Suggester – Next
// Generation (wesng, https://github.com/bitsadmin/wesng) as an advisory
// source: which update (KB) fixes which CVE on which Windows product, and
// which earlier updates each one supersedes.
//
// # Input
//
// definitions.zip as wesng publishes it: CVEs_<date>.csv (columns
// DatePosted, CVE, BulletinKB, Title, AffectedProduct, AffectedComponent,
// Severity, Impact, Supersedes, Exploits; ~609,000 rows), Custom_<date>.csv
// (wesng's own rows for service packs, in the same columns) and
// Version_<wes version>.txt. A CVEs_*.csv file on its own is read too.
// AffectedProduct holds MSRC's English product names ("Windows 10 Version
// 1511 for x64-based Systems", "Windows Server 2012 R2 (Server Core
// installation)"), sometimes with a component installed on the product
// ("Internet Explorer 11 on Windows Server 2012 R2", "Microsoft .NET
// Framework 4.8 on Windows 10 Version 1809 for x64-based Systems").
//
// # Output
//
// One advisory per CVE (source "wesng", id the CVE), and for the few rows
// without a CVE one per update ("KB4014329"), with a platform exposure per
// product row: the product as published, its canonical id, the component,
// the fixing KB and the KBs it supersedes. A component installed apart
// that only the AffectedComponent column names (".NET Framework 3.5
// Service Pack 1" on Windows XP, bulletin-era rows) is the row's component
// when the product's rows of the CVE fall into several packages; on
// Windows 10 and later, a row of Windows itself is marked cumulative only
// when its KB is tied to the product's chain of monthly updates by
// supersedence. Rows for products that are not
// Windows (Office, SQL Server, Azure Linux packages, …) are counted and
// left out: a Windows inventory cannot say whether they are installed.
// Rows that differ only in their supersedence are merged. Custom_*.csv
// gives no advisories; its KB-to-KB supersedence (KB2919355, Windows 8.1
// Update, supersedes KB2883200) is kept as supersedence of the records
// whose updates it names.
//
// # Limits
//
// wesng's data comes from MSRC and the older bulletins and has its gaps:
// updates that fix no vulnerability (KB3109853 among them) are not in it;
// about 90,000 Windows rows name no KB (the fix is then the monthly
// update of the row's date, which only a cumulative product can tell);
// and the Supersedes column lists only the update each row's update
// replaced directly, often only the previous month's rollup.
package wesng

import (
	"archive/zip"
	"bytes"
	"errors"
	"io"
	"os"
	"path"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/affected-dev/affected/internal/extract"
	"github.com/affected-dev/affected/internal/lazyre"
)

// Limits on what is read, against hostile archives: the real CSV is 135 MB.
const (
	maxCSV     = 1 << 30 // bytes of one CSV, decompressed
	maxEntries = 64      // entries of the zip
)

// Definitions is the content of a definitions archive.
type Definitions struct {
	// Date is the date of the CVE list ("20260628", from its name), and
	// MinVersion the wes.py version the definitions require ("0.94").
	Date, MinVersion string
	// Rows counts the CSV rows read; Kept those of Windows products.
	Rows, Kept int
	// Skipped counts the rows left out by product (not Windows).
	Skipped map[string]int
	// Entries are the advisories' contents, by CVE (or KB), sorted by ID.
	Entries []*Entry
	// Edges are KB-to-KB supersedence from Custom_*.csv: Edges[k] lists
	// the KBs that k supersedes.
	Edges map[int][]int

	builders map[string]*builder // while reading
}

// Entry is what the definitions say about one CVE.
type Entry struct {
	ID        string // the CVE, or "KB<n>" for rows without one
	CVE       string
	Title     string
	Severity  string // the highest of its rows, as written ("Critical")
	Impact    string
	Published string // the earliest DatePosted, yyyymmdd
	Exploits  []string
	Fixes     []Fix
}

// Fix is one product row: the product the CVE affects and the update
// that fixes it there.
type Fix struct {
	// Product is the row's AffectedProduct with any component cut off:
	// the Windows product. Component is what the row names as installed
	// on it ("Internet Explorer 11"), "" for Windows itself.
	Product, Component string
	// AffectedComponent is the row's component column ("Windows
	// Kernel", "Adobe Flash Player").
	AffectedComponent string
	// KB is the fixing update, 0 when the row names none.
	KB int
	// Supersedes are the KBs the fixing update replaces, per this row.
	Supersedes []int
	Date       string // DatePosted of the row, yyyymmdd
}

// columns of the CSV, in order.
var columns = []string{"DatePosted", "CVE", "BulletinKB", "Title", "AffectedProduct", "AffectedComponent", "Severity", "Impact", "Supersedes", "Exploits"}

// IsDefinitions reports whether the zip archive r (size bytes) is a wesng
// definitions archive: it has a CVEs_*.csv entry.
func IsDefinitions(r io.ReaderAt, size int64) bool {
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return false
	}
	for _, f := range zr.File {
		if isCVEs(f.Name) {
			return true
		}
	}
	return false
}

// IsCSV reports whether data (the start of a file) is a wesng CSV: its
// header row.
func IsCSV(head []byte) bool {
	head = bytes.TrimPrefix(head, []byte{0xEF, 0xBB, 0xBF})
	return bytes.HasPrefix(head, []byte(`"DatePosted","CVE","BulletinKB","Title","AffectedProduct"`))
}

func isCVEs(name string) bool {
	b := path.Base(name)
	return strings.HasPrefix(b, "CVEs_") && strings.HasSuffix(strings.ToLower(b), ".csv")
}

var versionFile = lazyre.New(`^Version_(\d+(?:\.\d+)*)\.txt$`)

// ReadFile reads a definitions archive or a CVEs_*.csv file. name is used
// in errors ("definitions.zip!/CVEs_20260628.csv:1234:5: …").
func ReadFile(name string) (*Definitions, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, extract.Errorf(name, extract.Pos{}, extract.MsgRead, err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, extract.Errorf(name, extract.Pos{}, extract.MsgRead, err)
	}
	head := make([]byte, 4)
	n, _ := io.ReadFull(f, head)
	if n == 4 && string(head) == "PK\x03\x04" {
		return ReadZip(name, f, fi.Size())
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return nil, extract.Errorf(name, extract.Pos{}, extract.MsgRead, err)
	}
	d := newDefinitions()
	d.Date = dateOf(path.Base(name))
	if err := d.readCSV(name, io.LimitReader(f, maxCSV), false); err != nil {
		return nil, err
	}
	d.finish()
	return d, nil
}

// ReadZip reads a definitions archive from r (size bytes).
func ReadZip(name string, r io.ReaderAt, size int64) (*Definitions, error) {
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return nil, extract.Errorf(name, extract.Pos{}, msgNotZip, err)
	}
	if len(zr.File) > maxEntries {
		return nil, extract.Errorf(name, extract.Pos{}, msgTooManyEntries, len(zr.File), maxEntries)
	}
	d := newDefinitions()
	var cves, custom *zip.File
	for _, f := range zr.File {
		base := path.Base(f.Name)
		switch {
		case isCVEs(f.Name):
			if cves != nil {
				return nil, extract.Errorf(name, extract.Pos{}, msgTwoLists, cves.Name, f.Name)
			}
			cves = f
			d.Date = dateOf(base)
		case strings.HasPrefix(base, "Custom_") && strings.HasSuffix(base, ".csv"):
			custom = f
		case versionFile.MatchString(base):
			d.MinVersion = versionFile.FindStringSubmatch(base)[1]
		}
	}
	if cves == nil {
		return nil, extract.Errorf(name, extract.Pos{}, msgNoCVEs)
	}
	for _, e := range []struct {
		f      *zip.File
		custom bool
	}{{cves, false}, {custom, true}} {
		if e.f == nil {
			continue
		}
		entry := name + "!/" + e.f.Name
		rc, err := e.f.Open()
		if err != nil {
			return nil, extract.Errorf(entry, extract.Pos{}, extract.MsgRead, err)
		}
		err = d.readCSV(entry, pipe(rc), e.custom)
		rc.Close()
		if err != nil {
			return nil, err
		}
	}
	d.finish()
	return d, nil
}

// pipe decompresses r in a goroutine of its own, so that inflating and
// parsing share the machine's cores; reading stops at maxCSV bytes.
func pipe(r io.Reader) io.Reader {
	pr, pw := io.Pipe()
	go func() {
		n, err := io.Copy(pw, io.LimitReader(r, maxCSV+1))
		if err == nil && n > maxCSV {
			err = errTooLarge
		}
		pw.CloseWithError(err)
	}()
	return pr
}

var errTooLarge = errors.New("more than 1 GiB decompressed")

var dateInName = lazyre.New(`_(\d{8})\.csv$`)

func dateOf(base string) string {
	if m := dateInName.FindStringSubmatch(base); m != nil {
		return m[1]
	}
	return ""
}

func newDefinitions() *Definitions {
	return &Definitions{Skipped: map[string]int{}, Edges: map[int][]int{}}
}

// builder accumulates the rows of one ID.
type builder struct {
	e     *Entry
	fixes map[fixKey]int // index in e.Fixes
}

type fixKey struct {
	product, component string
	kb                 int
}

// readCSV reads one CSV of the archive.
func (d *Definitions) readCSV(name string, r io.Reader, custom bool) error {
	c := newCSVReader(r, name)
	intern := map[string]string{}
	str := func(b []byte) string {
		if s, ok := intern[string(b)]; ok {
			return s
		}
		s := string(b)
		intern[s] = s
		return s
	}
	header, err := c.read()
	if err != nil {
		if errors.Is(err, io.EOF) {
			return extract.Errorf(name, extract.Pos{Line: 1}, msgNoHeader)
		}
		return wrapPipe(name, err)
	}
	for i, col := range columns {
		if i >= len(header) || string(bytes.TrimPrefix(header[i], []byte{0xEF, 0xBB, 0xBF})) != col {
			return extract.Errorf(name, extract.Pos{Line: 1}, msgNoHeader)
		}
	}
	if d.builders == nil {
		d.builders = map[string]*builder{}
	}
	for {
		rec, err := c.read()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return wrapPipe(name, err)
		}
		if len(rec) == 1 && len(rec[0]) == 0 {
			continue // a blank line
		}
		if len(rec[0]) > 0 && rec[0][0] == '#' {
			continue // Custom_*.csv's comment lines
		}
		if len(rec) < len(columns)-1 {
			return extract.Errorf(name, extract.Pos{Line: c.line}, msgColumns, len(rec), len(columns))
		}
		if custom {
			d.customRow(rec)
			continue
		}
		d.Rows++
		product := strings.TrimSpace(str(rec[4]))
		osName, component, ok := windowsProduct(product)
		if !ok {
			d.Skipped[product]++
			continue
		}
		d.Kept++
		date := str(rec[0])
		if !validDate(date) {
			return extract.Errorf(name, extract.Pos{Line: c.line, Col: 1}, msgBadDate, date)
		}
		cve := strings.TrimSpace(str(rec[1]))
		kb := parseKB(rec[2])
		id := cve
		if id == "" {
			if kb == 0 {
				continue // neither a CVE nor an update: nothing to report
			}
			id = "KB" + strconv.Itoa(kb)
		}
		b := d.builders[id]
		if b == nil {
			b = &builder{e: &Entry{ID: id, CVE: cve, Title: str(rec[3]), Published: date}, fixes: map[fixKey]int{}}
			d.builders[id] = b
		}
		e := b.e
		if date < e.Published {
			e.Published = date
		}
		if sev := str(rec[6]); severityRank(sev) > severityRank(e.Severity) {
			e.Severity, e.Impact = sev, str(rec[7])
		} else if e.Impact == "" {
			e.Impact = str(rec[7])
		}
		if len(rec) > 9 && len(rec[9]) > 0 {
			for _, x := range strings.Split(string(rec[9]), ",") {
				if x = strings.TrimSpace(x); x != "" && !slices.Contains(e.Exploits, x) {
					e.Exploits = append(e.Exploits, x)
				}
			}
		}
		k := fixKey{osName, component, kb}
		i, ok := b.fixes[k]
		if !ok {
			i = len(e.Fixes)
			b.fixes[k] = i
			e.Fixes = append(e.Fixes, Fix{Product: osName, Component: component, AffectedComponent: str(rec[5]), KB: kb, Date: date})
		}
		f := &e.Fixes[i]
		if date < f.Date {
			f.Date = date
		}
		for _, s := range supersedes(rec[8]) {
			if s != kb && !slices.Contains(f.Supersedes, s) {
				f.Supersedes = append(f.Supersedes, s)
			}
		}
	}
}

// customRow keeps the KB-to-KB supersedence of a Custom_*.csv row.
func (d *Definitions) customRow(rec [][]byte) {
	kb := parseKB(rec[2])
	if kb == 0 {
		return
	}
	for _, s := range supersedes(rec[8]) {
		if s != kb && !slices.Contains(d.Edges[kb], s) {
			d.Edges[kb] = append(d.Edges[kb], s)
		}
	}
}

// finish sorts the entries and applies the custom supersedence.
func (d *Definitions) finish() {
	d.Entries = make([]*Entry, 0, len(d.builders))
	for _, b := range d.builders {
		for i := range b.e.Fixes {
			f := &b.e.Fixes[i]
			for _, s := range d.Edges[f.KB] {
				if !slices.Contains(f.Supersedes, s) {
					f.Supersedes = append(f.Supersedes, s)
				}
			}
			sort.Ints(f.Supersedes)
		}
		d.Entries = append(d.Entries, b.e)
	}
	d.builders = nil
	sort.Slice(d.Entries, func(i, j int) bool { return d.Entries[i].ID < d.Entries[j].ID })
}

func wrapPipe(name string, err error) error {
	var e *extract.Error
	if errors.As(err, &e) {
		return err
	}
	return extract.Errorf(name, extract.Pos{}, extract.MsgRead, err)
}

func validDate(s string) bool {
	if len(s) != 8 {
		return false
	}
	for i := 0; i < 8; i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// parseKB reads a BulletinKB ("3124266"; "" and words such as "Release
// Notes" name none).
func parseKB(b []byte) int {
	b = bytes.TrimSpace(b)
	if len(b) < 4 || len(b) > 8 {
		return 0
	}
	n := 0
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0
		}
		n = n*10 + int(c-'0')
	}
	return n
}

// supersedes reads the Supersedes column: KBs separated by ";" (a few rows
// separate them with "<br><br>" or end them with a line break).
func supersedes(b []byte) []int {
	if len(b) == 0 {
		return nil
	}
	var out []int
	for _, part := range bytes.FieldsFunc(b, func(r rune) bool { return r == ';' || r == '<' || r == '>' || r == '\n' || r == '\r' || r == ' ' }) {
		if kb := parseKB(part); kb != 0 {
			out = append(out, kb)
		}
	}
	return out
}

func severityRank(s string) int {
	switch strings.ToLower(s) {
	case "low":
		return 1
	case "moderate":
		return 2
	case "important":
		return 3
	case "critical":
		return 4
	}
	return 0
}
