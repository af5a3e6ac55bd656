// Package inventory is the document a scan, a host read or a TLS probe
// uploads to `affected server`: not its findings but what it found —
// every project × target framework with its resolved packages and
// dependency edges; every Windows inventory file with the machine's
// product, build and installed updates, as `affected host` read it — so
// that the server can show paths and evidence and match advisories
// published later without the client reading anything again.
//
// The document is JSON, "schema_version": 1, documented field by field
// below and in the server's OpenAPI file (/api/v1/openapi.json). A reader
// ignores fields it does not know (a later minor addition), and refuses a
// higher schema version. Decode checks more than the syntax: every edge
// names nodes that exist, names and paths are not empty, a project and
// framework appear once; each error carries a JSON pointer to the value at
// fault (RFC 6901) and, where the syntax is at fault, the line and column.
//
// Limits: Decode works on a document already in memory (the server caps
// the request size before); the counts are capped by Limits so that a
// small document cannot claim a huge graph.
package inventory

import (
	"bytes"
	"encoding/json"
	"errors"
	"strconv"
	"strings"

	"github.com/affected-dev/affected/internal/extract"
	"github.com/affected-dev/affected/internal/i18n"
	"github.com/affected-dev/affected/internal/nuget"
)

// SchemaVersion is the version of the document this package writes.
const SchemaVersion = 1

// Document is one upload: the state of one source (a checkout, a build,
// an SBOM), which replaces what the server held for that source.
type Document struct {
	SchemaVersion int `json:"schema_version"`
	// Source names what the document describes; a later upload with the
	// same source replaces it whole. Defaults to the host name and the
	// scanned paths (`affected scan --upload --source NAME` sets it).
	Source string `json:"source"`
	// Tool is the program that wrote the document ("affected devel").
	Tool string `json:"tool,omitempty"`
	// Format is how the server got it: "affected" or "cyclonedx".
	Format   string    `json:"format,omitempty"`
	Projects []Project `json:"projects"`
	// Hosts are the Windows inventories read (`affected host --upload`):
	// one per file, or per machine of a file that lists several. The
	// server combines those of one machine as `affected host` does.
	Hosts []Host `json:"hosts,omitempty"`
	// Endpoints are TLS probe results (`affected tls --upload`), each the
	// object `affected tls --format json` writes in its "results": the
	// server derives their verdicts again from what they measured.
	Endpoints []json.RawMessage `json:"endpoints,omitempty"`
	// Errors are the inputs the scan could not read: the inventory is
	// then partial, and says so.
	Errors []Error `json:"errors,omitempty"`
}

// Project is one project file (or, from an SBOM, one application).
type Project struct {
	// Path is the project's path relative to the scanned root, as scan
	// reports show it.
	Path string `json:"path"`
	// Sources are the other files read for it (lock, assets, props).
	Sources []string `json:"sources,omitempty"`
	// Targets has one dependency graph per target framework.
	Targets []Target `json:"targets"`
}

// Target is the dependency graph of a project for one target framework.
type Target struct {
	Framework string `json:"framework"` // short name; "" when unknown
	// Source is the file the graph comes from (lock data, else the
	// manifest).
	Source string `json:"source"`
	Nodes  []Node `json:"nodes"`
	// Edges are [from, to] pairs of indices into Nodes: from depends on to.
	Edges [][2]int `json:"edges"`
}

// Node is a package or a referenced project in a graph.
type Node struct {
	Name    string `json:"name"`
	Version string `json:"version,omitempty"`
	// Kind is "package" (the default when empty) or "project".
	Kind string `json:"kind,omitempty"`
	// Direct marks what the project itself references (the roots).
	Direct bool `json:"direct,omitempty"`
	// Platform marks the shared runtime (Microsoft.NETCore.App).
	Platform bool `json:"platform,omitempty"`
	// Unresolved marks a version taken from a declared Range (no lock
	// data).
	Unresolved bool   `json:"unresolved,omitempty"`
	Range      string `json:"range,omitempty"`
	// DeclaredAt is where a direct dependency is declared.
	DeclaredAt *Location `json:"declared_at,omitempty"`
	// PURL is the package URL the node came with (CycloneDX input).
	PURL string `json:"purl,omitempty"`
}

// Node kinds.
const (
	KindPackage = "package"
	KindProject = "project"
)

