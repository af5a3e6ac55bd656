package server_test

import (
	"context"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/google/go-cmp/cmp"

	"github.com/affected-dev/affected/internal/i18n"
	"github.com/affected-dev/affected/internal/report"
	"github.com/affected-dev/affected/internal/windows"
)

// chromium finds Debian's chromium; the test skips without it, except
// under CI=true (.ci/run installs it).
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("chromium not found (CI=true): .ci/run installs Debian's chromium package")
	}
	t.Skip("chromium not found: apt-get install chromium")
	return ""
}

// browser is a headless Chromium with page scripts disabled (the pages
// must work without them), driven over the DevTools protocol.
type browser struct {
	t    *testing.T
	ctx  context.Context
	shot bool // a screenshot was saved for this test
}

func newBrowser(t *testing.T, acceptLanguage string) *browser {
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromium(t)),
		chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun, chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1200, 900),
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(actx)
	ctx, cancelTimeout := context.WithTimeout(ctx, 90*time.Second)
	t.Cleanup(func() { cancelTimeout(); cancelCtx(); cancelAlloc() }) // ends the browser process
	b := &browser{t: t, ctx: ctx}
	b.do("starting the browser", chromedp.Navigate("about:blank"))
	if _, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(ctx, emulation.SetUserAgentOverride, emulation.SetUserAgentOverrideParams{UserAgent: "affected-test", AcceptLanguage: acceptLanguage}); err != nil {
		t.Fatal(err)
	}
	return b
}

// do runs actions; on failure it saves a screenshot and stops the test.
func (b *browser) do(what string, steps ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	if err := chromedp.Do(b.ctx, steps...); err != nil {
		b.screenshot(what)
		b.t.Fatalf("%s: %v", what, err)
	}
}

// get runs one action that returns a value, as do.
func get[T any](b *browser, what string, a chromedp.Action[T]) T {
	b.t.Helper()
	v, err := chromedp.Run(b.ctx, a)
	if err != nil {
		b.screenshot(what)
		b.t.Fatalf("%s: %v", what, err)
	}
	return v
}

func (b *browser) text(sel string) string {
	b.t.Helper()
	return get(b, "reading "+sel, chromedp.Text(chromedp.CSS(sel)))
}

func (b *browser) eval(expr string) string {
	b.t.Helper()
	return get(b, "evaluating "+expr, chromedp.Evaluate[string](expr))
}

func (b *browser) location() string {
	b.t.Helper()
	return get(b, "reading the location", chromedp.Location())
}

// check fails the test when ok is false, with a screenshot of the page.
func (b *browser) check(ok bool, format string, args ...any) {
	b.t.Helper()
	if !ok {
		b.screenshot(fmt.Sprintf(format, args...))
		b.t.Errorf(format, args...)
	}
}

// screenshot saves the page once per test, when a check has failed, in
// $AFFECTED_SCREENSHOTS (else the system's temporary directory).
func (b *browser) screenshot(why string) {
	if b.shot {
		return
	}
	b.shot = true
	ctx, cancel := context.WithTimeout(b.ctx, 10*time.Second)
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		b.t.Logf("no screenshot: %v", err)
		return
	}
	dir := os.Getenv("AFFECTED_SCREENSHOTS")
	if dir == "" {
		dir = os.TempDir()
	}
	name := filepath.Join(dir, strings.NewReplacer("/", "_", " ", "_").Replace(b.t.Name())+".png")
	if err := os.WriteFile(name, png, 0o644); err != nil {
		b.t.Logf("no screenshot: %v", err)
		return
	}
	b.t.Logf("screenshot of the failing page (%s): %s", why, name)
}

// pageMessage is a page text in l, from the catalog (server.page.key).
func pageMessage(t *testing.T, key string, l i18n.Lang) string {
	for _, m := range i18n.All() {
		if m.ID == "server.page."+key {
			return m.Text(l)
		}
	}
	t.Fatalf("no message server.page.%s", key)
	return ""
}

