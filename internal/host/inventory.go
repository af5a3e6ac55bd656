package host

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"

	"github.com/affected-dev/affected/internal/extract"
)

// InventoryFormat is the value of "format" in an inventory of our own, and
// InventoryVersion the version this package reads and writes.
const (
	InventoryFormat  = "affected-inventory"
	InventoryVersion = 1
)

// InventoryDoc is the JSON inventory of our own, for sources that are not
// systeminfo or an update list (a management tool's export, a script on
// the machine). Example:
//
//	{
//	  "format": "affected-inventory",
//	  "version": 1,
//	  "hosts": [
//	    {
//	      "name": "WS-017",
//	      "os": {
//	        "name": "Microsoft Windows 10 Pro",
//	        "version": "10.0.19045",
//	        "ubr": 4291,
//	        "display_version": "22H2",
//	        "architecture": "x64",
//	        "installation_type": "Client"
//	      },
//	      "updates": ["KB5034441", "KB5033372"]
//	    }
//	  ]
//	}
//
// os.version is "major.minor.build" (or give os.build alone); architecture
// is x86, x64, arm, arm64 or ia64; installation_type is the registry's
// InstallationType (Client, Server, Server Core). updates lists the
// installed updates by KB number; leave it out when the installed updates
// are not known (every advisory then says "unknown" for the host), and
// give [] for a machine with none. Unknown fields are errors, so that a
// misspelt field is not silently ignored.
type InventoryDoc struct {
	Format  string          `json:"format"`
	Version int             `json:"version"`
	Hosts   []InventoryHost `json:"hosts"`
}

// InventoryHost is one machine of an [InventoryDoc].
type InventoryHost struct {
	Name    string       `json:"name"`
	OS      *InventoryOS `json:"os,omitempty"`
	Updates *[]string    `json:"updates,omitempty"`
}

// InventoryOS is the operating system of an [InventoryHost].
type InventoryOS struct {
	Name             string `json:"name"`
	Version          string `json:"version,omitempty"`
	Build            int    `json:"build,omitempty"`
	UBR              int    `json:"ubr,omitempty"`
	ServicePack      int    `json:"service_pack,omitempty"`
	DisplayVersion   string `json:"display_version,omitempty"`
	Architecture     string `json:"architecture,omitempty"`
	InstallationType string `json:"installation_type,omitempty"`
}

// isInventoryJSON reports whether data is our inventory (its "format").
func isInventoryJSON(data []byte) bool {
	var probe struct {
		Format string `json:"format"`
	}
	return json.Unmarshal(data, &probe) == nil && probe.Format == InventoryFormat
}

// ReadInventory reads an inventory of our own.
func readInventory(t *text, data []byte) ([]*Inventory, error) {
	var doc InventoryDoc
	if err := json.Unmarshal(data, &doc); err != nil {
		return nil, extract.JSONError(t.file, data, 0, err)
	}
	if err := unknownFields(t.file, data); err != nil {
		return nil, err
	}
	if doc.Version != InventoryVersion {
		return nil, extract.Errorf(t.file, jsonPos(data, `"version"`), extract.MsgUnsupportedVersion, InventoryFormat, doc.Version, strconv.Itoa(InventoryVersion))
	}
	var out []*Inventory
	for i, h := range doc.Hosts {
		inv := &Inventory{File: t.file, Line: 1, Format: FormatInventory, Encoding: t.enc, Host: strings.TrimSpace(h.Name)}
		where := "hosts[" + strconv.Itoa(i) + "]"
		if h.OS != nil {
			os := &OS{Name: h.OS.Name, Build: h.OS.Build, UBR: h.OS.UBR, ServicePack: h.OS.ServicePack,
				DisplayVersion: h.OS.DisplayVersion, InstallationType: h.OS.InstallationType}
			if h.OS.Version != "" {
				m := versionShape.FindStringSubmatch(h.OS.Version)
				if m == nil || m[4] != "" {
					return nil, extract.Errorf(t.file, jsonPos(data, strconv.Quote(h.OS.Version)), msgBadField, where+".os.version", h.OS.Version)
				}
				os.Version = m[1] + "." + m[2] + "." + m[3]
				b, _ := strconv.Atoi(m[3])
				if os.Build != 0 && os.Build != b {
					return nil, extract.Errorf(t.file, jsonPos(data, strconv.Quote(h.OS.Version)), msgBadField, where+".os.build", strconv.Itoa(os.Build))
				}
				os.Build = b
			}
			if os.Build == 0 {
				return nil, extract.Errorf(t.file, jsonPos(data, `"os"`), extract.MsgMissingField, where+".os", "version")
			}
			if a := h.OS.Architecture; a != "" {
				os.Arch = archOf(strings.ToLower(a))
				if os.Arch == "" {
					return nil, extract.Errorf(t.file, jsonPos(data, strconv.Quote(a)), msgBadField, where+".os.architecture", a)
				}
			}
			inv.OS = os
		}
		if h.Updates != nil {
			inv.HasUpdates = true
			for _, id := range *h.Updates {
				u := newUpdate(id, extract.Pos{})
				if u.KB == 0 {
					return nil, extract.Errorf(t.file, jsonPos(data, strconv.Quote(id)), msgBadField, where+".updates", id)
				}
				inv.Updates = append(inv.Updates, u)
			}
		}
		if inv.Host == "" && inv.OS == nil {
			return nil, extract.Errorf(t.file, jsonPos(data, `"hosts"`), extract.MsgMissingField, where, "name")
		}
		out = append(out, inv)
	}
	if len(out) == 0 {
		return nil, extract.Errorf(t.file, jsonPos(data, `"hosts"`), msgNoHosts)
	}
	return out, nil
}

