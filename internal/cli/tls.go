package cli

import (
	"bufio"
	"bytes"
	"context"
	"crypto/tls"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/affected-dev/affected/internal/i18n"
	"github.com/affected-dev/affected/internal/inventory"
	"github.com/affected-dev/affected/internal/tlsprobe"
)

func init() {
	register(&command{
		name:    "tls",
		summary: msgTLSSummary,
		usage:   msgTLSUsage,
		flags:   tlsFlags,
	})
}

// tlsOptions are the flags of `affected tls` and `affected tls serve`.
type tlsOptions struct {
	input       string
	sni         string
	timeout     time.Duration
	concurrency int
	state       string
	format      string
	output      string
	upload      string
	source      string
	// serve
	listen   string
	cert     string
	key      string
	addrFile string
}

// probeOnly and serveOnly are the flags that belong to one mode.
var (
	probeOnlyFlags = []string{"input", "sni", "timeout", "concurrency", "state", "output", "upload", "source"}
	serveOnlyFlags = []string{"listen", "cert", "key", "addr-file"}
)

func tlsFlags(fs *flag.FlagSet, e *env) func([]string) error {
	o := &tlsOptions{}
	fs.StringVar(&o.input, "input", "", "")
	fs.StringVar(&o.sni, "sni", "", "")
	fs.DurationVar(&o.timeout, "timeout", tlsprobe.DefaultTimeout, "")
	fs.IntVar(&o.concurrency, "concurrency", 8, "")
	fs.StringVar(&o.state, "state", "", "")
	fs.StringVar(&o.format, "format", "text", "")
	fs.StringVar(&o.output, "output", "", "")
	fs.StringVar(&o.upload, "upload", "", "")
	fs.StringVar(&o.source, "source", "", "")
	fs.StringVar(&o.listen, "listen", "127.0.0.1:8443", "")
	fs.StringVar(&o.cert, "cert", "", "")
	fs.StringVar(&o.key, "key", "", "")
	fs.StringVar(&o.addrFile, "addr-file", "", "")
	return func(args []string) error {
		set := map[string]bool{}
		fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
		if err := oneOf("format", o.format, "text", "json"); err != nil {
			return err
		}
		if len(args) > 0 && args[0] == "serve" {
			for _, f := range probeOnlyFlags {
				if set[f] {
					return usagef(msgTLSFlagNotForServe, f)
				}
			}
			if len(args) > 1 {
				return usagef(MsgUnexpectedArgs, args[1:])
			}
			if (o.cert == "") != (o.key == "") {
				return usagef(msgTLSCertKeyPair)
			}
			return runTLSServe(e, o)
		}
		for _, f := range serveOnlyFlags {
			if set[f] {
				return usagef(msgTLSFlagOnlyServe, f)
			}
		}
		if o.timeout <= 0 {
			return usagef(msgTLSBadTimeout, o.timeout.String())
		}
		if o.concurrency < 1 {
			return usagef(msgTLSBadConcurrency, o.concurrency)
		}
		if len(args) == 0 && o.input == "" {
			return usagef(MsgMissingArg, "TARGET")
		}
		if o.upload != "" {
			if _, err := endpoint(o.upload, ""); err != nil {
				return err
			}
		}
		return runTLSProbe(e, o, args)
	}
}

// tlsEntry is one target as given, parsed or not.
type tlsEntry struct {
	given  string
	target tlsprobe.Target
	err    error
	result *tlsprobe.Result
}

