package server

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	_ "embed"

	"github.com/affected-dev/affected/internal/advisory"
	"github.com/affected-dev/affected/internal/advisory/builtin"
	"github.com/affected-dev/affected/internal/advisory/db"
	"github.com/affected-dev/affected/internal/i18n"
	"github.com/affected-dev/affected/internal/inventory"
	"github.com/affected-dev/affected/internal/nuget"
	"github.com/affected-dev/affected/internal/report"
	"github.com/affected-dev/affected/internal/scan"
	"github.com/affected-dev/affected/internal/store"
)

//go:embed openapi.json
var openAPI []byte

func (s *Server) routes() {
	m := s.mux
	m.HandleFunc("GET /api/v1/openapi.json", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write(openAPI)
	})
	m.HandleFunc("GET /healthz", s.health)
	m.HandleFunc("POST /api/v1/inventories", s.need(store.ScopeUpload, s.postInventory))
	m.HandleFunc("POST /api/v1/advisories", s.need(store.ScopeAdmin, s.postAdvisories))
	m.HandleFunc("POST /api/v1/advisories/update", s.need(store.ScopeAdmin, s.postUpdate))
	m.HandleFunc("GET /api/v1/advisories", s.need(store.ScopeRead, s.getAdvisories))
	m.HandleFunc("GET /api/v1/advisories/{id}", s.need(store.ScopeRead, s.getAdvisory))
	m.HandleFunc("GET /api/v1/advisories/{id}/hosts", s.need(store.ScopeRead, s.getAdvisoryHosts))
	m.HandleFunc("GET /api/v1/advisories/{id}/endpoints", s.need(store.ScopeRead, s.getAdvisoryEndpoints))
	m.HandleFunc("GET /api/v1/endpoints", s.need(store.ScopeRead, s.getEndpoints))
	m.HandleFunc("GET /api/v1/hosts", s.need(store.ScopeRead, s.getHosts))
	m.HandleFunc("GET /api/v1/host", s.need(store.ScopeRead, s.getHost))
	m.HandleFunc("GET /api/v1/findings", s.need(store.ScopeRead, s.getFindings))
	m.HandleFunc("GET /api/v1/sources", s.need(store.ScopeRead, s.getSources))
	m.HandleFunc("GET /api/v1/projects", s.need(store.ScopeRead, s.getProjects))
	m.HandleFunc("GET /api/v1/search", s.need(store.ScopeRead, s.getSearch))
	m.HandleFunc("GET /api/v1/status", s.need(store.ScopeRead, s.getStatus))
	m.HandleFunc("POST /api/v1/webhooks", s.need(store.ScopeAdmin, s.postWebhook))
	m.HandleFunc("GET /api/v1/webhooks", s.need(store.ScopeAdmin, s.getWebhooks))
	m.HandleFunc("DELETE /api/v1/webhooks/{id}", s.need(store.ScopeAdmin, s.deleteWebhook))
	m.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		s.fail(w, r, http.StatusNotFound, "not_found", MsgNotFound)
	})
	s.pageRoutes()
}

