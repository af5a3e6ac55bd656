package cli

import "github.com/affected-dev/affected/internal/i18n"

// Messages of `affected tls`.
var (
	msgTLSSummary = i18n.Define("tls.summary",
		"probe TLS servers for session resumption and fallback behaviour",
		"TLS 서버의 세션 재개와 폴백 동작 검사",
		"探測 TLS 伺服器的工作階段恢復與回退行為")
	msgTLSUsage = i18n.Define("tls.usage",
		`Usage: affected tls TARGET... [--input FILE] [--sni NAME] [--timeout D]
                    [--concurrency N] [--state FILE] [--format text|json] [--output FILE]
                    [--upload URL [--source NAME]]
       affected tls serve [--listen ADDR] [--cert FILE --key FILE] [--format text|json]

Probes each TARGET (host, host:port or [IPv6]:port; the port defaults to 443)
for what advisory MSA-3109853 is about: does the server issue TLS 1.2 session
tickets, resume with them, and send a NewSessionTicket in the abbreviated
handshake (which Schannel clients without KB3109853 fail, and after which
Internet Explorer and Edge fall back to a lower TLS version)? It also measures
the versions the server accepts, session-ID resumption, TLS 1.3 tickets and
resumption, whether the version stays the same on resumption, the RFC 8446
downgrade sentinel, and whether TLS_FALLBACK_SCSV (RFC 7507) is enforced at
every version below the highest the server accepts. Every hello offers the
legacy cipher suites too (RSA key exchange, 3DES, RC4), and an expired
certificate is probed as a valid one.

Flags:
  --input FILE        read more targets from FILE, one a line (# starts a comment; - is stdin)
  --sni NAME          server name to send (default: the host, when it is a name)
  --timeout D         time limit for each target's whole probe (default 10s)
  --concurrency N     targets probed at once (default 8)
  --state FILE        keep a ticket per target in FILE between runs: a later run
                      resumes it and sees a renewal that only follows a rotation
                      of the server's ticket keys (the file holds session secrets)
  --format text|json  output format (default text)
  --output FILE       write the report to FILE instead of standard output
  --upload URL        also send the results to an affected server (token in
                      $AFFECTED_TOKEN), which keeps them per endpoint and
                      matches them when advisories change; --source NAME names
                      the upload (default: this machine's name and the targets)

serve runs a TLS server for testing clients: it issues tickets, renews them in
every abbreviated handshake, logs each connection (client's highest version,
ticket or session ID offered, resumed, TLS_FALLBACK_SCSV) and flags a client
that comes back with a lower version after giving up on a resumption (with no
successful handshake in between). Without --cert and --key it uses a generated
self-signed certificate.
  --listen ADDR       address to listen on (default 127.0.0.1:8443)
  --addr-file FILE    write the address listened on to FILE (for scripts)

Exit codes: 0 no target exposed, 1 some target exposed, 2 some target could
not be probed (the others are still reported).
`,
		`사용법: affected tls 대상... [--input FILE] [--sni NAME] [--timeout D]
                    [--concurrency N] [--state FILE] [--format text|json] [--output FILE]
                    [--upload URL [--source NAME]]
       affected tls serve [--listen ADDR] [--cert FILE --key FILE] [--format text|json]

각 대상(host, host:port 또는 [IPv6]:port; 포트 기본값 443)을 권고 MSA-3109853의
관점에서 검사합니다: 서버가 TLS 1.2 세션 티켓을 발급하고 그 티켓으로 재개하며,
단축 핸드셰이크에서 NewSessionTicket을 보내는가? (KB3109853이 없는 Schannel
클라이언트는 이때 실패하고, Internet Explorer와 Edge는 더 낮은 TLS 버전으로
폴백합니다.) 또한 서버가 받는 버전, 세션 ID 재개, TLS 1.3 티켓과 재개, 재개 시
버전 유지 여부, RFC 8446 다운그레이드 표식, 서버가 받는 최고 버전보다 낮은 모든
버전에서 TLS_FALLBACK_SCSV(RFC 7507) 적용 여부를 측정합니다. 모든 hello는
오래된 암호 스위트(RSA 키 교환, 3DES, RC4)도 제시하며, 만료된 인증서도 유효한
인증서처럼 검사합니다.

플래그:
  --input FILE        FILE에서 대상을 한 줄에 하나씩 더 읽음 (#부터는 주석; -는 표준 입력)
  --sni NAME          보낼 서버 이름 (기본값: 호스트가 이름이면 그 호스트)
  --timeout D         대상 하나의 전체 검사 시간 제한 (기본값 10s)
  --concurrency N     동시에 검사할 대상 수 (기본값 8)
  --state FILE        실행 사이에 대상별 티켓을 FILE에 보관: 다음 실행이 그 티켓으로
                      재개하여 서버 티켓 키 교체 뒤에만 일어나는 갱신을 봄
                      (파일에 세션 비밀값이 들어 있음)
  --format text|json  출력 형식 (기본값 text)
  --output FILE       보고서를 표준 출력 대신 FILE에 씀
  --upload URL        결과를 affected 서버에도 보냄 (토큰은 $AFFECTED_TOKEN);
                      서버는 엔드포인트별로 보관하고 권고가 바뀌면 다시 대조함;
                      --source 이름으로 올린 것의 이름 지정 (기본값: 이 컴퓨터
                      이름과 대상)

serve는 클라이언트 시험용 TLS 서버를 실행합니다: 티켓을 발급하고 모든 단축
핸드셰이크에서 갱신하며, 연결마다 (클라이언트 최고 버전, 티켓 또는 세션 ID 제시,
재개 여부, TLS_FALLBACK_SCSV) 기록하고, 재개를 포기한 뒤 (그 사이 성공한
핸드셰이크 없이) 더 낮은 버전으로 돌아온 클라이언트를 표시합니다. --cert와 --key가 없으면 생성한 자체 서명 인증서를 씁니다.
  --listen ADDR       수신할 주소 (기본값 127.0.0.1:8443)
  --addr-file FILE    실제 수신 주소를 FILE에 씀 (스크립트용)

종료 코드: 0 노출된 대상 없음, 1 노출된 대상 있음, 2 검사하지 못한 대상 있음
(나머지 대상은 그대로 보고함).
`,
		`使用方式：affected tls 目標... [--input FILE] [--sni NAME] [--timeout D]
                    [--concurrency N] [--state FILE] [--format text|json] [--output FILE]
                    [--upload URL [--source NAME]]
       affected tls serve [--listen ADDR] [--cert FILE --key FILE] [--format text|json]

依公告 MSA-3109853 的內容探測每個目標（host、host:port 或 [IPv6]:port；連接埠
預設 443）：伺服器是否發出 TLS 1.2 工作階段票證、以票證恢復，並在簡化交握中送出
NewSessionTicket？（未安裝 KB3109853 的 Schannel 用戶端會因此失敗，Internet
Explorer 與 Edge 隨後會回退到較低的 TLS 版本。）同時測量伺服器接受的版本、
工作階段 ID 恢復、TLS 1.3 票證與恢復、恢復時版本是否不變、RFC 8446 降級標記，
以及在低於伺服器所接受最高版本的每個版本上是否強制 TLS_FALLBACK_SCSV（RFC 7507）。
每個 hello 也提供舊式加密套件（RSA 金鑰交換、3DES、RC4），憑證過期也照常探測。

旗標：
  --input FILE        從 FILE 讀取更多目標，每行一個（# 之後為註解；- 表示標準輸入）
  --sni NAME          要送出的伺服器名稱（預設：主機為名稱時即為該主機）
  --timeout D         每個目標整體探測的時間上限（預設 10s）
  --concurrency N     同時探測的目標數（預設 8）
  --state FILE        在多次執行之間於 FILE 保存每個目標的票證：之後的執行會以它
                      恢復，看到只在伺服器輪替票證金鑰後才發生的更新
                      （檔案含有工作階段機密）
  --format text|json  輸出格式（預設 text）
  --output FILE       將報告寫入 FILE 而非標準輸出
  --upload URL        同時將結果傳送至 affected 伺服器（權杖在
                      $AFFECTED_TOKEN）；伺服器依端點保存，並在公告變更時重新
                      比對；--source 名稱 為上傳命名（預設：本機名稱與目標）

serve 執行供測試用戶端的 TLS 伺服器：發出票證、在每次簡化交握中更新票證、記錄
每個連線（用戶端最高版本、是否提供票證或工作階段 ID、是否恢復、TLS_FALLBACK_SCSV），
並標示放棄恢復後（其間沒有成功的交握）以較低版本回來的用戶端。未指定 --cert 與 --key 時使用自動產生的
自簽憑證。
  --listen ADDR       監聽位址（預設 127.0.0.1:8443）
  --addr-file FILE    將實際監聽的位址寫入 FILE（供指令碼使用）

結束代碼：0 沒有受影響的目標，1 有受影響的目標，2 有無法探測的目標
（其他目標仍會報告）。
`)

	msgTLSFlagNotForServe = i18n.Define("tls.flag-not-for-serve",
		"--%s is not a flag of affected tls serve",
		"--%s{은/는} affected tls serve의 플래그가 아님",
		"--%s 不是 affected tls serve 的旗標")
	msgTLSFlagOnlyServe = i18n.Define("tls.flag-only-serve",
		"--%s is a flag of affected tls serve only",
		"--%s{은/는} affected tls serve에서만 쓰는 플래그임",
		"--%s 只是 affected tls serve 的旗標")
	msgTLSCertKeyPair = i18n.Define("tls.cert-key-pair",
		"--cert and --key go together",
		"--cert와 --key는 함께 써야 함",
		"--cert 與 --key 必須一起使用")
	msgTLSBadTimeout = i18n.Define("tls.bad-timeout",
		"--timeout must be positive, not %s",
		"--timeout은 양수여야 함 (%s 아님)",
		"--timeout 必須為正數，不能是 %s")
	msgTLSBadConcurrency = i18n.Define("tls.bad-concurrency",
		"--concurrency must be at least 1, not %d",
		"--concurrency는 1 이상이어야 함 (%d 아님)",
		"--concurrency 至少為 1，不能是 %d")
	msgTLSInputLine = i18n.Define("tls.input-line",
		"%s: %s",
		"%s: %s",
		"%s：%s")
	msgTLSReadInput = i18n.Define("tls.read-input",
		"reading targets from %s: %s",
		"%s에서 대상 읽기: %s",
		"從 %s 讀取目標：%s")
	msgTLSWriteOutput = i18n.Define("tls.write-output",
		"writing %s: %s",
		"%s 쓰기: %s",
		"寫入 %s：%s")
	msgTLSTargetError = i18n.Define("tls.target-error",
		"%s: %s",
		"%s: %s",
		"%s：%s")
	msgTLSListen = i18n.Define("tls.listen",
		"listening on %s: %s",
		"%s에서 수신: %s",
		"監聽 %s：%s")
	msgTLSListening = i18n.Define("tls.listening",
		"listening on %s\n",
		"%s에서 수신 중\n",
		"正在監聽 %s\n")

	msgTLSYes = i18n.Define("tls.yes", "yes", "예", "是")
	msgTLSNo  = i18n.Define("tls.no", "no", "아니요", "否")

	msgTLSTextTarget = i18n.Define("tls.text.target",
		"== %s\n",
		"== %s\n",
		"== %s\n")
	msgTLSTextError = i18n.Define("tls.text.error",
		"  error: %s\n",
		"  오류: %s\n",
		"  錯誤：%s\n")
	msgTLSTextVerdict = i18n.Define("tls.text.verdict",
		"  verdict: %s\n",
		"  판정: %s\n",
		"  判定：%s\n")
	msgTLSTextConsequence = i18n.Define("tls.text.consequence",
		"    - %s\n",
		"    - %s\n",
		"    - %s\n")
	msgTLSTextLine = i18n.Define("tls.text.line",
		"    %s\n",
		"    %s\n",
		"    %s\n")
	msgTLSTextVersions = i18n.Define("tls.text.versions",
		"  versions accepted: %s (a client offering TLS 1.0–1.3 gets %s)\n",
		"  받는 버전: %s (TLS 1.0–1.3을 제시한 클라이언트는 %s)\n",
		"  接受的版本：%s（提供 TLS 1.0–1.3 的用戶端得到 %s）\n")
	msgTLSTextNotAccepted = i18n.Define("tls.text.not-accepted",
		"  versions refused: %s\n",
		"  거부한 버전: %s\n",
		"  拒絕的版本：%s\n")
	msgTLSTextUndetermined = i18n.Define("tls.text.undetermined",
		"  versions not determined: %s (the server answered neither with them nor with protocol_version)\n",
		"  판단하지 못한 버전: %s (서버가 그 버전으로도, protocol_version으로도 답하지 않음)\n",
		"  無法判定的版本：%s（伺服器既未以這些版本回應，也未回應 protocol_version）\n")
	msgTLSTextSentinel = i18n.Define("tls.text.sentinel",
		"  downgrade sentinel in a TLS 1.2 ServerHello (RFC 8446 §4.1.3): %s\n",
		"  TLS 1.2 ServerHello의 다운그레이드 표식 (RFC 8446 §4.1.3): %s\n",
		"  TLS 1.2 ServerHello 中的降級標記（RFC 8446 §4.1.3）：%s\n")
	msgTLSTextSessionIDNone = i18n.Define("tls.text.session-id-none",
		"  session-ID resumption: the server assigns no session ID\n",
		"  세션 ID 재개: 서버가 세션 ID를 주지 않음\n",
		"  工作階段 ID 恢復：伺服器不指派工作階段 ID\n")
	msgTLSTextSessionID = i18n.Define("tls.text.session-id",
		"  session-ID resumption: %s (%d of %d {attempt|attempts})\n",
		"  세션 ID 재개: %s (%d/%d회 시도 성공)\n",
		"  工作階段 ID 恢復：%s（%d / %d 次嘗試成功）\n")
	msgTLSTextTicketNone = i18n.Define("tls.text.ticket-none",
		"  TLS 1.2 session ticket: not issued\n",
		"  TLS 1.2 세션 티켓: 발급하지 않음\n",
		"  TLS 1.2 工作階段票證：未發出\n")
	msgTLSTextTicket = i18n.Define("tls.text.ticket",
		"  TLS 1.2 session ticket: issued, lifetime hint %s s (0 = unspecified), %d {byte|bytes}\n",
		"  TLS 1.2 세션 티켓: 발급함, 수명 힌트 %s초 (0 = 지정 안 함), %d바이트\n",
		"  TLS 1.2 工作階段票證：已發出，有效期提示 %s 秒（0 = 未指定），%d 位元組\n")
	msgTLSTextTicketResumed = i18n.Define("tls.text.ticket-resumed",
		"    resumed with the ticket: %s\n",
		"    티켓으로 재개: %s\n",
		"    以票證恢復：%s\n")
	msgTLSTextTicketResumeFailed = i18n.Define("tls.text.ticket-resume-failed",
		"    resumed with the ticket: the attempt failed (see the evidence)\n",
		"    티켓으로 재개: 시도가 실패함 (근거 참조)\n",
		"    以票證恢復：嘗試失敗（見證據）\n")
	msgTLSTextRenewed = i18n.Define("tls.text.renewed",
		"    NewSessionTicket in the abbreviated handshake: %s\n",
		"    단축 핸드셰이크의 NewSessionTicket: %s\n",
		"    簡化交握中的 NewSessionTicket：%s\n")
	msgTLSTextRenewedHint = i18n.Define("tls.text.renewed-hint",
		"    renewed ticket: lifetime hint %d s, %d {byte|bytes}\n",
		"    갱신된 티켓: 수명 힌트 %d초, %d바이트\n",
		"    更新後的票證：有效期提示 %d 秒，%d 位元組\n")
	msgTLSTextRenewedResumes = i18n.Define("tls.text.renewed-resumes",
		"    the renewed ticket resumes: %s\n",
		"    갱신된 티켓으로 재개됨: %s\n",
		"    更新後的票證可恢復：%s\n")
	msgTLSTextStored = i18n.Define("tls.text.stored",
		"    ticket saved at %s: resumed %s, renewed %s\n",
		"    %s에 저장한 티켓: 재개 %s, 갱신 %s\n",
		"    於 %s 儲存的票證：恢復 %s，更新 %s\n")
	msgTLSText13 = i18n.Define("tls.text.tls13",
		"  TLS 1.3: %d {ticket|tickets} after a full handshake (lifetime %s s), PSK resumption: %s (%s), %d {ticket|tickets} after it\n",
		"  TLS 1.3: 전체 핸드셰이크 뒤 티켓 %d개 (수명 %s초), PSK 재개: %s (%s), 재개 뒤 티켓 %d개\n",
		"  TLS 1.3：完整交握後 %d 張票證（有效期 %s 秒），PSK 恢復：%s（%s），恢復後 %d 張票證\n")
	msgTLSTextCertificateSkipped = i18n.Define("tls.text.certificate-skipped",
		"  TLS 1.3 hello that also offers a TLS 1.2 ticket: the server SKIPS its Certificate without a PSK, as if resuming the TLS 1.2 session (RFC 8446 §4.4.2 forbids it); clients offering both abort\n",
		"  TLS 1.2 티켓도 제시한 TLS 1.3 hello: 서버가 TLS 1.2 세션을 재개하듯이 PSK 없이 Certificate를 건너뜀 (RFC 8446 §4.4.2 위반); 둘 다 제시한 클라이언트는 핸드셰이크를 중단함\n",
		"  同時提供 TLS 1.2 票證的 TLS 1.3 hello：伺服器在沒有 PSK 的情況下略過 Certificate，如同恢復 TLS 1.2 工作階段（違反 RFC 8446 §4.4.2）；同時提供兩者的用戶端會中止交握\n")
	msgTLSTextStable = i18n.Define("tls.text.stable",
		"  version on resumption: unchanged\n",
		"  재개 시 버전: 그대로\n",
		"  恢復時的版本：不變\n")
	msgTLSTextUnstable = i18n.Define("tls.text.unstable",
		"  version on resumption: CHANGED (a session was resumed at another version than its own)\n",
		"  재개 시 버전: 바뀜 (세션이 원래와 다른 버전으로 재개됨)\n",
		"  恢復時的版本：已改變（工作階段以不同於原本的版本恢復）\n")
	msgTLSTextSCSV = i18n.Define("tls.text.scsv",
		"  TLS_FALLBACK_SCSV (RFC 7507): %s%s\n",
		"  TLS_FALLBACK_SCSV (RFC 7507) 상태: %s%s\n",
		"  TLS_FALLBACK_SCSV（RFC 7507）：%s%s\n")
	msgTLSSCSVEnforced = i18n.Define("tls.scsv.enforced",
		"enforced",
		"적용됨",
		"已強制")
	msgTLSSCSVNotEnforced = i18n.Define("tls.scsv.not-enforced",
		"NOT enforced",
		"적용되지 않음",
		"未強制")
	msgTLSSCSVNotApplicable = i18n.Define("tls.scsv.not-applicable",
		"not applicable (no lower version to fall back to)",
		"해당 없음 (폴백할 더 낮은 버전이 없음)",
		"不適用（沒有可回退的較低版本）")
	msgTLSSCSVUnknown = i18n.Define("tls.scsv.unknown",
		"unknown (not measured, or the checks were inconclusive)",
		"알 수 없음 (측정하지 못했거나 검사 결과가 결정적이지 않음)",
		"未知（未能測量，或檢查結果不明確）")
	msgTLSTextNote = i18n.Define("tls.text.note",
		"  note: %s\n",
		"  참고: %s\n",
		"  備註：%s\n")
	msgTLSTextHandshakes = i18n.Define("tls.text.handshakes",
		"  connections made: %d\n",
		"  연결 수: %d\n",
		"  建立的連線數：%d\n")
	msgTLSTextEvidence = i18n.Define("tls.text.evidence",
		"  evidence (the server's handshake messages per connection; TLS 1.3 ones after the ServerHello decrypted, in braces):\n",
		"  근거 (연결별 서버의 핸드셰이크 메시지; TLS 1.3에서 ServerHello 뒤의 메시지는 복호화하여 중괄호 안에):\n",
		"  證據（每個連線中伺服器的交握訊息；TLS 1.3 中 ServerHello 之後的訊息經解密，列於大括號內）：\n")

	msgTLSServeEvent = i18n.Define("tls.serve.event",
		"%s %s client max %s, version %s, ticket offered %s, resumed %s, tickets issued %d, TLS_FALLBACK_SCSV %s",
		"%s %s 클라이언트 최고 %s, 버전 %s, 티켓 제시 %s, 재개 %s, 발급한 티켓 %d, TLS_FALLBACK_SCSV %s",
		"%s %s 用戶端最高 %s，版本 %s，提供票證 %s，恢復 %s，發出票證 %d，TLS_FALLBACK_SCSV %s")
	msgTLSServeError = i18n.Define("tls.serve.error",
		"handshake failed: %s",
		"핸드셰이크 실패: %s",
		"交握失敗：%s")
	msgTLSServeSessionID = i18n.Define("tls.serve.session-id",
		"session ID offered (a resumption attempt by session ID, which this server does not resume)",
		"세션 ID 제시 (세션 ID로 재개 시도, 이 서버는 세션 ID로 재개하지 않음)",
		"提供工作階段 ID（以工作階段 ID 嘗試恢復，本伺服器不以此恢復）")
	msgTLSServeFallback = i18n.Define("tls.serve.fallback",
		"FALLBACK: %s tried to resume offering up to %s and came back offering at most %s",
		"폴백: %s{이/가} 최고 %s{으로/로} 재개를 시도한 뒤 최고 %s{으로/로} 돌아옴",
		"回退：%s 以最高 %s 嘗試恢復後，改以最高 %s 回來")
)
