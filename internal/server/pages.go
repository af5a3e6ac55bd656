package server

// The web pages: server-rendered HTML (html/template), no script at all,
// in the request's language (?lang= sets the lang cookie that the
// language switch's links carry; else Accept-Language). They need what
// the API needs, a read token: a Bearer header, or the session cookie
// that signing in with a token on /signin sets. Every form that changes
// something (sign-in, sign-out) carries a CSRF token checked against the
// session (or, before there is one, a cookie of its own), and every
// unsafe request is refused when the browser says it came from another
// site (net/http's CrossOriginProtection).

import (
	"bytes"
	"crypto/subtle"
	"embed"
	"errors"
	"fmt"
	"html"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/affected-dev/affected/internal/advisory"
	"github.com/affected-dev/affected/internal/i18n"
	"github.com/affected-dev/affected/internal/nuget"
	"github.com/affected-dev/affected/internal/report"
	"github.com/affected-dev/affected/internal/store"
)

//go:embed pages
var pageFS embed.FS

// pageSize is the number of rows (advisories, projects, findings) a page
// shows; the pager links to the others.
const pageSize = 100

// sessionTTL is how long a page sign-in lasts.
const sessionTTL = 12 * time.Hour

// csrfCookie holds the sign-in form's CSRF token until there is a
// session (whose own token the later forms carry).
const csrfCookie = "affected_csrf"

// pages gives the pages' templates, each parsed with the layout and the
// shared parts, and the layout alone: parsed once, when the server starts
// (New), not when any command of the program starts.
var pages = sync.OnceValues(parsePages)

func parsePages() (map[string]*template.Template, *template.Template) {
	base := template.Must(template.New("").Funcs(template.FuncMap{"tr": tr, "in": in}).ParseFS(pageFS, "pages/layout.html"))
	names, err := fs.Glob(pageFS, "pages/*.html")
	if err != nil {
		panic(err)
	}
	out := map[string]*template.Template{}
	for _, n := range names {
		name := strings.TrimSuffix(strings.TrimPrefix(n, "pages/"), ".html")
		if name == "layout" {
			continue
		}
		out[name] = template.Must(template.Must(base.Clone()).ParseFS(pageFS, n))
	}
	return out, base
}

// tr renders the page message key ("server.page." + key) in l.
func tr(l i18n.Lang, key string, args ...any) (string, error) {
	m, ok := pageMessages[key]
	if !ok {
		return "", fmt.Errorf("no page message %q", key)
	}
	return m.Sprintf(l, args...), nil
}

// inLang is a value for a shared template, with the page's language.
type inLang struct {
	Lang i18n.Lang
	V    any
}

func in(l i18n.Lang, v any) inLang { return inLang{l, v} }

// view is what every page template gets: the layout's data and the
// page's own (D).
type view struct {
	Lang  i18n.Lang
	Title string
	// Nav is the menu entry of the page ("advisories", "projects",
	// "hosts", "search").
	Nav      string
	Langs    []langLink
	SignedIn bool   // with a session (the sign-out form is shown)
	User     string // the token's name
	CSRF     string // the session's CSRF token, for its forms
	// D is the page's data, for its own part; Content that part rendered,
	// for the layout.
	D       any
	Content template.HTML
}

// langLink is an entry of the language switch.
type langLink struct {
	Tag, Name, URL string
	Current        bool
}

// langNames are the languages' own names.
var langNames = map[i18n.Lang]string{i18n.En: "English", i18n.Ko: "한국어", i18n.ZhTW: "繁體中文"}

