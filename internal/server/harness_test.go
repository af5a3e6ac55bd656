package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/affected-dev/affected/internal/store/storetest"
)

// The integration tests run the real program: `affected server` started
// as a process on a free port, against a schema of its own, and the
// client commands (`scan --upload`, `db import --server`) as processes.

var (
	binOnce sync.Once
	binPath string
	binErr  error
)

// binary builds cmd/affected once per test run.
func binary(t testing.TB) string {
	t.Helper()
	binOnce.Do(func() {
		dir, err := os.MkdirTemp("", "affected-server-test")
		if err != nil {
			binErr = err
			return
		}
		binPath = filepath.Join(dir, "affected")
		out, err := exec.Command("go", "build", "-o", binPath, "../../cmd/affected").CombinedOutput()
		if err != nil {
			binErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if binErr != nil {
		t.Fatal(binErr)
	}
	return binPath
}

// env is a database and the servers running on it.
type env struct {
	t     testing.TB
	bin   string
	dbURL string
	admin string // an admin token
	// base is the first server's URL.
	base string
}

// newEnv makes a fresh schema, an admin token, and starts one server.
func newEnv(t testing.TB) *env {
	t.Helper()
	e := &env{t: t, bin: binary(t), dbURL: storetest.Fresh(t)}
	out, _ := e.run(0, nil, "server", "token", "create", "--scope", "admin", "--database", e.dbURL)
	e.admin = strings.TrimSpace(out)
	e.base = e.start()
	return e
}

// token makes a token of a scope.
func (e *env) token(scope string) string {
	out, _ := e.run(0, nil, "server", "token", "create", "--scope", scope, "--database", e.dbURL)
	return strings.TrimSpace(out)
}

// start starts a server process on a free port and returns its URL; it
// is stopped (by its process id) when the test ends.
func (e *env) start(extra ...string) string {
	return e.startWith(e.dbURL, extra...)
}

func (e *env) startWith(dbURL string, extra ...string) string {
	e.t.Helper()
	addrFile := filepath.Join(e.t.TempDir(), "addr")
	args := append([]string{"server", "--database", dbURL, "--listen", "127.0.0.1:0", "--addr-file", addrFile,
		"--poll", "200ms", "--webhook-backoff", "200ms"}, extra...)
	cmd := exec.Command(e.bin, args...)
	var logs bytes.Buffer
	cmd.Stdout, cmd.Stderr = io.Discard, &syncWriter{w: &logs}
	if err := cmd.Start(); err != nil {
		e.t.Fatal(err)
	}
	e.t.Cleanup(func() {
		cmd.Process.Signal(os.Interrupt)
		done := make(chan struct{})
		go func() { cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(15 * time.Second):
			cmd.Process.Kill()
			<-done
		}
		if e.t.Failed() {
			e.t.Logf("server log:\n%s", tail(logs.String(), 4000))
		}
	})
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		if b, err := os.ReadFile(addrFile); err == nil && len(bytes.TrimSpace(b)) > 0 {
			return "http://" + strings.TrimSpace(string(b))
		}
		time.Sleep(50 * time.Millisecond)
	}
	e.t.Fatalf("the server did not start: %s", logs.String())
	return ""
}

type syncWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (s *syncWriter) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.w.Write(p)
}

func tail(s string, n int) string {
	if len(s) > n {
		return "…" + s[len(s)-n:]
	}
	return s
}

// run runs the program; want is the exit code expected (-1: any).
func (e *env) run(want int, envv []string, args ...string) (stdout, stderr string) {
	e.t.Helper()
	cmd := exec.Command(e.bin, args...)
	cmd.Env = append(os.Environ(), envv...)
	var o, er bytes.Buffer
	cmd.Stdout, cmd.Stderr = &o, &er
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		e.t.Fatal(err)
	}
	if want >= 0 && code != want {
		e.t.Fatalf("affected %s: exit %d, want %d\nstdout: %s\nstderr: %s", strings.Join(args, " "), code, want, tail(o.String(), 2000), er.String())
	}
	return o.String(), er.String()
}

// do sends a request with a token and decodes a JSON answer into out
// (when not nil); it returns the status.
func (e *env) do(method, url, token string, body []byte, out any, headers ...string) int {
	e.t.Helper()
	req, err := http.NewRequest(method, url, bytes.NewReader(body))
	if err != nil {
		e.t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		e.t.Fatal(err)
	}
	if out != nil {
		if err := json.Unmarshal(data, out); err != nil {
			e.t.Fatalf("%s %s: %d %s: %v", method, url, resp.StatusCode, data, err)
		}
	}
	return resp.StatusCode
}

// get reads an API path with the admin token, expecting 200.
func (e *env) get(path string, out any) {
	e.t.Helper()
	e.getFrom(e.base, path, out)
}

// getFrom is get from the server at base.
func (e *env) getFrom(base, path string, out any) {
	e.t.Helper()
	if code := e.do("GET", base+path, e.admin, nil, out); code != http.StatusOK {
		e.t.Fatalf("GET %s: %d", path, code)
	}
}

// settle waits until no re-matching work is left and, when deliveries
// is set, until it reports true.
func (e *env) settle(ctx context.Context, done func() bool) {
	e.t.Helper()
	for {
		var st struct{ Pending int }
		e.get("/api/v1/status", &st)
		if st.Pending == 0 && (done == nil || done()) {
			return
		}
		select {
		case <-ctx.Done():
			e.t.Fatalf("work not done in time (pending %d)", st.Pending)
		case <-time.After(100 * time.Millisecond):
		}
	}
}

func decodeJSON(r io.Reader, v any) error { return json.NewDecoder(r).Decode(v) }

var (
	specOnce     sync.Once
	specCompiler *jsonschema.Compiler
	specErr      error
	specMu       sync.Mutex
	specSchemas  = map[string]*jsonschema.Schema{}
)

// getValid is get that also holds the answer to the OpenAPI file: it must
// follow the schema of the 200 answer of GET specPath ("/api/v1/host").
func (e *env) getValid(path, specPath string, out any) {
	e.t.Helper()
	specOnce.Do(func() {
		data, err := os.ReadFile("openapi.json")
		if err != nil {
			specErr = err
			return
		}
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
		if err != nil {
			specErr = err
			return
		}
		specCompiler = jsonschema.NewCompiler()
		specCompiler.AssertFormat()
		specErr = specCompiler.AddResource("https://affected.example/openapi.json", doc)
	})
	if specErr != nil {
		e.t.Fatal(specErr)
	}
	specMu.Lock()
	schema, ok := specSchemas[specPath]
	if !ok {
		ptr := "/paths/" + strings.NewReplacer("~", "~0", "/", "~1").Replace(specPath) + "/get/responses/200/content/application~1json/schema"
		var err error
		if schema, err = specCompiler.Compile("https://affected.example/openapi.json#" + ptr); err != nil {
			specMu.Unlock()
			e.t.Fatalf("the OpenAPI file's schema of %s: %v", specPath, err)
		}
		specSchemas[specPath] = schema
	}
	specMu.Unlock()
	var raw json.RawMessage
	e.get(path, &raw)
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		e.t.Fatal(err)
	}
	if err := schema.Validate(inst); err != nil {
		e.t.Errorf("GET %s does not follow openapi.json:\n%v", path, err)
	}
	if err := json.Unmarshal(raw, out); err != nil {
		e.t.Fatal(err)
	}
}
