// Package builtin holds the advisories compiled into affected: the two
// Microsoft advisories the project is built around, MSA-4010983
// (ASP.NET Core MVC 1.1.0) and MSA-3109853 (TLS session resumption). Their
// texts are written for affected in English, Korean and Traditional
// Chinese; the facts (identifiers, dates, versions, products) are as
// Microsoft published them.
package builtin

import (
	"bytes"
	"embed"
	"encoding/json"
	"fmt"
	"path"
	"sort"

	"github.com/affected-dev/affected/internal/advisory"
)

//go:embed records/*.json
var records embed.FS

// Advisories returns the built-in advisories, sorted by ID.
func Advisories() []*advisory.Advisory {
	entries, err := records.ReadDir("records")
	if err != nil {
		panic(err) // embedded: cannot fail
	}
	var out []*advisory.Advisory
	for _, e := range entries {
		data, err := records.ReadFile(path.Join("records", e.Name()))
		if err != nil {
			panic(err)
		}
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.DisallowUnknownFields()
		var a advisory.Advisory
		if err := dec.Decode(&a); err != nil {
			panic(fmt.Sprintf("builtin record %s: %v", e.Name(), err)) // caught by the package's test
		}
		a.Compile()
		out = append(out, &a)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}
