package server_test

import (
	"bytes"
	"compress/gzip"
	"net/http"
	"strings"
	"testing"
)

// TestBadInput: malformed, oversized and unauthorized uploads get a 4xx
// with a JSON error (a localized message and a pointer to the value at
// fault), and nothing is stored; answers carry the security headers.
func TestBadInput(t *testing.T) {
	e := newEnv(t)
	upload, read := e.token("upload"), e.token("read")
	url := e.base + "/api/v1/inventories"
	type errBody struct {
		Error struct {
			Code, Message, Pointer string
			Line, Column           int
		}
	}
	big := bytes.Repeat([]byte(" "), 65<<20)
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte(`{"schema_version": 1, "source": "x", "projects": [{"path": ""}]}`))
	zw.Close()
	for _, c := range []struct {
		name, token string
		body        []byte
		headers     []string
		status      int
		code        string
		pointer     string
		line        int
		text        string // in the message
	}{
		{"no token", "", []byte(`{}`), nil, 401, "unauthorized", "", 0, "Bearer"},
		{"unknown token", "aff_nothing", []byte(`{}`), nil, 401, "unauthorized", "", 0, ""},
		{"read token", read, []byte(`{}`), nil, 403, "forbidden", "", 0, "upload"},
		{"syntax", upload, []byte("{\"schema_version\": 1,\n\"source\": }"), nil, 400, "invalid_inventory", "", 2, ""},
		{"type", upload, []byte(`{"schema_version": 1, "source": "x", "projects": [{"path": "a", "targets": [{"nodes": [{"name": 5}]}]}]}`), nil, 400, "invalid_inventory", "/projects/targets/nodes/name", 1, ""},
		{"edge", upload, []byte(`{"schema_version": 1, "source": "x", "projects": [{"path": "a", "targets": [{"nodes": [{"name": "A"}], "edges": [[0, 3]]}]}]}`), nil, 400, "invalid_inventory", "/projects/0/targets/0/edges/0/1", 0, ""},
		{"korean", upload, []byte(`{"schema_version": 1, "projects": []}`), []string{"Accept-Language", "ko-KR,ko;q=0.9,en;q=0.5"}, 400, "invalid_inventory", "/source", 0, "없거나"},
		{"traditional chinese", upload, []byte(`{"schema_version": 1, "projects": []}`), []string{"Accept-Language", "zh-TW"}, 400, "invalid_inventory", "/source", 0, "缺少"},
		{"gzip", upload, gz.Bytes(), []string{"Content-Encoding", "gzip"}, 400, "invalid_inventory", "/projects/0/path", 0, ""},
		{"bad gzip", upload, []byte("not gzip"), []string{"Content-Encoding", "gzip"}, 400, "bad_body", "", 0, ""},
		{"neither", upload, []byte(`{"hello": "world"}`), nil, 400, "invalid_inventory", "", 0, "CycloneDX"},
		{"bad sbom", upload, []byte(`{"bomFormat": "CycloneDX", "specVersion": "1.6", "dependencies": [{"dependsOn": ["x"]}]}`), nil, 400, "invalid_inventory", "/dependencies/0/ref", 0, ""},
		{"too large", upload, big, nil, 413, "too_large", "", 0, "64"},
	} {
		t.Run(c.name, func(t *testing.T) {
			var got errBody
			req, _ := http.NewRequest("POST", url, bytes.NewReader(c.body))
			if c.token != "" {
				req.Header.Set("Authorization", "Bearer "+c.token)
			}
			for i := 0; i+1 < len(c.headers); i += 2 {
				req.Header.Set(c.headers[i], c.headers[i+1])
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			if err := decodeJSON(resp.Body, &got); err != nil {
				t.Fatalf("%d, not a JSON error: %v", resp.StatusCode, err)
			}
			if resp.StatusCode != c.status || got.Error.Code != c.code || got.Error.Pointer != c.pointer || got.Error.Line != c.line ||
				!strings.Contains(got.Error.Message, c.text) || got.Error.Message == "" {
				t.Errorf("%d %+v; want %d %s at %q line %d with %q", resp.StatusCode, got.Error, c.status, c.code, c.pointer, c.line, c.text)
			}
			for _, h := range []string{"Content-Security-Policy", "X-Content-Type-Options", "X-Frame-Options", "Referrer-Policy"} {
				if resp.Header.Get(h) == "" {
					t.Errorf("no %s header", h)
				}
			}
		})
	}
	var srcs struct{ Total int }
	e.get("/api/v1/sources", &srcs)
	if srcs.Total != 0 {
		t.Errorf("%d sources stored after bad uploads", srcs.Total)
	}
	// A bad page parameter.
	var eb errBody
	if code := e.do("GET", e.base+"/api/v1/advisories?limit=x", read, nil, &eb); code != 400 || eb.Error.Pointer != "?limit" {
		t.Errorf("limit=x: %d %+v", code, eb)
	}
	if code := e.do("GET", e.base+"/api/v1/advisories/NOPE-1", read, nil, &eb); code != 404 {
		t.Errorf("unknown advisory: %d", code)
	}
	// An admin-only endpoint with an upload token.
	if code := e.do("POST", e.base+"/api/v1/advisories", upload, []byte(`{"advisories": []}`), &eb); code != 403 {
		t.Errorf("import with an upload token: %d", code)
	}
	// The OpenAPI file needs no token.
	var spec struct{ OpenAPI string }
	if code := e.do("GET", e.base+"/api/v1/openapi.json", "", nil, &spec); code != 200 || spec.OpenAPI == "" {
		t.Errorf("openapi.json: %d %+v", code, spec)
	}
}
