package tlsprobe

import (
	"encoding/json"
	"testing"
)

// TestVersionText: every version name MarshalText writes reads back, so
// that a result of `affected tls --format json` decodes into a Result
// (the server stores uploaded results); anything else is refused.
func TestVersionText(t *testing.T) {
	for _, v := range []Version{0x0300, 0x0301, 0x0302, 0x0303, 0x0304, 0x7f1c} {
		data, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		var back Version
		if err := json.Unmarshal(data, &back); err != nil || back != v {
			t.Errorf("%s: read back %v, %v", data, back, err)
		}
	}
	for _, bad := range []string{`"TLS 9"`, `"0x12"`, `"0xzzzz"`, `""`} {
		var v Version
		if err := json.Unmarshal([]byte(bad), &v); err == nil {
			t.Errorf("%s read as %v", bad, v)
		}
	}
}
