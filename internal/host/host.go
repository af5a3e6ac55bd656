// Package host reads what Windows machines say about themselves — their
// product, build and installed updates — from the inventories
// administrators collect, and combines the files of one machine into one
// [Host].
//
// # Inventories
//
// Each file is recognised by its content, never by its name:
//
//   - systeminfo output, as a list (the default) or as CSV (/fo csv, with
//     or without the header row; one row per host when several runs were
//     appended), in any display language. Labels are localized
//     ("Host Name:", "호스트 이름:", "主機名稱:", "Nom de l'hôte:"); the
//     reader never reads them. It finds the OS version by the shape of its
//     value ("6.3.9600 N/A Build 9600", "10.0.19045 N/A 빌드 19045") and
//     the other fields by their fixed place around it (host name two
//     fields before, system type eleven after, hotfixes twenty-eight
//     after), checking each value's shape. Values are aligned on a column
//     measured in console cells (a Hangul or Han character takes two), as
//     systeminfo writes them.
//   - wmic qfe output (any column selection, as long as it has HotFixID;
//     table, /format:list and /format:csv forms), and PowerShell's
//     Get-HotFix as a table, as a list, as CSV (Export-Csv, with or
//     without the #TYPE line) and as JSON (ConvertTo-Json).
//   - An inventory of our own, for any other source (see [ReadInventory]):
//     JSON with "format": "affected-inventory".
//
// Files may be UTF-8 (with or without BOM), UTF-16LE or UTF-16BE (with or
// without BOM, also after the ASCII line wmic writes when it installs
// itself), or in a console's legacy code page: 949 (Korean), 950
// (Traditional Chinese), 936, 932, 437/850, 852, 866, 1250–1252. A legacy
// file's code page is chosen by the system locale it names ("ko;한국어")
// and checked by decoding; text that was damaged before it reached us
// (replacement characters, UTF-8 read in a legacy code page and saved
// again, question marks in place of lost characters) is refused with the
// position of the first damaged character.
//
// # Bad input
//
// A file that is none of these, a systeminfo output cut off before its
// hotfix list, or damaged text gives a located error (file:line:col) and
// no inventory; the other files are still read. Windows Update listings
// (the updates offered to a machine, "KB4489893: 2019-03 Preview of
// Monthly Quality Rollup…") are refused with that reason: they say what is
// missing, not what is installed.
//
// # Limits
//
// systeminfo lists at most what fits its buffer: on machines with a few
// hundred updates the list stops short of the count it announces (and its
// last entry may be cut). Such a list is kept, marked incomplete; a wmic
// qfe or Get-HotFix file of the same machine completes it. On Windows XP
// and Server 2003 systeminfo names many updates "File 1"; only their wmic
// qfe output has the KB numbers.
package host

import (
	"strconv"
	"strings"

	"github.com/affected-dev/affected/internal/extract"
	"github.com/affected-dev/affected/internal/lazyre"
)

// Format names the kind of an inventory file.
type Format string

// The inventory formats.
const (
	FormatSysteminfo    Format = "systeminfo"      // systeminfo, list form
	FormatSysteminfoCSV Format = "systeminfo-csv"  // systeminfo /fo csv
	FormatWMIC          Format = "wmic-qfe"        // wmic qfe (table, list or csv)
	FormatHotFix        Format = "get-hotfix"      // Get-HotFix as a table or list
	FormatHotFixCSV     Format = "get-hotfix-csv"  // Get-HotFix | Export-Csv
	FormatHotFixJSON    Format = "get-hotfix-json" // Get-HotFix | ConvertTo-Json
	FormatInventory     Format = "inventory"       // our own JSON inventory
	FormatLocal         Format = "local"           // read from the running machine
)

// Inventory is what one file (or one record of a file that holds several
// hosts) says about one machine.
type Inventory struct {
	File string `json:"file"`
	// Line is the first line of the record in File (1 for a file of one
	// host).
	Line     int    `json:"line"`
	Format   Format `json:"format"`
	Encoding string `json:"encoding"`
	// Host is the machine's name, "" when the file does not give it (a
	// wmic qfe output without CSName, a systeminfo whose first line is
	// missing).
	Host string `json:"host,omitempty"`
	// OS is nil when the file does not describe the operating system (an
	// update list).
	OS *OS `json:"os,omitempty"`
	// HasUpdates reports whether the file lists installed updates (the
	// list may be empty); Updates are the entries in file order.
	HasUpdates bool     `json:"has_updates"`
	Updates    []Update `json:"updates,omitempty"`
	// Claimed is the number of updates the file announces (systeminfo's
	// "273 Hotfix(s) Installed."), 0 when it announces none. Incomplete
	// marks a list that stops short of it.
	Claimed    int  `json:"claimed,omitempty"`
	Incomplete bool `json:"incomplete,omitempty"`
}