// shownFinding is a finding as the advisory page shows it: the project,
// framework and package, every path of its tree (root to leaf), the
// advice.
type shownFinding struct {
	Project, Framework, Package, Version string
	Paths                                []string
	Advice                               string
}

// The page's findings, read from the DOM: each li.project, each finding
// in it, and each path of its tree from the first node under the project
// to a leaf.
const readFindings = `(() => {
	const out = [];
	for (const p of document.querySelectorAll('li.project')) {
		for (const f of p.querySelectorAll('article.finding')) {
			const paths = [];
			const walk = (li, prefix) => {
				const kids = li.querySelectorAll(':scope > ul > li.node');
				const here = li.classList.contains('root') ? prefix : prefix.concat([li.dataset.id]);
				if (kids.length === 0) { paths.push(here.join(' > ')); return; }
				for (const k of kids) walk(k, here);
			};
			walk(f.querySelector('.tree li.root'), []);
			out.push({Project: p.dataset.project, Framework: f.dataset.framework, Package: f.dataset.package,
				Version: f.dataset.version, Paths: paths, Advice: f.querySelector('.advice').textContent.replace(/^→\s*/, '').trim()});
		}
	}
	return out;
})()`

// TestBrowser drives the pages in headless Chromium, scripts disabled:
// the advisory page of MSA-4010983, signed in through the form, lists in
// Korean (from Accept-Language) and in Traditional Chinese (from the
// language switch) every affected project with the path tree of each
// finding (equal to the API's paths) and the fix; the switch's choice
// stays for the next page; the first Tab reaches the skip link; a wrong
// token is refused on the form; signing out ends the session.
func TestBrowser(t *testing.T) {
	chromium(t)
	e := newEnv(t)
	examples := filepath.Join("..", "..", "examples")
	up := []string{"AFFECTED_TOKEN=" + e.token("upload")}
	e.run(1, up, "scan", examples, "--upload", e.base, "--source", "examples", "--format", "json")
	v := validation(t)
	e.run(1, up, "host", "--db", t.TempDir(), "--upload", e.base, "--source", "windows", filepath.Join(v, "srv_2012r2_u1_systeminfo.txt"),
		filepath.Join(v, "srv_2012r2_u1_qfe.txt"), filepath.Join(v, "8.1_u1_x64_enterprise_en-us_systeminfo.txt"))
	read := e.token("read")

	// What the API says, per language.
	want := func(lang string) []shownFinding {
		var d struct {
			Affected []struct {
				Source  string
				Finding report.Finding
			}
		}
		e.get("/api/v1/advisories/MSA-4010983?limit=1000&lang="+lang, &d)
		var out []shownFinding
		for _, a := range d.Affected {
			f := a.Finding
			sf := shownFinding{Project: f.Project, Framework: f.Framework, Package: f.Package.Name, Version: f.Package.Version, Advice: f.Advice.Text}
			for _, p := range f.Paths {
				sf.Paths = append(sf.Paths, strings.Join(p, " > "))
			}
			sort.Strings(sf.Paths)
			out = append(out, sf)
		}
		return out
	}
	start := time.Now()
	b := newBrowser(t, "ko-KR,ko;q=0.9,en;q=0.5")
	page := e.base + "/advisories/MSA-4010983"

	// Not signed in: the sign-in form, in Korean; a wrong token is refused.
	b.do("opening the advisory page", chromedp.Navigate(page), chromedp.WaitVisible(chromedp.CSS("#token")))
	loc, lang := b.location(), b.eval(`document.documentElement.lang`)
	u, _ := url.Parse(loc)
	b.check(u.Path == "/signin" && u.Query().Get("next") == "/advisories/MSA-4010983" && lang == "ko", "not sent to the Korean sign-in form: %s [%s]", loc, lang)
	label := b.text(`label[for=token]`)
	b.check(label == pageMessage(t, "signin.token", i18n.Ko), "the token field's label is %q", label)
	b.do("a wrong token", chromedp.SendKeys(chromedp.CSS("#token"), "aff_wrong"), chromedp.Submit(chromedp.CSS("#token")),
		chromedp.WaitVisible(chromedp.CSS("[role=alert]")))
	alert := b.text(`[role=alert]`)
	b.check(alert == pageMessage(t, "signin.unknown", i18n.Ko), "wrong token: %q", alert)

	// Signed in: back to the advisory, in Korean.
	b.do("signing in", chromedp.SendKeys(chromedp.CSS("#token"), read), chromedp.Submit(chromedp.CSS("#token")),
		chromedp.WaitVisible(chromedp.CSS("li.project")))
	loc = b.location()
	b.check(loc == page, "after signing in: %s, want %s", loc, page)

	for _, l := range []i18n.Lang{i18n.Ko, i18n.ZhTW} {
		if l == i18n.ZhTW {
			// The language switch, followed as a link.
			b.do("switching to zh-TW", chromedp.Click(chromedp.CSS(`nav.langs a[data-lang="zh-TW"]`)),
				chromedp.WaitVisible(chromedp.CSS(`html[lang="zh-TW"] li.project`)))
		}
		lang = b.eval(`document.documentElement.lang`)
		b.check(lang == l.String(), "page language %q, want %s", lang, l)
		heading := b.text(`#affected-h`)
		b.check(heading == pageMessage(t, "advisory.affected", l), "[%s] heading %q", l, heading)
		shown := get(b, "reading the findings", chromedp.Evaluate[[]shownFinding](readFindings))
		for i := range shown {
			sort.Strings(shown[i].Paths)
		}
		w := want(l.String())
		if len(w) < 5 {
			t.Fatalf("the API lists only %d findings of MSA-4010983", len(w))
		}
		if d := cmp.Diff(w, shown); d != "" {
			b.check(false, "[%s] the page's projects and path trees differ from the API's (-api +page)\n%s", l, d)
		}
		fixed := b.text(`table.fixes td.fixed-versions`)
		b.check(fixed == "1.1.1", "[%s] fixed versions %q", l, fixed)
		t.Logf("[%s] %d findings in %d projects shown with their trees", l, len(shown), countProjects(shown))
	}

	// The hosts MSA-3109853 affects, in Chinese (the switch's choice) and
	// in Korean: each with its product and the update to install, as the
	// API's verdicts say it.
	for _, l := range []i18n.Lang{i18n.ZhTW, i18n.Ko} {
		b.do("the advisory page of MSA-3109853", chromedp.Navigate(e.base+"/advisories/MSA-3109853?lang="+l.String()),
			chromedp.WaitVisible(chromedp.CSS(`html[lang="`+l.String()+`"] li.host`)))
		heading := b.text(`#hosts-h`)
		b.check(heading == pageMessage(t, "advisory.hosts", l), "[%s] hosts heading %q", l, heading)
		shown := get(b, "reading the hosts", chromedp.Evaluate[[]shownHost](readHosts))
		var d struct {
			Hosts []struct {
				Source, Host, Product string
				ProductName           string `json:"product_name"`
				Verdict               report.HostVerdict
			}
		}
		e.get("/api/v1/advisories/MSA-3109853/hosts?lang="+l.String(), &d)
		var want []shownHost
		for _, h := range d.Hosts {
			sh := shownHost{Source: h.Source, Host: h.Host, Product: windows.DisplayName(h.Product, h.ProductName, l), Verdict: report.HostVerdictLine(h.Verdict, l)}
			for _, r := range h.Verdict.Rows {
				sh.Rows = append(sh.Rows, report.HostRowLine(r, l))
			}
			want = append(want, sh)
		}
		if d := cmp.Diff(want, shown); d != "" || len(shown) != 2 || shown[0].Host != "SRV12R2U1X64" || shown[1].Host != "WIN81U1X64" {
			b.check(false, "[%s] MSA-3109853's hosts differ from the API's (-api +page)\n%s", l, d)
		}
		t.Logf("[%s] %d hosts of MSA-3109853 shown: %v", l, len(shown), shown)
	}
	// A host's page, from the advisory's link: the update to install.
	b.do("a host's page", chromedp.Click(chromedp.CSS(`li.host[data-host="WIN81U1X64"] h3 a`)),
		chromedp.WaitVisible(chromedp.CSS(`article.host-page table.missing`)))
	install := b.text(`table.missing tr[data-kb] th`)
	b.check(install == "KB3109853", "the 8.1 host's update to install: %q", install)

	// The switch's choice stays: the advisory list is in Chinese too,
	// with MSA-4010983 counted.
	b.do("back to Chinese", chromedp.Navigate(e.base+"/advisories?lang=zh-TW"))
	b.do("the advisory list", chromedp.Navigate(e.base+"/advisories"), chromedp.WaitVisible(chromedp.CSS(`tr[data-id="MSA-4010983"]`)))
	listLang, projects := b.eval(`document.documentElement.lang`), b.text(`tr[data-id="MSA-4010983"] td.projects`)
	b.check(listLang == "zh-TW" && projects == "5", "advisory list: lang %q, %s projects for MSA-4010983", listLang, projects)

	// A project's page, from the advisory's link: its finding of
	// MSA-4010983 with the same tree.
	b.do("a project's page", chromedp.Navigate(page),
		chromedp.Click(chromedp.CSS(`li.project[data-project$="Shop.Api.csproj"] h3 a`)),
		chromedp.WaitVisible(chromedp.CSS(`article.project-page li.advisory[data-id="MSA-4010983"]`)))
	paths := b.eval(`Array.from(document.querySelectorAll('li.advisory[data-id="MSA-4010983"] .tree li.node:not(.root)')).map(n => n.dataset.id).join(' ')`)
	b.check(strings.Contains(paths, "Microsoft.AspNetCore.Mvc@1.1.0 Microsoft.AspNetCore.Mvc.ApiExplorer@1.1.0 Microsoft.AspNetCore.Mvc.Core@1.1.0"),
		"the project page's tree: %s", paths)

	// "Who has Microsoft.AspNetCore.Mvc.Core 1.1.0?", through the search
	// form.
	b.do("searching", chromedp.Navigate(e.base+"/search"), chromedp.SendKeys(chromedp.CSS("#package"), "microsoft.aspnetcore.mvc.core"),
		chromedp.SendKeys(chromedp.CSS("#version"), "1.1"), chromedp.Submit(chromedp.CSS("#package")), chromedp.WaitVisible(chromedp.CSS("table.hits")))
	hits := b.eval(`String(document.querySelectorAll('table.hits tbody tr').length)`)
	b.check(hits == "5", "the search lists %s graphs with Microsoft.AspNetCore.Mvc.Core 1.1.0, want 5", hits)

	// The keyboard: the first Tab reaches the skip link.
	b.do("tabbing", chromedp.KeyEvent(kb.Tab))
	focused := b.eval(`document.activeElement.className`)
	b.check(focused == "skip", "the first Tab focuses %q, want the skip link", focused)

	// Signing out ends the session: the next page asks to sign in again.
	b.do("signing out", chromedp.Click(chromedp.CSS(`form.signout button`)), chromedp.WaitVisible(chromedp.CSS("#token")),
		chromedp.Navigate(page), chromedp.WaitVisible(chromedp.CSS("#token")))
	loc = b.location()
	b.check(strings.Contains(loc, "/signin"), "after signing out: %s", loc)
	t.Logf("browser checks took %v", time.Since(start).Round(time.Millisecond))
}