func (s *Server) pageRoutes() {
	m := s.mux
	m.HandleFunc("GET /static/style.css", func(w http.ResponseWriter, r *http.Request) {
		css, _ := pageFS.ReadFile("pages/style.css")
		w.Header().Set("Content-Type", "text/css; charset=utf-8")
		w.Header().Set("Cache-Control", "public, max-age=3600")
		w.Write(css)
	})
	m.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/advisories", http.StatusSeeOther)
	})
	m.HandleFunc("GET /signin", s.signinPage)
	m.HandleFunc("POST /signin", s.signin)
	m.HandleFunc("POST /signout", s.pageNeed(s.signout))
	m.HandleFunc("GET /advisories", s.pageNeed(s.advisoriesPage))
	m.HandleFunc("GET /advisories/{id}", s.pageNeed(s.advisoryPage))
	m.HandleFunc("GET /projects", s.pageNeed(s.projectsPage))
	m.HandleFunc("GET /project", s.pageNeed(s.projectPage))
	m.HandleFunc("GET /hosts", s.pageNeed(s.hostsPage))
	m.HandleFunc("GET /host", s.pageNeed(s.hostPage))
	m.HandleFunc("GET /search", s.pageNeed(s.searchPage))
	m.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		s.pageFail(w, r, http.StatusNotFound, MsgNotFound.Plain(langOf(r)))
	})
}

// pageNeed wraps a page with the read scope: without a token it sends
// the browser to the sign-in form, and back here afterwards.
func (s *Server) pageNeed(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		p, ok, err := s.authenticate(r)
		if err != nil {
			s.pageStoreFail(w, r, err)
			return
		}
		if !ok {
			http.Redirect(w, r, "/signin?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
			return
		}
		if !p.tok.Scope.Allows(store.ScopeRead) {
			s.pageFail(w, r, http.StatusForbidden, MsgForbidden.Plain(langOf(r), string(store.ScopeRead)))
			return
		}
		h(w, r.WithContext(withPrincipal(r.Context(), p)))
	}
}

// render writes a page; title is already in the request's language.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name, nav, title string, data any) {
	content, err := s.content(name, langOf(r), data)
	if err != nil {
		s.log.Error("rendering a page", "page", name, "err", err.Error())
		http.Error(w, MsgInternal.Plain(langOf(r)), http.StatusInternalServerError)
		return
	}
	s.renderPage(w, r, status, nav, cachedPage{title: title, content: content})
}

// content renders the page's own part (its "content" template), which
// depends on the language and the data only: what the cache keeps.
func (s *Server) content(name string, lang i18n.Lang, data any) (template.HTML, error) {
	var b bytes.Buffer
	templates, _ := pages()
	if err := templates[name].ExecuteTemplate(&b, "content", view{Lang: lang, D: data}); err != nil {
		return "", err
	}
	return template.HTML(b.String()), nil
}

