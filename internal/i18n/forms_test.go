package i18n

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParticle(t *testing.T) {
	for _, tc := range []struct{ word, pair, want string }{
		{"Newtonsoft.Json", "을/를", "을"},               // 제이슨
		{"Microsoft.AspNetCore.Mvc.Core", "을/를", "를"}, // 코어
		{"Microsoft.NETCore.App", "을/를", "을"},         // 앱
		{"Microsoft.Data.SqlClient", "이/가", "가"},      // 클라이언트
		{"System.Net.Http", "은/는", "는"},               // 에이치티티피
		{"log4net", "은/는", "은"},                       // 넷
		{"Serilog", "을/를", "를"},                       // 세릴로그
		{"Microsoft.Extensions.Logging", "이/가", "이"},  // 로깅
		{"bad.toml", "이/가", "이"},                      // 톰엘
		{"App.csproj", "을/를", "를"},                    // 제이
		{"SDK", "을/를", "를"},                           // 에스디케이
		{"URL", "이/가", "이"},                           // 유알엘
		{"URL", "으로/로", "로"},                          // ㄹ takes 로
		{".NET", "을/를", "을"},                          // 닷넷
		{"1.1.1", "으로/로", "로"},                        // 일
		{"1.1.0", "으로/로", "으로"},                       // 영
		{"1.1.0", "을/를", "을"},
		{"2.0.2", "을/를", "를"},       // 이
		{"net10.0", "을/를", "을"},     // 영
		{"10", "이/가", "이"},          // 십
		{"20", "으로/로", "으로"},        // 이십
		{"1,000", "은/는", "은"},       // 천
		{"3", "과/와", "과"},           // 삼
		{"9", "과/와", "와"},           // 구
		{"KB3109853", "으로/로", "으로"}, // 삼
		{"권고", "을/를", "를"},          // no final consonant
		{"파일", "으로/로", "로"},         // ㄹ
		{"프로젝트 경로", "이/가", "가"},
		{"설정", "은/는", "은"},
		{`"foo.json"`, "을/를", "을"}, // quotes skipped: 제이슨
		{"(Server Core)", "와/과", "와"},
		{"…", "을/를", "를"}, // nothing to read: the form after a vowel
		{"x", "foo", "foo"},
	} {
		if got := Particle(tc.word, tc.pair); got != tc.want {
			t.Errorf("Particle(%q, %q) = %q, want %q", tc.word, tc.pair, got, tc.want)
		}
	}
}

var (
	testPlural = Define("i18n.test-plural",
		"%d {finding|findings} in %d of %d {project|projects}; %d {error|errors}",
		"프로젝트 %[3]d개 중 %[2]d개에서 발견 %[1]d건; 오류 %[4]d건",
		"在 %[3]d 個專案中的 %[2]d 個發現 %[1]d 項結果；%[4]d 個錯誤")
	testParticles = Define("i18n.test-particles",
		"change %s to %s in %s",
		"%[3]s에서 %[1]s{을/를} %[2]s{으로/로} 바꾸세요; %[3]s{이/가} 바뀜",
		"在 %[3]s 將 %[1]s 改為 %[2]s")
)

func TestChoices(t *testing.T) {
	got := []string{
		testPlural.Sprintf(En, 1, 1, 1, 0),
		testPlural.Plain(En, 2, 1, 3, 1),
		testPlural.Sprintf(En, uint64(1001), 2, 2000, int64(-1)),
		testPlural.Plain(Ko, 2, 1, 3, 1),
		testParticles.Plain(Ko, "Newtonsoft.Json", "13.0.1", "a.csproj"),
		testParticles.Sprintf(Ko, "Microsoft.AspNetCore.Mvc.Core", "1.1.0", "packages.config"),
		testParticles.Plain(En, "Newtonsoft.Json", "13.0.1", "a.csproj"),
	}
	want := []string{
		"1 finding in 1 of 1 project; 0 errors",
		"2 findings in 1 of 3 projects; 1 error",
		"1,001 findings in 2 of 2,000 projects; -1 error",
		"프로젝트 3개 중 1개에서 발견 2건; 오류 1건",
		"a.csproj에서 Newtonsoft.Json을 13.0.1로 바꾸세요; a.csproj가 바뀜",
		"packages.config에서 Microsoft.AspNetCore.Mvc.Core를 1.1.0으로 바꾸세요; packages.config가 바뀜",
		"change Newtonsoft.Json to 13.0.1 in a.csproj",
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("(-want +got)\n%s", d)
	}
}

func TestChoiceProblems(t *testing.T) {
	m := &Message{ID: "x", text: [numLangs]string{"{file|files} of %s", "파일 {을/를} %s", "%s"}}
	want := []string{
		"en: plural choice {file|files} does not follow a %d verb",
		"ko: particle {을/를} does not directly follow a verb (write the particle itself)",
	}
	if d := cmp.Diff(want, m.Problems()); d != "" {
		t.Errorf("(-want +got)\n%s", d)
	}
}
