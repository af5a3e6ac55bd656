package db

import (
	"bytes"
	"encoding/json"
	"sync"

	"github.com/affected-dev/affected/internal/advisory"
	"github.com/affected-dev/affected/internal/extract/jsonscan"
)

// ForPackageMatch is ForPackage with the database's records decoded only
// as far as matching reads them: their id, withdrawal and package
// exposures (compiled). Matching looks at every record of every package a
// tree has, and finds few that apply; [DB.Whole] gives the whole record of
// one that does. A scan of the bench's lock tree with 5,000 generated
// records decoded 2,500 of them whole with encoding/json, the most of what
// the database cost it.
func (d *DB) ForPackageMatch(name string) []*advisory.Advisory {
	return d.forPackage(name, (*DB).slimRecord)
}

// Whole returns the whole record of an advisory that ForPackageMatch
// gave (the advisory itself when it is whole already), or false when the
// record cannot be decoded whole (a damaged database: Err says so).
func (d *DB) Whole(a *advisory.Advisory) (*advisory.Advisory, bool) {
	d.mu.Lock()
	sp, ok := d.slimSpan[a]
	d.mu.Unlock()
	if !ok {
		return a, true
	}
	w, err := d.record(sp)
	if err != nil {
		d.fail(err)
		return nil, false
	}
	return w, true
}

// slimRecord reads and decodes the record at sp as far as matching reads
// it, once. A record not in the form the writer gives it (a key it does
// not write, one given twice) is decoded whole.
func (d *DB) slimRecord(sp span) (*advisory.Advisory, error) {
	d.mu.Lock()
	a, ok := d.slim[sp.off]
	if !ok {
		a, ok = d.cache[sp.off] // decoded whole already
	}
	d.mu.Unlock()
	if ok {
		return a, nil
	}
	buf, err := d.recordBytes(sp)
	if err != nil {
		return nil, err
	}
	a, ok = decodeSlim(buf)
	if !ok {
		return d.record(sp)
	}
	a.Compile() // before it is shared
	d.mu.Lock()
	if b, ok := d.slim[sp.off]; ok {
		a = b // decoded meanwhile by another goroutine: keep one pointer
	} else {
		if d.slim == nil {
			d.slim, d.slimSpan = map[int64]*advisory.Advisory{}, map[*advisory.Advisory]span{}
		}
		d.slim[sp.off] = a
		d.slimSpan[a] = sp
	}
	d.mu.Unlock()
	return a, nil
}

// The top-level keys of a record as the writer gives them (json.Marshal
// of advisory.Advisory).
const (
	keyID = 1 << iota
	keyAliases
	keySource
	keyPublished
	keyModified
	keyWithdrawn
	keySeverity
	keyScores
	keyTexts
	keyReferences
	keyRevisions
	keyPackages
	keyPlatforms
	keyBehaviours
)

func recordKey(raw []byte) int {
	switch string(raw) {
	case `"id"`:
		return keyID
	case `"aliases"`:
		return keyAliases
	case `"source"`:
		return keySource
	case `"published"`:
		return keyPublished
	case `"modified"`:
		return keyModified
	case `"withdrawn"`:
		return keyWithdrawn
	case `"severity"`:
		return keySeverity
	case `"scores"`:
		return keyScores
	case `"texts"`:
		return keyTexts
	case `"references"`:
		return keyReferences
	case `"revisions"`:
		return keyRevisions
	case `"packages"`:
		return keyPackages
	case `"platforms"`:
		return keyPlatforms
	case `"behaviours"`:
		return keyBehaviours
	}
	return 0
}

