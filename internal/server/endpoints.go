package server

import (
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/affected-dev/affected/internal/advisory"
	"github.com/affected-dev/affected/internal/i18n"
	"github.com/affected-dev/affected/internal/inventory"
	"github.com/affected-dev/affected/internal/store"
	"github.com/affected-dev/affected/internal/tlsprobe"
)

// TLS endpoints: probe results uploaded by `affected tls --upload` (or
// the JSON of `affected tls --format json` posted as it is), matched
// against the advisories' behaviour exposures with the probe's own code.

// behaviourChecks are the behaviour checks the server can tell from a
// probe result, by the name advisories declare them with
// (advisory.BehaviourExposure.Check): the matchers `affected tls` decides
// with.
var behaviourChecks = map[string]func(*tlsprobe.Result) bool{
	tlsprobe.CheckTicketRenewal: tlsprobe.RenewsTickets,
}

// probeResult reads an uploaded probe result and derives its verdict
// again from what it measured (tlsprobe.Assess), as the probe does.
func probeResult(raw []byte) (*tlsprobe.Result, error) {
	var r tlsprobe.Result
	if err := json.Unmarshal(raw, &r); err != nil {
		return nil, err
	}
	var failed struct {
		Error *string `json:"error"`
	}
	if err := json.Unmarshal(raw, &failed); err != nil {
		return nil, err
	}
	if failed.Error != nil {
		r.Err = errors.New(*failed.Error)
	}
	r.Verdict = tlsprobe.Assess(&r)
	return &r, nil
}

// storeEndpoints checks the document's probe results and gives each its
// store form.
func storeEndpoints(raws []json.RawMessage) ([]store.Endpoint, error) {
	out := make([]store.Endpoint, len(raws))
	for i, raw := range raws {
		r, err := probeResult(raw)
		if err != nil {
			return nil, &inventory.DecodeError{Pointer: "/endpoints/" + strconv.Itoa(i), Msg: MsgBadProbe, Args: []any{err}}
		}
		out[i] = store.Endpoint{Target: r.Target, Address: r.Address, Result: raw}
	}
	return out, nil
}

// Exposure is what an endpoint shows of an advisory's behaviour: the
// check and the probe's verdict.
type Exposure struct {
	Check       string           `json:"check"`
	Description string           `json:"description,omitempty"`
	Verdict     tlsprobe.Verdict `json:"verdict"`
}

// matchEndpoints derives each endpoint's verdict and the advisories
// whose behaviour checks it shows.
func matchEndpoints(eps []store.Endpoint, advs []*advisory.Advisory) error {
	for i := range eps {
		e := &eps[i]
		r, err := probeResult(e.Result)
		if err != nil {
			return err
		}
		e.Status, e.Findings = string(r.Verdict.Status), nil
		for _, a := range advs {
			if a.Withdrawn != nil {
				continue
			}
			for _, b := range a.Behaviours {
				if fn := behaviourChecks[b.Check]; fn == nil || !fn(r) {
					continue
				}
				data, err := json.Marshal(Exposure{Check: b.Check, Description: b.Description, Verdict: r.Verdict})
				if err != nil {
					return err
				}
				e.Findings = append(e.Findings, store.EndpointFinding{AdvisoryID: a.ID, Data: data})
				break
			}
		}
	}
	return nil
}

// EndpointSummary is an endpoint in a listing: its verdict, in the
// request's language, and the advisories it is exposed to.
type EndpointSummary struct {
	Source     string          `json:"source"`
	Target     string          `json:"target"`
	Address    string          `json:"address,omitempty"`
	Status     tlsprobe.Status `json:"status"`
	Reason     tlsprobe.Reason `json:"reason"`
	Summary    string          `json:"summary"`
	Advisories []string        `json:"advisories"`
	UploadedAt time.Time       `json:"uploaded_at"`
}

// EndpointExposure is an endpoint exposed to an advisory.
type EndpointExposure struct {
	ID      int64  `json:"id"`
	Source  string `json:"source"`
	Target  string `json:"target"`
	Address string `json:"address,omitempty"`
	Exposure
	// Summary and Consequence say the verdict in the request's language.
	Summary     string    `json:"summary"`
	Consequence []string  `json:"consequence"`
	CreatedAt   time.Time `json:"created_at"`
	UpdatedAt   time.Time `json:"updated_at"`
}