// renderPage writes a page made of its own part and the layout, which
// holds what depends on the reader (sign-in, language switch).
func (s *Server) renderPage(w http.ResponseWriter, r *http.Request, status int, nav string, p cachedPage) {
	lang := langOf(r)
	if l := r.URL.Query().Get("lang"); l != "" {
		if parsed, err := i18n.Parse(l); err == nil {
			// The switch's choice is remembered for the pages that follow.
			http.SetCookie(w, &http.Cookie{Name: "lang", Value: parsed.String(), Path: "/", MaxAge: 365 * 24 * 3600,
				HttpOnly: true, Secure: r.TLS != nil, SameSite: http.SameSiteLaxMode})
		}
	}
	pr := principalOf(r)
	v := view{Lang: lang, Title: p.title, Nav: nav, Content: p.content, SignedIn: pr.session != "", CSRF: pr.csrf, User: pr.tok.Name}
	if v.User == "" && pr.tok.ID != 0 {
		v.User = "#" + strconv.FormatInt(pr.tok.ID, 10)
	}
	for _, l := range i18n.Langs() {
		q := r.URL.Query()
		q.Set("lang", l.String())
		u := url.URL{Path: r.URL.Path, RawQuery: q.Encode()}
		v.Langs = append(v.Langs, langLink{Tag: l.String(), Name: langNames[l], URL: u.String(), Current: l == lang})
	}
	var b bytes.Buffer
	_, layout := pages()
	if err := layout.ExecuteTemplate(&b, "layout", v); err != nil {
		s.log.Error("rendering a page", "err", err.Error())
		http.Error(w, MsgInternal.Plain(lang), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Language", lang.String())
	w.Header().Add("Vary", "Accept-Language, Cookie")
	w.WriteHeader(status)
	w.Write(b.Bytes())
}

// pageFail answers with an error page.
func (s *Server) pageFail(w http.ResponseWriter, r *http.Request, status int, message string) {
	if status == http.StatusServiceUnavailable {
		w.Header().Set("Retry-After", retryAfter)
	}
	s.render(w, r, status, "error", "", http.StatusText(status), struct {
		Status  int
		Message string
	}{status, message})
}

// pageStoreFail is failStore for pages.
func (s *Server) pageStoreFail(w http.ResponseWriter, r *http.Request, err error) {
	lang := langOf(r)
	switch {
	case errors.Is(err, store.ErrUnavailable):
		s.log.Warn("database unavailable", "path", r.URL.Path)
		s.pageFail(w, r, http.StatusServiceUnavailable, store.MsgUnavailable.Plain(lang))
	case errors.Is(err, store.ErrNotFound):
		s.pageFail(w, r, http.StatusNotFound, MsgNotFound.Plain(lang))
	default:
		s.log.Error("store", "path", r.URL.Path, "err", err.Error())
		s.pageFail(w, r, http.StatusInternalServerError, MsgInternal.Plain(lang))
	}
}

// offsetOf reads ?offset= (0 when absent); on a bad value it has
// answered.
func (s *Server) offsetOf(w http.ResponseWriter, r *http.Request) (int, bool) {
	v := r.URL.Query().Get("offset")
	if v == "" {
		return 0, true
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 {
		s.pageFail(w, r, http.StatusBadRequest, MsgBadParam.Plain(langOf(r), "offset", v))
		return 0, false
	}
	return n, true
}

// pager links to the neighbouring pages of a listing.
type pager struct {
	From, To, Total int
	Prev, Next      string // URLs, "" at the ends
}

func newPager(r *http.Request, offset, shown, total int) pager {
	p := pager{From: offset + 1, To: offset + shown, Total: total}
	if shown == 0 {
		p.From = 0
	}
	link := func(off int) string {
		q := r.URL.Query()
		q.Del("lang")
		if off > 0 {
			q.Set("offset", strconv.Itoa(off))
		} else {
			q.Del("offset")
		}
		u := url.URL{Path: r.URL.Path, RawQuery: q.Encode()}
		return u.String()
	}
	if offset > 0 {
		p.Prev = link(max(0, offset-pageSize))
	}
	if offset+shown < total {
		p.Next = link(offset + shown)
	}
	return p
}

// Sign-in and sign-out.

type signinView struct {
	CSRF, Next, Error string
}

func (s *Server) signinPage(w http.ResponseWriter, r *http.Request) {
	s.signinForm(w, r, http.StatusOK, "")
}

// signinForm shows the form with a fresh CSRF token in its cookie.
func (s *Server) signinForm(w http.ResponseWriter, r *http.Request, status int, problem string) {
	token, _ := newCSRF()
	http.SetCookie(w, &http.Cookie{Name: csrfCookie, Value: token, Path: "/signin", MaxAge: 3600,
		HttpOnly: true, Secure: r.TLS != nil, SameSite: http.SameSiteStrictMode})
	next := r.FormValue("next")
	if !localPath(next) {
		next = "/advisories"
	}
	lang := langOf(r)
	title, _ := tr(lang, "signin.title")
	s.render(w, r, status, "signin", "", title, signinView{CSRF: token, Next: next, Error: problem})
}

func (s *Server) signin(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 16<<10)
	lang := langOf(r)
	if err := r.ParseForm(); err != nil {
		s.pageFail(w, r, http.StatusBadRequest, MsgBadParam.Plain(lang, "body", "…"))
		return
	}
	c, err := r.Cookie(csrfCookie)
	if err != nil || !sameSecret(c.Value, r.PostFormValue("csrf")) {
		problem, _ := tr(lang, "csrf")
		s.signinForm(w, r, http.StatusForbidden, problem)
		return
	}
	tok, err := s.lookupToken(r.Context(), strings.TrimSpace(r.PostFormValue("token")))
	switch {
	case errors.Is(err, store.ErrNotFound):
		problem, _ := tr(lang, "signin.unknown")
		s.signinForm(w, r, http.StatusUnauthorized, problem)
		return
	case err != nil:
		s.pageStoreFail(w, r, err)
		return
	case !tok.Scope.Allows(store.ScopeRead):
		problem, _ := tr(lang, "signin.scope", string(tok.Scope))
		s.signinForm(w, r, http.StatusForbidden, problem)
		return
	}
	secret, _, err := s.store.CreateSession(r.Context(), tok.ID, sessionTTL)
	if err != nil {
		s.pageStoreFail(w, r, err)
		return
	}
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: secret, Path: "/", MaxAge: int(sessionTTL.Seconds()),
		HttpOnly: true, Secure: r.TLS != nil, SameSite: http.SameSiteLaxMode})
	http.SetCookie(w, &http.Cookie{Name: csrfCookie, Path: "/signin", MaxAge: -1})
	next := r.PostFormValue("next")
	if !localPath(next) {
		next = "/advisories"
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
}

func (s *Server) signout(w http.ResponseWriter, r *http.Request) {
	p := principalOf(r)
	if p.session == "" || !sameSecret(p.csrf, r.PostFormValue("csrf")) {
		problem, _ := tr(langOf(r), "csrf")
		s.pageFail(w, r, http.StatusForbidden, problem)
		return
	}
	if err := s.store.DeleteSession(r.Context(), p.session); err != nil {
		s.pageStoreFail(w, r, err)
		return
	}
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Path: "/", MaxAge: -1, HttpOnly: true, Secure: r.TLS != nil, SameSite: http.SameSiteLaxMode})
	http.Redirect(w, r, "/signin", http.StatusSeeOther)
}

