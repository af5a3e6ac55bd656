package report

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"reflect"
	"strings"
)

// writeJSON writes a document (a struct) exactly as a json.Encoder with
// two-space indentation and no HTML escaping would, but a piece at a time:
// each field, and each element of a field that is a slice, is encoded on
// its own and written out, so that a report of many thousands of findings
// or paths is never held twice in memory (once as values, once as text).
func writeJSON(w io.Writer, doc any) error {
	bw := bufio.NewWriter(w)
	v := reflect.ValueOf(doc)
	for v.Kind() == reflect.Pointer {
		v = v.Elem()
	}
	t := v.Type()
	var part bytes.Buffer
	enc := json.NewEncoder(&part)
	enc.SetEscapeHTML(false)
	// encode writes one value, at the nesting depth that prefix gives.
	encode := func(x reflect.Value, prefix string) error {
		part.Reset()
		enc.SetIndent(prefix, "  ")
		if err := enc.Encode(x.Interface()); err != nil {
			return err
		}
		_, err := bw.Write(bytes.TrimSuffix(part.Bytes(), []byte("\n")))
		return err
	}
	first := true
	bw.WriteString("{")
	for i := range t.NumField() {
		f := t.Field(i)
		name, opts, _ := strings.Cut(f.Tag.Get("json"), ",")
		if !f.IsExported() || name == "-" {
			continue
		}
		if name == "" {
			name = f.Name
		}
		x := v.Field(i)
		if strings.Contains(","+opts+",", ",omitempty,") && isEmpty(x) {
			continue
		}
		if !first {
			bw.WriteString(",")
		}
		first = false
		key, _ := json.Marshal(name)
		bw.WriteString("\n  ")
		bw.Write(key)
		bw.WriteString(": ")
		if x.Kind() != reflect.Slice || x.IsNil() || x.Len() == 0 {
			if err := encode(x, "  "); err != nil {
				return err
			}
			continue
		}
		bw.WriteString("[")
		for j := range x.Len() {
			if j > 0 {
				bw.WriteString(",")
			}
			bw.WriteString("\n    ")
			if err := encode(x.Index(j), "    "); err != nil {
				return err
			}
		}
		bw.WriteString("\n  ]")
	}
	if first {
		bw.WriteString("}\n")
	} else {
		bw.WriteString("\n}\n")
	}
	return bw.Flush()
}

// isEmpty is encoding/json's test for omitempty.
func isEmpty(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.Array, reflect.Map, reflect.Slice, reflect.String:
		return v.Len() == 0
	case reflect.Bool,
		reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr,
		reflect.Float32, reflect.Float64,
		reflect.Interface, reflect.Pointer:
		return v.IsZero()
	}
	return false
}
