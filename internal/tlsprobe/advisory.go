package tlsprobe

// This file is the one place that maps what a probe observed to an
// advisory: Microsoft Security Advisory 3109853 (January 2016), "Update to
// improve TLS session resumption interoperability". The advisory's facts
// (identifier, affected platforms, fixing update) come from its record in
// the advisory model (internal/advisory/builtin), found by the behaviour
// check it declares; this file only decides, from what was measured,
// whether a server shows that behaviour.

import (
	"crypto/tls"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/affected-dev/affected/internal/advisory"
	"github.com/affected-dev/affected/internal/advisory/builtin"
	"github.com/affected-dev/affected/internal/i18n"
	"github.com/affected-dev/affected/internal/windows"
)

// BehaviourCheck is an advisory whose exposure is a protocol behaviour of a
// server, seen on the wire rather than in a package version.
type BehaviourCheck struct {
	// ID is the advisory identifier, as in the advisory database.
	ID string
	// Behaviour names the check.
	Behaviour string
	// Platforms are the client platforms at risk when the behaviour is
	// present, and Fix the update that removes the risk on them.
	Platforms []string
	Clients   []string
	Fix       string
	// Matches reports whether a probe result shows the behaviour.
	Matches func(*Result) bool
}

// BehaviourTicketRenewal is the behaviour check of advisory 3109853.
const BehaviourTicketRenewal = "server renews the session ticket in an abbreviated handshake"

// CheckTicketRenewal is the identifier of that check in the advisory model
// (advisory.BehaviourExposure.Check).
const CheckTicketRenewal = "tls.ticket-renewed-in-abbreviated-handshake"

// MSA3109853 is Microsoft Security Advisory 3109853: Schannel clients
// without KB3109853 fail an RFC 5077 abbreviated handshake in which the
// server sends a NewSessionTicket (RFC 5077 §3.1 figure 2), and WinInet
// clients then fall back to a lower TLS version.
// It is made on first use, from the built-in records (decoded then, not
// when any command of the program starts).
var MSA3109853 = sync.OnceValue(func() *BehaviourCheck {
	c := behaviourCheck(builtin.Advisories(), CheckTicketRenewal, BehaviourCheck{
		Behaviour: BehaviourTicketRenewal,
		// WinInet is what falls back; the advisory names its browsers.
		Clients: []string{"Internet Explorer", "Microsoft Edge"},
		Matches: RenewsTickets,
	})
	return &c
})

// RenewsTickets tells whether a probe result shows the behaviour of
// MSA-3109853: a ticket renewed in an abbreviated handshake, always or
// after the server's keys rotated.
func RenewsTickets(r *Result) bool {
	return r.Verdict.Status == StatusExposed || r.Verdict.Status == StatusExposedAfterRotation
}

// behaviourCheck completes c with the facts of the advisory that declares
// the check: its ID, its platforms ("Windows 10 1511") and their update.
func behaviourCheck(advs []*advisory.Advisory, check string, c BehaviourCheck) BehaviourCheck {
	for _, a := range advs {
		for _, b := range a.Behaviours {
			if b.Check != check {
				continue
			}
			c.ID = a.ID
			for _, p := range a.Platforms {
				name := platformName(p)
				if !slices.Contains(c.Platforms, name) {
					c.Platforms = append(c.Platforms, name)
				}
				if c.Fix == "" {
					c.Fix = p.FixedBy
				}
			}
			return c
		}
	}
	panic("tlsprobe: no advisory declares the behaviour check " + check) // the built-in records do
}

// platformName names a platform without its architecture, as the
// advisory's summary does ("Windows 10 Version 1511"): the rows of one
// product for 32-bit and x64 systems are one platform at risk.
func platformName(p advisory.PlatformExposure) string {
	if prod, err := windows.ParseID(p.ProductID); err == nil && p.ProductID != "" {
		if prod.Arch != windows.ArchARM { // Windows RT is named by its architecture
			prod.Arch = windows.ArchAny
		}
		return prod.Name()
	}
	if p.Version != "" {
		return p.Product + " Version " + p.Version // as Microsoft writes it: "Windows 10 Version 1511"
	}
	return p.Product
}

// Checks lists the behaviour checks a probe result is matched against.
func Checks() []*BehaviourCheck { return []*BehaviourCheck{MSA3109853()} }