func runTLSProbe(e *env, o *tlsOptions, args []string) error {
	var entries []*tlsEntry
	add := func(given string, where string) {
		t, err := tlsprobe.ParseTarget(given)
		if err != nil && where != "" {
			err = i18n.Errorf(msgTLSInputLine, where, err)
		}
		t.SNI = o.sni
		entries = append(entries, &tlsEntry{given: given, target: t, err: err})
	}
	for _, a := range args {
		add(a, "")
	}
	if o.input != "" {
		b, err := readInput(e, o.input)
		if err != nil {
			return err
		}
		sc := bufio.NewScanner(bytes.NewReader(b))
		sc.Buffer(make([]byte, 0, 4096), 1<<20)
		for n := 1; sc.Scan(); n++ {
			line := strings.TrimSpace(sc.Text())
			if i := strings.Index(line, "#"); i >= 0 {
				line = strings.TrimSpace(line[:i])
			}
			if line == "" {
				continue
			}
			add(line, fmt.Sprintf("%s:%d", o.input, n))
		}
		if err := sc.Err(); err != nil {
			return i18n.Errorf(msgTLSReadInput, o.input, err)
		}
	}
	if len(entries) == 0 {
		return usagef(MsgMissingArg, "TARGET")
	}

	var state *tlsprobe.State
	if o.state != "" {
		s, err := tlsprobe.LoadState(o.state)
		if err != nil {
			return err
		}
		state = s
	}
	var targets []tlsprobe.Target
	var probed []*tlsEntry
	for _, en := range entries {
		if en.err == nil {
			targets = append(targets, en.target)
			probed = append(probed, en)
		}
	}
	opts := tlsprobe.Options{Timeout: o.timeout, State: state}
	for i, r := range tlsprobe.ProbeAll(e.ctx, targets, opts, o.concurrency) {
		probed[i].result = r
		probed[i].err = r.Err
	}

	var out bytes.Buffer
	if o.format == "json" {
		if err := writeTLSJSON(&out, e.lang, entries); err != nil {
			return err
		}
	} else {
		writeTLSText(&out, e.lang, entries)
	}
	if o.output != "" {
		if err := tlsprobe.WriteFileAtomic(o.output, out.Bytes(), 0o644); err != nil {
			return i18n.Errorf(msgTLSWriteOutput, o.output, err)
		}
	} else if _, err := e.stdout.Write(out.Bytes()); err != nil {
		return err
	}
	if o.upload != "" {
		if err := uploadProbes(e, o, entries); err != nil {
			return err
		}
	}

	code := ExitClean
	for _, en := range entries {
		if en.err != nil {
			e.errorLine(i18n.Errorf(msgTLSTargetError, en.given, en.err))
			code = ExitIncomplete
			continue
		}
		switch en.result.Verdict.Status {
		case tlsprobe.StatusUndetermined:
			code = ExitIncomplete
		case tlsprobe.StatusExposed, tlsprobe.StatusExposedAfterRotation:
			if code == ExitClean {
				code = ExitFindings
			}
		}
	}
	if state != nil {
		if err := state.Save(o.state); err != nil {
			e.errorLine(err)
			code = ExitIncomplete
		}
	}
	if code != ExitClean {
		return exitError{code}
	}
	return nil
}

func readInput(e *env, path string) ([]byte, error) {
	var b []byte
	var err error
	if path == "-" {
		b, err = io.ReadAll(io.LimitReader(e.stdin, 64<<20))
	} else {
		b, err = os.ReadFile(path)
	}
	if err != nil {
		return nil, i18n.Errorf(msgTLSReadInput, path, err)
	}
	return b, nil
}

// tlsJSONDoc is the JSON document of `affected tls --format json`.
type tlsJSONDoc struct {
	SchemaVersion int             `json:"schema_version"`
	Results       []tlsJSONResult `json:"results"`
}

// tlsJSONResult is a probe result with its verdict in words; a target that
// could not be parsed has only target, error and verdict.
type tlsJSONResult struct {
	Target string `json:"target"`
	*tlsprobe.Result
	Summary string   `json:"summary"`
	Notes   []string `json:"notes,omitempty"`
	Error   *string  `json:"error"`
}

func writeTLSJSON(w io.Writer, l i18n.Lang, entries []*tlsEntry) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(tlsJSON(l, entries))
}

// tlsJSON is the document of `affected tls --format json`.
func tlsJSON(l i18n.Lang, entries []*tlsEntry) tlsJSONDoc {
	doc := tlsJSONDoc{SchemaVersion: 1, Results: []tlsJSONResult{}}
	for _, en := range entries {
		r := en.result
		if r == nil {
			r = tlsprobe.Unprobed(en.given, en.err)
		}
		jr := tlsJSONResult{Result: r, Target: en.given}
		if r.Target != "" {
			jr.Target = r.Target
		}
		x := tlsprobe.Explain(r, l)
		jr.Summary = x.Summary
		jr.Notes = x.Notes
		if en.err != nil {
			s := i18n.Localize(en.err, l)
			jr.Error = &s
		}
		doc.Results = append(doc.Results, jr)
	}
	return doc
}

// uploadProbes sends the results to an affected server (what `affected
// tls --format json` writes, one endpoint each), named by --source or
// after this machine and the targets.
func uploadProbes(e *env, o *tlsOptions, entries []*tlsEntry) error {
	inv := &inventory.Document{Format: "affected-tls"}
	var targets []string
	for _, r := range tlsJSON(i18n.En, entries).Results {
		data, err := json.Marshal(r)
		if err != nil {
			return err
		}
		inv.Endpoints = append(inv.Endpoints, data)
		targets = append(targets, r.Target)
	}
	source := o.source
	if source == "" {
		host, _ := os.Hostname()
		source = host + ":tls:" + strings.Join(targets, ",")
	}
	return uploadInventory(e, o.upload, source, nil, inv)
}