// Host is what one Windows inventory (a systeminfo output, a wmic qfe
// or Get-HotFix listing, an inventory of our own) says about one machine:
// the fields of internal/host's Inventory, with each update's place in
// the file, so that a verdict can point at the line that proves it.
type Host struct {
	// File is the inventory's path as `affected host` shows it (relative
	// to where it ran); Line the first line of its record in the file.
	File     string `json:"file"`
	Line     int    `json:"line,omitempty"`
	Format   string `json:"format"`
	Encoding string `json:"encoding,omitempty"`
	// Name is the machine's name, "" when the file does not give it.
	Name string `json:"name,omitempty"`
	// OS is absent when the file does not describe the operating system
	// (an update list).
	OS *HostOS `json:"os,omitempty"`
	// HasUpdates says whether the file lists installed updates (the list
	// may be empty); Claimed is the count it announces and Incomplete
	// marks a list cut short of it.
	HasUpdates bool         `json:"has_updates,omitempty"`
	Updates    []HostUpdate `json:"updates,omitempty"`
	Claimed    int          `json:"claimed,omitempty"`
	Incomplete bool         `json:"incomplete,omitempty"`
}

// HostOS is the operating system an inventory describes.
type HostOS struct {
	// Name is the product name as written, localized editions included.
	Name string `json:"name"`
	// Version is "major.minor.build"; Build decides the product.
	Version          string `json:"version,omitempty"`
	Build            int    `json:"build,omitempty"`
	UBR              int    `json:"ubr,omitempty"`
	ServicePack      int    `json:"service_pack,omitempty"`
	DisplayVersion   string `json:"display_version,omitempty"`
	Arch             string `json:"arch,omitempty"`
	InstallationType string `json:"installation_type,omitempty"`
	Locale           string `json:"locale,omitempty"`
}

// HostUpdate is an entry of an installed-updates list.
type HostUpdate struct {
	// ID is the entry as written ("KB3124266", "File 1"); KB the Knowledge
	// Base number it names, 0 for none.
	ID          string `json:"id"`
	KB          int    `json:"kb,omitempty"`
	Description string `json:"description,omitempty"`
	InstalledOn string `json:"installed_on,omitempty"`
	// Line and Column place the entry in File.
	Line   int `json:"line,omitempty"`
	Column int `json:"column,omitempty"`
}

// Location is a place in a file (relative path, 1-based line and column).
type Location struct {
	File   string `json:"file"`
	Line   int    `json:"line,omitempty"`
	Column int    `json:"column,omitempty"`
}

// Error is a problem the scan met in one of its inputs.
type Error struct {
	File    string `json:"file,omitempty"`
	Line    int    `json:"line,omitempty"`
	Column  int    `json:"column,omitempty"`
	Message string `json:"message"`
}

// Limits bound what one document may hold.
type Limits struct {
	Projects  int // projects in the document
	Nodes     int // nodes in one target
	Edges     int // edges in one target
	Hosts     int // host inventories in the document
	Updates   int // updates in one host inventory
	Endpoints int // TLS probe results in the document
}

// DefaultLimits are far above real projects (the largest graphs of the
// corpus have under 1,000 nodes) and machines (a few hundred updates),
// and keep a hostile document small.
var DefaultLimits = Limits{Projects: 200_000, Nodes: 100_000, Edges: 1_000_000, Hosts: 200_000, Updates: 100_000, Endpoints: 100_000}

// DecodeError is a document that cannot be accepted: where (a JSON
// pointer, and for a syntax error the line and column) and why.
type DecodeError struct {
	Pointer      string
	Line, Column int
	Msg          *i18n.Message
	Args         []any
}

func (e *DecodeError) Error() string { return e.Localize(i18n.En) }

// Localize renders the error in l, prefixed with its position.
func (e *DecodeError) Localize(l i18n.Lang) string {
	return e.where() + e.Msg.Plain(l, e.Args...)
}

// Text renders the message alone, in l.
func (e *DecodeError) Text(l i18n.Lang) string { return e.Msg.Plain(l, e.Args...) }

func (e *DecodeError) where() string {
	switch {
	case e.Line > 0:
		return strconv.Itoa(e.Line) + ":" + strconv.Itoa(e.Column) + ": "
	case e.Pointer != "":
		return e.Pointer + ": "
	}
	return ""
}

// Decode reads a document and checks it (see the package comment).
func Decode(data []byte, lim Limits) (*Document, error) {
	body, base := extract.TrimBOM(data)
	var doc Document
	if err := json.Unmarshal(body, &doc); err != nil {
		return nil, jsonError(data, base, err)
	}
	if err := doc.Check(lim); err != nil {
		return nil, err
	}
	return &doc, nil
}

