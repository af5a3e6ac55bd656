package windows

import (
	"archive/zip"
	"encoding/csv"
	"errors"
	"io"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/affected-dev/affected/internal/extract/extracttest"
	"github.com/affected-dev/affected/internal/i18n"
)

// TestParseSameProduct holds that the names of one product in English,
// Korean and Traditional Chinese give one id.
func TestParseSameProduct(t *testing.T) {
	tests := []struct {
		id     string
		update Update
		names  []string
	}{
		{"windows/10/1511/x64", "", []string{
			"Windows 10 Version 1511 for x64-based Systems",
			"Windows 10 버전 1511(x64 기반 시스템용)",
			"適用於 x64 型系統的 Windows 10 1511 版",
			"適用於 x64 型系統的 Windows 10 版本 1511",
			"[Windows 10 버전 1511(x64 기반 시스템용)] [3]",
		}},
		{"windows/10/1507/x86", "", []string{
			"Windows 10 for 32-bit Systems",
			"Windows 10(32비트 시스템용)",
			"Windows 10(32비트 시스템용)(영문)",
			"適用於 32 位元系統的 Windows 10",
			"用於32 位元系統的 Windows 10",
			"Windows 10 32 位元系統",
		}},
		{"windows/8.1/arm", "", []string{"Windows RT 8.1", "Windows 8.1 RT"}},
		{"windows/8/arm", "", []string{"Windows RT"}},
		{"windows/8/x86", "", []string{"Windows 8 for 32-bit Systems", "Windows 8(32비트 시스템용)", "適用於 32 位元系統的 Windows 8"}},
		{"windows-server/2012r2/x64/core", "", []string{
			"Windows Server 2012 R2 (Server Core installation)",
			"Windows Server 2012 R2(Server Core 설치)",
			"Windows Server 2012 R2 (Server Core 安裝)",
			"Windows Server 2012 R2 (server core installation)",
		}},
		{"windows-server/2012/x64", "", []string{"Windows Server 2012", "Windows Server 2012 (3124901)"}},
		{"windows/7/sp1/x64", UpdateSecurityOnly, []string{
			"Windows 7(x64 기반 시스템용) 서비스 팩 1 보안 전용",
			"適用於 x64 型系統的 Windows 7 Service Pack 1 僅限安全性",
			"Windows 7 for x64-based Systems Service Pack 1 Security Only",
		}},
		{"windows-server/2008r2/sp1/ia64", UpdateMonthlyRollup, []string{
			"Windows Server 2008 R2(Itanium 기반 시스템용) 서비스 팩 1 월별 롤업",
			"適用於 Itanium 型系統的 Windows Server 2008 R2 Service Pack 1 每月彙總套件",
			"Windows Server 2008 R3(Itanium 기반 시스템용) 서비스 팩 1  월별 롤업", // the archive's typo
		}},
		{"windows/vista/sp2/x64", "", []string{"Windows Vista x64 Edition Service Pack 2", "Windows Vista x64 Edition 서비스 팩 2", "適用於 x64 型系統的 Windows Vista Service Pack 2"}},
		{"windows/vista/sp2/x86", "", []string{"Windows Vista Service Pack 2", "Windows Vista 서비스 팩 2", "適用於 Service Pack 2 的 Windows Vista"}},
		{"windows-server/2003/sp2/ia64", "", []string{"Windows Server 2003 SP2(Itanium 기반 시스템용)", "適用於 Itanium 系統的 Windows Server 2003 包含 SP2", "Windows Server 2003 Itanium 系統 (含 SP2)"}},
		{"windows/7/sp1/x86/rdc-8.0", "", []string{"Windows 7(32비트 시스템용) 서비스 팩 1(원격 데스크톱 클라이언트 8.0 설치됨)", "32 位元系統的 Windows 7 Service Pack 1 (已安裝遠端桌面用戶端 8.0)"}},
		{"windows-server/1709/x64/core", "", []string{"Windows Server, version 1709 (Server Core Installation)"}},
		{"windows/10/1607/hololens", "", []string{"Windows 10 Version 1607 for HoloLens"}},
		{"office/2010/sp2/x64", "", []string{"Microsoft Office 2010 서비스 팩 2(64비트 버전)", "Microsoft Office 2010 Service Pack 2 (64 位元版本)", "Microsoft Office 2010 Service Pack 2 (64-bit editions)"}},
		{"skype-for-business/2016/x86", "", []string{"비즈니스용 Skype 2016(32비트 버전)", "商務用 Skype 2016 (32 位元)", "Skype for Business 2016 (32-bit editions)"}},
		{"lync-basic/2013/sp1/x64", "", []string{"Microsoft Lync Basic 2013 서비스 팩 1 (64비트) (비즈니스용 Skype Basic)", "Microsoft Lync 2013 Basic 서비스 팩 1(64비트) (비즈니스용 Skype Basic)", "Microsoft Lync Basic 2013 Service Pack 1 (64 位元) (商務用 Skype 基本版)"}},
		{"exchange-server/2013/cu12", "", []string{"Microsoft Exchange Server 2013 누적 업데이트 12", "Microsoft Exchange Server 2013 累積更新 12", "Microsoft Exchange Server 2013 積存更新 12", "Microsoft Exchange Server 2013 Cumulative Update 12"}},
		{"sharepoint-server/2010/sp2/excel-services", "", []string{"Microsoft SharePoint Server 2010 서비스 팩 2의 Excel Services", "在 Microsoft SharePoint Server 2010 Service Pack 2 上的 Excel Services", "Excel Services on Microsoft SharePoint Server 2010 Service Pack 2"}},
		{"silverlight/5/windows-client", "", []string{"지원되는 모든 Microsoft Windows 클라이언트 릴리스에 설치된 Microsoft Silverlight 5", "安裝在所有受支援 Microsoft Windows 用戶端版本上的 Microsoft Silverlight 5", "Microsoft Silverlight 5 when installed on all supported releases of Microsoft Windows clients"}},
		{"word/2011/mac", "", []string{"Mac용 Microsoft Word 2011", "適用於 Mac 2011 的 Microsoft Word", "Microsoft Word for Mac 2011"}},
		{"excel-viewer", "", []string{"Microsoft Excel Viewer"}},
		{"windows/10/1511/x64/not-home", "", []string{"Windows 10 버전 1511(x64 기반 시스템용) (Home 버전 제외)", "適用於 x64 型系統的 Windows 10 1511 版 (除了家用版之外)"}},
		{"windows/8.1/x64/pro-enterprise", "", []string{"Windows 8.1(x64 기반 시스템용) (Professional 및 Enterprise 버전 전용)", "適用於 x64 型系統的 Windows 8.1 (僅限 Professional 和 Enterprise 版本)"}},
		{"windows/10/1507/mobile", "", []string{"Windows 10 Mobile", "Windows 10 行動裝置版"}},
		{"windows-server/2003/sp2/ia64", "", []string{"Windows Server 2003 SP2(Itanium 기반 시스템용)(3월 19일 제공)", "適用於 Itanium 系統的 Windows Server 2003 SP2 (3 月 19 日提供)"}},
		{"windows-server/2008r2/sp1/x64/core", "", []string{"Windows Server 2008 R2(x64 기반 시스템용) 서비스 팩 1(Server Core 설치) (1)", "適用於 x64 型系統的 Windows Server 2008 R2 Service Pack 1 (Server Core 安裝) (1)"}},
		{"malicious-software-removal-tool", "", []string{"Microsoft 악성 소프트웨어 제거 도구", "Microsoft 惡意軟體移除工具", "Microsoft Malicious Software Removal Tool"}},
		{"security-essentials/prerelease", "", []string{"Microsoft Security Essentials 시험판", "Microsoft Security Essentials 發行前版本"}},
	}
	for _, tt := range tests {
		for _, name := range tt.names {
			p, u, err := Parse(name)
			if err != nil {
				t.Errorf("Parse(%q): %v", name, err)
				continue
			}
			if p.ID() != tt.id || u != tt.update {
				t.Errorf("Parse(%q) = %s %q, want %s %q", name, p.ID(), u, tt.id, tt.update)
			}
		}
	}
}