// Status is the verdict of a probe for advisory 3109853.
type Status string

// The verdicts.
const (
	// StatusExposed: the server renews the ticket in every abbreviated
	// handshake (Go 1.21 and later, for example).
	StatusExposed Status = "exposed"
	// StatusExposedAfterRotation: the server renews only tickets made with
	// a ticket key that is no longer its first (nginx, haproxy, Go 1.15 to
	// 1.20): affected clients fail once at each key change.
	StatusExposedAfterRotation Status = "exposed_after_key_rotation"
	StatusNotExposed           Status = "not_exposed"
	StatusUndetermined         Status = "undetermined"
)

// Reason says why a verdict was reached.
type Reason string

// The reasons.
const (
	ReasonRenewsAlways        Reason = "renews_in_every_abbreviated_handshake"
	ReasonRenewsAfterRotation Reason = "renews_after_key_rotation"
	ReasonNoOldVersions       Reason = "no_tls12_or_older"
	ReasonNoTickets           Reason = "no_tls12_tickets"
	ReasonTicketNotResumed    Reason = "tickets_not_resumed"
	ReasonNoRenewal           Reason = "no_renewal"
	ReasonProbeFailed         Reason = "probe_failed"
	ReasonResumptionFailed    Reason = "ticket_resumption_failed"
)

// Rotation says whether a renewal after key rotation was looked for.
type Rotation string

// The values of Rotation.
const (
	RotationNotChecked  Rotation = "not_checked"  // no ticket from an earlier run
	RotationChecked     Rotation = "checked"      // an earlier run's ticket was resumed
	RotationTicketStale Rotation = "ticket_stale" // the earlier ticket was no longer accepted
)

// Verdict is the assessment of a result against advisory 3109853.
type Verdict struct {
	Status   Status   `json:"status"`
	Reason   Reason   `json:"reason"`
	Rotation Rotation `json:"key_rotation"`
	// FallbackVersions are the versions below the one an affected client
	// would negotiate that the server accepts: where a WinInet fallback
	// lands. Empty means the fallback has nowhere to go.
	FallbackVersions []Version `json:"fallback_versions"`
	// AtRisk are the client platforms at risk (empty when not exposed).
	AtRisk []string `json:"at_risk"`
	Fix    string   `json:"fix,omitempty"`
}

// Assess derives the verdict from what was measured.
func Assess(r *Result) Verdict {
	v := Verdict{Rotation: RotationNotChecked, FallbackVersions: []Version{}, AtRisk: []string{}}
	if s := r.Ticket.Stored; s != nil {
		v.Rotation = RotationChecked
		if !s.Resumed {
			v.Rotation = RotationTicketStale
		}
	}
	switch {
	case r.Ticket.RenewedInAbbreviatedHandshake:
		v.Status, v.Reason = StatusExposed, ReasonRenewsAlways
	case r.Ticket.Stored != nil && r.Ticket.Stored.Renewed:
		v.Status, v.Reason = StatusExposedAfterRotation, ReasonRenewsAfterRotation
	case r.Err != nil:
		v.Status, v.Reason = StatusUndetermined, ReasonProbeFailed
		return v
	case !r.Versions.has(tls.VersionTLS12) && !r.Versions.has(tls.VersionTLS11) && !r.Versions.has(tls.VersionTLS10):
		v.Status, v.Reason = StatusNotExposed, ReasonNoOldVersions
	case !r.Ticket.Issued:
		v.Status, v.Reason = StatusNotExposed, ReasonNoTickets
	case r.Ticket.RenewedAfterRotationSeen != nil:
		// An earlier run saw the renewal after a key rotation; this one
		// cannot see it again before the next rotation.
		v.Status, v.Reason = StatusExposedAfterRotation, ReasonRenewsAfterRotation
	case !r.Ticket.Resumed && r.Ticket.ResumptionFailed:
		v.Status, v.Reason = StatusUndetermined, ReasonResumptionFailed
	case !r.Ticket.Resumed:
		v.Status, v.Reason = StatusNotExposed, ReasonTicketNotResumed
	default:
		v.Status, v.Reason = StatusNotExposed, ReasonNoRenewal
	}
	if v.Status == StatusExposed || v.Status == StatusExposedAfterRotation {
		// The affected clients speak TLS 1.2 at most.
		top := min(r.Versions.max(), tls.VersionTLS12)
		for _, s := range r.Versions.Supported {
			if uint16(s) < top {
				v.FallbackVersions = append([]Version{s}, v.FallbackVersions...)
			}
		}
		v.AtRisk = MSA3109853().Platforms
		v.Fix = MSA3109853().Fix
	}
	return v
}