func writeTLSText(w io.Writer, l i18n.Lang, entries []*tlsEntry) {
	p := func(m *i18n.Message, args ...any) { fmt.Fprint(w, m.Plain(l, args...)) }
	for i, en := range entries {
		if i > 0 {
			fmt.Fprintln(w)
		}
		r := en.result
		name := en.given
		if r != nil && r.Target != "" {
			name = en.target.String()
		}
		p(msgTLSTextTarget, name)
		if r == nil {
			p(msgTLSTextError, i18n.Localize(en.err, l))
			continue
		}
		x := tlsprobe.Explain(r, l)
		p(msgTLSTextVerdict, x.Summary)
		for _, c := range x.Consequence {
			p(msgTLSTextConsequence, c)
		}
		if x.AtRisk != "" {
			p(msgTLSTextLine, x.AtRisk)
		}
		writeTLSDetails(w, l, r)
		for _, n := range x.Notes {
			p(msgTLSTextNote, n)
		}
		p(msgTLSTextHandshakes, r.Handshakes)
		if len(r.Evidence) > 0 {
			p(msgTLSTextEvidence)
			for _, ev := range r.Evidence {
				line := ev.Flow
				if ev.Note != "" {
					line += " (" + ev.Note + ")"
				}
				fmt.Fprintf(w, "    %-22s %s\n", ev.Step, strings.TrimSpace(line))
			}
		}
	}
}

func writeTLSDetails(w io.Writer, l i18n.Lang, r *tlsprobe.Result) {
	p := func(m *i18n.Message, args ...any) { fmt.Fprint(w, m.Plain(l, args...)) }
	yes := func(b bool) string {
		if b {
			return msgTLSYes.Plain(l)
		}
		return msgTLSNo.Plain(l)
	}
	v := r.Versions
	if len(v.Supported) > 0 {
		neg := "-"
		if v.Negotiated != 0 {
			neg = v.Negotiated.String()
		}
		p(msgTLSTextVersions, joinVersions(v.Supported), neg)
	}
	if len(v.NotSupported) > 0 {
		p(msgTLSTextNotAccepted, joinVersions(v.NotSupported))
	}
	if len(v.Undetermined) > 0 && len(v.Supported)+len(v.NotSupported) > 0 {
		p(msgTLSTextUndetermined, joinVersions(v.Undetermined))
	}
	if v.DowngradeSentinel != nil {
		p(msgTLSTextSentinel, yes(*v.DowngradeSentinel))
	}
	if r.Err != nil {
		return // the verdict line has the error
	}
	if !(len(v.Supported) == 1 && v.Supported[0] == tls.VersionTLS13) {
		s := r.SessionIDResumption
		switch {
		case !s.Offered:
			p(msgTLSTextSessionIDNone)
		default:
			p(msgTLSTextSessionID, yes(s.Resumed), s.Successes, s.Attempts)
		}
		t := r.Ticket
		if !t.Issued {
			p(msgTLSTextTicketNone)
		} else {
			hint := "-"
			if t.LifetimeHintSeconds != nil {
				hint = fmt.Sprint(*t.LifetimeHintSeconds)
			}
			p(msgTLSTextTicket, hint, t.Length)
			if !t.Resumed && t.ResumptionFailed {
				p(msgTLSTextTicketResumeFailed)
			} else {
				p(msgTLSTextTicketResumed, yes(t.Resumed))
			}
			if t.Resumed {
				p(msgTLSTextRenewed, yes(t.RenewedInAbbreviatedHandshake))
				if t.RenewedInAbbreviatedHandshake && t.RenewedLifetimeHintSeconds != nil {
					p(msgTLSTextRenewedHint, *t.RenewedLifetimeHintSeconds, t.RenewedLength)
				}
				if t.RenewedTicketResumed != nil {
					p(msgTLSTextRenewedResumes, yes(*t.RenewedTicketResumed))
				}
			}
			if t.Stored != nil {
				p(msgTLSTextStored, t.Stored.SavedAt.UTC().Format(time.RFC3339), yes(t.Stored.Resumed), yes(t.Stored.Renewed))
			}
		}
	}
	if t13 := r.TLS13; t13 != nil {
		life := "-"
		if t13.LifetimeSeconds != nil {
			life = fmt.Sprint(*t13.LifetimeSeconds)
		}
		p(msgTLSText13, t13.Tickets, life, yes(t13.Resumed), strings.Join(t13.PSKModes, ", "), t13.TicketsAfterResumption)
	}
	if s := r.CertificateSkipped; s != nil && *s {
		p(msgTLSTextCertificateSkipped)
	}
	if s := r.VersionStableOnResumption; s != nil {
		if *s {
			p(msgTLSTextStable)
		} else {
			p(msgTLSTextUnstable)
		}
	}
	var checks []string
	for _, c := range r.FallbackSCSVChecks {
		res := c.Result
		if c.Accepted != 0 {
			res += " " + c.Accepted.String()
		}
		checks = append(checks, c.Version.String()+": "+res)
	}
	status := map[tlsprobe.SCSVStatus]*i18n.Message{
		tlsprobe.SCSVEnforced:      msgTLSSCSVEnforced,
		tlsprobe.SCSVNotEnforced:   msgTLSSCSVNotEnforced,
		tlsprobe.SCSVNotApplicable: msgTLSSCSVNotApplicable,
		tlsprobe.SCSVUnknown:       msgTLSSCSVUnknown,
	}[r.FallbackSCSV]
	detail := ""
	if len(checks) > 0 {
		detail = " (" + strings.Join(checks, "; ") + ")"
	}
	p(msgTLSTextSCSV, status.Plain(l), detail)
}