// unknownFields reports the first field of an inventory that version 1
// does not define, so that a misspelt field is not silently ignored.
func unknownFields(file string, data []byte) error {
	var top map[string]json.RawMessage
	if json.Unmarshal(data, &top) != nil {
		return nil
	}
	known := func(obj map[string]json.RawMessage, where string, names ...string) error {
		for k := range obj {
			ok := false
			for _, n := range names {
				ok = ok || k == n
			}
			if !ok {
				return extract.Errorf(file, jsonPos(data, strconv.Quote(k)), msgUnknownField, where+k)
			}
		}
		return nil
	}
	if err := known(top, "", "format", "version", "hosts"); err != nil {
		return err
	}
	var hosts []map[string]json.RawMessage
	if json.Unmarshal(top["hosts"], &hosts) != nil {
		return nil
	}
	for i, h := range hosts {
		where := "hosts[" + strconv.Itoa(i) + "]."
		if err := known(h, where, "name", "os", "updates"); err != nil {
			return err
		}
		var os map[string]json.RawMessage
		if json.Unmarshal(h["os"], &os) == nil {
			if err := known(os, where+"os.", "name", "version", "build", "ubr", "service_pack", "display_version", "architecture", "installation_type"); err != nil {
				return err
			}
		}
	}
	return nil
}

// jsonPos is the position of the first occurrence of s in data (the start
// when absent): good enough to point a reader at a value.
func jsonPos(data []byte, s string) extract.Pos {
	i := bytes.Index(data, []byte(s))
	if i < 0 {
		i = 0
	}
	return extract.PosAt(data, int64(i))
}

// hotfixJSON is one object of Get-HotFix | ConvertTo-Json. Windows
// PowerShell writes InstalledOn as {"value": "/Date(…)/", "DateTime": "…"},
// PowerShell 7 as a string.
type hotfixJSON struct {
	HotFixID       string          `json:"HotFixID"`
	CSName         string          `json:"CSName"`
	PSComputerName string          `json:"PSComputerName"`
	Source         string          `json:"Source"`
	Description    string          `json:"Description"`
	InstalledOn    json.RawMessage `json:"InstalledOn"`
}

// looksLikeHotfixJSON reports whether data is JSON with a HotFixID key.
func looksLikeHotfixJSON(data []byte) bool {
	return bytes.Contains(bytes.ToLower(data), []byte(`"hotfixid"`))
}

// readHotfixJSON reads Get-HotFix | ConvertTo-Json: an array of objects,
// or one object when there was one update.
func readHotfixJSON(t *text, data []byte) ([]*Inventory, error) {
	var list []hotfixJSON
	trimmed := bytes.TrimSpace(data)
	if len(trimmed) > 0 && trimmed[0] == '{' {
		var one hotfixJSON
		if err := json.Unmarshal(data, &one); err != nil {
			return nil, extract.JSONError(t.file, data, 0, err)
		}
		list = []hotfixJSON{one}
	} else if err := json.Unmarshal(data, &list); err != nil {
		return nil, extract.JSONError(t.file, data, 0, err)
	}
	var rows []updateRow
	for _, h := range list {
		row := updateRow{id: strings.TrimSpace(h.HotFixID), description: h.Description, installedOn: installedOn(h.InstalledOn)}
		for _, v := range []string{h.PSComputerName, h.CSName, h.Source} {
			if v = strings.TrimSpace(v); v != "" {
				row.host = v
				break
			}
		}
		if row.id != "" {
			row.pos = jsonPos(data, strconv.Quote(row.id))
		}
		rows = append(rows, row)
	}
	return groupRows(t, FormatHotFixJSON, rows), nil
}

func installedOn(raw json.RawMessage) string {
	if len(raw) == 0 {
		return ""
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	var o struct {
		DateTime string `json:"DateTime"`
	}
	if json.Unmarshal(raw, &o) == nil {
		return o.DateTime
	}
	return ""
}