func TestParseRejects(t *testing.T) {
	for _, name := range []string{
		"",
		"Windows Server 2012 및 Windows Server 2012 R2", // two products: a group heading
		"Server Core 설치 옵션",                            // a heading
		"Internet Explorer에 대한 영향받는 소프트웨어 및 다운로드 링크의 전체 목록은 MS15-079 참조",
		"Windows Server",
		"운영 체제",
	} {
		_, _, err := Parse(name)
		var ne *NameError
		if !errors.As(err, &ne) {
			t.Errorf("Parse(%q) = %v, want a *NameError", name, err)
		}
	}
}

// TestNameRoundTrip holds that every Windows product name of wesng's
// definitions (the English MSRC names) parses, and that the name Name
// writes for it parses back to the same product.
func TestNameRoundTrip(t *testing.T) {
	names := wesngProducts(t)
	windows := regexp.MustCompile(`^Windows (\d|Server|RT|Vista|XP)`)
	// Names of the definitions that are not products: a stray suffix. (The
	// Windows Hardware Lab Kit, "HLK", is a product of its own.)
	unmapped := map[string]bool{"Windows 11 Version 26H1 for x64-based Systems - extra": true}
	n := 0
	for _, name := range names {
		if !windows.MatchString(name) || unmapped[name] || strings.Contains(name, "HLK") {
			continue
		}
		n++
		p, _, err := Parse(name)
		if err != nil {
			t.Errorf("Parse(%q): %v", name, err)
			continue
		}
		q, _, err := Parse(p.Name())
		if err != nil || q != p {
			t.Errorf("Parse(%q) = %s named %q, which parses to %s, %v", name, p.ID(), p.Name(), q.ID(), err)
		}
		for _, l := range []i18n.Lang{i18n.Ko, i18n.ZhTW} {
			local := p.LocalName(l)
			if q, _, err := Parse(local); err != nil || q != p {
				t.Errorf("Parse(%q) = %s named in %s %q, which parses to %s, %v", name, p.ID(), l, local, q.ID(), err)
			}
		}
		if r, err := ParseID(p.ID()); err != nil || r != p {
			t.Errorf("ParseID(%q) = %+v, %v; want %+v", p.ID(), r, err, p)
		}
	}
	if n < 50 {
		t.Errorf("only %d Windows product names in the definitions", n)
	}
}