// localPath reports whether next is a path on this server (no scheme, no
// host, no "//" that a browser would read as one): the redirect after
// sign-in goes nowhere else.
func localPath(next string) bool {
	return strings.HasPrefix(next, "/") && !strings.HasPrefix(next, "//") && !strings.HasPrefix(next, "/\\") &&
		!strings.ContainsAny(next, "\r\n")
}

func sameSecret(a, b string) bool {
	return a != "" && subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1
}

// The listings.

type advisoryRow struct {
	AdvisorySummary
	SeverityLabel string
	URL           string
}

func (s *Server) advisoriesPage(w http.ResponseWriter, r *http.Request) {
	offset, ok := s.offsetOf(w, r)
	if !ok {
		return
	}
	lang := langOf(r)
	affected := r.URL.Query().Get("affected") == "true"
	list, total, err := s.store.Advisories(r.Context(), affected, store.Page{Limit: pageSize, Offset: offset})
	if err != nil {
		s.pageStoreFail(w, r, err)
		return
	}
	rows := make([]advisoryRow, 0, len(list))
	for _, c := range list {
		rows = append(rows, advisoryRow{AdvisorySummary: summary(c.Advisory, lang, c),
			SeverityLabel: report.SeverityLabel(string(c.Advisory.Severity), lang), URL: "/advisories/" + url.PathEscape(c.Advisory.ID)})
	}
	title, _ := tr(lang, "advisories.title")
	s.render(w, r, http.StatusOK, "advisories", "advisories", title, struct {
		Rows     []advisoryRow
		Affected bool
		Pager    pager
	}{rows, affected, newPager(r, offset, len(rows), total)})
}

type projectRow struct {
	store.ProjectInfo
	URL string
}

func projectURL(source, path string) string {
	return "/project?" + url.Values{"source": {source}, "path": {path}}.Encode()
}