// Explanation is a verdict in words, in one language.
type Explanation struct {
	Summary     string
	Consequence []string
	AtRisk      string
	Notes       []string
}

// Explain renders the verdict of r in l.
func Explain(r *Result, l i18n.Lang) Explanation {
	v := r.Verdict
	var x Explanation
	switch v.Reason {
	case ReasonRenewsAlways:
		x.Summary = msgExposedAlways.Plain(l, MSA3109853().ID)
	case ReasonRenewsAfterRotation:
		x.Summary = msgExposedRotation.Plain(l, MSA3109853().ID)
	case ReasonNoOldVersions:
		x.Summary = msgNotExposedNoOld.Plain(l)
	case ReasonNoTickets:
		x.Summary = msgNotExposedNoTickets.Plain(l)
	case ReasonTicketNotResumed:
		x.Summary = msgNotExposedNotResumed.Plain(l)
	case ReasonNoRenewal:
		x.Summary = msgNotExposedNoRenewal.Plain(l)
	case ReasonResumptionFailed:
		x.Summary = msgUndeterminedResumption.Plain(l)
	default:
		reason := ""
		if r.Err != nil {
			reason = i18n.Localize(r.Err, l)
		}
		x.Summary = msgUndetermined.Plain(l, reason)
	}
	exposed := v.Status == StatusExposed || v.Status == StatusExposedAfterRotation
	if exposed {
		if len(v.FallbackVersions) > 0 {
			x.Consequence = append(x.Consequence, msgConsequenceFallback.Plain(l, joinVersions(v.FallbackVersions)))
			switch r.FallbackSCSV {
			case SCSVEnforced:
				x.Consequence = append(x.Consequence, msgConsequenceSCSVEnforced.Plain(l))
			case SCSVNotEnforced:
				x.Consequence = append(x.Consequence, msgConsequenceSCSVNotEnforced.Plain(l))
			}
		} else {
			x.Consequence = append(x.Consequence, msgConsequenceNoLower.Plain(l, Version(min(r.Versions.max(), tls.VersionTLS12)).String()))
		}
		x.Consequence = append(x.Consequence, msgConsequenceOtherSchannel.Plain(l))
		if v.Status == StatusExposedAfterRotation {
			x.Consequence = append(x.Consequence, msgConsequenceIntermittent.Plain(l))
		}
		x.AtRisk = msgAtRisk.Plain(l, strings.Join(v.AtRisk, ", "), MSA3109853().Fix)
	}
	if s := r.Ticket.Stored; s != nil {
		saved := s.SavedAt.UTC().Format(time.RFC3339)
		switch {
		case s.Renewed:
			x.Notes = append(x.Notes, msgNoteStoredRenewed.Plain(l, saved))
		case s.Resumed:
			x.Notes = append(x.Notes, msgNoteStoredResumed.Plain(l, saved))
		default:
			x.Notes = append(x.Notes, msgNoteStoredStale.Plain(l, saved))
		}
	} else if v.Status == StatusNotExposed && r.Ticket.Resumed {
		x.Notes = append(x.Notes, msgNoteRotationNotChecked.Plain(l))
	}
	if seen := r.Ticket.RenewedAfterRotationSeen; seen != nil && (r.Ticket.Stored == nil || !r.Ticket.Stored.Renewed) {
		x.Notes = append(x.Notes, msgNoteRotationRecorded.Plain(l, seen.UTC().Format(time.RFC3339)))
	}
	return x
}

func joinVersions(vs []Version) string {
	s := make([]string, len(vs))
	for i, v := range vs {
		s[i] = v.String()
	}
	return strings.Join(s, ", ")
}