// OS is the operating system as an inventory describes it.
type OS struct {
	// Name is the product name as the inventory writes it, localized
	// editions included ("Microsoft Windows 10 專業版").
	Name string `json:"name"`
	// Version is "major.minor.build" ("6.3.9600").
	Version string `json:"version,omitempty"`
	Build   int    `json:"build,omitempty"`
	// UBR is the update build revision (the 3803 of 19045.3803), 0 when
	// the inventory does not give it (systeminfo does not).
	UBR         int `json:"ubr,omitempty"`
	ServicePack int `json:"service_pack,omitempty"`
	// DisplayVersion is the feature release as the registry names it
	// ("22H2"), when the inventory gives it.
	DisplayVersion string `json:"display_version,omitempty"`
	// Arch is "x86", "x64", "arm", "arm64" or "ia64"; "" when unknown.
	Arch string `json:"arch,omitempty"`
	// InstallationType is the registry's "Client", "Server" or "Server
	// Core" when the inventory gives it.
	InstallationType string `json:"installation_type,omitempty"`
	// Locale is the system locale code ("ko", "zh-tw") when given.
	Locale string `json:"locale,omitempty"`
}

// Server reports whether the OS is a server edition: its name says
// "Server" (in every display language Windows keeps that word in the
// product name), or the registry's installation type does.
func (o *OS) Server() bool {
	if o == nil {
		return false
	}
	if strings.HasPrefix(o.InstallationType, "Server") {
		return true
	}
	return serverWord.MatchString(o.Name)
}

// ServerCore reports whether the registry's installation type says Server
// Core (systeminfo cannot tell).
func (o *OS) ServerCore() bool {
	return o != nil && strings.EqualFold(o.InstallationType, "Server Core")
}

var serverWord = lazyre.New(`(?i)\bserver`)

// Update is one entry of an installed-updates list.
type Update struct {
	// ID is the entry as written: "KB3124266", "Q147222", "943729",
	// "KB893803v2", "File 1", a GUID.
	ID string `json:"id"`
	// KB is the Knowledge Base number the entry names, 0 when it names
	// none ("File 1", a GUID). "Q147222" and a bare "943729" are KB
	// numbers (the Q articles were renumbered KB with the same number).
	KB          int         `json:"kb,omitempty"`
	Description string      `json:"description,omitempty"`
	InstalledOn string      `json:"installed_on,omitempty"`
	Pos         extract.Pos `json:"-"`
}

var kbShape = lazyre.New(`(?i)^(?:KB|Q)?\s?(\d{4,8})(?:\b|[^0-9]|$)`)

// parseUpdateID returns the KB number an update ID names, or 0.
func parseUpdateID(id string) int {
	id = strings.TrimSpace(id)
	if id == "" {
		return 0
	}
	m := kbShape.FindStringSubmatch(id)
	if m == nil {
		return 0
	}
	// A bare number must be the whole ID ("943729"), not "2 File".
	if c := id[0]; c >= '0' && c <= '9' && len(m[1]) != len(id) {
		return 0
	}
	n, err := strconv.Atoi(m[1])
	if err != nil || n == 0 {
		return 0
	}
	return n
}

// newUpdate builds an Update from an ID as written.
func newUpdate(id string, pos extract.Pos) Update {
	id = strings.TrimSpace(id)
	return Update{ID: id, KB: parseUpdateID(id), Pos: pos}
}

// KBs returns the distinct KB numbers of the updates, in file order.
func (inv *Inventory) KBs() []int {
	return distinctKBs(inv.Updates)
}

func distinctKBs(us []Update) []int {
	seen := map[int]bool{}
	var out []int
	for _, u := range us {
		if u.KB != 0 && !seen[u.KB] {
			seen[u.KB] = true
			out = append(out, u.KB)
		}
	}
	return out
}