func (s *Server) projectsPage(w http.ResponseWriter, r *http.Request) {
	offset, ok := s.offsetOf(w, r)
	if !ok {
		return
	}
	source := r.URL.Query().Get("source")
	list, total, err := s.store.Projects(r.Context(), source, store.Page{Limit: pageSize, Offset: offset})
	if err != nil {
		s.pageStoreFail(w, r, err)
		return
	}
	rows := make([]projectRow, len(list))
	for i, p := range list {
		rows[i] = projectRow{ProjectInfo: p, URL: projectURL(p.Source, p.Path)}
	}
	title, _ := tr(langOf(r), "projects.title")
	s.render(w, r, http.StatusOK, "projects", "projects", title, struct {
		Rows   []projectRow
		Source string
		Pager  pager
	}{rows, source, newPager(r, offset, len(rows), total)})
}

type hitRow struct {
	store.Hit
	URL string
}

func (s *Server) searchPage(w http.ResponseWriter, r *http.Request) {
	offset, ok := s.offsetOf(w, r)
	if !ok {
		return
	}
	lang := langOf(r)
	q := r.URL.Query()
	name, version := strings.TrimSpace(q.Get("package")), strings.TrimSpace(q.Get("version"))
	data := struct {
		Package, Version, Error string
		Searched                bool
		Rows                    []hitRow
		Pager                   pager
	}{Package: name, Version: version}
	title, _ := tr(lang, "search.title")
	if name == "" {
		s.render(w, r, http.StatusOK, "search", "search", title, data)
		return
	}
	key := version
	if version != "" {
		v, err := nuget.ParseVersion(version)
		if err != nil {
			data.Error = MsgBadParam.Plain(lang, "version", version)
			s.render(w, r, http.StatusBadRequest, "search", "search", title, data)
			return
		}
		key = v.String()
	}
	list, total, err := s.store.Search(r.Context(), nuget.NormalizeID(name), key, store.Page{Limit: pageSize, Offset: offset})
	if err != nil {
		s.pageStoreFail(w, r, err)
		return
	}
	data.Searched = true
	for _, h := range list {
		data.Rows = append(data.Rows, hitRow{Hit: h, URL: projectURL(h.Source, h.Project)})
	}
	data.Pager = newPager(r, offset, len(list), total)
	s.render(w, r, http.StatusOK, "search", "search", title, data)
}

// One advisory, one project.

// findingView is a finding with its texts in the page's language and its
// paths as a tree.
//
// Its fields are flat and its texts made here: html/template looks each
// field up by reflection, through embedded structs the slow way, and the
// advisory page has a hundred findings.
type findingView struct {
	Project, Framework, Package, Version string
	Kind, Paths, More, Fixed, Declared   string
	AdviceKind, Advice                   string
	// TreeLabel names the tree for assistive technology.
	TreeLabel string
	// Tree is the path tree as nested lists (written here rather than by
	// a recursive template, which costs ten times more on a page of
	// deep trees).
	Tree template.HTML
}

func newFindingView(f report.Finding, lang i18n.Lang) findingView {
	v := findingView{Project: f.Project, Framework: f.Framework, Package: f.Package.Name, Version: f.Package.Version,
		Kind: report.MsgTransitive.Plain(lang), Paths: report.MsgPathCount.Sprintf(lang, f.PathCount, f.Source),
		AdviceKind: f.Advice.Kind, Advice: f.Advice.Text}
	v.TreeLabel, _ = tr(lang, "finding.tree", f.Project, f.Package.Name, f.Package.Version)
	if f.Direct {
		v.Kind = report.MsgDirect.Plain(lang)
	}
	if shown := uint64(len(f.Paths)); f.PathCount > shown {
		v.More, _ = tr(lang, "finding.more", shown, f.PathCount)
	}
	if len(f.FixedVersions) > 0 {
		rec := f.RecommendedVersion
		if rec == "" {
			rec = "-"
		}
		v.Fixed = report.MsgFixedIn.Plain(lang, strings.Join(f.FixedVersions, ", "), rec)
	}
	if l := f.Location; l.File != "" {
		where := l.File
		if l.Line > 0 {
			where += ":" + strconv.Itoa(l.Line)
		}
		v.Declared, _ = tr(lang, "finding.declared", where)
	}
	var b strings.Builder
	writeTree(&b, report.PathTree(f.Paths, f.ProjectNodes, f.Platform), lang)
	v.Tree = template.HTML(b.String())
	return v
}