// jsonError locates an encoding/json error.
func jsonError(data []byte, base int64, err error) error {
	e := extract.JSONError("", data, base, err)
	d := &DecodeError{Line: e.Pos.Line, Column: e.Pos.Col, Msg: e.Msg, Args: e.Args}
	var typ *json.UnmarshalTypeError
	if errors.As(err, &typ) {
		d.Pointer = "/" + strings.ReplaceAll(typ.Field, ".", "/")
	}
	return d
}

func fail(ptr string, m *i18n.Message, args ...any) error {
	return &DecodeError{Pointer: ptr, Msg: m, Args: args}
}

// Check verifies what the syntax cannot: the version, the source, every
// edge and name, the hosts' files and updates, the endpoints' targets,
// and the limits. It puts each endpoint in compact form, so that the
// same result has the same bytes.
func (d *Document) Check(lim Limits) error {
	switch {
	case d.SchemaVersion == 0:
		return fail("/schema_version", MsgMissing, "schema_version")
	case d.SchemaVersion > SchemaVersion:
		return fail("/schema_version", MsgVersion, d.SchemaVersion, SchemaVersion)
	case strings.TrimSpace(d.Source) == "":
		return fail("/source", MsgMissing, "source")
	case len(d.Source) > 1024:
		return fail("/source", MsgTooLong, "source", 1024)
	case len(d.Projects) > lim.Projects:
		return fail("/projects", MsgTooMany, "projects", lim.Projects)
	case len(d.Hosts) > lim.Hosts:
		return fail("/hosts", MsgTooMany, "hosts", lim.Hosts)
	case len(d.Endpoints) > lim.Endpoints:
		return fail("/endpoints", MsgTooMany, "endpoints", lim.Endpoints)
	}
	targets := make(map[string]bool, len(d.Endpoints))
	for i, raw := range d.Endpoints {
		at := "/endpoints/" + strconv.Itoa(i)
		var e struct {
			Target string `json:"target"`
		}
		if err := json.Unmarshal(raw, &e); err != nil {
			return fail(at, MsgNotObject)
		}
		switch {
		case strings.TrimSpace(e.Target) == "":
			return fail(at+"/target", MsgMissing, "target")
		case targets[e.Target]:
			return fail(at+"/target", MsgDuplicate, e.Target)
		}
		targets[e.Target] = true
		var b bytes.Buffer
		if json.Compact(&b, raw) == nil {
			d.Endpoints[i] = b.Bytes() // one form, so that the same result has the same digest
		}
	}
	for i := range d.Hosts {
		if err := d.Hosts[i].check("/hosts/"+strconv.Itoa(i), lim); err != nil {
			return err
		}
	}
	seen := make(map[string]bool, len(d.Projects))
	for i := range d.Projects {
		p := &d.Projects[i]
		at := "/projects/" + strconv.Itoa(i)
		if p.Path == "" {
			return fail(at+"/path", MsgMissing, "path")
		}
		if seen[p.Path] {
			return fail(at+"/path", MsgDuplicate, p.Path)
		}
		seen[p.Path] = true
		fws := map[string]bool{}
		for j := range p.Targets {
			t := &p.Targets[j]
			at := at + "/targets/" + strconv.Itoa(j)
			if fws[strings.ToLower(t.Framework)] {
				return fail(at+"/framework", MsgDuplicate, t.Framework)
			}
			fws[strings.ToLower(t.Framework)] = true
			if err := t.check(at, lim); err != nil {
				return err
			}
		}
	}
	return nil
}

func (t *Target) check(at string, lim Limits) error {
	if len(t.Nodes) > lim.Nodes {
		return fail(at+"/nodes", MsgTooMany, "nodes", lim.Nodes)
	}
	if len(t.Edges) > lim.Edges {
		return fail(at+"/edges", MsgTooMany, "edges", lim.Edges)
	}
	names := make(map[string]bool, len(t.Nodes))
	for k := range t.Nodes {
		n := &t.Nodes[k]
		at := at + "/nodes/" + strconv.Itoa(k)
		if strings.TrimSpace(n.Name) == "" {
			return fail(at+"/name", MsgMissing, "name")
		}
		key := nuget.NormalizeID(n.Name)
		if names[key] {
			return fail(at+"/name", MsgDuplicate, n.Name)
		}
		names[key] = true
		if n.Kind != "" && n.Kind != KindPackage && n.Kind != KindProject {
			return fail(at+"/kind", MsgKind, n.Kind)
		}
	}
	for k, e := range t.Edges {
		for side := range 2 {
			if e[side] < 0 || e[side] >= len(t.Nodes) {
				return fail(at+"/edges/"+strconv.Itoa(k)+"/"+strconv.Itoa(side), MsgEdge, e[side], len(t.Nodes))
			}
		}
	}
	return nil
}