// wesngProducts returns the distinct AffectedProduct names of the CSV in
// corpus/windows/wesng/definitions.zip.
func wesngProducts(t *testing.T) []string {
	t.Helper()
	zr, err := zip.OpenReader(filepath.Join(extracttest.Corpus(t), "windows", "wesng", "definitions.zip"))
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	seen := map[string]bool{}
	for _, f := range zr.File {
		if !strings.HasPrefix(f.Name, "CVEs_") {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		r := csv.NewReader(rc)
		r.ReuseRecord = true
		col := -1
		for {
			rec, err := r.Read()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatal(err)
			}
			if col < 0 {
				for i, h := range rec {
					if h == "AffectedProduct" {
						col = i
					}
				}
				continue
			}
			seen[strings.TrimSpace(rec[col])] = true
		}
		rc.Close()
	}
	var out []string
	for n := range seen {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

func TestParseID(t *testing.T) {
	for _, p := range []Product{
		{Family: FamilyWindows, Version: "10", Release: "22h2", Arch: ArchARM64},
		{Family: FamilyWindowsServer, Version: "2008r2", SP: 1, Arch: ArchX64, ServerCore: true},
		{Family: FamilyWindows, Version: "7", SP: 1, Arch: ArchX86, Edition: "rdc-8.0"},
		{Family: "office-compatibility-pack", SP: 3, Edition: "wordconv"},
		{Family: "lync-room-system", Edition: "crestron-rl"},
		{Family: "excel-viewer"},
	} {
		got, err := ParseID(p.ID())
		if err != nil || got != p {
			t.Errorf("ParseID(%q) = %+v, %v; want %+v", p.ID(), got, err, p)
		}
	}
	for _, bad := range []string{"", "/10", "windows/10//x64", "windows/10/x64/1511"} {
		if _, err := ParseID(bad); err == nil {
			t.Errorf("ParseID(%q) succeeded", bad)
		}
	}
}

func TestCovers(t *testing.T) {
	id := func(s string) Product {
		p, err := ParseID(s)
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	tests := []struct {
		row, host string
		want      bool
	}{
		{"windows/10/1511/x64", "windows/10/1511/x64", true},
		{"windows/10/1511/x64", "windows/10/1507/x64", false},
		{"windows/10/1511/x64", "windows/10/1511/x86", false},
		{"windows/8.1", "windows/8.1/x64", true}, // no architecture: all
		{"windows/8.1/x64", "windows/8.1/arm", false},
		{"windows-server/2012r2/x64", "windows-server/2012r2/x64/core", false},
		{"windows-server/2012r2/x64/core", "windows-server/2012r2/x64/core", true},
		{"windows-server/2012r2/x64/core", "windows-server/2012r2/x64", false},
		{"windows/7/sp1/x64", "windows/7/x64", false},
		{"windows/7/sp1/x64/rdc-8.0", "windows/7/sp1/x64", false},
		{"windows/7/sp1/x64/rdc-8.0", "windows/7/sp1/x64/rdc-8.0", true},
		{"windows/7/sp1/x64", "windows/7/sp1/x64/rdc-8.0", true},
	}
	for _, tt := range tests {
		if got := id(tt.row).Covers(id(tt.host)); got != tt.want {
			t.Errorf("%s covers %s = %v, want %v", tt.row, tt.host, got, tt.want)
		}
	}
}

func TestParseKB(t *testing.T) {
	for in, want := range map[string]KB{"KB3124266": 3124266, "kb3124266": 3124266, "KB 3124266": 3124266, "3124266": 3124266, " 3002657-v2 ": 3002657, "890830": 890830} {
		got, err := ParseKB(in)
		if err != nil || got != want {
			t.Errorf("ParseKB(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "KB", "MS16-007", "KB31242660000", "12", "0000", "3124266a"} {
		if k, err := ParseKB(bad); err == nil {
			t.Errorf("ParseKB(%q) = %v, want an error", bad, k)
		}
	}
	if got := KB(3124266).String(); got != "KB3124266" {
		t.Errorf("String = %q", got)
	}
	if got := NormalizeKB("3124263"); got != "KB3124263" {
		t.Errorf("NormalizeKB = %q", got)
	}
}

func TestFromBuild(t *testing.T) {
	tests := []struct {
		build  int
		server bool
		want   string
	}{
		{10240, false, "windows/10/1507"},
		{10586, false, "windows/10/1511"},
		{14393, true, "windows-server/2016"},
		{9600, true, "windows-server/2012r2"},
		{7601, false, "windows/7/sp1"},
		{22631, false, "windows/11/23h2"},
	}
	for _, tt := range tests {
		p, ok := FromBuild(tt.build, tt.server)
		if !ok || p.ID() != tt.want {
			t.Errorf("FromBuild(%d, %v) = %s, %v; want %s", tt.build, tt.server, p.ID(), ok, tt.want)
		}
	}
	if _, ok := FromBuild(10586, true); ok {
		t.Error("FromBuild(10586, server) found a product")
	}
	if diff := cmp.Diff([]Arch{ArchX64, ArchX86, ArchIA64}, []Arch{archOf("AMD64"), archOf("X86-based PC"), archOf("Itanium")}); diff != "" {
		t.Errorf("ParseArch (-want +got):\n%s", diff)
	}
}

func archOf(s string) Arch {
	a, _ := ParseArch(s)
	return a
}

// FuzzParse: no panic; a product read is one ParseID reads back.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"Windows 10 버전 1511(x64 기반 시스템용)", "適用於 x64 型系統的 Windows 10 1511 版",
		"Windows Server 2012 R2 (Server Core installation)", "Microsoft Office 2010 서비스 팩 2(64비트 버전)",
		"Windows Server, version 1709 (Server Core Installation)", "適\xff\xfe於 32 位元系統的 Windows 10 1511 版",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		p, _, err := parse(name)
		if err != nil {
			return
		}
		if q, err := ParseID(p.ID()); err != nil || q != p {
			t.Fatalf("Parse(%q) = %+v; ParseID(%q) = %+v, %v", name, p, p.ID(), q, err)
		}
	})
}
