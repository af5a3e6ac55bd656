// Package schematest checks, from tests, the JSON documents of affected
// against the JSON Schemas published in the repository's schema/
// directory (scan.schema.json, why.schema.json, host.schema.json), with
// santhosh-tekuri/jsonschema (draft 2020-12, formats asserted).
package schematest

import (
	"bytes"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// Dir is the schema directory.
var Dir = func() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..", "..", "schema")
}()

// idBase is the $id prefix of the published schemas.
const idBase = "https://github.com/affected-dev/affected/schema/"

var (
	once     sync.Once
	compiled map[string]*jsonschema.Schema
	docs     map[string]any
	loadErr  error
)

func load() {
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	docs = map[string]any{}
	names := []string{"scan.schema.json", "why.schema.json", "host.schema.json"}
	for _, name := range names {
		data, err := os.ReadFile(filepath.Join(Dir, name))
		if err != nil {
			loadErr = err
			return
		}
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
		if err != nil {
			loadErr = err
			return
		}
		docs[name] = doc
		if err := c.AddResource(idBase+name, doc); err != nil {
			loadErr = err
			return
		}
	}
	compiled = map[string]*jsonschema.Schema{}
	for _, name := range names {
		s, err := c.Compile(idBase + name)
		if err != nil {
			loadErr = err
			return
		}
		compiled[name] = s
	}
}

// Validate fails t unless data is valid against the schema name
// ("scan.schema.json", "why.schema.json" or "host.schema.json").
func Validate(t testing.TB, name string, data []byte) {
	t.Helper()
	once.Do(load)
	if loadErr != nil {
		t.Fatalf("loading the schemas in %s: %v", Dir, loadErr)
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("not JSON: %v", err)
	}
	if err := compiled[name].Validate(inst); err != nil {
		t.Errorf("the document does not follow schema/%s (update the schema with the document's new fields):\n%v", name, err)
	}
}

// Schema returns the parsed schema name, for tests that walk it.
func Schema(t testing.TB, name string) map[string]any {
	t.Helper()
	once.Do(load)
	if loadErr != nil {
		t.Fatalf("loading the schemas in %s: %v", Dir, loadErr)
	}
	return docs[name].(map[string]any)
}
