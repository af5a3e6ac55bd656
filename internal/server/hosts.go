package server

import (
	"encoding/json"
	"net/http"
	"time"

	"github.com/affected-dev/affected/internal/i18n"
	"github.com/affected-dev/affected/internal/report"
	"github.com/affected-dev/affected/internal/store"
)

// The hosts' part of the API: Windows machines uploaded by `affected host
// --upload`, each with the verdicts `affected host` gives it.

// HostSummary is a host in a listing.
type HostSummary struct {
	Source      string            `json:"source"`
	Name        string            `json:"name"`
	Product     string            `json:"product"`
	ProductName string            `json:"product_name"`
	OS          *report.HostOS    `json:"os,omitempty"`
	Updates     int               `json:"updates"`
	Counts      report.HostCounts `json:"counts"`
	// Missing counts the updates to install.
	Missing    int       `json:"missing"`
	UploadedAt time.Time `json:"uploaded_at"`
}

// HostDetail is one host as `affected host --format json` shows it, with
// a page of its verdicts (Total: how many the filter selects).
type HostDetail struct {
	Source     string           `json:"source"`
	UploadedAt time.Time        `json:"uploaded_at"`
	Host       report.HostEntry `json:"host"`
	Total      int              `json:"total"`
}

// AffectedHost is an advisory's verdict on a host: the evidence (the
// installed update that fixes it, and where the inventory lists it) or
// the update to install.
type AffectedHost struct {
	ID          int64              `json:"id"`
	Source      string             `json:"source"`
	Host        string             `json:"host"`
	Product     string             `json:"product"`
	ProductName string             `json:"product_name"`
	Verdict     report.HostVerdict `json:"verdict"`
	CreatedAt   time.Time          `json:"created_at"`
	UpdatedAt   time.Time          `json:"updated_at"`
}

// hostEntry decodes a stored host's entry.
func hostEntry(info store.HostInfo) (report.HostEntry, error) {
	var e report.HostEntry
	err := json.Unmarshal(info.Entry, &e)
	return e, err
}

func hostSummary(info store.HostInfo) (HostSummary, error) {
	e, err := hostEntry(info)
	if err != nil {
		return HostSummary{}, err
	}
	return HostSummary{Source: info.Source, Name: info.Name, Product: e.Product, ProductName: e.ProductName, OS: e.OS,
		Updates: len(e.Updates), Counts: e.Counts, Missing: len(e.Missing), UploadedAt: info.UploadedAt}, nil
}

// verdict decodes a stored verdict, its reason said in lang.
func verdict(data []byte, lang i18n.Lang) (report.HostVerdict, error) {
	var v report.HostVerdict
	if err := json.Unmarshal(data, &v); err != nil {
		return v, err
	}
	if v.Reason != "" {
		v.ReasonText = report.ReasonText(v.Reason, lang)
	}
	return v, nil
}

// statusParam reads ?status= (one of the verdicts' statuses; def when
// absent, "" for "all"); ok is false for any other value.
func statusParam(r *http.Request, def string) (string, bool) {
	switch v := r.URL.Query().Get("status"); v {
	case "":
		return def, true
	case "all":
		return "", true
	case report.StatusAffected, report.StatusFixed, report.StatusUnknown:
		return v, true
	}
	return "", false
}

// status is statusParam for the API: on a bad value it has answered.
func (s *Server) status(w http.ResponseWriter, r *http.Request, def string) (string, bool) {
	v, ok := statusParam(r, def)
	if !ok {
		s.failDetail(w, r, http.StatusBadRequest, ErrorDetail{Code: "bad_parameter",
			Message: MsgBadParam.Plain(langOf(r), "status", r.URL.Query().Get("status")), Pointer: "?status"})
	}
	return v, ok
}

func (s *Server) getHosts(w http.ResponseWriter, r *http.Request) {
	page, ok := s.page(w, r)
	if !ok {
		return
	}
	list, total, err := s.store.Hosts(r.Context(), r.URL.Query().Get("source"), page)
	if err != nil {
		s.failStore(w, r, err)
		return
	}
	out := struct {
		Hosts []HostSummary `json:"hosts"`
		Total int           `json:"total"`
	}{Hosts: []HostSummary{}, Total: total}
	for _, info := range list {
		h, err := hostSummary(info)
		if err != nil {
			s.failStore(w, r, err)
			return
		}
		out.Hosts = append(out.Hosts, h)
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) getHost(w http.ResponseWriter, r *http.Request) {
	page, ok := s.page(w, r)
	if !ok {
		return
	}
	status, ok := s.status(w, r, "")
	if !ok {
		return
	}
	q := r.URL.Query()
	d, err := s.hostDetail(r, q.Get("source"), q.Get("name"), status, page)
	if err != nil {
		s.failStore(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, d)
}

// hostDetail reads a host and a page of its verdicts (of a status, or
// all), in the request's language.
func (s *Server) hostDetail(r *http.Request, source, name, status string, page store.Page) (*HostDetail, error) {
	info, err := s.store.Host(r.Context(), source, name)
	if err != nil {
		return nil, err
	}
	e, err := hostEntry(info)
	if err != nil {
		return nil, err
	}
	list, total, err := s.store.Verdicts(r.Context(), store.VerdictFilter{Source: source, Host: name, Status: status}, page)
	if err != nil {
		return nil, err
	}
	lang := langOf(r)
	e.Verdicts = make([]report.HostVerdict, len(list))
	for i, sv := range list {
		if e.Verdicts[i], err = verdict(sv.Data, lang); err != nil {
			return nil, err
		}
	}
	return &HostDetail{Source: source, UploadedAt: info.UploadedAt, Host: e, Total: total}, nil
}

func (s *Server) getAdvisoryHosts(w http.ResponseWriter, r *http.Request) {
	page, ok := s.page(w, r)
	if !ok {
		return
	}
	status, ok := s.status(w, r, report.StatusAffected)
	if !ok {
		return
	}
	a, err := s.store.Advisory(r.Context(), r.PathValue("id"))
	if err != nil {
		s.failStore(w, r, err)
		return
	}
	list, total, err := s.advisoryHosts(r, a.ID, status, page)
	if err != nil {
		s.failStore(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, struct {
		Advisory string         `json:"advisory"`
		Hosts    []AffectedHost `json:"hosts"`
		Total    int            `json:"total"`
	}{a.ID, list, total})
}

// advisoryHosts lists an advisory's verdicts of a status (every status
// when empty), in the request's language.
func (s *Server) advisoryHosts(r *http.Request, id, status string, page store.Page) ([]AffectedHost, int, error) {
	list, total, err := s.store.Verdicts(r.Context(), store.VerdictFilter{Advisory: id, Status: status}, page)
	if err != nil {
		return nil, 0, err
	}
	lang := langOf(r)
	out := make([]AffectedHost, len(list))
	for i, sv := range list {
		v, err := verdict(sv.Data, lang)
		if err != nil {
			return nil, 0, err
		}
		out[i] = AffectedHost{ID: sv.ID, Source: sv.Source, Host: sv.Host, Product: sv.Product, ProductName: sv.ProductName,
			Verdict: v, CreatedAt: sv.CreatedAt, UpdatedAt: sv.UpdatedAt}
	}
	return out, total, nil
}