func (s *Server) getEndpoints(w http.ResponseWriter, r *http.Request) {
	page, ok := s.page(w, r)
	if !ok {
		return
	}
	list, total, err := s.store.Endpoints(r.Context(), r.URL.Query().Get("source"), page)
	if err != nil {
		s.failStore(w, r, err)
		return
	}
	lang := langOf(r)
	out := struct {
		Endpoints []EndpointSummary `json:"endpoints"`
		Total     int               `json:"total"`
	}{Endpoints: []EndpointSummary{}, Total: total}
	for _, e := range list {
		pr, err := probeResult(e.Result)
		if err != nil {
			s.failStore(w, r, err)
			return
		}
		out.Endpoints = append(out.Endpoints, EndpointSummary{Source: e.Source, Target: e.Target, Address: e.Address,
			Status: pr.Verdict.Status, Reason: pr.Verdict.Reason, Summary: tlsprobe.Explain(pr, lang).Summary,
			Advisories: nonNil(e.Advisories), UploadedAt: e.UploadedAt})
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) getAdvisoryEndpoints(w http.ResponseWriter, r *http.Request) {
	page, ok := s.page(w, r)
	if !ok {
		return
	}
	a, err := s.store.Advisory(r.Context(), r.PathValue("id"))
	if err != nil {
		s.failStore(w, r, err)
		return
	}
	list, total, err := s.exposures(r, a.ID, page)
	if err != nil {
		s.failStore(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, struct {
		Advisory  string             `json:"advisory"`
		Endpoints []EndpointExposure `json:"endpoints"`
		Total     int                `json:"total"`
	}{a.ID, list, total})
}

// exposures lists the endpoints exposed to an advisory, their verdicts
// said in the request's language.
func (s *Server) exposures(r *http.Request, id string, page store.Page) ([]EndpointExposure, int, error) {
	list, total, err := s.store.Exposures(r.Context(), id, page)
	if err != nil {
		return nil, 0, err
	}
	lang := langOf(r)
	out := make([]EndpointExposure, len(list))
	for i, x := range list {
		e := EndpointExposure{ID: x.ID, Source: x.Source, Target: x.Target, Address: x.Address, CreatedAt: x.CreatedAt, UpdatedAt: x.UpdatedAt}
		if err := json.Unmarshal(x.Data, &e.Exposure); err != nil {
			return nil, 0, err
		}
		pr, err := probeResult(x.Result)
		if err != nil {
			return nil, 0, err
		}
		ex := tlsprobe.Explain(pr, lang)
		e.Summary, e.Consequence = ex.Summary, append([]string{}, ex.Consequence...)
		out[i] = e
	}
	return out, total, nil
}

// decodeProbes reads the JSON of `affected tls --format json` (its
// "results"), named by the source parameter; ok is false for any other
// document.
func decodeProbes(data []byte, source string) (*inventory.Document, bool, error) {
	var probe struct {
		SchemaVersion int               `json:"schema_version"`
		Results       []json.RawMessage `json:"results"`
		Source        *string           `json:"source"`
	}
	if json.Unmarshal(data, &probe) != nil || probe.Results == nil || probe.Source != nil {
		return nil, false, nil
	}
	if source == "" {
		return nil, true, &inventory.DecodeError{Pointer: "?source", Msg: inventory.MsgMissing, Args: []any{"source"}}
	}
	doc := &inventory.Document{SchemaVersion: probe.SchemaVersion, Source: source, Format: "affected-tls", Endpoints: probe.Results}
	if err := doc.Check(inventory.DefaultLimits); err != nil {
		var de *inventory.DecodeError
		if errors.As(err, &de) {
			de.Pointer = strings.Replace(de.Pointer, "/endpoints/", "/results/", 1)
		}
		return nil, true, err
	}
	return doc, true, nil
}

// MsgBadProbe refuses an endpoint that is not a probe result.
var MsgBadProbe = i18n.Define("server.bad-probe",
	"not a result of affected tls --format json: %v",
	"affected tls --format json의 결과가 아님: %v",
	"不是 affected tls --format json 的結果：%v")