// writeTree writes nodes as nested lists, every text escaped: each
// li.node carries its "Name@Version" in data-id and shows it as the .NET
// CLI does, with a note for a project or the platform.
func writeTree(b *strings.Builder, nodes []*report.TreeNode, lang i18n.Lang) {
	if len(nodes) == 0 {
		return
	}
	b.WriteString("<ul>")
	for _, n := range nodes {
		b.WriteString(`<li class="node" data-id="`)
		b.WriteString(html.EscapeString(n.ID))
		b.WriteString(`"><span class="label">`)
		b.WriteString(html.EscapeString(n.Label()))
		b.WriteString("</span>")
		note := ""
		switch {
		case n.Project:
			note = report.MsgWhyProjectNode.Plain(lang)
		case n.Platform:
			note = report.MsgWhyPlatformNode.Plain(lang)
		}
		if note = strings.TrimSpace(note); note != "" {
			b.WriteString(` <span class="note">`)
			b.WriteString(html.EscapeString(note))
			b.WriteString("</span>")
		}
		writeTree(b, n.Children, lang)
		b.WriteString("</li>\n")
	}
	b.WriteString("</ul>")
}

// findingGroup is the findings of one project (on an advisory's page) or
// of one advisory (on a project's page).
type findingGroup struct {
	Source, Project, URL string
	Advisory             string
	Title                string
	Findings             []findingView
}

type advisoryView struct {
	A          report.AdvisoryEntry
	LangNote   string
	Severity   string
	Published  string
	Modified   string
	Fix        []PackageFix
	Platforms  []advisory.PlatformExposure
	Behaviours []advisory.BehaviourExposure
	Projects   int
	Sources    int
	Findings   int
	Groups     []findingGroup
	Pager      pager
	// HostCount counts the affected hosts (in HostSources inventories);
	// Hosts are the first of them.
	HostCount, HostSources int
	Hosts                  []affectedHostView
	HostsURL               string
	// EndpointCount counts the exposed TLS endpoints; Endpoints are the
	// first of them.
	EndpointCount, EndpointSources int
	Endpoints                      []EndpointExposure
	EndpointsURL                   string
}

