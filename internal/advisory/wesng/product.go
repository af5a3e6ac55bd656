package wesng

import (
	"strings"

	"github.com/affected-dev/affected/internal/lazyre"
)

// windowsOS matches the Windows products of MSRC's names: clients from XP
// to 11 (RT included), servers from 2003 to 2025 and the "Windows Server,
// version N" releases.
var windowsOS = lazyre.New(`^(?:Microsoft )?Windows (?:XP|Vista|7|8|8\.1|RT|10|11|Server)\b`)

// windowsProduct splits a product row into the Windows product and the
// component installed on it ("Internet Explorer 11 on Windows Server 2012
// R2"): ok is false for products that are not Windows.
func windowsProduct(name string) (product, component string, ok bool) {
	if i := strings.LastIndex(name, " on "); i >= 0 {
		if p := strings.TrimSpace(name[i+4:]); windowsOS.MatchString(p) {
			return p, strings.TrimSpace(name[:i]), true
		}
	}
	if windowsOS.MatchString(name) && !strings.Contains(name, " HLK") && !strings.HasPrefix(name, "Windows Terminal") {
		return name, "", true
	}
	return "", "", false
}
