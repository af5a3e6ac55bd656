package host

import (
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// Host is one machine: the inventories of its files combined.
type Host struct {
	// Name is the machine's name, "" when no inventory gives it (then
	// Label names it by its file).
	Name string
	// OS is nil when no inventory describes the operating system.
	OS *OS
	// HasUpdates reports whether some inventory lists the installed
	// updates; Updates are the distinct entries of all of them (by KB
	// number; entries without one are kept once each).
	HasUpdates bool
	Updates    []Update
	// Incomplete marks an update list known to be cut short in every
	// inventory that gives one (systeminfo's own limit).
	Incomplete bool
	// Sources are the inventories combined, in the order read.
	Sources []*Inventory
}

// Label names the host for a report: its name, else its first file.
func (h *Host) Label() string {
	if h.Name != "" {
		return h.Name
	}
	if len(h.Sources) > 0 {
		return filepath.Base(h.Sources[0].File)
	}
	return ""
}

// KBs returns the distinct KB numbers installed.
func (h *Host) KBs() []int { return distinctKBs(h.Updates) }

// Has reports whether the host lists KB kb, and the update that does.
func (h *Host) Has(kb int) (Update, bool) {
	for _, u := range h.Updates {
		if u.KB == kb {
			return u, true
		}
	}
	return Update{}, false
}

// Combine groups inventories into hosts:
//
//   - inventories that describe the OS combine when they name the same
//     machine (host names compare case-insensitively) with the same build
//     and kind (client or server); the same name with another build is
//     another state of the machine and stays apart, and an inventory
//     without a name stays on its own;
//   - an update list (wmic qfe, Get-HotFix) joins the one OS inventory of
//     its machine's name, or, when it names none, the one OS inventory in
//     its directory; when several qualify it joins the one whose file name
//     shares the longest beginning with its own (srv01_qfe.txt goes with
//     srv01_systeminfo.txt), and when that does not decide it stays on its
//     own, with no OS.
//
// Hosts come sorted by label, then by first file.
func Combine(invs []*Inventory) []*Host {
	var hosts []*Host
	key := func(inv *Inventory) string {
		if inv.Host == "" {
			return ""
		}
		kind := "client"
		if inv.OS.Server() {
			kind = "server"
		}
		return strings.ToLower(inv.Host) + "\x00" + itoa(inv.OS.Build) + "\x00" + kind
	}
	byKey := map[string]*Host{}
	for _, inv := range invs {
		if inv.OS == nil {
			continue
		}
		k := key(inv)
		if h, ok := byKey[k]; ok && k != "" {
			h.add(inv)
			continue
		}
		h := &Host{Name: inv.Host}
		h.add(inv)
		hosts = append(hosts, h)
		if k != "" {
			byKey[k] = h
		}
	}
	osHosts := append([]*Host(nil), hosts...)
	orphans := map[string]*Host{} // update lists of a named machine with no OS inventory
	for _, inv := range invs {
		if inv.OS != nil {
			continue
		}
		var cands []*Host
		for _, h := range osHosts {
			if inv.Host != "" && strings.EqualFold(h.Name, inv.Host) ||
				inv.Host == "" && sameDir(h, inv.File) {
				cands = append(cands, h)
			}
		}
		if h := bestByFileName(cands, inv.File); h != nil {
			h.add(inv)
			continue
		}
		if inv.Host != "" {
			if h, ok := orphans[strings.ToLower(inv.Host)]; ok {
				h.add(inv)
				continue
			}
		}
		h := &Host{Name: inv.Host}
		h.add(inv)
		hosts = append(hosts, h)
		if inv.Host != "" {
			orphans[strings.ToLower(inv.Host)] = h
		}
	}
	for _, h := range hosts {
		h.finish()
	}
	sort.SliceStable(hosts, func(i, j int) bool {
		a, b := strings.ToLower(hosts[i].Label()), strings.ToLower(hosts[j].Label())
		if a != b {
			return a < b
		}
		return hosts[i].Sources[0].File < hosts[j].Sources[0].File
	})
	return hosts
}

func sameDir(h *Host, file string) bool {
	for _, s := range h.Sources {
		if filepath.Dir(s.File) == filepath.Dir(file) {
			return true
		}
	}
	return false
}

// bestByFileName picks among candidates the one whose file name shares
// the longest beginning with file's; nil when none or when two tie.
func bestByFileName(cands []*Host, file string) *Host {
	if len(cands) == 1 {
		return cands[0]
	}
	base := filepath.Base(file)
	var best *Host
	bestN, tie := 0, false
	for _, h := range cands {
		n := 0
		for _, s := range h.Sources {
			if m := commonPrefix(base, filepath.Base(s.File)); m > n {
				n = m
			}
		}
		switch {
		case n > bestN:
			best, bestN, tie = h, n, false
		case n == bestN:
			tie = true
		}
	}
	if tie || bestN == 0 {
		return nil
	}
	return best
}

func commonPrefix(a, b string) int {
	n := 0
	for n < len(a) && n < len(b) && a[n] == b[n] {
		n++
	}
	return n
}

func (h *Host) add(inv *Inventory) {
	h.Sources = append(h.Sources, inv)
	if h.Name == "" {
		h.Name = inv.Host
	}
	if inv.OS != nil {
		if h.OS == nil {
			o := *inv.OS
			h.OS = &o
		} else {
			h.OS.fill(inv.OS)
		}
	}
}

// fill completes o with what other says and o does not.
func (o *OS) fill(other *OS) {
	if o.Name == "" {
		o.Name = other.Name
	}
	if o.UBR == 0 {
		o.UBR = other.UBR
	}
	if o.DisplayVersion == "" {
		o.DisplayVersion = other.DisplayVersion
	}
	if o.Arch == "" {
		o.Arch = other.Arch
	}
	if o.InstallationType == "" {
		o.InstallationType = other.InstallationType
	}
	if o.Locale == "" {
		o.Locale = other.Locale
	}
	if o.ServicePack == 0 {
		o.ServicePack = other.ServicePack
	}
}

// finish merges the update lists of the host's sources.
func (h *Host) finish() {
	seen := map[int]bool{}
	complete := false
	for _, s := range h.Sources {
		if !s.HasUpdates {
			continue
		}
		h.HasUpdates = true
		if !s.Incomplete {
			complete = true
		}
		for _, u := range s.Updates {
			if u.KB != 0 {
				if seen[u.KB] {
					continue
				}
				seen[u.KB] = true
			}
			h.Updates = append(h.Updates, u)
		}
	}
	h.Incomplete = h.HasUpdates && !complete
}

func itoa(n int) string { return strconv.Itoa(n) }