// decodeSlim decodes the id, withdrawal and package exposures of a record
// (each as encoding/json decodes it whole), having checked that the record
// is valid JSON, an object whose keys are the writer's, each once, and
// that the values of the others are of their JSON kinds. ok is false
// otherwise: the caller decodes the record whole, which says what is
// wrong with it.
func decodeSlim(buf []byte) (a *advisory.Advisory, ok bool) {
	x := exposureDecoders.Get().(*exposureDecoder)
	defer exposureDecoders.Put(x)
	s := &x.top
	s.Reset(buf)
	defer s.Reset(nil) // nothing kept alive by the pool
	a = new(advisory.Advisory)
	seen, clean := 0, true
	isObject, valid := s.Document(func(key []byte, _ int) bool {
		k := recordKey(key)
		if k == 0 || seen&k != 0 {
			clean = false
		}
		seen |= k
		start := s.Offset()
		if k == keyPackages && clean {
			// In the writer's form, the exposures are decoded in the
			// pass that validates them.
			if p, n, ok := x.decodeArray(buf[start:]); ok {
				a.Packages = p
				s.Seek(start + n)
				return true
			}
		}
		if !s.Skip() {
			return false
		}
		if !clean {
			return true
		}
		raw := buf[start:s.Offset()]
		var err error
		switch k {
		case keyID:
			switch raw[0] {
			case '"':
				a.ID = jsonscan.Unquote(raw) // as encoding/json gives it
			case 'n': // leaves ID empty, as encoding/json does
			default:
				clean = false
			}
		case keyWithdrawn:
			err = json.Unmarshal(raw, &a.Withdrawn)
		case keyPackages: // not in the writer's form (decodeArray declined it)
			err = json.Unmarshal(raw, &a.Packages)
		case keySource, keySeverity, keyPublished, keyModified:
			clean = raw[0] == '"' || raw[0] == 'n'
		default: // lists
			clean = raw[0] == '[' || raw[0] == 'n'
		}
		if err != nil {
			clean = false
		}
		return true
	})
	return a, isObject && valid && clean && a.ID != ""
}

// decodeExposures decodes the "packages" of a record as encoding/json
// decodes them into []advisory.PackageExposure, when they are in the
// writer's form: an array of objects whose keys are the fields' names
// (ranges' and events' too), each once, with values of the fields' kinds
// and no nulls. ok is false otherwise (and for invalid JSON): the caller
// uses encoding/json. Decoding the exposures of the bench's 2,500 records
// with encoding/json cost a scan about 55 M instructions.
func decodeExposures(raw []byte) (out []advisory.PackageExposure, ok bool) {
	x := exposureDecoders.Get().(*exposureDecoder)
	defer exposureDecoders.Put(x)
	return x.decode(raw)
}

// exposureDecoders keep the memory of decoders: their lists are gathered
// in scratch space and copied out at their length, one allocation each
// instead of append's growing.
var exposureDecoders = sync.Pool{New: func() any { return new(exposureDecoder) }}

// An exposureDecoder is decodeExposures' state: the scanner, whether the
// input is still in the writer's form, and scratch space for the lists
// being read (exposures, the ranges of one, the events of one range, a
// list of strings), which do not nest in themselves; and decodeSlim's
// scanner of the whole record (the scanners keep their memory from one
// record to the next).
type exposureDecoder struct {
	top    jsonscan.Scanner
	s      jsonscan.Scanner
	clean  bool
	pkgs   []advisory.PackageExposure
	ranges []advisory.Range
	events []advisory.Event
	list   []string
	raw    []byte // the input
}

func (x *exposureDecoder) decode(raw []byte) ([]advisory.PackageExposure, bool) {
	out, n, ok := x.decodeArray(raw)
	if !ok || n != len(raw) && len(bytes.TrimLeft(raw[n:], " \t\r\n")) > 0 {
		return nil, false
	}
	return out, true
}

// decodeArray is decode of the array at the start of data, which may go
// on after it: n is the array's end.
func (x *exposureDecoder) decodeArray(data []byte) (out []advisory.PackageExposure, n int, ok bool) {
	s := &x.s
	s.Reset(data)
	x.raw, x.clean = data, true
	defer func() { x.raw = nil; s.Reset(nil) }() // nothing kept alive by the pool
	if s.Peek() != '[' {
		return nil, 0, false
	}
	x.pkgs = x.pkgs[:0]
	valid := s.Array(func() bool {
		var p advisory.PackageExposure
		ok := x.object(exposureField, func(f int) bool { return x.exposureMember(&p, f) })
		x.pkgs = append(x.pkgs, p)
		return ok
	})
	out = exact(x.pkgs)
	clear(x.pkgs)
	if !valid || !x.clean {
		return nil, 0, false
	}
	return out, s.Offset(), true
}

