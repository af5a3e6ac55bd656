package db

import (
	"encoding/json"

	"github.com/affected-dev/affected/internal/advisory"
	"github.com/affected-dev/affected/internal/extract/jsonscan"
	"github.com/affected-dev/affected/internal/i18n"
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
	if sp.len <= 0 || sp.len > maxRecord || sp.off+int64(sp.len) > d.size {
		return nil, i18n.Errorf(msgCorrupt, d.dir, i18n.Errorf(msgBadSpan, sp.off))
	}
	buf := make([]byte, sp.len)
	if _, err := d.records.ReadAt(buf, sp.off); err != nil {
		return nil, i18n.Errorf(msgCorrupt, d.dir, err)
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
	s := jsonscan.New(buf)
	a = new(advisory.Advisory)
	seen, clean := 0, true
	isObject, valid := s.Document(func(key []byte, _ int) bool {
		k := recordKey(key)
		if k == 0 || seen&k != 0 {
			clean = false
		}
		seen |= k
		start := s.Offset()
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
			err = json.Unmarshal(raw, &a.ID)
		case keyWithdrawn:
			err = json.Unmarshal(raw, &a.Withdrawn)
		case keyPackages:
			var ok bool
			if a.Packages, ok = decodeExposures(raw); !ok {
				a.Packages = nil
				err = json.Unmarshal(raw, &a.Packages)
			}
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
	s := jsonscan.New(raw)
	clean := true
	str := func(dst *string) bool {
		if s.Peek() != '"' {
			clean = false
			return s.Skip()
		}
		raw, ok := s.String()
		*dst = jsonscan.Unquote(raw)
		return ok
	}
	strs := func(dst *[]string) bool {
		if s.Peek() != '[' {
			clean = false
			return s.Skip()
		}
		list := []string{}
		ok := s.Array(func() bool {
			var x string
			ok := str(&x)
			list = append(list, x)
			return ok
		})
		*dst = list
		return ok
	}
	// object reads an object whose keys field numbers (1, 2, 4 …; 0 for
	// others), each once.
	object := func(field func(key []byte) int, value func(int) bool) bool {
		if s.Peek() != '{' {
			clean = false
			return s.Skip()
		}
		seen := 0
		return s.Object(func(key []byte, _ int) bool {
			f := field(key)
			if f == 0 || seen&f != 0 {
				clean = false
				return s.Skip()
			}
			seen |= f
			return value(f)
		})
	}
	if s.Peek() != '[' {
		return nil, false
	}
	out = []advisory.PackageExposure{}
	valid := s.Array(func() bool {
		var p advisory.PackageExposure
		ok := object(exposureField, func(f int) bool {
			switch f {
			case 1:
				return str(&p.Ecosystem)
			case 2:
				return str(&p.Name)
			case 4:
				if s.Peek() != '[' {
					clean = false
					return s.Skip()
				}
				p.Ranges = []advisory.Range{}
				return s.Array(func() bool {
					var r advisory.Range
					ok := object(rangeField, func(f int) bool {
						if f == 1 {
							return str(&r.Type)
						}
						if s.Peek() != '[' {
							clean = false
							return s.Skip()
						}
						r.Events = []advisory.Event{}
						return s.Array(func() bool {
							var e advisory.Event
							ok := object(eventField, func(f int) bool {
								switch f {
								case 1:
									return str(&e.Introduced)
								case 2:
									return str(&e.Fixed)
								case 4:
									return str(&e.LastAffected)
								}
								return str(&e.Limit)
							})
							r.Events = append(r.Events, e)
							return ok
						})
					})
					p.Ranges = append(p.Ranges, r)
					return ok
				})
			case 8:
				return strs(&p.Versions)
			case 16:
				start := s.Offset()
				if !s.Skip() {
					return false
				}
				switch string(raw[start:s.Offset()]) {
				case "true":
					p.Exact = true
				case "false":
					p.Exact = false
				default:
					clean = false
				}
				return true
			case 32:
				return strs(&p.Related)
			}
			return strs(&p.Ignore)
		})
		out = append(out, p)
		return ok
	})
	s.Peek()
	if !valid || !clean || s.Offset() != len(raw) {
		return nil, false
	}
	return out, true
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
