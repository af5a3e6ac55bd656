package scan

import (
	"errors"
	"path/filepath"
	"strconv"

	"github.com/affected-dev/affected/internal/extract"
	"github.com/affected-dev/affected/internal/host"
	"github.com/affected-dev/affected/internal/i18n"
	"github.com/affected-dev/affected/internal/inventory"
	"github.com/affected-dev/affected/internal/match"
	"github.com/affected-dev/affected/internal/project"
	"github.com/affected-dev/affected/internal/report"
)

// HostOptions tune CheckHosts.
type HostOptions struct {
	Lang i18n.Lang
	// Advisories restricts the verdicts to these IDs or aliases.
	Advisories []string
	// Base is the directory report paths are relative to ("" for the
	// paths as given).
	Base string
	// Local reads the running machine when no path is given (Windows
	// only; see host.ReadLocal).
	Local func() (*host.Inventory, error)
}

// CheckHosts reads the Windows inventories under paths (the running
// machine when there are none and opts.Local is set), combines them into
// hosts, matches the hosts against the advisories of src and returns the
// report. Files that cannot be read are in the document's Errors (the
// others are still checked); the error result is for a failure of the
// advisory source.
func CheckHosts(paths []string, src match.PlatformSource, opts HostOptions) (*report.HostDocument, error) {
	doc, _, err := CheckHostInventories(paths, src, opts)
	return doc, err
}

// CheckHostInventories is CheckHosts that also returns the inventories
// read, in the form `affected host --upload` sends them (files as the
// report shows them).
func CheckHostInventories(paths []string, src match.PlatformSource, opts HostOptions) (*report.HostDocument, []inventory.Host, error) {
	doc := &report.HostDocument{Lang: opts.Lang.String(), Asked: opts.Advisories}
	display := func(f string) string {
		if opts.Base == "" || f == "" {
			return filepath.ToSlash(f)
		}
		abs, err := filepath.Abs(f)
		if err != nil {
			return filepath.ToSlash(f)
		}
		return project.Display(opts.Base, abs)
	}
	var invs []*host.Inventory
	var errs []error
	if len(paths) == 0 && opts.Local != nil {
		inv, err := opts.Local()
		if err != nil {
			errs = append(errs, err)
		} else {
			invs = append(invs, inv)
		}
	} else {
		invs, errs = host.ReadPaths(paths)
	}
	for _, err := range errs {
		doc.Errors = append(doc.Errors, errorEntry(err, opts.Lang, display))
	}
	uploaded := make([]inventory.Host, len(invs))
	for i, inv := range invs {
		uploaded[i] = HostInventory(inv, display)
	}
	hosts := host.Combine(invs)
	results, err := match.MatchHosts(hosts, src, match.HostOptions{Advisories: opts.Advisories})
	if err != nil {
		return doc, uploaded, err
	}
	seen := map[string]bool{}
	for _, r := range results {
		doc.Hosts = append(doc.Hosts, hostEntry(r, opts.Lang, display))
		for _, v := range r.Verdicts {
			if v.Status == match.NotApplicable && len(opts.Advisories) == 0 || seen[v.Advisory.ID] {
				continue
			}
			seen[v.Advisory.ID] = true
			doc.Advisories = append(doc.Advisories, advisoryEntry(v.Advisory, opts.Lang))
		}
	}
	return doc, uploaded, nil
}

// HostInventory is the upload form of an inventory, its file (and the
// evidence's) as display shows it.
func HostInventory(inv *host.Inventory, display func(string) string) inventory.Host {
	h := inventory.Host{File: display(inv.File), Line: inv.Line, Format: string(inv.Format), Encoding: inv.Encoding, Name: inv.Host,
		HasUpdates: inv.HasUpdates, Claimed: inv.Claimed, Incomplete: inv.Incomplete}
	if o := inv.OS; o != nil {
		h.OS = &inventory.HostOS{Name: o.Name, Version: o.Version, Build: o.Build, UBR: o.UBR, ServicePack: o.ServicePack,
			DisplayVersion: o.DisplayVersion, Arch: o.Arch, InstallationType: o.InstallationType, Locale: o.Locale}
	}
	for _, u := range inv.Updates {
		h.Updates = append(h.Updates, inventory.HostUpdate{ID: u.ID, KB: u.KB, Description: u.Description, InstalledOn: u.InstalledOn,
			Line: u.Pos.Line, Column: u.Pos.Col})
	}
	return h
}