func joinVersions(vs []tlsprobe.Version) string {
	s := make([]string, len(vs))
	for i, v := range vs {
		s[i] = v.String()
	}
	return strings.Join(s, ", ")
}

func runTLSServe(e *env, o *tlsOptions) error {
	opts := tlsprobe.ServerOptions{}
	if o.cert != "" {
		c, err := tlsprobe.LoadCertificate(o.cert, o.key)
		if err != nil {
			return err
		}
		opts.Certificate = &c
	}
	ln, err := net.Listen("tcp", o.listen)
	if err != nil {
		return i18n.Errorf(msgTLSListen, o.listen, err)
	}
	addr := ln.Addr().String()
	var mu sync.Mutex
	if o.format == "json" {
		b, _ := json.Marshal(map[string]string{"listening": addr})
		fmt.Fprintf(e.stdout, "%s\n", b)
	} else {
		e.printf(msgTLSListening, addr)
	}
	if o.addrFile != "" {
		if err := tlsprobe.WriteFileAtomic(o.addrFile, []byte(addr+"\n"), 0o644); err != nil {
			ln.Close()
			return i18n.Errorf(msgTLSWriteOutput, o.addrFile, err)
		}
	}
	opts.Log = func(ev tlsprobe.ServerEvent) {
		mu.Lock()
		defer mu.Unlock()
		if o.format == "json" {
			b, _ := json.Marshal(ev)
			fmt.Fprintf(e.stdout, "%s\n", b)
			return
		}
		writeServeEvent(e.stdout, e.lang, ev)
	}
	ctx := e.ctx
	if ctx == nil {
		ctx = context.Background()
	}
	if err := tlsprobe.Serve(ctx, ln, opts); err != nil {
		return i18n.Errorf(msgTLSListen, o.listen, err)
	}
	return nil
}

func writeServeEvent(w io.Writer, l i18n.Lang, ev tlsprobe.ServerEvent) {
	yes := func(b bool) string {
		if b {
			return msgTLSYes.Plain(l)
		}
		return msgTLSNo.Plain(l)
	}
	ver := "-"
	if ev.Version != 0 {
		ver = ev.Version.String()
	}
	line := msgTLSServeEvent.Plain(l, ev.Time.Format("15:04:05.000"), ev.Remote, ev.ClientMaxVersion.String(), ver,
		yes(ev.TicketOffered), yes(ev.Resumed), ev.TicketsIssued, yes(ev.FallbackSCSV))
	if ev.SNI != "" {
		line += " sni=" + ev.SNI
	}
	if ev.SessionIDOffered {
		line += " " + msgTLSServeSessionID.Plain(l)
	}
	if ev.Error != "" {
		line += " " + msgTLSServeError.Plain(l, ev.Error)
	}
	fmt.Fprintln(w, line)
	if ev.Fallback {
		fmt.Fprintln(w, msgTLSServeFallback.Plain(l, ev.Remote, ev.FallbackFrom.String(), ev.ClientMaxVersion.String()))
	}
}