// shownHost is a host as the advisory page lists it.
type shownHost struct {
	Source, Host, Product, Verdict string
	Rows                           []string
}

const readHosts = `Array.from(document.querySelectorAll('li.host')).map(h => ({
	Source: h.dataset.source, Host: h.dataset.host, Product: h.querySelector('.product').textContent.trim(),
	Verdict: h.querySelector('.verdict').textContent.trim(),
	Rows: Array.from(h.querySelectorAll('ul.rows li')).map(r => r.textContent.trim())}))`

func countProjects(fs []shownFinding) int {
	seen := map[string]bool{}
	for _, f := range fs {
		seen[f.Project] = true
	}
	return len(seen)
}

// TestPagesWithoutBrowser checks what a browser does not show: the
// session cookie's attributes, the CSRF checks of the forms, the
// security headers and the redirect after sign-in, which never leaves
// the site.
func TestPagesWithoutBrowser(t *testing.T) {
	e := newEnv(t)
	read, upload := e.token("read"), e.token("upload")
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	send := func(method, path string, body io.Reader, cookies []*http.Cookie, headers ...string) *http.Response {
		req, _ := http.NewRequest(method, e.base+path, body)
		for i := 0; i+1 < len(headers); i += 2 {
			req.Header.Set(headers[i], headers[i+1])
		}
		for _, c := range cookies {
			req.AddCookie(c)
		}
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp
	}
	get := func(path string, cookies ...*http.Cookie) *http.Response { return send("GET", path, nil, cookies) }
	post := func(path string, form url.Values, cookies []*http.Cookie, headers ...string) *http.Response {
		return send("POST", path, strings.NewReader(form.Encode()), cookies, append([]string{"Content-Type", "application/x-www-form-urlencoded"}, headers...)...)
	}
	cookie := func(resp *http.Response, name string) *http.Cookie {
		for _, c := range resp.Cookies() {
			if c.Name == name {
				return c
			}
		}
		return nil
	}

	resp := get("/advisories")
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/signin?next=%2Fadvisories" {
		t.Fatalf("unsigned: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	form := get("/signin")
	csrf := cookie(form, "affected_csrf")
	if csrf == nil || !csrf.HttpOnly || csrf.SameSite != http.SameSiteStrictMode {
		t.Fatalf("sign-in CSRF cookie: %+v", csrf)
	}
	for _, h := range []string{"Content-Security-Policy", "X-Content-Type-Options", "X-Frame-Options", "Referrer-Policy"} {
		if form.Header.Get(h) == "" {
			t.Errorf("sign-in page without %s", h)
		}
	}
	if csp := form.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'none'") || strings.Contains(csp, "script-src") {
		t.Errorf("CSP %q: no script may run", csp)
	}

	for _, c := range []struct {
		name    string
		form    url.Values
		cookies []*http.Cookie
		headers []string
		status  int
	}{
		{"no CSRF token", url.Values{"token": {read}}, []*http.Cookie{csrf}, nil, http.StatusForbidden},
		{"wrong CSRF token", url.Values{"token": {read}, "csrf": {"x"}}, []*http.Cookie{csrf}, nil, http.StatusForbidden},
		{"no CSRF cookie", url.Values{"token": {read}, "csrf": {csrf.Value}}, nil, nil, http.StatusForbidden},
		{"from another site", url.Values{"token": {read}, "csrf": {csrf.Value}}, []*http.Cookie{csrf}, []string{"Sec-Fetch-Site", "cross-site", "Origin", "https://evil.example"}, http.StatusForbidden},
		{"unknown token", url.Values{"token": {"aff_nope"}, "csrf": {csrf.Value}}, []*http.Cookie{csrf}, nil, http.StatusUnauthorized},
		{"upload token", url.Values{"token": {upload}, "csrf": {csrf.Value}}, []*http.Cookie{csrf}, nil, http.StatusForbidden},
	} {
		if resp := post("/signin", c.form, c.cookies, c.headers...); resp.StatusCode != c.status || cookie(resp, "affected_session") != nil {
			t.Errorf("%s: %d (want %d), session %v", c.name, resp.StatusCode, c.status, cookie(resp, "affected_session"))
		}
	}
	// An off-site next is ignored.
	resp = post("/signin", url.Values{"token": {read}, "csrf": {csrf.Value}, "next": {"//evil.example/x"}}, []*http.Cookie{csrf})
	session := cookie(resp, "affected_session")
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/advisories" || session == nil {
		t.Fatalf("sign-in: %d %s %v", resp.StatusCode, resp.Header.Get("Location"), session)
	}
	if !session.HttpOnly || session.SameSite != http.SameSiteLaxMode || session.Secure || session.Path != "/" || session.MaxAge <= 0 {
		t.Errorf("session cookie (plain HTTP, so not Secure): %+v", session)
	}
	if resp := get("/advisories", session); resp.StatusCode != http.StatusOK || !strings.Contains(resp.Header.Get("Vary"), "Cookie") {
		t.Errorf("signed in: %d, Vary %q", resp.StatusCode, resp.Header.Get("Vary"))
	}
	// An admin's session reads the API, but changes nothing there
	// without its CSRF token in a header (as its pages' forms carry it).
	adminSession, csrfToken := signIn(t, e, e.admin)
	hook := func(token string) (int, string) {
		var eb struct{ Error struct{ Code string } }
		req, _ := http.NewRequest("POST", e.base+"/api/v1/webhooks", strings.NewReader(`{"url": "http://127.0.0.1:1/"}`))
		req.AddCookie(adminSession)
		if token != "" {
			req.Header.Set("X-CSRF-Token", token)
		}
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		decodeJSON(resp.Body, &eb)
		return resp.StatusCode, eb.Error.Code
	}
	if code, ec := hook(""); code != http.StatusForbidden || ec != "csrf" {
		t.Errorf("a session posting to the API without the CSRF header: %d %s", code, ec)
	}
	if code, ec := hook(csrfToken); code != http.StatusCreated {
		t.Errorf("a session posting to the API with its CSRF header: %d %s", code, ec)
	}
	if resp := post("/signout", url.Values{"csrf": {"x"}}, []*http.Cookie{session}); resp.StatusCode != http.StatusForbidden {
		t.Errorf("sign-out without the CSRF token: %d", resp.StatusCode)
	}
	if resp := get("/advisories", session); resp.StatusCode != http.StatusOK {
		t.Errorf("the session ended on a refused sign-out: %d", resp.StatusCode)
	}
	// A bad page parameter and an unknown page.
	if resp := get("/advisories?offset=x", session); resp.StatusCode != http.StatusBadRequest {
		t.Errorf("offset=x: %d", resp.StatusCode)
	}
	if resp := get("/nothing-here", session); resp.StatusCode != http.StatusNotFound || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
		t.Errorf("unknown page: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	if resp := get("/project?source=x&path=y", session); resp.StatusCode != http.StatusNotFound {
		t.Errorf("unknown project: %d", resp.StatusCode)
	}
}

var csrfField = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// signIn signs in through the form and returns the session cookie and
// the session's CSRF token (read from the sign-out form).
func signIn(t *testing.T, e *env, token string) (*http.Cookie, string) {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar}
	resp, err := c.Get(e.base + "/signin")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	m := csrfField.FindSubmatch(body)
	if m == nil {
		t.Fatalf("no CSRF field in the sign-in form:\n%s", body)
	}
	resp, err = c.PostForm(e.base+"/signin", url.Values{"csrf": {string(m[1])}, "token": {token}})
	if err != nil {
		t.Fatal(err)
	}
	body, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	if m = csrfField.FindSubmatch(body); resp.StatusCode != http.StatusOK || m == nil {
		t.Fatalf("signing in: %d, no sign-out form", resp.StatusCode)
	}
	u, _ := url.Parse(e.base)
	for _, ck := range jar.Cookies(u) {
		if ck.Name == "affected_session" {
			return ck, html.UnescapeString(string(m[1]))
		}
	}
	t.Fatal("no session cookie")
	return nil, ""
}
