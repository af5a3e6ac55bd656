package windows

import (
	"fmt"
	"strconv"
	"strings"
)

// KB is the number of a Microsoft Knowledge Base article, which names the
// update it describes: KB3124266 is the January 2016 cumulative update for
// Windows 10.
type KB uint32

// ParseKB reads a KB number as documents and inventories write it:
// "KB3124266", "kb3124266", "KB 3124266", "3124266", and the archive's
// re-released packages "3002657-v2" (the article's number; the package
// revision is not kept).
func ParseKB(s string) (KB, error) {
	t := strings.TrimSpace(s)
	if len(t) >= 2 && strings.EqualFold(t[:2], "kb") {
		t = strings.TrimSpace(t[2:])
	}
	if i := strings.IndexByte(t, '-'); i > 0 && len(t) > i+1 && (t[i+1] == 'v' || t[i+1] == 'V') {
		if _, err := strconv.Atoi(t[i+2:]); err == nil {
			t = t[:i]
		}
	}
	if len(t) < 4 || len(t) > 8 || !allDigits(t) {
		return 0, fmt.Errorf("%q is not a KB number", s)
	}
	n, err := strconv.ParseUint(t, 10, 32)
	if err != nil || n == 0 {
		return 0, fmt.Errorf("%q is not a KB number", s)
	}
	return KB(n), nil
}

// String returns the KB as "KB3124266".
func (k KB) String() string { return "KB" + strconv.FormatUint(uint64(k), 10) }

// NormalizeKB returns s as "KB3124266", or "" when s is not a KB number.
func NormalizeKB(s string) string {
	k, err := ParseKB(s)
	if err != nil {
		return ""
	}
	return k.String()
}
