package inventory

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"math"
)

// The binary form of a Target, in which the server stores graphs: what
// re-matching reads back for every graph an advisory touches, so it is
// compact and decodes without reflection. All integers are unsigned
// varints, strings a varint length and the bytes:
//
//	byte 0x01 (the form's version)
//	framework, source
//	node count, then per node: a flags byte (binProject, binDirect,
//	  binPlatform, binUnresolved, binRange, binDeclared, binPURL), name,
//	  version, then range, declared_at (file, line, column) and purl when
//	  their flags are set
//	edge count, then per edge: from, to
//
// A stored graph that starts with '{' is the JSON form (graphs stored
// before the binary form existed): TargetDecoder reads both.

const binVersion = 0x01

// Node flags of the binary form.
const (
	binProject = 1 << iota
	binDirect
	binPlatform
	binUnresolved
	binRange
	binDeclared
	binPURL
)

// AppendBinary appends the binary form of t to b.
func (t *Target) AppendBinary(b []byte) []byte {
	b = append(b, binVersion)
	b = appendString(b, t.Framework)
	b = appendString(b, t.Source)
	b = binary.AppendUvarint(b, uint64(len(t.Nodes)))
	for i := range t.Nodes {
		n := &t.Nodes[i]
		var flags byte
		if n.Kind == KindProject {
			flags |= binProject
		}
		if n.Direct {
			flags |= binDirect
		}
		if n.Platform {
			flags |= binPlatform
		}
		if n.Unresolved {
			flags |= binUnresolved
		}
		if n.Range != "" {
			flags |= binRange
		}
		if n.DeclaredAt != nil {
			flags |= binDeclared
		}
		if n.PURL != "" {
			flags |= binPURL
		}
		b = append(b, flags)
		b = appendString(b, n.Name)
		b = appendString(b, n.Version)
		if n.Range != "" {
			b = appendString(b, n.Range)
		}
		if d := n.DeclaredAt; d != nil {
			b = appendString(b, d.File)
			b = binary.AppendUvarint(b, uint64(max(d.Line, 0)))
			b = binary.AppendUvarint(b, uint64(max(d.Column, 0)))
		}
		if n.PURL != "" {
			b = appendString(b, n.PURL)
		}
	}
	b = binary.AppendUvarint(b, uint64(len(t.Edges)))
	for _, e := range t.Edges {
		b = binary.AppendUvarint(b, uint64(max(e[0], 0)))
		b = binary.AppendUvarint(b, uint64(max(e[1], 0)))
	}
	return b
}

func appendString(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

// MarshalBinary implements encoding.BinaryMarshaler.
func (t *Target) MarshalBinary() ([]byte, error) { return t.AppendBinary(nil), nil }

// UnmarshalBinary implements encoding.BinaryUnmarshaler.
func (t *Target) UnmarshalBinary(data []byte) error {
	var d TargetDecoder
	return d.Decode(data, t)
}

// ErrBinary is a binary form that cannot be read.
var ErrBinary = errors.New("not a stored graph")

// TargetDecoder reads stored graphs, the binary form or the JSON one,
// sharing one copy of each name and version among the graphs it reads
// (its memory grows with the distinct strings seen). It is not safe for
// concurrent use.
type TargetDecoder struct {
	strs map[string]string
}

// Strings counts the distinct strings the decoder keeps.
func (d *TargetDecoder) Strings() int { return len(d.strs) }

// Decode reads a stored graph into t, reusing the memory of its nodes and
// edges. It checks the form's structure, not what Check checks.
func (d *TargetDecoder) Decode(data []byte, t *Target) error {
	nodes, edges := t.Nodes[:0], t.Edges[:0]
	*t = Target{}
	if len(data) > 0 && data[0] == '{' {
		return json.Unmarshal(data, t)
	}
	if len(data) == 0 || data[0] != binVersion {
		return ErrBinary
	}
	r := binReader{data: data, pos: 1, d: d}
	t.Framework = r.string()
	t.Source = r.string()
	n := r.count(2) // a node takes at least a flags byte and two lengths
	if r.err != nil {
		return r.err
	}
	if cap(nodes) < n {
		nodes = make([]Node, n)
	}
	t.Nodes = nodes[:n]
	clear(t.Nodes)
	for i := range t.Nodes {
		nd := &t.Nodes[i]
		flags := r.byte()
		nd.Name = r.string()
		nd.Version = r.string()
		if flags&binProject != 0 {
			nd.Kind = KindProject
		}
		nd.Direct = flags&binDirect != 0
		nd.Platform = flags&binPlatform != 0
		nd.Unresolved = flags&binUnresolved != 0
		if flags&binRange != 0 {
			nd.Range = r.string()
		}
		if flags&binDeclared != 0 {
			nd.DeclaredAt = &Location{File: r.string(), Line: r.int(), Column: r.int()}
		}
		if flags&binPURL != 0 {
			nd.PURL = r.string()
		}
		if r.err != nil {
			return r.err
		}
	}
	m := r.count(2)
	if r.err != nil {
		return r.err
	}
	if cap(edges) < m {
		edges = make([][2]int, m)
	}
	t.Edges = edges[:m]
	for i := range t.Edges {
		t.Edges[i] = [2]int{r.int(), r.int()}
		if t.Edges[i][0] >= n || t.Edges[i][1] >= n {
			r.err = ErrBinary
		}
	}
	if r.err == nil && r.pos != len(data) {
		r.err = ErrBinary
	}
	return r.err
}

// binReader reads the binary form; its first error sticks.
type binReader struct {
	data []byte
	pos  int
	err  error
	d    *TargetDecoder
}

func (r *binReader) uvarint() uint64 {
	if r.err != nil {
		return 0
	}
	v, n := binary.Uvarint(r.data[r.pos:])
	if n <= 0 {
		r.err = ErrBinary
		return 0
	}
	r.pos += n
	return v
}

func (r *binReader) int() int {
	v := r.uvarint()
	if v > math.MaxInt32 {
		r.err = ErrBinary
		return 0
	}
	return int(v)
}

// count reads a count of items of at least min bytes each, refusing one
// the remaining bytes cannot hold.
func (r *binReader) count(min int) int {
	v := r.uvarint()
	if v > uint64(len(r.data)-r.pos)/uint64(min) {
		r.err = ErrBinary
		return 0
	}
	return int(v)
}

func (r *binReader) byte() byte {
	if r.err != nil || r.pos >= len(r.data) {
		r.err = ErrBinary
		return 0
	}
	r.pos++
	return r.data[r.pos-1]
}

func (r *binReader) string() string {
	n := r.uvarint()
	if r.err != nil || n > uint64(len(r.data)-r.pos) {
		r.err = ErrBinary
		return ""
	}
	b := r.data[r.pos : r.pos+int(n)]
	r.pos += int(n)
	if r.d.strs == nil {
		r.d.strs = map[string]string{}
	}
	if s, ok := r.d.strs[string(b)]; ok {
		return s
	}
	s := string(b)
	r.d.strs[s] = s
	return s
}