func (h *Host) check(at string, lim Limits) error {
	switch {
	case strings.TrimSpace(h.File) == "":
		return fail(at+"/file", MsgMissing, "file")
	case strings.TrimSpace(h.Format) == "":
		return fail(at+"/format", MsgMissing, "format")
	case h.Line < 0:
		return fail(at+"/line", MsgNegative, "line")
	case h.Name == "" && h.OS == nil && !h.HasUpdates:
		return fail(at+"/name", MsgMissing, "name")
	case len(h.Updates) > lim.Updates:
		return fail(at+"/updates", MsgTooMany, "updates", lim.Updates)
	case len(h.Updates) > 0 && !h.HasUpdates:
		return fail(at+"/has_updates", MsgMissing, "has_updates")
	case h.Claimed < 0:
		return fail(at+"/claimed", MsgNegative, "claimed")
	}
	if o := h.OS; o != nil {
		for _, f := range []struct {
			name string
			v    int
		}{{"build", o.Build}, {"ubr", o.UBR}, {"service_pack", o.ServicePack}} {
			if f.v < 0 {
				return fail(at+"/os/"+f.name, MsgNegative, f.name)
			}
		}
	}
	for k, u := range h.Updates {
		at := at + "/updates/" + strconv.Itoa(k)
		switch {
		case strings.TrimSpace(u.ID) == "":
			return fail(at+"/id", MsgMissing, "id")
		case u.KB < 0:
			return fail(at+"/kb", MsgNegative, "kb")
		case u.Line < 0 || u.Column < 0:
			return fail(at+"/line", MsgNegative, "line")
		}
	}
	return nil
}

// Encode writes the document as compact JSON (what `scan --upload`
// sends).
func Encode(d *Document) ([]byte, error) {
	d.SchemaVersion = SchemaVersion
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(d); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// Messages of the checks.
var (
	MsgMissing = i18n.Define("inventory.missing",
		"%s is missing or empty",
		"%s{이/가} 없거나 비어 있음",
		"缺少 %s 或其為空")
	MsgVersion = i18n.Define("inventory.version",
		"schema_version %d is not supported (this server reads up to %d)",
		"schema_version %d{은/는} 지원되지 않음 (이 서버는 %d까지 읽음)",
		"不支援 schema_version %d（此伺服器最多讀取 %d）")
	MsgTooLong = i18n.Define("inventory.too-long",
		"%s is longer than %d {byte|bytes}",
		"%s{이/가} %d바이트보다 김",
		"%s 超過 %d 位元組")
	MsgTooMany = i18n.Define("inventory.too-many",
		"more %s than the limit of %d",
		"%s 수가 한도 %d{을/를} 넘음",
		"%s 數量超過上限 %d")
	MsgNotObject = i18n.Define("inventory.not-object",
		"not a JSON object with the fields of a probe result",
		"프로브 결과의 필드를 가진 JSON 객체가 아님",
		"不是具有探測結果欄位的 JSON 物件")
	MsgNegative = i18n.Define("inventory.negative",
		"%s cannot be negative",
		"%s{은/는} 음수일 수 없음",
		"%s 不可為負數")
	MsgDuplicate = i18n.Define("inventory.duplicate",
		"%q appears twice",
		"%q{이/가} 두 번 나옴",
		"%q 出現兩次")
	MsgKind = i18n.Define("inventory.kind",
		"kind %q is neither \"package\" nor \"project\"",
		"kind %q{은/는} \"package\"도 \"project\"도 아님",
		"kind %q 不是 \"package\" 也不是 \"project\"")
	MsgEdge = i18n.Define("inventory.edge",
		"edge end %d is not a node index (the target has %d {node|nodes})",
		"간선 끝 %d{은/는} 노드 번호가 아님 (대상에 노드 %d개)",
		"邊的端點 %d 不是節點索引（此目標有 %d 個節點）")
)