func (s *Server) advisoryPage(w http.ResponseWriter, r *http.Request) {
	offset, ok := s.offsetOf(w, r)
	if !ok {
		return
	}
	lang := langOf(r)
	gen := s.gen.Load()
	key := "advisory\x00" + r.PathValue("id") + "\x00" + lang.String() + "\x00" + strconv.Itoa(offset)
	if p, ok := s.pages.get(gen, key); ok {
		s.renderPage(w, r, http.StatusOK, "advisories", p)
		return
	}
	d, err := s.advisoryDetail(r, r.PathValue("id"), store.Page{Limit: pageSize, Offset: offset})
	if err != nil {
		s.pageStoreFail(w, r, err)
		return
	}
	a, err := s.store.Advisory(r.Context(), d.Advisory.ID)
	if err != nil {
		s.pageStoreFail(w, r, err)
		return
	}
	v := advisoryView{A: d.Advisory, Severity: report.SeverityLabel(d.Advisory.Severity, lang), Fix: d.Fix,
		Platforms: a.Platforms, Behaviours: a.Behaviours, Findings: d.Total, Pager: newPager(r, offset, len(d.Affected), d.Total)}
	if d.Advisory.Lang != "" && !strings.EqualFold(d.Advisory.Lang, lang.String()) {
		v.LangNote = strings.Trim(report.MsgTextLangMissing.Plain(lang, lang.String(), d.Advisory.Lang), "()（）")
	}
	if !a.Published.IsZero() {
		v.Published = a.Published.Format(time.DateOnly)
	}
	if !a.Modified.IsZero() {
		v.Modified = a.Modified.Format(time.DateOnly)
	}
	if v.Projects, v.Sources, err = s.store.Affected(r.Context(), a.ID); err != nil {
		s.pageStoreFail(w, r, err)
		return
	}
	if v.HostCount, v.HostSources, err = s.store.AffectedHosts(r.Context(), a.ID); err != nil {
		s.pageStoreFail(w, r, err)
		return
	}
	if v.HostCount > 0 {
		if v.Hosts, err = s.advisoryHostViews(r, a.ID, lang); err != nil {
			s.pageStoreFail(w, r, err)
			return
		}
		v.HostsURL = "/api/v1/advisories/" + url.PathEscape(a.ID) + "/hosts"
	}
	if v.EndpointCount, v.EndpointSources, err = s.store.AffectedEndpoints(r.Context(), a.ID); err != nil {
		s.pageStoreFail(w, r, err)
		return
	}
	if v.EndpointCount > 0 {
		if v.Endpoints, _, err = s.exposures(r, a.ID, store.Page{Limit: pageSize}); err != nil {
			s.pageStoreFail(w, r, err)
			return
		}
		v.EndpointsURL = "/api/v1/advisories/" + url.PathEscape(a.ID) + "/endpoints"
	}
	for _, e := range d.Affected {
		n := len(v.Groups)
		if n == 0 || v.Groups[n-1].Source != e.Source || v.Groups[n-1].Project != e.Finding.Project {
			v.Groups = append(v.Groups, findingGroup{Source: e.Source, Project: e.Finding.Project, URL: projectURL(e.Source, e.Finding.Project)})
			n++
		}
		v.Groups[n-1].Findings = append(v.Groups[n-1].Findings, newFindingView(e.Finding, lang))
	}
	content, err := s.content("advisory", lang, v)
	if err != nil {
		s.pageStoreFail(w, r, err)
		return
	}
	p := cachedPage{title: d.Advisory.ID + " " + d.Advisory.Title, content: content}
	s.pages.put(gen, key, p)
	s.renderPage(w, r, http.StatusOK, "advisories", p)
}

func (s *Server) projectPage(w http.ResponseWriter, r *http.Request) {
	offset, ok := s.offsetOf(w, r)
	if !ok {
		return
	}
	lang := langOf(r)
	q := r.URL.Query()
	info, err := s.store.Project(r.Context(), q.Get("source"), q.Get("path"))
	if err != nil {
		s.pageStoreFail(w, r, err)
		return
	}
	list, total, err := s.store.Findings(r.Context(), store.FindingFilter{Source: info.Source, Project: info.Path}, store.Page{Limit: pageSize, Offset: offset})
	if err != nil {
		s.pageStoreFail(w, r, err)
		return
	}
	entries, err := s.localize(r, list, lang)
	if err != nil {
		s.pageStoreFail(w, r, err)
		return
	}
	var groups []findingGroup
	for _, e := range entries {
		n := len(groups)
		if n == 0 || groups[n-1].Advisory != e.Finding.Advisory.ID {
			groups = append(groups, findingGroup{Advisory: e.Finding.Advisory.ID, Title: e.Finding.Advisory.Title,
				URL: "/advisories/" + url.PathEscape(e.Finding.Advisory.ID)})
			n++
		}
		groups[n-1].Findings = append(groups[n-1].Findings, newFindingView(e.Finding, lang))
	}
	title, _ := tr(lang, "project.title", info.Path)
	s.render(w, r, http.StatusOK, "project", "projects", title, struct {
		Info   store.ProjectInfo
		Groups []findingGroup
		Pager  pager
	}{info, groups, newPager(r, offset, len(entries), total)})
}
