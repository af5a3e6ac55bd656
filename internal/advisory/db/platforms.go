package db

import (
	"bytes"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/affected-dev/affected/internal/advisory"
	"github.com/affected-dev/affected/internal/extract/jsonscan"
	"github.com/affected-dev/affected/internal/i18n"
)

// The platforms index: one line per product family and version
// ("windows-server/2012r2") named by a record's platform exposures,
// pointing at the records, so that checking a host decodes only the
// records of its product.
//
//	platforms.idx   "affected-db-platforms 1\n", then sorted lines
//	                "<family>/<version>\t<offset>+<length>[,...]\n"
//
// A version written before the index existed has no platforms.idx: its
// records are then found by reading them all.
const (
	platformsFile  = "platforms.idx"
	platformsMagic = "affected-db-platforms"
)

// openPlatforms reads the platforms index of the open version, if any.
func (d *DB) openPlatforms() error {
	d.platformsOnce.Do(func() {
		if d.version == "" {
			return
		}
		data, err := os.ReadFile(filepath.Join(d.dir, d.version, platformsFile))
		if errors.Is(err, fs.ErrNotExist) {
			d.noPlatforms = true
			return
		}
		if err == nil {
			d.platforms, err = parseIndex(data, platformsMagic)
		}
		if err != nil {
			d.platformsErr = i18n.Errorf(msgCorrupt, d.dir, err)
		}
	})
	return d.platformsErr
}

// EachForPlatform calls fn with every advisory in force (not withdrawn)
// that has a platform exposure of a product whose family and version are
// one of keys ([PlatformKey]): the built-in records first, then the
// database's, each with only the platform rows of those keys. The
// database's records are decoded for the call, those rows only (a wesng
// record names forty products; a host has one), and not kept, so that
// checking a host against hundreds of thousands of rows decodes and holds
// only the rows it needs. An advisory is given once even when it matches
// several keys.
func (d *DB) EachForPlatform(keys []string, fn func(*advisory.Advisory)) error {
	want := map[string]bool{}
	for _, k := range keys {
		want[k] = true
	}
	matches := func(a *advisory.Advisory) bool {
		for _, k := range a.PlatformKeys() {
			if want[k] {
				return true
			}
		}
		return false
	}
	for _, a := range d.builtins {
		if a.Withdrawn == nil && matches(a) {
			c := *a // shared: give a copy with the rows of the keys
			c.Platforms = nil
			for _, p := range a.Platforms {
				if want[advisory.PlatformKey(p.ProductID)] {
					c.Platforms = append(c.Platforms, p)
				}
			}
			fn(&c)
		}
	}
	if d.records == nil {
		return nil
	}
	if err := d.openPlatforms(); err != nil {
		return err
	}
	if d.noPlatforms {
		// An older version: read every record.
		recs, err := d.stored()
		if err != nil {
			return err
		}
		for _, a := range recs {
			if a.Withdrawn == nil && !d.isBuiltin(a.ID) && matches(a) {
				fn(a)
			}
		}
		return nil
	}
	seen := map[int64]bool{}
	var buf []byte
	for _, k := range keys {
		spans, ok := d.platforms.lookup(k)
		if !ok {
			continue
		}
		for _, sp := range spans {
			if seen[sp.off] {
				continue
			}
			seen[sp.off] = true
			if sp.len <= 0 || sp.len > maxRecord || sp.off+int64(sp.len) > d.size {
				return i18n.Errorf(msgCorrupt, d.dir, i18n.Errorf(msgBadSpan, sp.off))
			}
			if cap(buf) < sp.len {
				buf = make([]byte, sp.len)
			}
			buf = buf[:sp.len]
			if _, err := d.records.ReadAt(buf, sp.off); err != nil {
				return i18n.Errorf(msgCorrupt, d.dir, err)
			}
			a, err := decodeFor(buf, want)
			if err != nil || a.ID == "" {
				return i18n.Errorf(msgCorrupt, d.dir, i18n.Errorf(msgBadSpan, sp.off))
			}
			if a.Withdrawn == nil && !d.isBuiltin(a.ID) {
				fn(a)
			}
		}
	}
	return nil
}

// decodeFor decodes a record, keeping only the platform rows whose product
// id's key is in want. One pass of jsonscan validates the record and finds
// each row's bytes; a row is decoded only when they name one of the keys
// (the writer's compact JSON: "product_id":"family/version…"), and the
// rest of the record is decoded with its rows cut out. A wesng record of
// forty products thus costs the decoding of the one or two rows a host
// needs, not forty.
func decodeFor(data []byte, want map[string]bool) (*advisory.Advisory, error) {
	sc := jsonscan.New(data)
	var rows [][]byte
	pstart, pend := -1, -1
	isObject, ok := sc.Document(func(key []byte, _ int) bool {
		if !jsonscan.KeyIs(key, "platforms") || sc.Peek() != '[' {
			return sc.Skip()
		}
		pstart = sc.Offset()
		sc.Seek(pstart + 1)
		for first := true; ; first = false {
			if sc.Peek() == ']' {
				sc.Seek(sc.Offset() + 1)
				break
			}
			if !first {
				if sc.Peek() != ',' {
					return false
				}
				sc.Seek(sc.Offset() + 1)
			}
			sc.Peek()
			rs := sc.Offset()
			if !sc.Skip() {
				return false
			}
			if raw := data[rs:sc.Offset()]; mayHaveKey(raw, want) {
				rows = append(rows, raw)
			}
		}
		pend = sc.Offset()
		return true
	})
	if !ok || !isObject {
		return nil, errBadRecord
	}
	head := data
	if pstart >= 0 {
		head = make([]byte, 0, len(data)-(pend-pstart)+2)
		head = append(head, data[:pstart]...)
		head = append(head, "[]"...)
		head = append(head, data[pend:]...)
	}
	a := new(advisory.Advisory)
	if err := json.Unmarshal(head, a); err != nil {
		return nil, err
	}
	a.Platforms = nil
	for _, raw := range rows {
		var x advisory.PlatformExposure
		if err := json.Unmarshal(raw, &x); err != nil {
			return nil, err
		}
		if want[advisory.PlatformKey(x.ProductID)] {
			a.Platforms = append(a.Platforms, x)
		}
	}
	a.Compile()
	return a, nil
}

var errBadRecord = errors.New("not a JSON object")

var productIDKey = []byte(`"product_id":"`)

// mayHaveKey reports whether a raw row can have one of the keys: false
// only when its product id is written compactly and names another.
func mayHaveKey(raw []byte, want map[string]bool) bool {
	i := bytes.Index(raw, productIDKey)
	if i < 0 {
		return true // written otherwise: decode and see
	}
	id := raw[i+len(productIDKey):]
	if j := bytes.IndexByte(id, '"'); j >= 0 {
		id = id[:j]
	}
	return want[advisory.PlatformKey(string(id))]
}