var (
	msgExposedAlways = i18n.Define("tlsprobe.verdict.exposed",
		"EXPOSED (%s): the server sends a NewSessionTicket in every abbreviated handshake (it renews the ticket, RFC 5077 §3.1)",
		"노출됨 (%s): 서버가 모든 단축 핸드셰이크에서 NewSessionTicket을 보냄 (티켓 갱신, RFC 5077 §3.1)",
		"受影響（%s）：伺服器在每次簡化交握中都送出 NewSessionTicket（更新票證，RFC 5077 §3.1）")
	msgExposedRotation = i18n.Define("tlsprobe.verdict.exposed-after-rotation",
		"EXPOSED (%s) after key rotation: the server renews a ticket made with an older ticket key in the abbreviated handshake",
		"키 교체 후 노출됨 (%s): 서버가 이전 티켓 키로 만든 티켓을 단축 핸드셰이크에서 갱신함",
		"金鑰輪替後受影響（%s）：伺服器在簡化交握中更新以舊票證金鑰建立的票證")
	msgNotExposedNoOld = i18n.Define("tlsprobe.verdict.no-old-versions",
		"not exposed: the server accepts neither TLS 1.2 nor an older version, which are all the affected clients speak",
		"노출되지 않음: 서버가 영향받는 클라이언트가 쓰는 TLS 1.2 이하 버전을 받지 않음",
		"未受影響：伺服器不接受受影響用戶端所使用的 TLS 1.2 或更舊版本")
	msgNotExposedNoTickets = i18n.Define("tlsprobe.verdict.no-tickets",
		"not exposed: the server issues no TLS 1.2 session tickets",
		"노출되지 않음: 서버가 TLS 1.2 세션 티켓을 발급하지 않음",
		"未受影響：伺服器不發出 TLS 1.2 工作階段票證")
	msgNotExposedNotResumed = i18n.Define("tlsprobe.verdict.not-resumed",
		"not exposed: the server issues TLS 1.2 tickets but does not resume sessions with them",
		"노출되지 않음: 서버가 TLS 1.2 티켓을 발급하지만 그 티켓으로 세션을 재개하지 않음",
		"未受影響：伺服器發出 TLS 1.2 票證，但不以票證恢復工作階段")
	msgNotExposedNoRenewal = i18n.Define("tlsprobe.verdict.no-renewal",
		"not exposed: the server resumes TLS 1.2 tickets without renewing them",
		"노출되지 않음: 서버가 TLS 1.2 티켓을 갱신하지 않고 재개함",
		"未受影響：伺服器恢復 TLS 1.2 票證時不更新票證")
	msgUndeterminedResumption = i18n.Define("tlsprobe.verdict.resumption-failed",
		"undetermined: the server issues TLS 1.2 tickets, but the resumption attempt failed (see the evidence)",
		"판정 불가: 서버가 TLS 1.2 티켓을 발급하지만 재개 시도가 실패함 (근거 참조)",
		"無法判定：伺服器發出 TLS 1.2 票證，但恢復嘗試失敗（見證據）")
	msgUndetermined = i18n.Define("tlsprobe.verdict.undetermined",
		"undetermined: %s",
		"판정 불가: %s",
		"無法判定：%s")

	msgConsequenceFallback = i18n.Define("tlsprobe.consequence.fallback",
		"a WinInet client (Internet Explorer, Edge) whose resumption fails retries with a lower version, and this server accepts %s; a session made after that fallback is resumed at the lower version, and such a resumption carries no TLS_FALLBACK_SCSV (RFC 7507 §4)",
		"재개에 실패한 WinInet 클라이언트(Internet Explorer, Edge)는 더 낮은 버전으로 다시 시도하며 이 서버는 %s{을/를} 받음; 그 폴백 뒤에 만든 세션은 낮은 버전으로 재개되고, 그런 재개에는 TLS_FALLBACK_SCSV가 없음 (RFC 7507 §4)",
		"恢復失敗的 WinInet 用戶端（Internet Explorer、Edge）會改用較低版本重試，而此伺服器接受 %s；回退後建立的工作階段會以較低版本恢復，且這種恢復不帶 TLS_FALLBACK_SCSV（RFC 7507 §4）")
	msgConsequenceSCSVEnforced = i18n.Define("tlsprobe.consequence.scsv-enforced",
		"TLS_FALLBACK_SCSV is enforced: a fallback hello that carries it is refused with inappropriate_fallback",
		"TLS_FALLBACK_SCSV가 적용됨: 이를 담은 폴백 hello는 inappropriate_fallback으로 거부됨",
		"已強制 TLS_FALLBACK_SCSV：帶有它的回退 hello 會以 inappropriate_fallback 拒絕")
	msgConsequenceSCSVNotEnforced = i18n.Define("tlsprobe.consequence.scsv-not-enforced",
		"TLS_FALLBACK_SCSV is not enforced: the server accepts a fallback hello even when it carries TLS_FALLBACK_SCSV",
		"TLS_FALLBACK_SCSV가 적용되지 않음: 서버가 TLS_FALLBACK_SCSV를 담은 폴백 hello도 받음",
		"未強制 TLS_FALLBACK_SCSV：即使回退 hello 帶有 TLS_FALLBACK_SCSV，伺服器仍接受")
	msgConsequenceNoLower = i18n.Define("tlsprobe.consequence.no-lower",
		"this server accepts no version below %s, so a fallback cannot lower the version: affected clients see failed connections instead",
		"이 서버는 %s보다 낮은 버전을 받지 않으므로 폴백으로 버전이 낮아지지는 않음: 대신 영향받는 클라이언트의 연결이 실패함",
		"此伺服器不接受低於 %s 的版本，因此回退無法降低版本：受影響的用戶端改為連線失敗")
	msgConsequenceOtherSchannel = i18n.Define("tlsprobe.consequence.other-schannel",
		".NET (HttpWebRequest, SslStream) and other Schannel clients fail the resumed handshake",
		".NET(HttpWebRequest, SslStream)과 다른 Schannel 클라이언트는 재개 핸드셰이크에 실패함",
		".NET（HttpWebRequest、SslStream）與其他 Schannel 用戶端的恢復交握會失敗")
	msgConsequenceIntermittent = i18n.Define("tlsprobe.consequence.intermittent",
		"the failures are intermittent: once per client at each change of the server's ticket key",
		"실패는 간헐적임: 서버의 티켓 키가 바뀔 때마다 클라이언트당 한 번",
		"失敗是間歇性的：伺服器每次更換票證金鑰時，每個用戶端一次")
	msgAtRisk = i18n.Define("tlsprobe.at-risk",
		"at risk: Schannel clients on %s without update %s",
		"위험 대상: %s의 Schannel 클라이언트 (업데이트 %s 미설치)",
		"風險對象：%s 上未安裝更新 %s 的 Schannel 用戶端")

	msgNoteStoredRenewed = i18n.Define("tlsprobe.note.stored-renewed",
		"the ticket saved at %s was resumed and renewed",
		"%s에 저장한 티켓이 재개되고 갱신됨",
		"於 %s 儲存的票證已恢復並被更新")
	msgNoteStoredResumed = i18n.Define("tlsprobe.note.stored-resumed",
		"the ticket saved at %s was resumed without renewal",
		"%s에 저장한 티켓이 갱신 없이 재개됨",
		"於 %s 儲存的票證已恢復，未被更新")
	msgNoteStoredStale = i18n.Define("tlsprobe.note.stored-stale",
		"the ticket saved at %s is no longer accepted, so a renewal after key rotation could not be checked",
		"%s에 저장한 티켓을 더 이상 받지 않으므로 키 교체 후 갱신을 확인할 수 없었음",
		"於 %s 儲存的票證已不被接受，因此無法檢查金鑰輪替後的更新")
	msgNoteRotationRecorded = i18n.Define("tlsprobe.note.rotation-recorded",
		"a run at %s saw the server renew a ticket made before its key rotation (recorded in the state file); this run cannot see it again before the next rotation",
		"%s 실행에서 서버가 키 교체 전에 만든 티켓을 갱신하는 것을 보았음 (상태 파일에 기록됨); 이번 실행은 다음 키 교체 전까지 이를 다시 볼 수 없음",
		"於 %s 的執行曾看到伺服器更新金鑰輪替前建立的票證（已記錄於狀態檔）；在下次輪替之前，本次執行無法再看到")
	msgNoteRotationNotChecked = i18n.Define("tlsprobe.note.rotation-not-checked",
		"a renewal after the server rotates its ticket keys was not checked: run again later with the same --state FILE",
		"서버가 티켓 키를 교체한 뒤의 갱신은 확인하지 않았음: 나중에 같은 --state FILE로 다시 실행하세요",
		"尚未檢查伺服器輪替票證金鑰後的更新：稍後請以相同的 --state FILE 再執行一次")
)
