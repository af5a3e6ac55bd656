package server

// The hosts' pages: the list of Windows machines, one machine with the
// updates it needs and its verdicts, and the affected hosts on an
// advisory's page.

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/affected-dev/affected/internal/i18n"
	"github.com/affected-dev/affected/internal/report"
	"github.com/affected-dev/affected/internal/store"
	"github.com/affected-dev/affected/internal/windows"
)

func hostURL(source, name string) string {
	return "/host?" + url.Values{"source": {source}, "name": {name}}.Encode()
}

func advisoryURL(id string) string { return "/advisories/" + url.PathEscape(id) }

// hostRow is a host in the list.
type hostRow struct {
	HostSummary
	URL, Build string
}

// build says a build with its revision ("9600", "19045.3803").
func build(os *report.HostOS) string {
	if os == nil || os.Build == 0 {
		return ""
	}
	b := strconv.Itoa(os.Build)
	if os.UBR > 0 {
		b += "." + strconv.Itoa(os.UBR)
	}
	return b
}

func (s *Server) hostsPage(w http.ResponseWriter, r *http.Request) {
	offset, ok := s.offsetOf(w, r)
	if !ok {
		return
	}
	source := r.URL.Query().Get("source")
	list, total, err := s.store.Hosts(r.Context(), source, store.Page{Limit: pageSize, Offset: offset})
	if err != nil {
		s.pageStoreFail(w, r, err)
		return
	}
	rows := make([]hostRow, len(list))
	for i, info := range list {
		h, err := hostSummary(info)
		if err != nil {
			s.pageStoreFail(w, r, err)
			return
		}
		rows[i] = hostRow{HostSummary: h, URL: hostURL(h.Source, h.Name), Build: build(h.OS)}
		rows[i].ProductName = windows.DisplayName(h.Product, h.ProductName, langOf(r))
	}
	title, _ := tr(langOf(r), "hosts.title")
	s.render(w, r, http.StatusOK, "hosts", "hosts", title, struct {
		Rows   []hostRow
		Source string
		Pager  pager
	}{rows, source, newPager(r, offset, len(rows), total)})
}

// verdictView is a verdict with its texts in the page's language.
type verdictView struct {
	Advisory, URL, Title string
	Status, Line         string
	Rows                 []string
}

func newVerdictView(v report.HostVerdict, title string, lang i18n.Lang) verdictView {
	vv := verdictView{Advisory: v.Advisory, URL: advisoryURL(v.Advisory), Title: title, Status: v.Status, Line: report.HostVerdictLine(v, lang)}
	for _, row := range v.Rows {
		vv.Rows = append(vv.Rows, report.HostRowLine(row, lang))
	}
	return vv
}

// missingView is an update to install and the advisories it fixes.
type missingView struct {
	KB, Released string
	Advisories   []advisoryLink
	More         string
}

type advisoryLink struct{ ID, URL string }

// maxMissingListed bounds the advisories named per update on the host's
// page (an update may fix thousands).
const maxMissingListed = 12

type hostView struct {
	Source, Name, Build, Updates, Reason string
	E                                    report.HostEntry
	Missing                              []missingView
	Status                               string // the verdicts shown
	Verdicts                             []verdictView
	Pager                                pager
}

func (s *Server) hostPage(w http.ResponseWriter, r *http.Request) {
	offset, ok := s.offsetOf(w, r)
	if !ok {
		return
	}
	lang := langOf(r)
	status, ok := statusParam(r, report.StatusAffected)
	if !ok {
		s.pageFail(w, r, http.StatusBadRequest, MsgBadParam.Plain(lang, "status", r.URL.Query().Get("status")))
		return
	}
	q := r.URL.Query()
	d, err := s.hostDetail(r, q.Get("source"), q.Get("name"), status, store.Page{Limit: pageSize, Offset: offset})
	if err != nil {
		s.pageStoreFail(w, r, err)
		return
	}
	e := d.Host
	v := hostView{Source: d.Source, Name: q.Get("name"), Build: build(e.OS), Updates: report.HostUpdatesLine(e, lang), E: e,
		Status: status, Pager: newPager(r, offset, len(e.Verdicts), d.Total)}
	if v.Status == "" {
		v.Status = "all"
	}
	if e.Reason != "" {
		v.Reason = report.ReasonText(e.Reason, lang)
	}
	v.E.ProductName = windows.DisplayName(e.Product, e.ProductName, lang)
	for _, m := range e.Missing {
		mv := missingView{KB: m.KB, Released: m.Released}
		for i, id := range m.Advisories {
			if i == maxMissingListed {
				mv.More = report.MsgHostMore.Sprintf(lang, len(m.Advisories)-maxMissingListed)
				break
			}
			mv.Advisories = append(mv.Advisories, advisoryLink{id, advisoryURL(id)})
		}
		v.Missing = append(v.Missing, mv)
	}
	titles, err := s.titles(r, e.Verdicts, lang)
	if err != nil {
		s.pageStoreFail(w, r, err)
		return
	}
	for _, hv := range e.Verdicts {
		v.Verdicts = append(v.Verdicts, newVerdictView(hv, titles[hv.Advisory], lang))
	}
	title, _ := tr(lang, "host.title", v.Name)
	s.render(w, r, http.StatusOK, "host", "hosts", title, v)
}

// titles gives the advisories' titles in lang.
func (s *Server) titles(r *http.Request, vs []report.HostVerdict, lang i18n.Lang) (map[string]string, error) {
	out := map[string]string{}
	for _, v := range vs {
		if _, ok := out[v.Advisory]; ok {
			continue
		}
		a, err := s.store.Advisory(r.Context(), v.Advisory)
		switch {
		case err == nil:
			out[v.Advisory] = a.Title(lang)
		case errors.Is(err, store.ErrNotFound):
			out[v.Advisory] = ""
		default:
			return nil, err
		}
	}
	return out, nil
}

// affectedHostView is a host on an advisory's page.
type affectedHostView struct {
	Source, Host, URL, Product string
	Line                       string
	Rows                       []string
}

// advisoryHostViews lists the first page of an advisory's affected hosts.
func (s *Server) advisoryHostViews(r *http.Request, id string, lang i18n.Lang) ([]affectedHostView, error) {
	list, _, err := s.advisoryHosts(r, id, report.StatusAffected, store.Page{Limit: pageSize})
	if err != nil {
		return nil, err
	}
	out := make([]affectedHostView, len(list))
	for i, h := range list {
		vv := newVerdictView(h.Verdict, "", lang)
		product := windows.DisplayName(h.Product, h.ProductName, lang)
		if product == "" {
			product = h.Product
		}
		out[i] = affectedHostView{Source: h.Source, Host: h.Host, URL: hostURL(h.Source, h.Host), Product: strings.TrimSpace(product),
			Line: vv.Line, Rows: vv.Rows}
	}
	return out, nil
}