// exact returns a copy of list at its length, non-nil when empty as
// encoding/json gives an empty array.
func exact[T any](list []T) []T {
	if len(list) == 0 {
		return []T{}
	}
	return append(make([]T, 0, len(list)), list...)
}

func (x *exposureDecoder) exposureMember(p *advisory.PackageExposure, f int) bool {
	s := &x.s
	switch f {
	case 1:
		return x.str(&p.Ecosystem)
	case 2:
		return x.str(&p.Name)
	case 4:
		if s.Peek() != '[' {
			x.clean = false
			return s.Skip()
		}
		x.ranges = x.ranges[:0]
		ok := s.Array(func() bool {
			var r advisory.Range
			ok := x.object(rangeField, func(f int) bool { return x.rangeMember(&r, f) })
			x.ranges = append(x.ranges, r)
			return ok
		})
		p.Ranges = exact(x.ranges)
		clear(x.ranges)
		return ok
	case 8:
		return x.strs(&p.Versions)
	case 16:
		start := s.Offset()
		if !s.Skip() {
			return false
		}
		switch string(x.raw[start:s.Offset()]) {
		case "true":
			p.Exact = true
		case "false":
			p.Exact = false
		default:
			x.clean = false
		}
		return true
	case 32:
		return x.strs(&p.Related)
	}
	return x.strs(&p.Ignore)
}

func (x *exposureDecoder) rangeMember(r *advisory.Range, f int) bool {
	s := &x.s
	if f == 1 {
		return x.str(&r.Type)
	}
	if s.Peek() != '[' {
		x.clean = false
		return s.Skip()
	}
	x.events = x.events[:0]
	ok := s.Array(func() bool {
		var e advisory.Event
		ok := x.object(eventField, func(f int) bool {
			switch f {
			case 1:
				return x.str(&e.Introduced)
			case 2:
				return x.str(&e.Fixed)
			case 4:
				return x.str(&e.LastAffected)
			}
			return x.str(&e.Limit)
		})
		x.events = append(x.events, e)
		return ok
	})
	r.Events = exact(x.events)
	clear(x.events)
	return ok
}

// object reads an object whose keys field numbers (1, 2, 4 …; 0 for
// others), each once.
func (x *exposureDecoder) object(field func(key []byte) int, value func(int) bool) bool {
	s := &x.s
	if s.Peek() != '{' {
		x.clean = false
		return s.Skip()
	}
	seen := 0
	return s.Object(func(key []byte, _ int) bool {
		f := field(key)
		if f == 0 || seen&f != 0 {
			x.clean = false
			return s.Skip()
		}
		seen |= f
		return value(f)
	})
}

func (x *exposureDecoder) str(dst *string) bool {
	s := &x.s
	if s.Peek() != '"' {
		x.clean = false
		return s.Skip()
	}
	raw, ok := s.String()
	*dst = text(raw)
	return ok
}

// text is jsonscan.Unquote without an allocation for the words every
// record repeats.
func text(raw []byte) string {
	switch string(raw) {
	case `"NuGet"`:
		return "NuGet"
	case `"ECOSYSTEM"`:
		return "ECOSYSTEM"
	}
	return jsonscan.Unquote(raw)
}

func (x *exposureDecoder) strs(dst *[]string) bool {
	s := &x.s
	if s.Peek() != '[' {
		x.clean = false
		return s.Skip()
	}
	x.list = x.list[:0]
	ok := s.Array(func() bool {
		var v string
		ok := x.str(&v)
		x.list = append(x.list, v)
		return ok
	})
	*dst = exact(x.list)
	clear(x.list)
	return ok
}

func exposureField(key []byte) int {
	switch string(key) {
	case `"ecosystem"`:
		return 1
	case `"name"`:
		return 2
	case `"ranges"`:
		return 4
	case `"versions"`:
		return 8
	case `"exact"`:
		return 16
	case `"related"`:
		return 32
	case `"ignore"`:
		return 64
	}
	return 0
}

func rangeField(key []byte) int {
	switch string(key) {
	case `"type"`:
		return 1
	case `"events"`:
		return 2
	}
	return 0
}

func eventField(key []byte) int {
	switch string(key) {
	case `"introduced"`:
		return 1
	case `"fixed"`:
		return 2
	case `"last_affected"`:
		return 4
	case `"limit"`:
		return 8
	}
	return 0
}