// HostOf rebuilds an inventory from its upload form (checked by
// inventory.Decode).
func HostOf(h *inventory.Host) *host.Inventory {
	inv := &host.Inventory{File: h.File, Line: h.Line, Format: host.Format(h.Format), Encoding: h.Encoding, Host: h.Name,
		HasUpdates: h.HasUpdates, Claimed: h.Claimed, Incomplete: h.Incomplete}
	if o := h.OS; o != nil {
		inv.OS = &host.OS{Name: o.Name, Version: o.Version, Build: o.Build, UBR: o.UBR, ServicePack: o.ServicePack,
			DisplayVersion: o.DisplayVersion, Arch: o.Arch, InstallationType: o.InstallationType, Locale: o.Locale}
	}
	for _, u := range h.Updates {
		inv.Updates = append(inv.Updates, host.Update{ID: u.ID, KB: u.KB, Description: u.Description, InstalledOn: u.InstalledOn,
			Pos: extract.Pos{Line: u.Line, Col: u.Column}})
	}
	return inv
}

// CombineHosts groups uploaded inventories into machines as `affected
// host` does (host.Combine).
func CombineHosts(hs []inventory.Host) []*host.Host {
	invs := make([]*host.Inventory, len(hs))
	for i := range hs {
		invs[i] = HostOf(&hs[i])
	}
	return host.Combine(invs)
}

// HostEntries matches hosts whose files are already as reports show them
// (uploaded inventories) against src, and returns each host's entry as
// `affected host --format json` gives it, texts in lang.
func HostEntries(hosts []*host.Host, src match.PlatformSource, lang i18n.Lang) ([]report.HostEntry, error) {
	results, err := match.MatchHosts(hosts, src, match.HostOptions{})
	if err != nil {
		return nil, err
	}
	out := make([]report.HostEntry, len(results))
	same := func(f string) string { return f }
	for i, r := range results {
		out[i] = hostEntry(r, lang, same)
	}
	return out, nil
}

func errorEntry(err error, lang i18n.Lang, display func(string) string) report.ErrorEntry {
	var e *extract.Error
	if errors.As(err, &e) {
		return report.ErrorEntry{File: display(e.File), Line: e.Pos.Line, Column: e.Pos.Col, Message: e.Text(lang)}
	}
	return report.ErrorEntry{Message: i18n.Localize(err, lang)}
}

func hostEntry(r match.HostResult, lang i18n.Lang, display func(string) string) report.HostEntry {
	h := r.Host
	e := report.HostEntry{Name: h.Label(), Reason: string(r.Reason), UpdateList: h.HasUpdates, Incomplete: h.Incomplete}
	if h.Name == "" && len(h.Sources) > 0 {
		e.Name = display(h.Sources[0].File)
	}
	for _, s := range h.Sources {
		e.Sources = append(e.Sources, report.HostSource{File: display(s.File), Line: s.Line, Format: string(s.Format), Encoding: s.Encoding})
	}
	if o := h.OS; o != nil {
		e.OS = &report.HostOS{Name: o.Name, Version: o.Version, Build: o.Build, UBR: o.UBR, ServicePack: o.ServicePack,
			DisplayVersion: o.DisplayVersion, Arch: o.Arch, InstallationType: o.InstallationType}
	}
	if r.ProductOK {
		e.Product, e.ProductName = r.Product.ID(), r.Product.Name()
	}
	for _, kb := range h.KBs() {
		e.Updates = append(e.Updates, "KB"+strconv.Itoa(kb))
	}
	for _, v := range r.Verdicts {
		hv := report.HostVerdict{Advisory: v.Advisory.ID, Status: string(v.Status), Reason: string(v.Reason)}
		if v.Reason != "" {
			hv.ReasonText = report.ReasonText(string(v.Reason), lang)
		}
		for _, rv := range v.Rows {
			row := report.HostRow{Product: rv.Product, ProductID: rv.ProductID, Component: rv.Component, Fixes: rv.Fixes,
				Status: string(rv.Status), Reason: string(rv.Reason), Found: rv.Found, Via: rv.Via,
				Install: rv.Install, InstallReleased: rv.InstallReleased}
			if u := rv.Evidence; u != nil {
				row.Evidence = &report.Location{File: display(evidenceFile(h, u)), Line: u.Pos.Line, Column: u.Pos.Col}
			}
			hv.Rows = append(hv.Rows, row)
		}
		switch v.Status {
		case match.Affected:
			e.Counts.Affected++
		case match.Fixed:
			e.Counts.Fixed++
		case match.Unknown:
			e.Counts.Unknown++
		case match.NotApplicable:
			e.Counts.NotApplicable++
		}
		e.Verdicts = append(e.Verdicts, hv)
	}
	for _, m := range r.Missing {
		e.Missing = append(e.Missing, report.MissingUpdate{KB: m.KB, Released: m.Released, Advisories: m.Advisories})
	}
	return e
}

// evidenceFile finds the file of the inventory that lists an update.
func evidenceFile(h *host.Host, u *host.Update) string {
	for _, s := range h.Sources {
		for i := range s.Updates {
			if s.Updates[i].KB == u.KB && s.Updates[i].Pos == u.Pos {
				return s.File
			}
		}
	}
	if len(h.Sources) > 0 {
		return h.Sources[0].File
	}
	return ""
}