func (s *Server) health(w http.ResponseWriter, r *http.Request) {
	if err := s.store.Ping(r.Context()); err != nil {
		s.failStore(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

// readBody reads a request body within the limits, gunzipping it when it
// says so; on failure it has answered.
func (s *Server) readBody(w http.ResponseWriter, r *http.Request) ([]byte, bool) {
	body := http.MaxBytesReader(w, r.Body, s.cfg.MaxBody)
	var in io.Reader = body
	limit := s.cfg.MaxBody
	if strings.EqualFold(r.Header.Get("Content-Encoding"), "gzip") {
		zr, err := gzip.NewReader(body)
		if err != nil {
			s.bodyError(w, r, err)
			return nil, false
		}
		in, limit = zr, s.cfg.MaxInventory
	}
	data, err := io.ReadAll(io.LimitReader(in, limit+1))
	if err != nil {
		s.bodyError(w, r, err)
		return nil, false
	}
	if int64(len(data)) > limit {
		s.fail(w, r, http.StatusRequestEntityTooLarge, "too_large", MsgTooLarge, limit>>20)
		return nil, false
	}
	return data, true
}

func (s *Server) bodyError(w http.ResponseWriter, r *http.Request, err error) {
	var mb *http.MaxBytesError
	if errors.As(err, &mb) {
		s.fail(w, r, http.StatusRequestEntityTooLarge, "too_large", MsgTooLarge, mb.Limit>>20)
		return
	}
	s.fail(w, r, http.StatusBadRequest, "bad_body", MsgBadGzip, err)
}

// decodeError answers for a document that cannot be accepted.
func (s *Server) decodeError(w http.ResponseWriter, r *http.Request, code string, err error) {
	lang := langOf(r)
	d := ErrorDetail{Code: code, Message: i18n.Localize(err, lang)}
	var de *inventory.DecodeError
	if errors.As(err, &de) {
		d.Message, d.Pointer, d.Line, d.Column = de.Text(lang), de.Pointer, de.Line, de.Column
	}
	s.failDetail(w, r, http.StatusBadRequest, d)
}

// UploadResult is the answer to an upload.
type UploadResult struct {
	Source    string `json:"source"`
	Unchanged bool   `json:"unchanged"`
	Projects  int    `json:"projects"`
	Graphs    int    `json:"graphs"`
	Findings  Counts `json:"findings"`
	// Hosts counts the machines the upload's host inventories make, and
	// AffectedHosts those with an affected verdict; Verdicts counts the
	// changes to their verdicts.
	Hosts         int    `json:"hosts"`
	AffectedHosts int    `json:"affected_hosts"`
	Verdicts      Counts `json:"verdicts"`
	// Endpoints counts the TLS probe results, ExposedEndpoints those
	// exposed to an advisory; Exposures counts the changes to those.
	Endpoints        int    `json:"endpoints"`
	ExposedEndpoints int    `json:"exposed_endpoints"`
	Exposures        Counts `json:"exposures"`
}

// Counts says what an upload did to the findings or verdicts stored.
type Counts struct {
	New     int `json:"new"`
	Updated int `json:"updated"`
	Removed int `json:"removed"`
}

func (s *Server) postInventory(w http.ResponseWriter, r *http.Request) {
	data, ok := s.readBody(w, r)
	if !ok {
		return
	}
	doc, err := s.decodeUpload(data, r.URL.Query().Get("source"))
	if err != nil {
		s.decodeError(w, r, "invalid_inventory", err)
		return
	}
	up, m, err := s.upload(doc)
	var de *inventory.DecodeError
	if errors.As(err, &de) {
		s.decodeError(w, r, "invalid_inventory", err)
		return
	}
	if err != nil {
		s.failStore(w, r, err)
		return
	}
	res, err := s.store.Replace(r.Context(), up, m)
	if err != nil {
		s.failStore(w, r, err)
		return
	}
	if !res.Unchanged {
		s.changed()
	}
	if len(res.NewIDs)+len(res.Hosts.NewIDs)+len(res.Endpoints.NewIDs) > 0 {
		s.poke()
	}
	out := UploadResult{Source: doc.Source, Unchanged: res.Unchanged, Projects: len(up.Projects), Graphs: len(up.Graphs), Hosts: len(up.Hosts)}
	out.Findings.New, out.Findings.Updated, out.Findings.Removed = res.New, res.Updated, res.Removed
	out.Verdicts.New, out.Verdicts.Updated, out.Verdicts.Removed = res.Hosts.New, res.Hosts.Updated, res.Hosts.Removed
	for _, h := range up.Hosts {
		if h.Affected > 0 {
			out.AffectedHosts++
		}
	}
	out.Endpoints = len(up.Endpoints)
	out.Exposures.New, out.Exposures.Updated, out.Exposures.Removed = res.Endpoints.New, res.Endpoints.Updated, res.Endpoints.Removed
	for _, e := range up.Endpoints {
		if len(e.Findings) > 0 {
			out.ExposedEndpoints++
		}
	}
	status := http.StatusCreated
	if res.Unchanged {
		status = http.StatusOK
	}
	writeJSON(w, status, out)
}

// decodeUpload reads an inventory, a CycloneDX SBOM (named by the source
// parameter, else by the SBOM's own component) or the JSON of `affected
// tls --format json` (named by the source parameter).
func (s *Server) decodeUpload(data []byte, sourceParam string) (*inventory.Document, error) {
	if looksLikeCycloneDX(data) {
		return decodeCycloneDX(data, sourceParam)
	}
	if doc, ok, err := decodeProbes(data, sourceParam); ok {
		return doc, err
	}
	if !looksLikeInventory(data) && json.Valid(bytes.TrimSpace(data)) {
		return nil, i18n.Errorf(MsgUnknownFormat)
	}
	doc, err := inventory.Decode(data, inventory.DefaultLimits)
	if err != nil {
		return nil, err
	}
	if sourceParam != "" {
		doc.Source = sourceParam
	}
	return doc, nil
}

// looksLikeInventory reports whether a JSON object has the inventory's
// schema_version key at its top level (cheaply: in its first bytes).
func looksLikeInventory(data []byte) bool {
	head := data[:min(len(data), 4096)]
	return bytes.Contains(head, []byte(`"schema_version"`)) || bytes.Contains(head, []byte(`"projects"`))
}

// AdvisoryImport is the body of an advisory import: records in
// affected's model (what `affected db import --server` sends). A body
// that is a single OSV record or CSAF document is read as such instead.
type AdvisoryImport struct {
	Advisories []*advisory.Advisory `json:"advisories"`
}

// ImportResult is the answer to an import.
type ImportResult struct {
	Added     []string `json:"added"`
	Replaced  []string `json:"replaced"`
	Unchanged []string `json:"unchanged"`
	// Rematch lists the package names whose findings are recomputed,
	// RematchProducts the product keys whose hosts' verdicts are.
	Rematch         []string `json:"rematch"`
	RematchProducts []string `json:"rematch_products"`
}

func (s *Server) postAdvisories(w http.ResponseWriter, r *http.Request) {
	data, ok := s.readBody(w, r)
	if !ok {
		return
	}
	var body AdvisoryImport
	head := data[:min(len(data), 4096)]
	if bytes.Contains(head, []byte(`"advisories"`)) {
		if err := json.Unmarshal(data, &body); err != nil {
			s.decodeError(w, r, "invalid_advisory", inventoryJSONError(data, err))
			return
		}
	} else {
		a, err := db.ParseDocument("body", data)
		if err != nil {
			s.decodeError(w, r, "invalid_advisory", err)
			return
		}
		body.Advisories = []*advisory.Advisory{a}
	}
	for i, a := range body.Advisories {
		if err := checkAdvisory(a); err != nil {
			s.failDetail(w, r, http.StatusBadRequest, ErrorDetail{Code: "invalid_advisory",
				Message: i18n.Localize(err, langOf(r)), Pointer: "/advisories/" + strconv.Itoa(i)})
			return
		}
	}
	res, err := s.store.PutAdvisories(r.Context(), body.Advisories, mergeStored)
	if err != nil {
		s.failStore(w, r, err)
		return
	}
	if len(res.Added)+len(res.Replaced) > 0 {
		s.changed()
	}
	if res.JobID != 0 {
		s.poke()
	}
	writeJSON(w, http.StatusOK, ImportResult{Added: nonNil(res.Added), Replaced: nonNil(res.Replaced), Unchanged: nonNil(res.Unchanged), Rematch: nonNil(res.Names),
		RematchProducts: nonNil(res.Platforms)})
}

// mergeStored merges a record into the stored one of its id as `db
// import` does (db.MergeLanguages: the Korean CSAF document of an
// advisory stored in English adds its language). A record that repeats a
// language the stored one has — the same document again, or a revision of
// it — replaces that language's text and keeps the others, so that
// importing one document twice changes nothing and loses no language.
// Texts are kept in a fixed order (English, Korean, Traditional Chinese,
// then the others), so that the same content has the same digest.
func mergeStored(stored, a *advisory.Advisory) (*advisory.Advisory, bool) {
	if m, ok := db.MergeLanguages(stored, a); ok {
		sortTexts(m)
		return m, true
	}
	if stored.Source != a.Source {
		return nil, false
	}
	others := stored.Texts[:0]
	for _, t := range stored.Texts {
		if !slices.ContainsFunc(a.Texts, func(u advisory.Text) bool { return strings.EqualFold(t.Lang, u.Lang) }) {
			others = append(others, t)
		}
	}
	if len(others) == 0 {
		return nil, false // nothing to keep: the record replaces it
	}
	stored.Texts = others
	m, ok := db.MergeLanguages(stored, a)
	if ok {
		sortTexts(m)
	}
	return m, ok
}

func sortTexts(a *advisory.Advisory) {
	rank := func(lang string) int {
		l, err := i18n.Parse(lang)
		if err != nil {
			return len(i18n.Langs())
		}
		return int(l)
	}
	slices.SortStableFunc(a.Texts, func(x, y advisory.Text) int { return rank(x.Lang) - rank(y.Lang) })
}

// checkAdvisory refuses records the matcher cannot use and those that
// would replace a built-in one.
func checkAdvisory(a *advisory.Advisory) error {
	if a == nil || strings.TrimSpace(a.ID) == "" {
		return i18n.Errorf(inventory.MsgMissing, "id")
	}
	for _, b := range builtin.Advisories() {
		if strings.EqualFold(b.ID, a.ID) {
			return i18n.Errorf(MsgBuiltinID, a.ID)
		}
	}
	return nil
}

// inventoryJSONError locates an encoding/json error in a body.
func inventoryJSONError(data []byte, err error) error {
	_, derr := inventory.Decode(data, inventory.DefaultLimits)
	if derr != nil {
		var de *inventory.DecodeError
		if errors.As(derr, &de) && de.Line > 0 {
			return derr
		}
	}
	return err
}

func nonNil(ss []string) []string {
	if ss == nil {
		return []string{}
	}
	return ss
}

// ImportBuiltins stores the built-in advisories (MSA-4010983,
// MSA-3109853): a changed built-in record is re-matched like an import.
func (s *Server) ImportBuiltins(ctx context.Context) error {
	res, err := s.store.PutAdvisories(ctx, builtin.Advisories(), nil)
	if len(res.Added)+len(res.Replaced) > 0 {
		s.changed()
	}
	return err
}

// page reads limit and offset.
func (s *Server) page(w http.ResponseWriter, r *http.Request) (store.Page, bool) {
	var p store.Page
	for _, f := range []struct {
		name string
		dst  *int
	}{{"limit", &p.Limit}, {"offset", &p.Offset}} {
		v := r.URL.Query().Get(f.name)
		if v == "" {
			continue
		}
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 || (f.name == "limit" && n > 1000) {
			s.failDetail(w, r, http.StatusBadRequest, ErrorDetail{Code: "bad_parameter", Message: MsgBadParam.Plain(langOf(r), f.name, v), Pointer: "?" + f.name})
			return p, false
		}
		*f.dst = n
	}
	return p, true
}

// AdvisorySummary is an advisory in a listing, in the request's language.
type AdvisorySummary struct {
	ID        string    `json:"id"`
	Aliases   []string  `json:"aliases"`
	Title     string    `json:"title"`
	Severity  string    `json:"severity"`
	Published time.Time `json:"published,omitzero"`
	Source    string    `json:"source"`
	// Projects, Findings, Hosts and Endpoints count what the advisory
	// affects.
	Projects  int `json:"projects"`
	Findings  int `json:"findings"`
	Hosts     int `json:"hosts"`
	Endpoints int `json:"endpoints"`
}

func summary(a *advisory.Advisory, lang i18n.Lang, c store.AdvisoryCount) AdvisorySummary {
	aliases := a.Aliases
	if aliases == nil {
		aliases = []string{}
	}
	return AdvisorySummary{ID: a.ID, Aliases: aliases, Title: a.Title(lang), Severity: string(a.Severity), Published: a.Published,
		Source: a.Source, Projects: c.Projects, Findings: c.Findings, Hosts: c.Hosts, Endpoints: c.Endpoints}
}

func (s *Server) getAdvisories(w http.ResponseWriter, r *http.Request) {
	page, ok := s.page(w, r)
	if !ok {
		return
	}
	affected := r.URL.Query().Get("affected") == "true"
	list, total, err := s.store.Advisories(r.Context(), affected, page)
	if err != nil {
		s.failStore(w, r, err)
		return
	}
	lang := langOf(r)
	out := struct {
		Advisories []AdvisorySummary `json:"advisories"`
		Total      int               `json:"total"`
	}{Advisories: []AdvisorySummary{}, Total: total}
	for _, c := range list {
		out.Advisories = append(out.Advisories, summary(c.Advisory, lang, c))
	}
	writeJSON(w, http.StatusOK, out)
}

// AffectedEntry is one finding with where it was found.
type AffectedEntry struct {
	ID        int64          `json:"id"`
	Source    string         `json:"source"`
	CreatedAt time.Time      `json:"created_at"`
	Finding   report.Finding `json:"finding"`
}

// localize decodes stored findings and renders their texts in lang.
func (s *Server) localize(r *http.Request, stored []store.StoredFinding, lang i18n.Lang) ([]AffectedEntry, error) {
	titles := map[string]string{}
	out := make([]AffectedEntry, 0, len(stored))
	for _, sf := range stored {
		e := AffectedEntry{ID: sf.ID, Source: sf.Source, CreatedAt: sf.CreatedAt}
		if err := json.Unmarshal(sf.Data, &e.Finding); err != nil {
			return nil, err
		}
		if lang != i18n.En {
			id := e.Finding.Advisory.ID
			t, ok := titles[id]
			if !ok {
				a, err := s.store.Advisory(r.Context(), id)
				switch {
				case err == nil:
					t = a.Title(lang)
				case errors.Is(err, store.ErrNotFound):
					t = e.Finding.Advisory.Title
				default:
					return nil, err
				}
				titles[id] = t
			}
			scan.Relocalize(&e.Finding, t, lang)
		}
		out = append(out, e)
	}
	return out, nil
}

// AdvisoryDetail is one advisory with what it affects.
type AdvisoryDetail struct {
	Advisory report.AdvisoryEntry `json:"advisory"`
	// Fix is the advisory's own answer per package: its fixed versions.
	Fix      []PackageFix    `json:"fix"`
	Affected []AffectedEntry `json:"affected"`
	Total    int             `json:"total"`
	// Hosts counts the affected hosts (listed by
	// /api/v1/advisories/{id}/hosts), Endpoints the exposed TLS
	// endpoints (/api/v1/advisories/{id}/endpoints).
	Hosts     int `json:"hosts"`
	Endpoints int `json:"endpoints"`
}

// PackageFix is an affected package and the versions that fix it.
type PackageFix struct {
	Package string   `json:"package"`
	Fixed   []string `json:"fixed_versions"`
	Related []string `json:"related,omitempty"`
}

func (s *Server) getAdvisory(w http.ResponseWriter, r *http.Request) {
	page, ok := s.page(w, r)
	if !ok {
		return
	}
	// The answer is kept until something it may show changes, as the
	// advisory's page is (cache.go): the morning an advisory appears,
	// every dashboard asks for the same list.
	gen := s.gen.Load()
	key := r.PathValue("id") + "\x00" + langOf(r).String() + "\x00" + strconv.Itoa(page.Limit) + "\x00" + strconv.Itoa(page.Offset)
	if b, ok := s.answers.get(gen, key); ok {
		writeJSONBytes(w, http.StatusOK, b)
		return
	}
	d, err := s.advisoryDetail(r, r.PathValue("id"), page)
	if err != nil {
		s.failStore(w, r, err)
		return
	}
	b := encodeJSON(d)
	s.answers.put(gen, key, b)
	writeJSONBytes(w, http.StatusOK, b)
}

func (s *Server) advisoryDetail(r *http.Request, id string, page store.Page) (*AdvisoryDetail, error) {
	a, err := s.store.Advisory(r.Context(), id)
	if err != nil {
		return nil, err
	}
	lang := langOf(r)
	list, total, err := s.store.Findings(r.Context(), store.FindingFilter{Advisory: a.ID}, page)
	if err != nil {
		return nil, err
	}
	d := &AdvisoryDetail{Advisory: scan.AdvisoryEntry(a, lang), Total: total, Fix: []PackageFix{}}
	for _, p := range a.Packages {
		f := PackageFix{Package: p.Name, Fixed: []string{}, Related: p.Related}
		for _, v := range p.FixedVersions() {
			f.Fixed = append(f.Fixed, v.String())
		}
		d.Fix = append(d.Fix, f)
	}
	if d.Affected, err = s.localize(r, list, lang); err != nil {
		return nil, err
	}
	if d.Hosts, _, err = s.store.AffectedHosts(r.Context(), a.ID); err != nil {
		return nil, err
	}
	if d.Endpoints, _, err = s.store.AffectedEndpoints(r.Context(), a.ID); err != nil {
		return nil, err
	}
	return d, nil
}

func (s *Server) getFindings(w http.ResponseWriter, r *http.Request) {
	page, ok := s.page(w, r)
	if !ok {
		return
	}
	q := r.URL.Query()
	f := store.FindingFilter{Source: q.Get("source"), Project: q.Get("project"), Advisory: q.Get("advisory")}
	list, total, err := s.store.Findings(r.Context(), f, page)
	if err != nil {
		s.failStore(w, r, err)
		return
	}
	entries, err := s.localize(r, list, langOf(r))
	if err != nil {
		s.failStore(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, struct {
		Findings []AffectedEntry `json:"findings"`
		Total    int             `json:"total"`
	}{entries, total})
}

func (s *Server) getSources(w http.ResponseWriter, r *http.Request) {
	page, ok := s.page(w, r)
	if !ok {
		return
	}
	list, total, err := s.store.Sources(r.Context(), page)
	if err != nil {
		s.failStore(w, r, err)
		return
	}
	if list == nil {
		list = []store.Source{}
	}
	writeJSON(w, http.StatusOK, struct {
		Sources []store.Source `json:"sources"`
		Total   int            `json:"total"`
	}{list, total})
}

func (s *Server) getProjects(w http.ResponseWriter, r *http.Request) {
	page, ok := s.page(w, r)
	if !ok {
		return
	}
	list, total, err := s.store.Projects(r.Context(), r.URL.Query().Get("source"), page)
	if err != nil {
		s.failStore(w, r, err)
		return
	}
	if list == nil {
		list = []store.ProjectInfo{}
	}
	writeJSON(w, http.StatusOK, struct {
		Projects []store.ProjectInfo `json:"projects"`
		Total    int                 `json:"total"`
	}{list, total})
}

func (s *Server) getSearch(w http.ResponseWriter, r *http.Request) {
	page, ok := s.page(w, r)
	if !ok {
		return
	}
	q := r.URL.Query()
	name, version := strings.TrimSpace(q.Get("package")), strings.TrimSpace(q.Get("version"))
	if name == "" {
		s.failDetail(w, r, http.StatusBadRequest, ErrorDetail{Code: "bad_parameter", Message: MsgBadParam.Plain(langOf(r), "package", name), Pointer: "?package"})
		return
	}
	if version != "" {
		v, err := nuget.ParseVersion(version)
		if err != nil {
			s.failDetail(w, r, http.StatusBadRequest, ErrorDetail{Code: "bad_parameter", Message: MsgBadParam.Plain(langOf(r), "version", version), Pointer: "?version"})
			return
		}
		version = v.String()
	}
	list, total, err := s.store.Search(r.Context(), nuget.NormalizeID(name), version, page)
	if err != nil {
		s.failStore(w, r, err)
		return
	}
	if list == nil {
		list = []store.Hit{}
	}
	writeJSON(w, http.StatusOK, struct {
		Results []store.Hit `json:"results"`
		Total   int         `json:"total"`
	}{list, total})
}

// Status is the state of the background work.
type Status struct {
	// Pending counts re-matching jobs and tasks not done.
	Pending int `json:"pending"`
	// LastUpdate is the last advisory update from the server's source.
	LastUpdate *store.UpdateRecord `json:"last_update,omitempty"`
}

func (s *Server) getStatus(w http.ResponseWriter, r *http.Request) {
	n, err := s.store.Pending(r.Context())
	if err != nil {
		s.failStore(w, r, err)
		return
	}
	u, err := s.lastUpdate(r.Context())
	if err != nil {
		s.failStore(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, Status{Pending: n, LastUpdate: u})
}

// WebhookRequest registers a receiver.
type WebhookRequest struct {
	URL string `json:"url"`
	// Secret signs the payloads (HMAC-SHA256); one is made when empty,
	// and returned once.
	Secret string `json:"secret,omitempty"`
}

func (s *Server) postWebhook(w http.ResponseWriter, r *http.Request) {
	data, ok := s.readBody(w, r)
	if !ok {
		return
	}
	var req WebhookRequest
	if err := json.Unmarshal(data, &req); err != nil {
		s.decodeError(w, r, "invalid_webhook", inventoryJSONError(data, err))
		return
	}
	u, err := url.Parse(req.URL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		s.failDetail(w, r, http.StatusBadRequest, ErrorDetail{Code: "invalid_webhook", Message: MsgBadParam.Plain(langOf(r), "url", req.URL), Pointer: "/url"})
		return
	}
	if req.Secret == "" {
		b := make([]byte, 24)
		rand.Read(b)
		req.Secret = hex.EncodeToString(b)
	}
	wh, err := s.store.CreateWebhook(r.Context(), req.URL, req.Secret)
	if err != nil {
		s.failStore(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, struct {
		store.Webhook
		Secret string `json:"secret"`
	}{wh, req.Secret})
}

func (s *Server) getWebhooks(w http.ResponseWriter, r *http.Request) {
	list, err := s.store.Webhooks(r.Context())
	if err != nil {
		s.failStore(w, r, err)
		return
	}
	if list == nil {
		list = []store.Webhook{}
	}
	writeJSON(w, http.StatusOK, struct {
		Webhooks []store.Webhook `json:"webhooks"`
	}{list})
}

func (s *Server) deleteWebhook(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		s.fail(w, r, http.StatusNotFound, "not_found", MsgNotFound)
		return
	}
	if err := s.store.DeleteWebhook(r.Context(), id); err != nil {
		s.failStore(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// MsgBuiltinID refuses a record with a built-in record's id.
var MsgBuiltinID = i18n.Define("server.builtin-id",
	"%s is a built-in advisory and cannot be replaced",
	"%s{은/는} 내장 권고라서 바꿀 수 없음",
	"%s 是內建公告，無法取代")
